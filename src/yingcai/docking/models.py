"""Docking negotiations (对接洽谈): interest, sessions of 1:1 meetings, and their outcomes.

A project and an organisation express interest in each other; mutual interest unlocks the
contacts and meeting requests. Organisers run docking sessions of slots and tables; the
engine (`yingcai.matching.schedule`) places the accepted requests. After a meeting either
side records an outcome (落地) and organisers confirm signed agreements.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation
from yingcai.projects.models import Currency, Demand, Project


def _secret():
    return secrets.token_urlsafe(24)


class Interest(models.Model):
    """Interest between a project and an organisation, expressed by one side.

    One per project and organisation: a second expression of interest answers the first.
    Accepted means mutual: the contacts show and either side may ask for a meeting.
    """

    class Side(models.TextChoices):
        PROJECT = "project", pgettext_lazy("side of a docking", "project")
        ORGANISATION = "organisation", pgettext_lazy("side of a docking", "organisation")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting an answer")
        ACCEPTED = "accepted", pgettext_lazy("interest", "mutual")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("interest", "withdrawn")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    demand = models.ForeignKey(
        Demand,
        verbose_name=_("about the demand"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interests",
    )
    initiated_by = models.CharField(_("from"), max_length=12, choices=Side.choices)
    message = models.TextField(_("message"), max_length=1000)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="docking_interests_sent",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reply = models.TextField(_("reply"), max_length=1000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="docking_interests_answered",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="docking_interest_once"
            )
        ]

    def __str__(self):
        return f"{self.project} ⇄ {self.organisation}"

    @property
    def is_mutual(self) -> bool:
        return self.status == self.Status.ACCEPTED


class Session(models.Model):
    """A docking session: a day of 1:1 meetings in slots at tables, scheduled by the engine."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", pgettext_lazy("docking session", "taking requests")
        SCHEDULED = "scheduled", pgettext_lazy("docking session", "scheduled, not published")
        PUBLISHED = "published", pgettext_lazy("docking session", "published")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("first slot starts"))
    slot_minutes = models.PositiveSmallIntegerField(_("slot length (minutes)"), default=20)
    break_minutes = models.PositiveSmallIntegerField(_("break between slots (minutes)"), default=5)
    slot_count = models.PositiveSmallIntegerField(_("number of slots"), default=12)
    requests_open_at = models.DateTimeField(_("requests from"))
    requests_close_at = models.DateTimeField(_("requests until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # What the engine reported at the last scheduling: kept so the organiser sees it again.
    weight = models.FloatField(_("weight placed"), null=True, blank=True, editable=False)
    upper_bound = models.FloatField(_("proven upper bound"), null=True, blank=True, editable=False)
    report = models.JSONField(_("scheduling report"), default=dict, blank=True, editable=False)
    scheduled_at = models.DateTimeField(_("scheduled"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("docking session")
        verbose_name_plural = _("docking sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(requests_close_at__gt=F("requests_open_at")),
                name="docking_window_order",
            ),
            models.CheckConstraint(condition=Q(slot_minutes__gte=5), name="docking_slot_length"),
            models.CheckConstraint(
                condition=Q(slot_count__gte=1) & Q(slot_count__lte=48), name="docking_slot_count"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def takes_requests(self) -> bool:
        now = timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.requests_open_at <= now < self.requests_close_at
        )


class Slot(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="slots"
    )
    index = models.PositiveSmallIntegerField(_("number"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["session", "index"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="docking_slot_once")
        ]

    def __str__(self):
        return f"{self.session} #{self.index + 1}"


class Table(models.Model):
    """A table or room of a session; an online link makes it a video room for overseas teams."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="tables"
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("table number", "number"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=60, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)

    class Meta:
        ordering = ["session", "number"]
        verbose_name = _("table")
        verbose_name_plural = _("tables")
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="docking_table_once")
        ]

    def __str__(self):
        return self.name or str(self.number)

    @property
    def is_online(self) -> bool:
        return bool(self.online_link)


class Participant(models.Model):
    """A project team or an organisation taking part in one session."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="participants"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="docking_participations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="docking_participations",
    )
    # The secret of the iCalendar feed: a URL that can be reset.
    feed_token = models.CharField(max_length=64, unique=True, default=_secret, editable=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["session", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=True, organisation__isnull=False)
                | Q(project__isnull=False, organisation__isnull=True),
                name="docking_participant_one_side",
            ),
            models.UniqueConstraint(
                fields=["session", "project"], name="docking_project_once_per_session"
            ),
            models.UniqueConstraint(
                fields=["session", "organisation"], name="docking_organisation_once_per_session"
            ),
        ]

    def __str__(self):
        return str(self.project or self.organisation)

    @property
    def side(self) -> str:
        return Interest.Side.PROJECT if self.project_id else Interest.Side.ORGANISATION


class Unavailability(models.Model):
    """A slot a participant cannot attend."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="unavailable"
    )
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("slot not available")
        verbose_name_plural = _("slots not available")
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="docking_unavailable_once")
        ]

    def __str__(self):
        return f"{self.participant} ✕ {self.slot}"


class MeetingRequest(models.Model):
    class Priority(models.TextChoices):
        MUST = "must", _("must meet")
        WOULD = "would", _("would like to meet")

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting an answer")
        ACCEPTED = "accepted", pgettext_lazy("meeting request", "accepted")
        DECLINED = "declined", pgettext_lazy("meeting request", "declined")
        CANCELLED = "cancelled", pgettext_lazy("meeting request", "cancelled")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="requests"
    )
    requester = models.ForeignKey(
        Participant,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="requests_sent",
    )
    counterpart = models.ForeignKey(
        Participant,
        verbose_name=_("with"),
        on_delete=models.CASCADE,
        related_name="requests_received",
    )
    priority = models.CharField(
        _("priority"), max_length=5, choices=Priority.choices, default=Priority.WOULD
    )
    message = models.TextField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="docking_requests_sent",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["session", "-created_at"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")), name="docking_request_not_to_oneself"
            ),
            models.UniqueConstraint(
                fields=["requester", "counterpart"], name="docking_request_once"
            ),
        ]

    def __str__(self):
        return f"{self.requester} → {self.counterpart}"

    @property
    def weight(self) -> int:
        """The engine's weight: a must-meet counts three would-likes."""
        return 3 if self.priority == self.Priority.MUST else 1


class Meeting(models.Model):
    """A placed meeting: one accepted request in one slot at one table.

    No participant and no table is in two meetings of a slot: the table by the unique
    constraint below, the participants by their `Seat` rows.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("meeting", "planned, not published")
        PUBLISHED = "published", pgettext_lazy("meeting", "published")
        CANCELLED = "cancelled", pgettext_lazy("meeting", "cancelled")

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="meetings"
    )
    request = models.ForeignKey(
        MeetingRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    slot = models.ForeignKey(
        Slot, verbose_name=_("slot"), on_delete=models.PROTECT, related_name="meetings"
    )
    table = models.ForeignKey(
        Table, verbose_name=_("table"), on_delete=models.PROTECT, related_name="meetings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    placed_at = models.DateTimeField(_("placed"), default=timezone.now)
    notified_at = models.DateTimeField(_("participants told"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["slot__index", "table__number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~Q(status="cancelled"),
                name="docking_table_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=~Q(status="cancelled"),
                name="docking_request_placed_once",
            ),
        ]

    def __str__(self):
        return f"{self.request} @ {self.slot}, {self.table}"


class Seat(models.Model):
    """A participant's place in a live meeting: at most one per participant and slot.

    Deleted when the meeting is cancelled, so the constraint is about live meetings only.
    Each side marks here whether the meeting was held.
    """

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not marked")
        HELD = "held", pgettext_lazy("meeting", "held")
        MISSED = "missed", pgettext_lazy("meeting", "missed")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="seats")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="+")
    attendance = models.CharField(
        _("attendance"), max_length=6, choices=Attendance.choices, default="", blank=True
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "slot"], name="docking_participant_once_per_slot"
            ),
            models.UniqueConstraint(fields=["meeting", "participant"], name="docking_seat_once"),
        ]

    def __str__(self):
        return f"{self.participant} @ {self.slot}"


class Outcome(models.Model):
    """What came of a meeting, recorded by one side (落地)."""

    class Result(models.TextChoices):
        NONE = "none", _("no further interest")
        FOLLOW_UP = "follow_up", _("follow-up")
        INTENTION = "intention", _("intention (意向)")
        AGREEMENT = "agreement", _("signed agreement")

    class AgreementKind(models.TextChoices):
        INVESTMENT = "investment", pgettext_lazy("kind of agreement", "investment")
        SETTLEMENT = "settlement", _("settlement of the project in Chongqing")
        TECHNOLOGY_TRANSFER = "technology_transfer", _("technology transfer")
        EMPLOYMENT = "employment", _("employment")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="outcomes"
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("recorded for"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    # Kept with the outcome so the figures count by project, field and district without
    # walking the meeting back to its request.
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    field = models.ForeignKey(DisciplineField, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("outcome"), max_length=10, choices=Result.choices)
    agreement_kind = models.CharField(
        _("kind of agreement"), max_length=20, choices=AgreementKind.choices, blank=True
    )
    amount = models.PositiveBigIntegerField(_("amount"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="docking_outcomes",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"], name="docking_outcome_once_per_side"
            ),
            models.CheckConstraint(
                condition=Q(result="agreement") | Q(agreement_kind=""),
                name="docking_agreement_kind_only_for_agreements",
            ),
            models.CheckConstraint(
                condition=~Q(result="agreement") | ~Q(agreement_kind=""),
                name="docking_agreement_has_kind",
            ),
        ]

    def __str__(self):
        return f"{self.meeting}: {self.get_result_display()}"
