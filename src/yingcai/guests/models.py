"""VIP guests (重要嘉宾) and the honours registry.

A `Guest` is a person the protocol staff invite: their public title, their category, how
they answer (online, on site, or not), and what the protocol staff arrange (itinerary, hotel,
pick-up, liaison, seat in the main venue). Their personal data is for the protocol staff
only; the public guest list shows a guest only with their consent, and then only their name
and public title.

An `Honour` is a line of the registries of the Chongqing Outstanding Talents Award and the
Chongqing Talents Program: a person, a year, a category; linked to a talent profile when the
person has one; public only with their consent; invited to the conference as a group.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.conference.models import Conference
from yingcai.talents.models import TalentProfile


class Language(models.TextChoices):
    ZH = "zh-hans", "简体中文"
    EN = "en", "English"


class Honour(models.Model):
    class Kind(models.TextChoices):
        AWARD = "award", _("Chongqing Outstanding Talents Award")
        PROGRAM = "program", _("Chongqing Talents Program")

    kind = models.CharField(_("honour"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(pgettext_lazy("calendar", "year"))
    # e.g. 优秀科学家, 创新领军人才; bilingual (translation.py).
    category = models.CharField(pgettext_lazy("of an honour", "category"), max_length=100)
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    talent = models.ForeignKey(
        TalentProfile,
        verbose_name=_("talent profile"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="honours",
    )
    # Shown on the public registry only with the person's consent, recorded with its moment.
    public_consent_at = models.DateTimeField(
        _("consented to be listed publicly"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        ordering = ["kind", "-year", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2100), name="guests_honour_year"
            ),
        ]
        indexes = [models.Index(fields=["kind", "year"], name="guests_honour_kind_year")]

    def __str__(self):
        return f"{self.name} ({self.year})"


class Guest(models.Model):
    class Category(models.TextChoices):
        ACADEMICIAN = "academician", _("academician")
        NOBEL = "nobel", _("Nobel laureate")
        PRESIDENT = "president", _("university president")
        ENTREPRENEUR = "entrepreneur", _("entrepreneur")
        AWARD_WINNER = "award", _("award winner")
        TALENTS_PROGRAM = "program", _("Talents Program selectee")
        OTHER = "other", pgettext_lazy("category", "other")

    class Status(models.TextChoices):
        INVITED = "invited", _("invited")
        ONLINE = "online", _("attends online")
        ONSITE = "onsite", _("attends on site")
        DECLINED = "declined", _("declined")

    class Arrival(models.TextChoices):
        FLIGHT = "flight", _("flight")
        TRAIN = "train", _("train")
        CAR = "car", _("car")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100)
    # The title shown on the public list and the badge, e.g. "中国科学院院士、重庆大学校长".
    public_title = models.CharField(_("public title"), max_length=200, blank=True)
    category = models.CharField(
        pgettext_lazy("of a guest", "category"), max_length=15, choices=Category.choices
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=Language.choices, default=Language.ZH
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guest_records",
    )
    honour = models.OneToOneField(
        Honour,
        verbose_name=_("honour"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="guest",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    # The personal RSVP link's secret is kept only as its SHA-256: the link is in the
    # invitation mail; a new invitation replaces it.
    rsvp_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The first "yes" (online or on site), kept if the answer changes later: the figure
    # guests_confirmed counts from it, so `yingcai stats --at` is history.
    first_confirmed_at = models.DateTimeField(_("first confirmed"), null=True, blank=True)
    # Consent to appear on the public guest list (name and public title only).
    public_consent_at = models.DateTimeField(
        _("consented to be listed publicly"), null=True, blank=True
    )
    # Itinerary, needs and arrangements.
    arrival = models.CharField(_("arrival by"), max_length=10, choices=Arrival.choices, blank=True)
    arrival_number = models.CharField(_("flight or train number"), max_length=20, blank=True)
    arrival_at = models.DateTimeField(_("arrival time"), null=True, blank=True)
    departure_at = models.DateTimeField(_("departure time"), null=True, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    pickup = models.BooleanField(_("pick-up arranged"), default=False)
    liaison_name = models.CharField(_("liaison person"), max_length=100, blank=True)
    liaison_phone = models.CharField(_("liaison's telephone"), max_length=32, blank=True)
    dietary = models.CharField(_("dietary needs"), max_length=200, blank=True)
    needs = models.TextField(_("other needs"), blank=True, max_length=2000)
    seat = models.CharField(_("seat in the main venue"), max_length=20, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["conference", "category", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "seat"], condition=~Q(seat=""), name="guests_seat_once"
            ),
            models.UniqueConstraint(
                fields=["conference", "email"], condition=~Q(email=""), name="guests_email_once"
            ),
        ]
        indexes = [models.Index(fields=["conference", "status"], name="guests_guest_status")]

    def __str__(self):
        return self.name

    @property
    def confirmed(self) -> bool:
        return self.status in (self.Status.ONLINE, self.Status.ONSITE)
