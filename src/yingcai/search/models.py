from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .query import split_words

MAX_WORDS = 30
MAX_WORD_LENGTH = 60


class SynonymGroup(models.Model):
    """Words that a person searching means as one, added by organisers to the built-in list.

    A query word of the group also finds the group's other words, in either language.
    """

    words = models.TextField(
        _("words"),
        max_length=2000,
        help_text=_(
            "Two or more words or phrases that mean the same, separated by commas, "
            "for example: 医生, 医师, doctor, physician"
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonym groups")

    def __str__(self):
        return ", ".join(split_words(self.words))[:100]

    def save(self, *args, **kwargs):
        # The searches' cache of the groups is keyed on the latest change (synonyms.current).
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)

    def clean(self):
        words = split_words(self.words)
        if len(words) < 2:
            raise ValidationError({"words": _("Give at least two words, separated by commas.")})
        if len(words) > MAX_WORDS or any(len(w) > MAX_WORD_LENGTH for w in words):
            raise ValidationError(
                {
                    "words": _("At most %(count)d words of at most %(length)d characters each.")
                    % {"count": MAX_WORDS, "length": MAX_WORD_LENGTH}
                }
            )
        self.words = ", ".join(words)
