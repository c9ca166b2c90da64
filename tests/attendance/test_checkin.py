"""Check-in at the gates (services/checkin.py and the pages under /check-in/): every outcome
over the service and over HTTP, retries, the phone's queue, the revocation list, the gates,
the counters and the badges."""

import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation

from yingcai.attendance import tickets
from yingcai.attendance.models import Attendance, CheckIn
from yingcai.attendance.services import checkin as services
from yingcai.core.models import AuditEntry

from .factories import GateFactory, RegistrationFactory, SessionFactory, attend, ticket_code


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def hall(db):
    session = SessionFactory(title_en="Opening ceremony", title_zh_hans="开幕式")
    north = GateFactory(venue=session.venue, name="North 1")
    south = GateFactory(venue=session.venue, name="South 2")
    return session, north, south


def ticket(session, **fields):
    return attend(RegistrationFactory(**fields), session)


def scan(staff, session, gate, code, scan_id=None, scanned_at=None):
    return services.check_in(
        staff,
        session=session,
        gate=gate,
        code=code,
        scan_id=scan_id or str(uuid.uuid4()),
        scanned_at=scanned_at,
    )


def test_a_valid_ticket_is_admitted_once(hall, plain_staff):
    session, north, south = hall
    attendance = ticket(session, name="张三")
    moment = timezone.now() - timedelta(minutes=3)
    result = scan(plain_staff, session, north, ticket_code(attendance), scanned_at=moment)
    assert result.outcome == "admitted"
    assert result.name == "张三"
    assert result.session == "Opening ceremony"
    made = CheckIn.objects.get()
    assert (made.attendance, made.gate, made.scanned_by, made.scanned_at) == (
        attendance,
        north,
        plain_staff,
        moment,
    )
    assert AuditEntry.objects.filter(action="attendance.checked_in").count() == 1

    again = scan(plain_staff, session, south, ticket_code(attendance))
    at = timezone.localtime(moment).strftime("%H:%M")
    assert again.outcome == "already"
    assert again.message == f"Already checked in at {at}, gate North 1."
    assert (again.at, again.gate) == (at, "North 1")
    assert CheckIn.objects.count() == 1


def test_a_retry_with_the_same_scan_id_gets_the_same_answer(hall, plain_staff):
    session, north, _south = hall
    attendance = ticket(session)
    code = ticket_code(attendance)
    first = scan(plain_staff, session, north, code, scan_id="scan-1")
    again = scan(plain_staff, session, north, code, scan_id="scan-1")
    assert first == again
    assert CheckIn.objects.count() == 1
    assert AuditEntry.objects.filter(action="attendance.checked_in").count() == 1


def test_forged_and_altered_codes_are_refused(hall, plain_staff):
    session, north, _south = hall
    code = ticket_code(ticket(session))
    altered = code.replace(f".{session.pk}.", f".{session.pk + 1}.")
    for bad in (altered, code[:-2] + ("AA" if code[-2:] != "AA" else "BB"), "hello", "", None):
        result = scan(plain_staff, session, north, bad)
        assert result.outcome == "forged", bad
        assert result.message == "This code is not a valid ticket: it is forged or altered."
    assert not CheckIn.objects.exists()


def test_a_ticket_of_another_session_or_day(hall, plain_staff):
    session, north, _south = hall
    other = SessionFactory(
        venue=session.venue, title_en="Forum", starts_at=session.starts_at + timedelta(days=1)
    )
    elsewhere = scan(plain_staff, session, north, ticket_code(ticket(other)))
    day = formats.date_format(timezone.localdate(other.starts_at), "SHORT_DATE_FORMAT")
    assert elsewhere.outcome == "other_session"
    assert elsewhere.message == f"This ticket is for Forum on {day}."

    attendance = ticket(session)
    yesterday = timezone.localdate(session.starts_at) - timedelta(days=1)
    moved = tickets.sign(attendance.ticket, session.pk, yesterday)
    result = scan(plain_staff, session, north, moved)
    assert result.outcome == "other_day"
    assert "Opening ceremony" in result.message

    unheard = tickets.sign("nobody", 999_999, yesterday)
    assert scan(plain_staff, session, north, unheard).outcome == "unknown"
    assert not CheckIn.objects.exists()


def test_cancelled_waiting_and_unknown_tickets(hall, plain_staff):
    session, north, _south = hall
    cancelled = ticket(session)
    Attendance.objects.filter(pk=cancelled.pk).update(
        status=Attendance.Status.CANCELLED, cancelled_at=timezone.now()
    )
    result = scan(plain_staff, session, north, ticket_code(cancelled))
    assert (result.outcome, result.message) == ("cancelled", "This ticket was cancelled.")
    assert services.revocations(session) == [cancelled.ticket]

    waiting = ticket(session)
    Attendance.objects.filter(pk=waiting.pk).update(status=Attendance.Status.WAITING)
    assert scan(plain_staff, session, north, ticket_code(waiting)).outcome == "waiting"
    # Its code still verifies (a secret never changes), so the phone learns it is revoked.
    assert services.revocations(session) == [cancelled.ticket, waiting.ticket]

    day = timezone.localdate(session.starts_at)
    unknown = scan(plain_staff, session, north, tickets.sign("no-such-secret", session.pk, day))
    assert (unknown.outcome, unknown.message) == ("unknown", "This ticket is not known.")
    assert not CheckIn.objects.exists()


def test_a_retry_after_a_cancellation_still_says_admitted(hall, plain_staff):
    session, north, _south = hall
    attendance = ticket(session)
    code = ticket_code(attendance)
    assert scan(plain_staff, session, north, code, scan_id="s1").outcome == "admitted"
    Attendance.objects.filter(pk=attendance.pk).update(status=Attendance.Status.CANCELLED)
    assert scan(plain_staff, session, north, code, scan_id="s1").outcome == "admitted"


def test_a_phone_clock_in_the_future_is_not_believed(hall, plain_staff):
    session, north, _south = hall
    before = timezone.now()
    scan(
        plain_staff,
        session,
        north,
        ticket_code(ticket(session)),
        scanned_at=(timezone.now() + timedelta(hours=3)).isoformat(),
    )
    assert before <= CheckIn.objects.get().scanned_at <= timezone.now()


@pytest.mark.parametrize("moment", ["2020-13-45T10:00:00", "2020-11-21T10:00:00", 7, None])
def test_a_scan_time_that_cannot_be_right_is_the_servers(hall, plain_staff, moment):
    session, north, _south = hall
    before = timezone.now()
    scan(plain_staff, session, north, ticket_code(ticket(session)), scanned_at=moment)
    assert CheckIn.objects.get().scanned_at >= before


def test_a_naive_scan_time_is_local(hall, plain_staff):
    session, north, _south = hall
    moment = timezone.localtime().replace(tzinfo=None, microsecond=0) - timedelta(minutes=1)
    scan(plain_staff, session, north, ticket_code(ticket(session)), scanned_at=moment.isoformat())
    assert timezone.localtime(CheckIn.objects.get().scanned_at).replace(tzinfo=None) == moment


def test_sync_answers_each_item(hall, plain_staff):
    session, north, _south = hall
    first, second = ticket(session), ticket(session)
    scans = [
        {"scan_id": "a", "code": ticket_code(first), "scanned_at": timezone.now().isoformat()},
        {"scan_id": "b", "code": ticket_code(second), "scanned_at": "not a date"},
        {"scan_id": "c", "code": ticket_code(first)},
        "not a scan",
        {"scan_id": "x" * 100, "code": ticket_code(second)},
        {"scan_id": 7, "code": 8},
        {"scan_id": "d", "code": "YC1.forged"},
    ]
    results = services.sync(plain_staff, session, north, scans)
    assert [r.outcome for r in results] == [
        "admitted",
        "admitted",
        "already",
        "invalid",
        "invalid",
        "invalid",
        "forged",
    ]
    assert [r.scan_id for r in results] == ["a", "b", "c", "", "", "", "d"]
    assert CheckIn.objects.count() == 2


# --- Over HTTP ----------------------------------------------------------------------------
def scan_url(session, gate):
    return reverse("checkin:scan", args=[session.pk, gate.pk])


def sync_url(session, gate):
    return reverse("checkin:sync", args=[session.pk, gate.pk])


def post_json(client, url, body):
    return client.post(
        url, body if isinstance(body, (str, bytes)) else json.dumps(body), "application/json"
    )


def test_the_page_and_the_plain_form(client, hall, plain_staff):
    session, north, _south = hall
    attendance = ticket(session, name="李四")
    client.force_login(plain_staff)
    page = client.get(scan_url(session, north))
    assert page.status_code == 200
    body = page.content.decode()
    assert tickets.public_key_spki() in body
    assert "checkin.js" in body and "zxing-browser.min.js" in body
    answered = client.post(
        scan_url(session, north), {"code": ticket_code(attendance), "scan_id": "form-1"}
    )
    assert answered.status_code == 200
    assert "Admitted: 李四." in answered.content.decode()
    again = client.post(
        scan_url(session, north), {"code": ticket_code(attendance), "scan_id": "form-2"}
    )
    assert "Already checked in at" in again.content.decode()
    bad_id = client.post(scan_url(session, north), {"code": "x", "scan_id": ""})
    assert "This scan has no valid id" in bad_id.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("outcome", "make"),
    [
        ("admitted", lambda s: ticket_code(ticket(s))),
        ("forged", lambda s: ticket_code(ticket(s))[:-4] + "AAAA"),
        ("other_session", lambda s: ticket_code(ticket(SessionFactory(venue=s.venue)))),
        (
            "other_day",
            lambda s: tickets.sign(
                ticket(s).ticket, s.pk, timezone.localdate(s.starts_at) + timedelta(days=1)
            ),
        ),
        (
            "cancelled",
            lambda s: ticket_code(
                attend(RegistrationFactory(), s, status=Attendance.Status.CANCELLED)
            ),
        ),
        (
            "waiting",
            lambda s: tickets.sign(
                attend(RegistrationFactory(), s, status=Attendance.Status.WAITING).pk and "w",
                s.pk,
                timezone.localdate(s.starts_at),
            ),
        ),
        ("unknown", lambda s: tickets.sign("nope", s.pk, timezone.localdate(s.starts_at))),
    ],
)
def test_every_outcome_over_the_sync_endpoint(client, hall, plain_staff, outcome, make):
    session, north, _south = hall
    if outcome == "waiting":
        waiting = attend(RegistrationFactory(), session, status=Attendance.Status.WAITING)
        Attendance.objects.filter(pk=waiting.pk).update(ticket="w")
    elif outcome == "cancelled":
        cancelled = ticket(session)
        Attendance.objects.filter(pk=cancelled.pk).update(status=Attendance.Status.CANCELLED)
        code = ticket_code(cancelled)
    if outcome == "waiting":
        code = tickets.sign("w", session.pk, timezone.localdate(session.starts_at))
    elif outcome != "cancelled":
        code = make(session)
    client.force_login(plain_staff)
    response = post_json(
        client, sync_url(session, north), {"scans": [{"scan_id": "one", "code": code}]}
    )
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["outcome"] == outcome
    assert result["scan_id"] == "one"
    assert result["message"]


def test_already_over_the_sync_endpoint(client, hall, plain_staff):
    session, north, south = hall
    code = ticket_code(ticket(session))
    client.force_login(plain_staff)
    post_json(client, sync_url(session, north), {"scans": [{"scan_id": "1", "code": code}]})
    response = post_json(
        client, sync_url(session, south), {"scans": [{"scan_id": "2", "code": code}]}
    )
    (result,) = response.json()["results"]
    assert result["outcome"] == "already"
    assert result["gate"] == "North 1"
    assert result["message"].startswith("Already checked in at ")


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        b"\xff\xfe",
        json.dumps([1, 2]),
        json.dumps({"scans": "many"}),
        json.dumps({"scans": None}),
        json.dumps({"scans": [{"scan_id": "a", "code": "b"}] * 101}),
        json.dumps({"scans": [{"scan_id": "a\u0000", "code": "b"}]}),
    ],
)
def test_bad_bodies_answer_a_translated_400(client, hall, plain_staff, body):
    session, north, _south = hall
    client.force_login(plain_staff)
    with translation.override("zh-hans"):
        response = client.post(sync_url(session, north), body, "application/json")
    assert response.status_code == 400
    if response["Content-Type"] == "application/json":
        message = response.json()["message"]
        assert any("\u4e00" <= c <= "\u9fff" for c in message), message
    assert not CheckIn.objects.exists()


def test_a_huge_body_is_refused(client, hall, plain_staff):
    session, north, _south = hall
    client.force_login(plain_staff)
    response = post_json(client, sync_url(session, north), {"scans": ["x" * 70_000]})
    assert response.status_code == 413
    assert response.json()["ok"] is False


def test_a_gate_of_another_venue_is_not_found(client, hall, plain_staff):
    session, _north, _south = hall
    elsewhere = GateFactory()
    client.force_login(plain_staff)
    assert client.get(scan_url(session, elsewhere)).status_code == 404
    assert post_json(client, sync_url(session, elsewhere), {"scans": []}).status_code == 404


def test_the_revocation_list(client, hall, plain_staff):
    session, _north, _south = hall
    kept, cancelled = ticket(session), ticket(session)
    Attendance.objects.filter(pk=cancelled.pk).update(status=Attendance.Status.CANCELLED)
    client.force_login(plain_staff)
    response = client.get(reverse("checkin:revoked", args=[session.pk]))
    assert response.json() == {"revoked": [cancelled.ticket]}
    assert kept.ticket not in response.content.decode()


def test_the_start_page_lists_sessions_and_gates(client, hall, plain_staff):
    session, north, _south = hall
    client.force_login(plain_staff)
    response = client.get(reverse("checkin:start"))
    assert response.status_code == 200
    assert scan_url(session, north) in response.content.decode()


def test_the_counters(client, hall, editor, django_assert_max_num_queries):
    session, north, south = hall
    for _ in range(3):
        SessionFactory(venue=session.venue)
    admitted = [ticket(session) for _ in range(3)]
    ticket(session)
    scan(editor, session, north, ticket_code(admitted[0]))
    scan(editor, session, north, ticket_code(admitted[1]))
    scan(editor, session, south, ticket_code(admitted[2]))
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("checkin:counters"))
    body = response.content.decode()
    assert "North 1: 2" in body and "South 2: 1" in body
    with django_assert_max_num_queries(12):
        rows = client.get(reverse("checkin:counters_rows"))
    assert rows.status_code == 200
    assert 'hx-trigger="every 5s"' in rows.content.decode()
    assert reverse("checkin:participant_badges", args=[session.pk]) in body


def test_gates_are_added_and_removed(client, hall, editor):
    session, north, _south = hall
    client.force_login(editor)
    url = reverse("checkin:gates")
    assert client.get(url).status_code == 200
    added = client.post(url, {"venue": session.venue.pk, "name": " East 3 "})
    assert added.status_code == 302
    east = session.venue.gates.get(name="East 3")
    twice = client.post(url, {"venue": session.venue.pk, "name": "East 3"})
    assert twice.status_code == 400
    assert "already has a gate of this name" in twice.content.decode()
    assert client.post(url, {"venue": "x", "name": "West"}).status_code == 400
    assert client.post(url, {"venue": session.venue.pk, "name": ""}).status_code == 400
    client.post(reverse("checkin:remove_gate", args=[east.pk]))
    assert not session.venue.gates.filter(name="East 3").exists()
    scan(editor, session, north, ticket_code(ticket(session)))
    client.post(reverse("checkin:remove_gate", args=[north.pk]))
    assert session.venue.gates.filter(pk=north.pk).exists()
    assert AuditEntry.objects.filter(action="attendance.gate_added").count() == 1
    assert AuditEntry.objects.filter(action="attendance.gate_removed").count() == 1
