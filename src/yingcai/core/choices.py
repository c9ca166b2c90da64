"""Choices several apps share: degrees and professional titles, ordered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Degree(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor")
    MASTER = "master", _("master")
    DOCTOR = "doctor", _("doctor (PhD)")

    @classmethod
    def rank(cls, value: str | None) -> int:
        """0 for none, then bachelor < master < doctor: for "at least" comparisons."""
        return {"": 0, None: 0, cls.BACHELOR: 1, cls.MASTER: 2, cls.DOCTOR: 3}[value]

    @classmethod
    def at_least(cls, value: str) -> list[str]:
        return [d for d in cls.values if cls.rank(d) >= cls.rank(value)]


class ProfessionalTitle(models.TextChoices):
    JUNIOR = "junior", _("junior professional title")
    INTERMEDIATE = "intermediate", _("intermediate professional title")
    ASSOCIATE_SENIOR = "associate_senior", _("associate senior professional title")
    SENIOR = "senior", _("senior professional title")

    @classmethod
    def rank(cls, value: str | None) -> int:
        order = {"": 0, None: 0, cls.JUNIOR: 1, cls.INTERMEDIATE: 2}
        order.update({cls.ASSOCIATE_SENIOR: 3, cls.SENIOR: 4})
        return order[value]

    @classmethod
    def at_least(cls, value: str) -> list[str]:
        return [t for t in cls.values if cls.rank(t) >= cls.rank(value)]
