from django import template

from yingcai import permissions
from yingcai.core.text import render_markdown

register = template.Library()


@register.filter
def markdown(value):
    return render_markdown(value)


@register.simple_tag(takes_context=True)
def can(context, perm, obj=None):
    """`{% can "app.perm" obj as allowed %}`: ask the permission module from a template."""
    return permissions.can(context["request"].user, perm, obj)


@register.filter
def timeuntil_days(value) -> int:
    """Whole days from now until a moment (0 once it has passed)."""
    from django.utils import timezone

    seconds = (value - timezone.now()).total_seconds()
    return max(0, int(seconds // 86400))
