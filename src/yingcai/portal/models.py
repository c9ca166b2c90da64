import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NewsItem(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("news")
        ANNOUNCEMENT = "announcement", _("announcement")
        PRESS_RELEASE = "press_release", _("press-conference release")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    slug = models.SlugField(
        _("web address"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Made from the title when left empty."),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    published_at = models.DateTimeField(
        _("published"), null=True, blank=True, db_index=True, help_text=_("Empty: a draft.")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("news item")
        verbose_name_plural = _("news and announcements")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("portal:news_detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()


class Page(models.Model):
    """An organiser-edited page such as About Us or Contact Us."""

    slug = models.SlugField(_("web address"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title


class Message(models.Model):
    """A message left by the public (留言); shown once a moderator publishes it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        ANSWERED_PRIVATELY = "private", _("answered privately")
        REJECTED = "rejected", _("rejected")

    name = models.CharField(_("name"), max_length=60)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=120)
    body = models.TextField(_("message"), max_length=2000)
    allow_publication = models.BooleanField(
        _("may be published"),
        default=True,
        help_text=_("Whether the author agreed to show the message (without the e-mail) publicly."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_note = models.TextField(_("internal note"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return self.subject

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class MessageReply(models.Model):
    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("reply"), max_length=4000)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self):
        return f"{self.message} – {self.created_at:%Y-%m-%d}"


# Unambiguous characters only: a tracking number is read out over the telephone.
TRACKING_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_number(day=None, choice=secrets.choice) -> str:
    """JB<date>-XXXXX-XXXXX; `choice` is a seeded one only for demo data."""
    random_part = "".join(choice(TRACKING_ALPHABET) for _ in range(10))
    day = day or timezone.localdate()
    return f"JB{day:%Y%m%d}-{random_part[:5]}-{random_part[5:]}"


class Report(models.Model):
    """A report of illegal and undesirable information (违法和不良信息举报)."""

    class Category(models.TextChoices):
        POLITICAL = "political", _("harmful to national security or public order")
        FRAUD = "fraud", _("fraud, including false job advertisements")
        DISCRIMINATION = "discrimination", _("discrimination in recruitment")
        PERSONAL_DATA = "personal_data", _("leak or misuse of personal information")
        PORNOGRAPHY = "pornography", _("pornography or vulgar content")
        GAMBLING = "gambling", _("gambling or drugs")
        VIOLENCE = "violence", _("violence or terrorism")
        RUMOUR = "rumour", _("rumours or false information")
        INFRINGEMENT = "infringement", _("infringement of rights")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        PROCESSING = "processing", _("being handled")
        RESOLVED = "resolved", _("handled")
        UNFOUNDED = "unfounded", _("closed: not confirmed")

    tracking_number = models.CharField(
        _("tracking number"),
        max_length=24,
        unique=True,
        default=new_tracking_number,
        editable=False,
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    url = models.CharField(
        _("where the information is"),
        max_length=500,
        help_text=_("The address of the page, or where on the site it appears."),
    )
    description = models.TextField(_("description"), max_length=3000)
    evidence_url = models.URLField(_("link to evidence"), max_length=500, blank=True)
    reporter_name = models.CharField(_("your name"), max_length=60, blank=True)
    reporter_email = models.EmailField(_("your e-mail address"), blank=True)
    reporter_phone = models.CharField(_("your telephone"), max_length=32, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    public_response = models.TextField(
        _("answer to the reporter"),
        blank=True,
        help_text=_("Shown when the tracking number is looked up."),
    )
    internal_note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return self.tracking_number

    @property
    def is_closed(self) -> bool:
        return self.status in (self.Status.RESOLVED, self.Status.UNFOUNDED)
