"""The text and the order of a search of projects or demands (GET parameters).

The filters are django-filter's (`filters.py`); this form holds what a FilterSet does not: the
words, searched with the job fair's machinery (`yingcai.search`), and the order. A bad value
never fails the page: it is left out of `valid_data` and its error shown.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
RELEVANCE, NEWEST = "relevance", "newest"
SORTS = [("", _("best match")), (NEWEST, _("newest"))]


class TextSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    @property
    def valid_data(self) -> dict:
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
