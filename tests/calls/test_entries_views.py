"""A team's entry over HTTP: the call's page, entering, answering, uploading, submitting,
withdrawing, "My entries"; documents served only to whom the rule allows; bad input answers
a translated 400, never a 500, and saves nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from yingcai.calls.models import Conflict, Entry, EntryDocument
from yingcai.core.rules import STAFF_EDITOR

from ..factories import StaffFactory, UserFactory
from ..talents.helpers import PDF, en, media, stored_files  # noqa: F401
from .entries_helpers import ANSWERS, open_call, pdf, submitted_entry, team_project
from .factories import (
    AssignmentFactory,
    DivisionFactory,
    ReviewerFactory,
    StageFactory,
    TrackFactory,
)


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


def answers_post(**changes):
    data = {f"q_{key}": value for key, value in ANSWERS.items()}
    data.update(changes)
    return data


def test_a_team_member_enters_the_call_over_http(client, call, team, media):  # noqa: F811
    project, lead = team
    track = TrackFactory(call=call, name_en="Innovation")
    client.force_login(lead)
    page = client.get(en("calls:call", call.pk))
    assert page.status_code == 200 and en("call_entries:enter", call.pk) in page.content.decode()
    assert client.get(en("call_entries:enter", call.pk)).status_code == 200
    response = client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    entry = Entry.objects.get()
    assert response.status_code == 302 and response["Location"] == en(
        "call_entries:entry", entry.pk
    )
    assert client.get(response["Location"]).status_code == 200
    response = client.post(en("call_entries:entry", entry.pk), answers_post(track=track.pk))
    assert response.status_code == 302
    response = client.post(en("call_entries:upload", entry.pk), {"key": "plan", "file": pdf()})
    assert response.status_code == 302
    assert client.post(en("call_entries:submit", entry.pk)).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.track, entry.answers["team-size"]) == ("submitted", track, 12)
    mine = client.get(en("call_entries:mine"))
    assert mine.status_code == 200 and "Submitted" in mine.content.decode()
    assert client.post(en("call_entries:withdraw", entry.pk)).status_code == 302
    assert Entry.objects.get().status == "withdrawn"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"q_team-size": "many"}, "Give a number."),
        ({"q_highlights": "a\x00b"}, "NUL character"),
        ({"q_round": "C轮"}, "Select a valid choice."),
        ({"q_video": "ftp://example.com/x"}, "https://"),
        ({"track": "999999"}, "Select a valid choice."),
        ({"track": "abc"}, "Select a valid choice."),
    ],
)
def test_bad_answers_answer_400_and_save_nothing(client, call, team, changes, words):
    project, lead = team
    TrackFactory(call=call)
    client.force_login(lead)
    client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    entry = Entry.objects.get()
    response = client.post(en("call_entries:entry", entry.pk), answers_post(**changes))
    assert response.status_code == 400 and words in response.content.decode()
    assert Entry.objects.get().answers == {}


@pytest.mark.parametrize(
    ("post", "status"),
    [
        ({"project": "abc"}, 400),
        ({"project": "\x00"}, 400),
        ({}, 400),
    ],
)
def test_bad_project_choices_answer_400(client, call, team, post, status):
    _project, lead = team
    client.force_login(lead)
    assert client.post(en("call_entries:enter", call.pk), post).status_code == status
    assert not Entry.objects.exists()


def test_anothers_project_cannot_be_entered(client, call, team):
    project, _lead = team
    client.force_login(UserFactory())
    response = client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    assert response.status_code == 400 and not Entry.objects.exists()


def test_a_second_entry_is_refused_with_words(client, call, team):
    project, lead = team
    client.force_login(lead)
    client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    response = client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    # The project is no longer offered: the choice is refused.
    assert response.status_code == 400 and Entry.objects.count() == 1


def test_an_ineligible_project_is_told_why(client, team):
    project, lead = team
    call = open_call(eligibility={"origins": ["overseas"]})
    client.force_login(lead)
    page = client.get(en("call_entries:enter", call.pk))
    assert "for overseas projects only" in page.content.decode()
    response = client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    assert response.status_code == 400
    assert "for overseas projects only" in response.content.decode()
    assert not Entry.objects.exists()


def test_an_unpublished_call_is_not_found(client, team):
    project, lead = team
    call = open_call(is_published=False)
    client.force_login(lead)
    assert client.get(en("calls:call", call.pk)).status_code == 404
    assert (
        client.post(en("call_entries:enter", call.pk), {"project": project.pk}).status_code == 404
    )
    assert not Entry.objects.exists()


def test_a_bad_upload_answers_400_and_stores_nothing(client, call, team, media):  # noqa: F811
    project, lead = team
    client.force_login(lead)
    client.post(en("call_entries:enter", call.pk), {"project": project.pk})
    entry = Entry.objects.get()
    url = en("call_entries:upload", entry.pk)
    for data in (
        {"key": "plan", "file": pdf(content=b"<html>no</html>")},
        {"key": "plan", "file": pdf(content=b"%PDF-1.4 broken")},
        {"key": "cv", "file": pdf()},
        {"key": "plan"},
    ):
        assert client.post(url, data).status_code == 400
    assert not EntryDocument.objects.exists() and stored_files(media) == []


def test_the_document_is_served_to_the_team_managers_and_assigned_reviewers_only(
    client,
    call,
    team,
    media,  # noqa: F811
):
    project, lead = team
    entry = submitted_entry(call, project, lead)
    document = entry.documents.get()
    stage = StageFactory(call=call)
    reviewer = ReviewerFactory(call=call)
    AssignmentFactory(stage=stage, reviewer=reviewer, entry=entry)
    conflicted = ReviewerFactory(call=call)
    AssignmentFactory(stage=stage, reviewer=conflicted, entry=entry)
    Conflict.objects.create(reviewer=conflicted, entry=entry, source="declared")
    url = en("call_entries:document", document.pk)
    for person in (lead, StaffFactory(roles=[STAFF_EDITOR]), reviewer.user):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content) == PDF
        assert client.get(en("call_entries:entry", entry.pk)).status_code == 200
    for person in (conflicted.user, UserFactory(), ReviewerFactory().user):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.get(en("call_entries:entry", entry.pk)).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_a_reviewer_reads_but_cannot_change_the_entry(client, call, team, media):  # noqa: F811
    project, lead = team
    entry = submitted_entry(call, project, lead)
    reviewer = ReviewerFactory(call=call)
    AssignmentFactory(stage=StageFactory(call=call), reviewer=reviewer, entry=entry)
    client.force_login(reviewer.user)
    page = client.get(en("call_entries:entry", entry.pk)).content.decode()
    assert ANSWERS["highlights"] in page and "save-entry" not in page
    assert client.post(en("call_entries:entry", entry.pk), answers_post()).status_code == 403
    assert client.post(en("call_entries:withdraw", entry.pk)).status_code == 302
    assert client.post(en("call_entries:upload", entry.pk), {"key": "plan"}).status_code == 403
    assert Entry.objects.get().status == "submitted"


def test_my_entries_and_the_call_pages_read_a_bounded_number_of_rows(
    client,
    django_assert_max_num_queries,
    team,
):
    project, lead = team
    for _ in range(8):
        call = open_call()
        DivisionFactory(call=call)
        Entry.objects.create(
            call=call, project=project, status="submitted", division=call.divisions.get()
        )
    client.force_login(lead)
    with django_assert_max_num_queries(12):
        assert client.get(en("call_entries:mine")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(en("calls:list")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(en("calls:call", call.pk)).status_code == 200


def test_the_public_pages_speak_both_languages(client, team):
    call = open_call(
        title_zh_hans="海内外项目路演征集",
        title_en="Roadshow call",
        eligibility={"origins": ["overseas"]},
    )
    TrackFactory(call=call, name_zh_hans="创新", name_en="Innovation")
    page = client.get(en("calls:call", call.pk)).content.decode()
    assert "Roadshow call" in page and "Innovation" in page and "Team size" in page
    assert "Only overseas projects may enter." in page
    with translation.override("zh-hans"):
        page = client.get(reverse("calls:call", args=[call.pk])).content.decode()
    assert "海内外项目路演征集" in page and "创新" in page and "团队人数" in page


def test_the_dashboard_shows_the_entries_to_team_members_only(client, call, team, talent):
    project, lead = team
    Entry.objects.create(call=call, project=project)
    client.force_login(lead)
    page = client.get(en("accounts:dashboard")).content.decode()
    assert 'data-testid="entries-panel"' in page and en("call_entries:mine") in page
    client.force_login(talent)
    page = client.get(en("accounts:dashboard")).content.decode()
    assert 'data-testid="entries-panel"' not in page and en("calls:list") in page
