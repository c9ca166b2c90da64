"""Job search and job pages, as visitors use them (runs on SQLite and on PostgreSQL)."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingcai.core.models import DisciplineField, District
from yingcai.jobs import search
from yingcai.jobs.models import Job
from yingcai.organisations.models import Organisation

from ..factories import JobFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def indexed_job(**fields) -> Job:
    job = JobFactory(**fields)
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


def url(**params) -> str:
    base = reverse("jobs:search")
    return f"{base}?{urlencode(params)}" if params else base


def listed(client, **params) -> list[Job]:
    response = client.get(url(**params))
    assert response.status_code == 200, params
    return list(response.context["page"].object_list)


def titles(client, **params) -> set[str]:
    return {job.title for job in listed(client, **params)}


def days_ago(n: int):
    return timezone.now() - timedelta(days=n)


# --- What is listed --------------------------------------------------------------------------
def test_anyone_finds_open_jobs_and_only_them(client):
    today = timezone.localdate()
    open_job = indexed_job(title="芯片工程师 open")
    indexed_job(title="芯片工程师 draft", status="draft", published_at=None)
    indexed_job(title="芯片工程师 submitted", status="submitted", published_at=None)
    indexed_job(title="芯片工程师 rejected", status="rejected", published_at=None)
    indexed_job(title="芯片工程师 closed", status="closed")
    indexed_job(title="芯片工程师 late", deadline=today - timedelta(days=1))
    indexed_job(title="芯片工程师 last day", deadline=today)
    suspended = OrganisationFactory(status=Organisation.Status.SUSPENDED)
    indexed_job(title="芯片工程师 suspended", organisation=suspended)
    for params in ({}, {"q": "芯片"}, {"q": "芯片", "sort": "deadline"}):
        assert titles(client, **params) == {"芯片工程师 open", "芯片工程师 last day"}
    response = client.get(url(q="芯片"))
    assert open_job.title in response.text
    for hidden in ("draft", "submitted", "rejected", "closed", "late", "suspended"):
        assert f"芯片工程师 {hidden}" not in response.text


def test_search_in_chinese_and_english(client):
    indexed_job(title="集成电路芯片设计工程师", description="负责前端设计。")
    indexed_job(title="Battery engineer", description="Lithium batteries, 储能系统。")
    indexed_job(title="博士后研究员", description="生物医药方向，抗体药物研发。")
    assert titles(client, q="芯片") == {"集成电路芯片设计工程师"}
    assert titles(client, q="battery engineer") == {"Battery engineer"}
    assert titles(client, q="储能 lithium") == {"Battery engineer"}
    assert titles(client, q="博士后 生物医药") == {"博士后研究员"}
    assert titles(client, q="芯片 battery") == set()  # every word must be found


def test_the_search_url_is_shareable_and_keeps_the_form(client):
    indexed_job(title="芯片工程师")
    response = client.get(url(q="芯片", field="electronic-information", sort="newest"))
    assert 'value="芯片"' in response.text
    assert '<option value="electronic-information" selected>' in response.text
    assert '<option value="newest" selected>' in response.text


# --- Filters -----------------------------------------------------------------------------------
def test_field_and_district_filters(client):
    biomedicine = DisciplineField.objects.get(slug="biomedicine")
    wanzhou = District.objects.get(slug="wanzhou")
    indexed_job(title="A", field=biomedicine)
    indexed_job(title="B", district=wanzhou)
    indexed_job(title="C", field=biomedicine, district=wanzhou)
    assert titles(client, field="biomedicine") == {"A", "C"}
    assert titles(client, district="wanzhou") == {"B", "C"}
    assert titles(client, field="biomedicine", district="wanzhou") == {"C"}


def test_degree_filter_shows_the_jobs_open_to_that_degree(client):
    indexed_job(title="none", degree_min="")
    indexed_job(title="bachelor", degree_min="bachelor")
    indexed_job(title="master", degree_min="master")
    indexed_job(title="doctor", degree_min="doctor")
    assert titles(client, degree="bachelor") == {"none", "bachelor"}
    assert titles(client, degree="master") == {"none", "bachelor", "master"}
    assert titles(client, degree="doctor") == {"none", "bachelor", "master", "doctor"}


def test_salary_filter_keeps_jobs_that_may_pay_it(client):
    indexed_job(title="low", salary_min=5000, salary_max=8000)
    indexed_job(title="high", salary_min=20000, salary_max=40000)
    indexed_job(title="from", salary_min=12000, salary_max=None)
    indexed_job(title="unknown", salary_min=None, salary_max=None)
    assert titles(client, salary=10000) == {"high", "from", "unknown"}
    assert titles(client, salary=8000) == {"low", "high", "from", "unknown"}
    assert titles(client, salary=0) == {"low", "high", "from", "unknown"}


def test_employer_kind_and_overseas_filters(client):
    university = OrganisationFactory(kind=Organisation.Kind.UNIVERSITY)
    indexed_job(title="lecturer", organisation=university, overseas_friendly=True)
    indexed_job(title="engineer")
    indexed_job(title="abroad", overseas_friendly=True)
    assert titles(client, kind="university") == {"lecturer"}
    assert titles(client, kind="enterprise") == {"engineer", "abroad"}
    assert titles(client, overseas="on") == {"lecturer", "abroad"}
    assert titles(client, overseas="on", kind="enterprise") == {"abroad"}


def test_posted_since_filter(client):
    indexed_job(title="today", published_at=days_ago(0))
    indexed_job(title="last week", published_at=days_ago(5))
    indexed_job(title="last month", published_at=days_ago(20))
    indexed_job(title="old", published_at=days_ago(60))
    assert titles(client, since="1") == {"today"}
    assert titles(client, since="7") == {"today", "last week"}
    assert titles(client, since="30") == {"today", "last week", "last month"}
    day = timezone.localdate() - timedelta(days=10)
    response = client.get(url(since=day.isoformat()))
    assert {j.title for j in response.context["page"]} == {"today", "last week"}
    assert f'<option value="{day.isoformat()}" selected>' in response.text


def test_sorting(client):
    today = timezone.localdate()
    indexed_job(
        title="芯片 old",
        published_at=days_ago(3),
        salary_max=50000,
        deadline=today + timedelta(days=2),
        description="芯片。",
    )
    indexed_job(
        title="芯片 芯片 new",
        published_at=days_ago(1),
        salary_max=None,
        salary_min=None,
        deadline=today + timedelta(days=9),
        description="芯片设计，芯片验证，芯片封装。",
    )
    indexed_job(
        title="芯片 middle",
        published_at=days_ago(2),
        salary_max=30000,
        deadline=today + timedelta(days=5),
        description="芯片。" + "其他职责。" * 20,
    )

    def order(**params):
        return [job.title for job in listed(client, **params)]

    assert order() == ["芯片 芯片 new", "芯片 middle", "芯片 old"]  # newest first
    assert order(sort="newest") == ["芯片 芯片 new", "芯片 middle", "芯片 old"]
    assert order(sort="salary") == ["芯片 old", "芯片 middle", "芯片 芯片 new"]
    assert order(sort="deadline") == ["芯片 old", "芯片 middle", "芯片 芯片 new"]
    assert order(q="芯片")[0] == "芯片 芯片 new"  # relevance when there is text
    assert order(sort="") == order(sort="newest")  # no text: nothing to rank by


# --- Bad input ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "params",
    [
        {"q": "'"},
        {"q": '"'},
        {"q": "&|!():*"},
        {"q": "芯片' & '工程师"},
        {"q": '"芯片" OR NEAR(a b) col:x ^y -z'},
        {"q": "\\"},
        {"q": "芯" * 5000},
        {"field": "no-such-field"},
        {"district": "atlantis"},
        {"degree": "emperor"},
        {"salary": "lots"},
        {"salary": "-5"},
        {"salary": "99999999999999999999"},
        {"kind": "pirate"},
        {"overseas": "maybe"},
        {"since": "yesterday"},
        {"since": "0001-01-01"},
        {"since": "9999-12-31"},
        {"since": "2020-02-30"},
        {"sort": "random"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-3"},
        {"page": "99999"},
        {"page": "1e9"},
    ],
)
def test_bad_input_never_fails(client, params):
    indexed_job(title="集成电路芯片设计工程师")
    response = client.get(url(**params))
    assert response.status_code == 200
    if set(params) & {"field", "district", "degree", "salary", "kind", "since", "sort"}:
        assert response.context["ignored"] and "flash-warning" in response.text


def test_bad_filters_are_ignored_with_a_message_and_good_ones_applied(client):
    indexed_job(title="A", field=DisciplineField.objects.get(slug="biomedicine"))
    indexed_job(title="B")
    response = client.get(url(field="biomedicine", district="atlantis", salary="lots"))
    assert {j.title for j in response.context["page"]} == {"A"}
    assert response.context["ignored"]
    assert "flash-warning" in response.text


def test_a_query_without_words_says_so(client):
    indexed_job(title="A")
    response = client.get(url(q="&|!"))
    assert response.context["unsearchable"]
    assert len(response.context["page"].object_list) == 1


# --- Pages, fragments, queries -------------------------------------------------------------------
def test_pagination(client):
    organisation = OrganisationFactory()
    for i in range(25):
        indexed_job(
            title=f"芯片工程师 {i:02d}", organisation=organisation, published_at=days_ago(i)
        )
    first = listed(client, q="芯片")
    assert len(first) == 20
    second = listed(client, q="芯片", page=2)
    assert len(second) == 5
    assert {j.pk for j in first}.isdisjoint({j.pk for j in second})
    response = client.get(url(q="芯片"))
    assert "page=2" in response.text and "q=%E8%8A%AF%E7%89%87" in response.text


def test_htmx_requests_get_the_results_fragment(client):
    indexed_job(title="芯片工程师")
    response = client.get(url(q="芯片"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "芯片工程师" in response.text
    assert "HX-Request" in response["Vary"]
    # Going back in history re-asks for the whole page.
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get(url(q="芯片"), headers=restore).text
    page = client.get(url(q="芯片")).text
    assert 'hx-get="' in page and 'hx-push-url="true"' in page and 'method="get"' in page


@pytest.mark.parametrize("q", ["", "工程师"])
def test_the_list_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, q):
    for i in range(100):
        indexed_job(title=f"软件工程师 {i}", published_at=days_ago(i % 30))
    client.get(url())  # site settings, read once and cached
    with django_assert_max_num_queries(8):
        response = client.get(url(q=q, field="electronic-information", district="yubei"))
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.count == 100


def test_a_field_added_while_the_lists_are_in_memory(client):
    indexed_job(title="A")
    client.get(url())  # fields and districts now read
    quantum = DisciplineField.objects.create(
        slug="quantum", name="量子信息", name_zh_hans="量子信息", name_en="Quantum", position=99
    )
    indexed_job(title="量子计算工程师", field=quantum)
    response = client.get(url())
    assert response.status_code == 200 and "量子计算工程师" in response.text
    assert "量子信息" in response.text or "Quantum" in response.text  # in the page's language


def test_the_list_is_the_same_in_english(client):
    indexed_job(title="Chip engineer", description="芯片")
    response = client.get("/en/jobs/?q=chip")
    assert response.status_code == 200 and "Chip engineer" in response.text


# --- The job page ---------------------------------------------------------------------------
@pytest.mark.usefixtures("english")
def test_the_job_page_shows_everything(client):
    job = indexed_job(
        title="集成电路芯片设计工程师",
        title_min="intermediate",
        overseas_friendly=True,
        contact_name="王老师",
        contact_email="hr@example.cn",
        contact_phone="023-12345678",
        interview_mode="online",
    )
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    text = response.text
    for expected in (
        job.title,
        str(job.organisation),
        reverse("organisations:detail", args=[job.organisation_id]),
        str(job.field),
        str(job.district),
        job.get_degree_min_display(),
        job.get_title_min_display(),
        "15,000",
        "30,000",
        job.get_interview_mode_display(),
        "王老师",
        "hr@example.cn",
        "023-12345678",
    ):
        assert expected in text, expected
    assert 'data-testid="closed"' not in text
    try:
        apply_url = reverse("applying:apply", args=[job.pk])
    except NoReverseMatch:  # built by another part of the job fair
        apply_url = None
    if apply_url:
        assert apply_url in text


@pytest.mark.parametrize(
    "fields",
    [{"status": "closed"}, {"deadline": timezone.localdate() - timedelta(days=1)}],
)
def test_closed_jobs_say_so_and_offer_no_apply_button(client, fields):
    job = indexed_job(**fields)
    response = client.get(reverse("jobs:detail", args=[job.pk]))
    assert response.status_code == 200
    assert 'data-testid="closed"' in response.text
    assert 'data-testid="apply"' not in response.text


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected"])
def test_unpublished_jobs_are_not_found_by_the_public(
    client, talent, outsider, recruiter, organisation, status
):
    job = indexed_job(organisation=organisation, status=status, published_at=None)
    page = reverse("jobs:detail", args=[job.pk])
    assert client.get(page).status_code == 404
    for user in (talent, outsider):
        client.force_login(user)
        assert client.get(page).status_code == 404
    client.force_login(recruiter)  # the organisation sees its own job
    response = client.get(page)
    assert response.status_code == 200 and 'data-testid="closed"' in response.text


def test_an_unknown_job_is_not_found(client):
    assert client.get(reverse("jobs:detail", args=[987654])).status_code == 404
    assert client.get("/zh-hans/jobs/abc/").status_code == 404
