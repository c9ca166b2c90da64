"""How a project's sums read: the site's amounts (core.humanize)."""

from django import template

from yingcai.core import humanize

register = template.Library()


@register.filter
def investment(project) -> str:
    """`{{ project|investment }}`: "500万–2000万 人民币（CNY）", "5,000,000–20,000,000 US
    dollars (USD)"; one end alone when only one is given."""
    ends = [humanize.amount(v) for v in (project.amount_min, project.amount_max) if v is not None]
    if not ends:
        return ""
    return f"{'–'.join(ends)} {project.get_currency_display()}"
