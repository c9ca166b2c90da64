from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yingcai.core.models import District


class Conference(models.Model):
    """One edition of the Talents Conference (e.g. 2020 Chongqing Talents Conference)."""

    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"))
    online_url = models.URLField(_("online venue address"), blank=True)
    online_description = models.TextField(_("how to take part online"), blank=True)
    offline_description = models.TextField(_("how to take part on site"), blank=True)
    is_current = models.BooleanField(
        _("current edition"), default=False, help_text=_("The edition shown on the home page.")
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="conference_one_current"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="conference_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def phase(self) -> str:
        now = timezone.now()
        if now < self.starts_at:
            return "upcoming"
        if now <= self.ends_at:
            return "running"
        return "over"


class Venue(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("main venue")
        SUB = "sub", _("sub-venue")
        ONLINE = "online", pgettext_lazy("venue", "online")

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="venues"
    )
    name = models.CharField(pgettext_lazy("of a thing", "name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SUB)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district or county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["conference", "position", "id"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self):
        return self.name


class SiteSettings(models.Model):
    """What the footer, the contact pages and the mail say about the conference, edited by
    organisers. One row."""

    site_name = models.CharField(_("site name"), max_length=100)
    sponsor = models.CharField(_("sponsor"), max_length=300, blank=True)
    host = models.CharField(
        pgettext_lazy("host of the event", "organiser"), max_length=300, blank=True
    )
    contact_phone = models.CharField(_("contact telephone"), max_length=64, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=300, blank=True)
    report_phone = models.CharField(
        _("telephone for reporting illegal information"),
        max_length=64,
        blank=True,
        default="+86-23-67230470",
    )
    report_email = models.EmailField(_("e-mail for reporting illegal information"), blank=True)
    icp_number = models.CharField(
        _("ICP filing number"), max_length=64, blank=True, help_text=_("e.g. 渝ICP备12345678号")
    )
    public_security_number = models.CharField(
        _("public-security filing number"),
        max_length=64,
        blank=True,
        help_text=_("e.g. 渝公网安备 50010302001234号"),
    )
    award_name = models.CharField(
        _("name of the Chongqing Outstanding Talents Award"), max_length=200, blank=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    @property
    def public_security_record_code(self) -> str:
        return "".join(c for c in self.public_security_number if c.isdigit())
