import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField, District


class TalentProfile(models.Model):
    """A person's profile as a talent (人才). Name, e-mail and mobile live on the account."""

    class Origin(models.TextChoices):
        DOMESTIC = "domestic", _("domestic")
        OVERSEAS = "overseas", _("overseas")

    class Visibility(models.TextChoices):
        OPEN = "open", _("open to employers' search")
        APPLIED_ONLY = "applied", _("only to employers I apply to")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="talent_profile",
    )
    origin = models.CharField(
        _("domestic or overseas"), max_length=10, choices=Origin.choices, default=Origin.DOMESTIC
    )
    country = models.CharField(
        _("country or region"), max_length=64, blank=True, help_text=_("For overseas talents.")
    )
    birth_date = models.DateField(
        _("date of birth"),
        null=True,
        blank=True,
        help_text=_("Needed to apply for public-institution posts, which have an age limit."),
    )
    degree = models.CharField(
        _("highest degree"), max_length=10, choices=Degree.choices, blank=True, db_index=True
    )
    postdoctoral = models.BooleanField(_("postdoctoral experience"), default=False)
    title = models.CharField(
        _("professional title"), max_length=20, choices=ProfessionalTitle.choices, blank=True
    )
    university = models.CharField(_("graduating university"), max_length=120, blank=True)
    fields = models.ManyToManyField(
        DisciplineField, verbose_name=_("discipline fields"), blank=True, related_name="+"
    )
    skills = models.CharField(
        _("skills"), max_length=500, blank=True, help_text=_("Separated by commas.")
    )
    summary = models.TextField(_("about me"), max_length=3000, blank=True)
    desired_districts = models.ManyToManyField(
        District, verbose_name=_("desired districts and counties"), blank=True, related_name="+"
    )
    expected_salary = models.PositiveIntegerField(
        _("expected monthly salary (CNY)"), null=True, blank=True
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    visibility = models.CharField(
        _("who may find my profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.APPLIED_ONLY,
    )
    # Segmented words (jieba) of the profile, for talent search; kept by the services.
    search_document = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # When "jobs for you" was last computed from the profile (the moment the refresh read it):
    # a save after it means a refresh is queued (yingcai.jobs.recommendations).
    recommendations_refreshed_at = models.DateTimeField(
        _("suggestions refreshed"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")

    def __str__(self):
        return str(self.user)

    @property
    def is_overseas(self) -> bool:
        return self.origin == self.Origin.OVERSEAS

    @property
    def skill_list(self) -> list[str]:
        return [s.strip() for s in self.skills.replace("，", ",").split(",") if s.strip()]


class WorkExperience(models.Model):
    profile = models.ForeignKey(
        TalentProfile, on_delete=models.CASCADE, related_name="work", verbose_name=_("profile")
    )
    employer = models.CharField(_("employer"), max_length=120)
    position = models.CharField(pgettext_lazy("work experience", "position"), max_length=120)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: to date."))
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work history")

    def __str__(self):
        return f"{self.position}, {self.employer}"


class Education(models.Model):
    profile = models.ForeignKey(
        TalentProfile, on_delete=models.CASCADE, related_name="education", verbose_name=_("profile")
    )
    institution = models.CharField(_("university or school"), max_length=120)
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    major = models.CharField(_("major"), max_length=120, blank=True)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        verbose_name = _("education")
        verbose_name_plural = _("education history")

    def __str__(self):
        return f"{self.major}, {self.institution}"


def cv_path(instance, filename):
    # Never the visitor's file name: it could carry a path or be guessed.
    return f"cvs/{instance.profile.user_id}/{uuid.uuid4().hex}.{instance.extension}"


class CV(models.Model):
    """One uploaded CV version; exactly one of a profile's CVs is current."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    profile = models.ForeignKey(
        TalentProfile, on_delete=models.CASCADE, related_name="cvs", verbose_name=_("profile")
    )
    file = models.FileField(_("file"), upload_to=cv_path, max_length=200)
    kind = models.CharField(_("type"), max_length=4, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    is_current = models.BooleanField(_("current"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("CV")
        verbose_name_plural = _("CVs")
        constraints = [
            models.UniqueConstraint(
                fields=["profile"], condition=Q(is_current=True), name="talents_one_current_cv"
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def extension(self) -> str:
        return self.kind

    @property
    def content_type(self) -> str:
        if self.kind == self.Kind.PDF:
            return "application/pdf"
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
