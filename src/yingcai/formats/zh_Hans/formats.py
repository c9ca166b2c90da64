"""Chinese formats: Django's own, with months and days unpadded alike (9月5日, not 09月5日)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

DATE_FORMAT = "Y年n月j日"  # 2026年12月9日
TIME_FORMAT = "H:i"  # 09:30
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月9日 09:30
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年12月
MONTH_DAY_FORMAT = "n月j日"  # 12月9日
SHORT_DATE_FORMAT = "Y年n月j日"
SHORT_DATETIME_FORMAT = "Y年n月j日 H:i"
