"""How a project's sums read: the site's amounts (core.humanize), with 亿 for the sums of
investment rounds in Chinese (3亿, not 30000万)."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from yingcai.core import humanize

register = template.Library()


def _amount(value: int) -> str:
    if (get_language() or "").lower().startswith("zh") and value >= 10**8:
        return f"{(Decimal(value) / 10**8).quantize(Decimal('0.01')).normalize():f}亿"
    return humanize.amount(value)


@register.filter
def investment(project) -> str:
    """`{{ project|investment }}`: "500万–2000万 人民币（CNY）", "5,000,000–20,000,000 US
    dollars (USD)"; one end alone when only one is given."""
    ends = [_amount(v) for v in (project.amount_min, project.amount_max) if v is not None]
    if not ends:
        return ""
    return f"{'–'.join(ends)} {project.get_currency_display()}"
