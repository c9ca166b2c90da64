from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation


class Job(models.Model):
    """A job requirement (岗位需求) published by a verified organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", _("rejected")

    class InterviewMode(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        ONLINE = "online", _("online")
        EITHER = "either", _("on site or online")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="jobs"
    )
    title = models.CharField(_("job title"), max_length=120)
    description = models.TextField(_("description"), max_length=8000)
    field = models.ForeignKey(
        DisciplineField,
        verbose_name=_("discipline field"),
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district or county"),
        on_delete=models.PROTECT,
        related_name="jobs",
    )
    degree_min = models.CharField(
        _("minimum degree"), max_length=10, choices=Degree.choices, blank=True
    )
    title_min = models.CharField(
        _("professional title required"),
        max_length=20,
        choices=ProfessionalTitle.choices,
        blank=True,
    )
    salary_min = models.PositiveIntegerField(_("monthly salary from (CNY)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("monthly salary to (CNY)"), null=True, blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    deadline = models.DateField(_("application deadline"))
    interview_mode = models.CharField(
        _("interview"), max_length=10, choices=InterviewMode.choices, default=InterviewMode.EITHER
    )
    overseas_friendly = models.BooleanField(
        _("welcomes overseas talents"),
        default=False,
        help_text=_("Interviews and onboarding can be arranged for candidates abroad."),
    )
    contact_name = models.CharField(_("contact person"), max_length=60, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=32, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Set once, by the first submission, and never changed (a resubmission after a rejection
    # moves `submitted_at` only): the moment the figures count the job from, so that
    # `yingcai stats --at` is history. Empty on rows written in bulk (the demo): then
    # `submitted_at` is the first submission.
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, editable=False
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When "talents for this job" was last computed (yingcai.jobs.recommendations): a
    # publication after it means a refresh is queued.
    recommendations_refreshed_at = models.DateTimeField(
        _("suggestions refreshed"), null=True, blank=True, editable=False
    )
    # Segmented words (jieba) of title, description, organisation and field, kept by the
    # services; the full-text index of each database is built on it (yingcai.jobs.search).
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("job requirement")
        verbose_name_plural = _("job requirements")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["status", "published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=F("salary_min")),
                name="jobs_salary_range",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="jobs_headcount_positive"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        """Published and its deadline not passed: applications are accepted."""
        return self.status == self.Status.PUBLISHED and self.deadline >= timezone.localdate()

    @property
    def is_published(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.CLOSED)

    @property
    def is_public(self) -> bool:
        """Shown to everyone: `jobs.queries.public_jobs()` for one job (a test keeps them equal).

        A suspended organisation's jobs leave the site and the API alike.
        """
        return self.is_published and self.organisation.is_verified


class Stage(models.Model):
    """A step of an organisation's application pipeline; organisations rename and add steps."""

    class Key(models.TextChoices):
        APPLIED = "applied", _("applied")
        SCREENED = "screened", _("screened")
        INTERVIEW = "interview", _("interview")
        OFFER = "offer", _("offer")
        HIRED = "hired", _("hired")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    # The built-in steps keep their key whatever they are renamed to; added steps have none.
    key = models.CharField(_("built-in step"), max_length=10, choices=Key.choices, blank=True)
    # Empty for a built-in step that was not renamed: it is then shown in the reader's language.
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["organisation", "position", "id"]
        verbose_name = _("pipeline stage")
        verbose_name_plural = _("pipeline stages")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "key"], condition=~Q(key=""), name="jobs_stage_key_once"
            )
        ]

    def __str__(self):
        return self.name or (self.get_key_display() if self.key else "")

    @property
    def is_final(self) -> bool:
        return self.key in (self.Key.HIRED, self.Key.REJECTED, self.Key.WITHDRAWN)


class Application(models.Model):
    job = models.ForeignKey(
        Job,
        verbose_name=_("job requirement"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("talent"),
        on_delete=models.CASCADE,
        related_name="applications",
    )
    cv = models.ForeignKey(
        "talents.CV",
        verbose_name=_("CV"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    cover_note = models.TextField(_("cover note"), max_length=3000, blank=True)
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="applications"
    )
    # Inside the organisation only: never shown to the talent.
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now, db_index=True)
    stage_changed_at = models.DateTimeField(_("stage since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["job", "talent"], name="jobs_apply_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="jobs_rating_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.talent} → {self.job}"


class ApplicationEvent(models.Model):
    """One move of an application between stages: who, when, why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.application}: {self.from_stage} → {self.to_stage}"


class ApplicationNote(models.Model):
    """A note about an applicant, seen only inside the organisation."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notes", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("note"), max_length=3000)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return self.body[:50]


class ApplicationMessage(models.Model):
    """A message between the organisation and the applicant, shown to both."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("application"),
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_organisation = models.BooleanField(default=True)
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message to or from an applicant")
        verbose_name_plural = _("messages with applicants")

    def __str__(self):
        return self.body[:50]


class InterviewSlot(models.Model):
    """A time an organisation offers for interviews on a job; one candidate can take it."""

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _("on site")
        ONLINE = "online", _("online")

    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="interview_slots", verbose_name=_("job")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("meeting link"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="jobs_slot_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.job}: {self.starts_at:%Y-%m-%d %H:%M}"


class InterviewInvitation(models.Model):
    """Slots offered to one applicant, who picks one of them."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interview_invitations",
        verbose_name=_("application"),
    )
    slots = models.ManyToManyField(InterviewSlot, related_name="invitations")
    message = models.TextField(_("message"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interview invitation")
        verbose_name_plural = _("interview invitations")

    def __str__(self):
        return str(self.application)


class Interview(models.Model):
    """A booked interview. The one-to-one on the slot is what stops two people taking it, the
    unique pair (application, invitation) one applicant booking twice."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    slot = models.OneToOneField(
        InterviewSlot, on_delete=models.PROTECT, related_name="interview", verbose_name=_("slot")
    )
    invitation = models.ForeignKey(
        InterviewInvitation, null=True, on_delete=models.SET_NULL, related_name="interviews"
    )
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)

    class Meta:
        ordering = ["slot__starts_at", "id"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        constraints = [
            # One interview per application per invitation, whatever the number of clicks.
            models.UniqueConstraint(
                fields=["application", "invitation"], name="jobs_interview_once_per_invitation"
            )
        ]

    def __str__(self):
        return f"{self.application} @ {self.slot}"


class Recommendation(models.Model):
    """A stored recommendation from yingcai.matching, with its reasons (PIPL: explainable)."""

    class Direction(models.TextChoices):
        FOR_TALENT = "talent", _("job for a talent")
        FOR_JOB = "job", _("talent for a job")

    direction = models.CharField(max_length=6, choices=Direction.choices)
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recommendations"
    )
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="recommendations")
    score = models.FloatField()
    position = models.PositiveSmallIntegerField()
    reasons = models.JSONField(default=dict)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["direction", "position"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "talent", "job"], name="jobs_recommend_once"
            )
        ]
        indexes = [
            models.Index(fields=["direction", "talent", "position"]),
            models.Index(fields=["direction", "job", "position"]),
        ]

    def __str__(self):
        return f"{self.talent} ⇄ {self.job} ({self.score:.3f})"
