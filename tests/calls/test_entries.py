"""Entering a call through the services: a draft started with a listed project, answers
checked by their question's kind, documents checked by their content, submitted when
complete and eligible, withdrawn and submitted again until the deadline; every refusal
translated and nothing saved."""

import stat
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from yingcai.calls.models import Entry, EntryDocument
from yingcai.calls.services import entries as services
from yingcai.core.models import AuditEntry
from yingcai.projects.models import TeamMember

from ..factories import ProfileFactory, ProjectFactory, UserFactory
from ..talents.helpers import PDF, media, stored_files  # noqa: F401
from .entries_helpers import ANSWERS, complete_entry, open_call, pdf, submitted_entry, team_project
from .factories import DivisionFactory, TrackFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(db):
    return open_call()


@pytest.fixture
def team(db):
    return team_project()


def test_a_team_member_enters_answers_uploads_and_submits(call, team, media):  # noqa: F811
    project, lead = team
    member = UserFactory()
    TeamMember.objects.create(project=project, user=member)
    entry = services.start_entry(member, call, project)
    assert (entry.status, entry.created_by, entry.first_submitted_at) == ("draft", member, None)
    entry = services.update_entry(lead, entry, answers=dict(ANSWERS, video=""))
    assert entry.answers == {"team-size": 12, "highlights": ANSWERS["highlights"], "round": "A轮"}
    document = services.upload_document(lead, entry, "plan", pdf())
    [path] = stored_files(media)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.relative_to(media).parts[:2] == ("call-documents", str(call.pk))
    assert (document.content_type, document.size) == ("application/pdf", len(PDF))
    entry = services.submit_entry(member, entry)
    assert entry.status == "submitted" and entry.first_submitted_at == entry.submitted_at
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions[-4:] == [
        "call_entry.started",
        "call_entry.changed",
        "call_entry.document_uploaded",
        "call_entry.submitted",
    ]


def test_withdrawn_and_submitted_again_keeps_the_first_moment(call, team, media):  # noqa: F811
    project, lead = team
    entry = submitted_entry(call, project, lead)
    first = entry.first_submitted_at
    entry = services.withdraw_entry(lead, entry)
    assert entry.status == "withdrawn" and entry.withdrawn_at
    entry = services.submit_entry(lead, entry)
    assert entry.status == "submitted" and entry.first_submitted_at == first
    assert entry.submitted_at > first and entry.withdrawn_at is None


def test_an_incomplete_entry_is_not_submitted_and_says_what_is_missing(call, team):
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError) as refused:
        services.submit_entry(lead, entry)
    text = " ".join(refused.value.messages)
    assert "Team size" in text and "Highlights" in text and "Business plan" in text
    assert Entry.objects.get().status == "draft"


def test_tracks_and_divisions_are_chosen_among_the_calls_own(call, team, media):  # noqa: F811
    project, lead = team
    track = TrackFactory(call=call)
    division = DivisionFactory(call=call)
    other = TrackFactory()
    entry = complete_entry(call, project, lead)
    with pytest.raises(ValidationError, match="a track; a division"):
        services.submit_entry(lead, entry)
    with pytest.raises(ValidationError, match="this call's options"):
        services.update_entry(lead, entry, track=other.pk, answers=dict(ANSWERS))
    entry = services.update_entry(
        lead, entry, track=track.pk, division=division.pk, answers=dict(ANSWERS)
    )
    assert services.submit_entry(lead, entry).status == "submitted"


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"team-size": "twelve"}, "Give a number."),
        ({"team-size": "1e400"}, "Give a number."),
        ({"highlights": "长" * 501}, "At most 500 characters."),
        ({"highlights": "a\x00b"}, "not allowed"),
        ({"round": "C轮"}, "Choose one of the options"),
        ({"video": "javascript:alert(1)"}, "https://"),
        ({"video": ["x"]}, "not valid"),
        ({"unknown": "x"}, "does not ask"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(call, team, answers, words):
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError) as refused:
        services.update_entry(lead, entry, answers=answers)
    assert words in " ".join(refused.value.messages)
    assert Entry.objects.get().answers == {}


def test_a_submitted_entry_stays_complete(call, team, media):  # noqa: F811
    project, lead = team
    entry = submitted_entry(call, project, lead)
    with pytest.raises(ValidationError, match="not complete"):
        services.update_entry(lead, entry, answers={"team-size": "3"})
    with pytest.raises(ValidationError, match="keeps its required documents"):
        services.delete_document(lead, entry.documents.get())
    assert EntryDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4 not really a pdf", "cannot be read"),
        (b"<html>hello</html>", "must be a PDF"),
        (b"", "empty"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_stored(call, team, media, content, words):  # noqa: F811
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError, match=words):
        services.upload_document(lead, entry, "plan", pdf(content=content))
    assert not EntryDocument.objects.exists() and stored_files(media) == []


def test_a_document_the_call_does_not_ask_for_and_a_big_one_are_refused(call, team, media):  # noqa: F811
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with pytest.raises(ValidationError, match="does not ask for this document"):
        services.upload_document(lead, entry, "cv", pdf())
    big = pdf(content=PDF + b"%" * services.MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError, match="at most 20 MB"):
        services.upload_document(lead, entry, "plan", big)
    assert stored_files(media) == []


def test_a_new_upload_replaces_the_document_of_its_key(
    call,
    team,
    media,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    project, lead = team
    entry = services.start_entry(lead, call, project)
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_document(lead, entry, "plan", pdf("v1.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_document(lead, entry, "plan", pdf("v2.pdf"))
    [document] = EntryDocument.objects.all()
    assert document.original_name == "v2.pdf"
    assert stored_files(media) == [media / document.file.name]


def test_a_second_entry_of_the_project_is_refused(call, team):
    project, lead = team
    services.start_entry(lead, call, project)
    with pytest.raises(ValidationError, match="already entered this call"):
        services.start_entry(lead, call, project)
    assert Entry.objects.count() == 1


def test_a_non_member_cannot_enter_the_project(call, team):
    project, _lead = team
    with pytest.raises(PermissionDenied):
        services.start_entry(UserFactory(), call, project)
    assert not Entry.objects.exists()


def test_a_withdrawn_project_cannot_enter(call):
    project, lead = team_project(status="withdrawn", verified_at=None)
    with pytest.raises(ValidationError, match="withdrawn project cannot enter"):
        services.start_entry(lead, call, project)
    assert not Entry.objects.exists()


@pytest.mark.parametrize(
    "window",
    [
        {"is_published": False},
        {"opens_at": timezone.now() + timedelta(days=1)},
        {
            "opens_at": timezone.now() - timedelta(days=9),
            "closes_at": timezone.now() - timedelta(days=1),
        },
    ],
    ids=["unpublished", "not-yet-open", "past-the-deadline"],
)
def test_no_entry_to_a_call_that_does_not_take_entries(team, window):
    project, lead = team
    call = open_call(**window)
    with pytest.raises(ValidationError, match="does not take entries now"):
        services.start_entry(lead, call, project)
    assert not Entry.objects.exists()


def test_after_the_deadline_nothing_changes(call, team, media):  # noqa: F811
    project, lead = team
    entry = complete_entry(call, project, lead)
    type(call).objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=20),
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    for attempt in (
        lambda: services.submit_entry(lead, entry),
        lambda: services.update_entry(lead, entry, answers=dict(ANSWERS)),
        lambda: services.upload_document(lead, entry, "plan", pdf()),
    ):
        with pytest.raises(ValidationError, match="deadline of this call has passed"):
            attempt()
    assert Entry.objects.get().status == "draft"
    # The refused upload's file, written before the lock, is removed again.
    assert stored_files(media) == [media / EntryDocument.objects.get().file.name]


def test_eligibility_refuses_with_the_reason(team, media):  # noqa: F811
    project, lead = team
    overseas_only = open_call(eligibility={"origins": ["overseas"]})
    with pytest.raises(ValidationError, match="for overseas projects only"):
        services.start_entry(lead, overseas_only, project)
    early = open_call(eligibility={"stages": ["idea"]})
    with pytest.raises(ValidationError, match="at these stages only: idea; yours is “prototype”"):
        services.start_entry(lead, early, project)
    young = open_call(eligibility={"max_lead_age": 45})
    with pytest.raises(ValidationError, match="date of birth"):
        services.start_entry(lead, young, project)
    profile = ProfileFactory(user=lead, birth_date=date(1970, 1, 1))
    with pytest.raises(ValidationError, match="at most 45 years old"):
        services.start_entry(lead, young, project)
    profile.birth_date = timezone.localdate() - timedelta(days=365 * 30)
    profile.save()
    assert services.start_entry(lead, young, project).status == "draft"
    assert Entry.objects.count() == 1


def test_eligibility_is_checked_again_at_submission(team, media):  # noqa: F811
    project, lead = team
    call = open_call(eligibility={"stages": ["prototype"]})
    entry = complete_entry(call, project, lead)
    type(project).objects.filter(pk=project.pk).update(stage="scaling")
    with pytest.raises(ValidationError, match="may not enter this call"):
        services.submit_entry(lead, entry)
    assert Entry.objects.get().status == "draft"


def test_the_eligibility_in_words(db):
    call = open_call(eligibility={"max_lead_age": 40, "stages": ["idea"], "origins": ["domestic"]})
    lines = services.explain_eligibility(call)
    assert lines[0].startswith("The team lead is at most 40 years old")
    assert lines[1:] == [
        "The project is at one of these stages: idea.",
        "Only domestic projects may enter.",
    ]
    assert services.explain_eligibility(open_call()) == [
        "Every project registered on Yingcai may enter."
    ]


def test_refusals_in_chinese(call, team):
    project, lead = team
    services.start_entry(lead, call, project)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        services.start_entry(lead, call, project)
    assert refused.value.messages == ["该项目已报名此征集。"]


def test_another_projects_entry_is_not_the_teams(call, team):
    _project, lead = team
    other, other_lead = team_project()
    entry = services.start_entry(other_lead, call, other)
    with pytest.raises(PermissionDenied):
        services.update_entry(lead, entry, answers=dict(ANSWERS))
    with pytest.raises(PermissionDenied):
        services.submit_entry(lead, entry)
    assert ProjectFactory._meta.model.objects.count() == 2
