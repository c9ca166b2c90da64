"""How amounts and lists read in each language: one place, so every page, mail and export
says a salary and a list alike (8千–1.2万/月 · CNY 8,000–12,000 / month; 渝北区、江北区 ·
Yubei, Jiangbei)."""

from decimal import Decimal

from django.utils.translation import get_language, gettext


def _chinese() -> bool:
    return (get_language() or "").lower().startswith("zh")


def _chinese_amount(amount: int) -> str:
    """8000 → 8千, 12000 → 1.2万, 500 → 500: the way Chinese job sites write pay; 3亿, not
    30000万, for the sums of investment rounds."""
    if amount >= 10**8:
        value = (Decimal(amount) / 10**8).quantize(Decimal("0.01"))
        return f"{value.normalize():f}亿"
    for unit, name in ((10000, "万"), (1000, "千")):
        if amount >= unit:
            value = (Decimal(amount) / unit).quantize(Decimal("0.1"))
            return f"{value.normalize():f}{name}"
    return str(amount)


def amount(value: int) -> str:
    return _chinese_amount(value) if _chinese() else f"{value:,}"


def amount_range(low: int | None, high: int | None, currency: str) -> str:
    """An amount range (an investment sought, a ticket size) in the reader's words, the
    currency as given (its code or its name); "" when it has no end."""
    if low is None and high is None:
        return ""
    values = {
        "low": amount(low) if low is not None else "",
        "high": amount(high) if high is not None else "",
        "currency": currency,
    }
    if low is not None and high is not None:
        if low == high:
            return gettext("%(low)s %(currency)s") % values
        return gettext("%(low)s–%(high)s %(currency)s") % values
    if low is not None:
        return gettext("from %(low)s %(currency)s") % values
    return gettext("up to %(high)s %(currency)s") % values


def salary(low: int | None, high: int | None) -> str:
    """A monthly salary range in the reader's language; "negotiable" when none is given."""
    if low is not None and low == high:
        return monthly(low)
    if low is not None and high is not None:
        return gettext("CNY %(low)s–%(high)s / month") % {"low": amount(low), "high": amount(high)}
    if low is not None:
        return gettext("from CNY %(low)s / month") % {"low": amount(low)}
    if high is not None:
        return gettext("up to CNY %(high)s / month") % {"high": amount(high)}
    return gettext("negotiable")


def monthly(value: int | None) -> str:
    """One monthly amount (an expected salary)."""
    if value is None:
        return "—"
    return gettext("CNY %(amount)s / month") % {"amount": amount(value)}


def separator() -> str:
    """What stands between the items of a list: 、 in Chinese, ", " in English."""
    return "、" if _chinese() else ", "


def full_stop() -> str:
    return "。" if _chinese() else "."


def join_list(items) -> str:
    """Items as a list in the reader's language: 、 between Chinese items, ", " in English."""
    return separator().join(str(item) for item in items)
