"""The team's forms: which project enters, the entry's track, division and answers (one
field per question of the call, built from its data), a document's upload. The services
check everything again (`services.entries`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Call, Entry
from .services.calls import label_of
from .services.entries import MAX_DOCUMENT_BYTES, MAX_URL

PREFIX = "q_"


class EnterForm(forms.Form):
    project = forms.TypedChoiceField(label=_("Project"), coerce=int)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [(p.pk, str(p)) for p in projects]


class EntryForm(forms.Form):
    def __init__(self, *args, entry: Entry, **kwargs):
        call: Call = entry.call
        answers = entry.answers or {}
        initial = {
            "track": entry.track_id,
            "division": entry.division_id,
            **{f"{PREFIX}{key}": value for key, value in answers.items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.call = call
        tracks = list(call.tracks.all())
        divisions = list(call.divisions.all())
        if tracks:
            self.fields["track"] = forms.TypedChoiceField(
                label=_("Track"),
                choices=[("", "—"), *[(t.pk, str(t)) for t in tracks]],
                coerce=int,
                empty_value=None,
                required=False,
            )
        if divisions:
            self.fields["division"] = forms.TypedChoiceField(
                label=_("Division"),
                choices=[("", "—"), *[(d.pk, str(d)) for d in divisions]],
                coerce=int,
                empty_value=None,
                required=False,
            )
        for question in call.questions or []:
            self.fields[f"{PREFIX}{question['key']}"] = self._field(question)

    def _field(self, question: dict) -> forms.Field:
        label = label_of(question)
        help_text = _("Needed to submit.") if question.get("required") else ""
        kind = question["kind"]
        if kind == "choice":
            return forms.ChoiceField(
                label=label,
                choices=[("", "—"), *[(c, c) for c in question.get("choices", [])]],
                required=False,
                help_text=help_text,
            )
        if kind == "number":
            return forms.CharField(
                label=label,
                max_length=30,
                required=False,
                help_text=help_text,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        if kind == "url":
            return forms.CharField(
                label=label,
                max_length=MAX_URL,
                required=False,
                help_text=help_text,
                widget=forms.URLInput(),
            )
        limit = question.get("max_length") or 2000
        widget = forms.Textarea(attrs={"rows": 4}) if limit > 200 else forms.TextInput()
        return forms.CharField(
            label=label, max_length=limit, required=False, help_text=help_text, widget=widget
        )

    def answers(self) -> dict:
        return {
            name[len(PREFIX) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(PREFIX)
        }

    def add_service_error(self, error) -> None:
        """A service's ValidationError: answers keyed by question, track and division."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, messages in error.error_dict.items():
            name = key if key in self.fields else f"{PREFIX}{key}"
            self.add_error(name if name in self.fields else None, messages)


class DocumentUploadForm(forms.Form):
    key = forms.ChoiceField(label=_("Document"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG or Word (DOCX), at most 20 MB."),
    )

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [(d["key"], label_of(d)) for d in call.documents or []]

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                _("A document may be at most %(mb)d MB.") % {"mb": MAX_DOCUMENT_BYTES // 2**20}
            )
        return uploaded
