"""Projects, project demands, interest between them, a docking session and its outcomes.

Written in bulk like the job fair (see `jobs.write`), keeping the rules the services
enforce: only verified organisations post demands and take part; a project is listed only
once verified; interest is one per project and organisation, and meeting requests need it
mutual; the session's meetings are placed by the engine (`yingcai.matching.schedule`), so
no participant and no table is in two meetings of a slot.

What is counted: the second press conference's "288 project demands" are the demands
submitted to the organisers (every demand but drafts) and its "607 projects registered" the
projects submitted (every project but drafts): exactly those numbers at scale 1.

The docking: a session of 1:1 meetings the week before the opening (published, its meetings
held or missed, some outcomes recorded and the signed agreements confirmed) and a session on
the opening day still taking requests, for trying the journey.
"""

from datetime import timedelta
from functools import partial

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation

from yingcai.core.models import AuditEntry, DisciplineField, District
from yingcai.core.rules import STAFF_EDITOR, STAFF_VERIFIER
from yingcai.docking import tasks as docking_tasks
from yingcai.docking.models import (
    Interest,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    Seat,
    Session,
    Slot,
    Table,
    Unavailability,
)
from yingcai.docking.tasks import RUNNING
from yingcai.organisations.models import Membership, Organisation
from yingcai.projects import recommendations, search
from yingcai.projects.models import (
    BusinessPlan,
    Demand,
    Industry,
    PlanSharing,
    Project,
    Stage,
    TeamMember,
    stages_value,
)
from yingcai.projects.services import projects as project_services

from . import cvs
from .accounts import person, save_users
from .base import BATCH_SIZE, Context

Kind = Organisation.Kind

# The seed: "electronic information, smart manufacturing, biomedicine and new energy" first.
FIELD_WEIGHTS = {
    "electronic-information": 22,
    "smart-manufacturing": 18,
    "biomedicine": 16,
    "new-energy": 14,
    "automotive": 8,
    "new-materials": 6,
    "software-it": 6,
    "digital-economy": 4,
    "modern-agriculture": 3,
    "ecology": 3,
}
INDUSTRY_OF_FIELD = {
    "electronic-information": "electronic-information",
    "smart-manufacturing": "smart-manufacturing",
    "biomedicine": "biomedicine",
    "new-energy": "new-energy",
    "automotive": "intelligent-vehicles",
    "new-materials": "new-materials",
    "software-it": "digital-economy",
    "digital-economy": "digital-economy",
    "modern-agriculture": "modern-agriculture",
    "ecology": "green-low-carbon",
}
# What a project in a field does: (zh, en) pairs the titles and summaries are made from.
THEMES = {
    "electronic-information": [
        ("车规级碳化硅功率芯片", "automotive-grade silicon-carbide power chips"),
        ("毫米波雷达芯片", "millimetre-wave radar chips"),
        ("柔性显示驱动芯片", "flexible display driver chips"),
        ("工业物联网边缘网关", "industrial IoT edge gateways"),
        ("硅光通信模块", "silicon photonics transceivers"),
    ],
    "smart-manufacturing": [
        ("协作机器人关节模组", "collaborative robot joint modules"),
        ("机器视觉质检系统", "machine-vision quality inspection"),
        ("数字孪生产线平台", "digital-twin production lines"),
        ("精密减速器", "precision reducers"),
    ],
    "biomedicine": [
        ("双特异性抗体药物", "bispecific antibody drugs"),
        ("基因检测试剂盒", "genetic testing kits"),
        ("可降解心血管支架", "biodegradable cardiovascular stents"),
        ("细胞治疗平台", "cell therapy platform"),
    ],
    "new-energy": [
        ("固态锂电池", "solid-state lithium batteries"),
        ("氢燃料电池电堆", "hydrogen fuel-cell stacks"),
        ("钙钛矿光伏组件", "perovskite solar modules"),
        ("储能系统集成", "energy-storage systems"),
    ],
    "automotive": [
        ("自动驾驶域控制器", "autonomous-driving domain controllers"),
        ("车路协同路侧单元", "vehicle-road cooperation roadside units"),
    ],
    "new-materials": [
        ("石墨烯导热膜", "graphene thermal films"),
        ("高性能碳纤维", "high-performance carbon fibre"),
    ],
    "software-it": [
        ("工业软件云平台", "cloud industrial software"),
        ("隐私计算平台", "privacy-preserving computation"),
    ],
    "digital-economy": [
        ("跨境电商数据服务", "cross-border e-commerce data services"),
        ("智慧园区运营系统", "smart industrial-park operations"),
    ],
    "modern-agriculture": [
        ("柑橘智慧种植", "smart citrus farming"),
        ("冷链溯源系统", "cold-chain traceability"),
    ],
    "ecology": [
        ("工业废水零排放", "zero-discharge industrial wastewater treatment"),
        ("土壤修复技术", "soil remediation technology"),
    ],
}
STAGES = ((Stage.IDEA, Stage.PROTOTYPE, Stage.REVENUE, Stage.SCALING), (15, 35, 35, 15))
# Investment sought, in ten thousands of yuan, by stage: (low, high) of the lower bound.
AMOUNTS = {
    Stage.IDEA: (50, 300),
    Stage.PROTOTYPE: (300, 1500),
    Stage.REVENUE: (1000, 5000),
    Stage.SCALING: (3000, 20000),
}
OVERSEAS_SHARE = 0.22
# Of the submitted projects, the share with a business plan; of their mutual interests, the
# share where the team shared it.
PLAN_SHARE = 0.12
PLAN_FOLDER = "business-plans"
SHARED_SHARE = 0.35
# Expressions of interest drawn per listed project (pairs drawn twice count once).
INTERESTS_PER_PROJECT = 9
OVERSEAS_PLACES = [
    ("硅谷", "Silicon Valley", "United States"),
    ("波士顿", "Boston", "United States"),
    ("伦敦", "London", "United Kingdom"),
    ("慕尼黑", "Munich", "Germany"),
    ("新加坡", "Singapore", "Singapore"),
    ("多伦多", "Toronto", "Canada"),
    ("悉尼", "Sydney", "Australia"),
    ("东京", "Tokyo", "Japan"),
]
DOMESTIC_CITIES = ["重庆", "重庆", "重庆", "成都", "北京", "上海", "深圳", "西安", "武汉"]
# Among the counted (not draft) projects and demands, the share of each status.
PROJECT_STATUSES = ((Project.Status.VERIFIED, Project.Status.SUBMITTED, Project.Status.REJECTED),
                    (86, 9, 5))  # fmt: skip
PROJECT_DRAFTS = 40
DEMAND_STATUSES = ((Demand.Status.PUBLISHED, Demand.Status.SUBMITTED, Demand.Status.CLOSED,
                    Demand.Status.REJECTED), (84, 8, 5, 3))  # fmt: skip
# Demands by kind of organisation: which kind of demand, and the share of the 288.
DEMAND_KINDS = [
    (Kind.INVESTOR, Demand.Kind.INVESTMENT, 0.40),
    (Kind.INDUSTRIAL_PARK, Demand.Kind.INDUSTRIES, 0.20),
    (Kind.DISTRICT_GOVERNMENT, Demand.Kind.INDUSTRIES, 0.12),
    (Kind.ENTERPRISE, Demand.Kind.TECHNOLOGY, 0.18),
    (Kind.UNIVERSITY, Demand.Kind.COMMERCIALISATION, 0.10),
]
OFFERS = (
    "提供标准厂房三年租金减免、人才公寓和最高500万元落户补贴；土地按工业用地基准价供应。",
    "Three years of rent-free standard premises, talent apartments and a settlement subsidy of "
    "up to CNY 5 million; industrial land at the benchmark price.",
)
# The docking session of the week before: participants and accepted requests at scale 1.
SESSION_PROJECTS = 620
SESSION_REQUESTS = 2000
SESSION_SLOTS = 16
SESSION_TABLES = 120


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def load_projects(ctx: Context) -> None:
    rng = ctx.rng
    fields = {f.slug: f for f in DisciplineField.objects.filter(slug__in=FIELD_WEIGHTS)}
    industries = {i.slug: i for i in Industry.objects.all()}
    districts = list(District.objects.order_by("position", "id"))
    parks = [
        o for o in ctx.created["organisations"]
        if o.kind == Kind.INDUSTRIAL_PARK and o.status == Organisation.Status.VERIFIED
    ]  # fmt: skip
    verifiers = ctx.created["staff"][STAFF_VERIFIER]
    talents = ctx.created["talents"]
    counted = ctx.count("projects")
    projects, leads = [], []
    for n in range(counted + ctx.count("projects_draft", minimum=0)):
        slug = _weighted(rng, FIELD_WEIGHTS)
        zh, en = rng.choice(THEMES[slug])
        stage = rng.choices(*STAGES)[0]
        overseas = rng.random() < OVERSEAS_SHARE
        # The demo talent leads the first project: it is listed and seeks investment.
        lead = talents[0] if n == 0 else rng.choice(talents)
        created = ctx.between(-90, -3)
        project = Project(
            title_zh_hans=f"{zh}研发及产业化",
            title_en=f"{en[0].upper()}{en[1:]}: development and industrialisation",
            summary_zh_hans=(
                f"团队专注{zh}，已完成{stage.label}阶段的关键技术验证，"
                f"拟在重庆建设研发中心和中试基地，面向{fields[slug].name_zh_hans}产业链客户。"
            ),
            summary_en=(
                f"The team works on {en}; key technologies are validated at the "
                f"{Stage(stage).name.lower()} stage. It plans an R&D centre and pilot line in "
                f"Chongqing serving the {fields[slug].name_en.lower()} supply chain."
            )
            if overseas or rng.random() < 0.4
            else "",
            field=fields[slug],
            stage=stage,
            origin="overseas" if overseas else "domestic",
            created_at=created,
            created_by=lead,
        )
        if overseas:
            _city_zh, city_en, country = rng.choice(OVERSEAS_PLACES)
            project.city, project.country = city_en, country
        else:
            project.city = rng.choice(DOMESTIC_CITIES)
        project.seeks_investment = n == 0 or rng.random() < 0.8
        if project.seeks_investment:
            low = rng.randint(*AMOUNTS[stage]) * 10_000
            project.amount_min, project.amount_max = low, low * rng.choice((2, 3, 4))
            project.currency = "USD" if overseas and rng.random() < 0.5 else "CNY"
            if project.currency == "USD":
                project.amount_min //= 7
                project.amount_max //= 7
        project.seeks_partnership = rng.random() < 0.4
        project.seeks_premises = rng.random() < 0.35
        project.seeks_technology_transfer = rng.random() < 0.15
        project.seeks_talent = rng.random() < 0.5
        if rng.random() < 0.45:
            project.patents = "\n".join(
                f"CN{rng.randint(201810000000, 202020999999)}.{rng.randint(0, 9)}"
                for _ in range(rng.randint(1, 4))
            )
        if rng.random() < 0.7:
            project.district = rng.choice(districts)
        if parks and rng.random() < 0.2:
            project.park = rng.choice(parks)
        if n < counted:
            project.status = (
                Project.Status.VERIFIED if n == 0 else rng.choices(*PROJECT_STATUSES)[0]
            )
            project.submitted_at = project.first_submitted_at = ctx.after(created, 0.2, 48)
            if project.status != Project.Status.SUBMITTED:
                project.reviewed_by = rng.choice(verifiers)
            if project.status == Project.Status.VERIFIED:
                project.verified_at = ctx.after(project.submitted_at, 2, 72)
            elif project.status == Project.Status.REJECTED:
                project.status_reason = "请补充团队成员的学历和知识产权证明材料。"
        projects.append(project)
        leads.append(lead)
    Project.objects.bulk_create(projects, batch_size=BATCH_SIZE)
    through = Project.industries.through
    through.objects.bulk_create(
        [
            through(project_id=p.pk, industry_id=industries[INDUSTRY_OF_FIELD[p.field.slug]].pk)
            for p in projects
        ],
        batch_size=BATCH_SIZE,
    )
    members = []
    for project, lead in zip(projects, leads, strict=True):
        members.append(TeamMember(project=project, user=lead, role="lead",
                                  joined_at=project.created_at))  # fmt: skip
        team = {lead.pk}
        for _ in range(rng.choices((0, 1, 2, 3), (30, 35, 25, 10))[0]):
            mate = rng.choice(talents)
            if mate.pk not in team:
                team.add(mate.pk)
                joined = ctx.after(project.created_at, 1, 72)
                members.append(
                    TeamMember(project=project, user=mate, role="member", joined_at=joined)
                )
    TeamMember.objects.bulk_create(members, batch_size=BATCH_SIZE)
    _plans(ctx, projects, leads)
    search.reindex_projects(projects)
    ctx.created["projects"] = projects


def _plans(ctx: Context, projects: list[Project], leads: list) -> None:
    """Business plans (small real PDFs, stored privately) for a sample of the submitted
    projects, the demo talent's among them; a reload deletes the files no row names."""
    rng = ctx.rng
    storage = default_storage
    plans = []
    for n, (project, lead) in enumerate(zip(projects, leads, strict=True)):
        if project.first_submitted_at is None or (n and rng.random() >= PLAN_SHARE):
            continue
        lines = [
            project.title_zh_hans,
            project.title_en,
            "商业计划书 Business plan",
            f"{project.get_stage_display()} · {project.city} {project.country}".strip(),
            "英才平台演示数据。Demo data of the Yingcai platform.",
        ]
        content = cvs.pdf(lines)
        name = f"{PLAN_FOLDER}/{project.pk}/{cvs.PREFIX}{rng.getrandbits(64):016x}.pdf"
        plans.append(
            BusinessPlan(
                project=project,
                file=cvs.store(storage, name, content),
                original_name="商业计划书.pdf",
                size=len(content),
                is_current=True,
                uploaded_by=lead,
                uploaded_at=ctx.after(project.created_at, 0.5, 24),
            )
        )
    BusinessPlan.objects.bulk_create(plans, batch_size=BATCH_SIZE)
    keep = frozenset(plan.file.name for plan in plans)
    transaction.on_commit(partial(cvs.remove_stale_files, storage, keep, PLAN_FOLDER))


def load_demands(ctx: Context) -> None:
    rng = ctx.rng
    fields = list(DisciplineField.objects.filter(slug__in=FIELD_WEIGHTS))
    industries = {i.slug: i for i in Industry.objects.all()}
    districts = list(District.objects.order_by("position", "id"))
    verified = Organisation.Status.VERIFIED
    orgs = {kind: [] for kind, _k, _s in DEMAND_KINDS}
    for org in ctx.created["organisations"]:
        if org.kind in orgs and org.status == verified:
            orgs[org.kind].append(org)
    posters = {}
    for m in ctx.created["memberships"]:
        if m.role in (Membership.Role.OWNER, Membership.Role.RECRUITER):
            posters.setdefault(m.organisation_id, m.user)
    investor = _named_investor(ctx, orgs[Kind.INVESTOR])
    total = ctx.count("demands")
    # Every kind at least once, the rest by largest remainder, exactly `total` in all.
    sizes = [max(1, int(total * share)) for _k, _d, share in DEMAND_KINDS]
    order = sorted(range(len(DEMAND_KINDS)), key=lambda i: -(total * DEMAND_KINDS[i][2] - sizes[i]))
    for i in order[: max(0, total - sum(sizes))]:
        sizes[i] += 1
    plan = [
        (k, d) for (k, d, _s), size in zip(DEMAND_KINDS, sizes, strict=True) for _ in range(size)
    ]
    demands, field_rows, district_rows = [], [], []
    for n, (kind, demand_kind) in enumerate(plan):
        org = investor if n == 0 else rng.choice(orgs[kind])
        chosen = rng.sample(fields, rng.randint(1, 3))
        # The title names at most two fields (it holds 120 characters); the demand has them all.
        names_zh = "、".join(f.name_zh_hans for f in chosen[:2])
        names_en = " and ".join(f.name_en.lower() for f in chosen[:2])
        created = ctx.between(-80, -3)
        demand = Demand(
            organisation=org,
            kind=demand_kind,
            created_at=created,
            created_by=posters.get(org.pk),
            contact_name=posters[org.pk].name if org.pk in posters else "",
            contact_email=org.contact_email,
        )
        if demand_kind == Demand.Kind.INVESTMENT:
            demand.title_zh_hans = f"寻找{names_zh}领域优质项目"
            demand.title_en = f"Seeking {names_en} projects to invest in"
            demand.description_zh_hans = (
                f"{org.name_zh_hans or org.name_en}重点投资{names_zh}领域处于成长期的科技企业，"
                "可提供股权投资、投后管理和产业资源对接。"
            )
            demand.description_en = (
                f"We invest in growing technology companies in {names_en}, with equity, "
                "post-investment support and introductions across the supply chain."
            )
            wanted = rng.sample([Stage.PROTOTYPE, Stage.REVENUE, Stage.SCALING], rng.randint(1, 3))
            demand.stages = stages_value(wanted)
            low = rng.choice((100, 300, 500, 1000, 2000)) * 10_000
            demand.ticket_min, demand.ticket_max = low, low * rng.choice((5, 10, 20))
        elif demand_kind == Demand.Kind.INDUSTRIES:
            demand.title_zh_hans = f"招引{names_zh}产业项目落户"
            demand.title_en = f"Inviting {names_en} projects to settle"
            demand.description_zh_hans = f"重点引进{names_zh}产业链上下游项目和研发团队。"
            demand.description_en = (
                f"We welcome {names_en} projects and R&D teams along the supply chain."
            )
            demand.offers_zh_hans, demand.offers_en = OFFERS
        elif demand_kind == Demand.Kind.TECHNOLOGY:
            demand.title_zh_hans = f"征集{names_zh}关键技术解决方案"
            demand.title_en = f"Looking for {names_en} technology solutions"
            demand.description_zh_hans = "面向生产线升级，征集可联合攻关或技术转让的项目团队。"
            demand.description_en = (
                "For upgrading our production lines: teams for joint development or "
                "technology transfer."
            )
        else:
            demand.title_zh_hans = f"{names_zh}科技成果转化合作"
            demand.title_en = f"Commercialising research in {names_en}"
            demand.description_zh_hans = "学校科研团队寻找产业化合作伙伴，共建中试平台。"
            demand.description_en = "Our research teams seek partners to commercialise results."
        status = Demand.Status.PUBLISHED if n == 0 else rng.choices(*DEMAND_STATUSES)[0]
        demand.status = status
        demand.submitted_at = demand.first_submitted_at = ctx.after(created, 0.1, 24)
        if status != Demand.Status.SUBMITTED:
            demand.reviewed_at = ctx.after(demand.submitted_at, 1, 48)
        if status in (Demand.Status.PUBLISHED, Demand.Status.CLOSED):
            demand.published_at = demand.reviewed_at
        if status == Demand.Status.CLOSED:
            demand.closed_at = ctx.after(demand.published_at, 24, 240)
        if status == Demand.Status.REJECTED:
            demand.status_reason = "需求描述过于笼统，请补充具体的技术指标或投资条件。"
        demands.append(demand)
        field_rows.append(chosen)
        if demand_kind == Demand.Kind.INVESTMENT:
            district_rows.append(rng.sample(districts, rng.randint(1, 4)))
        elif org.district_id:
            district_rows.append([org.district])
        else:
            district_rows.append([])
    for demand, chosen in zip(demands, field_rows, strict=True):
        demand._fields = chosen
    Demand.objects.bulk_create(demands, batch_size=BATCH_SIZE)
    through = Demand.fields.through
    through.objects.bulk_create(
        [through(demand_id=d.pk, disciplinefield_id=f.pk) for d in demands for f in d._fields],
        batch_size=BATCH_SIZE,
    )
    through = Demand.districts.through
    through.objects.bulk_create(
        [
            through(demand_id=d.pk, district_id=x.pk)
            for d, chosen in zip(demands, district_rows, strict=True)
            for x in chosen
        ],
        batch_size=BATCH_SIZE,
    )
    through = Demand.industries.through
    through.objects.bulk_create(
        [
            through(demand_id=d.pk, industry_id=industries[INDUSTRY_OF_FIELD[f.slug]].pk)
            for d in demands
            for f in {f.slug: f for f in d._fields}.values()
            if f.slug in INDUSTRY_OF_FIELD
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )
    search.reindex_demands(demands)
    # "Demands and investors for this project", "projects for this demand": stored as the
    # services' refresh would after each verification and publication.
    recommendations.refresh()
    ctx.created["demands"] = demands


def _named_investor(ctx: Context, investors: list[Organisation]) -> Organisation:
    """The named investor's institution: the oldest verified one, the log-in its recruiter."""
    org = min(investors, key=lambda o: (o.created_at, o.pk))
    user = person(ctx, "", org.created_at + timedelta(days=1), "investor")
    save_users([user])
    membership = Membership.objects.create(
        organisation=org, user=user, role=Membership.Role.RECRUITER, created_at=user.date_joined
    )
    ctx.created["memberships"].append(membership)
    return org


def load_docking(ctx: Context) -> None:
    rng = ctx.rng
    listed = [p for p in ctx.created["projects"] if p.status == Project.Status.VERIFIED]
    published = [d for d in ctx.created["demands"] if d.status == Demand.Status.PUBLISHED]
    leads = {m.project_id: m.user for m in TeamMember.objects.filter(role="lead")}
    org_people = {}
    for m in ctx.created["memberships"]:
        org_people.setdefault(m.organisation_id, m.user)

    # Interest: each side reaches out; most are answered, more than half mutual.
    interests, pairs = [], set()
    n_interests = round(len(listed) * INTERESTS_PER_PROJECT)
    for _ in range(n_interests):
        project, demand = rng.choice(listed), rng.choice(published)
        pair = (project.pk, demand.organisation_id)
        if pair in pairs:
            continue
        pairs.add(pair)
        from_project = rng.random() < 0.55
        # Only once both are listed: within ten days of the later of the two.
        sent = ctx.after(max(project.verified_at, demand.published_at), 1, 240)
        interest = Interest(
            project=project,
            organisation=demand.organisation,
            demand=demand,
            initiated_by="project" if from_project else "organisation",
            message="我们对贵方的需求很感兴趣，希望进一步交流。"
            if from_project
            else "贵团队的项目与我们的方向契合，期待洽谈。",
            sender=leads[project.pk] if from_project else org_people[demand.organisation_id],
            created_at=sent,
        )
        draw = rng.random()
        if draw < 0.75:
            interest.status = Interest.Status.ACCEPTED
        elif draw < 0.85:
            interest.status = Interest.Status.DECLINED
        if interest.status != Interest.Status.PENDING:
            interest.answered_at = ctx.after(sent, 1, 72)
            interest.answered_by = (
                org_people[demand.organisation_id] if from_project else leads[project.pk]
            )
        interests.append(interest)
    Interest.objects.bulk_create(interests, batch_size=BATCH_SIZE)
    mutual = [i for i in interests if i.status == Interest.Status.ACCEPTED]
    # Of the mutual interests of projects with a business plan, the team shared it with the
    # organisation in a good third (the separate consent, recorded with its words).
    with_plan = set(BusinessPlan.objects.values_list("project_id", flat=True))
    sharings = []
    for i in mutual:
        if i.project_id not in with_plan or rng.random() >= SHARED_SHARE:
            continue
        lead = leads[i.project_id]
        # The words as the lead read them, in the lead's language.
        with translation.override(lead.language):
            text = project_services.sharing_text(i.project, i.organisation)
        sharings.append(
            PlanSharing(
                project=i.project,
                organisation=i.organisation,
                given_by=lead,
                text_shown=text,
                given_at=ctx.after(i.answered_at, 1, 48),
            )
        )
    PlanSharing.objects.bulk_create(sharings, batch_size=BATCH_SIZE)
    _held_session(ctx, mutual, leads, org_people)
    _open_session(ctx)


def _session(ctx: Context, title, day: float, slots: int, tables: int, status) -> Session:
    session = Session.objects.create(
        title_zh_hans=title[0],
        title_en=title[1],
        venue="重庆悦来国际会议中心 / Chongqing Yuelai International Conference Center",
        date=ctx.at(day).date(),
        starts_at=ctx.at(day, 9).time(),
        slot_minutes=20,
        break_minutes=5,
        slot_count=slots,
        requests_open_at=ctx.at(day - 20),
        requests_close_at=ctx.at(day - 3, 18),
        status=status,
        created_by=ctx.created["staff"][next(iter(ctx.created["staff"]))][0],
        created_at=ctx.at(day - 25),
    )
    first = ctx.at(day, 9)
    Slot.objects.bulk_create(
        [
            Slot(
                session=session,
                index=i,
                starts_at=first + timedelta(minutes=25 * i + (60 if i >= slots // 2 else 0)),
                ends_at=first + timedelta(minutes=25 * i + 20 + (60 if i >= slots // 2 else 0)),
            )
            for i in range(slots)
        ]
    )
    # The last tables are video rooms, for the overseas teams.
    online = max(1, tables // 12)
    Table.objects.bulk_create(
        [
            Table(
                session=session,
                number=n,
                name=f"A{n:02d}" if n <= tables - online else f"Online {n - tables + online}",
                online_link=""
                if n <= tables - online
                else f"https://meeting.example.com/docking-{session.date:%m%d}-{n}",
            )
            for n in range(1, tables + 1)
        ]
    )
    return session


def _held_session(ctx: Context, mutual: list[Interest], leads, org_people) -> None:
    """The session of the week before: requests, the engine's schedule, attendance, outcomes."""
    rng = ctx.rng
    scale = ctx.scale
    session = _session(
        ctx,
        ("会前项目对接洽谈会", "Pre-conference project docking day"),
        -6,
        SESSION_SLOTS,
        max(4, round(SESSION_TABLES * scale)),
        Session.Status.PUBLISHED,
    )
    slots = list(session.slots.order_by("index"))
    n_projects = max(4, round(SESSION_PROJECTS * scale))
    # Requests come from the pairs already mutual before the requests closed.
    close = session.requests_close_at
    by_project = {}
    for interest in mutual:
        if interest.answered_at < close - timedelta(hours=12):
            by_project.setdefault(interest.project_id, []).append(interest)
    chosen = [pk for pk in sorted(by_project)][:n_projects]
    pairs = [i for pk in chosen for i in by_project[pk]]
    rng.shuffle(pairs)
    pairs = pairs[: max(8, round(SESSION_REQUESTS * scale))]
    participants = {}

    def participant(project=None, organisation=None):
        key = ("p", project.pk) if project else ("o", organisation.pk)
        if key not in participants:
            participants[key] = Participant(
                session=session, project=project, organisation=organisation, joined_at=close
            )
        return participants[key]

    requests = []
    for interest in pairs:
        a = participant(project=interest.project)
        b = participant(organisation=interest.organisation)
        from_project = rng.random() < 0.6
        requests.append(
            MeetingRequest(
                session=session,
                requester=a if from_project else b,
                counterpart=b if from_project else a,
                priority=MeetingRequest.Priority.MUST
                if rng.random() < 0.3
                else MeetingRequest.Priority.WOULD,
                status=MeetingRequest.Status.ACCEPTED,
                created_by=leads[interest.project_id]
                if from_project
                else org_people[interest.organisation_id],
                # Within the window, after the interest became mutual, answered before
                # the requests closed.
                created_at=min(
                    max(ctx.after(interest.answered_at, 1, 48), session.requests_open_at),
                    close - timedelta(hours=6),
                ),
            )
        )
    for r in requests:
        r.answered_at = min(ctx.after(r.created_at, 1, 48), close - timedelta(hours=1))
        # Each side joined the session just before its first request.
        for side in (r.requester, r.counterpart):
            side.joined_at = min(side.joined_at, r.created_at - timedelta(minutes=30))
    Participant.objects.bulk_create(list(participants.values()), batch_size=BATCH_SIZE)
    for r in requests:
        r.requester_id, r.counterpart_id = r.requester.pk, r.counterpart.pk
    MeetingRequest.objects.bulk_create(requests, batch_size=BATCH_SIZE)
    # A tenth of the participants cannot come to one or two slots.
    unavailable = []
    for p in participants.values():
        if rng.random() < 0.1:
            for slot in rng.sample(slots, rng.randint(1, 2)):
                unavailable.append(Unavailability(participant=p, slot=slot))
    Unavailability.objects.bulk_create(unavailable, batch_size=BATCH_SIZE)
    # The organiser pressed "schedule": the worker's task body, run here, places the accepted
    # requests with the engine and writes the report the organiser's page reads. Then the
    # schedule was published (the agendas' mail is not sent again by the demo).
    editor = ctx.created["staff"][STAFF_EDITOR][0]
    session.report = {"state": RUNNING, "job": "schedule"}
    session.save(update_fields=["report"])
    session = docking_tasks.run_scheduling(session.pk, editor.pk)
    if session.report.get("state") != "done":
        raise RuntimeError(session.report.get("error", "scheduling failed"))
    placed = ctx.at(-5, 12)
    Meeting.objects.filter(session=session).update(
        status=Meeting.Status.PUBLISHED, placed_at=placed, notified_at=placed
    )
    session.report["finished_at"] = placed.isoformat()
    session.status = Session.Status.PUBLISHED
    session.scheduled_at = session.published_at = placed
    session.save()
    AuditEntry.objects.filter(action="docking_session.scheduled", object_id=str(session.pk)).update(
        created_at=placed
    )
    meetings = list(
        Meeting.objects.filter(session=session)
        .select_related("slot", "request__requester__project", "request__counterpart__project")
        .order_by("slot__index", "table__number")
    )
    attendance = {}
    outcomes = []
    for meeting in meetings:
        request = meeting.request
        held = rng.random() < 0.9
        attendance[meeting.pk] = Seat.Attendance.HELD if held else Seat.Attendance.MISSED
        if held and rng.random() < 0.6:
            project_side = (
                request.requester if request.requester.project_id else request.counterpart
            )
            project = project_side.project
            outcome = Outcome(
                meeting=meeting,
                participant_id=project_side.pk,
                project=project,
                field_id=project.field_id,
                result=rng.choices(list(Outcome.Result.values), (25, 40, 25, 10))[0],
                recorded_by=leads[project.pk],
                recorded_at=meeting.slot.ends_at + timedelta(hours=rng.randint(2, 60)),
            )
            if outcome.result == Outcome.Result.AGREEMENT:
                outcome.agreement_kind = rng.choices(
                    list(Outcome.AgreementKind.values), (45, 30, 15, 10)
                )[0]
                outcome.amount = rng.choice((200, 500, 1000, 3000, 5000)) * 10_000
                outcome.district_id = project.district_id or rng.choice(
                    list(District.objects.filter(kind="district").values_list("pk", flat=True))
                )
                outcome.signed_on = outcome.recorded_at.date()
                if rng.random() < 0.8:
                    outcome.confirmed_at = outcome.recorded_at + timedelta(hours=20)
                    outcome.confirmed_by = ctx.created["staff"][STAFF_VERIFIER][0]
            outcomes.append(outcome)
    # The task wrote each meeting's two seats; both sides marked them after the meeting.
    seats = list(Seat.objects.filter(meeting__session=session).select_related("slot"))
    for seat in seats:
        seat.attendance, seat.marked_at = attendance[seat.meeting_id], seat.slot.ends_at
    Seat.objects.bulk_update(seats, ["attendance", "marked_at"], batch_size=BATCH_SIZE)
    Outcome.objects.bulk_create(outcomes, batch_size=BATCH_SIZE)


def _open_session(ctx: Context) -> None:
    """The opening day's session, taking requests until the evening before."""
    session = _session(
        ctx,
        ("大会项目对接洽谈", "Conference project docking"),
        0,
        SESSION_SLOTS,
        max(4, round(SESSION_TABLES * ctx.scale)),
        Session.Status.OPEN,
    )
    # Open until the morning of the opening day, whatever time of day the demo is loaded.
    session.requests_close_at = ctx.at(0, 8)
    session.save(update_fields=["requests_close_at"])
