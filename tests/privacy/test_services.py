"""The legal texts change by organiser administrators only; the cookie notice records only the
choices it offers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from yingcai.privacy import services
from yingcai.privacy.models import CookieConsent, LegalDocument


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "editor", "moderator", "plain_staff"])
def test_only_administrators_edit_a_draft_of_a_legal_text(request, staff_admin, who):
    draft = services.add_version(
        staff_admin, LegalDocument(kind=LegalDocument.Kind.PRIVACY, title="隐私政策", body="草稿")
    )
    draft.body = "冒改"
    with pytest.raises(PermissionDenied):
        services.update_draft(request.getfixturevalue(who), draft)
    draft.refresh_from_db()
    assert draft.body == "草稿"


@pytest.mark.django_db
def test_a_cookie_choice_the_notice_does_not_offer_is_not_recorded(talent):
    request = RequestFactory().post("/")
    request.user = talent
    with pytest.raises(ValueError, match="all"):
        services.record_cookie_choice(request, CookieConsent.Choice.ALL)
    assert not CookieConsent.objects.exists()
