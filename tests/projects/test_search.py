"""Search of projects and demands (yingcai.projects.search over yingcai.search) with their
filters, on the pages: the same expectations on SQLite (FTS5) and PostgreSQL (tsvector)."""

from importlib import import_module

import pytest
from django.db import connection
from django.urls import reverse

from yingcai.projects import search
from yingcai.projects.filters import search_demands, search_projects
from yingcai.projects.models import Demand, Project
from yingcai.search import index

from ..factories import OrganisationFactory
from .factories import district, field, indexed_demand, indexed_project, industry

pytestmark = pytest.mark.django_db
MIGRATION = import_module("yingcai.projects.migrations.0003_search_index")


def titles(found) -> list[str]:
    return [row.title for row in found.results]


def projects(**params) -> list[str]:
    return titles(search_projects(params))


def demands(**params) -> list[str]:
    return titles(search_demands(params))


# --- Words ----------------------------------------------------------------------------------
def test_projects_are_found_in_chinese_and_english():
    indexed_project(
        title_zh_hans="车规级碳化硅功率芯片",
        title_en="Automotive silicon-carbide power chips",
        summary_zh_hans="面向新能源汽车。",
        summary_en="For electric vehicles.",
    )
    indexed_project(
        title_zh_hans="智能养老机器人",
        summary_zh_hans="陪护机器人。",
        field=field("smart-manufacturing"),
    )
    assert projects(q="芯片") == ["车规级碳化硅功率芯片"]
    assert projects(q="silicon carbide") == ["车规级碳化硅功率芯片"]
    assert projects(q="机器人") == ["智能养老机器人"]
    # The field's and the stage's names are words of the document too.
    assert projects(q="智能制造") == ["智能养老机器人"]
    assert set(projects(q="prototype")) == {"车规级碳化硅功率芯片", "智能养老机器人"}
    assert projects(q="区块链") == []


def test_the_title_weighs_more_than_the_summary():
    indexed_project(title_zh_hans="电池回收", summary_zh_hans="面向储能电站的梯次利用。")
    indexed_project(title_zh_hans="储能电站", summary_zh_hans="电池梯次利用。")
    assert projects(q="储能电站")[0] == "储能电站"
    assert projects(q="电池回收")[0] == "电池回收"


def test_demands_are_found_by_words_industries_and_organisation():
    investor = OrganisationFactory(
        kind="investor", name_zh_hans="两江产业基金", name_en="Liangjiang Fund"
    )
    indexed_demand(
        organisation=investor,
        title_zh_hans="新能源电池材料投资",
        title_en="Battery materials investment",
        industries=[industry("new-energy")],
    )
    indexed_demand(title_zh_hans="生物医药成果转化", description_zh_hans="寻找临床合作伙伴。")
    assert demands(q="电池") == ["新能源电池材料投资"]
    assert demands(q="battery") == ["新能源电池材料投资"]
    assert demands(q="New energy") == ["新能源电池材料投资"]
    assert demands(q="两江产业基金") == ["新能源电池材料投资"]
    assert demands(q="临床") == ["生物医药成果转化"]


def test_only_listed_projects_and_public_demands_are_found():
    indexed_project(title_zh_hans="已上线芯片项目")
    for status in ("draft", "submitted", "rejected", "withdrawn"):
        indexed_project(title_zh_hans=f"芯片项目{status}", status=status)
    indexed_demand(title_zh_hans="已发布芯片需求")
    for status in ("draft", "submitted", "rejected", "closed"):
        indexed_demand(title_zh_hans=f"芯片需求{status}", status=status)
    indexed_demand(
        title_zh_hans="暂停单位的芯片需求",
        organisation=OrganisationFactory(kind="investor", status="suspended"),
    )
    assert projects(q="芯片") == ["已上线芯片项目"]
    assert demands(q="芯片") == ["已发布芯片需求"]


def test_words_the_search_cannot_use_list_everything_newest_first():
    older = indexed_project(title_zh_hans="较早")
    newer = indexed_project(title_zh_hans="较新")
    Project.objects.filter(pk=older.pk).update(verified_at=newer.verified_at.replace(year=2019))
    assert projects(q="!!! ???") == ["较新", "较早"]
    assert projects() == ["较新", "较早"]


# --- Filters --------------------------------------------------------------------------------
def test_the_project_filters():
    chip = indexed_project(title_zh_hans="芯片", industries=[industry("electronic-information")])
    indexed_project(
        title_zh_hans="药物",
        field=field("biomedicine"),
        stage="idea",
        origin="overseas",
        country="Germany",
        district=district("yubei"),
        amount_min=50_000_000,
        amount_max=None,
        currency="USD",
    )
    indexed_project(
        title_zh_hans="不融资", seeks_investment=False, amount_min=None, amount_max=None
    )
    assert set(projects(field="electronic-information")) == {"芯片", "不融资"}
    assert projects(field="biomedicine") == ["药物"]
    assert projects(stage="idea") == ["药物"]
    assert projects(origin="overseas") == ["药物"]
    assert projects(district="yubei") == ["药物"]
    assert projects(industry="electronic-information") == [chip.title]
    # The amount falls within the range sought; an open end holds any amount, no range none.
    assert projects(amount="10000000") == ["芯片"]
    assert projects(amount="900000000") == ["药物"]
    assert projects(amount="1000") == []
    assert projects(currency="USD") == ["药物"]
    # Text and two filters together.
    assert projects(q="药物", origin="overseas", stage="idea") == ["药物"]
    assert projects(q="药物", origin="domestic", stage="idea") == []


def test_the_demand_filters():
    indexed_demand(title_zh_hans="投资", industries=[industry("new-energy")])
    park = OrganisationFactory(kind="industrial_park")
    indexed_demand(
        organisation=park,
        kind="industries",
        title_zh_hans="园区招商",
        offers_zh_hans="厂房",
        stages="",
        ticket_min=None,
        ticket_max=None,
        districts=[district("yubei")],
        fields=[field("biomedicine")],
    )
    assert demands(kind="investor") == ["投资"]
    assert demands(kind="industrial_park") == ["园区招商"]
    assert demands(district="yubei") == ["园区招商"]
    assert demands(district="liangjiang") == ["投资"]
    assert demands(field="biomedicine") == ["园区招商"]
    assert demands(industry="new-energy") == ["投资"]
    # Stages: those named, and demands naming none (any stage).
    assert set(demands(stage="revenue")) == {"投资", "园区招商"}
    assert demands(stage="idea") == ["园区招商"]
    assert demands(amount="5000000") == ["投资"]
    assert demands(amount="50000000") == []
    assert demands(q="园区", kind="industrial_park", district="yubei") == ["园区招商"]


@pytest.mark.parametrize(
    "params",
    [
        {"field": "no-such-field"},
        {"district": "atlantis"},
        {"stage": "seed"},
        {"origin": "mars"},
        {"amount": "-1"},
        {"amount": "lots"},
        {"amount": str(10**13)},
        {"currency": "EUR"},
        {"industry": "x" * 300},
        {"sort": "cheapest"},
        {"q": "长" * 201},
        {"kind": "pirate"},
    ],
)
def test_a_bad_filter_drops_itself_never_the_page(client, params):
    indexed_project(title_zh_hans="芯片")
    indexed_demand(title_zh_hans="需求")
    pages = (
        ("projects:list", search_projects, "origin"),
        ("projects:demands", search_demands, "kind"),
    )
    for name, search_function, own in pages:
        response = client.get(reverse(name), params)
        assert response.status_code == 200
        if set(params) & {"origin", "kind"} and own not in params:
            continue  # not a filter of this page: ignored
        assert 'class="errorlist"' in response.content.decode()
        found = search_function(params)
        assert found.errors
        assert len(list(found.results)) == 1  # the other filters still apply (none here)


# --- The pages ------------------------------------------------------------------------------
def test_the_project_list_shows_the_summary_only(client, django_assert_max_num_queries):
    project = indexed_project(
        title_zh_hans="车规级功率芯片",
        summary_zh_hans="碳化硅功率芯片。",
        patents="ZL202010000001.1",
        industries=[industry("new-energy")],
        lead=None,
    )
    for n in range(25):
        indexed_project(title_zh_hans=f"芯片项目{n}", industries=[industry("new-energy")])
    # Constant: the field filter, the synonyms (2), the ranks (2), count, page, industries,
    # the three lists of choices of the filters.
    with django_assert_max_num_queries(12):
        response = client.get(
            reverse("projects:list"), {"q": "芯片", "field": "electronic-information"}
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="project"') == 20  # one page
    assert "ZL202010000001" not in page
    assert "新能源" in page
    assert project.title in client.get(reverse("projects:list"), {"q": "功率"}).content.decode()
    second = client.get(reverse("projects:list"), {"q": "芯片", "page": "2"}).content.decode()
    assert second.count('data-testid="project"') == 6


def test_the_demand_list_is_bounded_and_hides_contacts(client, django_assert_max_num_queries):
    for n in range(25):
        indexed_demand(
            title_zh_hans=f"电池投资{n}",
            contact_email=f"invest{n}@example.cn",
            industries=[industry("new-energy")],
        )
    with django_assert_max_num_queries(14):
        response = client.get(reverse("projects:demands"), {"q": "电池", "kind": "investor"})
    page = response.content.decode()
    assert page.count('data-testid="demand"') == 20
    assert "@example.cn" not in page


def test_htmx_gets_only_the_results(client):
    indexed_demand(title_zh_hans="需求")
    response = client.get(reverse("projects:demands"), HTTP_HX_REQUEST="true")
    assert b"<form" not in response.content
    assert b'data-testid="demand"' in response.content
    response = client.get(reverse("projects:list"), HTTP_HX_REQUEST="true")
    assert b"<form" not in response.content


def test_the_pages_work_in_english(client):
    indexed_project(title_en="Power chips", title_zh_hans="")
    page = client.get("/en/projects/", {"q": "chips"}).content.decode()
    assert "Power chips" in page and "1 project" in page
    assert "Project demands" in client.get("/en/projects/demands/").content.decode()


# --- The index ------------------------------------------------------------------------------
def test_the_documents_follow_the_services_and_the_indexes_follow_the_documents():
    demand = indexed_demand(title_zh_hans="氢能重卡")
    assert demands(q="氢能") == ["氢能重卡"]
    Demand.objects.filter(pk=demand.pk).update(
        title_zh_hans="光伏组件",
        search_document=search.demand_document(Demand(title_zh_hans="光伏组件")),
    )
    assert demands(q="氢能") == []
    assert demands(q="光伏") == ["光伏组件"]
    Demand.objects.filter(pk=demand.pk).delete()
    assert demands(q="光伏") == []


def test_the_migration_can_run_again_and_finds_the_same():
    """Idempotent: a database where it already ran (or a replay) keeps one index, full."""
    indexed_project(title_zh_hans="芯片")
    indexed_demand(title_zh_hans="芯片需求")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The rows' deferred foreign-key checks, before altering their tables.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in MIGRATION.FORWARDS.get(connection.vendor, []):
            cursor.execute(sql)
    assert projects(q="芯片") == ["芯片"]
    assert demands(q="芯片") == ["芯片需求"]
    indexed_project(title_zh_hans="芯片二")
    assert set(projects(q="芯片")) == {"芯片", "芯片二"}


def test_sqlite_triggers_are_repaired_after_a_table_rebuild():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's triggers only")
    with connection.cursor() as cursor:
        for name, _body in search.DEMAND_INDEX.triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    indexed_demand(title_zh_hans="重建之后")
    assert demands(q="重建") == []  # the index no longer follows the table …
    assert index.repair() == ["projects_demand"]
    assert demands(q="重建") == ["重建之后"]  # … until it is repaired and refilled


def test_a_document_of_an_unsaved_object_has_no_relations():
    assert "|" in search.project_document(Project(title_zh_hans="新项目", stage="idea"))
    assert search.demand_document(Demand(title_en="New", kind="investment")).startswith("new")
