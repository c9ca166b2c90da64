"""English formats: day month year and a 24-hour clock, as the conference's English pages
and international visitors read them (9 December 2026, 09:30), instead of Django's US default
("Dec. 9, 2026, 9:30 a.m.")."""

from django.conf.locale.en.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 9 December 2026
TIME_FORMAT = "H:i"  # 09:30
DATETIME_FORMAT = "j F Y, H:i"  # 9 December 2026, 09:30
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 9 December
SHORT_DATE_FORMAT = "j M Y"  # 9 Dec 2026
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 9 Dec 2026, 09:30
FIRST_DAY_OF_WEEK = 1  # Monday
