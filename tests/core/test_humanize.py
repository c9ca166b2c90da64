from django.utils import translation

from yingcai.core import humanize


def test_sums_of_investment_read_in_yi_and_ranges_in_each_language():
    with translation.override("zh-hans"):
        assert humanize.amount(300_000_000) == "3亿"
        assert humanize.amount(20_000_000) == "2000万"
        assert humanize.amount_range(5_000_000, 20_000_000, "CNY") == "500万–2000万 CNY"
    with translation.override("en"):
        assert humanize.amount_range(5_000_000, 20_000_000, "CNY") == "5,000,000–20,000,000 CNY"
        assert humanize.amount_range(5_000_000, None, "CNY") == "from 5,000,000 CNY"
        assert humanize.amount_range(None, None, "CNY") == ""
