"""The calls with expert review: the roadshow call and the "Talents Cup" contest, as they stand
two days before the opening.

Written in bulk, with the engine doing what the organisers' pages do with it, so the selection
figures come out of the pipeline and not out of a list:

- The roadshow call (海内外项目路演征集): every listed project applied ("more than 600
  applications for roadshow projects at home and abroad": 612 at scale 1, so the step lists as
  many more projects as the projects step left short, drawn by the same loader). Sixty expert
  reviewers, each with their own leniency and scale, five per application, assigned by
  `yingcai.matching.contest.assign_judges` around the conflicts they declared; each review's
  scores are the entry's quality plus the reviewer's leniency plus noise, on the rubric, its
  total computed by `calls.scoring.total_of`; `rank_entries(method="zscore")` ranks them; the
  first 24 are accepted, the next ten waitlisted, the rest rejected, proposed from the ranking
  and confirmed by an editor ("24 projects entered the on-site roadshow"). The 24 pitch on the
  opening day in two sessions (7 minutes and 5 of questions; the overseas teams online).
- The Talents Cup (英才杯创新创业创意大赛): 330 entries (at scale 1) in three tracks, four city
  divisions and an online overseas one. The preliminary online review (three reviewers each,
  z-scores) advances the first 12 of each division (`Advancement` rows); the semi-finals, a
  live panel of five judges per division (trimmed mean), advance the first 4 of each division
  and 5 wildcards on the best normalised (z-score) semi-final scores: 25 finalists. The final
  is scheduled on the conference's second day, its panel named, nothing scored; award
  categories are defined, no certificate issued yet.

At a smaller `--scale` the entries and applications shrink with it; the places (24 selected,
12/4/5 advancing) stay down to half scale and shrink below it, so a tiny load still selects a
few. An entry needs a project of the projects step (the contest's a listed one, the roadshow's
any but a withdrawn one, listed ones first): a project entered before the projects step had
it registered is registered earlier (its dates moved back, their order kept).
"""

import math
from datetime import timedelta

from yingcai.accounts.models import User
from yingcai.calls.models import (
    Advancement,
    Assignment,
    AwardCategory,
    Call,
    Conflict,
    Criterion,
    Decision,
    Division,
    Entry,
    PanelMember,
    Review,
    Reviewer,
    Stage,
    StageEntry,
    Track,
)
from yingcai.calls.rules.entries import ENTERING
from yingcai.calls.scoring import total_of
from yingcai.core.models import DisciplineField
from yingcai.core.rules import STAFF_EDITOR, STAFF_VERIFIER
from yingcai.matching.contest import assign_judges, rank_entries
from yingcai.organisations.models import Organisation
from yingcai.projects.models import Project, TeamMember
from yingcai.roadshow.models import Pitch, RoadshowSession

from . import projects as demo_projects
from .accounts import person, save_users
from .base import BATCH_SIZE, Context

# Places, at half scale and above.
SELECTED = 24
WAITLISTED = 10
PRELIMINARY_TOP = 12  # per division, to the semi-finals
SEMI_FINAL_TOP = 4  # per division, to the final
WILDCARDS = 5  # beyond those, the best normalised semi-final scores: 4 × 5 + 5 = 25
PANEL_SIZE = 5  # judges per semi-final division
FINAL_PANEL = 7
CONTEST_REVIEWERS_PER_ENTRY = 3
PITCH_MINUTES, QUESTIONS_MINUTES = 7, 5
DECLARED_CONFLICTS = 0.04  # per reviewer, of the applications they were offered
VIDEO_ROOM = "https://meeting.example.com/roadshow-{day:%m%d}-{n}"

RUBRIC_REVIEW = [
    ("创新性", "Innovation", "技术或模式的原创性与壁垒", "Originality and barriers", 3),
    ("团队", "Team", "团队经验、分工与完整性", "Experience and completeness", 2),
    ("市场前景", "Market", "市场规模、客户与商业模式", "Market size, customers, model", 3),
    ("落地可行性", "Feasibility in Chongqing", "在重庆落地的条件与计划", "Plan to settle", 2),
]
RUBRIC_PANEL = [
    ("项目展示", "Presentation", "路演表达与答辩", "Pitch and answers", 2),
    ("技术与产品", "Technology and product", "技术水平与产品成熟度", "Maturity", 3),
    ("商业价值", "Business value", "市场、收入与增长", "Market, revenue, growth", 3),
    ("团队", "Team", "团队能力与执行力", "Ability to execute", 2),
]
TRACKS = [
    ("innovation", "创新组", "Innovation"),
    ("entrepreneurship", "创业组", "Entrepreneurship"),
    ("creativity", "创意组", "Creativity"),
]
# (slug, zh, en, city zh, city en, share of the domestic entries, semi-final day)
DIVISIONS = [
    ("shanghai", "上海赛区", "Shanghai division", "上海", "Shanghai", 0.28, -40),
    ("chengdu", "成都赛区", "Chengdu division", "成都", "Chengdu", 0.26, -36),
    ("shenzhen", "深圳赛区", "Shenzhen division", "深圳", "Shenzhen", 0.24, -32),
    ("beijing", "北京赛区", "Beijing division", "北京", "Beijing", 0.22, -28),
]
OVERSEAS = ("overseas", "海外线上赛区", "Online overseas division", -25)
AWARDS = [
    ("first", "一等奖", "First prize"),
    ("second", "二等奖", "Second prize"),
    ("third", "三等奖", "Third prize"),
    ("excellence", "优秀奖", "Award of excellence"),
    ("audience", "最佳人气奖", "Audience award"),
]
FINANCING = [
    ("尚未融资", "No funding yet"),
    ("天使轮300万元", "Angel round, CNY 3 million"),
    ("Pre-A轮1500万元", "Pre-A round, CNY 15 million"),
    ("A轮5000万元", "Series A, CNY 50 million"),
]
AFFILIATIONS = [
    "重庆大学",
    "西南大学",
    "中国科学院重庆绿色智能技术研究院",
    "重庆邮电大学",
    "陆军军医大学",
    "重庆市科学技术研究院",
    "重庆产业投资母基金",
    "深创投重庆公司",
]
# What a reviewer (all write Chinese) notes beside the scores now and then: good, then weak.
COMMENTS = (
    ("技术路线清晰，团队有产业化经验。", "市场分析扎实，建议补充在渝落地计划。"),
    ("商业模式尚需验证，核心专利较少。", "与同类项目相比差异化不明显。"),
)
COMMENT_SHARE = 0.3
VENUE = ("重庆悦来国际会议中心", "Chongqing Yuelai International Conference Center")


def _places(ctx: Context, full: int, least: int = 1) -> int:
    """A number of places: as at full scale down to half scale, shrinking below it."""
    return max(least, round(full * min(1.0, ctx.scale / 0.5)))


def load(ctx: Context) -> None:
    rng = ctx.rng
    editor = ctx.created["staff"][STAFF_EDITOR][0]
    listed = [p for p in ctx.created["projects"] if p.status == Project.Status.VERIFIED]
    quality = {}  # a project's quality, the same in both calls

    def quality_of(project):
        if project.pk not in quality:
            quality[project.pk] = rng.gauss(0, 1)
        return quality[project.pk]

    reviewers = _experts(ctx)
    fields = list(DisciplineField.objects.filter(slug__in=demo_projects.FIELD_WEIGHTS))
    organisations = [
        o
        for o in ctx.created["organisations"]
        if o.status == Organisation.Status.VERIFIED
        and o.kind in (Organisation.Kind.UNIVERSITY, Organisation.Kind.INVESTOR)
    ]
    bias = {u.pk: (rng.gauss(0, 0.9), rng.uniform(0.6, 1.5)) for u in reviewers}
    # The contest's entries come from the projects step's listed projects only.
    domestic = [p for p in listed if p.origin == "domestic"]
    overseas = [p for p in listed if p.origin != "domestic"]
    # The roadshow takes applications from every project but a withdrawn one, listed or not
    # yet (calls.rules.entries.ENTERING): the seed's 600+ applications outnumber its 607
    # registered projects, so some teams applied before (or without) listing theirs.
    unlisted = [
        p
        for p in ctx.created["projects"]
        if p.status in ENTERING and p.status != Project.Status.VERIFIED
    ]
    _roadshow(ctx, editor, listed, unlisted, reviewers, bias, fields, organisations, quality_of)
    _contest(ctx, editor, domestic, overseas, reviewers, bias, fields, organisations, quality_of)
    _open_call(ctx, editor)


def _open_call(ctx: Context, editor) -> None:
    """A call taking entries on the opening day, so that a visitor of the demo can enter a
    project (the two calls of the seed closed weeks before): the conference's own call for
    projects to pitch at the district sub-venues, reviewed online after it closes."""
    call = Call.objects.create(
        slug="sub-venue-roadshows-2020",
        kind=Call.Kind.OTHER,
        title_zh_hans="2020重庆英才大会区县分会场项目路演征集",
        title_en="Roadshows at the district sub-venues: call for projects",
        description_zh_hans=(
            "大会期间各区县分会场举办项目路演，面向已在英才平台登记的项目征集。经网络评审后，"
            "入选项目在分会场与区县政府、园区和投资机构对接。"
        ),
        description_en=(
            "The district sub-venues hold project roadshows during the conference. Projects "
            "registered on Yingcai may apply; after an online review the selected ones pitch "
            "to district governments, parks and investors at the sub-venues."
        ),
        opens_at=ctx.at(-3, 9),
        closes_at=ctx.at(20, 18),
        eligibility={"origins": ["domestic", "overseas"]},
        questions=QUESTIONS,
        documents=DOCUMENTS,
        reviewers_per_entry=3,
        is_published=True,
        created_by=editor,
        created_at=ctx.at(-4, 10),
    )
    stage = Stage.objects.create(
        call=call,
        slug="review",
        name_zh_hans="网络评审",
        name_en="Online review",
        position=1,
        kind=Stage.Kind.REVIEW,
        method=Stage.Method.ZSCORE,
        status=Stage.Status.PLANNED,
        accept_count=12,
    )
    _criteria(stage, RUBRIC_REVIEW)


# --- People --------------------------------------------------------------------------------
def _experts(ctx: Context) -> list[User]:
    """Expert reviewers (评审专家): demo accounts, the first the named log-in `expert`."""
    # Enough for distinct panels in every division and a final panel, at any scale.
    least = PANEL_SIZE * (len(DIVISIONS) + 1) + 2
    experts = [
        person(ctx, f"e{i:02d}", ctx.between(-200, -130), "expert" if i == 0 else None)
        for i in range(ctx.count("call_reviewers", minimum=least))
    ]
    save_users(experts)
    return experts


def _pool(ctx, call, users, fields, organisations) -> list[Reviewer]:
    rng = ctx.rng
    pool = []
    for user in users:
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.4 else None
        pool.append(
            Reviewer(
                call=call,
                user=user,
                organisation=organisation,
                affiliation="" if organisation else rng.choice(AFFILIATIONS),
                added_at=call.opens_at,
            )
        )
    Reviewer.objects.bulk_create(pool, batch_size=BATCH_SIZE)
    through = Reviewer.fields.through
    through.objects.bulk_create(
        [
            through(reviewer_id=r.pk, disciplinefield_id=f.pk)
            for r in pool
            for f in rng.sample(fields, rng.randint(1, 3))
        ],
        batch_size=BATCH_SIZE,
    )
    return pool


# --- Calls, stages and entries --------------------------------------------------------------
def _criteria(stage, rubric) -> list[Criterion]:
    return Criterion.objects.bulk_create(
        [
            Criterion(
                stage=stage,
                name_zh_hans=zh,
                name_en=en,
                help_zh_hans=help_zh,
                help_en=help_en,
                weight=weight,
                min_score=0,
                max_score=10,
                position=position,
            )
            for position, (zh, en, help_zh, help_en, weight) in enumerate(rubric, start=1)
        ]
    )


PROJECT_DATES = ("created_at", "submitted_at", "first_submitted_at", "verified_at")


def _registered_before(ctx: Context, project: Project, moment) -> None:
    """A project entered at `moment` stood as it is before it: if the projects step registered
    (or verified) it later, it was registered earlier (every date of it and its team moved
    back alike)."""
    latest = moment - timedelta(hours=12)
    last = max(getattr(project, name) for name in PROJECT_DATES if getattr(project, name))
    if last <= latest:
        return
    shift = last - latest + timedelta(days=ctx.rng.uniform(1, 15))
    for name in PROJECT_DATES:
        if getattr(project, name):
            setattr(project, name, getattr(project, name) - shift)
    project._shift = shift


def _save_shifted(projects) -> None:
    moved = [p for p in projects if getattr(p, "_shift", None)]
    Project.objects.bulk_update(
        moved,
        list(PROJECT_DATES),
        batch_size=BATCH_SIZE,
    )
    members = list(TeamMember.objects.filter(project__in=moved))
    shifts = {p.pk: p._shift for p in moved}
    for member in members:
        member.joined_at -= shifts[member.project_id]
    TeamMember.objects.bulk_update(members, ["joined_at"], batch_size=BATCH_SIZE)
    for p in moved:
        del p._shift


def _entries(ctx: Context, call, projects, **per_project) -> list[Entry]:
    rng = ctx.rng
    leads = dict(
        TeamMember.objects.filter(project__in=projects, role="lead").values_list(
            "project_id", "user_id"
        )
    )
    entries = []
    for project in projects:
        _registered_before(ctx, project, call.closes_at)
        standing = project.verified_at or project.submitted_at or project.created_at
        earliest = max(call.opens_at, standing + timedelta(hours=6))
        latest = call.closes_at - timedelta(hours=1)
        submitted = earliest + (latest - earliest) * rng.random() ** 0.7
        financing = rng.choice(FINANCING)
        answers = {
            "financing": financing[0] if project.origin == "domestic" else financing[1],
            "team_size": rng.randint(3, 40),
        }
        entry = Entry(
            call=call,
            project=project,
            # The answers to the questions this call asks.
            answers={q["key"]: answers[q["key"]] for q in call.questions},
            status=Entry.Status.SUBMITTED,
            created_by_id=leads[project.pk],
            created_at=submitted - timedelta(hours=rng.uniform(1, 72)),
            submitted_at=submitted,
            first_submitted_at=submitted,
        )
        for name, choose in per_project.items():
            setattr(entry, name, choose(project))
        entries.append(entry)
    _save_shifted(projects)
    Entry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    return entries


QUESTIONS = [
    {
        "key": "financing",
        "label_zh": "已获融资情况",
        "label_en": "Financing so far",
        "kind": "text",
        "required": True,
        "max_length": 300,
    },
    {
        "key": "team_size",
        "label_zh": "团队人数",
        "label_en": "Team size",
        "kind": "number",
        "required": True,
    },
]
DOCUMENTS = [
    {"key": "plan", "label_zh": "商业计划书", "label_en": "Business plan", "required": False}
]


# --- Scoring -------------------------------------------------------------------------------
def _review(ctx, assignment, criteria, quality, bias, moment) -> Review:
    """Quality plus the reviewer's leniency plus noise, per criterion, in half points."""
    rng = ctx.rng
    lenient, spread = bias
    values = {}
    for criterion in criteria:
        raw = 6.0 + lenient + spread * (1.3 * quality + rng.gauss(0, 0.7))
        values[str(criterion.pk)] = min(10.0, max(0.0, round(raw * 2) / 2))
    comment = ""
    if rng.random() < COMMENT_SHARE:
        comment = rng.choice(COMMENTS[0] if quality > 0 else COMMENTS[1])
    return Review(
        assignment=assignment,
        values=values,
        total=total_of(criteria, values),
        comment=comment,
        submitted_at=moment,
        updated_at=moment,
    )


def _score(ctx, stage, assignments, criteria, quality_of, bias, window) -> list[Review]:
    reviews = [
        _review(
            ctx,
            a,
            criteria,
            quality_of(a.entry.project),
            bias[a.reviewer.user_id],
            window[0] + (window[1] - window[0]) * ctx.rng.random(),
        )
        for a in assignments
    ]
    Review.objects.bulk_create(reviews, batch_size=BATCH_SIZE)
    return reviews


def _triples(reviews) -> list[tuple[str, str, float]]:
    return [(str(r.assignment.reviewer_id), str(r.assignment.entry_id), r.total) for r in reviews]


def _assign(ctx, stage, entries, pool, per_entry, moment) -> list[Assignment]:
    """The engine's assignment around the conflicts the reviewers declared (recorded)."""
    rng = ctx.rng
    conflicts = []
    # Declared only where the pool leaves room around them (not in a tiny load).
    offered = 4 if len(pool) >= 4 * per_entry else 0
    for reviewer in pool:
        for entry in rng.sample(entries, min(len(entries), offered)):
            if rng.random() < DECLARED_CONFLICTS * 5:
                conflicts.append(
                    Conflict(
                        reviewer=reviewer,
                        entry=entry,
                        source=Conflict.Source.DECLARED,
                        reason=rng.choice(("曾为该团队提供咨询", "与团队负责人为同事")),
                        created_at=moment - timedelta(days=1),
                    )
                )
    Conflict.objects.bulk_create(conflicts, ignore_conflicts=True, batch_size=BATCH_SIZE)
    by_id = {str(r.pk): r for r in pool}
    entry_by_id = {str(e.pk): e for e in entries}
    result = assign_judges(
        list(entry_by_id),
        list(by_id),
        per_entry,
        [(str(c.reviewer_id), str(c.entry_id)) for c in conflicts],
    )
    assignments = [
        Assignment(
            stage=stage,
            reviewer=by_id[judge],
            entry=entry_by_id[entry],
            source=Assignment.Source.ENGINE,
            created_at=moment,
        )
        for entry, judges in result["assignment"].items()
        for judge in judges
    ]
    Assignment.objects.bulk_create(assignments, batch_size=BATCH_SIZE)
    return assignments


def _decide(stage, ranking, outcome_of, proposed_at, confirmed_at, editor, wildcards=()):
    decisions = [
        Decision(
            stage=stage,
            entry_id=int(item["entry"]),
            proposed=outcome_of(item),
            outcome=outcome_of(item),
            rank=item["rank"],
            score=item["score"],
            tied=item["tied"],
            wildcard=item["entry"] in wildcards,
            proposed_at=proposed_at,
            confirmed_at=confirmed_at,
            confirmed_by=editor,
        )
        for item in ranking
    ]
    Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
    return decisions


def _advance(next_stage, entry_ids, moment, wildcards=()) -> None:
    """The entries taking part in a stage; a live panel's in their order of appearance."""
    panel = next_stage.kind == Stage.Kind.PANEL
    StageEntry.objects.bulk_create(
        [
            StageEntry(
                stage=next_stage,
                entry_id=int(entry),
                added_at=moment,
                wildcard=entry in wildcards,
                order=order if panel else None,
            )
            for order, entry in enumerate(entry_ids, start=1)
        ],
        batch_size=BATCH_SIZE,
    )


# --- The roadshow call ---------------------------------------------------------------------
def _roadshow(ctx, editor, listed, unlisted, experts, bias, fields, organisations, quality_of):
    rng = ctx.rng
    call = Call.objects.create(
        slug="roadshow-2020",
        kind=Call.Kind.ROADSHOW,
        title_zh_hans="2020重庆英才大会海内外项目路演征集",
        title_en="2020 Chongqing Talents Conference: call for roadshow projects at home and abroad",
        description_zh_hans=(
            "面向海内外征集电子信息、智能制造、生物医药、新能源等领域的创新创业项目。经专家评审遴选，"
            "入选项目在大会开幕当天进行现场路演，与区县政府、投融资机构、产业园区和企业对接洽谈；"
            "海外团队在线路演。"
        ),
        description_en=(
            "Innovation and start-up projects at home and abroad in electronic information, "
            "smart manufacturing, biomedicine, new energy and more. After expert review, the "
            "selected projects pitch on the opening day to district governments, investors, "
            "industrial parks and enterprises; overseas teams pitch online."
        ),
        opens_at=ctx.at(-70, 9),
        closes_at=ctx.at(-16, 18),
        eligibility={"origins": ["domestic", "overseas"]},
        questions=QUESTIONS,
        documents=DOCUMENTS,
        reviewers_per_entry=5,
        is_published=True,
        created_by=editor,
        created_at=ctx.at(-75, 10),
    )
    stage = Stage.objects.create(
        call=call,
        slug="review",
        name_zh_hans="专家评审",
        name_en="Expert review",
        position=1,
        kind=Stage.Kind.REVIEW,
        method=Stage.Method.ZSCORE,
        status=Stage.Status.PUBLISHED,
        scoring_closes_at=ctx.at(-9, 18),
        accept_count=_places(ctx, SELECTED),
        published_at=ctx.at(-6, 10),
        appeal_until=ctx.at(-3, 18),
    )
    criteria = _criteria(stage, RUBRIC_REVIEW)
    pool = _pool(ctx, call, experts, fields, organisations)
    rng.shuffle(listed)
    rng.shuffle(unlisted)
    entries = _entries(ctx, call, (listed + unlisted)[: ctx.count("roadshow_applications")])
    _advance(stage, [str(e.pk) for e in entries], call.closes_at)
    assignments = _assign(ctx, stage, entries, pool, call.reviewers_per_entry, ctx.at(-15, 10))
    reviews = _score(
        ctx, stage, assignments, criteria, quality_of, bias, (ctx.at(-15, 12), ctx.at(-9, 17))
    )
    accept, waitlist = stage.accept_count, _places(ctx, WAITLISTED)
    result = rank_entries(_triples(reviews), "zscore", advance=accept)
    position = {item["entry"]: n for n, item in enumerate(result["ranking"])}
    accepted = set(result["advancing"])

    def outcome(item):
        if item["entry"] in accepted:
            return Decision.Outcome.ACCEPT
        if position[item["entry"]] < accept + waitlist:
            return Decision.Outcome.WAITLIST
        return Decision.Outcome.REJECT

    _decide(stage, result["ranking"], outcome, ctx.at(-8, 10), ctx.at(-7, 16), editor)
    chosen = [e for e in entries if str(e.pk) in accepted]
    _verify_before_pitching(ctx, [e.project for e in chosen], ctx.at(-6, 15))
    _programme(ctx, call, chosen, position)


def _verify_before_pitching(ctx: Context, projects, moment) -> None:
    """The programme is public, so the organisers verify a selected project that was not
    listed yet (roadshow.services.programme.place refuses it otherwise). One never submitted
    is submitted then: it becomes a registered project."""
    verifier = ctx.created["staff"][STAFF_VERIFIER][0]
    pending = [p for p in projects if p.status != Project.Status.VERIFIED]
    for project in pending:
        if project.first_submitted_at is None:
            project.submitted_at = project.first_submitted_at = moment - timedelta(days=1)
        project.status = Project.Status.VERIFIED
        project.status_reason = ""
        project.verified_at = moment
        project.reviewed_by = verifier
    Project.objects.bulk_update(
        pending,
        ["status", "status_reason", "submitted_at", "first_submitted_at", "verified_at",
         "reviewed_by"],
    )  # fmt: skip


def _programme(ctx, call, selected, position) -> None:
    """The selected pitch on the opening day: two sessions, in the order of the ranking within
    each; the overseas teams online."""
    selected.sort(key=lambda e: position[str(e.pk)])
    half = math.ceil(len(selected) / 2)
    pitches = []
    for n, (hour, minute, part) in enumerate(((9, 30, selected[:half]), (14, 0, selected[half:]))):
        if not part:
            continue
        room = VIDEO_ROOM.format(day=ctx.at(0), n=n + 1)
        session = RoadshowSession.objects.create(
            call=call,
            title_zh_hans=f"海内外项目现场路演（第{'一二'[n]}场）",
            title_en=f"Roadshow of projects from home and abroad, session {n + 1}",
            starts_at=ctx.at(0, hour, minute),
            venue_zh_hans=f"{VENUE[0]} 路演厅",
            venue_en=f"{VENUE[1]}, roadshow hall",
            online_url=room,
            position=n + 1,
        )
        slot = timedelta(minutes=PITCH_MINUTES + QUESTIONS_MINUTES)
        for order, entry in enumerate(part, start=1):
            online = entry.project.origin != "domestic"
            pitches.append(
                Pitch(
                    session=session,
                    entry=entry,
                    order=order,
                    starts_at=session.starts_at + slot * (order - 1),
                    pitch_minutes=PITCH_MINUTES,
                    questions_minutes=QUESTIONS_MINUTES,
                    online=online,
                    online_url=room if online else "",
                )
            )
    Pitch.objects.bulk_create(pitches)


# --- The Talents Cup -----------------------------------------------------------------------
def _contest(ctx, editor, domestic, overseas, experts, bias, fields, organisations, quality_of):
    rng = ctx.rng
    call = Call.objects.create(
        slug="talents-cup-2020",
        kind=Call.Kind.CONTEST,
        title_zh_hans="2020重庆“英才杯”创新创业创意大赛",
        title_en=(
            "2020 Chongqing “Talents Cup” Innovation, Entrepreneurship and Creativity Contest"
        ),
        description_zh_hans=(
            "2020重庆英才大会的重要活动。设创新、创业、创意三个组别，在上海、成都、深圳、北京设立"
            "赛区，海外团队参加线上赛区；初赛网络评审，复赛在各赛区现场评审，决赛在大会期间举行。"
        ),
        description_en=(
            "An important event of the 2020 Chongqing Talents Conference, in three tracks "
            "(innovation, entrepreneurship, creativity), with divisions in Shanghai, Chengdu, "
            "Shenzhen and Beijing and an online division for overseas teams: a preliminary "
            "online review, semi-finals before a panel in each division, the final at the "
            "conference."
        ),
        opens_at=ctx.at(-120, 9),
        closes_at=ctx.at(-62, 18),
        eligibility={"origins": ["domestic", "overseas"]},
        questions=QUESTIONS[:1],
        documents=DOCUMENTS,
        reviewers_per_entry=CONTEST_REVIEWERS_PER_ENTRY,
        is_published=True,
        created_by=editor,
        created_at=ctx.at(-125, 10),
    )
    tracks = Track.objects.bulk_create(
        [
            Track(call=call, slug=slug, name_zh_hans=zh, name_en=en, position=n)
            for n, (slug, zh, en) in enumerate(TRACKS)
        ]
    )
    divisions = Division.objects.bulk_create(
        [
            Division(
                call=call,
                slug=slug,
                name_zh_hans=zh,
                name_en=en,
                city_zh_hans=city_zh,
                city_en=city_en,
                position=n,
            )
            for n, (slug, zh, en, city_zh, city_en, _share, _day) in enumerate(DIVISIONS)
        ]
        + [
            Division(
                call=call,
                slug=OVERSEAS[0],
                name_zh_hans=OVERSEAS[1],
                name_en=OVERSEAS[2],
                is_online=True,
                position=len(DIVISIONS),
            )
        ]
    )
    online = divisions[-1]
    days = {d.pk: day for d, (*_rest, day) in zip(divisions, [*DIVISIONS, OVERSEAS], strict=True)}
    AwardCategory.objects.bulk_create(
        [
            AwardCategory(call=call, slug=slug, name_zh_hans=zh, name_en=en, position=n)
            for n, (slug, zh, en) in enumerate(AWARDS)
        ]
    )
    preliminary, semi_final, final = _contest_stages(ctx, call, divisions)
    prelim_criteria = _criteria(preliminary, RUBRIC_REVIEW)
    panel_criteria = _criteria(semi_final, RUBRIC_PANEL)
    _criteria(final, RUBRIC_PANEL)

    # Entries: the overseas teams in the online division, the others in a city's.
    total = min(ctx.count("contest_entries"), len(domestic) + len(overseas))
    n_overseas = min(len(overseas), max(round(total * 0.2), total - len(domestic)))
    chosen = rng.sample(overseas, n_overseas) + rng.sample(domestic, total - n_overseas)
    cities = divisions[:-1]
    shares = [share for *_rest, share, _day in DIVISIONS]
    entries = _entries(
        ctx,
        call,
        chosen,
        track=lambda project: rng.choices(tracks, (40, 40, 20))[0],
        division=lambda project: (
            online if project.origin != "domestic" else rng.choices(cities, shares)[0]
        ),
    )
    division_of = {str(e.pk): str(e.division_id) for e in entries}
    _advance(preliminary, list(division_of), call.closes_at)

    # The preliminary: online review, z-scores, the first N of each division advance.
    pool = _pool(ctx, call, experts, fields, organisations)
    assignments = _assign(ctx, preliminary, entries, pool, CONTEST_REVIEWERS_PER_ENTRY, ctx.at(-61))
    reviews = _score(
        ctx, preliminary, assignments, prelim_criteria, quality_of, bias, (ctx.at(-61), ctx.at(-52))
    )
    top = _places(ctx, PRELIMINARY_TOP, least=2)
    result = rank_entries(
        _triples(reviews), "zscore", groups=division_of, advance=top, per_group=True
    )
    advancing = result["advancing"]
    moment = ctx.at(-50, 16)
    chosen_ids = set(advancing)
    _decide(
        preliminary,
        result["ranking"],
        lambda item: (
            Decision.Outcome.ACCEPT if item["entry"] in chosen_ids else Decision.Outcome.REJECT
        ),
        ctx.at(-51, 10),
        moment,
        editor,
    )
    _advance(semi_final, advancing, moment)

    # The semi-finals: a panel of judges per division scores every semi-finalist of it.
    by_id = {str(e.pk): e for e in entries}
    judges = rng.sample(pool, min(len(pool), PANEL_SIZE * len(divisions)))
    # A judge with a conflict of interest sits out that entry (回避): one score fewer.
    recused = set(Conflict.objects.filter(reviewer__call=call).values_list("reviewer", "entry"))
    members, panel_assignments = [], []
    for n, division in enumerate(divisions):
        panel = judges[n * PANEL_SIZE : (n + 1) * PANEL_SIZE]
        for judge in panel:
            members.append(PanelMember(stage=semi_final, division=division, reviewer=judge))
            for entry in advancing:
                if division_of[entry] == str(division.pk) and (judge.pk, int(entry)) not in recused:
                    panel_assignments.append(
                        Assignment(
                            stage=semi_final,
                            reviewer=judge,
                            entry=by_id[entry],
                            source=Assignment.Source.PANEL,
                            created_at=ctx.at(days[division.pk] - 3),
                        )
                    )
    PanelMember.objects.bulk_create(members)
    Assignment.objects.bulk_create(panel_assignments, batch_size=BATCH_SIZE)
    semi_reviews = []
    for a in panel_assignments:
        day = days[a.entry.division_id]
        review = _review(
            ctx,
            a,
            panel_criteria,
            quality_of(a.entry.project),
            bias[a.reviewer.user_id],
            ctx.at(day, 9) + timedelta(minutes=rng.randint(10, 420)),
        )
        semi_reviews.append(review)
    Review.objects.bulk_create(semi_reviews, batch_size=BATCH_SIZE)
    scores = _triples(semi_reviews)
    semi_division = {e: division_of[e] for e in advancing}
    top = _places(ctx, SEMI_FINAL_TOP)
    result = rank_entries(scores, "trimmed", groups=semi_division, advance=top, per_group=True)
    through = set(result["advancing"])
    # Wildcards (复活名额): the best of the others on the normalised (z-score) ranking, which
    # takes each judge's leniency out, so that divisions with other panels compare.
    normalised = rank_entries(scores, "zscore")["ranking"]
    wildcards = [i["entry"] for i in normalised if i["entry"] not in through][
        : _places(ctx, WILDCARDS)
    ]
    finalists = [i["entry"] for i in result["ranking"] if i["entry"] in through] + wildcards
    moment = ctx.at(-23, 16)
    _decide(
        semi_final,
        result["ranking"],
        lambda item: (
            Decision.Outcome.ACCEPT
            if item["entry"] in through or item["entry"] in wildcards
            else Decision.Outcome.REJECT
        ),
        ctx.at(-24, 10),
        moment,
        editor,
        wildcards=set(wildcards),
    )
    # The final: scheduled at the conference, its panel named (the expert log-in among them),
    # nothing scored yet.
    _advance(final, finalists, moment, wildcards=set(wildcards))
    panel = [r for r in pool if r.user_id == experts[0].pk] + [
        r for r in pool if r.user_id != experts[0].pk and r not in judges
    ][: FINAL_PANEL - 1]
    PanelMember.objects.bulk_create([PanelMember(stage=final, reviewer=r) for r in panel])


def _contest_stages(ctx, call, divisions) -> tuple[Stage, Stage, Stage]:
    preliminary = Stage.objects.create(
        call=call,
        slug="preliminary",
        name_zh_hans="初赛",
        name_en="Preliminary",
        position=1,
        kind=Stage.Kind.REVIEW,
        method=Stage.Method.ZSCORE,
        per_division=True,
        status=Stage.Status.PUBLISHED,
        scoring_closes_at=ctx.at(-52, 18),
        published_at=ctx.at(-49, 10),
        appeal_until=ctx.at(-46, 18),
    )
    semi_final = Stage.objects.create(
        call=call,
        slug="semi-final",
        name_zh_hans="复赛",
        name_en="Semi-final",
        position=2,
        kind=Stage.Kind.PANEL,
        method=Stage.Method.TRIMMED,
        per_division=True,
        status=Stage.Status.PUBLISHED,
        scoring_closes_at=ctx.at(OVERSEAS[3], 20),
        starts_at=ctx.at(DIVISIONS[0][6], 9),
        wildcards=_places(ctx, WILDCARDS),
        published_at=ctx.at(-22, 10),
        appeal_until=ctx.at(-15, 18),
    )
    final = Stage.objects.create(
        call=call,
        slug="final",
        name_zh_hans="决赛",
        name_en="Final",
        position=3,
        kind=Stage.Kind.PANEL,
        method=Stage.Method.TRIMMED,
        status=Stage.Status.PLANNED,
        starts_at=ctx.at(1, 9),
        venue_zh_hans=f"{VENUE[0]} 主会场",
        venue_en=f"{VENUE[1]}, main hall",
    )
    Advancement.objects.bulk_create(
        [
            Advancement(stage=stage, division=division, top_n=top)
            for stage, top in (
                (preliminary, _places(ctx, PRELIMINARY_TOP, least=2)),
                (semi_final, _places(ctx, SEMI_FINAL_TOP)),
            )
            for division in divisions
        ]
    )
    return preliminary, semi_final, final
