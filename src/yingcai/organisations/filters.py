"""The directory's filters (django-filter), for the page and the API: on the page a bad value
drops its own filter, never the page; the API answers it 422."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingcai.core.models import District

from .models import Organisation


class DirectoryFilter(django_filters.FilterSet):
    # As long as the API's text parameters (the API uses this filter too).
    q = django_filters.CharFilter(label=_("Search"), max_length=200, method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District or county"),
        queryset=District.objects.all(),
        empty_label=_("All districts and counties"),
        to_field_name="slug",
    )

    def search(self, organisations, name, value):
        return organisations.filter(Q(name_zh_hans__icontains=value) | Q(name_en__icontains=value))
