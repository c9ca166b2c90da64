from django import template

from yingcai.core.registry import figures as registry

register = template.Library()


@register.filter
def figure_label(key):
    """A figure's key (`jobs.published`) as its label in the reader's language."""
    figure = registry.get(key)
    return figure.label if figure is not None else key
