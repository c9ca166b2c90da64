"""The filters of a round's posts (django-filter): a bad value drops its own filter, never the
page."""

import django_filters
from django.utils.translation import gettext_lazy as _

from yingcai.core.choices import Degree
from yingcai.organisations.models import Organisation


class PostFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(
        field_name="institution__level",
        label=_("Level"),
        choices=Organisation.Level.choices,
        empty_label=_("all levels"),
    )
    institution = django_filters.ChoiceFilter(
        label=_("Institution"), empty_label=_("all institutions")
    )
    field = django_filters.ChoiceFilter(
        field_name="fields", label=_("Discipline field"), empty_label=_("all fields")
    )
    degree = django_filters.ChoiceFilter(
        label=_("Your degree"),
        choices=Degree.choices,
        empty_label=_("any"),
        help_text=_("Posts whose minimum degree you hold."),
        method="held",
    )

    def __init__(self, data, posts, *, institutions, fields):
        """The round's institutions and the discipline fields, read once by the view."""
        super().__init__(data, posts)
        self.filters["institution"].extra["choices"] = [(org.pk, org.name) for org in institutions]
        self.filters["field"].extra["choices"] = [(field.pk, field.name) for field in fields]

    def held(self, posts, name, degree):
        """Posts whose minimum degree `degree` reaches ("Your degree")."""
        rank = Degree.rank(degree)
        return posts.filter(degree_min__in=[d for d in Degree.values if Degree.rank(d) <= rank])
