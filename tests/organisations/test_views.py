import re

import pytest

from yingcai.core.models import District
from yingcai.organisations import services
from yingcai.organisations.models import Invitation, Membership, Organisation

from ..factories import MembershipFactory, OrganisationFactory, UserFactory, credit_code

REGISTER = "/en/organisations/register/"


def form_data(**overrides):
    data = {
        "name_zh_hans": "重庆渝北新材料有限公司",
        "name_en": "",
        "kind": "enterprise",
        "level": "",
        "district": "",
        "location": "",
        "credit_code": credit_code(777),
        "address": "",
        "website": "",
        "contact_email": "",
        "contact_phone": "",
        "description_zh_hans": "",
        "description_en": "",
    }

    data["district"] = District.objects.get(slug="yubei").pk
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_register_an_organisation(client, talent):
    client.force_login(talent)
    response = client.post(REGISTER, form_data())
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == f"/en/organisations/{organisation.pk}/manage/"
    assert organisation.status == "pending"
    page = client.get(response.url).content.decode()
    assert "cannot publish anything" in page


@pytest.mark.django_db
def test_registering_needs_an_account(client):
    response = client.get(REGISTER)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name_zh_hans": ""}, "Give the name in Chinese, in English or both."),
        ({"name_zh_hans": "名" * 201}, "Ensure this value has at most 200 characters"),
        ({"credit_code": "915000001234567890"}, "check character is wrong"),
        ({"kind": "public_institution"}, "municipal or district/county"),
        ({"kind": "organiser"}, "Select a valid choice"),
        ({"district": ""}, "or give the city or country outside Chongqing"),
        ({"district": "999999"}, "Select a valid choice"),
        ({"website": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_bad_registrations_are_answered_clearly(client, talent, overrides, message):
    client.force_login(talent)
    response = client.post(REGISTER, form_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_duplicate_credit_code_is_refused(client, talent, organisation):
    client.force_login(talent)
    response = client.post(REGISTER, form_data(credit_code=organisation.credit_code))
    assert "already exists" in response.content.decode()
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_directory_lists_verified_organisations_with_few_queries(
    client, django_assert_max_num_queries
):
    OrganisationFactory.create_batch(30)
    OrganisationFactory(name_zh_hans="待审核单位", status="pending")
    with django_assert_max_num_queries(8):
        response = client.get("/en/organisations/")
    page = response.content.decode()
    assert "待审核单位" not in page
    assert "30 organisations" in page
    names = re.findall(r'<h3><a href="/en/organisations/\d+/">([^<]+)</a>', page)
    assert len(names) == 24  # the first page
    assert names == sorted(names)


@pytest.mark.django_db
def test_directory_filters_and_searches(client):
    OrganisationFactory(name_zh_hans="重庆大学", name_en="Chongqing University", kind="university")
    OrganisationFactory(name_zh_hans="某科技公司", name_en="Some Technology Company")
    page = client.get("/en/organisations/?kind=university").content.decode()
    assert "Chongqing University" in page and "Some Technology Company" not in page
    page = client.get("/zh-hans/organisations/?q=重庆大学").content.decode()
    assert "重庆大学" in page and "某科技公司" not in page
    page = client.get("/en/organisations/?district=yubei&kind=university").content.decode()
    assert "Chongqing University" in page and "Some Technology Company" not in page
    assert (
        "Chongqing University"
        not in client.get("/en/organisations/?district=jiangbei").content.decode()
    )
    # Nonsense filters are ignored, not a server error; the others still apply.
    assert client.get("/en/organisations/?kind=nope&district=nowhere&page=abc").status_code == 200
    page = client.get("/en/organisations/?kind=university&district=nowhere").content.decode()
    assert "Chongqing University" in page and "Some Technology Company" not in page


@pytest.mark.django_db
def test_directory_htmx_returns_only_the_results(client):
    OrganisationFactory()
    response = client.get("/en/organisations/", HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()


@pytest.mark.django_db
def test_pending_organisation_is_hidden_from_outsiders(client, organisation, owner, outsider):
    organisation.status = "pending"
    organisation.save()
    url = f"/en/organisations/{organisation.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"),
    [("outsider", 403), ("talent", 403), ("moderator", 403), ("viewer", 200), ("verifier", 200)],
)
def test_manage_page_by_role(client, request, organisation, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/en/organisations/{organisation.pk}/manage/").status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["viewer", "recruiter", "outsider", "staff_admin"])
def test_invite_refused_to_non_owners(client, request, organisation, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        f"/en/organisations/{organisation.pk}/invite/", {"email": "x@example.com", "role": "viewer"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_owner_invites_with_htmx(client, owner, organisation, django_capture_on_commit_callbacks):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/{organisation.pk}/invite/",
            {"email": "colleague@example.com", "role": "recruiter"},
            HTTP_HX_REQUEST="true",
        )
    html = response.content.decode()
    assert "<html" not in html
    assert "colleague@example.com" in html
    assert "Invitation sent" in html
    response = client.post(
        f"/en/organisations/{organisation.pk}/invite/",
        {"email": "not an address", "role": "recruiter"},
        HTTP_HX_REQUEST="true",
    )
    assert "Enter a valid email address" in response.content.decode()


@pytest.mark.django_db
def test_accepting_an_invitation_through_the_site(client, owner, organisation):

    invitation = services.invite_member(owner, organisation, "join@example.com", "viewer")
    url = f"/en/organisations/invitations/{invitation.token}/"
    assert client.get(url).status_code == 200
    assert "/accounts/login/" in client.post(url).url
    client.force_login(UserFactory(email="join@example.com"))
    response = client.post(url)
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="join@example.com", role="viewer").exists()
    assert client.get("/en/organisations/invitations/unknown-token/").status_code == 404


@pytest.mark.django_db
def test_role_change_and_last_owner_message(client, owner, organisation):
    client.force_login(owner)
    own = Membership.objects.get(user=owner)
    response = client.post(
        f"/en/organisations/{organisation.pk}/members/{own.pk}/role/",
        {"role": "viewer"},
        follow=True,
    )
    assert "at least one owner" in response.content.decode()
    other = MembershipFactory(organisation=organisation, role="viewer")
    client.post(
        f"/en/organisations/{organisation.pk}/members/{other.pk}/role/", {"role": "recruiter"}
    )
    other.refresh_from_db()
    assert other.role == "recruiter"
    response = client.post(
        f"/en/organisations/{organisation.pk}/members/{other.pk}/role/",
        {"role": "god"},
        follow=True,
    )
    assert "Choose a role" in response.content.decode()


@pytest.mark.django_db
def test_members_of_another_organisation_cannot_touch_memberships(client, organisation, outsider):
    target = MembershipFactory(organisation=organisation, role="viewer")
    client.force_login(outsider)
    url = f"/en/organisations/{organisation.pk}/members/{target.pk}/remove/"
    assert client.post(url).status_code == 403
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_my_organisations_lists_memberships_with_few_queries(
    client, talent, django_assert_max_num_queries
):
    for _ in range(10):
        MembershipFactory(user=talent, role="viewer")
    client.force_login(talent)
    with django_assert_max_num_queries(10):
        response = client.get("/en/organisations/mine/")
    assert response.content.decode().count("badge-verified") == 10


@pytest.mark.django_db
def test_my_yingcai_shows_my_organisations_and_open_invitations(client, owner, organisation):
    """The organisations' panel of the accounts' dashboard (organisations/panels.py)."""

    other = OrganisationFactory(name="éåºéè¯·åä½")
    inviter = MembershipFactory(organisation=other, role="owner").user
    invitation = services.invite_member(inviter, other, owner.email, "viewer")
    withdrawn = OrganisationFactory(name="æ¤åéè¯·åä½")
    revoker = MembershipFactory(organisation=withdrawn, role="owner").user
    revoked = services.invite_member(revoker, withdrawn, owner.email, "viewer")
    Invitation.objects.filter(pk=revoked.pk).update(revoked_at=revoked.created_at)
    client.force_login(owner)
    page = client.get("/en/me/").content.decode()
    assert f"/en/organisations/{organisation.pk}/manage/" in page
    assert f"/en/organisations/invitations/{invitation.token}/" in page
    assert "æ¤åéè¯·åä½" not in page
    client.force_login(UserFactory())
    page = client.get("/en/me/").content.decode()
    assert "None yet." in page and "éåºéè¯·åä½" not in page


@pytest.mark.parametrize("page", ["edit/", "manage/", "invite/"])
def test_the_pages_of_an_unseen_organisation_answer_not_found_before_forbidden(
    client, organisation, outsider, page
):
    """The decorator loads the organisation before asking the page's rules: whoever may see
    it but lacks the rule is refused (403), an outsider to a pending one is told nothing
    exists (404)."""
    url = f"/en/organisations/{organisation.pk}/{page}"
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    organisation.status = "pending"
    organisation.save()
    client.force_login(outsider)
    assert client.post(url).status_code == 404
    assert client.post(f"/en/organisations/987654/{page}").status_code == 404
