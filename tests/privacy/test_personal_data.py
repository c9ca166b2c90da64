"""The personal-data registry (PIPL Art. 45, 47): every module answers for its own rows,
the export holds all of them, and erasure leaves nothing that names the person."""

import json
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone

from yingcai.api import services as api
from yingcai.core import audit
from yingcai.core.models import AuditEntry
from yingcai.core.registry import personal_data as registry
from yingcai.institutions import services as institutions
from yingcai.jobs import services as jobs
from yingcai.jobs.models import ApplicationEvent, Interview
from yingcai.organisations import services as organisations
from yingcai.portal import services as portal
from yingcai.portal.models import Message
from yingcai.privacy import services as privacy
from yingcai.privacy.models import CookieConsent, SharingConsent
from yingcai.talents import services as talents
from yingcai.talents.models import Education, WorkExperience

from ..factories import JobFactory, UserFactory
from ..institutions.factories import PostFactory, apply_to
from ..talents.helpers import (  # noqa: F401
    PDF,
    application_of,
    en,
    media,
    profile_of,
    stored_files,
    with_cv,
)

NAME = "欧阳娜娜"
EMAIL = "nana.ouyang@example.com"
MOBILE = "+8613912345678"
IDENTIFIERS = (NAME, EMAIL, MOBILE)
OTHER = "韩梅梅"  # a second talent whose data must stay: proves the scan sees the columns


def rows_naming(*needles) -> dict[str, int]:
    """ "app.Model.field" -> rows whose text (or JSON, read as text) contains a needle."""
    found = {}
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                if value is None:
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(needle.lower() in text.lower() for needle in needles):
                    key = f"{model._meta.label}.{field.name}"
                    found[key] = found.get(key, 0) + 1
    return found


def soon(days, hour=10):
    start = (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0)
    return {"starts_at": start, "ends_at": start + timedelta(hours=1), "mode": "on_site"}


@pytest.fixture
def nana(client, organisation, owner, recruiter, moderator, media):  # noqa: F811
    """A talent with everything the platform can hold about a person."""
    person = UserFactory(name=NAME, email=EMAIL)
    person.mobile = MOBILE
    person.save()
    profile = profile_of(
        person, birth_date=date(1991, 3, 8), summary=f"{NAME}，芯片设计", skills="芯片设计"
    )
    WorkExperience.objects.create(
        profile=profile,
        employer="重庆芯片有限公司",
        position="工程师",
        start="2015-07-01",
        description=f"{NAME} 负责验证",
    )
    Education.objects.create(
        profile=profile, institution="重庆大学", degree="doctor", major="微电子", start="2010-09-01"
    )
    talents.save_profile(person, profile, ["summary"])
    with_cv(person, f"{NAME}简历.pdf")
    # A job application moved through the pipeline, with notes, a rating, messages both
    # ways and an interview booked from an invitation.
    job = JobFactory(organisation=organisation, created_by=recruiter, title="芯片设计工程师")
    application = application_of(person, job, f"{NAME}的求职信")
    screened = jobs.stage_for(organisation, "screened")
    jobs.move(recruiter, [application], screened, note=f"{NAME} 的背景很合适")
    jobs.add_note(recruiter, application, f"{NAME} 表现很好，电话 {MOBILE}")
    jobs.rate(recruiter, application, 5)
    jobs.send_message(person, application, f"我是{NAME}，请问面试安排？")
    jobs.send_message(recruiter, application, f"{NAME}您好，下周二面试。")
    invitation = jobs.propose_interview(
        recruiter,
        application,
        [{**soon(3), "place": "两江新区"}, {**soon(4), "place": "两江新区"}],
        message=f"{NAME}您好，请选择时间",
    )
    jobs.book_interview(person, invitation, invitation.slots.first())
    # A message (留言) posted while logged in, answered by a moderator.
    message = portal.submit_message(
        Message(name=NAME, email=EMAIL, subject=f"{NAME}的留言", body=f"{NAME}想问 {MOBILE}"),
        person,
    )
    portal.reply_to_message(moderator, message, f"{NAME}您好，已收到。")
    # A cookie choice, acceptances of the legal texts, an API token.
    client.force_login(person)
    client.post(en("privacy:cookie_choice"), {"choice": "necessary"})
    client.logout()
    privacy.record_acceptances(person, privacy.documents_to_accept_at_signup())
    api.create_token(person, f"{NAME}的脚本", "read")
    # Public-institution recruitment: a certificate and an application with answers.
    post = PostFactory()
    question = post.questions.create(text="您的主要研究方向？", required=True, position=1)
    institutions.upload_certificate(
        person,
        post.round,
        "degree",
        SimpleUploadedFile(f"{NAME}学位证书.pdf", PDF, "application/pdf"),
    )
    apply_to(person, post, answers={str(post.pk): {str(question.pk): f"{NAME}的研究方向"}})
    # Invited to an organisation by e-mail, and joined it.
    sent = organisations.invite_member(owner, organisation, EMAIL, "viewer")
    organisations.accept_invitation(person, sent.token)
    # Someone else, in the same organisation, who must keep everything.
    other = UserFactory(name=OTHER, email="meimei@example.com")
    profile_of(other, summary=f"{OTHER}的简介")
    application_of(other, JobFactory(organisation=organisation), f"{OTHER}的求职信")
    return person, application


def test_every_model_pointing_at_a_person_is_covered_by_a_provider(db):
    """A new module with a foreign key to the account or the profile must register its
    personal data (its own personal_data.py) before this passes."""
    assert registry.uncovered() == []
    for label in registry.covered_models():
        assert apps.get_model(label)  # no stale names


def test_the_coverage_walker_notices_a_forgotten_model(db):
    covered = registry.covered_models()
    del covered["jobs.Recommendation"]
    assert registry.uncovered(covered) == ["jobs.Recommendation.talent"]


def test_a_relation_to_a_declared_person_model_counts_as_personal_data(db):
    """The talents declare their profile as standing for a person: a model pointing at the
    profile (not at the account) is found too, without the registry knowing the talents."""
    covered = registry.covered_models()
    del covered["talents.CV"]
    assert registry.uncovered(covered) == ["talents.CV.profile"]


def test_erasure_runs_dependants_first_and_the_account_last(db):
    order = [p.key for p in registry.providers()]
    assert order.index("jobs") < order.index("talents") < order.index("accounts")
    assert order.index("portal") < order.index("accounts")
    assert order[-1] in ("accounts", "core")


@pytest.mark.django_db
def test_the_export_holds_everything_the_walker_found(client, nana):
    person, _application = nana
    client.force_login(person)
    response = client.get(en("talent:data_export"))
    data = json.loads(response.content)
    [application] = data["applications"]
    assert [(e["from"], e["to"]) for e in application["stage_history"]] == [
        (None, "applied"),
        ("applied", "screened"),
        ("screened", "interview"),  # moved by proposing an interview
    ]
    assert application["cv_sent"] == f"{NAME}简历.pdf"
    [invitation] = application["interview_invitations"]
    assert invitation["message"] == f"{NAME}您好，请选择时间"
    assert len(invitation["slots_offered"]) == 2
    [interview] = application["interviews"]
    assert interview["place"] == "两江新区" and interview["booked_at"]
    [message] = data["messages"]
    assert message["subject"] == f"{NAME}的留言" and message["replies"][0]["body"]
    assert [c["choice"] for c in data["cookie_choices"]] == ["necessary"]
    assert data["sharing_consents"] and data["sharing_consents"][0]["text_shown"]
    assert data["email_addresses"][0]["email"] == EMAIL
    assert data["memberships"] and data["invitations_received"]
    assert data["certificates"][0]["file_name"] == f"{NAME}学位证书.pdf"
    assert data["institution_applications"][0]["answers"]
    assert data["api_tokens"][0]["name"] == f"{NAME}的脚本"
    assert {"talent.cv_uploaded", "interview.booked"} <= {a["action"] for a in data["activity"]}
    assert OTHER not in response.content.decode()


@pytest.mark.django_db
def test_erasure_leaves_nothing_that_names_the_person(
    nana,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    person, application = nana
    assert len(stored_files(media)) == 2  # the CV and the certificate
    before = rows_naming(*IDENTIFIERS)
    # The scan sees the places the issue names (so an empty answer below means something).
    for column in (
        "portal.Message.body",
        "core.AuditEntry.object_repr",
        "jobs.ApplicationNote.body",
        "institutions.Certificate.original_name",
        "organisations.Invitation.email",
    ):
        assert column in before, column
    others_before = rows_naming(OTHER)
    with django_capture_on_commit_callbacks(execute=True):
        talents.delete_account(person, password_confirmed=True)
    assert rows_naming(*IDENTIFIERS) == {}
    assert stored_files(media) == []
    assert rows_naming(OTHER) == others_before  # nobody else lost anything
    # What stays counts in the statistics and names nobody.
    application.refresh_from_db()
    assert application.stage.key == "interview" and application.rating is None
    assert ApplicationEvent.objects.filter(application=application).count() >= 2
    assert Interview.objects.filter(application=application).exists()
    assert not Message.objects.filter(user=person).exists()
    assert SharingConsent.objects.filter(user=person, withdrawn_at__isnull=True).count() == 0
    assert CookieConsent.objects.filter(choice="necessary", user=None).exists()
    assert AuditEntry.objects.filter(action="account.erased").count() == 1


@pytest.mark.usefixtures("english")
@pytest.mark.django_db
def test_an_erasure_refused_changes_nothing(organisation, owner):
    """The checks run before any eraser: the only owner keeps everything."""
    owner.name = NAME
    owner.save()
    audit.record(owner, "talent.profile_saved", owner)
    before = rows_naming(NAME)
    with pytest.raises(Exception, match="only owner"):
        talents.delete_account(owner, password_confirmed=True)
    assert rows_naming(NAME) == before
    owner.refresh_from_db()
    assert owner.is_active and owner.name == NAME
