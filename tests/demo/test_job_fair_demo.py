"""The job fair in `yingcai demo`: jobs, talents' profiles, CVs and applications.

Most tests read one load shared by the module (in a transaction rolled back at its end);
the tests that load again use --reset, so they work before or after it.
"""

import hashlib
from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone, translation

from yingcai.accounts.models import User
from yingcai.core.choices import Degree
from yingcai.core.models import DisciplineField, District
from yingcai.demo import cvs
from yingcai.demo.jobs import DEMO_TALENT_STAGES
from yingcai.institutions.models import Post, Round
from yingcai.jobs import search
from yingcai.jobs import services as job_services
from yingcai.jobs.models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    Interview,
    InterviewInvitation,
    InterviewSlot,
    Job,
    Stage,
)
from yingcai.organisations.models import Membership, Organisation
from yingcai.privacy.models import SharingConsent
from yingcai.talents import search as talent_search
from yingcai.talents import services as talent_services
from yingcai.talents.models import CV, Education, TalentProfile, WorkExperience

SCALE = 0.02
Key = Stage.Key


def demo(*args) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def fair(django_db_setup, django_db_blocker):
    """One load at the default opening day (tomorrow), so that the journeys can run."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            demo("--scale", str(SCALE), "--seed", "5", "--reset", "--yes")
            yield timezone.localdate() + timedelta(days=1)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def anchor(fair, db):
    return fair


def snapshot(anchor) -> datetime:
    return timezone.make_aware(datetime.combine(anchor - timedelta(days=2), time(10)))


def opening(anchor) -> datetime:
    return timezone.make_aware(datetime.combine(anchor, time(0)))


def user(key: str) -> User:
    return User.objects.get(email=f"{key}@example.com")


def organisation_of(key: str) -> Organisation:
    return Membership.objects.get(user__email=f"{key}@example.com").organisation


# --- What there is ------------------------------------------------------------------------------
def test_the_counts_follow_the_scale(anchor):
    # "8,041 job requirements": every job but the drafts.
    assert Job.objects.exclude(status="draft").count() == round(8041 * SCALE)
    assert Job.objects.filter(status="draft").count() == round(360 * SCALE)
    assert TalentProfile.objects.count() == round(12199 * SCALE)
    # Every person who is neither staff, nor an organisation's member, nor a calls' expert.
    talents = User.objects.filter(is_staff=False, memberships=None, call_reviewers=None)
    assert set(talents) == {p.user for p in TalentProfile.objects.select_related("user")}
    assert Application.objects.count() == round(28000 * SCALE)


def test_every_degree_origin_stage_and_status_is_there(anchor):
    profiles = TalentProfile.objects.all()
    assert set(profiles.values_list("degree", flat=True)) == set(Degree.values)
    assert set(profiles.values_list("origin", flat=True)) == {"domestic", "overseas"}
    assert not profiles.filter(origin="overseas", country="").exists()
    assert not profiles.filter(origin="domestic").exclude(country="").exists()
    assert profiles.filter(postdoctoral=True).exclude(degree="doctor").count() == 0
    assert profiles.filter(postdoctoral=True).exists()
    assert set(Job.objects.values_list("status", flat=True)) == set(Job.Status.values)
    stages = Application.objects.values_list("stage__key", flat=True)
    assert set(stages) == set(Key.values)
    kinds = set(Job.objects.values_list("organisation__kind", flat=True))
    assert {"enterprise", "public_institution", "university"} <= kinds
    # Enterprises publish most, as at the conference.
    by_kind = Counter(Job.objects.values_list("organisation__kind", flat=True))
    assert by_kind.most_common(1)[0][0] == "enterprise"
    assert Job.objects.filter(overseas_friendly=True).exists()
    assert WorkExperience.objects.exists() and Education.objects.exists()
    assert ApplicationNote.objects.exists() and ApplicationMessage.objects.exists()


def test_jobs_are_consistent_with_their_status(anchor):
    verifiers = set(User.objects.filter(groups__name="verifier"))
    recruiters = defaultdict(set)
    for m in Membership.objects.filter(role__in=["owner", "recruiter"]):
        recruiters[m.organisation_id].add(m.user_id)
    for job in Job.objects.select_related("organisation", "reviewed_by"):
        assert job.organisation.is_verified, job
        assert job.created_by_id in recruiters[job.organisation_id]
        assert job.salary_min is None or job.salary_max is None or job.salary_max >= job.salary_min
        assert job.headcount >= 1 and len(job.title) <= 120
        if job.status == "draft":
            assert job.submitted_at is None and job.published_at is None
        else:
            assert job.created_at <= job.submitted_at
        if job.status == "submitted":
            assert job.reviewed_at is None and job.published_at is None
        if job.status in ("published", "closed", "rejected"):
            assert job.reviewed_by in verifiers
            assert job.submitted_at <= job.reviewed_at
        if job.status in ("published", "closed"):
            assert job.published_at == job.reviewed_at
        else:
            assert job.published_at is None
        assert (job.status == "rejected") == bool(job.status_reason)
        assert (job.status == "closed") == (job.closed_at is not None)
        if job.status == "published":
            # Open when the data stands, and still at the opening.
            assert job.deadline >= anchor
        if job.closed_at:
            assert job.published_at <= job.closed_at
        assert job.updated_at == (
            job.closed_at or job.reviewed_at or job.submitted_at or job.created_at
        )


def test_pipelines_are_the_built_in_steps(anchor):
    with_jobs = Organisation.objects.filter(jobs__isnull=False).distinct()
    assert with_jobs.exists()
    for org in with_jobs:
        stages = list(org.stages.order_by("position"))
        assert [s.key for s in stages] == job_services.DEFAULT_STAGES
        assert [s.position for s in stages] == [10, 20, 30, 40, 50, 60, 70]
        assert job_services.ensure_stages(org) == stages  # nothing missing
    assert not Stage.objects.exclude(organisation__in=with_jobs).exists()


# --- The rules every application keeps ------------------------------------------------------------
def test_applications_keep_the_rules(anchor):
    applications = Application.objects.select_related(
        "job", "stage", "talent__talent_profile", "cv__profile"
    )
    first: dict[tuple[int, int], datetime] = {}
    for a in applications:
        job, profile = a.job, a.talent.talent_profile
        assert job.status in ("published", "closed")
        assert Degree.rank(profile.degree) >= Degree.rank(job.degree_min)
        assert a.stage.organisation_id == job.organisation_id
        assert job.published_at <= a.created_at <= snapshot(anchor)
        assert timezone.localtime(a.created_at).date() <= job.deadline
        if job.closed_at:
            assert a.created_at <= job.closed_at
        assert profile.created_at < a.created_at
        assert a.rating is None or 1 <= a.rating <= 5
        if a.cv is not None:
            assert a.cv.profile.user_id == a.talent_id and a.cv.is_current
        elif profile.cvs.exists():
            pytest.fail(f"{a} does not carry the current CV")
        pair = (a.talent_id, job.organisation_id)
        first[pair] = min(first.get(pair, a.created_at), a.created_at)
    pairs = Application.objects.values_list("job_id", "talent_id")
    assert len(set(pairs)) == pairs.count()
    consents = SharingConsent.objects.filter(purpose="job_application", withdrawn_at=None)
    given = {(c.user_id, c.organisation_id): c for c in consents}
    # A consent for each talent and organisation applied to, given before the first one.
    assert set(given) == set(first)
    for pair, applied in first.items():
        consent = given[pair]
        assert consent.given_at <= applied
        assert consent.recipient_contact and consent.data_shown


def test_every_move_is_recorded_in_order(anchor):
    members = defaultdict(set)
    for m in Membership.objects.filter(role__in=["owner", "recruiter"]):
        members[m.organisation_id].add(m.user_id)
    events = defaultdict(list)
    for e in ApplicationEvent.objects.select_related("to_stage").order_by("created_at", "id"):
        events[e.application_id].append(e)
    for a in Application.objects.select_related("job"):
        history = events[a.pk]
        assert history[0].from_stage_id is None and history[0].to_stage.key == "applied"
        assert history[0].actor_id == a.talent_id and history[0].created_at == a.created_at
        for before, after in pairwise(history):
            assert after.from_stage_id == before.to_stage_id
            assert before.created_at <= after.created_at
            if after.to_stage.key == "withdrawn":
                assert after.actor_id == a.talent_id
            else:
                assert after.actor_id in members[a.job.organisation_id]
        assert history[-1].to_stage_id == a.stage_id
        assert history[-1].created_at == a.stage_changed_at <= snapshot(anchor)


def test_interviews_are_booked_once_and_in_order(anchor):
    assert Interview.objects.exists() and InterviewInvitation.objects.exists()
    booked = Counter(Interview.objects.values_list("application_id", flat=True))
    assert max(booked.values()) == 1
    for interview in Interview.objects.select_related("slot", "invitation", "application"):
        slot, invitation = interview.slot, interview.invitation
        assert invitation.application_id == interview.application_id
        assert invitation.slots.filter(pk=slot.pk).exists()
        assert slot.job_id == interview.application.job_id
        assert invitation.created_at <= interview.booked_at <= slot.starts_at
    for slot in InterviewSlot.objects.all():
        assert slot.ends_at > slot.starts_at
        assert slot.link if slot.mode == "online" else slot.place
    moved = set(
        ApplicationEvent.objects.filter(to_stage__key="interview").values_list(
            "application_id", "created_at"
        )
    )
    for invitation in InterviewInvitation.objects.all():
        # Sent with the move to "interview".
        assert (invitation.application_id, invitation.created_at) in moved
        assert all(s.created_at == invitation.created_at for s in invitation.slots.all())
    # Still at "interview": their times are during or after the conference.
    waiting = InterviewSlot.objects.filter(
        invitations__application__stage__key="interview", interview=None
    )
    assert waiting.exists()
    assert not waiting.filter(starts_at__lt=opening(anchor)).exists()


def test_every_date_stands_at_the_snapshot(anchor):
    """Nothing happens after the second press conference; only interviews lie ahead."""
    future = {(InterviewSlot, "starts_at"), (InterviewSlot, "ends_at")}
    for model in (
        TalentProfile,
        CV,
        Job,
        Application,
        ApplicationEvent,
        ApplicationNote,
        ApplicationMessage,
        InterviewSlot,
        InterviewInvitation,
        Interview,
        SharingConsent,
    ):
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField) and (model, field.name) not in future:
                newest = model.objects.aggregate(newest=models.Max(field.name))["newest"]
                assert newest is None or newest <= snapshot(anchor), (
                    f"{model.__name__}.{field.name}"
                )
    for m in ApplicationMessage.objects.exclude(read_at=None):
        assert m.created_at <= m.read_at


# --- CVs ------------------------------------------------------------------------------------------
def check_pdf(data: bytes) -> None:
    """A PDF whose cross-reference table points at its objects: what viewers rely on."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    xref = int(data[data.rindex(b"startxref") :].split()[1])
    table = data[xref:].split(b"\n")
    assert table[0] == b"xref"
    count = int(table[1].split()[1])
    for number in range(1, count):
        offset = int(table[2 + number][:10])
        assert data[offset:].startswith(b"%d 0 obj" % number)
    start = data.index(b"stream\n") + len(b"stream\n")
    length = int(data[data.index(b"/Length") :].split()[1])
    assert data[start + length :].startswith(b"\nendstream")


def test_a_sample_has_cvs_one_current_each_with_a_real_pdf(anchor):
    profiles = TalentProfile.objects.filter(cvs__isnull=False).distinct()
    assert profiles.exists()
    for profile in profiles:
        current = profile.cvs.filter(is_current=True)
        assert current.count() == 1
        for cv in profile.cvs.all():
            name = cv.file.name
            assert name.startswith(f"cvs/{profile.user_id}/demo-") and name.endswith(".pdf")
            path = Path(settings.MEDIA_ROOT) / name
            data = path.read_bytes()
            assert cv.size == len(data) and cv.kind == "pdf"
            check_pdf(data)
            assert cv.uploaded_at >= profile.created_at
        with current.get().file.open("rb") as handle:
            assert talent_services.sniff(handle) == "pdf"
    assert CV.objects.filter(is_current=False).exists()


def test_the_pdf_shows_chinese_and_latin_text():
    data = cvs.pdf(["李雷", "Curriculum Vitae", "Jonas Müller", "个人简历 CV"])
    check_pdf(data)
    assert "李雷".encode("utf-16-be").hex().upper().encode() in data
    assert b"(Jonas M\xfcller)" in data
    assert b"/STSong-Light" in data and b"/Helvetica" in data


# --- Search ---------------------------------------------------------------------------------------
def test_search_documents_are_what_the_services_write(anchor):
    profiles = TalentProfile.objects.select_related("user").order_by("pk")
    for profile in [*profiles[:25], profiles.get(user__email="talent@example.com")]:
        assert profile.search_document
        assert profile.search_document == talent_search.document_for(profile)
    with translation.override(settings.LANGUAGE_CODE):
        for job in Job.objects.select_related("organisation", "field").order_by("pk")[:40]:
            assert job.search_document == search.document_for(job)
    found = search.search_jobs(Job.objects.all(), Job.objects.first().title.split(" / ")[0])
    assert found.exists()


def test_bios_agree_with_the_education_and_work_and_read_differently(anchor):
    profiles = list(
        TalentProfile.objects.exclude(summary="")
        .prefetch_related("education", "work")
        .order_by("pk")[:400]
    )
    checked = 0
    for profile in profiles:
        education = list(profile.education.all())
        if education:
            highest = education[0]  # newest first
            assert highest.institution in profile.summary, profile.summary
            assert highest.major in profile.summary, profile.summary
            checked += 1
        current = [w for w in profile.work.all() if w.end is None]
        if current:
            assert current[0].employer in profile.summary, profile.summary
    assert checked > 20
    # Not one sentence for everybody: the openings differ.
    openings = {p.summary.split("。")[0].split(". ")[0][:4] for p in profiles}
    assert len({p.summary for p in profiles}) == len(profiles)
    assert len(openings) > 3


# --- The journeys ------------------------------------------------------------------------------
def test_the_demo_talent_is_ready_for_the_journeys(anchor):
    talent = user("talent")
    profile = talent.talent_profile
    assert profile.degree == "doctor" and profile.postdoctoral and profile.title
    assert profile.university and profile.summary and profile.skills
    assert profile.fields.exists() and profile.desired_districts.exists()
    assert profile.expected_salary and profile.available_from
    assert profile.work.exists() and profile.education.exists()
    cv = profile.cvs.get(is_current=True)
    assert (Path(settings.MEDIA_ROOT) / cv.file.name).read_bytes().startswith(b"%PDF-")
    applications = talent.applications.select_related("stage", "job")
    stages = {a.stage.key for a in applications}
    assert stages == {Key.INTERVIEW, *DEMO_TALENT_STAGES}
    assert all(a.cv_id == cv.pk for a in applications)
    # The interview at the named enterprise waits for the talent to pick a time.
    waiting = applications.get(stage__key="interview")
    assert waiting.job.organisation == organisation_of("owner")
    invitation = waiting.interview_invitations.get()
    slots = list(invitation.slots.all())
    assert len(slots) >= 2 and not waiting.interviews.exists()
    assert all(slot.starts_at >= opening(anchor) > timezone.now() for slot in slots)
    interview = job_services.book_interview(talent, invitation, slots[0])
    assert interview.slot == slots[0]


def test_the_demo_talent_can_apply_to_an_open_job(anchor):
    talent = user("talent")
    applied = talent.applications.values_list("job_id", flat=True)
    enterprise = organisation_of("owner")
    job = enterprise.jobs.filter(status="published").exclude(pk__in=applied).first()
    assert job is not None and job.is_open
    application = job_services.apply(talent, job, "我对这个岗位很感兴趣。")
    assert application.stage.key == "applied" and application.cv.is_current


def test_the_named_enterprise_has_open_jobs_and_applicants_at_every_stage(anchor):
    enterprise = organisation_of("owner")
    assert {organisation_of("recruiter"), organisation_of("viewer")} == {enterprise}
    open_jobs = [j for j in enterprise.jobs.filter(status="published") if j.is_open]
    assert len(open_jobs) >= 3
    assert set(enterprise.jobs.values_list("status", flat=True)) == set(Job.Status.values)
    keys = set(Application.objects.filter(job__organisation=enterprise).values_list("stage__key"))
    assert keys == {(k,) for k in Key.values}
    # The recruiter's journey: invite an applicant, who then books a time.
    application = Application.objects.filter(
        job__organisation=enterprise, stage__key="applied"
    ).first()
    start = opening(anchor) + timedelta(days=1, hours=10)
    invitation = job_services.propose_interview(
        user("recruiter"),
        application,
        [
            {"starts_at": start, "ends_at": start + timedelta(minutes=30), "mode": "online",
             "link": "https://meeting.example.com/j/1"},
            {"starts_at": start + timedelta(hours=1), "ends_at": start + timedelta(hours=1.5),
             "mode": "on_site", "place": "悦来国际会议中心"},
        ],
    )  # fmt: skip
    application.refresh_from_db()
    assert application.stage.key == "interview"
    job_services.book_interview(application.talent, invitation, invitation.slots.first())


def test_the_reviewers_institution_has_jobs_and_applicants(anchor):
    institution = organisation_of("reviewer")
    assert institution.kind == "public_institution"
    published = institution.jobs.filter(status="published")
    assert published.count() >= 3
    assert Application.objects.filter(job__organisation=institution).count() >= 7


# --- Loading again ------------------------------------------------------------------------------
# How a row points at another, without the ids (which differ between databases).
NATURAL_KEYS = {
    User: ("email",),
    Organisation: ("name_zh_hans", "name_en"),
    DisciplineField: ("slug",),
    District: ("slug",),
    Job: ("organisation", "title", "created_at"),
    Stage: ("organisation", "key", "name"),
    TalentProfile: ("user",),
    CV: ("profile", "uploaded_at"),
    Application: ("job", "talent"),
    InterviewSlot: ("job", "starts_at", "created_at"),
    InterviewInvitation: ("application", "created_at"),
}
DIGESTED = (
    TalentProfile,
    TalentProfile.fields.through,
    TalentProfile.desired_districts.through,
    WorkExperience,
    Education,
    CV,
    Job,
    Stage,
    Application,
    ApplicationEvent,
    ApplicationNote,
    ApplicationMessage,
    InterviewSlot,
    InterviewInvitation,
    InterviewInvitation.slots.through,
    Interview,
    SharingConsent,
)


def natural(model, prefix: str = "") -> list[str]:
    paths = []
    for name in NATURAL_KEYS[model]:
        field = model._meta.get_field(name)
        if field.is_relation:
            paths += natural(field.related_model, f"{prefix}{name}__")
        else:
            paths.append(prefix + name)
    return paths


def digest() -> str:
    """A hash of the job fair's rows, independent of ids and row order."""
    total = hashlib.sha256()
    for model in DIGESTED:
        paths = []
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            if field.is_relation:
                paths += natural(field.related_model, f"{field.name}__")
            else:
                paths.append(field.name)
        rows = sorted(repr(row) for row in model._base_manager.values_list(*paths))
        total.update(f"{model.__name__}:{len(rows)}\n".encode())
        for row in rows:
            total.update(row.encode())
    return total.hexdigest()


SMALL = ["--scale", "0.01", "--seed", "7", "--anchor", "2020-11-21"]


def test_same_seed_same_data_and_the_counts_scale(db):
    demo(*SMALL, "--reset", "--yes")
    first = digest()
    assert Job.objects.exclude(status="draft").count() == round(8041 * 0.01)
    assert TalentProfile.objects.count() == round(12199 * 0.01)
    assert Application.objects.count() == round(28000 * 0.01)
    demo(*SMALL, "--reset", "--yes")
    assert digest() == first
    demo("--scale", "0.01", "--seed", "8", "--anchor", "2020-11-21", "--reset", "--yes")
    assert digest() != first


def test_reset_removes_the_previous_cv_files(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    # A folder of its own: the other tests' loads must keep their files.
    settings.MEDIA_ROOT = media = tmp_path
    stray = media / "cvs" / "999999" / "demo-0123456789abcdef.pdf"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"%PDF-1.4\n")
    upload = media / "cvs" / "999999" / "someones-upload.pdf"
    upload.write_bytes(b"%PDF-1.4\n")
    with django_capture_on_commit_callbacks(execute=True):
        demo(*SMALL, "--reset", "--yes")
    before = {cv.file.name for cv in CV.objects.all()}
    assert all((media / name).is_file() for name in before)
    # Leftovers of another load go; files that are not the demo's stay.
    assert not stray.exists() and upload.exists()
    with django_capture_on_commit_callbacks(execute=True):
        demo("--scale", "0.01", "--seed", "9", "--anchor", "2020-11-21", "--reset", "--yes")
    after = {cv.file.name for cv in CV.objects.all()}
    assert after and after != before
    assert all((media / name).is_file() for name in after)
    assert not any((media / name).exists() for name in before - after)
    assert cvs.remove_stale_files(default_storage, frozenset(after)) == 0
    assert cvs.remove_stale_files(default_storage, frozenset()) == len(after)
    assert upload.exists()


def test_a_reset_load_still_has_the_discipline_fields(db):
    demo(*SMALL, "--reset", "--yes")
    assert DisciplineField.objects.count() == 21
    assert Job.objects.exists()


# --- Both languages -----------------------------------------------------------------------------
def test_most_jobs_welcoming_overseas_talents_are_given_in_english(anchor):
    overseas = Job.objects.filter(overseas_friendly=True)
    in_english = overseas.exclude(title_en__isnull=True).exclude(title_en="")
    assert overseas.count() >= 10
    assert in_english.count() / overseas.count() >= 0.8
    # ... with an English description, and a fair share of the other jobs too.
    assert not in_english.filter(Q(description_en__isnull=True) | Q(description_en="")).exists()
    others = Job.objects.filter(overseas_friendly=False)
    share = others.exclude(title_en__isnull=True).exclude(title_en="").count() / others.count()
    assert 0.05 <= share <= 0.3
    # Each language in its own column: no "中文 / English" titles any more.
    assert not Job.objects.filter(title_zh_hans__contains=" / ").exists()
    assert not Job.objects.filter(Q(title_en__regex=r"[\u4e00-\u9fff]")).exists()
    # Every job has a title a visitor of either language reads.
    for job in Job.objects.all()[:200]:
        for language in ("zh-hans", "en"):
            with translation.override(language):
                assert job.title and job.description


def test_posts_and_the_round_are_given_in_both_languages(anchor):
    posts = Post.objects.all()
    assert posts.exists()
    assert not posts.filter(Q(name_en__isnull=True) | Q(name_en="")).exists()
    assert not posts.filter(Q(name_zh_hans__isnull=True) | Q(name_zh_hans="")).exists()
    assert not posts.filter(name_zh_hans__contains=" / ").exists()
    for round_ in Round.objects.all():
        assert round_.title_zh_hans and round_.title_en and round_.announcement_zh_hans
