"""The text and the order of a search of projects or demands (GET parameters).

The filters are django-filter's (`filters.py`); this form holds what a FilterSet does not: the
words, searched with the job fair's machinery (`yingcai.search`), and the order. A bad value
never fails the page: it is left out of `valid_data` and its error shown.
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
RELEVANCE, NEWEST = "relevance", "newest"
SORTS = [("", _("best match")), (NEWEST, _("newest"))]


class QuickSelect(forms.Select):
    """A <select> written out in Python, as the job search's (`jobs.forms_search`, which this
    app may not import): Django's template per option was most of a search page's time with
    the 45 districts, the discipline fields and the industries."""

    def render(self, name, value, attrs=None, renderer=None):
        value = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(str(v))}"{" selected" if str(v) == value else ""}>'
            f"{escape(str(label))}</option>"
            for v, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        # Every value and label is escaped above; flatatt escapes the attributes.
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')  # noqa: S308


class TextSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS, widget=QuickSelect)

    @property
    def valid_data(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
