"""Docking sessions in Chromium (issue 13, part B): a project team and an investor join a
session, the investor requests a meeting that the team accepts; the organiser schedules and
publishes; both sides find the meeting on their agenda, in their calendar feed and in the PDF;
one side cancels and the organiser re-optimises; after the meeting the team records a signed
agreement, which a verifier confirms and the figures count.

Each step sets up what comes before it through factories and services, so that every test
runs alone. Every test runs at desktop width and at phone width, the project team in Chinese
and the investor and the organisers in English, and once more with the languages swapped.
Fields are selected by name, forms by their address, and the checks are on data (rows, values
shown), never on translated sentences.

The session is built so that its schedule is not trivial: three slots, two tables, and the
investor wanted by three projects. The team cannot attend the first slot, another project
(P3) only the last, a third (P2) only the middle one; the investor's must-meet with P3 takes
the last slot, so the must-meet with the team goes to the middle slot and P2's would-like
request is left out — until the team's meeting is cancelled and re-optimising places it.
"""

import json
import re
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone, translation
from icalendar import Calendar
from playwright.sync_api import expect

from tests.docking.factories import make_session, mutual
from tests.factories import (
    PASSWORD,
    MembershipFactory,
    OrganisationFactory,
    ProfileFactory,
    ProjectFactory,
    StaffFactory,
    UserFactory,
)
from yingcai.core.models import District
from yingcai.core.rules import STAFF_EDITOR, STAFF_VERIFIER
from yingcai.docking.models import (
    Interest,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    Seat,
    Session,
    Slot,
    Unavailability,
)
from yingcai.docking.services import sessions as services
from yingcai.organisations.models import Organisation

PHONE = {"width": 390, "height": 844}
MESSAGE = "我们希望了解贵项目的量产计划。"
AMOUNT = 8_000_000


@dataclass(frozen=True)
class Variant:
    team: str  # the language of the project team's pages
    other: str  # the language of the investor's and the organisers' pages
    phone: bool


VARIANTS = [
    pytest.param(Variant("zh-hans", "en", phone=False), id="desktop"),
    pytest.param(Variant("zh-hans", "en", phone=True), id="phone"),
    pytest.param(Variant("en", "zh-hans", phone=False), id="desktop-languages-swapped"),
]


@pytest.fixture(params=VARIANTS)
def variant(request) -> Variant:
    return request.param


def url(language, name, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def shown(language, obj) -> str:
    """How a page in `language` names a project, an organisation or a participant."""
    with translation.override(language):
        return str(obj)


def time_shown(language, moment) -> str:
    with translation.override(language):
        return formats.time_format(timezone.localtime(moment), "TIME_FORMAT")


# --- The people and the session -------------------------------------------------------------
def project_with_lead(title_zh, title_en, **user):
    lead = UserFactory(**user)
    return ProjectFactory(title=title_zh, title_en=title_en, lead=lead), lead


@pytest.fixture
def world(variant) -> SimpleNamespace:
    """A listed project whose lead is a talent; a verified investor with a member, mutually
    interested; three other projects and another investor; an editor who runs the session
    and a verifier; a session taking requests (three slots, two tables)."""
    project, lead = project_with_lead(
        "车规级碳化硅功率芯片",
        "Automotive silicon-carbide power chips",
        name="张团队",
        email="zhang.team@example.cn",
        language=variant.team,
    )
    ProfileFactory(user=lead, university="重庆大学")
    investor = OrganisationFactory(
        kind=Organisation.Kind.INVESTOR,
        name_zh_hans="两江产业投资基金",
        name_en="Liangjiang Industrial Investment Fund",
    )
    member = MembershipFactory(
        organisation=investor,
        role="owner",
        user__name="Anna Schmidt",
        user__email="anna.schmidt@liangjiang-fund.example.com",
        user__language=variant.other,
    ).user
    mutual(project, investor)
    p2, p2_lead = project_with_lead("工业视觉检测", "Industrial vision inspection")
    p3, p3_lead = project_with_lead("氢燃料电池膜电极", "Hydrogen fuel-cell membranes")
    p4, p4_lead = project_with_lead("智慧农业传感器", "Smart farming sensors")
    other_investor = OrganisationFactory(
        kind=Organisation.Kind.INVESTOR,
        name_zh_hans="渝北创新创业投资",
        name_en="Yubei Venture Capital",
    )
    other_member = MembershipFactory(organisation=other_investor, role="owner").user
    mutual(p2, investor)
    mutual(p3, investor)
    mutual(p4, other_investor)  # P4 and the investor: no mutual interest
    editor = StaffFactory(
        roles=[STAFF_EDITOR], name="刘组织", email="liu.editor@example.cn", language=variant.other
    )
    verifier = StaffFactory(roles=[STAFF_VERIFIER], name="陈核验", email="chen.verify@example.cn")
    session = make_session(slots=3, tables=2, created_by=editor)
    return SimpleNamespace(
        session=session,
        slots=list(session.slots.order_by("index")),
        project=project,
        lead=lead,
        investor=investor,
        member=member,
        p2=p2,
        p2_lead=p2_lead,
        p3=p3,
        p3_lead=p3_lead,
        p4=p4,
        p4_lead=p4_lead,
        other_investor=other_investor,
        other_member=other_member,
        editor=editor,
        verifier=verifier,
    )


# --- What came before, through the services -------------------------------------------------
def others_joined(w):
    """The other participants: P2 can attend only the middle slot, P3 only the last."""
    first, middle, last = w.slots
    w.p2_in = services.join_session(w.p2_lead, w.session, project=w.p2)
    services.set_unavailable(w.p2_lead, w.p2_in, [first.pk, last.pk])
    w.p3_in = services.join_session(w.p3_lead, w.session, project=w.p3)
    services.set_unavailable(w.p3_lead, w.p3_in, [first.pk, middle.pk])
    w.p4_in = services.join_session(w.p4_lead, w.session, project=w.p4)
    w.other_in = services.join_session(w.other_member, w.session, organisation=w.other_investor)
    w.r4 = accepted(w.other_member, w.other_in, w.p4_lead, w.p4_in, "must")


def accepted(requester_user, requester, counterpart_user, counterpart, priority):
    request = services.request_meeting(requester_user, requester, counterpart, priority)
    return services.accept_request(counterpart_user, request)


def both_joined(w):
    """The team (which cannot attend the first slot) and the investor take part."""
    w.team = services.join_session(w.lead, w.session, project=w.project)
    services.set_unavailable(w.lead, w.team, [w.slots[0].pk])
    w.side = services.join_session(w.member, w.session, organisation=w.investor)


def others_requested(w):
    """The investor's must-meet with P3, and P2's would-like request to the investor."""
    w.r2 = accepted(w.member, w.side, w.p3_lead, w.p3_in, "must")
    w.r3 = accepted(w.p2_lead, w.p2_in, w.member, w.side, "would")


def requests_agreed(w):
    """Everyone has joined; the investor's must-meet request, accepted by the lead."""
    others_joined(w)
    both_joined(w)
    w.r1 = services.request_meeting(w.member, w.side, w.team, "must", MESSAGE)
    services.accept_request(w.lead, w.r1)
    others_requested(w)


def close_requests(session):
    """The request window ends at its time (there is no button to close it early)."""
    Session.objects.filter(pk=session.pk).update(
        requests_close_at=timezone.now() - timedelta(minutes=1)
    )
    session.refresh_from_db()


def published(w):
    """Scheduled (the task runs at once, after the commit) and published, mail sent."""
    requests_agreed(w)
    close_requests(w.session)
    services.start_scheduling(w.editor, w.session)
    w.session.refresh_from_db()
    assert w.session.status == Session.Status.SCHEDULED, w.session.report
    services.publish_session(w.editor, w.session)
    w.session.refresh_from_db()
    w.meeting = Meeting.objects.get(request=w.r1)
    mail.outbox.clear()


def placed() -> dict[int, tuple]:
    """Every meeting that is not cancelled: its request, slot and table."""
    return {
        m.request_id: (m.pk, m.slot_id, m.table_id, m.status)
        for m in Meeting.objects.exclude(status=Meeting.Status.CANCELLED)
    }


# --- The browser ------------------------------------------------------------------------------
def logged_in(new_context, variant, user):
    """A page in a fresh context of its own (a phone in the phone variant), logged in."""
    phone = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True}
    page = new_context(**(phone if variant.phone else {})).new_page()
    page.goto("/en/accounts/login/")
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out", include_hidden=True)).to_be_attached()
    return page


def visit(page, variant, address):
    response = page.goto(address)
    assert response.status == 200, (address, response.status)
    fits(page, variant)


def fits(page, variant):
    if not variant.phone:
        return
    # The layout viewport (clientWidth), not window.innerWidth: see test_layout.py.
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths == [PHONE["width"], PHONE["width"]], page.url


def submit(page, action: str, button: str = "button"):
    """Click a button of the form in the main part posting to `action`; wait for the answer."""
    with page.expect_navigation() as navigation:
        page.locator(f'main form[action="{action}"] {button}').click()
    return navigation.value


# --- 2. Joining, a slot marked, a meeting requested and accepted --------------------------------
def test_team_and_investor_join_the_investor_requests_a_meeting_and_the_lead_accepts(
    new_context, variant, world
):
    w = world
    others_joined(w)
    first, middle, last = w.slots
    mail.outbox.clear()

    # The lead joins for the project, in the team's language, and marks the first slot.
    lead = logged_in(new_context, variant, w.lead)
    visit(lead, variant, url(variant.team, "docking:session", w.session.pk))
    lead.select_option("main select[name=side]", f"project-{w.project.pk}")
    submit(lead, url(variant.team, "docking:join", w.session.pk))
    team = Participant.objects.get(session=w.session, project=w.project)
    expect(lead).to_have_url(re.compile(rf"/{variant.team}/docking/participants/{team.pk}/$"))
    expect(lead.get_by_role("heading", level=1)).to_have_text(shown(variant.team, w.project))
    fits(lead, variant)
    boxes = lead.locator("main input[name=unavailable]")
    expect(boxes).to_have_count(3)
    lead.check(f"main input[name=unavailable][value='{first.pk}']")
    submit(lead, url(variant.team, "docking:availability", team.pk))
    expect(lead.locator(".flash-success")).to_be_visible()
    expect(lead.locator(f"input[name=unavailable][value='{first.pk}']")).to_be_checked()
    expect(lead.locator(f"input[name=unavailable][value='{middle.pk}']")).not_to_be_checked()
    expect(lead.locator(f"input[name=unavailable][value='{last.pk}']")).not_to_be_checked()
    assert list(Unavailability.objects.filter(participant=team).values_list("slot", flat=True)) == [
        first.pk
    ]

    # The investor joins for the organisation, in the other language, and asks for a
    # must-meet with the project: only mutually interested projects are offered.
    investor = logged_in(new_context, variant, w.member)
    visit(investor, variant, url(variant.other, "docking:session", w.session.pk))
    investor.select_option("main select[name=side]", f"organisation-{w.investor.pk}")
    submit(investor, url(variant.other, "docking:join", w.session.pk))
    side = Participant.objects.get(session=w.session, organisation=w.investor)
    expect(investor).to_have_url(re.compile(rf"/{variant.other}/docking/participants/{side.pk}/$"))
    fits(investor, variant)
    offered = investor.locator("main select[name=counterpart] option:not([value=''])")
    expect(offered).to_have_count(3)
    assert sorted(int(v) for v in offered.evaluate_all("os => os.map(o => o.value)")) == sorted(
        [team.pk, w.p2_in.pk, w.p3_in.pk]
    )
    investor.select_option("main select[name=counterpart]", str(team.pk))
    investor.select_option("main select[name=priority]", "must")
    investor.fill("main textarea[name=message]", MESSAGE)
    submit(investor, url(variant.other, "docking:request_meeting", side.pk))
    expect(investor.locator(".flash-success")).to_be_visible()
    sent = investor.get_by_test_id("request-sent")
    expect(sent).to_have_count(1)
    expect(sent).to_contain_text(shown(variant.other, w.project))
    request = MeetingRequest.objects.get(requester=side)
    assert (request.counterpart, request.priority, request.status, request.message) == (
        team,
        MeetingRequest.Priority.MUST,
        MeetingRequest.Status.PENDING,
        MESSAGE,
    )
    assert request.created_by == w.member
    assert [m.to for m in mail.outbox] == [[w.lead.email]]  # the team is told

    # The lead accepts it.
    mail.outbox.clear()
    lead.reload()
    received = lead.get_by_test_id("request-received")
    expect(received).to_have_count(1)
    expect(received).to_contain_text(shown(variant.team, w.investor))
    expect(received).to_contain_text(MESSAGE)
    submit(lead, url(variant.team, "docking:answer_request", request.pk), "button[value=accept]")
    expect(lead.locator(".flash-success")).to_be_visible()
    expect(lead.get_by_test_id("request-received").locator("button")).to_have_count(0)
    fits(lead, variant)
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.ACCEPTED
    assert request.answered_at is not None
    assert [m.to for m in mail.outbox] == [[w.member.email]]  # the investor is told


# --- 3. The organiser schedules and publishes -----------------------------------------------
def test_organiser_schedules_sees_the_bound_and_publishes(new_context, variant, world):
    w = world
    requests_agreed(w)
    close_requests(w.session)
    mail.outbox.clear()
    language = variant.other

    organiser = logged_in(new_context, variant, w.editor)
    visit(organiser, variant, url(language, "orga_docking:session", w.session.pk))
    expect(organiser.get_by_test_id("schedule-report")).to_have_count(0)
    submit(organiser, url(language, "orga_docking:session_action", w.session.pk, "schedule"))

    # The task ran at once: the page shows the engine's report, as stored.
    expect(organiser).to_have_url(re.compile(rf"/orga/docking/sessions/{w.session.pk}/$"))
    w.session.refresh_from_db()
    assert w.session.status == Session.Status.SCHEDULED
    report = w.session.report
    assert report["state"] == "done"
    assert (report["requests"], report["placed"]) == (4, 3)
    # Three must-meets placed (3 each); P2's would-like left out: the team's must-meet with
    # the investor outweighs it in the middle slot.
    assert w.session.weight == 9
    assert w.session.upper_bound >= w.session.weight
    assert report["gap"] == pytest.approx(
        (w.session.upper_bound - w.session.weight) / w.session.upper_bound
    )
    figures = organiser.get_by_test_id("schedule-report").locator("dd")
    with translation.override(language):
        expect(figures.nth(0)).to_have_text(floatformat(w.session.weight, "0"))
        expect(figures.nth(1)).to_have_text(floatformat(w.session.upper_bound, "0"))
    expect(figures.nth(2)).to_have_text(f"{round(report['gap'] * 100)} %")
    unplaced = organiser.get_by_test_id("unplaced")
    expect(unplaced).to_have_count(1)
    expect(unplaced).to_contain_text(shown(language, w.p2))
    assert [row["request"] for row in report["unplaced"]] == [w.r3.pk]
    fits(organiser, variant)

    _first, middle, last = w.slots
    meetings = {m.request_id: m for m in Meeting.objects.all()}
    assert set(meetings) == {w.r1.pk, w.r2.pk, w.r4.pk}
    assert {m.status for m in meetings.values()} == {Meeting.Status.PLANNED}
    assert (meetings[w.r1.pk].slot, meetings[w.r2.pk].slot) == (middle, last)
    assert Seat.objects.filter(meeting=meetings[w.r1.pk]).count() == 2
    assert not mail.outbox  # nothing is told before publishing

    submit(organiser, url(language, "orga_docking:session_action", w.session.pk, "publish"))
    expect(organiser.locator(".flash-success")).to_be_visible()
    w.session.refresh_from_db()
    assert w.session.status == Session.Status.PUBLISHED
    assert w.session.published_at is not None
    assert set(Meeting.objects.values_list("status", flat=True)) == {Meeting.Status.PUBLISHED}
    assert not Meeting.objects.filter(notified_at__isnull=True).exists()

    # Every member of every participant gets the agenda with its calendar.
    everyone = [w.lead, w.member, w.p2_lead, w.p3_lead, w.p4_lead, w.other_member]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in everyone)
    ours = meetings[w.r1.pk]
    for person in (w.lead, w.member):
        [message] = [m for m in mail.outbox if m.to == [person.email]]
        [(name, content, mimetype)] = message.attachments
        assert (name, mimetype) == ("agenda.ics", "text/calendar")
        assert f"UID:docking-meeting-{ours.pk}@yingcai" in content
    # P2 was left out: an agenda without a meeting.
    [p2_mail] = [m for m in mail.outbox if m.to == [w.p2_lead.email]]
    assert "BEGIN:VEVENT" not in p2_mail.attachments[0][1]


# --- 4. Both agendas, their calendar feeds and the PDF ----------------------------------------
def check_agenda(page, variant, language, participant, meeting, other):
    visit(page, variant, url(language, "docking:agenda", participant.pk))
    row = page.get_by_test_id("agenda-meeting").filter(has_text=shown(language, other))
    expect(row).to_have_count(1)
    cells = row.locator("td")
    start, end = meeting.slot.starts_at, meeting.slot.ends_at
    expect(cells.nth(0)).to_have_text(f"{time_shown(language, start)}–{time_shown(language, end)}")
    expect(cells.nth(1)).to_have_text(str(meeting.table.number))

    # The calendar feed at the address the page gives: the meeting, confirmed.
    feed_url = page.locator("main input[readonly]").input_value()
    assert feed_url.endswith(f"/docking/feed/{participant.feed_token}.ics"), feed_url
    answer = page.context.request.get(feed_url)
    assert answer.status == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    events = {
        str(event["UID"]): event for event in Calendar.from_ical(answer.body()).walk("VEVENT")
    }
    event = events[f"docking-meeting-{meeting.pk}@yingcai"]
    assert event.decoded("DTSTART") == meeting.slot.starts_at
    assert event.decoded("DTEND") == meeting.slot.ends_at
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(meeting.table.number) in str(event["LOCATION"])
    assert meeting.session.venue in str(event["LOCATION"])

    # The printable agenda.
    link = page.locator(f"main a[href='{url(language, 'docking:agenda_pdf', participant.pk)}']")
    expect(link).to_have_count(1)
    pdf = page.context.request.get(link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    return events


def test_both_sides_find_the_meeting_on_their_agenda_feed_and_pdf(new_context, variant, world):
    w = world
    published(w)
    meeting = w.meeting
    assert meeting.slot == w.slots[1]

    lead = logged_in(new_context, variant, w.lead)
    events = check_agenda(lead, variant, variant.team, w.team, meeting, w.investor)
    expect(lead.get_by_test_id("agenda-meeting")).to_have_count(1)
    assert len(events) == 1

    investor = logged_in(new_context, variant, w.member)
    events = check_agenda(investor, variant, variant.other, w.side, meeting, w.project)
    # The investor's other meeting (with P3, in the last slot) is listed too.
    expect(investor.get_by_test_id("agenda-meeting")).to_have_count(2)
    assert set(events) == {
        f"docking-meeting-{m.pk}@yingcai" for m in Meeting.objects.filter(seats__participant=w.side)
    }


# --- 5. A cancellation, and re-optimising around the meetings that stay -----------------------
def test_a_side_cancels_and_the_organiser_reoptimises_keeping_the_others(
    new_context, variant, world
):
    w = world
    published(w)
    before = placed()
    assert set(before) == {w.r1.pk, w.r2.pk, w.r4.pk}
    meeting = w.meeting

    # The investor cancels the meeting with the team from its agenda.
    investor = logged_in(new_context, variant, w.member)
    visit(investor, variant, url(variant.other, "docking:agenda", w.side.pk))
    expect(investor.get_by_test_id("agenda-meeting")).to_have_count(2)
    submit(investor, url(variant.other, "docking:cancel_meeting", meeting.pk))
    expect(investor).to_have_url(re.compile(rf"/docking/participants/{w.side.pk}/agenda/$"))
    expect(investor.locator(".flash-success")).to_be_visible()
    rows = investor.get_by_test_id("agenda-meeting")
    expect(rows).to_have_count(1)
    expect(rows).not_to_contain_text(shown(variant.other, w.project))
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert (meeting.cancelled_by, meeting.cancelled_at is not None) == (w.member, True)
    assert not meeting.seats.exists()
    assert MeetingRequest.objects.get(pk=w.r1.pk).status == MeetingRequest.Status.CANCELLED
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.lead.email, w.member.email])

    # The organiser re-optimises: P2's request, left out for want of the investor's time in
    # the middle slot, fits now; nothing else moves.
    mail.outbox.clear()
    organiser = logged_in(new_context, variant, w.editor)
    visit(organiser, variant, url(variant.other, "orga_docking:session", w.session.pk))
    submit(organiser, url(variant.other, "orga_docking:session_action", w.session.pk, "reoptimise"))
    expect(organiser.get_by_test_id("schedule-report")).to_be_visible()
    expect(organiser.get_by_test_id("unplaced")).to_have_count(0)
    fits(organiser, variant)
    w.session.refresh_from_db()
    report = w.session.report
    assert (report["state"], report["job"]) == ("done", "reoptimise")
    assert (report["kept"], report["newly_placed"]) == (2, 1)

    after = placed()
    for request_id in (w.r2.pk, w.r4.pk):
        assert after[request_id] == before[request_id]  # same meeting, slot, table, status
    assert set(after) == {w.r2.pk, w.r3.pk, w.r4.pk}
    new = Meeting.objects.get(request=w.r3)
    assert (new.status, new.slot) == (Meeting.Status.PUBLISHED, w.slots[1])
    assert sorted(new.seats.values_list("participant", flat=True)) == sorted(
        [w.p2_in.pk, w.side.pk]
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and not meeting.seats.exists()
    # The organiser's list, one slot at a time: the live meetings only, the new one in its slot.
    live = Meeting.objects.filter(session=w.session).exclude(status=Meeting.Status.CANCELLED)
    for slot in w.slots:
        organiser.locator('[data-testid="slot-link"]').nth(slot.index).click()
        table = organiser.locator("#session-status table").last
        expect(table.locator("tbody tr")).to_have_count(live.filter(slot=slot).count())
        if slot == w.slots[1]:
            expect(table).to_contain_text(shown(variant.other, w.p2))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.p2_lead.email, w.member.email])


# --- 6. Held, a signed agreement, confirmed and counted ---------------------------------------
def agreements_signed() -> int:
    out = StringIO()
    call_command("stats", "--json", stdout=out)
    return json.loads(out.getvalue())["agreements_signed"]["value"]


def test_the_lead_records_a_signed_agreement_that_a_verifier_confirms(
    new_context, variant, world, settings
):
    w = world
    # The figures are counted again as soon as a counted row changes, not once a minute.
    settings.FIGURES_MIN_INTERVAL = 0
    published(w)
    # The day has come: the team's meeting (the middle slot) started an hour ago.
    shift = timezone.now() - timedelta(hours=1) - w.meeting.slot.starts_at
    Slot.objects.filter(session=w.session).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )
    w.meeting.refresh_from_db()
    seat = Seat.objects.get(meeting=w.meeting, participant=w.team)
    district = District.objects.get(slug="liangjiang")
    signed_on = timezone.localdate() - timedelta(days=1)
    assert agreements_signed() == 0
    language = variant.team

    lead = logged_in(new_context, variant, w.lead)
    visit(lead, variant, url(language, "docking:meetings"))
    card = lead.get_by_test_id(f"meeting-{w.meeting.pk}")
    expect(card).to_contain_text(shown(language, w.investor))
    submit(lead, url(language, "docking:attendance", seat.pk), "button[value=held]")
    expect(lead.locator(".flash-success")).to_be_visible()
    seat.refresh_from_db()
    assert seat.attendance == Seat.Attendance.HELD and seat.marked_at is not None

    lead.locator(f"main a[href='{url(language, 'docking:outcome', seat.pk)}']").click()
    expect(lead).to_have_url(re.compile(rf"/{language}/docking/seats/{seat.pk}/outcome/$"))
    fits(lead, variant)
    lead.check("main input[name=result][value=agreement]")
    lead.select_option("main select[name=agreement_kind]", "investment")
    lead.fill("main input[name=amount]", str(AMOUNT))
    lead.select_option("main select[name=currency]", "CNY")
    lead.select_option("main select[name=district]", str(district.pk))
    lead.fill("main input[name=signed_on]", signed_on.isoformat())
    with lead.expect_navigation():
        lead.locator("main form[method=post]:not([action]) button[type=submit]").click()
    expect(lead).to_have_url(re.compile(rf"/{language}/docking/meetings/$"))
    expect(lead.locator(".flash-success")).to_be_visible()
    outcome = Outcome.objects.get()
    assert (outcome.meeting, outcome.participant, outcome.project, outcome.recorded_by) == (
        w.meeting,
        w.team,
        w.project,
        w.lead,
    )
    assert (outcome.result, outcome.agreement_kind, outcome.amount, outcome.currency) == (
        Outcome.Result.AGREEMENT,
        Outcome.AgreementKind.INVESTMENT,
        AMOUNT,
        "CNY",
    )
    assert (outcome.district, outcome.signed_on, outcome.confirmed_at) == (
        district,
        signed_on,
        None,
    )
    assert agreements_signed() == 0  # not counted before the organisers confirm it

    # The verifier confirms it from the queue.
    mail.outbox.clear()
    verifier = logged_in(new_context, variant, w.verifier)
    visit(verifier, variant, url(variant.other, "orga_docking:outcomes"))
    row = verifier.get_by_test_id(f"outcome-{outcome.pk}")
    expect(row).to_contain_text(shown(variant.other, w.project))
    expect(row).to_contain_text(shown(variant.other, district))
    expect(row).to_contain_text(str(AMOUNT))
    submit(verifier, url(variant.other, "orga_docking:confirm_outcome", outcome.pk))
    expect(verifier.locator(".flash-success")).to_be_visible()
    expect(verifier.get_by_test_id(f"outcome-{outcome.pk}")).to_have_count(0)
    by_district = verifier.locator("main table").nth(1).locator("tbody tr")
    expect(by_district).to_have_count(1)
    expect(by_district).to_contain_text(shown(variant.other, district))
    expect(by_district).to_contain_text(str(AMOUNT))
    fits(verifier, variant)
    outcome.refresh_from_db()
    assert outcome.confirmed_by == w.verifier and outcome.confirmed_at is not None
    assert [m.to for m in mail.outbox] == [[w.lead.email]]
    assert agreements_signed() == 1

    # The lead sees it confirmed, no longer to be changed.
    visit(lead, variant, url(language, "docking:outcome", seat.pk))
    expect(lead.get_by_test_id("confirmed")).to_be_visible()
    expect(lead.locator("main input[name=amount]")).to_have_count(0)


# --- A refusal: no meeting without mutual interest ---------------------------------------------
def test_a_request_without_mutual_interest_is_refused(new_context, variant, world):
    w = world
    others_joined(w)
    both_joined(w)
    assert not Interest.objects.filter(project=w.p4, organisation=w.investor).exists()
    mail.outbox.clear()

    investor = logged_in(new_context, variant, w.member)
    visit(investor, variant, url(variant.other, "docking:participant", w.side.pk))
    select = investor.locator("main select[name=counterpart]")
    # P4 takes part but is not mutually interested with the investor: it is not offered ...
    expect(select.locator(f"option[value='{w.p4_in.pk}']")).to_have_count(0)
    expect(select.locator(f"option[value='{w.team.pk}']")).to_have_count(1)
    # ... and a form altered to ask for it anyway is refused, with the error shown.
    select.evaluate(
        "(select, pk) => { const o = new Option('P4', pk); select.add(o); select.value = pk; }",
        str(w.p4_in.pk),
    )
    investor.select_option("main select[name=priority]", "must")
    response = submit(investor, url(variant.other, "docking:request_meeting", w.side.pk))
    assert response.status == 400
    error = investor.locator(
        f'main form[action="{url(variant.other, "docking:request_meeting", w.side.pk)}"]'
        " [role=alert]"
    )
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    fits(investor, variant)
    assert not MeetingRequest.objects.filter(requester=w.side).exists()
    assert list(MeetingRequest.objects.filter(counterpart=w.p4_in)) == [w.r4]  # its own only
    assert not mail.outbox
