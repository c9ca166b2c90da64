"""Stored project ⇄ demand recommendations: refresh (full and partial), the task queued on
commit, and the two pages."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from yingcai.core.models import DisciplineField, District
from yingcai.projects import recommendations
from yingcai.projects.models import Industry, Recommendation

from ..factories import (
    DemandFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)

FOR_PROJECT, FOR_DEMAND = "project", "demand"


def field(slug):
    return DisciplineField.objects.get(slug=slug)


def lists(direction) -> dict[int, list[tuple[int, float, int]]]:
    """{owner id: [(member id, score, position)]} of the stored rows of one direction."""
    found: dict = {}
    for row in Recommendation.objects.filter(direction=direction).order_by("position"):
        owner, member = (
            (row.project_id, row.demand_id)
            if direction == FOR_PROJECT
            else (row.demand_id, row.project_id)
        )
        found.setdefault(owner, []).append((member, round(row.score, 4), row.position))
    return found


@pytest.fixture
def market(organisation, talent):
    """Three listed projects, one draft; three demands taking part, one draft and one of an
    organisation not yet verified."""
    chips = ProjectFactory(lead=talent, title="车规级碳化硅功率芯片")
    chips.industries.set([Industry.objects.get(slug="electronic-information")])
    vaccine = ProjectFactory(
        title="mRNA 疫苗递送平台",
        summary="脂质纳米颗粒递送，临床前研究。Lipid nanoparticle delivery for mRNA vaccines.",
        field=field("biomedicine"),
        stage="idea",
        amount_min=80_000_000,
        amount_max=100_000_000,
        district=District.objects.get(slug="yubei"),
    )
    battery = ProjectFactory(
        title="固态电池电解质",
        summary="硫化物固态电解质，储能与新能源汽车。Solid-state electrolytes.",
        field=field("new-energy"),
        stage="revenue",
        currency="USD",
    )
    draft = ProjectFactory(status="draft", verified_at=None)
    investor = DemandFactory(organisation=organisation, title="功率半导体投资")
    investor.industries.set([Industry.objects.get(slug="electronic-information")])
    park = DemandFactory(
        kind="industries",
        title="生物医药产业园招商",
        description="引进疫苗与抗体药物项目，提供厂房与补贴。",
        stages="",
        ticket_min=None,
        ticket_max=None,
        fields=[field("biomedicine")],
        districts=[District.objects.get(slug="yubei")],
    )
    energy = DemandFactory(
        title="新能源汽车电池投资",
        description="投资固态电池、储能。",
        fields=[field("new-energy")],
        currency="USD",
    )
    draft_demand = DemandFactory(status="draft", published_at=None)
    pending = DemandFactory(organisation=OrganisationFactory(status="pending"))
    return {
        "chips": chips,
        "vaccine": vaccine,
        "battery": battery,
        "draft": draft,
        "investor": investor,
        "park": park,
        "energy": energy,
        "draft_demand": draft_demand,
        "pending": pending,
    }


# --- refresh ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_full_refresh_stores_both_directions_for_those_taking_part(market):
    written = recommendations.refresh()
    mine, theirs = lists(FOR_PROJECT), lists(FOR_DEMAND)
    listed = {market[k].pk for k in ("chips", "vaccine", "battery")}
    published = {market[k].pk for k in ("investor", "park", "energy")}
    assert set(mine) == listed and set(theirs) == published
    assert all({m for m, _s, _p in items} == published for items in mine.values())
    assert all({m for m, _s, _p in items} == listed for items in theirs.values())
    assert written == 18
    for items in [*mine.values(), *theirs.values()]:
        assert [p for _m, _s, p in items] == [0, 1, 2]
        assert [s for _m, s, _p in items] == sorted((s for _m, s, _p in items), reverse=True)
    # The chips project's best match is the power-semiconductor investor, and says why.
    assert mine[market["chips"].pk][0][0] == market["investor"].pk
    row = Recommendation.objects.get(
        direction=FOR_PROJECT, project=market["chips"], demand=market["investor"]
    )
    assert "学科领域相同：电子信息" in row.reasons["zh-hans"]
    assert "same field: Electronic information" in row.reasons["en"]
    assert "同属产业：电子信息" in row.reasons["zh-hans"]
    assert "in a district you chose: Liangjiang New Area" in row.reasons["en"]
    assert "stage fits: prototype" in row.reasons["en"]
    assert (
        "amount fits: seeks 5,000,000–20,000,000 CNY, offers 1,000,000–30,000,000 CNY"
        in row.reasons["en"]
    )
    park = Recommendation.objects.get(
        direction=FOR_DEMAND, project=market["vaccine"], demand=market["park"]
    )
    assert "项目意向区县：渝北区" in park.reasons["zh-hans"]
    market["chips"].refresh_from_db()
    market["draft"].refresh_from_db()
    assert market["chips"].recommendations_refreshed_at is not None
    assert market["draft"].recommendations_refreshed_at is None


@pytest.mark.django_db
def test_a_partial_refresh_writes_exactly_the_full_runs_lists(market):
    recommendations.refresh()
    # A new project is listed, another is withdrawn.
    solar = ProjectFactory(
        title="钙钛矿光伏组件", summary="钙钛矿太阳能电池，新能源。", field=field("new-energy")
    )
    market["vaccine"].status = "withdrawn"
    market["vaccine"].save()
    changed = [solar.pk, market["vaccine"].pk]
    recommendations.refresh(project_ids=changed)
    partial_mine, partial_theirs = lists(FOR_PROJECT), lists(FOR_DEMAND)
    assert market["vaccine"].pk not in partial_mine
    assert not Recommendation.objects.filter(project=market["vaccine"]).exists()
    recommendations.refresh()
    full_mine, full_theirs = lists(FOR_PROJECT), lists(FOR_DEMAND)
    assert partial_mine[solar.pk] == full_mine[solar.pk]
    # Every demand's list named the new project or the withdrawn one: all rewritten.
    assert partial_theirs == full_theirs
    # A demand closed: it leaves every project's list.
    market["energy"].status = "closed"
    market["energy"].save()
    recommendations.refresh(demand_ids=[market["energy"].pk])
    assert not Recommendation.objects.filter(demand=market["energy"]).exists()
    # Every project's list named it: all rewritten, as the full run writes them.
    partial_mine = lists(FOR_PROJECT)
    recommendations.refresh()
    assert partial_mine == lists(FOR_PROJECT)
    assert all(len(items) == 2 for items in partial_mine.values())
    recommendations.refresh(demand_ids=[])  # nothing to do, nothing broken
    assert lists(FOR_PROJECT) == partial_mine


@pytest.mark.django_db
def test_a_market_with_one_side_empty_stores_nothing(talent):
    project = ProjectFactory(lead=talent)
    assert recommendations.refresh() == 0
    assert recommendations.refresh(project_ids=[project.pk]) == 0
    assert not Recommendation.objects.exists()


@pytest.mark.django_db
def test_queue_refresh_runs_the_task_after_the_commit(market, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        recommendations.queue_refresh(project_ids=[market["chips"].pk])
    assert len(callbacks) == 1
    assert (
        Recommendation.objects.filter(project=market["chips"], direction=FOR_PROJECT).count() == 3
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        recommendations.queue_refresh()
    assert Recommendation.objects.count() == 18
    with django_capture_on_commit_callbacks() as callbacks:
        recommendations.queue_refresh(project_ids=[], demand_ids=[])
        recommendations.queue_refresh(demand_ids=[])
    assert callbacks == []


@pytest.mark.django_db
def test_nothing_is_queued_for_a_change_rolled_back(market, django_capture_on_commit_callbacks):
    # A callback registered inside a rolled-back block is dropped with it.
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        recommendations.queue_refresh(project_ids=[market["chips"].pk])
        # Nothing runs before the commit …
        assert not Recommendation.objects.exists()
        transaction.set_rollback(True)
    # … and nothing is left to run after the rollback.
    assert callbacks == []
    assert not Recommendation.objects.exists()


# --- pages --------------------------------------------------------------------------------------


def project_url(project, language="zh-hans"):
    with translation.override(language):
        return reverse("project_recommendations:for_project", args=[project.pk])


def demand_url(demand):
    return reverse("project_recommendations:for_demand", args=[demand.organisation_id, demand.pk])


@pytest.mark.django_db
def test_the_team_sees_its_projects_list_with_reasons_in_its_language(client, market, talent):
    recommendations.refresh()
    client.force_login(talent)
    page = client.get(project_url(market["chips"], "en"))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('data-testid="recommendation"') == 3
    assert "Demands and investors for this project" in text
    assert "same field: Electronic information" in text
    assert text.index("功率半导体投资") < text.index("新能源汽车电池投资")
    chinese = client.get(project_url(market["chips"]))
    assert "学科领域相同：电子信息" in chinese.content.decode()


@pytest.mark.django_db
def test_the_organisation_sees_its_demands_list(client, market, viewer):
    recommendations.refresh()
    client.force_login(viewer)
    page = client.get(demand_url(market["investor"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('data-testid="recommendation"') == 3
    assert text.index("车规级碳化硅功率芯片") < text.index("固态电池电解质")


@pytest.mark.django_db
def test_a_list_not_yet_computed_or_not_taking_part_says_so(client, market, talent, owner):
    client.force_login(talent)
    page = client.get(project_url(market["chips"]))
    assert 'data-testid="pending"' in page.content.decode()
    draft = ProjectFactory(lead=talent, status="draft", verified_at=None)
    assert 'data-testid="not-listed"' in client.get(project_url(draft)).content.decode()
    recommendations.refresh()
    page = client.get(project_url(market["chips"]))
    assert 'data-testid="refreshed"' in page.content.decode()
    client.force_login(owner)
    demand = DemandFactory(
        organisation=market["investor"].organisation, status="draft", published_at=None
    )
    assert 'data-testid="not-published"' in client.get(demand_url(demand)).content.decode()


@pytest.mark.django_db
def test_others_are_refused(client, market, talent, outsider, viewer):
    recommendations.refresh()
    # Anonymous: to the log-in page.
    page = client.get(project_url(market["chips"]))
    assert page.status_code == 302 and "login" in page["Location"]
    # Another talent: a listed project is known, its list is not theirs (403); a draft is
    # not even known (404).
    client.force_login(UserFactory())
    assert client.get(project_url(market["chips"])).status_code == 403
    draft = ProjectFactory(lead=talent, status="draft", verified_at=None)
    assert client.get(project_url(draft)).status_code == 404
    assert (
        client.get(reverse("project_recommendations:for_project", args=[99999])).status_code == 404
    )
    # Another organisation's member: 403 on this demand; a demand under the wrong
    # organisation's id: 404.
    client.force_login(outsider)
    assert client.get(demand_url(market["investor"])).status_code == 403
    other = MembershipFactory(role="owner").organisation
    wrong = reverse("project_recommendations:for_demand", args=[other.pk, market["investor"].pk])
    assert client.get(wrong).status_code == 404
    # An organisation not verified is seen by its members only (organisations' rule): 404.
    assert client.get(demand_url(market["pending"])).status_code == 404
    # The demand's organisation does not read a project's list.
    client.force_login(viewer)
    assert client.get(project_url(market["chips"])).status_code == 403


@pytest.mark.django_db
def test_the_lists_take_a_fixed_number_of_queries(
    client, market, talent, viewer, django_assert_max_num_queries
):
    for i in range(12):
        DemandFactory(title=f"功率芯片投资 {i}", organisation=market["investor"].organisation)
        ProjectFactory(title=f"功率芯片 {i}")
    recommendations.refresh()
    assert (
        Recommendation.objects.filter(project=market["chips"], direction=FOR_PROJECT).count() == 10
    )
    client.force_login(talent)
    with django_assert_max_num_queries(8) as queries:
        assert client.get(project_url(market["chips"])).status_code == 200
    client.force_login(viewer)
    with django_assert_max_num_queries(9) as more:
        assert client.get(demand_url(market["investor"])).status_code == 200
    # Nothing computed nor written on a GET: the stored rows are read, no more.
    statements = [q["sql"].upper() for q in [*queries.captured_queries, *more.captured_queries]]
    written = [q for q in statements if q.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert all("DJANGO_SESSION" in q or "CACHE" in q for q in written), written
