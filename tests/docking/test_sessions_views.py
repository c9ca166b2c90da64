"""The pages of docking sessions: participants, agendas, feeds, PDFs, the organisers' pages."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from yingcai.docking.models import Meeting, MeetingRequest, Participant, Session
from yingcai.docking.services import sessions as services

from ..factories import PASSWORD, UserFactory
from .factories import make_session, mutual, org_member, participant, team
from .test_scheduling import published_session

pytestmark = pytest.mark.django_db


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def test_the_public_list_and_page_show_open_sessions_not_drafts(client):
    shown = make_session()
    draft = make_session(status="draft", title="草稿专场")
    page = client.get(reverse("docking:sessions")).content.decode()
    assert str(shown.title) in page and "草稿专场" not in page
    assert client.get(reverse("docking:session", args=[shown.pk])).status_code == 200
    assert client.get(reverse("docking:session", args=[draft.pk])).status_code == 404


def test_a_team_member_joins_marks_slots_and_requests_through_the_pages(client):
    session = make_session()
    project, lead = team()
    organisation, member = org_member()
    mutual(project, organisation)
    other = participant(session, organisation=organisation)
    log_in(client, lead)
    page = client.get(reverse("docking:session", args=[session.pk])).content.decode()
    assert f"project-{project.pk}" in page
    response = client.post(
        reverse("docking:join", args=[session.pk]), {"side": f"project-{project.pk}"}
    )
    me = Participant.objects.get(session=session, project=project)
    assert response.url == reverse("docking:participant", args=[me.pk])
    assert client.get(response.url).status_code == 200
    slots = list(session.slots.values_list("pk", flat=True))
    response = client.post(
        reverse("docking:availability", args=[me.pk]), {"unavailable": [str(slots[0])]}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("docking:availability", args=[me.pk]), {"unavailable": [str(s) for s in slots]}
    )
    assert response.status_code == 400
    assert "at least one" in response.content.decode() or "至少" in response.content.decode()
    response = client.post(
        reverse("docking:request_meeting", args=[me.pk]),
        {"counterpart": other.pk, "priority": "must", "message": "你好\x00"},
    )
    assert response.status_code == 400  # NUL byte: a form error
    response = client.post(
        reverse("docking:request_meeting", args=[me.pk]),
        {"counterpart": other.pk, "priority": "must", "message": "你好"},
    )
    assert response.status_code == 302
    request = MeetingRequest.objects.get()
    # The counterpart answers; the requester cannot.
    assert (
        client.post(
            reverse("docking:answer_request", args=[request.pk]), {"decision": "accept"}
        ).status_code
        == 403
    )
    client.logout()
    log_in(client, member)
    client.post(reverse("docking:answer_request", args=[request.pk]), {"decision": "maybe"})
    client.post(reverse("docking:answer_request", args=[request.pk]), {"decision": "accept"})
    request.refresh_from_db()
    assert request.status == "accepted"
    client.post(reverse("docking:answer_request", args=[request.pk]), {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == "accepted"  # already answered: refused with the reason
    client.logout()
    log_in(client, lead)
    client.post(reverse("docking:cancel_request", args=[request.pk]))
    request.refresh_from_db()
    assert request.status == "cancelled"
    client.post(reverse("docking:withdraw", args=[me.pk]))
    me.refresh_from_db()
    assert me.withdrawn_at is not None


def test_join_with_a_forged_choice_is_refused(client):
    session = make_session()
    _project, lead = team()
    stranger_project, _other = team()
    log_in(client, lead)
    response = client.post(
        reverse("docking:join", args=[session.pk]), {"side": f"project-{stranger_project.pk}"}
    )
    assert response.status_code == 302
    assert not Participant.objects.exists()


def test_nobody_else_reads_an_agenda_or_a_participant_page(client, editor):
    session = make_session()
    project, _lead = team()
    me = participant(session, project=project)
    _other_project, other_lead = team()
    _org, org_user = org_member()
    for name in ("participant", "agenda", "agenda_pdf"):
        url = reverse(f"docking:{name}", args=[me.pk])
        assert client.get(url).status_code == 302  # anonymous: log in
        for user in (other_lead, org_user, editor):
            log_in(client, user)
            assert client.get(url).status_code == 403, (name, user)
            client.logout()
    assert client.post(reverse("docking:reset_feed", args=[me.pk])).status_code == 302
    log_in(client, other_lead)
    assert client.post(reverse("docking:reset_feed", args=[me.pk])).status_code == 403


def test_the_agenda_page_pdf_and_feed_of_a_published_schedule(
    client, editor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    session, made = published_session(editor, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.filter(session=session).first()
    me = meeting.request.requester
    lead = next(a for r, a, _b in made if r.pk == meeting.request_id)
    log_in(client, lead)
    url = reverse("docking:agenda", args=[me.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200
    assert str(meeting.request.counterpart) in page.content.decode()
    response = client.get(reverse("docking:agenda_pdf", args=[me.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    feed = client.get(reverse("docking:feed", args=[me.feed_token]))
    assert feed["Content-Type"].startswith("text/calendar")
    assert f"docking-meeting-{meeting.pk}@yingcai" in feed.content.decode()
    # The side cancels from its agenda: the feed keeps it as cancelled.
    client.post(reverse("docking:cancel_meeting", args=[meeting.pk]), {"participant": str(me.pk)})
    assert (
        "STATUS:CANCELLED"
        in client.get(reverse("docking:feed", args=[me.feed_token])).content.decode()
    )
    old = me.feed_token
    client.post(reverse("docking:reset_feed", args=[me.pk]))
    assert client.get(reverse("docking:feed", args=[old])).status_code == 404
    assert client.get(reverse("docking:feed", args=["x" * 80])).status_code == 404


def test_the_organisers_create_open_schedule_and_publish_from_their_pages(
    client, editor, django_capture_on_commit_callbacks
):
    log_in(client, editor)
    assert client.get(reverse("orga_docking:sessions")).status_code == 200
    assert client.get(reverse("orga_docking:create_session")).status_code == 200
    now = timezone.localtime()
    data = {
        "title_zh_hans": "智能制造专场",
        "title_en": "Smart manufacturing",
        "venue": "N1",
        "date": (now + timedelta(days=20)).strftime("%Y-%m-%d"),
        "starts_at": "09:00",
        "slot_minutes": "20",
        "break_minutes": "5",
        "slot_count": "4",
        "requests_open_at": now.strftime("%Y-%m-%dT%H:%M"),
        "requests_close_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
    }
    response = client.post(reverse("orga_docking:create_session"), data)
    assert response.status_code == 400  # the window out of order: said on the form
    data["requests_close_at"] = (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data["slot_count"] = "60"
    assert client.post(reverse("orga_docking:create_session"), data).status_code == 400
    data["slot_count"] = "4"
    response = client.post(reverse("orga_docking:create_session"), data)
    session = Session.objects.get()
    assert response.url == reverse("orga_docking:session", args=[session.pk])
    assert client.get(reverse("orga_docking:change_session", args=[session.pk])).status_code == 200
    data["slot_count"] = "5"
    client.post(reverse("orga_docking:change_session", args=[session.pk]), data)
    assert session.slots.count() == 5
    client.post(reverse("orga_docking:add_tables", args=[session.pk]), {"count": "0"})
    client.post(
        reverse("orga_docking:add_tables", args=[session.pk]),
        {"count": "3", "online_link": "https://meet.example.com/r"},
    )
    assert session.tables.count() == 3
    client.post(reverse("orga_docking:session_action", args=[session.pk, "open"]))
    session.refresh_from_db()
    assert session.status == "open"
    assert (
        client.post(reverse("orga_docking:session_action", args=[session.pk, "nope"])).status_code
        == 404
    )
    client.post(reverse("orga_docking:session_action", args=[session.pk, "schedule"]))  # too early
    Session.objects.filter(pk=session.pk).update(requests_close_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orga_docking:session_action", args=[session.pk, "schedule"]))
    session.refresh_from_db()
    assert session.status == "scheduled"
    page = client.get(reverse("orga_docking:session", args=[session.pk])).content.decode()
    assert 'data-testid="schedule-report"' in page
    assert client.get(reverse("orga_docking:session_status", args=[session.pk])).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("orga_docking:session_action", args=[session.pk, "publish"]))
    session.refresh_from_db()
    assert session.status == "published"
    response = client.get(reverse("orga_docking:table_plans", args=[session.pk]))
    assert response.content.startswith(b"%PDF")
    assert b"STSong-Light" in response.content  # Chinese prints without an embedded font


def test_the_status_part_polls_while_the_engine_runs(client, editor):
    session = make_session(report={"state": "running"})
    log_in(client, editor)
    part = client.get(reverse("orga_docking:session_status", args=[session.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in part
    Session.objects.filter(pk=session.pk).update(report={"state": "failed", "error": "x"})
    part = client.get(reverse("orga_docking:session_status", args=[session.pk])).content.decode()
    assert "hx-trigger" not in part and 'role="alert"' in part


def test_the_organisers_see_why_move_and_place(client, editor, django_capture_on_commit_callbacks):
    session, _made = published_session(editor, django_capture_on_commit_callbacks)
    log_in(client, editor)
    page = client.get(reverse("orga_docking:session", args=[session.pk])).content.decode()
    assert 'data-testid="unplaced"' in page
    meeting = session.meetings.order_by("slot__index").first()
    url = reverse("orga_docking:move_meeting", args=[meeting.pk])
    assert client.get(url).status_code == 200
    taken = session.meetings.exclude(pk=meeting.pk).first()
    response = client.post(url, {"slot": taken.slot_id, "table": taken.table_id})
    assert response.status_code == 400
    services.add_tables(editor, session, 1)
    spare = session.tables.order_by("-number").first()
    assert client.post(url, {"slot": meeting.slot_id, "table": spare.pk}).status_code == 302
    waiting = MeetingRequest.objects.filter(session=session, meetings__isnull=True).first()
    place = reverse("orga_docking:place_request", args=[waiting.pk])
    assert client.get(place).status_code == 200
    assert client.post(place, {"slot": taken.slot_id, "table": taken.table_id}).status_code == 400
    free_slot = session.slots.exclude(
        pk__in=Meeting.objects.filter(
            seats__participant__in=[waiting.requester_id, waiting.counterpart_id]
        ).values("slot_id")
    ).first()
    free_table = session.tables.exclude(
        pk__in=session.meetings.filter(slot=free_slot, status="published").values("table_id")
    ).first()
    response = client.post(place, {"slot": free_slot.pk, "table": free_table.pk})
    assert response.status_code == 302
    # The organiser cancels a meeting from the session's page.
    response = client.post(reverse("docking:cancel_meeting", args=[taken.pk]))
    assert response.url == reverse("orga_docking:session", args=[session.pk])


def test_staff_pages_refuse_talents(client):
    session = make_session()
    log_in(client, UserFactory())
    for url in (
        reverse("orga_docking:sessions"),
        reverse("orga_docking:session", args=[session.pk]),
        reverse("orga_docking:table_plans", args=[session.pk]),
    ):
        assert client.get(url).status_code == 403


def test_the_organisers_page_lists_the_meetings_of_one_slot_at_a_time(
    client, editor, django_capture_on_commit_callbacks
):
    session, _made = published_session(editor, django_capture_on_commit_callbacks)
    log_in(client, editor)
    url = reverse("orga_docking:session", args=[session.pk])
    live = session.meetings.exclude(status="cancelled")
    assert live.filter(slot__index=0).exists() and live.filter(slot__index=1).exists()
    for query, slot in [("", 0), ("?slot=2", 1), ("?slot=abc", 0), ("?slot=99", 0)]:
        page = client.get(url + query).content.decode()
        shown = {m.pk for m in live if f"meetings/{m.pk}/move/" in page}
        assert shown == {m.pk for m in live.filter(slot__index=slot)}, query
        assert page.count('data-testid="slot-link"') == session.slots.count()
