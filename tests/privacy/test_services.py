"""The legal texts change by organiser administrators only; the cookie notice records only the
choices it offers."""

import pytest
from django.core.cache import cache
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


@pytest.mark.django_db
def test_the_current_versions_are_kept_a_few_seconds_and_a_publication_here_is_seen_at_once(
    staff_admin, django_capture_on_commit_callbacks, settings
):
    settings.LEGAL_DOCUMENTS_LOCAL_SECONDS = 60
    services.forget_current_documents()
    first = services.add_version(
        staff_admin, LegalDocument(kind=LegalDocument.Kind.PRIVACY, title="隐私政策", body="一")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff_admin, first)
    assert services.current("privacy") == first
    second = services.add_version(
        staff_admin, LegalDocument(kind=LegalDocument.Kind.PRIVACY, title="隐私政策", body="二")
    )
    # Published by another process: the shared cache is dropped, this process keeps its copy
    # for the seconds it was given.
    LegalDocument.objects.filter(pk=second.pk).update(published_at=first.published_at)
    cache.clear()
    assert services.current("privacy") == first
    # Published here: seen at once.
    LegalDocument.objects.filter(pk=second.pk).update(published_at=None)
    second.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff_admin, second)
    assert services.current("privacy") == second
    services.forget_current_documents()
