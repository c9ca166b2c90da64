"""Forms of the applicants' and the public's side of public-institution recruitment."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Certificate, Objection

ANSWER_MAX_LENGTH = 2000


def answer_name(post_pk, question_pk) -> str:
    return f"answer-{post_pk}-{question_pk}"


class ObjectionForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=Objection._meta.get_field("name").max_length
    )
    contact = forms.CharField(
        label=_("How to reach you"),
        max_length=Objection._meta.get_field("contact").max_length,
        help_text=_("An e-mail address or a telephone number: the organisers answer you there."),
    )
    text = forms.CharField(
        label=_("Your objection"),
        max_length=Objection._meta.get_field("text").max_length,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you object to, and the facts you know. Objections are not published."),
    )


# --- Applying ----------------------------------------------------------------------------------
class RankedPostsField(forms.Field):
    """The posts chosen, most wanted first: one or several `<select name="post">`."""

    widget = forms.SelectMultiple

    def __init__(self, *, options: dict, limit: int, **kwargs):
        super().__init__(**kwargs)
        self.options, self.limit = options, limit

    def to_python(self, value):
        if isinstance(value, str):
            value = [value]
        ids = []
        for raw in value or []:
            raw = str(raw).strip()
            if not raw:
                continue  # a preference left empty
            try:
                pk = int(raw)
            except ValueError:
                raise ValidationError(_("Choose posts from the list."), code="invalid") from None
            if pk not in self.options:
                raise ValidationError(_("Choose posts from the list."), code="invalid")
            ids.append(pk)
        return ids

    def validate(self, ids):
        if not ids:
            raise ValidationError(_("Choose a post."), code="required")
        if len(ids) > self.limit:
            raise ValidationError(
                _("Choose at most %(n)d posts in this round.") % {"n": self.limit}, code="max"
            )
        if len(set(ids)) != len(ids):
            raise ValidationError(_("Each post can be chosen once."), code="duplicate")

    def clean(self, value):
        ids = super().clean(value)
        return [self.options[pk] for pk in ids]


class AnswersForm(forms.Form):
    """The answers to the questions of some posts; `questions` = {post id: [PostQuestion]}."""

    def __init__(self, *args, questions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for post_pk, items in questions.items():
            for question in items:
                self.fields[answer_name(post_pk, question.pk)] = forms.CharField(
                    label=question.text,
                    required=question.required,
                    max_length=ANSWER_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"required": _("Answer this question.")},
                )

    def answer_fields(self, post_pk) -> list:
        return [self[answer_name(post_pk, q.pk)] for q in self.questions.get(post_pk, [])]

    def answers(self) -> dict:
        """{post id: {question id: answer}}, as the services take them."""
        return {
            str(post_pk): {
                str(q.pk): self.cleaned_data.get(answer_name(post_pk, q.pk), "") for q in items
            }
            for post_pk, items in self.questions.items()
        }


class ApplyForm(AnswersForm):
    """The posts (ranked in preference mode) and the answers to their questions."""

    def __init__(self, *args, options: dict, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"] = RankedPostsField(
            options=options, limit=limit, label=_("Posts"), required=True
        )


class TransferForm(AnswersForm):
    """改报: the other post, the answers to its questions, and the consent when it is needed."""

    def __init__(self, *args, targets: dict, consent_to=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"] = forms.TypedChoiceField(
            label=_("Transfer to"),
            coerce=int,
            choices=[("", "—"), *((pk, str(post)) for pk, post in targets.items())],
            error_messages={"required": _("Choose a post.")},
        )
        if consent_to is not None:
            self.fields["agree"] = forms.BooleanField(
                label=_(
                    "I agree to pass my personal information, including my certificates, "
                    "to %(name)s as described above."
                )
                % {"name": consent_to.name},
                error_messages={"required": _("Tick the box to agree, or choose another post.")},
            )


class ConsentForm(forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I agree to pass my personal information, including the sensitive personal "
            "information in my certificates, to the institutions listed above."
        ),
        error_messages={"required": _("Tick the box to agree: without it we cannot apply.")},
    )


class CertificateForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), choices=Certificate.Kind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )
    agree = forms.BooleanField(
        label=_(
            "I agree that Yingcai stores this document, which is sensitive personal "
            "information, for this round only, shows it only to the reviewers of the "
            "institutions I apply to and to the organisers, and deletes it when the retention "
            "period after the placement ends."
        ),
        error_messages={"required": _("Tick the box to agree, or do not upload the document.")},
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        # Checked again, with the content, by the service; refusing here spares the rest.
        if uploaded.size > services.MAX_CERTIFICATE_BYTES:
            raise forms.ValidationError(_("A certificate may be at most 10 MB."), code="size")
        return uploaded


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this application."),
        error_messages={"required": _("Tick the box to confirm.")},
    )
