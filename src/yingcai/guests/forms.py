"""Forms of the guests and honours: the protocol staff's guest, itinerary, honour, import,
link and group invitation; the guest's answer to the invitation; the filters of the list."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Guest, Honour, Language

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
NO_NUL = RegexValidator(
    r"\x00", inverse_match=True, message=_("The text contains a character that is not allowed.")
)


def _moment(label):
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def _no_nul_everywhere(form):
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators.append(NO_NUL)


class GuestForm(forms.ModelForm):
    class Meta:
        model = Guest
        fields = [
            "name_zh_hans",
            "name_en",
            "public_title_zh_hans",
            "public_title_en",
            "organisation_zh_hans",
            "organisation_en",
            "category",
            "email",
            "mobile",
            "language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_title_zh_hans"].help_text = _(
            "Shown on the public guest list and the badge, e.g. 中国科学院院士、重庆大学校长."
        )
        self.fields["language"].help_text = _("The language of the invitation and the RSVP page.")
        _no_nul_everywhere(self)

    def validate_constraints(self, exclude=None):
        # The service turns the unique e-mail address into its own words.
        return

    def validate_unique(self):
        return


class ItineraryForm(forms.Form):
    arrival = forms.ChoiceField(
        label=_("arrival by"), choices=[("", "—"), *Guest.Arrival.choices], required=False
    )
    arrival_number = forms.CharField(
        label=_("flight or train number"), max_length=20, required=False
    )
    arrival_at = _moment(_("arrival time"))
    departure_at = _moment(_("departure time"))
    hotel = forms.CharField(label=_("hotel"), max_length=200, required=False)
    pickup = forms.BooleanField(label=_("pick-up arranged"), required=False)
    liaison_name = forms.CharField(label=_("liaison person"), max_length=100, required=False)
    liaison_phone = forms.CharField(label=_("liaison's telephone"), max_length=32, required=False)
    seat = forms.CharField(
        label=_("seat in the main venue"),
        max_length=20,
        required=False,
        help_text=_("Row and number, e.g. A-12. One guest per seat."),
    )
    dietary = forms.CharField(label=_("dietary needs"), max_length=200, required=False)
    needs = forms.CharField(
        label=_("other needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_nul_everywhere(self)

    @classmethod
    def initial_of(cls, guest: Guest) -> dict:
        return {name: getattr(guest, name) for name in cls.base_fields}


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Will you attend?"),
        choices=[
            (Guest.Status.ONSITE, _("Yes, I attend on site in Chongqing")),
            (Guest.Status.ONLINE, _("Yes, I attend online")),
            (Guest.Status.DECLINED, _("No, I cannot attend")),
        ],
        widget=forms.RadioSelect,
    )
    arrival = forms.ChoiceField(
        label=_("arrival by"), choices=[("", "—"), *Guest.Arrival.choices], required=False
    )
    arrival_number = forms.CharField(
        label=_("flight or train number"), max_length=20, required=False
    )
    arrival_at = _moment(_("arrival time"))
    departure_at = _moment(_("departure time"))
    dietary = forms.CharField(
        label=_("dietary needs"),
        max_length=200,
        required=False,
        help_text=_("For example vegetarian, halal, no pork, allergies."),
    )
    needs = forms.CharField(
        label=_("other needs"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Accessibility, an accompanying person, interpretation …"),
    )
    language = forms.ChoiceField(label=_("language of our messages"), choices=Language.choices)
    public_consent = forms.BooleanField(
        label=_("List me publicly as a guest of the conference"),
        required=False,
        help_text=_(
            "If you tick this box, your name, your public title and your category appear on the "
            "public guest list of the conference website (and your honour on the public honours "
            "registry). Nothing else is shown: no contact, no itinerary. You may untick it here "
            "at any time until the conference starts."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_nul_everywhere(self)

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == Guest.Status.ONSITE
            and data.get("arrival")
            and not data.get("arrival_at")
        ):
            self.add_error("arrival_at", _("Give the time you arrive."))
        return data


class FilterForm(forms.Form):
    q = forms.CharField(label=pgettext_lazy("verb", "Search"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("of a guest", "category"),
        choices=[("", _("all")), *Guest.Category.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("status"), choices=[("", _("all")), *Guest.Status.choices], required=False
    )
    day = forms.DateField(
        label=_("arrival day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _no_nul_everywhere(self)


class HonourForm(forms.ModelForm):
    class Meta:
        model = Honour
        fields = [
            "kind",
            "year",
            "category_zh_hans",
            "category_en",
            "name_zh_hans",
            "name_en",
            "affiliation_zh_hans",
            "affiliation_en",
            "email",
            "mobile",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].min_value = 1990
        self.fields["year"].max_value = 2100
        _no_nul_everywhere(self)

    def validate_constraints(self, exclude=None):
        return


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel workbook (.xlsx)"))


class LinkForm(forms.Form):
    email = forms.EmailField(
        label=_("e-mail address of the person's account"),
        required=False,
        help_text=_("Leave empty to remove the link."),
    )


class GroupForm(forms.Form):
    kind = forms.ChoiceField(label=_("honour"), choices=Honour.Kind.choices)
    year = forms.IntegerField(
        label=pgettext_lazy("calendar", "year"), min_value=1990, max_value=2100
    )
