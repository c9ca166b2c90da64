"""Public recruitment by public institutions (事业单位公开招聘) for high-level talents.

A round (批次) is announced by the organisers; verified public institutions put posts in
it; talents apply (one post per round, or ranked posts in preference mode); institutions
review qualifications, assess and rank; the proposed hires are published (公示) and placed.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField
from yingcai.organisations.models import Organisation


class Round(models.Model):
    """A recruitment round (招聘批次) with its announcement and time line."""

    class Mode(models.TextChoices):
        SINGLE = "single", _("one post per applicant")
        PREFERENCE = "preference", _("ranked preferences, places by stable assignment")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("draft")
        REGISTRATION = "registration", _("registration open")
        REVIEW = "review", _("qualification review")
        ASSESSMENT = "assessment", _("assessment")
        PUBLICITY = "publicity", _("publicity")
        CLOSED = "closed", _("placement confirmed")

    title = models.CharField(_("title"), max_length=200)
    announcement = models.TextField(_("announcement"), help_text=_("Markdown."))
    mode = models.CharField(
        pgettext_lazy("recruitment round", "mode"),
        max_length=10,
        choices=Mode.choices,
        default=Mode.SINGLE,
    )
    max_preferences = models.PositiveSmallIntegerField(
        _("posts an applicant may rank"), default=3, help_text=_("Preference mode only.")
    )
    ratio = models.PositiveSmallIntegerField(
        _("applicants-per-post ratio (1:N)"),
        default=3,
        help_text=_("Posts with fewer qualified applicants per place are reduced or cancelled."),
    )
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    review_closes = models.DateTimeField(
        _("qualification review ends"),
        help_text=_("Returned applications may be corrected until then."),
    )
    transfer_closes = models.DateTimeField(
        _("transfers possible until"),
        null=True,
        blank=True,
        help_text=_("Applicants of reduced or cancelled posts may transfer until then."),
    )
    assessment_starts = models.DateField(_("assessment from"))
    assessment_ends = models.DateField(_("assessment until"))
    publicity_days = models.PositiveSmallIntegerField(_("publicity period (days)"), default=7)
    publicity_starts = models.DateTimeField(_("publicity from"), null=True, blank=True)
    certificate_retention_days = models.PositiveSmallIntegerField(
        _("keep certificates for (days after placement)"), default=180
    )
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-registration_opens", "-id"]
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_closes__gt=F("registration_opens")),
                name="institutions_round_registration_order",
            ),
            models.CheckConstraint(
                condition=Q(review_closes__gte=F("registration_closes")),
                name="institutions_round_review_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(assessment_ends__gte=F("assessment_starts")),
                name="institutions_round_assessment_order",
            ),
            models.CheckConstraint(condition=Q(ratio__gte=1), name="institutions_round_ratio"),
        ]

    def __str__(self):
        return self.title

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.phase == self.Phase.REGISTRATION
            and self.registration_opens <= now < self.registration_closes
        )

    @property
    def publicity_ends(self):
        if self.publicity_starts is None:
            return None
        return self.publicity_starts + timedelta(days=self.publicity_days)

    @property
    def preferences_allowed(self) -> int:
        return self.max_preferences if self.mode == self.Mode.PREFERENCE else 1


class Post(models.Model):
    """A post (岗位) of one verified public institution in a round."""

    class Method(models.TextChoices):
        DIRECT = "direct", _("direct assessment")
        INTERVIEW = "interview", _("interview only")
        WRITTEN_INTERVIEW = "written_interview", _("written exam and interview")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        REDUCED = "reduced", _("reduced")
        CANCELLED = "cancelled", _("cancelled")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="posts"
    )
    institution = models.ForeignKey(
        Organisation,
        verbose_name=_("public institution"),
        on_delete=models.PROTECT,
        related_name="recruitment_posts",
    )
    code = models.CharField(_("post code"), max_length=32)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=120)
    headcount = models.PositiveSmallIntegerField(_("headcount"))
    majors = models.TextField(_("discipline and major requirements"), max_length=1000)
    fields = models.ManyToManyField(
        DisciplineField, verbose_name=_("discipline fields"), blank=True, related_name="+"
    )
    degree_min = models.CharField(_("minimum degree"), max_length=10, choices=Degree.choices)
    title_min = models.CharField(
        _("professional title required"),
        max_length=20,
        choices=ProfessionalTitle.choices,
        blank=True,
    )
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    other_conditions = models.TextField(_("other conditions"), max_length=2000, blank=True)
    method = models.CharField(_("assessment method"), max_length=20, choices=Method.choices)
    written_weight = models.PositiveSmallIntegerField(
        _("weight of the written exam (%)"),
        default=0,
        help_text=_("Written exam and interview only; the interview weighs the rest."),
    )
    exempt_from_ratio = models.BooleanField(
        _("high-level or shortage post (no applicants-per-post ratio)"), default=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The headcount after a reduction (核减); the original stays in `headcount`.
    reduced_headcount = models.PositiveSmallIntegerField(
        _("headcount after reduction"), null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["round", "code"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="institutions_post_code_once"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="institutions_headcount"),
            models.CheckConstraint(
                condition=Q(written_weight__lte=100), name="institutions_written_weight"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def places(self) -> int:
        if self.status == self.Status.CANCELLED:
            return 0
        if self.reduced_headcount is not None:
            return self.reduced_headcount
        return self.headcount

    @property
    def stages(self) -> list[str]:
        """The assessment stages whose scores make the total, with their weights (in %)."""
        if self.method == self.Method.DIRECT:
            return ["panel"]
        if self.method == self.Method.INTERVIEW:
            return ["interview"]
        return ["written", "interview"]

    def weights(self) -> dict[str, int]:
        if self.method == self.Method.WRITTEN_INTERVIEW:
            return {"written": self.written_weight, "interview": 100 - self.written_weight}
        return {self.stages[0]: 100}


class PostQuestion(models.Model):
    """A question the applicants of a post answer when they apply."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["post", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text


class PostApplication(models.Model):
    """One talent's application (报名) to one post of a round.

    In a single-choice round each applicant has one, with rank 1; in preference mode one
    per ranked post (rank 1 = first choice). The unique constraints hold either way.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("awaiting qualification review")
        RETURNED = "returned", _("returned for correction")
        APPROVED = "approved", _("qualified")
        REJECTED = "rejected", _("not qualified")
        WITHDRAWN = "withdrawn", _("withdrawn")
        TRANSFERRED = "transferred", _("transferred to another post")
        CANCELLED = "cancelled", _("post cancelled")
        PROPOSED = "proposed", _("proposed for placement (publicity)")
        PLACED = "placed", _("placed")
        NOT_PLACED = "not_placed", _("not placed")

    class Check(models.TextChoices):
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="applications", verbose_name=_("round")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="applications", verbose_name=_("post")
    )
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="post_applications",
        verbose_name=_("applicant"),
    )
    rank = models.PositiveSmallIntegerField(_("preference"), default=1)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    # The profile as it was when applying: what the institution reviews.
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices)
    title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, blank=True
    )
    birth_date = models.DateField(_("date of birth"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.SUBMITTED,
        db_index=True,
    )
    status_reason = models.TextField(_("reason"), blank=True)
    transferred_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_score = models.DecimalField(
        _("weighted total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    rank_in_post = models.PositiveIntegerField(_("rank in the post"), null=True, blank=True)
    tied = models.BooleanField(_("tied"), default=False)
    exam = models.CharField(
        _("physical examination"), max_length=6, choices=Check.choices, blank=True
    )
    inspection = models.CharField(_("inspection"), max_length=6, choices=Check.choices, blank=True)
    substitute = models.BooleanField(
        _("proposed as a substitute (递补)"),
        default=False,
        help_text=_("Filled a vacancy left by someone ranked higher."),
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    # A transfer (改报) is a new row: it keeps the moment of the first application it comes
    # from, so that the figures count the person's application from then on (`--at` is
    # history). Empty when the application was not transferred: `submitted_at` is that moment.
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["round", "talent", "rank"]
        verbose_name = _("application to a post")
        verbose_name_plural = _("applications to posts")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "talent", "post"], name="institutions_apply_once_per_post"
            ),
            # Rank 1 is the only rank of a single-choice round: one post per applicant.
            models.UniqueConstraint(
                fields=["round", "talent", "rank"],
                condition=~Q(status__in=["withdrawn", "transferred", "cancelled"]),
                name="institutions_one_post_per_rank",
            ),
        ]
        indexes = [models.Index(fields=["post", "status"])]

    def __str__(self):
        return f"{self.talent} → {self.post}"

    @property
    def is_active(self) -> bool:
        return self.status not in (
            self.Status.WITHDRAWN,
            self.Status.TRANSFERRED,
            self.Status.CANCELLED,
            self.Status.REJECTED,
        )


class ReviewDecision(models.Model):
    """One qualification-review decision: who decided what, when and why."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("qualified")
        REJECT = "reject", _("not qualified")
        RETURN = "return", _("returned for correction")

    application = models.ForeignKey(
        PostApplication, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")

    def __str__(self):
        return f"{self.application}: {self.get_decision_display()}"


class Score(models.Model):
    """One assessor's score of one applicant in one assessment stage."""

    class Stage(models.TextChoices):
        WRITTEN = "written", _("written exam")
        INTERVIEW = "interview", _("interview")
        PANEL = "panel", _("direct-assessment panel")

    application = models.ForeignKey(
        PostApplication, on_delete=models.CASCADE, related_name="scores"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    assessor = models.CharField(_("assessor"), max_length=60)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"), default=timezone.now)

    class Meta:
        ordering = ["application", "stage", "assessor"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "stage", "assessor"], name="institutions_score_once"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="institutions_score_range"
            ),
        ]

    def __str__(self):
        return f"{self.application} {self.stage} {self.assessor}: {self.score}"


def certificate_path(instance, filename):
    return f"certificates/{instance.talent_id}/{uuid.uuid4().hex}.{instance.extension}"


class Certificate(models.Model):
    """A certificate (degree, title, identity document): sensitive personal information.

    Visible only to the reviewers of the institutions the person applied to in the round
    and to organiser staff; deleted when the round's retention period ends.
    """

    class Kind(models.TextChoices):
        DEGREE = "degree", _("degree certificate")
        TITLE = "title", _("professional title certificate")
        IDENTITY = "identity", _("identity document")
        OTHER = "other", _("other certificate")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="certificates")
    talent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=certificate_path, max_length=200)
    extension = models.CharField(max_length=4)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    delete_after = models.DateTimeField(_("deleted after"), null=True, blank=True)

    class Meta:
        ordering = ["round", "talent", "kind", "-uploaded_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def content_type(self) -> str:
        return {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}.get(
            self.extension, "application/octet-stream"
        )


class Objection(models.Model):
    """An objection (异议) to a proposed hire during publicity."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        UPHELD = "upheld", _("upheld")
        DISMISSED = "dismissed", _("dismissed")

    application = models.ForeignKey(
        PostApplication, on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("your name"), max_length=60)
    contact = models.CharField(_("how to reach you"), max_length=120)
    text = models.TextField(_("objection"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    response = models.TextField(_("response"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.application}: {self.text[:40]}"
