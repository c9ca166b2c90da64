import pytest
from django.core.exceptions import PermissionDenied

from yingcai.privacy import services
from yingcai.privacy.models import Acceptance, CookieConsent, LegalDocument


def new_version(actor, kind="privacy"):
    doc = LegalDocument(
        kind=kind,
        title_zh_hans="隐私声明",
        title_en="Privacy statement",
        body_zh_hans="新的文本",
        body_en="New text",
        changes_en="We now explain recommendations.",
    )
    return services.add_version(actor, doc)


@pytest.mark.django_db
def test_documents_exist_from_the_first_migration(client):
    for kind in ("privacy", "terms", "cookies"):
        assert services.current(kind).version == 1
        response = client.get(f"/en/privacy/{kind}/")
        assert response.status_code == 200
    assert "PIPL" in client.get("/en/privacy/privacy/").content.decode()
    assert "个人信息保护法" in client.get("/zh-hans/privacy/privacy/").content.decode()


@pytest.mark.django_db
def test_a_new_version_asks_users_to_agree_again(
    client, talent, staff_admin, django_capture_on_commit_callbacks
):
    services.record_acceptances(talent, services.documents_to_accept_at_signup())
    assert services.pending_for(talent) == []
    doc = new_version(staff_admin)
    assert doc.version == 2
    assert services.pending_for(talent) == []  # a draft applies to nobody
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff_admin, doc)
    assert services.pending_for(talent) == [doc]
    client.force_login(talent)
    assert "Review and agree" in client.get("/en/").content.decode()
    client.post("/en/privacy/consents/")
    assert services.pending_for(talent) == []
    page = client.get("/en/privacy/consents/").content.decode()
    assert "version 2" in page and "version 1" in page
    # Both versions remain readable.
    assert "New text" in client.get("/en/privacy/privacy/").content.decode()
    assert "PIPL" in client.get("/en/privacy/privacy/?version=1").content.decode()
    assert client.get("/en/privacy/privacy/?version=99").status_code == 404
    assert client.get("/en/privacy/nonsense/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "editor", "moderator", "owner"])
def test_only_organiser_administrators_publish_legal_texts(request, staff_admin, who):
    doc = new_version(staff_admin)
    with pytest.raises(PermissionDenied):
        services.publish(request.getfixturevalue(who), doc)
    with pytest.raises(PermissionDenied):
        new_version(request.getfixturevalue(who))


@pytest.mark.django_db
def test_acceptance_records_time_and_address(talent, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    services.record_acceptances(talent, services.documents_to_accept_at_signup(), request)
    acceptance = Acceptance.objects.filter(user=talent).first()
    assert acceptance.ip_address == "203.0.113.9"
    assert acceptance.accepted_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("choice", ["necessary"])
def test_cookie_choice_is_recorded_and_remembered(client, choice):
    assert 'id="cookie-notice"' in client.get("/en/").content.decode()
    response = client.post("/en/privacy/cookie-choice/", {"choice": choice, "next": "/en/news/"})
    assert response.status_code == 302
    assert response.url == "/en/news/"
    consent = CookieConsent.objects.get()
    assert consent.choice == choice
    assert consent.policy == services.current("cookies")
    assert 'id="cookie-notice"' not in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_cookie_choice_with_htmx_answers_without_redirect(client):
    response = client.post(
        "/en/privacy/cookie-choice/", {"choice": "necessary"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "yingcai_cookies" in response.cookies


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{}, {"choice": "everything"}, {"choice": "necessary", "next": "https://evil.example/"}],
)
def test_bad_cookie_choices_and_foreign_redirects(client, data):
    response = client.post("/en/privacy/cookie-choice/", data)
    assert response.status_code == 302
    assert not response.url.startswith("https://evil.example")
    assert CookieConsent.objects.count() == (1 if data.get("choice") == "necessary" else 0)


@pytest.mark.django_db
def test_the_cookie_notice_offers_what_the_policy_says(client):
    """No statistics cookies exist: the notice offers no agreement to them, and none is stored."""
    page = client.get("/en/").content.decode()
    notice = page[page.index('id="cookie-notice"') :]
    assert 'value="all"' not in notice and "I agree" not in notice
    assert 'value="necessary"' in notice and "no statistics" in notice
    assert "/privacy/cookies/" in notice or "cookies" in notice
    policy = services.current("cookies")
    assert "no statistics or advertising cookies" in policy.body_en
    assert "不使用统计或广告类 Cookie" in policy.body_zh_hans
    response = client.post("/en/privacy/cookie-choice/", {"choice": "all"})
    assert response.status_code == 302
    assert not CookieConsent.objects.exists()
    assert 'id="cookie-notice"' in client.get("/en/").content.decode()
