"""Calls, their entries, reviewers, stages with rubrics, scores, decisions and certificates.

A call (征集) has tracks (赛道) and divisions (赛区) and goes through stages (阶段) kept as data:
the roadshow call has one online review; the Talents Cup has a preliminary online review,
semi-finals per division scored live by a panel, and the final. Which entries take part in a
stage is a row each (`StageEntry`): every submitted entry for the first stage, those advanced
for the next. Every scarce or single-valued thing has its constraint: one entry per project
and call, one reviewer per person and call, one assignment per reviewer, entry and stage, one
review per assignment, one decision per entry and stage, one certificate per entry and award.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import DisciplineField
from yingcai.organisations.models import Organisation
from yingcai.projects.models import Project


def _new_code() -> str:
    # A certificate's code is printed under its QR code and typed by hand: 12 characters of an
    # alphabet without 0/O and 1/I/L, 60 bits, unguessable.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Call(models.Model):
    class Kind(models.TextChoices):
        ROADSHOW = "roadshow", _("roadshow call")
        CONTEST = "contest", _("project contest")
        OTHER = "other", _("other call")

    slug = models.SlugField(_("short name"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=20000, blank=True)
    opens_at = models.DateTimeField(_("entries open"))
    closes_at = models.DateTimeField(_("entries close"))
    # Data, not code (checked by `services.calls.clean_*`): who may enter, what the entry
    # form asks beyond the project, which documents it needs.
    #   eligibility: {"max_lead_age": int, "stages": [Stage], "origins": [Origin]}
    #   questions: [{"key", "label_zh", "label_en", "kind": text|number|choice|url,
    #                "required": bool, "choices": [...], "max_length": int}]
    #   documents: [{"key", "label_zh", "label_en", "required": bool}]
    eligibility = models.JSONField(_("eligibility"), default=dict, blank=True)
    questions = models.JSONField(_("questions"), default=list, blank=True)
    documents = models.JSONField(_("required documents"), default=list, blank=True)
    reviewers_per_entry = models.PositiveSmallIntegerField(_("reviewers per entry"), default=5)
    is_published = models.BooleanField(_("published"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("call for entries", "call")
        verbose_name_plural = pgettext_lazy("call for entries", "calls")
        ordering = ["-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="calls_call_window"
            ),
            models.CheckConstraint(
                condition=Q(reviewers_per_entry__gte=1) & Q(reviewers_per_entry__lte=20),
                name="calls_call_reviewers_per_entry",
            ),
        ]

    def __str__(self):
        return self.title

    def accepts_entries(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at


class Track(models.Model):
    """A track (赛道): innovation, entrepreneurship, creativity."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="tracks")
    slug = models.SlugField(_("short name"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "slug"], name="calls_track_slug_once")
        ]

    def __str__(self):
        return self.name


class Division(models.Model):
    """A division (赛区) with its city, or the online division for overseas teams."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="divisions")
    slug = models.SlugField(_("short name"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    city = models.CharField(_("city"), max_length=64, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "slug"], name="calls_division_slug_once")
        ]

    def __str__(self):
        return self.name


class Stage(models.Model):
    """A stage of a call: an online review (each reviewer scores the entries assigned to
    them; z-scores per reviewer) or a live panel (every panel member scores every entry of
    the panel's division; trimmed mean)."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("online review")
        PANEL = "panel", _("live panel")

    class Method(models.TextChoices):
        ZSCORE = "zscore", _("z-scores per reviewer")
        TRIMMED = "trimmed", _("trimmed mean (highest and lowest dropped)")
        MEAN = "mean", _("arithmetic mean")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("stage", "planned")
        SCORING = "scoring", pgettext_lazy("stage", "scoring")
        CLOSED = "closed", pgettext_lazy("stage", "scoring closed")
        DECIDED = "decided", pgettext_lazy("stage", "decided")
        PUBLISHED = "published", pgettext_lazy("stage", "results published")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="stages")
    slug = models.SlugField(_("short name"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    method = models.CharField(_("ranking"), max_length=8, choices=Method.choices)
    per_division = models.BooleanField(_("ranked per division"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    scoring_closes_at = models.DateTimeField(_("scoring closes"), null=True, blank=True)
    # Scheduled date and place of a live panel (a semi-final in its city, the final).
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=160, blank=True)
    # Wildcards (复活名额): beyond each division's top N, this many more of the best
    # normalised scores across divisions advance.
    wildcards = models.PositiveSmallIntegerField(_("wildcards"), default=0)
    # How many an overall (not per division) ranking accepts; per division see Advancement.
    accept_count = models.PositiveIntegerField(_("places to accept"), null=True, blank=True)
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    appeal_until = models.DateTimeField(_("appeals until"), null=True, blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["call", "position"]
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="calls_stage_position_once"),
            models.UniqueConstraint(fields=["call", "slug"], name="calls_stage_slug_once"),
        ]

    def __str__(self):
        return self.name

    def next_stage(self):
        return self.call.stages.filter(position__gt=self.position).order_by("position").first()

    def results_final(self, now=None) -> bool:
        """Published and past its appeal window (or published without one)."""
        if self.published_at is None:
            return False
        return self.appeal_until is None or (now or timezone.now()) >= self.appeal_until


class Advancement(models.Model):
    """How many of a division advance from a stage (top N per division)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="advancements")
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="+")
    top_n = models.PositiveSmallIntegerField(_("advancing from the division"))

    class Meta:
        verbose_name = _("advancement rule")
        verbose_name_plural = _("advancement rules")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "division"], name="calls_advancement_once_per_division"
            )
        ]

    def __str__(self):
        return f"{self.division}: {self.top_n}"


class Criterion(models.Model):
    """A criterion of a stage's rubric (评分标准), weighted; the weights need not sum to 1
    (a review's total is the weighted mean, on the criteria's common scale)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    help = models.CharField(_("guidance"), max_length=300, blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    min_score = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["stage", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=F("min_score")), name="calls_criterion_range"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="calls_criterion_weight"),
        ]

    def __str__(self):
        return self.name


class Entry(models.Model):
    """A registered project entered in a call by its team."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("entry", "draft")
        SUBMITTED = "submitted", pgettext_lazy("entry", "submitted")
        WITHDRAWN = "withdrawn", pgettext_lazy("entry", "withdrawn")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="entries")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="call_entries")
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, null=True, blank=True
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, null=True, blank=True
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The figures count from here: set once, kept when withdrawn and submitted again.
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, db_index=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["call", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "project"], name="calls_entry_once_per_call")
        ]

    def __str__(self):
        return str(self.project)


def document_path(instance, filename):
    # Private storage (settings.PRIVATE_MEDIA_ROOT through core.files); the name is never
    # the uploader's.
    return f"call-documents/{instance.entry.call_id}/{secrets.token_hex(16)}"


class EntryDocument(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="documents")
    key = models.SlugField(_("document"), max_length=40)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=80)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("entry document")
        verbose_name_plural = _("entry documents")
        constraints = [
            models.UniqueConstraint(fields=["entry", "key"], name="calls_document_once_per_key")
        ]

    def __str__(self):
        return self.original_name


class Reviewer(models.Model):
    """An expert (评审专家) of one call's pool: a role held per call, not a staff group."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="call_reviewers"
    )
    fields = models.ManyToManyField(
        DisciplineField, verbose_name=_("fields of expertise"), blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    affiliation = models.CharField(_("affiliation"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer")
        verbose_name_plural = _("reviewers")
        ordering = ["call", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="calls_reviewer_once_per_call")
        ]

    def __str__(self):
        return str(self.user)


class Conflict(models.Model):
    """A conflict of interest: declared by the reviewer or found (same organisation as the
    team, a team member). A conflicted reviewer is never assigned and never sees the entry."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("declared by the reviewer")
        ORGANISATION = "organisation", _("same organisation as the team")
        TEAM = "team", _("member of the team")
        ORGANISER = "organiser", _("recorded by the organisers")

    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    source = models.CharField(
        pgettext_lazy("origin of a record", "source"), max_length=12, choices=Source.choices
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "entry"], name="calls_conflict_once")
        ]

    def __str__(self):
        return f"{self.reviewer} × {self.entry}"


class StageEntry(models.Model):
    """An entry taking part in a stage (every submitted entry in the first, those advanced in
    the next ones). Counted by the figures from `added_at`."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="stage_entries")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="stage_entries")
    added_at = models.DateTimeField(_("added"), default=timezone.now, db_index=True)
    # A wildcard (复活) advanced on its normalised score, not its division's top N.
    wildcard = models.BooleanField(_("wildcard"), default=False)
    # Order of appearance in a live panel (set by the organisers).
    order = models.PositiveSmallIntegerField(
        pgettext_lazy("sequence", "order"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("entry in a stage")
        verbose_name_plural = _("entries in a stage")
        constraints = [
            models.UniqueConstraint(fields=["stage", "entry"], name="calls_stage_entry_once")
        ]

    def __str__(self):
        return f"{self.stage}: {self.entry}"


class PanelMember(models.Model):
    """A judge on a live panel: a stage's division (or the whole stage when the division is
    empty, as for the final)."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="panel_members")
    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="panels")

    class Meta:
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "reviewer"], name="calls_panel_member_once_per_stage"
            )
        ]

    def __str__(self):
        return f"{self.stage}: {self.reviewer}"


class Assignment(models.Model):
    """A reviewer asked to score an entry in a stage."""

    class Source(models.TextChoices):
        ENGINE = "engine", _("assigned by the engine")
        HAND = "hand", _("assigned by hand")
        PANEL = "panel", _("panel member")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(Reviewer, on_delete=models.CASCADE, related_name="assignments")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(
        pgettext_lazy("origin of a record", "source"), max_length=6, choices=Source.choices
    )
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["stage", "reviewer", "entry"], name="calls_assignment_once"
            )
        ]

    def __str__(self):
        return f"{self.stage}: {self.reviewer} → {self.entry}"


class Review(models.Model):
    """One reviewer's scores for one entry in one stage (one per assignment): the value per
    criterion, the weighted total, a comment. Editable until the stage's scoring closes."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    # {criterion id (str): score}; checked against the rubric by the service.
    values = models.JSONField(_("scores"), default=dict)
    total = models.FloatField(_("total score"))
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    # The last submission's key (a UUID from the page): a retried or double-tapped request
    # carrying it again changes nothing.
    idempotency_key = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = pgettext_lazy("expert review", "review")
        verbose_name_plural = pgettext_lazy("expert review", "reviews")

    def __str__(self):
        return str(self.assignment)


class Decision(models.Model):
    """The outcome of an entry in a stage: proposed from the ranking, confirmed by organisers."""

    class Outcome(models.TextChoices):
        ACCEPT = "accept", pgettext_lazy("decision", "accept")
        WAITLIST = "waitlist", pgettext_lazy("decision", "waiting list")
        REJECT = "reject", pgettext_lazy("decision", "reject")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="decisions")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="decisions")
    proposed = models.CharField(_("proposed"), max_length=8, choices=Outcome.choices)
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    tied = models.BooleanField(_("tied"), default=False)
    wildcard = models.BooleanField(_("wildcard"), default=False)
    proposed_at = models.DateTimeField(_("proposed"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, db_index=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["stage", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "entry"], name="calls_decision_once")
        ]

    def __str__(self):
        return f"{self.stage}: {self.entry}"


class OutboxMessage(models.Model):
    """A decision mail held until an organiser releases it: nothing is sent by accident."""

    class Status(models.TextChoices):
        HELD = "held", pgettext_lazy("mail", "held")
        RELEASED = "released", pgettext_lazy("mail", "released")
        SENT = "sent", pgettext_lazy("mail", "sent")
        DISCARDED = "discarded", pgettext_lazy("mail", "discarded")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="outbox")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="outbox")
    language = models.CharField(_("language"), max_length=10)
    recipients = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD, db_index=True
    )
    created_at = models.DateTimeField(pgettext_lazy("mail", "written"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("held mail")
        verbose_name_plural = _("held mails")
        ordering = ["stage", "pk"]
        constraints = [models.UniqueConstraint(fields=["stage", "entry"], name="calls_outbox_once")]

    def __str__(self):
        return self.subject


class Appeal(models.Model):
    """A team's appeal against a published result, inside the stage's appeal window."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("appeal", "open")
        UPHELD = "upheld", pgettext_lazy("appeal", "upheld")
        DISMISSED = "dismissed", pgettext_lazy("appeal", "dismissed")

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="appeals")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="appeals")
    text = models.TextField(_("grounds"), max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("lodged"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(pgettext_lazy("appeal", "answer"), max_length=4000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        constraints = [models.UniqueConstraint(fields=["stage", "entry"], name="calls_appeal_once")]

    def __str__(self):
        return f"{self.stage}: {self.entry}"


class AwardCategory(models.Model):
    """An award of a call (一等奖, 最佳人气奖 …), as data."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="award_categories")
    slug = models.SlugField(_("short name"))
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("award category")
        verbose_name_plural = _("award categories")
        ordering = ["call", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "slug"], name="calls_award_slug_once")
        ]

    def __str__(self):
        return self.name


class Certificate(models.Model):
    """A certificate (证书) for a finalist (no award) or a winner (an award category), with a
    code its QR leads to on a public page that verifies it."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="certificates")
    award = models.ForeignKey(
        AwardCategory,
        verbose_name=_("award"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
    )
    code = models.CharField(_("certificate code"), max_length=16, unique=True, default=_new_code)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=Q(award__isnull=True),
                name="calls_finalist_certificate_once",
            ),
            models.UniqueConstraint(
                fields=["entry", "award"],
                condition=Q(award__isnull=False),
                name="calls_award_certificate_once",
            ),
        ]

    def __str__(self):
        return self.code
