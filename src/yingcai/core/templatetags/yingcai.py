from django import template
from django.utils import timezone

from yingcai.core import humanize, rules
from yingcai.core.audit import label
from yingcai.core.text import render_markdown

register = template.Library()


@register.filter
def audit_label(entry):
    """An audit entry (or a bare action code) in the reader's words, never the code."""
    if isinstance(entry, str):
        return label(entry)
    return label(entry.action, entry.data)


@register.filter
def salary(obj):
    """`{{ job|salary }}` or `{{ profile.expected_salary|salary }}`: the one salary format."""
    if obj is None or isinstance(obj, int):
        return humanize.monthly(obj)
    return humanize.salary(obj.salary_min, obj.salary_max)


@register.filter
def list_join(items):
    """`{{ fields|list_join }}`: 、 between items in Chinese, ", " in English."""
    return humanize.join_list(items)


@register.simple_tag
def list_separator():
    """`{% list_separator %}` between items a template lays out itself (links)."""
    return humanize.separator()


@register.simple_tag
def full_stop():
    """`{% full_stop %}` after text a template puts together: 。 in Chinese, . in English."""
    return humanize.full_stop()


@register.filter
def markdown(value):
    return render_markdown(value)


@register.simple_tag(takes_context=True)
def can(context, perm, obj=None):
    """`{% can "app.perm" obj as allowed %}`: ask the rules from a template."""
    return rules.can(context["request"].user, perm, obj)


@register.filter
def timeuntil_days(value) -> int:
    """Whole days from now until a moment (0 once it has passed)."""
    seconds = (value - timezone.now()).total_seconds()
    return max(0, int(seconds // 86400))
