"""Forms of the roadshow: the organisers' session, placing and moving pitches; the audience's
tap on a pitch."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.organisations.models import Organisation

from .models import Pitch, RoadshowSession
from .services.programme import PITCH_MINUTES, QUESTIONS_MINUTES

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class SessionForm(forms.ModelForm):
    class Meta:
        model = RoadshowSession
        fields = [
            "title_zh_hans",
            "title_en",
            "starts_at",
            "venue_zh_hans",
            "venue_en",
            "online_url",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].input_formats = DATETIME_FORMATS
        self.fields["online_url"].help_text = _(
            "Overseas teams pitch online through this room unless their pitch has its own link."
        )

    def validate_constraints(self, exclude=None):
        return


class PlaceForm(forms.Form):
    entries = forms.ModelMultipleChoiceField(
        label=_("selected projects"),
        queryset=Pitch.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    pitch_minutes = forms.IntegerField(
        label=_("pitch (minutes)"), min_value=1, max_value=60, initial=PITCH_MINUTES
    )
    questions_minutes = forms.IntegerField(
        label=_("questions (minutes)"), min_value=0, max_value=60, initial=QUESTIONS_MINUTES
    )

    def __init__(self, *args, entries=None, **kwargs):
        super().__init__(*args, **kwargs)
        if entries is not None:
            self.fields["entries"].queryset = entries
        self.fields["entries"].label_from_instance = lambda entry: str(entry.project)


class MoveForm(forms.Form):
    position = forms.IntegerField(label=_("move to position"), min_value=1, max_value=999)


class PitchForm(forms.Form):
    online = forms.BooleanField(label=_("the team pitches online"), required=False)
    online_url = forms.URLField(label=_("online link"), max_length=200, required=False)
    pitch_minutes = forms.IntegerField(label=_("pitch (minutes)"), min_value=1, max_value=60)
    questions_minutes = forms.IntegerField(
        label=_("questions (minutes)"), min_value=0, max_value=60
    )


class MarkForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("for the organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations
