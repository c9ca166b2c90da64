"""The roadshow programme: sessions, the pitches in them, and interest marked on the spot."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.calls.models import Call, Entry
from yingcai.docking.models import Interest
from yingcai.organisations.models import Organisation


class RoadshowSession(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="roadshow_sessions")
    title = models.CharField(_("title"), max_length=160)
    starts_at = models.DateTimeField(_("starts"))
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    # A video room for the overseas teams' pitches and the online audience.
    online_url = models.URLField(_("online room"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("roadshow session")
        verbose_name_plural = _("roadshow sessions")
        ordering = ["starts_at", "position", "pk"]

    def __str__(self):
        return self.title


class Pitch(models.Model):
    """A selected entry's slot in a session: a pitch (e.g. 7 minutes) then questions (5)."""

    session = models.ForeignKey(RoadshowSession, on_delete=models.CASCADE, related_name="pitches")
    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="pitch")
    order = models.PositiveSmallIntegerField(pgettext_lazy("sequence", "order"))
    starts_at = models.DateTimeField(_("starts"))
    pitch_minutes = models.PositiveSmallIntegerField(_("pitch (minutes)"), default=7)
    questions_minutes = models.PositiveSmallIntegerField(_("questions (minutes)"), default=5)
    online = models.BooleanField(_("online"), default=False)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        ordering = ["session", "order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "order"], name="roadshow_pitch_order_once"),
            models.CheckConstraint(
                condition=Q(pitch_minutes__gte=1) & Q(pitch_minutes__lte=60),
                name="roadshow_pitch_minutes",
            ),
            models.CheckConstraint(
                condition=Q(questions_minutes__lte=60), name="roadshow_questions_minutes"
            ),
        ]

    def __str__(self):
        return f"{self.session}: {self.entry}"


class SpotInterest(models.Model):
    """Interest an organisation in the audience marked during a pitch; the docking interest it
    created or joined is kept beside it."""

    pitch = models.ForeignKey(Pitch, on_delete=models.CASCADE, related_name="spot_interests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    interest = models.ForeignKey(Interest, on_delete=models.SET_NULL, null=True, related_name="+")
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("interest marked at the roadshow")
        verbose_name_plural = _("interest marked at the roadshow")
        constraints = [
            models.UniqueConstraint(
                fields=["pitch", "organisation"], name="roadshow_spot_interest_once"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.pitch}"
