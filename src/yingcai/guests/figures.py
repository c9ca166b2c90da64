"""The guests' figure: important guests who confirmed they will attend; and the breakdown the
guests own (their category).

- `guests_confirmed`: the seed's "the number of important guests confirmed to attend the
  conference has exceeded one hundred" are the guests whose answer is online or on site,
  from their first "yes" (`Guest.first_confirmed_at`, kept when the answer changes later).

The compromise, as the registry documents: a guest's present answer is read. A guest who
confirmed and declined later leaves the figure at every moment, also before they declined;
one who changes from on site to online stays counted (once) and moves bucket in the `mode`
breakdown.

Breakdowns: the guest's category (academician, Nobel laureate …), the mode (online or on
site, the attendance's buckets) and the day of the first confirmation.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.registry.figures import Dimension, Figure, dimension, register, register_dimension

from .models import Guest


def _modes():
    # The attendance's modes (its figures declare the same dimension; whoever is first
    # registers it): a guest's answer online or on site is the same bucket.
    return {
        "online": str(pgettext_lazy("mode of attendance", "online")),
        "onsite": str(pgettext_lazy("mode of attendance", "on site")),
        "both": str(_("online and on site")),
    }


MODE = Dimension("mode", pgettext_lazy("breakdown", "online or on site"), _modes)
try:
    dimension(MODE.key)
except KeyError:
    register_dimension(MODE)
register_dimension(
    Dimension(
        "category",
        pgettext_lazy("breakdown", "category of guest"),
        lambda: {value: str(label) for value, label in Guest.Category.choices},
    )
)


def _confirmed():
    return Guest.objects.filter(
        status__in=(Guest.Status.ONLINE, Guest.Status.ONSITE), first_confirmed_at__isnull=False
    )


register(
    Figure(
        key="guests_confirmed",
        label=_("important guests confirmed"),
        unit=_("guests"),
        rows=_confirmed,
        since="first_confirmed_at",
        # The guests' statuses online/onsite are the attendance's modes (its `mode` dimension).
        breakdowns={"day": "first_confirmed_at", "category": "category", "mode": "status"},
        help=_("Invited guests who answered that they attend, online or on site."),
        order=92,
    )
)
