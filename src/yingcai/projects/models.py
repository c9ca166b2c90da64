"""Projects (项目) and project demands (项目需求): the conference's second market.

A talent registers a project and leads its team; verified organisations post demands
shaped by their kind. Organisers verify projects and approve demands before either is
listed. What follows between the two sides (interest, meetings, outcomes) is the docking
app's.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core import humanize
from yingcai.core.models import DisciplineField, District
from yingcai.organisations.models import Organisation

TEAM_INVITATION_VALID_FOR = timedelta(days=14)
# Amounts are whole yuan or dollars; a trillion is beyond any project at the conference and
# keeps every sum inside a 64-bit integer.
MAX_AMOUNT = 10**12


class Currency(models.TextChoices):
    CNY = "CNY", _("yuan (CNY)")
    USD = "USD", _("US dollars (USD)")


class Stage(models.TextChoices):
    IDEA = "idea", pgettext_lazy("project stage", "idea")
    PROTOTYPE = "prototype", pgettext_lazy("project stage", "prototype")
    REVENUE = "revenue", pgettext_lazy("project stage", "first revenue")
    SCALING = "scaling", pgettext_lazy("project stage", "scaling")


class Origin(models.TextChoices):
    DOMESTIC = "domestic", pgettext_lazy("origin of a project", "domestic")
    OVERSEAS = "overseas", pgettext_lazy("origin of a project", "overseas")


class Industry(models.Model):
    """An industry tag (电子信息, 智能制造 …), loaded by a migration; organisers may add more."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=64)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project registered by a talent, who leads its team."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting verification")
        VERIFIED = "verified", pgettext_lazy("project status", "listed")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("project status", "withdrawn")

    title = models.CharField(_("project name"), max_length=120)
    summary = models.TextField(_("summary"), max_length=4000)
    field = models.ForeignKey(
        DisciplineField,
        verbose_name=_("discipline field"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), related_name="projects", blank=True
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    origin = models.CharField(
        pgettext_lazy("origin of a project", "origin"),
        max_length=10,
        choices=Origin.choices,
        default=Origin.DOMESTIC,
    )
    city = models.CharField(_("city"), max_length=64, blank=True)
    country = models.CharField(_("country or region"), max_length=64, blank=True)

    seeks_investment = models.BooleanField(_("seeks investment"), default=False)
    amount_min = models.PositiveBigIntegerField(_("investment sought from"), null=True, blank=True)
    amount_max = models.PositiveBigIntegerField(_("investment sought up to"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    seeks_partnership = models.BooleanField(_("seeks partners"), default=False)
    seeks_premises = models.BooleanField(_("seeks land or premises"), default=False)
    seeks_technology_transfer = models.BooleanField(_("seeks technology transfer"), default=False)
    seeks_talent = models.BooleanField(_("seeks talents"), default=False)
    patents = models.TextField(
        _("patents"), blank=True, max_length=2000, help_text=_("One patent number per line.")
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("wished district or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    park = models.ForeignKey(
        Organisation,
        verbose_name=_("wished industrial park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="wished_by_projects",
        limit_choices_to={"kind": Organisation.Kind.INDUSTRIAL_PARK},
    )
    pitch_url = models.URLField(_("pitch video or deck"), blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
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
    # Set by the first submission and never changed: the moment `projects_registered`
    # counts the project from, so that `yingcai stats --at` is history.
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, editable=False, db_index=True
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    recommendations_refreshed_at = models.DateTimeField(
        _("suggestions refreshed"), null=True, blank=True, editable=False
    )
    # Segmented words of the title, summary, field and industries in both languages, kept by
    # the services; the full-text index is built on it (yingcai.projects.search).
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-verified_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        indexes = [models.Index(fields=["status", "verified_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=F("amount_min")),
                name="projects_amount_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_listed(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def amount_text(self) -> str:
        """The investment sought in the reader's words ("" when none is sought)."""
        if not self.seeks_investment:
            return ""
        return humanize.amount_range(self.amount_min, self.amount_max, self.currency)

    @property
    def patent_numbers(self) -> list[str]:
        return [line.strip() for line in self.patents.splitlines() if line.strip()]

    @property
    def sought(self) -> list[str]:
        """What the project seeks, in words, in the order of the form."""
        flags = [
            (self.seeks_investment, _("investment")),
            (self.seeks_partnership, _("partners")),
            (self.seeks_premises, _("land or premises")),
            (self.seeks_technology_transfer, _("technology transfer")),
            (self.seeks_talent, _("talents")),
        ]
        return [str(word) for wanted, word in flags if wanted]


class TeamMember(models.Model):
    """A talent in a project's team. The lead registered it; members may edit it too."""

    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("in a project team", "lead")
        MEMBER = "member", pgettext_lazy("in a project team", "member")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="team"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="project_memberships",
    )
    role = models.CharField(_("role"), max_length=6, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["project", "role", "joined_at"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_member_once"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead"), name="projects_one_lead"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.project}"


def _new_token():
    return secrets.token_urlsafe(32)


class TeamInvitation(models.Model):
    """An invitation by e-mail to join a project's team."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="projects_one_open_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.project}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


def plan_path(instance, filename):
    # Never the visitor's file name: it could carry a path or be guessed.
    return f"business-plans/{instance.project_id}/{uuid.uuid4().hex}.pdf"


class BusinessPlan(models.Model):
    """One uploaded business plan (PDF) of a project; exactly one is current."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="plans"
    )
    file = models.FileField(_("file"), upload_to=plan_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    is_current = models.BooleanField(_("current"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(is_current=True), name="projects_one_current_plan"
            )
        ]

    def __str__(self):
        return self.original_name

    kind = "pdf"
    content_type = "application/pdf"


class PlanSharing(models.Model):
    """The team's separate consent to show the business plan to one organisation.

    Recorded with what the team member was shown; withdrawable; the rule reading the plan
    checks it at every access.
    """

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="sharings"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="plan_sharings",
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="plan_sharings",
    )
    text_shown = models.TextField(_("text as shown"))
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("business plan shared")
        verbose_name_plural = _("business plans shared")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"],
                condition=Q(withdrawn_at__isnull=True),
                name="projects_one_active_sharing",
            )
        ]

    def __str__(self):
        return f"{self.project} → {self.organisation}"


class Demand(models.Model):
    """A project demand (项目需求) posted by a verified organisation, shaped by its kind."""

    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", _("technology need")
        INDUSTRIES = "industries", _("industries sought")
        INVESTMENT = "investment", _("investment")
        COMMERCIALISATION = "commercialisation", _("commercialisation partners")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("awaiting approval")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", _("rejected")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="demands",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=8000)
    offers = models.TextField(
        _("what we offer"),
        max_length=4000,
        blank=True,
        help_text=_("Land, premises, subsidies, policies."),
    )
    fields = models.ManyToManyField(
        DisciplineField, verbose_name=_("discipline fields"), related_name="demands"
    )
    industries = models.ManyToManyField(
        Industry, verbose_name=_("industries"), related_name="demands", blank=True
    )
    # The stages an investor invests in, as ",idea,prototype,": one indexed text column
    # that `stages__contains=",idea,"` filters on both databases (JSON containment is
    # PostgreSQL's only). Empty: any stage.
    stages = models.CharField(_("stages"), max_length=64, blank=True)
    districts = models.ManyToManyField(
        District, verbose_name=_("districts or counties"), related_name="demands", blank=True
    )
    ticket_min = models.PositiveBigIntegerField(_("ticket size from"), null=True, blank=True)
    ticket_max = models.PositiveBigIntegerField(_("ticket size up to"), null=True, blank=True)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
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
    # Set by the first submission and never changed (see Project.first_submitted_at).
    first_submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, editable=False, db_index=True
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    recommendations_refreshed_at = models.DateTimeField(
        _("suggestions refreshed"), null=True, blank=True, editable=False
    )
    search_document = models.TextField(editable=False, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("project demand")
        verbose_name_plural = _("project demands")
        indexes = [models.Index(fields=["status", "published_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True)
                | Q(ticket_max__isnull=True)
                | Q(ticket_max__gte=F("ticket_min")),
                name="projects_ticket_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def amount_text(self) -> str:
        """The ticket size in the reader's words ("" when none is given)."""
        return humanize.amount_range(self.ticket_min, self.ticket_max, self.currency)

    @property
    def stage_list(self) -> list[str]:
        return [stage for stage in self.stages.split(",") if stage]

    @property
    def is_published(self) -> bool:
        return self.status in (self.Status.PUBLISHED, self.Status.CLOSED)


def stages_value(stages) -> str:
    """The stored form of a list of stages: ",idea,scaling," in the order of Stage."""
    chosen = [value for value in Stage.values if value in set(stages)]
    return f",{','.join(chosen)}," if chosen else ""


class Recommendation(models.Model):
    """A stored recommendation between a project and a demand, with its reasons."""

    class Direction(models.TextChoices):
        FOR_PROJECT = "project", _("demand for a project")
        FOR_DEMAND = "demand", _("project for a demand")

    direction = models.CharField(max_length=7, choices=Direction.choices)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="recommendations")
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="recommendations")
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
                fields=["direction", "project", "demand"], name="projects_recommend_once"
            )
        ]
        indexes = [
            models.Index(fields=["direction", "project", "position"]),
            models.Index(fields=["direction", "demand", "position"]),
        ]

    def __str__(self):
        return f"{self.project} ⇄ {self.demand} ({self.score:.3f})"
