"""Attending the conference: the agenda, registrations, seats and waiting lists, tickets and
check-in.

- A `Session` is a line of the agenda: the opening ceremony, a forum, the contest final, a
  roadshow, docking, a job-fair hall, livestream recruiting (直播带岗, with the jobs it
  presents). It is held at a venue, may be followed online (a stream) and attended on site
  (up to `capacity` seats).
- A `Registration` is one person's registration to the conference (one per mobile number and
  one per e-mail address, database constraints), without an account or linked to one.
- An `Attendance` is that person in one session, online or on site; on site it is confirmed
  (a seat, counted in `Session.taken`, which a check constraint keeps within the capacity) or
  waiting for one. A confirmed on-site attendance carries the ticket: its secret, signed into
  the QR code (`attendance.tickets`).
- A `CheckIn` admits a ticket once (one-to-one): the first scan to reach the server wins.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.conference.models import Conference, Venue
from yingcai.guests.models import Guest
from yingcai.jobs.models import Job
from yingcai.privacy.models import LegalDocument


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Session(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("opening ceremony")
        FORUM = "forum", _("forum")
        CONTEST = "contest", _("contest")
        ROADSHOW = "roadshow", _("roadshow")
        DOCKING = "docking", _("docking negotiations")
        JOB_FAIR = "job_fair", _("job fair")
        LIVESTREAM = "livestream", _("livestream recruiting")
        OTHER = "other", pgettext_lazy("kind of session", "other")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="sessions"
    )
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="sessions"
    )
    kind = models.CharField(
        pgettext_lazy("of a thing", "kind"), max_length=12, choices=Kind.choices
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    # On-site seats; empty: no limit (a hall people walk through).
    capacity = models.PositiveIntegerField(_("seats on site"), null=True, blank=True)
    # Confirmed on-site attendances. Changed only by the attendance services, inside their
    # transaction; the check constraint below is the database's own guarantee that a session
    # is never over capacity, whatever path writes.
    taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    onsite = models.BooleanField(_("attended on site"), default=True)
    online = models.BooleanField(_("followed online"), default=False)
    stream_url = models.URLField(_("stream address"), blank=True, max_length=500)
    # The page of the contest final, a roadshow's programme, a docking session …
    link_url = models.URLField(_("more about it"), blank=True, max_length=500)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when it starts.")
    )
    is_published = models.BooleanField(_("published"), default=True)
    speakers = models.ManyToManyField(
        Guest, verbose_name=_("speakers"), blank=True, related_name="speaking_at"
    )
    jobs = models.ManyToManyField(
        Job, verbose_name=_("jobs presented"), blank=True, related_name="livestreams"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = pgettext_lazy("agenda", "session")
        verbose_name_plural = pgettext_lazy("agenda", "sessions")
        ordering = ["starts_at", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(taken__lte=F("capacity")),
                name="attendance_session_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=F("starts_at")), name="attendance_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(onsite=True) | Q(online=True), name="attendance_session_some_way"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse  # noqa: PLC0415  (models are loaded before URLconfs)

        return reverse("attendance:session", args=[self.pk])

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at


class Registration(models.Model):
    class Kind(models.TextChoices):
        TALENT = "talent", _("talent")
        EMPLOYER = "employer", _("employer")
        INVESTOR = "investor", _("investor")
        MEDIA = "media", _("media")
        OTHER = "other", pgettext_lazy("kind of participant", "other")

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(pgettext_lazy("of a person", "name"), max_length=100)
    # E.164 (accounts.phone.normalise_mobile); empty when the person registered by e-mail.
    mobile = models.CharField(_("mobile number"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    kind = models.CharField(
        pgettext_lazy("kind of participant", "I am"), max_length=10, choices=Kind.choices
    )
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    # The secret of the person's own pages (tickets, agenda, iCalendar feed) without an
    # account: in the confirmation mail and message.
    key = models.CharField(max_length=40, unique=True, default=new_key, editable=False)
    # The privacy statement the person agreed to when registering (PIPL: recorded consent),
    # at `created_at`.
    privacy_statement = models.ForeignKey(
        LegalDocument,
        verbose_name=_("privacy statement accepted"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The confirmation is still to be sent: the registration is its own outbox, swept by a
    # task after the commit (services.confirmations). Rows written without it (the demo's
    # bulk load) owe nothing.
    confirmation_due = models.BooleanField(default=False, db_default=False, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["id"],
                condition=Q(confirmation_due=True),
                name="attendance_confirmation_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "mobile"],
                condition=~Q(mobile=""),
                name="attendance_one_registration_per_mobile",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "conference",
                condition=~Q(email=""),
                name="attendance_one_registration_per_email",
            ),
            models.CheckConstraint(
                condition=~Q(mobile="") | ~Q(email=""), name="attendance_registration_reachable"
            ),
        ]

    def __str__(self):
        return self.name


class Attendance(models.Model):
    class Mode(models.TextChoices):
        ONLINE = "online", pgettext_lazy("mode of attendance", "online")
        ONSITE = "onsite", pgettext_lazy("mode of attendance", "on site")

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    session = models.ForeignKey(
        Session,
        verbose_name=pgettext_lazy("agenda", "session"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    mode = models.CharField(_("attends"), max_length=10, choices=Mode.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    # When the seat was given (at once, or later from the waiting list); never changed after.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The ticket's secret (a confirmed on-site attendance has one); signed into its QR code.
    ticket = models.CharField(max_length=32, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "session"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(mode="onsite") | Q(status__in=["confirmed", "cancelled"]),
                name="attendance_online_never_waits",
            ),
        ]
        indexes = [
            models.Index(fields=["session", "status", "created_at"], name="attendance_queue"),
        ]

    def __str__(self):
        return f"{self.registration} · {self.session}"


def live_attendances() -> models.Prefetch:
    """A registration's attendances but the cancelled ones, with their sessions, in the
    agenda's order (`prefetch_related`: the person's panel, the confirmations)."""
    return models.Prefetch(
        "attendances",
        queryset=Attendance.objects.exclude(status=Attendance.Status.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at", "pk"),
    )


class Gate(models.Model):
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="gates"
    )
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=60)

    class Meta:
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["venue", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="attendance_gate_name_once")
        ]

    def __str__(self):
        return self.name


class CheckIn(models.Model):
    """A ticket admitted. One per attendance: the first scan to reach the server wins, a later
    one is answered with this row (when and at which gate)."""

    attendance = models.OneToOneField(
        Attendance,
        verbose_name=_("attendance"),
        on_delete=models.CASCADE,
        related_name="check_in",
    )
    gate = models.ForeignKey(
        Gate, verbose_name=_("gate"), on_delete=models.PROTECT, related_name="check_ins"
    )
    # When the phone scanned it (perhaps offline) and when the server received it.
    scanned_at = models.DateTimeField(_("scanned"))
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scanned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The page's id of the scan: a scan sent twice (a retry after a lost answer) is one.
    scan_id = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-received_at", "-pk"]

    def __str__(self):
        return str(self.attendance)
