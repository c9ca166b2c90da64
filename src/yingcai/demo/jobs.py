"""The job fair: employers' job requirements, their pipelines and the talents' applications.

Written in bulk (see `write`), not through `yingcai.jobs.services` (which audit and mail
one change at a time), but keeping every rule the services enforce: only verified
organisations publish; one application per talent and job, only to published (or since
closed) jobs, from a talent whose degree meets the job's minimum, after the talent's
separate consent to share their data with that organisation (PIPL Art. 23); a slot is
booked at most once.

What is counted: the press release's "8,041 job requirements of employers" are the jobs
that were submitted to the organisers, i.e. every job but drafts. `ctx.count("jobs")` of
them are made (so exactly 8,041 at scale 1), plus `ctx.count("jobs_draft")` drafts.
"""

import math
import random
import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from django.conf import settings
from django.db import connections, models, router
from django.utils import timezone, translation

from yingcai.accounts.models import User
from yingcai.core.choices import Degree
from yingcai.core.models import DisciplineField, District
from yingcai.core.rules import STAFF_VERIFIER
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

from . import words, words_jobs
from .base import BATCH_SIZE, EMAIL_DOMAIN, NAMED, Context

Kind = Organisation.Kind
Status = Job.Status
Key = Stage.Key

# Which kinds of organisation recruit, and their share of the job requirements.
KIND_SHARES = {
    Kind.ENTERPRISE: 0.74,
    Kind.PUBLIC_INSTITUTION: 0.12,
    Kind.UNIVERSITY: 0.11,
    Kind.INVESTOR: 0.02,
    Kind.INDUSTRIAL_PARK: 0.01,
}
# Among the counted (not draft) jobs, the share of each status but "published".
STATUS_SHARES = {Status.CLOSED: 0.05, Status.SUBMITTED: 0.04, Status.REJECTED: 0.03}
# The named log-ins' organisations get these whatever the draw, so that both journeys
# (apply; move to interview and propose times) can be tried on them.
NAMED_ENTERPRISE_JOBS = [Status.PUBLISHED] * 7 + [
    Status.CLOSED,
    Status.SUBMITTED,
    Status.REJECTED,
    Status.DRAFT,
]
NAMED_INSTITUTION_JOBS = [Status.PUBLISHED] * 4 + [Status.CLOSED]
MINIMUM_JOBS = sum(s != Status.DRAFT for s in NAMED_ENTERPRISE_JOBS + NAMED_INSTITUTION_JOBS)

# Minimum degree of a job by kind of employer: (values, weights).
DEGREE_MINIMUMS = {
    Kind.ENTERPRISE: (("", "bachelor", "master", "doctor"), (12, 48, 30, 10)),
    Kind.PUBLIC_INSTITUTION: (("bachelor", "master", "doctor"), (15, 50, 35)),
    Kind.INVESTOR: (("bachelor", "master", "doctor"), (40, 55, 5)),
    Kind.INDUSTRIAL_PARK: (("", "bachelor", "master"), (15, 60, 25)),
}
TITLE_MINIMUMS = {
    Kind.ENTERPRISE: (("", "intermediate", "associate_senior"), (94, 4, 2)),
    Kind.PUBLIC_INSTITUTION: (("", "intermediate", "associate_senior", "senior"), (80, 12, 6, 2)),
}
# Of the jobs welcoming overseas talents, all but every tenth is also given in English; of
# the others, this share.
ENGLISH_IF_OVERSEAS_SKIP = 10
ENGLISH_OTHERWISE = 0.15
OVERSEAS_FRIENDLY = {
    Kind.ENTERPRISE: 0.12,
    Kind.PUBLIC_INSTITUTION: 0.10,
    Kind.UNIVERSITY: 0.35,
    Kind.INVESTOR: 0.25,
    Kind.INDUSTRIAL_PARK: 0.05,
}
# Monthly salary in CNY by minimum degree (a range the lower bound is drawn from).
SALARY_BASE = {"": (4500, 8000), "bachelor": (6000, 11000), "master": (9000, 17000),
               "doctor": (14000, 28000)}  # fmt: skip
SALARY_KIND = {
    Kind.ENTERPRISE: 1.0,
    Kind.PUBLIC_INSTITUTION: 0.75,
    Kind.UNIVERSITY: 0.85,
    Kind.INVESTOR: 1.3,
    Kind.INDUSTRIAL_PARK: 0.8,
}
SALARY_TITLE = {"": 1.0, "junior": 1.0, "intermediate": 1.1, "associate_senior": 1.3,
                "senior": 1.6}  # fmt: skip
SALARY_FIELD = {"software-it": 1.15, "electronic-information": 1.15, "automotive": 1.1,
                "finance": 1.15, "modern-agriculture": 0.85, "education": 0.85,
                "culture-tourism": 0.85}  # fmt: skip
HEADCOUNTS = ((1, 2, 3, 4, 5, 10, 20), (45, 22, 13, 2, 10, 6, 2))

# Applications: the final stage by the application's age in days at the snapshot.
STAGE_BY_AGE = [
    (1, {Key.APPLIED: 80, Key.SCREENED: 10, Key.REJECTED: 6, Key.WITHDRAWN: 4}),
    (4, {Key.APPLIED: 55, Key.SCREENED: 22, Key.INTERVIEW: 8, Key.REJECTED: 11,
         Key.WITHDRAWN: 4}),
    (14, {Key.APPLIED: 35, Key.SCREENED: 22, Key.INTERVIEW: 15, Key.OFFER: 4, Key.HIRED: 2,
          Key.REJECTED: 17, Key.WITHDRAWN: 5}),
    (math.inf, {Key.APPLIED: 25, Key.SCREENED: 18, Key.INTERVIEW: 14, Key.OFFER: 8,
                Key.HIRED: 7, Key.REJECTED: 22, Key.WITHDRAWN: 6}),
]  # fmt: skip
# Mean days before each move.
MEAN_GAP_DAYS = {Key.SCREENED: 1.5, Key.INTERVIEW: 3, Key.OFFER: 5, Key.HIRED: 4,
                 Key.REJECTED: 3, Key.WITHDRAWN: 4}  # fmt: skip
# The applicants the named organisations get whatever the draw: every stage is there.
NAMED_ENTERPRISE_STAGES = (
    [Key.APPLIED] * 4 + [Key.SCREENED] * 3 + [Key.INTERVIEW] * 3 + [Key.OFFER] * 2
    + [Key.HIRED] * 2 + [Key.REJECTED] * 3 + [Key.WITHDRAWN] * 2
)  # fmt: skip
NAMED_INSTITUTION_STAGES = [Key.APPLIED, Key.APPLIED, *Key.values[1:]]
# The demo talent's own applications, besides an interview at the named enterprise.
DEMO_TALENT_STAGES = [Key.APPLIED, Key.SCREENED, Key.OFFER, Key.REJECTED]
# Of the talents, the share who never apply; how much the others apply varies.
INACTIVE_SHARE = 0.3
# Of the applications: with a cover note, rated, with an internal note, with messages.
COVER_NOTE_SHARE = 0.35
RATED_SHARE = 0.35
NOTE_SHARE = 0.15
MESSAGE_SHARE = 0.12
# Of the invitations still open at the snapshot, the share already booked.
BOOKED_SHARE = 0.6


# --- Writing many rows ---------------------------------------------------------------------------
# bulk_create builds a model instance per row and prepares every value through its field,
# which made three quarters of a full-scale load. These write the same rows as one INSERT
# per batch: model instances where their new ids are needed (set on them, as bulk_create
# does), plain tuples otherwise. Only dates and times need converting for the database.
def write(objects: list[models.Model]) -> None:
    """Insert model instances whose fields are all set (auto_now ones too); sets their pk."""
    if not objects:
        return
    model = type(objects[0])
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = []
    for obj in objects:
        row = []
        for f in fields:
            value = getattr(obj, f.attname)
            if value is None and f.is_relation and f.is_cached(obj):
                # Related to an object written after this one was made.
                value = getattr(f.get_cached_value(obj), "pk", None)
            row.append(value)
        rows.append(row)
    ids = _insert(connection, model, fields, rows, returning=True)
    for obj, pk in zip(objects, ids, strict=True):
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias


def write_rows(model: type[models.Model], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows of values (foreign keys as ids) in the order of `columns` (attnames)."""
    if rows:
        connection = connections[router.db_for_write(model)]
        by_attname = {f.attname: f for f in model._meta.concrete_fields}
        fields = [by_attname[c] for c in columns]
        _insert(connection, model, fields, rows, returning=False)


@dataclass(slots=True)
class Record:
    """A row whose id later rows need; values in the order of its table's `columns`.

    A value may be another Record, written before: it stands for that row's id.
    """

    values: list
    pk: int | None = None


def write_records(model: type[models.Model], columns: tuple[str, ...], records: list) -> None:
    """Insert records (see Record) and set their ids."""
    if not records:
        return
    rows = [[v.pk if isinstance(v, Record) else v for v in r.values] for r in records]
    connection = connections[router.db_for_write(model)]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    ids = _insert(connection, model, [by_attname[c] for c in columns], rows, returning=True)
    for record, pk in zip(records, ids, strict=True):
        record.pk = pk


def _insert(connection, model, fields, rows, *, returning: bool) -> list[int]:
    ops = connection.ops
    convert = []
    for n, f in enumerate(fields):
        if isinstance(f, models.DateTimeField):
            convert.append((n, ops.adapt_datetimefield_value))
        elif isinstance(f, models.DateField):
            convert.append((n, ops.adapt_datefield_value))
        elif isinstance(f, models.FileField):
            convert.append((n, lambda value: str(value or "")))
    if convert:
        rows = [list(row) for row in rows]
        for row in rows:
            for n, adapt in convert:
                row[n] = adapt(row[n])
    qn = ops.quote_name
    table = qn(model._meta.db_table)
    columns = ", ".join(qn(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    ids = []
    with connection.cursor() as cursor:
        if not returning:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES {one}", rows)  # noqa: S608
            return ids
        size = min(BATCH_SIZE, ops.bulk_batch_size(fields, rows))
        pk = qn(model._meta.pk.column)
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join([one] * len(batch))
            sql = f"INSERT INTO {table} ({columns}) VALUES {values} RETURNING {pk}"  # noqa: S608
            cursor.execute(sql, [value for row in batch for value in row])
            ids += [pk for (pk,) in cursor.fetchall()]
    return ids


# --- Shared with the talents' step ------------------------------------------------------------
def named_organisation(ctx: Context, key: str) -> Organisation | None:
    """The organisation of the named log-in `key` (owner, reviewer, ...)."""
    email = NAMED[key].email
    for membership in ctx.created.get("memberships", []):
        if membership.user.email == email:
            return membership.organisation
    return None


_STAFF = re.compile(r"现有员工(\d+)余人")
_INDUSTRY = re.compile(r"主要从事(.+?)相关")
_INDUSTRIES_LONGEST_FIRST = sorted((i[0] for i in words.INDUSTRIES), key=len, reverse=True)


def organisation_fields(org: Organisation) -> dict[str, float]:
    """The discipline fields an organisation recruits in (slug -> weight), from what it does.

    An enterprise's industry is read from its generated description (or its name); other
    organisations are placed by a keyword of their name.
    """
    if org.kind == Kind.ENTERPRISE:
        found = _INDUSTRY.search(org.description_zh_hans or "")
        industry = found.group(1) if found else None
        if industry not in words_jobs.INDUSTRY_FIELDS:
            name = org.name_zh_hans or ""
            industry = next((i for i in _INDUSTRIES_LONGEST_FIRST if i in name), "科技")
        return {**words_jobs.INDUSTRY_FIELDS[industry], **words_jobs.ENTERPRISE_SUPPORT_FIELDS}
    if org.kind == Kind.INVESTOR:
        return dict(words_jobs.INVESTOR_FIELDS)
    if org.kind == Kind.INDUSTRIAL_PARK:
        return dict(words_jobs.PARK_FIELDS)
    name = org.name_zh_hans or org.name_en or ""
    for keywords, fields in words_jobs.NAME_FIELDS:
        if any(k in name for k in keywords):
            return dict(fields)
    if org.kind == Kind.UNIVERSITY:
        return dict(words_jobs.UNIVERSITY_FIELDS)
    return {"business": 2, "other": 1}


def weighted(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def pick(rng, choices: tuple):
    values, weights = choices
    return rng.choices(values, weights)[0]


def moment(ctx: Context, day: date, hour: int = 0, minute: int = 0) -> datetime:
    return ctx.at((day - ctx.anchor).days, hour, minute)


# --- Jobs ----------------------------------------------------------------------------------------
@dataclass
class Employer:
    org: Organisation
    fields: dict[str, float]
    recruiters: list[User]
    size: float


def load_jobs(ctx: Context) -> None:
    """Job requirements of every status, and the pipelines of the organisations that have some."""
    jobs = JobBuilder(ctx).build()
    write(jobs)
    organisations = list({job.organisation_id: job.organisation for job in jobs}.values())
    organisations.sort(key=lambda org: org.pk)
    stages = [
        Stage(organisation=org, key=key, position=(i + 1) * 10)
        for org in organisations
        for i, key in enumerate(job_services.DEFAULT_STAGES)
    ]
    write(stages)
    by_org: dict[int, dict[str, Stage]] = {}
    for stage in stages:
        by_org.setdefault(stage.organisation_id, {})[stage.key] = stage
    ctx.created["jobs"] = jobs
    ctx.created["stages"] = by_org


class JobBuilder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng
        # Whether a job is also written in English is drawn from a generator of its own, so
        # that the rest of the demo stays what the seed made it.
        self.english_rng = random.Random(f"{ctx.seed}-english")
        self.overseas_jobs = 0
        self.fields = {f.slug: f for f in DisciplineField.objects.all()}
        districts = list(District.objects.order_by("position"))
        self.districts = districts
        # Functional areas other than those named weigh 0: they overlap districts.
        self.district_weights = [
            words_jobs.DESIRED_DISTRICT_WEIGHTS.get(d.slug, int(d.is_administrative))
            for d in districts
        ]
        self.verifiers = ctx.created["staff"][STAFF_VERIFIER]
        self.employers = self._employers()

    def _employers(self) -> list[Employer]:
        recruiters: dict[int, list[User]] = {}
        for m in self.ctx.created["memberships"]:
            if m.role in (Membership.Role.OWNER, Membership.Role.RECRUITER):
                recruiters.setdefault(id(m.organisation), []).append(m.user)
        real_universities = {zh for zh, _en, _slug in words.UNIVERSITIES}
        employers = []
        for org in self.ctx.created["organisations"]:
            if org.kind not in KIND_SHARES or org.status != Organisation.Status.VERIFIED:
                continue
            if org.kind == Kind.ENTERPRISE:
                staff = _STAFF.search(org.description_zh_hans or "")
                size = (int(staff.group(1)) if staff else 100) ** 0.6
            elif org.kind == Kind.PUBLIC_INSTITUTION:
                size = 1.6 if org.level == Organisation.Level.MUNICIPAL else 1.0
            elif org.kind == Kind.UNIVERSITY:
                if org.name_zh_hans in ("重庆大学", "西南大学"):
                    size = 10.0
                else:
                    size = 4.0 if org.name_zh_hans in real_universities else 2.0
            else:
                size = 1.0
            size *= self.rng.lognormvariate(0, 0.5)
            fields = {
                slug: weight * words_jobs.JOB_FIELD_EMPHASIS.get(slug, 1.0)
                for slug, weight in organisation_fields(org).items()
            }
            employers.append(Employer(org, fields, recruiters.get(id(org), []), size))
        return [e for e in employers if e.recruiters]

    def build(self) -> list[Job]:
        ctx, rng = self.ctx, self.rng
        counted = ctx.count("jobs", minimum=MINIMUM_JOBS)
        drafts = ctx.count("jobs_draft")
        by_org = {id(e.org): e for e in self.employers}
        forced = []
        for key, statuses in (
            ("owner", NAMED_ENTERPRISE_JOBS),
            ("reviewer", NAMED_INSTITUTION_JOBS),
        ):
            org = named_organisation(ctx, key)
            if org is not None and id(org) in by_org:
                forced += [(by_org[id(org)], s) for s in statuses]
        counted = max(0, counted - sum(s != Status.DRAFT for _e, s in forced))
        drafts = max(0, drafts - sum(s == Status.DRAFT for _e, s in forced))

        picks: list[Employer] = []
        kinds = [k for k in KIND_SHARES if any(e.org.kind == k for e in self.employers)]
        for kind, n in zip(kinds, _split(counted, [KIND_SHARES[k] for k in kinds]), strict=True):
            of_kind = [e for e in self.employers if e.org.kind == kind]
            picks += rng.choices(of_kind, [e.size for e in of_kind], k=n)
        statuses = []
        for status, share in STATUS_SHARES.items():
            statuses += [status] * min(round(counted * share), counted - len(statuses))
        statuses += [Status.PUBLISHED] * (counted - len(statuses))
        rng.shuffle(statuses)
        plan = forced + list(zip(picks, statuses, strict=True))
        plan += [
            (e, Status.DRAFT)
            for e in rng.choices(self.employers, [e.size for e in self.employers], k=drafts)
        ]
        jobs = [self.job(employer, status) for employer, status in plan]
        # Ids in the order the jobs were written, as on a real site.
        jobs.sort(key=lambda job: job.created_at)
        return jobs

    def job(self, employer: Employer, status: str) -> Job:
        rng = self.rng
        org = employer.org
        slug = weighted(rng, employer.fields)
        fw = words_jobs.FIELDS[slug]
        degree_min, title_min = "", ""
        if org.kind == Kind.UNIVERSITY:
            post = rng.choices(
                words_jobs.UNIVERSITY_POSTS, [p[4] for p in words_jobs.UNIVERSITY_POSTS]
            )[0]
        elif (
            org.kind == Kind.PUBLIC_INSTITUTION
            and slug not in ("healthcare", "education")
            and rng.random() < 0.6
        ):
            post = rng.choices(
                words_jobs.INSTITUTION_POSTS, [p[4] for p in words_jobs.INSTITUTION_POSTS]
            )[0]
        else:
            post = None
        if post:
            major = rng.choice(fw.majors)
            zh, en = post[0].format(m=major[0]), post[1].format(m=major[1])
            degree_min, title_min = post[2], post[3]
        else:
            zh, en = rng.choice(fw.titles)
            degree_min = pick(rng, DEGREE_MINIMUMS[org.kind])
            if ("研究" in zh or "科学家" in zh) and Degree.rank(degree_min) < 2:
                degree_min = "doctor" if rng.random() < 0.5 else "master"
            if org.kind in TITLE_MINIMUMS:
                title_min = pick(rng, TITLE_MINIMUMS[org.kind])
        overseas = rng.random() < OVERSEAS_FRIENDLY[org.kind]
        english_only = not org.name_zh_hans
        # Employers who welcome overseas talents mostly write in English too, a few others as
        # well (words_jobs gives each title of the vocabulary in both languages).
        if overseas:
            # A quota rather than a draw: the share holds at every scale.
            self.overseas_jobs += 1
            english = english_only or self.overseas_jobs % ENGLISH_IF_OVERSEAS_SKIP != 0
        else:
            english = english_only or self.english_rng.random() < ENGLISH_OTHERWISE
        salary_min, salary_max = self._salary(org, slug, degree_min, title_min)
        mode = pick(rng, (tuple(Job.InterviewMode.values), (30, 15, 55)))
        if overseas and mode == Job.InterviewMode.ON_SITE:
            mode = Job.InterviewMode.EITHER
        if org.district_id and rng.random() < 0.88:
            district = org.district
        else:
            district = rng.choices(self.districts, self.district_weights)[0]
        created_by = rng.choice(employer.recruiters)
        job = Job(
            organisation=org,
            title="" if english_only else zh,
            title_zh_hans="" if english_only else zh,
            title_en=en if english else "",
            field=self.fields[slug],
            district=district,
            degree_min=degree_min,
            title_min=title_min,
            salary_min=salary_min,
            salary_max=salary_max,
            headcount=pick(rng, HEADCOUNTS) if org.kind != Kind.UNIVERSITY else rng.randint(1, 5),
            interview_mode=mode,
            overseas_friendly=overseas,
            contact_name=created_by.name,
            contact_email=org.contact_email if rng.random() < 0.7 else created_by.email,
            contact_phone=f"023-6{rng.randint(0, 999):03d}{rng.randint(0, 9999):04d}"
            if rng.random() < 0.7
            else "",
            status=status,
            created_by=created_by,
        )
        chinese, in_english = self._description(job, org, fw, slug, english_only, overseas)
        job.description_zh_hans = chinese
        job.description_en = in_english if english else ""
        self._dates(job, org, status)
        job.updated_at = job.closed_at or job.reviewed_at or job.submitted_at or job.created_at
        with translation.override(settings.LANGUAGE_CODE):
            # As the services write it, whatever language the demo is loaded in.
            job.search_document = search.document_for(job)
        return job

    def _salary(self, org, slug, degree_min, title_min) -> tuple[int | None, int | None]:
        rng = self.rng
        draw = rng.random()
        if draw < 0.10:
            return None, None  # 面议: negotiable
        low, high = SALARY_BASE[degree_min]
        factor = SALARY_KIND[org.kind] * SALARY_TITLE[title_min] * SALARY_FIELD.get(slug, 1.0)
        salary_min = max(2500, round(rng.uniform(low, high) * factor / 500) * 500)
        if draw < 0.14:
            return salary_min, None  # "from ... upwards"
        salary_max = max(salary_min, round(salary_min * rng.uniform(1.3, 2.0) / 500) * 500)
        return salary_min, salary_max

    def _description(self, job, org, fw, slug, english_only, overseas) -> tuple[str, str]:
        """The description in Chinese (empty for an English-only employer) and in English."""
        rng = self.rng
        duties = rng.sample(fw.duties, 2)
        skills = rng.sample(fw.skills, min(3, len(fw.skills)))
        major = rng.choice(fw.majors)
        degree_zh, degree_en = words_jobs.DEGREE_REQUIREMENTS[job.degree_min]
        if org.kind == Kind.UNIVERSITY:
            benefits = words_jobs.BENEFITS_UNIVERSITY
        elif org.kind == Kind.PUBLIC_INSTITUTION:
            benefits = words_jobs.BENEFITS_INSTITUTION
        else:
            benefits = words_jobs.BENEFITS_ENTERPRISE
        benefit_zh, benefit_en = rng.choice(benefits)
        n = rng.choice([10, 15, 20, 30, 50]) if job.degree_min == "doctor" else 5
        benefit_zh, benefit_en = benefit_zh.format(n=n), benefit_en.format(n=n)
        english = (
            f"Responsibilities: {duties[0][1]}; {duties[1][1]}.\n"
            f"Requirements: {degree_en} in "
            f"{major[1]} or a related field; experience with {skills[0][1]} and "
            f"{skills[1][1]}."
        )
        if job.title_min:
            english += f" {words_jobs.TITLE_REQUIREMENTS[job.title_min][1]}."
        english += f"\nWe offer {benefit_en}."
        if overseas:
            english += "\nWe welcome applicants from abroad: interviews can be held online, "
            english += "and we help with visas and settling in Chongqing."
        if english_only:
            return "", english + "\nInterviews can be held online."
        requirements = [
            f"{degree_zh}，{major[0]}等相关专业；",
            f"熟悉{skills[0][0]}、{skills[1][0]}，有{skills[2][0]}经验者优先；",
        ]
        if job.title_min:
            requirements.append(f"{words_jobs.TITLE_REQUIREMENTS[job.title_min][0]}；")
        requirements.append("具有良好的沟通能力和团队合作精神。")
        text = "【岗位职责】\n"
        text += f"1. 负责{duties[0][0]}；\n2. 参与{duties[1][0]}；\n3. 完成部门交办的其他工作。\n\n"
        text += "【任职要求】\n"
        text += "\n".join(f"{i}. {line}" for i, line in enumerate(requirements, 1))
        text += f"\n\n【薪酬福利】\n{benefit_zh}。"
        if overseas:
            text += "\n\n欢迎海外人才申请：可线上面试，并协助办理签证和在重庆安家落户。"
        return text, english

    def _dates(self, job: Job, org: Organisation, status: str) -> None:
        ctx, rng = self.ctx, self.rng
        snapshot = ctx.snapshot
        earliest = max(org.verified_at or org.created_at, ctx.at(-100))
        earliest = min(earliest, snapshot)
        span = (snapshot - earliest).total_seconds()

        def within(low: float, high: float) -> datetime:
            """A moment in [earliest, snapshot], as fractions of that span."""
            return earliest + timedelta(seconds=round(span * rng.uniform(low, high)))

        if status == Status.DRAFT:
            job.created_at = within(0.3, 1)
        elif status == Status.SUBMITTED:
            job.submitted_at = max(within(0, 1), snapshot - timedelta(days=rng.uniform(0, 4)))
            job.created_at = max(earliest, job.submitted_at - timedelta(hours=rng.uniform(0.5, 96)))
        else:
            job.created_at = within(0, 0.85)
            job.submitted_at = ctx.after(job.created_at, 0.2, 48)
            job.reviewed_at = ctx.after(job.submitted_at, 1, 72)
            job.reviewed_by = rng.choice(self.verifiers)
        if status == Status.REJECTED:
            job.status_reason = rng.choice(words_jobs.JOB_REJECTION_REASONS)
        if status in (Status.PUBLISHED, Status.CLOSED):
            job.published_at = job.reviewed_at
        published_day = timezone.localtime(job.published_at or job.created_at).date()
        last_closing_day = ctx.anchor - timedelta(days=3)  # closed at 00:05 the day after
        if status == Status.CLOSED and (last_closing_day - published_day).days >= 7:
            job.deadline = published_day + timedelta(
                days=rng.randint(7, (last_closing_day - published_day).days)
            )
            job.closed_at = moment(ctx, job.deadline + timedelta(days=1), 0, 5)
        elif status == Status.CLOSED:
            # Closed by the employer before the deadline (filled, or withdrawn).
            job.closed_at = ctx.after(job.published_at, 2, 20 * 24)
            job.deadline = timezone.localtime(job.closed_at).date() + timedelta(
                days=rng.randint(1, 40)
            )
        elif rng.random() < 0.1:
            job.deadline = ctx.anchor + timedelta(days=rng.randint(0, 2))  # "apply by the opening"
        else:
            job.deadline = ctx.anchor + timedelta(days=rng.randint(3, 75))


def _split(total: int, shares: list[float]) -> list[int]:
    """`total` split by `shares`, largest remainders first: the parts add up exactly."""
    whole = sum(shares)
    exact = [total * s / whole for s in shares]
    parts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


# --- Applications --------------------------------------------------------------------------------
@dataclass
class JobInfo:
    job: Job
    opens: datetime
    closes: datetime  # the last moment one could apply, at the latest the snapshot
    recruiters: list[User]
    stages: dict[str, Stage]


@dataclass
class Pool:
    jobs: list[JobInfo]
    cumulative: list[float]


def load_applications(ctx: Context) -> None:
    """Applications at every stage, with consents, moves, notes, messages and interviews."""
    builder = ApplicationBuilder(ctx)
    builder.named_organisations()
    builder.demo_talent()
    builder.others(ctx.count("applications") - len(builder.applications))
    builder.save()


class ApplicationBuilder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng
        self.snapshot = ctx.snapshot
        self.talents = ctx.created["talent_profiles"]
        self.cvs = ctx.created.get("current_cvs", {})
        recruiters: dict[int, list[User]] = {}
        for m in ctx.created["memberships"]:
            if m.role in (Membership.Role.OWNER, Membership.Role.RECRUITER):
                recruiters.setdefault(m.organisation.pk, []).append(m.user)
        stages = ctx.created["stages"]
        self.jobs: list[JobInfo] = []
        for job in ctx.created["jobs"]:
            if job.status not in (Status.PUBLISHED, Status.CLOSED):
                continue
            deadline_end = moment(ctx, job.deadline + timedelta(days=1)) - timedelta(seconds=1)
            closes = min(job.closed_at or deadline_end, deadline_end, self.snapshot)
            info = JobInfo(
                job,
                job.published_at,
                closes,
                recruiters[job.organisation_id],
                stages[job.organisation_id],
            )
            if info.closes > info.opens:
                self.jobs.append(info)
        self.applied: set[tuple[int, int]] = set()
        self.applications: list[Record] = []
        # Rows of the tables whose ids nobody needs, with the application in first place.
        self.events: list[tuple] = []
        self.notes: list[tuple] = []
        self.messages: list[tuple] = []
        self.slots: list[Record] = []
        self.invitations: list[tuple[Record, list[Record]]] = []
        self.interviews: list[tuple] = []
        # (talent, organisation) -> the first application's moment, for the consents.
        self.first: dict[tuple[int, int], tuple[User, Organisation, datetime]] = {}

    # --- Who applies where ---------------------------------------------------------------------
    def _window(self, talent, info: JobInfo) -> tuple[datetime, datetime] | None:
        if (info.job.pk, talent.user.pk) in self.applied:
            return None
        if Degree.rank(talent.profile.degree) < Degree.rank(info.job.degree_min):
            return None
        opens = max(info.opens, talent.profile.created_at + timedelta(minutes=10))
        return (opens, info.closes) if opens < info.closes else None

    def _moment(self, window, low: float = 0.0, high: float = 1.0) -> datetime:
        opens, closes = window
        seconds = (closes - opens).total_seconds() * self.rng.uniform(low, high)
        return opens + timedelta(seconds=round(seconds))

    def named_organisations(self) -> None:
        """Applicants at every stage for the named enterprise and public institution."""
        everyone = self.talents[1:]
        # Applicants with a CV first, so that the named employers have CVs to open.
        with_cv = [t for t in everyone if t.profile.pk in self.cvs] or everyone
        for key, stages in (
            ("owner", NAMED_ENTERPRISE_STAGES),
            ("reviewer", NAMED_INSTITUTION_STAGES),
        ):
            org = named_organisation(self.ctx, key)
            jobs = [i for i in self.jobs if org and i.job.organisation_id == org.pk]
            # Open jobs first: those are the ones the journeys start from.
            jobs.sort(key=lambda i: (i.job.status != Status.PUBLISHED, i.job.created_at))
            if not jobs:
                continue
            for n, stage in enumerate(stages):
                info = jobs[n % len(jobs)]
                for attempt in range(60):
                    talent = self.rng.choice(with_cv if attempt < 20 else everyone)
                    window = self._window(talent, info)
                    if window:
                        early = 0.5 if stage != Key.APPLIED else 1.0
                        self.add(talent, info, self._moment(window, 0, early), stage)
                        break

    def demo_talent(self) -> None:
        """The demo talent: an interview to book at the named enterprise, and a few others."""
        talent = self.talents[0]
        org = named_organisation(self.ctx, "owner")
        opening = self.ctx.anchor
        open_jobs = [
            i for i in self.jobs if i.job.status == Status.PUBLISHED and i.job.deadline >= opening
        ]
        at_enterprise = [i for i in open_jobs if org and i.job.organisation_id == org.pk]
        for info in at_enterprise:
            window = self._window(talent, info)
            if window:
                self.add(talent, info, self._moment(window, 0, 0.5), Key.INTERVIEW, book=False)
                break
        elsewhere = [i for i in open_jobs if not org or i.job.organisation_id != org.pk]
        self.rng.shuffle(elsewhere)
        used_orgs: set[int] = set()
        stages = iter(DEMO_TALENT_STAGES)
        stage = next(stages)
        for info in elsewhere:
            window = self._window(talent, info)
            if window is None or info.job.organisation_id in used_orgs:
                continue
            used_orgs.add(info.job.organisation_id)
            self.add(talent, info, self._moment(window, 0, 0.5), stage)
            stage = next(stages, None)
            if stage is None:
                break

    def others(self, wanted: int) -> None:
        """`wanted` applications from the other talents, to jobs of their fields mostly."""
        rng = self.rng
        if wanted <= 0 or not self.jobs:
            return
        talents = self.talents[1:]
        activity = [
            0.0 if rng.random() < INACTIVE_SHARE else rng.lognormvariate(0, 0.6) for _ in talents
        ]
        if not any(activity):
            return
        talent_cumulative = list(accumulate(activity))
        attractive = [
            rng.lognormvariate(0, 0.7) * math.sqrt((i.closes - i.opens).total_seconds() / 86400)
            for i in self.jobs
        ]
        every = Pool(self.jobs, list(accumulate(attractive)))
        by_field: dict[int, list[int]] = {}
        for n, info in enumerate(self.jobs):
            by_field.setdefault(info.job.field_id, []).append(n)
        pools = {
            field_id: Pool([self.jobs[n] for n in ns], list(accumulate(attractive[n] for n in ns)))
            for field_id, ns in by_field.items()
        }
        made, attempts = 0, 0
        while made < wanted and attempts < 30 * wanted:
            attempts += 1
            talent = rng.choices(talents, cum_weights=talent_cumulative)[0]
            pool = every
            if rng.random() < 0.75:
                pool = pools.get(rng.choice(talent.fields).pk, every)
            info = rng.choices(pool.jobs, cum_weights=pool.cumulative)[0]
            window = self._window(talent, info)
            if window is None:
                continue
            applied_at = self._moment(window)
            age = (self.snapshot - applied_at).total_seconds() / 86400
            weights = STAGE_BY_AGE[bisect_left([a for a, _w in STAGE_BY_AGE], age)][1]
            self.add(talent, info, applied_at, weighted(rng, weights))
            made += 1

    # --- One application and its history ------------------------------------------------------
    def _path(self, final: str) -> list[str]:
        rng = self.rng
        screened = [Key.SCREENED] if rng.random() < 0.75 else []
        if final == Key.APPLIED:
            return []
        if final == Key.SCREENED:
            return [Key.SCREENED]
        if final in (Key.INTERVIEW, Key.OFFER, Key.HIRED):
            through = [Key.INTERVIEW, Key.OFFER, Key.HIRED]
            return screened + through[: through.index(final) + 1]
        if final == Key.REJECTED:
            before = rng.choices((0, 1, 2, 3), (50, 25, 18, 7))[0]
            return [*[Key.SCREENED, Key.INTERVIEW, Key.OFFER][:before], Key.REJECTED]
        before = rng.choices((0, 1, 2), (60, 30, 10))[0]
        return [*[Key.SCREENED, Key.INTERVIEW][:before], Key.WITHDRAWN]

    def _times(self, start: datetime, path: list[str]) -> list[datetime]:
        """When each move of `path` happened: in order, the last one by the snapshot."""
        gaps = [self.rng.expovariate(1 / MEAN_GAP_DAYS[key]) + 0.05 for key in path]
        available = (self.snapshot - start).total_seconds() / 86400 * 0.98
        if sum(gaps) > available:
            gaps = [g * available / sum(gaps) for g in gaps]
        return [start + timedelta(seconds=round(d * 86400)) for d in accumulate(gaps)]

    def add(self, talent, info: JobInfo, applied_at: datetime, final: str, book=None) -> None:
        rng = self.rng
        job, user = info.job, talent.user
        english = user.language == "en"
        self.applied.add((job.pk, user.pk))
        pair = (user.pk, job.organisation_id)
        if pair not in self.first or applied_at < self.first[pair][2]:
            self.first[pair] = (user, job.organisation, applied_at)
        path = self._path(final)
        times = self._times(applied_at, path)
        cover_note = ""
        if rng.random() < COVER_NOTE_SHARE:
            zh, en = rng.choice(words_jobs.COVER_NOTES)
            shown = (job.title_en if english else job.title_zh_hans) or job.title
            cover_note = (en if english else zh).format(job=shown)
        rating = rng.randint(1, 5) if path and rng.random() < RATED_SHARE else None
        cv = self.cvs.get(talent.profile.pk)
        application = Record(
            [
                job.pk,
                user.pk,
                cv.pk if cv else None,
                cover_note,
                info.stages[final].pk,
                rating,
                applied_at,
                times[-1] if times else applied_at,
            ]
        )
        self.applications.append(application)
        stages = info.stages
        self.events.append((application, None, stages[Key.APPLIED].pk, user.pk, "", applied_at))
        previous = Key.APPLIED
        for key, at in zip(path, times, strict=True):
            note = ""
            if key == Key.REJECTED and rng.random() < 0.4:
                note = rng.choice(words_jobs.REJECTION_NOTES)
            actor = user if key == Key.WITHDRAWN else rng.choice(info.recruiters)
            self.events.append(
                (application, stages[previous].pk, stages[key].pk, actor.pk, note, at)
            )
            previous = key
        if Key.INTERVIEW in path:
            i = path.index(Key.INTERVIEW)
            later = times[i + 1] if i + 1 < len(times) else None
            self._interview(application, info, times[i], later, book, english)
        if path and rng.random() < NOTE_SHARE:
            author = rng.choice(info.recruiters)
            body = rng.choice(words_jobs.NOTES)
            self.notes.append((application, author.pk, body, self.ctx.after(times[0], 0.1, 6)))
        if path and rng.random() < MESSAGE_SHARE:
            self._messages(application, info, user, times[0])

    def _messages(self, application, info: JobInfo, user: User, after: datetime) -> None:
        rng, ctx = self.rng, self.ctx
        zh, en, reply_zh, reply_en = rng.choice(words_jobs.MESSAGES)
        english = user.language == "en"
        sent = ctx.after(after, 1, 24)
        answer = ctx.after(sent, 1, 48) if rng.random() < 0.6 else None
        read = answer or (ctx.after(sent, 0.5, 30) if rng.random() < 0.7 else None)
        sender = rng.choice(info.recruiters)
        self.messages.append((application, sender.pk, True, en if english else zh, sent, read))
        if answer:
            read = ctx.after(answer, 0.5, 20) if rng.random() < 0.6 else None
            reply = reply_en if english else reply_zh
            self.messages.append((application, user.pk, False, reply, answer, read))

    def _interview(self, application, info, invited: datetime, later, book, english) -> None:
        """The invitation sent with the move to "interview", and the booking if made.

        Still at "interview" at the snapshot: times from the opening day on, booked or not
        yet. Moved on since: a past time between the invitation and the next move.
        """
        rng, ctx = self.rng, self.ctx
        recruiter = rng.choice(info.recruiters)
        duration = timedelta(minutes=rng.choice([30, 45, 60]))
        if later is None:
            days = rng.sample([0, 1, 2, 3, 5, 7, 9], rng.randint(2, 3))
            starts = [ctx.at(day, rng.randint(9, 16), rng.choice([0, 30])) for day in sorted(days)]
            booked = rng.random() < BOOKED_SHARE if book is None else book
            chosen = rng.randrange(len(starts)) if booked else None
            booked_at = ctx.after(invited, 1, 72)
        else:
            gap = (later - invited).total_seconds()
            if gap < 4 * 3600:
                return  # decided on the telephone, without a booked time
            start = invited + timedelta(seconds=gap * rng.uniform(0.4, 0.7))
            start = start.replace(minute=30 if start.minute >= 30 else 0, second=0, microsecond=0)
            others = [start + timedelta(hours=h) for h in rng.sample([1, 2, 24], rng.randint(0, 2))]
            starts = [start, *(s for s in others if s + duration <= later)]
            chosen = 0
            booked_at = invited + (start - invited) * rng.uniform(0.05, 0.3)
            booked_at = booked_at.replace(microsecond=0)
        slots = [self._slot(info, start, duration, recruiter, invited) for start in starts]
        zh, en = rng.choice(words_jobs.INVITATION_MESSAGES)
        invitation = Record([application, en if english else zh, recruiter.pk, invited])
        self.slots += slots
        self.invitations.append((invitation, slots))
        if chosen is not None:
            self.interviews.append((application, slots[chosen], invitation, booked_at))

    def _slot(self, info: JobInfo, start, duration, recruiter, created) -> Record:
        rng, job = self.rng, info.job
        mode = job.interview_mode
        if mode == Job.InterviewMode.EITHER:
            mode = rng.choice([InterviewSlot.Mode.ON_SITE, InterviewSlot.Mode.ONLINE])
        place = link = ""
        if mode == InterviewSlot.Mode.ONLINE:
            link = f"https://meeting.{EMAIL_DOMAIN}/j/{rng.randrange(10**9, 10**10)}"
        else:
            during = 0 <= (timezone.localtime(start).date() - self.ctx.anchor).days <= 1
            place = job.organisation.address
            if during or not place:
                place = words_jobs.CONFERENCE_BOOTH.format(n=job.organisation_id % 400 + 1)
        values = [job.pk, start, start + duration, mode, place, link, recruiter.pk, created]
        return Record(values)

    # --- Writing -------------------------------------------------------------------------------
    def _consents(self) -> list[tuple]:
        """The separate consent each talent gave before their first application to an employer."""
        data_shown = {}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                shown = job_services.consent_text(Organisation())
            data_shown[language] = f"{shown['purpose']}\n{shown['data']}"
        contacts: dict[int, str] = {}
        consents = []
        for user, org, applied_at in self.first.values():
            if org.pk not in contacts:
                contacts[org.pk] = job_services.consent_text(org)["contact"][:300]
            seconds = self.rng.randint(20, 600)
            consents.append(
                (
                    user.pk,
                    org.pk,
                    SharingConsent.Purpose.JOB_APPLICATION,
                    contacts[org.pk],
                    data_shown.get(user.language, data_shown[settings.LANGUAGE_CODE]),
                    applied_at - timedelta(seconds=seconds),
                )
            )
        return consents

    def save(self) -> None:
        columns = ("user_id", "organisation_id", "purpose", "recipient_contact", "data_shown")
        write_rows(SharingConsent, (*columns, "given_at"), self._consents())
        # Ids in the order things happened.
        self.applications.sort(key=lambda a: a.values[6])
        columns = ("job_id", "talent_id", "cv_id", "cover_note", "stage_id", "rating")
        write_records(Application, (*columns, "created_at", "stage_changed_at"), self.applications)
        self.events.sort(key=lambda e: e[-1])
        columns = ("application_id", "from_stage_id", "to_stage_id", "actor_id", "note")
        write_rows(ApplicationEvent, (*columns, "created_at"), _with_ids(self.events))
        columns = ("application_id", "author_id", "body", "created_at")
        write_rows(ApplicationNote, columns, _with_ids(self.notes))
        columns = ("application_id", "sender_id", "from_organisation", "body", "created_at")
        write_rows(ApplicationMessage, (*columns, "read_at"), _with_ids(self.messages))
        columns = ("job_id", "starts_at", "ends_at", "mode", "place", "link", "created_by_id")
        write_records(InterviewSlot, (*columns, "created_at"), self.slots)
        columns = ("application_id", "message", "created_by_id", "created_at")
        write_records(InterviewInvitation, columns, [i for i, _slots in self.invitations])
        write_rows(
            InterviewInvitation.slots.through,
            ("interviewinvitation_id", "interviewslot_id"),
            [(i.pk, slot.pk) for i, slots in self.invitations for slot in slots],
        )
        write_rows(
            Interview,
            ("application_id", "slot_id", "invitation_id", "booked_at"),
            [(a.pk, slot.pk, i.pk, at) for a, slot, i, at in self.interviews],
        )


def _with_ids(rows: list[tuple]) -> list[tuple]:
    """The rows with their application (first) replaced by its id, now it has one."""
    return [(row[0].pk, *row[1:]) for row in rows]
