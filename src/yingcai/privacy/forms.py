from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from yingcai.core.humanize import separator

from . import services


class SignupConsentForm(forms.Form):
    """The consent to the legal texts at sign-up.

    allauth builds its sign-up form on this class (`ACCOUNT_SIGNUP_FORM_CLASS`), so the accounts
    app, which sits below privacy, never needs to know which texts a person agrees to.
    """

    accept_terms = forms.BooleanField(required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = services.documents_to_accept_at_signup()
        links = [
            format_html(
                '<a href="{}" target="_blank">{}</a>',
                reverse("privacy:document", args=[doc.kind]),
                doc.label_with_version,
            )
            for doc in self.documents
        ]
        self.fields["accept_terms"].label = format_html(
            "{} {}",
            _("I have read and agree to:"),
            format_html(separator().join(["{}"] * len(links)), *links) if links else "",
        )
        self.fields["accept_terms"].error_messages["required"] = _(
            "You can only sign up after agreeing to the privacy statement and the terms of use."
        )

    def signup(self, request, user):
        services.record_acceptances(user, self.documents, request)
