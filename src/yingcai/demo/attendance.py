"""The agenda of the two conference days and the participants registered for it, as they stand
two days before the opening.

- The agenda: the opening ceremony and the keynote forum at the main venue (on site and
  streamed), forums there and at the district sub-venues, the roadshow's two sessions and
  the Talents Cup's final (linked to their pages), the docking negotiations (linked to the
  docking session of the opening day), two job-fair halls and a job fair at a sub-venue (no
  seat limit), livestream recruiting (直播带岗) in the online venue presenting published
  jobs; speakers from the confirmed guests; gates at every venue on site. Two more
  district sub-venues (Yubei, Jiulongpo) join those of the conference step.
- The participants: the seed's "more than 40,000 registered online participants" (40,512
  at full scale) and 3,100 registered on site (some of whom follow sessions online too),
  registered over the six weeks before the snapshot, more of them late; kinds spread
  (talents, employers, investors, media, others); a few by e-mail, some with their account
  (the demo talent's among them: a seat at the keynote forum, its ticket). Seats are given
  in the order people registered: the popular forums fill up and have waiting lists; every
  seat has a ticket secret and `Session.taken` is the number of confirmed seats. A few
  registrations were cancelled. Nobody is checked in: the demo stands before the opening.

Rows as the attendance services would leave them, written in bulk. The registrations' keys
and the tickets' secrets have the format of `Registration`'s and `tickets.new_secret()`'s
but are drawn from the step's random source, so that a load is the same each time (like
the demo password, they protect nothing: the demo is public).
"""

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta

from yingcai.attendance.models import Attendance, Gate, Registration, Session
from yingcai.calls.models import Call
from yingcai.conference.models import Venue
from yingcai.core.models import District
from yingcai.docking.models import Session as DockingSession
from yingcai.guests.models import Guest
from yingcai.jobs.models import Job
from yingcai.privacy.models import LegalDocument
from yingcai.roadshow.models import RoadshowSession

from .accounts import chinese_name
from .base import EMAIL_DOMAIN, NAMED, Context
from .jobs import Record, write, write_records, write_rows

LIVE = "https://live.example.com/yingcai/{}/index.m3u8"  # HLS: plays in the page
ROOM = "https://meeting.example.com/yingcai-{}"  # a video-meeting room: a link

# Venues the conference step does not have: (key, Chinese, English, district, address zh, en).
MORE_VENUES = [
    ("yubei", "渝北区分会场", "Sub-venue: Yubei", "yubei", "渝北区人才大厦", "Yubei Talent Tower"),
    (
        "jiulongpo",
        "九龙坡区分会场",
        "Sub-venue: Jiulongpo",
        "jiulongpo",
        "九龙坡区科技创新服务中心",
        "Jiulongpo Science and Innovation Service Centre",
    ),
]
GATES = {
    "main": ["1号门（南广场）", "2号门（北广场）", "3号门（嘉宾通道）"],
    "gaoxin": ["正门"],
    "wanzhou": ["正门"],
    "yongchuan": ["正门", "侧门"],
    "yubei": ["正门"],
    "jiulongpo": ["正门"],
}


@dataclass(frozen=True)
class Planned:
    key: str
    kind: str
    zh: str
    en: str
    day: int
    start: tuple[int, int]
    minutes: int
    venue: str
    capacity: int | None  # at full scale; None: no seat limit
    onsite: bool = True
    online: bool = False
    online_share: float = 0.0  # of the online participants, those who follow it
    onsite_weight: float = 0.0  # how often the participants on site choose it
    speakers: tuple[str, ...] = ()  # categories of the guests who speak, one per speaker
    description: tuple[str, str] = ("", "")


K = Session.Kind
G = Guest.Category
AGENDA = [
    Planned(
        "opening",
        K.OPENING,
        "2020重庆英才大会开幕式",
        "Opening ceremony of the 2020 Chongqing Talents Conference",
        0,
        (9, 0),
        60,
        "main",
        1000,
        online=True,
        online_share=0.8,
        onsite_weight=3,
        speakers=(G.PRESIDENT, G.ACADEMICIAN, G.ENTREPRENEUR),
        description=(
            "市领导致辞，发布重庆英才政策，为重庆市杰出英才奖获得者颁奖。",
            "Addresses by the city's leaders, the talent policies announced, the "
            "Chongqing Outstanding Talents Award presented.",
        ),
    ),
    Planned(
        "keynote",
        K.FORUM,
        "主旨论坛：近悦远来·智汇巴渝",
        "Keynote forum: Near and Far, Talents Come to Chongqing",
        0,
        (10, 15),
        105,
        "main",
        300,
        online=True,
        online_share=0.45,
        onsite_weight=4,
        speakers=(G.NOBEL, G.NOBEL, G.ACADEMICIAN, G.ACADEMICIAN, G.PRESIDENT),
        description=(
            "海内外院士、诺贝尔奖获得者和知名高校校长谈人才与创新。",
            "Academicians, Nobel laureates and university presidents from home and "
            "abroad on talent and innovation.",
        ),
    ),
    Planned(
        "roadshow-1",
        K.ROADSHOW,
        "海内外项目现场路演（第一场）",
        "Roadshow of projects from home and abroad, session 1",
        0,
        (9, 30),
        150,
        "main",
        300,
        online=True,
        online_share=0.06,
        onsite_weight=1.2,
    ),
    Planned(
        "roadshow-2",
        K.ROADSHOW,
        "海内外项目现场路演（第二场）",
        "Roadshow of projects from home and abroad, session 2",
        0,
        (14, 0),
        180,
        "main",
        300,
        online=True,
        online_share=0.05,
        onsite_weight=1.2,
    ),
    Planned(
        "job-fair-1",
        K.JOB_FAIR,
        "综合人才招聘会（1号馆）",
        "Job fair, hall 1: all sectors",
        0,
        (9, 0),
        480,
        "main",
        None,
        onsite_weight=3,
    ),
    Planned(
        "livestream-1",
        K.LIVESTREAM,
        "直播带岗：智能制造与汽车产业专场",
        "Livestream recruiting: smart manufacturing and automotive",
        0,
        (14, 0),
        120,
        "online",
        None,
        onsite=False,
        online=True,
        online_share=0.25,
    ),
    Planned(
        "postdoc",
        K.FORUM,
        "博士后创新发展论坛",
        "Forum on postdoctoral innovation",
        0,
        (14, 0),
        150,
        "gaoxin",
        120,
        online=True,
        online_share=0.05,
        onsite_weight=2,
        speakers=(G.ACADEMICIAN, G.PRESIDENT, G.TALENTS_PROGRAM),
    ),
    Planned(
        "overseas",
        K.FORUM,
        "海外人才创新创业论坛",
        "Forum of overseas talents on innovation and entrepreneurship",
        0,
        (14, 30),
        150,
        "main",
        150,
        online=True,
        online_share=0.08,
        onsite_weight=2.5,
        speakers=(G.ACADEMICIAN, G.ENTREPRENEUR, G.AWARD_WINNER),
    ),
    Planned(
        "docking",
        K.DOCKING,
        "项目对接洽谈会",
        "Project docking negotiations",
        0,
        (9, 0),
        480,
        "main",
        400,
        onsite_weight=1,
    ),
    Planned(
        "final",
        K.CONTEST,
        "“英才杯”创新创业创意大赛决赛",
        "Final of the “Talents Cup” Innovation, Entrepreneurship and Creativity Contest",
        1,
        (9, 0),
        480,
        "main",
        500,
        online=True,
        online_share=0.2,
        onsite_weight=2,
        speakers=(G.ENTREPRENEUR, G.ACADEMICIAN),
    ),
    Planned(
        "job-fair-2",
        K.JOB_FAIR,
        "高层次人才专场招聘会（2号馆）",
        "Job fair, hall 2: high-level talents",
        1,
        (9, 0),
        420,
        "main",
        None,
        onsite_weight=2,
    ),
    Planned(
        "livestream-2",
        K.LIVESTREAM,
        "直播带岗：电子信息与生物医药专场",
        "Livestream recruiting: electronics and biomedicine",
        1,
        (10, 0),
        120,
        "online",
        None,
        onsite=False,
        online=True,
        online_share=0.22,
    ),
    Planned(
        "smart",
        K.FORUM,
        "智能制造人才发展论坛",
        "Forum on talents for smart manufacturing",
        1,
        (9, 30),
        150,
        "yubei",
        300,
        online=True,
        online_share=0.05,
        onsite_weight=1.5,
        speakers=(G.ENTREPRENEUR, G.ACADEMICIAN, G.TALENTS_PROGRAM),
    ),
    Planned(
        "science-city",
        K.FORUM,
        "西部（重庆）科学城人才发展论坛",
        "Talent forum of the Western (Chongqing) Science City",
        1,
        (14, 0),
        180,
        "gaoxin",
        300,
        online=True,
        online_share=0.05,
        onsite_weight=1.5,
        speakers=(G.PRESIDENT, G.ACADEMICIAN, G.AWARD_WINNER),
    ),
    Planned(
        "wanzhou",
        K.DOCKING,
        "万州区分会场：三峡库区人才项目对接会",
        "Wanzhou sub-venue: talents and projects for the Three Gorges area",
        1,
        (9, 30),
        240,
        "wanzhou",
        200,
        onsite_weight=0.8,
    ),
    Planned(
        "yongchuan",
        K.JOB_FAIR,
        "永川区分会场：职业技能人才招聘会",
        "Yongchuan sub-venue: job fair for skilled workers",
        1,
        (9, 0),
        420,
        "yongchuan",
        None,
        onsite_weight=1,
    ),
    Planned(
        "jiulongpo",
        K.ROADSHOW,
        "九龙坡区分会场：高层次人才项目路演",
        "Jiulongpo sub-venue: roadshow of high-level talents' projects",
        1,
        (14, 0),
        180,
        "jiulongpo",
        150,
        online=True,
        online_share=0.03,
        onsite_weight=0.8,
    ),
]
STREAMED = {"opening", "keynote", "final", "livestream-1", "livestream-2"}  # HLS; others: a room
JOBS_PER_LIVESTREAM = 12

KINDS = Registration.Kind
ONLINE_KINDS = ((KINDS.TALENT, KINDS.EMPLOYER, KINDS.INVESTOR, KINDS.MEDIA, KINDS.OTHER),
                (0.64, 0.17, 0.05, 0.03, 0.11))  # fmt: skip
ONSITE_KINDS = (ONLINE_KINDS[0], (0.5, 0.3, 0.08, 0.05, 0.07))
ALSO_ONLINE_SHARE = 0.35  # of those on site, those who also follow sessions online
BY_EMAIL_SHARE = 0.08  # registered with an e-mail address, not a mobile number
WITH_ACCOUNT_SHARE = 0.06  # registered with their talent account (its e-mail address)
ENGLISH_SHARE = 0.04
WAITING_SHARE = 0.015  # of those online only, those who asked for a seat at a full session
SESSIONS_ON_SITE = ((1, 2, 3), (0.5, 0.35, 0.15))
# Registered over the six weeks before the snapshot, more of them late.
FIRST_DAY, LAST_DAY = -44, -1.6


def _token(rng, size: int) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(size)).decode().rstrip("=")


# The pages the sessions link to, without the language prefix (they open in the visitor's
# language). Written out rather than reversed: reversing would import every URLconf and view
# of the site, seconds of the load; the demo's tests resolve them.
ROADSHOW_PAGE = "/roadshow/{}/"
CALL_PAGE = "/calls/{}/"
CALLS_PAGE = "/calls/"
DOCKING_PAGE = "/docking/sessions/{}/"


def load(ctx: Context) -> None:
    venues = _venues(ctx)
    _gates(venues)
    sessions = _agenda(ctx, venues)
    _register(ctx, sessions)
    ctx.created["agenda"] = sessions


# --- Venues, gates, agenda -----------------------------------------------------------------------
def _venues(ctx: Context) -> dict[str, Venue]:
    conference = ctx.created["conference"]
    found = {}
    for venue in Venue.objects.filter(conference=conference).select_related("district"):
        key = venue.kind if venue.kind != Venue.Kind.SUB else venue.district.slug
        found[key] = venue
    districts = {d.slug: d for d in District.objects.filter(slug__in=[v[3] for v in MORE_VENUES])}
    last = max(v.position for v in found.values())
    more = [
        Venue(
            conference=conference,
            name_zh_hans=zh,
            name_en=en,
            kind=Venue.Kind.SUB,
            district=districts[slug],
            address_zh_hans=address_zh,
            address_en=address_en,
            position=last + n,
        )
        for n, (_key, zh, en, slug, address_zh, address_en) in enumerate(MORE_VENUES, 1)
    ]
    Venue.objects.bulk_create(more)
    # The online venue stays last.
    Venue.objects.filter(pk=found["online"].pk).update(position=last + len(more) + 1)
    for (key, *_rest), venue in zip(MORE_VENUES, more, strict=True):
        found[key] = venue
    return found


def _gates(venues) -> None:
    Gate.objects.bulk_create(
        [Gate(venue=venues[key], name=name) for key, names in GATES.items() for name in names]
    )


def _links(ctx: Context) -> dict[str, str]:
    links = {}
    roadshow = Call.objects.filter(slug="roadshow-2020").first()
    if roadshow is not None and RoadshowSession.objects.filter(call=roadshow).exists():
        links["roadshow-1"] = links["roadshow-2"] = ROADSHOW_PAGE.format(roadshow.slug)
    contest = Call.objects.filter(slug="talents-cup-2020").first()
    if contest is not None:
        links["final"] = CALL_PAGE.format(contest.pk)
    docking = DockingSession.objects.filter(date=ctx.at(0).date()).order_by("pk").first()
    if docking is not None:
        links["docking"] = DOCKING_PAGE.format(docking.pk)
    links["jiulongpo"] = CALLS_PAGE
    return links


def _capacity(ctx: Context, full: int | None) -> int | None:
    return None if full is None else max(5, round(full * ctx.scale))


def _agenda(ctx: Context, venues) -> dict[str, Session]:
    rng = ctx.rng
    conference = ctx.created["conference"]
    links = _links(ctx)
    sessions = {}
    for position, plan in enumerate(AGENDA, 1):
        starts = ctx.at(plan.day, *plan.start)
        if plan.key in STREAMED:
            stream = LIVE.format(plan.key)
        elif plan.online:
            stream = ROOM.format(plan.key)
        else:
            stream = ""
        sessions[plan.key] = Session(
            conference=conference,
            venue=venues[plan.venue],
            kind=plan.kind,
            title_zh_hans=plan.zh,
            title_en=plan.en,
            description_zh_hans=plan.description[0],
            description_en=plan.description[1],
            starts_at=starts,
            ends_at=starts + timedelta(minutes=plan.minutes),
            capacity=_capacity(ctx, plan.capacity) if plan.onsite else None,
            taken=0,
            onsite=plan.onsite,
            online=plan.online,
            stream_url=stream,
            link_url=links.get(plan.key, ""),
            registration_closes_at=None,
            is_published=True,
            position=position,
        )
    write(list(sessions.values()))
    # Speakers: confirmed guests of the categories each session asks for.
    confirmed = [g for g in ctx.created.get("guests", []) if g.first_confirmed_at is not None]
    by_category: dict[str, list[Guest]] = {}
    for guest in confirmed:
        by_category.setdefault(guest.category, []).append(guest)
    speakers = set()
    for plan in AGENDA:
        for category in plan.speakers:
            pool = by_category.get(category) or confirmed
            if pool:
                speakers.add((sessions[plan.key].pk, rng.choice(pool).pk))
    write_rows(Session.speakers.through, ("session_id", "guest_id"), sorted(speakers))
    # Livestream recruiting presents published jobs.
    published = [j for j in ctx.created.get("jobs", []) if j.status == Job.Status.PUBLISHED]
    presented = []
    for key in ("livestream-1", "livestream-2"):
        chosen = rng.sample(published, min(len(published), JOBS_PER_LIVESTREAM))
        presented += [(sessions[key].pk, job.pk) for job in chosen]
    write_rows(Session.jobs.through, ("session_id", "job_id"), presented)
    return sessions


# --- Registrations -------------------------------------------------------------------------------
@dataclass
class Person:
    record: Record
    at: datetime
    kind: str
    onsite: bool
    online: bool


class Seats:
    """The seats of the sessions on site, given in the order people registered."""

    def __init__(self, sessions):
        self.sessions = sessions
        self.taken = dict.fromkeys(sessions, 0)
        self.full_since: dict[str, datetime] = {}

    def free(self, key) -> bool:
        capacity = self.sessions[key].capacity
        return capacity is None or self.taken[key] < capacity

    def take(self, key, at) -> None:
        self.taken[key] += 1
        if not self.free(key):
            self.full_since[key] = at


def _register(ctx: Context, sessions: dict[str, Session]) -> None:
    rng = ctx.rng
    conference = ctx.created["conference"]
    privacy = (
        LegalDocument.objects.filter(kind=LegalDocument.Kind.PRIVACY, published_at__isnull=False)
        .order_by("-version")
        .first()
    )
    online_count = ctx.count("participants_online")
    onsite_count = ctx.count("participants_onsite")
    also_online = max(1, round(onsite_count * ALSO_ONLINE_SHARE))
    cancelled_count = ctx.count("participants_cancelled")
    talents = [u for u in ctx.created.get("talents", [])[1:]]
    with_account = rng.sample(talents, min(len(talents), round(online_count * WITH_ACCOUNT_SHARE)))
    demo_talent = next(
        (u for u in ctx.created.get("talents", []) if u.email == NAMED["talent"].email), None
    )

    people: list[Person] = []
    columns = ("conference_id", "name", "mobile", "email", "kind", "language", "user_id", "key",
               "privacy_statement_id", "created_at", "cancelled_at")  # fmt: skip
    total = (online_count - also_online) + onsite_count + cancelled_count
    for serial in range(total):
        if serial < onsite_count:
            onsite, online = True, serial < also_online
            kinds = ONSITE_KINDS
        else:
            onsite, online = False, True
            kinds = ONLINE_KINDS
        at = ctx.at(-rng.triangular(-LAST_DAY, -FIRST_DAY, -LAST_DAY))
        name, pinyin = chinese_name(rng)
        mobile, email, user_id = f"+861{rng.choice('35789')}{serial:09d}", "", None
        language = "en" if rng.random() < ENGLISH_SHARE else "zh-hans"
        if serial == 0 and demo_talent is not None:
            # The demo talent: registered early, with the account, on site and online.
            at = ctx.at(-30, 20, 15)
            name, mobile, email, user_id = demo_talent.name, "", demo_talent.email, demo_talent.pk
        elif with_account and not onsite and serial % 16 == 0:
            user = with_account.pop()
            name, mobile, email, user_id = user.name, "", user.email, user.pk
            language = user.language
        elif rng.random() < BY_EMAIL_SHARE:
            mobile, email = "", f"{pinyin}.r{serial:05d}@{EMAIL_DOMAIN}"
        kind = KINDS.TALENT if user_id is not None else rng.choices(*kinds)[0]
        cancelled = serial >= total - cancelled_count
        record = Record([conference.pk, name, mobile, email, kind, language, user_id,
                         _token(rng, 24), privacy.pk if privacy else None, at,
                         ctx.after(at, 2, 24 * 10) if cancelled else None])  # fmt: skip
        people.append(Person(record, at, kind, onsite and not cancelled, online))
    people.sort(key=lambda p: p.at)
    write_records(Registration, columns, [p.record for p in people])
    rows = _attendances(ctx, sessions, people)
    write_rows(
        Attendance,
        ("registration_id", "session_id", "mode", "status", "created_at", "confirmed_at",
         "cancelled_at", "ticket"),
        rows,
    )  # fmt: skip


def _overlaps(a: Planned, b: Planned) -> bool:
    start_a = a.day * 1440 + a.start[0] * 60 + a.start[1]
    start_b = b.day * 1440 + b.start[0] * 60 + b.start[1]
    return start_a < start_b + b.minutes and start_b < start_a + a.minutes


def _attendances(ctx: Context, sessions: dict[str, Session], people: list[Person]) -> list:
    rng = ctx.rng
    on_site = [p for p in AGENDA if p.onsite]
    followed = [p for p in AGENDA if p.online]
    unlimited = [p.key for p in on_site if p.capacity is None]
    popular = [p.key for p in sorted(on_site, key=lambda p: -p.onsite_weight) if p.capacity][:4]
    seats = Seats(sessions)
    onsite_mode, online_mode = Attendance.Mode.ONSITE, Attendance.Mode.ONLINE
    confirmed, waiting = Attendance.Status.CONFIRMED, Attendance.Status.WAITING
    rows = []
    waiters = []
    for person in people:
        pk, at = person.record.pk, person.at
        if person.record.values[-1] is not None:  # cancelled: what they had, cancelled
            cancelled_at = person.record.values[-1]
            key = rng.choice([p.key for p in followed])
            rows.append((pk, sessions[key].pk, online_mode, Attendance.Status.CANCELLED, at, at,
                         cancelled_at, None))  # fmt: skip
            continue
        chosen: list[str] = []
        if person.onsite:
            wanted = rng.choices(*SESSIONS_ON_SITE)[0]
            pool = list(on_site)
            while pool and len(chosen) < wanted:
                plan = rng.choices(pool, [p.onsite_weight for p in pool])[0]
                pool = [p for p in pool if p is not plan and not _overlaps(p, plan)]
                chosen.append(plan.key)
            if person.record.values[6] is not None:  # the demo talent: the keynote forum
                chosen = ["keynote", "overseas"]
            seated = False
            for key in chosen:
                if seats.free(key):
                    seats.take(key, at)
                    seated = True
                    rows.append((pk, sessions[key].pk, onsite_mode, confirmed, at, at, None,
                                 _token(rng, 16)))  # fmt: skip
                else:
                    rows.append((pk, sessions[key].pk, onsite_mode, waiting, at, None, None,
                                 None))  # fmt: skip
            if not seated:  # every choice full: the job fair takes everybody
                key = next(k for k in unlimited if k not in chosen)
                chosen.append(key)
                seats.take(key, at)
                rows.append((pk, sessions[key].pk, onsite_mode, confirmed, at, at, None,
                             _token(rng, 16)))  # fmt: skip
        if person.online:
            follows = [p.key for p in followed if p.key not in chosen
                       and rng.random() < p.online_share]  # fmt: skip
            if not follows:
                follows = [next(p.key for p in followed if p.key not in chosen)]
            for key in follows:
                rows.append((pk, sessions[key].pk, online_mode, confirmed, at, at, None, None))
            unfollowed = [key for key in popular if key not in follows]
            if not person.onsite and unfollowed and rng.random() < WAITING_SHARE:
                waiters.append((person, rng.choice(unfollowed)))
    # Those online who asked for a seat later, at a session full by then: they wait.
    for person, key in waiters:
        if key in seats.full_since:
            asked = max(person.at, seats.full_since[key]) + timedelta(minutes=rng.randrange(5, 600))
            rows.append((person.record.pk, sessions[key].pk, onsite_mode, waiting,
                         min(asked, ctx.snapshot), None, None, None))  # fmt: skip
    for key, session in sessions.items():
        if seats.taken[key]:
            Session.objects.filter(pk=session.pk).update(taken=seats.taken[key])
        session.taken = seats.taken[key]
    return rows
