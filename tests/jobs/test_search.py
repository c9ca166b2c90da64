"""Full-text search (yingcai.jobs.search, yingcai.search.index) on the database in use, and
talent search (yingcai.talents.search).

Run on SQLite (FTS5) and on PostgreSQL (tsvector + GIN): the same expectations hold on both.
"""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import can
from yingcai.jobs import search, services
from yingcai.jobs.models import Job
from yingcai.organisations.models import Organisation
from yingcai.search import index
from yingcai.search import query as search_query
from yingcai.talents import search as talent_search
from yingcai.talents import services as talent_services
from yingcai.talents.models import TalentProfile, WorkExperience

from ..factories import JobFactory, MembershipFactory, OrganisationFactory, ProfileFactory
from ..talents.helpers import PDF
from ..test_permissions import ACTORS, actor

pytestmark = pytest.mark.django_db


def indexed_job(**fields) -> Job:
    """A published job, its search document segmented as the services do."""
    job = JobFactory(**fields)
    job.search_document = search.document_for(job)
    job.save(update_fields=["search_document"])
    return job


def found(text: str, queryset=None) -> list[str]:
    jobs = search.search_jobs(Job.objects.all() if queryset is None else queryset, text)
    return list(jobs.order_by("-rank", "id").values_list("title", flat=True))


def profile(**fields) -> TalentProfile:
    """An opted-in profile, indexed through the talents service."""
    work = fields.pop("work", None)
    talent_profile = ProfileFactory(**fields)
    if work:
        WorkExperience.objects.create(
            profile=talent_profile, employer=work[0], position=work[1], start="2018-01-01"
        )
    talent_services.refresh_profile_index(talent_profile)
    return talent_profile


# --- The search function ---------------------------------------------------------------------
def test_the_migration_built_the_index_of_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%search_vector"]
            )
            assert {row[0] for row in cursor.fetchall()} == {
                "jobs_job_search_vector",
                "talents_talentprofile_search_vector",
                "projects_project_search_vector",
                "projects_demand_search_vector",
            }
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%\\_fts' ESCAPE '\\'")
            assert {row[0] for row in cursor.fetchall()} == {
                "jobs_job_fts",
                "talents_talentprofile_fts",
                "projects_project_fts",
                "projects_demand_fts",
            }


def test_a_chinese_word_is_found_inside_a_longer_text():
    indexed_job(title="集成电路芯片设计工程师", description="负责前端设计。")
    indexed_job(title="锂电池研发工程师", description="负责电池管理系统。")
    assert found("芯片") == ["集成电路芯片设计工程师"]
    assert found("集成电路") == ["集成电路芯片设计工程师"]
    assert set(found("工程师")) == {"集成电路芯片设计工程师", "锂电池研发工程师"}
    assert found("芯片 工程师") == ["集成电路芯片设计工程师"]
    assert found("芯片工程师") == ["集成电路芯片设计工程师"]


def test_english_finds_english_whatever_the_case_and_number():
    indexed_job(title="Battery Engineer", description="Lithium batteries and storage systems.")
    indexed_job(title="Chip designer", description="Analog circuits.")
    assert found("battery engineer") == ["Battery Engineer"]
    assert found("BATTERIES") == ["Battery Engineer"]
    assert found("analog") == ["Chip designer"]
    assert found("lithium chip") == []


def test_all_words_must_be_found():
    indexed_job(title="芯片设计工程师", description="Battery management chips.")
    indexed_job(title="电池工程师", description="Battery systems.")
    assert found("芯片 battery") == ["芯片设计工程师"]
    assert set(found("battery 工程师")) == {"电池工程师", "芯片设计工程师"}
    assert found("芯片 电池 医药") == []


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_organisation_and_the_field_are_searchable(language):
    organisation = OrganisationFactory(name_zh_hans="重庆长安汽车股份有限公司", name_en="Changan")
    with translation.override(language):  # both names, whatever language is active
        indexed_job(
            title="工程师",
            description="研发。",
            organisation=organisation,
            field=DisciplineField.objects.get(slug="biomedicine"),
        )
    assert found("长安汽车") == ["工程师"]
    assert found("changan") == ["工程师"]
    assert found("生物医药") == ["工程师"]
    assert found("biomedicine") == ["工程师"]


def test_more_relevant_jobs_rank_first():
    indexed_job(title="芯片测试", description="芯片 芯片 芯片封装，芯片可靠性。")
    indexed_job(title="行政助理", description="办公室管理，偶尔接触芯片采购。" + "文件整理。" * 30)
    ranked = found("芯片")
    assert ranked == ["芯片测试", "行政助理"]
    ranks = list(search.search_jobs(Job.objects.all(), "芯片").values_list("rank", flat=True))
    assert all(rank > 0 for rank in ranks)


@pytest.mark.parametrize(
    "text",
    [
        "'",
        '"',
        "&|!():*",
        "芯片' & '工程师",
        "芯片 | !工程师",
        '"芯片" OR "电池"',
        "NEAR(芯片 工程师)",
        "search_document:芯片",
        "芯片*",
        "-芯片 ^工程师",
        "\\'\\\\",
        "芯片" * 500,
        "a" * 5000,
        "\x00芯片",
        "💥 芯片 \u200b",
    ],
)
def test_hostile_text_is_only_text(text):
    indexed_job(title="集成电路芯片设计工程师")
    results = found(text)
    words = search.query_words(text)
    assert len(words) <= search.MAX_QUERY_WORDS
    if "芯片" in words and all(w in ("芯片", "工程", "工程师") for w in words):
        assert results == ["集成电路芯片设计工程师"]


def test_text_without_words_leaves_the_queryset_as_it_was():
    indexed_job(title="芯片工程师")
    indexed_job(title="电池工程师")
    for text in ("", "   ", "&|!", "的 了 and the", "工作"):
        assert search.query_words(text) == []
        assert len(found(text)) == 2


def test_quoting_keeps_operators_out_of_the_database_query():
    """The quoting helpers, straight against the database: a word with any operator inside
    is one plain term (the tokeniser never yields such words, this is defence in depth)."""
    nasty = "a'b&c|d!(e):*\"f\\"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT to_tsquery('simple', %s)::text",
                [search_query._tsquery_word(search_query.Word(nasty))],
            )
            assert "|" not in cursor.fetchone()[0]
        else:
            cursor.execute(
                "SELECT count(*) FROM jobs_job_fts WHERE jobs_job_fts MATCH %s",
                [search_query._fts5_word(search_query.Word(nasty))],
            )
            assert cursor.fetchone()[0] == 0


def test_the_index_follows_the_services(recruiter, verifier, organisation):
    job = JobFactory.build(
        organisation=organisation,
        status="draft",
        published_at=None,
        title="数据库管理员",
        description="维护数据库。",
    )
    job = services.create_job(recruiter, organisation, job)
    assert found("数据库") == ["数据库管理员"]
    job.title, job.description = "前端开发工程师", "Vue and TypeScript."
    services.update_job(recruiter, job, ["title", "description"])
    assert found("数据库") == []
    assert found("typescript 前端") == ["前端开发工程师"]
    services.submit_job(recruiter, job)
    services.approve_job(verifier, job)
    assert found("前端") == ["前端开发工程师"]
    Job.objects.filter(pk=job.pk).delete()
    assert found("前端") == []


def test_bulk_created_jobs_are_indexed(organisation):
    jobs = [
        JobFactory.build(organisation=organisation, title=f"储能电池工程师{i}") for i in range(5)
    ]
    for job in jobs:
        job.search_document = search.document_for(job)
    Job.objects.bulk_create(jobs)
    assert len(found("储能 电池")) == 5


def test_the_sqlite_index_is_repaired_after_a_table_rebuild():
    """Django rebuilds an SQLite table to alter a column, which drops its triggers."""
    if connection.vendor != "sqlite":
        assert index.repair() == []
        return
    with connection.cursor() as cursor:
        for name, _body in search.SQLITE_INDEX.triggers:
            cursor.execute(f"DROP TRIGGER {name}")
    indexed_job(title="无人机飞控工程师")
    assert found("无人机") == []  # what a rebuild without repair would leave
    assert index.repair() == ["jobs_job"]
    assert found("无人机") == ["无人机飞控工程师"]
    indexed_job(title="无人机测试员")
    assert len(found("无人机")) == 2
    assert index.repair() == []


def test_many_searches_on_one_connection_stay_correct():
    """SQLite keeps the scores of recent searches of a connection, then forgets them."""
    indexed_job(title="无人机飞控工程师", description="飞行控制。")
    indexed_job(title="芯片工程师", description="芯片设计。")
    early = search.search_jobs(Job.objects.all(), "芯片")
    for i in range(index.KEEP_SEARCHES * 2 + 3):
        expected = ["无人机飞控工程师"] if i % 2 else ["芯片工程师"]
        assert found("无人机" if i % 2 else "芯片") == expected
        late = search.search_jobs(Job.objects.all(), "无人机")
        assert [job.title for job in late] == ["无人机飞控工程师"]
    assert early.count() in (0, 1)  # too old to keep on SQLite; never wrong


def test_talent_profiles_are_searched_by_their_words():
    profile(summary="十年锂电池正极材料研发经验。", skills="电化学, materials")
    profile(summary="Machine learning for drug discovery.", work=("药明康德", "算法工程师"))
    profiles = TalentProfile.objects.all()

    def names(text):
        return list(talent_search.search_talents(profiles, text).values_list("summary", flat=True))

    assert names("正极材料") == ["十年锂电池正极材料研发经验。"]
    assert names("电化学 materials") == ["十年锂电池正极材料研发经验。"]
    assert names("drug 算法") == ["Machine learning for drug discovery."]
    assert names("药明康德") == ["Machine learning for drug discovery."]
    assert names("电池 drug") == []


# --- Talent search (employers) -----------------------------------------------------------------
SEARCHERS = {"owner", "recruiter", "viewer"}


@pytest.mark.parametrize("name", ACTORS)
def test_the_rule_of_searching_for_an_organisation(request, organisation, name):
    user = actor(request, name)
    assert can(user, "jobs.search_talents_for", organisation) is (name in SEARCHERS)
    organisation.status = Organisation.Status.PENDING
    organisation.save()
    assert not can(user, "jobs.search_talents_for", organisation)


def search_url(organisation, **params):
    url = reverse("talent_search:search", args=[organisation.pk])
    if params:
        url += "?" + urlencode(params)
    return url


def test_anonymous_visitors_are_sent_to_log_in(client, organisation):
    response = client.get(search_url(organisation))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["talent", "outsider", "verifier", "plain_staff"])
def test_only_members_of_the_organisation_search(client, request, organisation, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(search_url(organisation)).status_code == 403


def test_members_of_an_unverified_organisation_cannot_search(client):
    pending = OrganisationFactory(status=Organisation.Status.PENDING)
    member = MembershipFactory(organisation=pending, role="owner").user
    client.force_login(member)
    assert client.get(search_url(pending)).status_code == 403
    profile_target = profile()
    url = reverse("talent_search:profile", args=[pending.pk, profile_target.user_id])
    assert client.get(url).status_code == 403


def test_an_unknown_or_hidden_organisation_is_not_found(client, talent):
    client.force_login(talent)
    assert client.get(reverse("talent_search:search", args=[999999])).status_code == 404
    hidden = OrganisationFactory(status=Organisation.Status.PENDING)
    assert client.get(search_url(hidden)).status_code == 404


@pytest.mark.parametrize("who", ["owner", "recruiter", "viewer"])
def test_every_member_of_a_verified_organisation_searches(client, request, organisation, who):
    open_profile = profile(summary="芯片验证专家")
    client.force_login(request.getfixturevalue(who))
    response = client.get(search_url(organisation))
    assert response.status_code == 200
    assert response.context["page"].object_list[0] == open_profile


def test_only_opted_in_profiles_of_active_accounts_with_a_degree_are_listed(
    client, recruiter, organisation
):
    shown = profile(summary="芯片验证专家 shown")
    profile(summary="芯片验证专家 secretive", visibility="applied")
    inactive = profile(summary="芯片验证专家 inactive")
    inactive.user.is_active = False
    inactive.user.save()
    profile(summary="芯片验证专家 undegreed", degree="")
    client.force_login(recruiter)
    for params, expected in (
        ({}, [shown]),
        ({"q": "芯片"}, [shown]),
        ({"q": "secretive"}, []),
        ({"q": "inactive"}, []),
        ({"q": "undegreed"}, []),
    ):
        response = client.get(search_url(organisation, **params))
        assert list(response.context["page"].object_list) == expected
        assert "专家 secretive" not in response.text and "专家 undegreed" not in response.text


def test_talent_search_filters(client, recruiter, organisation):
    fields = {f.slug: f for f in DisciplineField.objects.filter(slug__in=["biomedicine", "law"])}
    yubei, wanzhou = District.objects.get(slug="yubei"), District.objects.get(slug="wanzhou")
    doctor = profile(degree="doctor", title="senior", origin="overseas", country="德国")
    doctor.fields.add(fields["biomedicine"])
    doctor.desired_districts.add(yubei)
    master = profile(degree="master", title="intermediate")
    master.fields.add(fields["law"])
    master.desired_districts.add(wanzhou)
    bachelor = profile(degree="bachelor")
    client.force_login(recruiter)

    def listed(**params):
        response = client.get(search_url(organisation, **params))
        assert response.status_code == 200
        return set(response.context["page"].object_list)

    assert listed() == {doctor, master, bachelor}
    assert listed(field="biomedicine") == {doctor}
    assert listed(district="wanzhou") == {master}
    assert listed(degree="master") == {doctor, master}
    assert listed(degree="doctor") == {doctor}
    assert listed(title="intermediate") == {doctor, master}
    assert listed(title="senior") == {doctor}
    assert listed(origin="overseas") == {doctor}
    assert listed(origin="domestic") == {master, bachelor}
    assert listed(field="law", degree="doctor") == set()


def test_talent_search_by_text_and_hostile_input(client, recruiter, organisation):
    wanted = profile(summary="Power electronics and 逆变器 design.")
    profile(summary="Corporate law.")
    client.force_login(recruiter)
    response = client.get(search_url(organisation, q="逆变器 power"))
    assert list(response.context["page"].object_list) == [wanted]
    for params in (
        {"q": "'\"&|!():*"},
        {"q": "x" * 1000},
        {"field": "no-such-field", "district": "atlantis", "degree": "emperor"},
        {"title": "'; DROP TABLE x; --", "origin": "mars", "sort": "random"},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "99999"},
    ):
        response = client.get(search_url(organisation, **params))
        assert response.status_code == 200, params


def test_talent_search_runs_a_bounded_number_of_queries(
    client, recruiter, organisation, django_assert_max_num_queries
):
    field = DisciplineField.objects.get(slug="biomedicine")
    district = District.objects.get(slug="yubei")
    for i in range(30):
        p = profile(summary=f"生物医药研发 {i}")
        p.fields.add(field)
        p.desired_districts.add(district)
    client.force_login(recruiter)
    client.get(search_url(organisation))  # sessions and site settings, read once
    with django_assert_max_num_queries(14):
        response = client.get(search_url(organisation, q="生物医药", field="biomedicine"))
    assert len(response.context["page"].object_list) == 20


def test_htmx_requests_get_the_results_only(client, recruiter, organisation):
    profile(summary="芯片")
    client.force_login(recruiter)
    response = client.get(search_url(organisation, q="芯片"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and "talent_search" not in response.text
    assert "HX-Request" in response["Vary"]


def test_the_profile_page_shows_an_opted_in_profile(client, recruiter, organisation):
    target = profile(summary="三维重建算法", work=("华为", "研究员"), university="清华大学")
    client.force_login(recruiter)
    response = client.get(reverse("talent_search:profile", args=[organisation.pk, target.user_id]))
    assert response.status_code == 200
    assert "三维重建算法" in response.text and "华为" in response.text
    assert target.user.email not in response.text  # contact details stay private
    assert 'data-testid="cv"' not in response.text  # no application, no CV


def test_the_profile_page_hides_profiles_not_opted_in(client, recruiter, organisation, outsider):
    hidden = profile(visibility="applied")
    client.force_login(recruiter)
    url = reverse("talent_search:profile", args=[organisation.pk, hidden.user_id])
    assert client.get(url).status_code == 404
    shown = profile()
    client.force_login(outsider)
    url = reverse("talent_search:profile", args=[organisation.pk, shown.user_id])
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_profile_page_shows_a_talent_who_applied_and_their_cv(client, recruiter, organisation):

    applicant = profile(visibility="applied")
    talent_services.upload_cv(applicant.user, SimpleUploadedFile("cv.pdf", PDF, "application/pdf"))
    job = indexed_job(organisation=organisation)
    services.give_consent(applicant.user, organisation)
    services.apply(applicant.user, job, "")
    client.force_login(recruiter)
    response = client.get(
        reverse("talent_search:profile", args=[organisation.pk, applicant.user_id])
    )
    assert response.status_code == 200
    try:
        cv_url = reverse("talent:cv", args=[applicant.cvs.get().pk])
    except Exception:  # the CV download is built by another part of the job fair
        cv_url = None
    if cv_url:
        assert cv_url in response.text
