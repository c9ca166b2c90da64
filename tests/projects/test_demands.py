"""Project demands: posted by verified organisations in the shape of their kind, moderated as
job requirements are, with their refusals."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yingcai.core.models import AuditEntry
from yingcai.core.registry import figures as figures_registry
from yingcai.core.rules import can
from yingcai.projects import hooks
from yingcai.projects.forms_demand import DemandForm
from yingcai.projects.models import Demand
from yingcai.projects.services import demands as services

from ..factories import DemandFactory, MembershipFactory, OrganisationFactory, UserFactory
from .factories import district, field, industry, member_of

pytestmark = pytest.mark.django_db


def investor_post(**overrides):
    data = {
        "title_zh_hans": "智能制造早期项目投资",
        "title_en": "Early-stage smart manufacturing",
        "description_zh_hans": "投资工业机器人与传感器项目。",
        "description_en": "",
        "fields": [str(field().pk)],
        "industries": [str(industry("smart-manufacturing").pk)],
        "districts": [str(district("liangjiang").pk), str(district("yubei").pk)],
        "stages": ["prototype", "revenue"],
        "ticket_min": "1000000",
        "ticket_max": "20000000",
        "currency": "USD",
        "contact_name": "李经理",
        "contact_email": "invest@example.cn",
        "contact_phone": "023-12345678",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def create_url(organisation):
    return reverse("org_demands:create", args=[organisation.pk])


def draft_of(organisation, user=None, **kwargs):
    """A draft through the service, as the form makes it."""
    demand = Demand(
        title_zh_hans=kwargs.pop("title", "需求"),
        description_zh_hans="说明",
        **kwargs,
    )
    relations = {"fields": [field()]}
    if organisation.kind in ("district_government", "industrial_park"):
        relations["districts"] = [district()]
        demand.offers_zh_hans = "厂房"
    user = user or MembershipFactory(organisation=organisation, role="recruiter").user
    return services.create_demand(user, organisation, demand, relations)


# --- Posting, shaped by the kind -------------------------------------------------------------
def test_an_investor_posts_an_investment_demand(client):
    user, organisation = member_of("investor")
    client.force_login(user)
    response = client.post(create_url(organisation), investor_post())
    demand = Demand.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("org_demands:detail", args=[organisation.pk, demand.pk])
    assert demand.kind == "investment"
    assert demand.status == "draft"
    assert demand.stages == ",prototype,revenue,"
    assert (demand.ticket_min, demand.ticket_max, demand.currency) == (1_000_000, 20_000_000, "USD")
    assert {d.slug for d in demand.districts.all()} == {"liangjiang", "yubei"}
    assert demand.created_by == user
    # The search document has both languages and the industry's names.
    assert "智能" in demand.search_document and "manufacturing" in demand.search_document
    assert AuditEntry.objects.filter(action="demand.created").count() == 1


@pytest.mark.parametrize(
    ("kind", "shown", "hidden"),
    [
        ("enterprise", ["industries", "districts"], ["ticket_min", "offers_zh_hans", "stages"]),
        ("industrial_park", ["offers_zh_hans", "districts"], ["ticket_min", "stages"]),
        ("district_government", ["offers_en", "industries"], ["currency"]),
        ("investor", ["ticket_min", "ticket_max", "currency", "stages"], ["offers_zh_hans"]),
        ("university", ["stages", "industries"], ["ticket_max", "districts", "offers_en"]),
    ],
)
def test_the_form_shows_only_what_fits_the_kind(client, kind, shown, hidden):
    user, organisation = member_of(kind)
    client.force_login(user)
    page = client.get(create_url(organisation)).content.decode()
    for name in shown:
        assert f'name="{name}"' in page
    for name in hidden:
        assert f'name="{name}"' not in page


def test_a_park_says_what_it_offers_and_where(client, english):
    user, organisation = member_of("industrial_park")
    client.force_login(user)
    data = {
        "title_zh_hans": "引进新能源电池项目",
        "description_zh_hans": "园区招引电池材料企业。",
        "fields": [str(field().pk)],
    }
    response = client.post(create_url(organisation), data)
    assert response.status_code == 400
    assert not Demand.objects.exists()
    errors = response.context["form"].errors
    assert "offers_zh_hans" in errors and "districts" in errors
    data.update({"offers_zh_hans": "标准厂房三年免租。", "districts": [str(district().pk)]})
    assert client.post(create_url(organisation), data).status_code == 302
    demand = Demand.objects.get()
    assert demand.kind == "industries"
    assert demand.offers_zh_hans == "标准厂房三年免租。"


@pytest.mark.parametrize(
    ("overrides", "field_name"),
    [
        ({"ticket_min": "-5"}, "ticket_min"),
        ({"ticket_min": "30000000", "ticket_max": "1000000"}, "ticket_max"),
        ({"ticket_max": str(10**13)}, "ticket_max"),
        ({"ticket_min": "abc"}, "ticket_min"),
        ({"currency": "EUR"}, "currency"),
        ({"districts": ["999999"]}, "districts"),
        ({"districts": ["x"]}, "districts"),
        ({"stages": ["seed"]}, "stages"),
        ({"fields": []}, "fields"),
        ({"fields": ["999999"]}, "fields"),
        ({"industries": ["999999"]}, "industries"),
        ({"title_zh_hans": "长" * 121}, "title_zh_hans"),
        ({"description_zh_hans": "长" * 8001}, "description_zh_hans"),
        ({"title_zh_hans": "", "title_en": ""}, "title_zh_hans"),
        ({"description_zh_hans": "  "}, "description_zh_hans"),
        ({"contact_email": "not an address"}, "contact_email"),
    ],
)
def test_bad_input_answers_the_form_again(client, overrides, field_name):
    user, organisation = member_of("investor")
    client.force_login(user)
    response = client.post(create_url(organisation), investor_post(**overrides))
    assert response.status_code == 400
    assert field_name in response.context["form"].errors
    assert not Demand.objects.exists()


@pytest.mark.parametrize("name", ["title_zh_hans", "description_en", "contact_name"])
def test_nul_bytes_are_refused_and_nothing_is_written(client, name):
    user, organisation = member_of("investor")
    client.force_login(user)
    response = client.post(create_url(organisation), investor_post(**{name: "标题\x00"}))
    assert response.status_code == 400
    assert not Demand.objects.exists()
    # The form itself refuses them too (an import reaches it without the middleware).
    form = DemandForm(investor_post(**{name: "a\x00b"}), kind="investment")
    assert not form.is_valid() and name in form.errors


def test_english_only_is_enough():
    user, organisation = member_of("enterprise")
    demand = services.create_demand(
        user,
        organisation,
        Demand(title_en="Battery thermal management", description_en="We need a partner."),
        {"fields": [field()]},
    )
    assert demand.kind == "technology"
    assert "battery" in demand.search_document


@pytest.mark.parametrize(
    ("kind", "change", "relations", "key"),
    [
        # What the form never shows, given to the service another way (an import, a command).
        ("enterprise", {"ticket_min": 5}, {}, "ticket_min"),
        ("enterprise", {"currency": "USD"}, {}, "currency"),
        ("enterprise", {"stages": ",idea,"}, {}, "stages"),
        ("university", {}, {"districts": True}, "districts"),
        ("investor", {"offers_en": "land"}, {}, "offers_zh_hans"),
        ("investor", {"stages": ",seed,"}, {}, "stages"),
        ("investor", {"ticket_min": 10, "ticket_max": 5}, {}, "ticket_max"),
        ("investor", {"ticket_max": 10**13}, {}, "ticket_max"),
        ("investor", {"title_zh_hans": ""}, {}, "title_zh_hans"),
        ("investor", {}, {"fields": False}, "fields"),
        ("district_government", {"offers_zh_hans": ""}, {}, "offers_zh_hans"),
        ("district_government", {}, {"districts": False}, "districts"),
    ],
)
def test_the_service_checks_every_path(kind, change, relations, key):
    user, organisation = member_of(kind)
    demand = Demand(title_zh_hans="需求", description_zh_hans="说明", offers_zh_hans="")
    if kind == "district_government":
        demand.offers_zh_hans = "厂房"
    for name, value in change.items():
        setattr(demand, name, value)
    given = {"fields": [field()]}
    if kind == "district_government":
        given["districts"] = [district()]
    for name, wanted in relations.items():
        given[name] = [district()] if name == "districts" and wanted else []
        if name == "fields" and not wanted:
            given[name] = []
    with pytest.raises(ValidationError) as refused:
        services.create_demand(user, organisation, demand, given)
    assert key in refused.value.message_dict
    assert not Demand.objects.exists()


# --- Who may post --------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_may_not_post(client, role):
    user, organisation = member_of("investor", role=role)
    client.force_login(user)
    assert client.get(create_url(organisation)).status_code == 403
    assert client.post(create_url(organisation), investor_post()).status_code == 403
    assert not Demand.objects.exists()


def test_an_unverified_organisation_may_not_post(client):
    user, organisation = member_of("investor", status="pending")
    client.force_login(user)
    assert client.post(create_url(organisation), investor_post()).status_code == 403
    listing = client.get(reverse("org_demands:list", args=[organisation.pk]))
    assert listing.status_code == 200
    assert b'data-testid="unverified-notice"' in listing.content


def test_the_organisers_organisation_posts_no_demand(client):
    user, organisation = member_of("organiser")
    client.force_login(user)
    assert not can(user, "projects.add_demand", organisation)
    assert client.get(create_url(organisation)).status_code == 403


def test_outsiders_and_strangers_do_not_see_an_organisations_demands(client, talent):
    _user, organisation = member_of("investor")
    stranger, _elsewhere = member_of("investor")
    # A verified organisation is public: its pages of demands are its members' (403).
    for who in (talent, stranger):
        client.force_login(who)
        assert client.get(reverse("org_demands:list", args=[organisation.pk])).status_code == 403
    organisation.status = "pending"
    organisation.save()
    # One awaiting verification is not even shown to exist.
    client.force_login(stranger)
    assert client.get(reverse("org_demands:list", args=[organisation.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("org_demands:list", args=[organisation.pk])).status_code == 302


def test_another_organisations_demand_answers_404(client):
    user, organisation = member_of("investor")
    other = DemandFactory(status="draft", published_at=None)
    client.force_login(user)
    for name in ("detail", "edit"):
        url = reverse(f"org_demands:{name}", args=[organisation.pk, other.pk])
        assert client.get(url).status_code == 404
    for name in ("submit", "close"):
        url = reverse(f"org_demands:{name}", args=[organisation.pk, other.pk])
        assert client.post(url).status_code == 404
    other.refresh_from_db()
    assert other.status == "draft"


# --- The life cycle --------------------------------------------------------------------------
def test_submit_reject_correct_resubmit_approve_close(
    client, verifier, mailoutbox, django_capture_on_commit_callbacks
):
    user, organisation = member_of("investor")
    client.force_login(user)
    client.post(create_url(organisation), investor_post())
    demand = Demand.objects.get()
    detail = reverse("org_demands:detail", args=[organisation.pk, demand.pk])
    assert client.get(detail).status_code == 200

    client.post(reverse("org_demands:submit", args=[organisation.pk, demand.pk]))
    demand.refresh_from_db()
    assert demand.status == "submitted"
    first = demand.first_submitted_at
    assert first is not None
    # Not editable while awaiting approval.
    edit = reverse("org_demands:edit", args=[organisation.pk, demand.pk])
    assert client.get(edit).status_code == 403

    client.force_login(verifier)
    review = reverse("orga_projects:demand_review", args=[demand.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(review, {"decision": "reject", "reason": "请写明投资阶段。"})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.status == "rejected"
    assert demand.status_reason == "请写明投资阶段。"
    assert mailoutbox[-1].to == [user.email]

    client.force_login(user)
    page = client.get(edit)
    assert "请写明投资阶段。" in page.content.decode()
    response = client.post(edit, investor_post(title_zh_hans="智能制造早期项目投资(修订)"))
    assert response.status_code == 302
    client.post(reverse("org_demands:submit", args=[organisation.pk, demand.pk]))
    demand.refresh_from_db()
    assert demand.status == "submitted"
    assert demand.first_submitted_at == first  # the first moment is kept

    client.force_login(verifier)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(review, {"decision": "approve"}).status_code == 302
    demand.refresh_from_db()
    assert demand.status == "published"
    assert demand.reviewed_by == verifier
    assert "智能制造早期项目投资(修订)" in mailoutbox[-1].subject

    client.force_login(user)
    client.post(reverse("org_demands:close", args=[organisation.pk, demand.pk]))
    demand.refresh_from_db()
    assert demand.status == "closed" and demand.closed_at
    history = client.get(detail).content.decode()
    assert history.count("<li>") >= 6
    actions = list(
        AuditEntry.objects.filter(action__startswith="demand.").values_list("action", flat=True)
    )
    assert actions.count("demand.submitted") == 2


def test_the_recommendations_are_refreshed_after_publishing_and_closing(
    verifier, django_capture_on_commit_callbacks
):
    user, organisation = member_of("investor")
    demand = draft_of(organisation, user)

    def ours(callbacks):
        # Beside them, every write of a counted row marks the figures changed on commit.
        return [c for c in callbacks if c is not figures_registry._mark]

    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_demand(user, demand)
    assert not ours(callbacks)  # nothing to refresh before it is published
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.approve_demand(verifier, demand)
    assert ours(callbacks)  # the mail and the refresh
    with django_capture_on_commit_callbacks() as callbacks:
        services.close_demand(user, demand)
    assert len(ours(callbacks)) == 1


def test_the_state_refusals_speak(verifier, english):
    user, organisation = member_of("investor")
    demand = draft_of(organisation, user)
    with pytest.raises(ValidationError, match="submitted or published"):
        services.close_demand(user, demand)
    with pytest.raises(ValidationError, match="awaiting approval can be approved"):
        services.approve_demand(verifier, demand)
    with pytest.raises(ValidationError, match="awaiting approval can be rejected"):
        services.reject_demand(verifier, demand, "原因")
    with pytest.raises(ValidationError, match="Give the reason"):
        services.reject_demand(verifier, demand, "  ")
    services.submit_demand(user, demand)
    with pytest.raises(ValidationError, match="draft or a returned demand"):
        services.submit_demand(user, demand)
    organisation.status = "suspended"
    organisation.save()
    with pytest.raises(ValidationError, match="not verified"):
        services.approve_demand(verifier, demand)
    with pytest.raises(ValidationError, match="not verified"):
        services.submit_demand(user, Demand.objects.get(pk=demand.pk))


def test_an_edit_from_a_page_opened_before_the_submission_is_refused():
    user, organisation = member_of("investor")
    stale = draft_of(organisation, user)
    services.submit_demand(user, Demand.objects.get(pk=stale.pk))
    stale.title_zh_hans = "改过的标题"
    with pytest.raises(PermissionDenied):
        services.update_demand(user, stale, {"fields": [field()]})
    fresh = Demand.objects.get(pk=stale.pk)
    assert fresh.title_zh_hans == "需求" and fresh.status == "submitted"


def test_a_demand_deleted_meanwhile_answers_in_words(verifier, english):
    user, organisation = member_of("investor")
    demand = draft_of(organisation, user)
    services.submit_demand(user, demand)
    Demand.objects.filter(pk=demand.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        services.approve_demand(verifier, demand)


def test_only_organisers_who_approve_jobs_approve_demands(client, talent, owner, editor):
    demand = DemandFactory(status="submitted", published_at=None)
    review = reverse("orga_projects:demand_review", args=[demand.pk])
    for who in (talent, owner, editor):
        client.force_login(who)
        assert client.post(review, {"decision": "approve"}).status_code == 403
    demand.refresh_from_db()
    assert demand.status == "submitted"
    with pytest.raises(PermissionDenied):
        services.approve_demand(editor, demand)


def test_a_member_cannot_approve_their_own_demand():
    user, organisation = member_of("investor", role="owner")
    demand = draft_of(organisation, user)
    services.submit_demand(user, demand)
    with pytest.raises(PermissionDenied):
        services.approve_demand(user, demand)


def test_the_queue_lists_what_waits_oldest_first(client, verifier, django_assert_max_num_queries):
    waiting = [DemandFactory(status="submitted", published_at=None) for _ in range(3)]
    DemandFactory()  # published: not waiting
    client.force_login(verifier)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("orga_projects:demands"))
    assert page.content.decode().count('data-testid="queued-demand"') == 3
    searched = client.get(reverse("orga_projects:demands"), {"q": waiting[0].title})
    assert searched.content.decode().count('data-testid="queued-demand"') == 1
    assert client.get(reverse("orga_projects:demands"), {"q": "a\x00b"}).status_code == 400
    home = client.get(reverse("orga:home")).content.decode()
    assert 'data-testid="queue-demands"' in home


def test_a_bad_decision_answers_400(client, verifier):
    demand = DemandFactory(status="submitted", published_at=None)
    client.force_login(verifier)
    review = reverse("orga_projects:demand_review", args=[demand.pk])
    assert client.post(review, {"decision": "maybe"}).status_code == 400
    assert client.post(review, {"decision": "reject", "reason": ""}).status_code == 400
    assert client.get(review).status_code == 200
    demand.refresh_from_db()
    assert demand.status == "submitted"


# --- The public page -------------------------------------------------------------------------
def test_the_public_page_hides_the_contacts_and_shows_the_actions(client, talent):
    demand = DemandFactory(contact_email="invest@example.cn", contact_name="李经理")
    page = client.get(reverse("projects:demand", args=[demand.pk]))
    assert page.status_code == 200
    assert demand.title in page.content.decode()
    assert "invest@example.cn" not in page.content.decode()

    def offer(user, obj):
        if not user.is_authenticated:
            return []
        return [hooks.Action(label="表达意向", url="/docking/x/", method="post")]

    hooks.demand_actions.append(offer)
    try:
        client.force_login(talent)
        page = client.get(reverse("projects:demand", args=[demand.pk])).content.decode()
    finally:
        hooks.demand_actions.remove(offer)
    assert "表达意向" in page and 'data-testid="demand-actions"' in page

    member = MembershipFactory(organisation=demand.organisation, role="viewer").user
    client.force_login(member)
    assert (
        "invest@example.cn"
        in client.get(reverse("projects:demand", args=[demand.pk])).content.decode()
    )


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "closed"])
def test_an_unpublished_demand_is_not_public(client, status):
    demand = DemandFactory(status=status)
    assert client.get(reverse("projects:demand", args=[demand.pk])).status_code == 404
    member = MembershipFactory(organisation=demand.organisation).user
    client.force_login(member)
    assert client.get(reverse("projects:demand", args=[demand.pk])).status_code == 200


def test_a_suspended_organisations_demand_leaves_the_public_pages(client):
    demand = DemandFactory(organisation=OrganisationFactory(kind="investor", status="suspended"))
    assert client.get(reverse("projects:demand", args=[demand.pk])).status_code == 404
    assert client.get(reverse("projects:demand", args=[10**9])).status_code == 404


def test_the_organisations_list_and_export_are_bounded(client, django_assert_max_num_queries):
    user, organisation = member_of("investor")
    for _ in range(6):
        DemandFactory(organisation=organisation, status="draft", published_at=None)
    client.force_login(user)
    url = reverse("org_demands:list", args=[organisation.pk])
    with django_assert_max_num_queries(16):
        page = client.get(url)
    assert page.content.decode().count('data-testid="own-demand"') == 6
    assert client.get(url, {"status": "published"}).status_code == 200
    assert client.get(url, {"status": "\x00"}).status_code == 400
    UserFactory()
