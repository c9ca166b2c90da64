"""Talents' profiles: origin, degree, fields, places, history, and the words talent search reads.

One profile for each talent account of the accounts step (so the count of profiles is the
count of talents: 12,199 at scale 1). Those accounts already say who is overseas.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from yingcai.accounts.models import User
from yingcai.core.models import DisciplineField, District
from yingcai.search.text import segment
from yingcai.talents.models import Education, TalentProfile, WorkExperience

from . import words, words_jobs
from .base import Context
from .jobs import named_organisation, organisation_fields, weighted, write, write_rows

Origin = TalentProfile.Origin

DEGREES = {
    Origin.DOMESTIC: {"doctor": 27, "master": 46, "bachelor": 27},
    Origin.OVERSEAS: {"doctor": 50, "master": 40, "bachelor": 10},
}
POSTDOCTORAL = {Origin.DOMESTIC: 0.22, Origin.OVERSEAS: 0.35}
# Professional titles are Chinese: few overseas talents hold one.
TITLES = {
    "doctor": {"": 15, "junior": 10, "intermediate": 30, "associate_senior": 30, "senior": 15},
    "master": {"": 20, "junior": 25, "intermediate": 35, "associate_senior": 15, "senior": 5},
    "bachelor": {"": 30, "junior": 27, "intermediate": 30, "associate_senior": 10, "senior": 3},
    Origin.OVERSEAS: {"": 65, "junior": 5, "intermediate": 12, "associate_senior": 12, "senior": 6},
}
# Years of work a title takes at least.
TITLE_YEARS = {"": 0, "junior": 1, "intermediate": 4, "associate_senior": 7, "senior": 12}
STUDY_YEARS = {"bachelor": 4, "master": 3, "doctor": 4}
SALARY = {"bachelor": (7000, 15000), "master": (10000, 22000), "doctor": (15000, 35000)}
SALARY_TITLE = {"": 0, "junior": 0, "intermediate": 2000, "associate_senior": 4000, "senior": 8000}
OPEN_SHARE = 0.82
WORK_SHARE = 0.45
EDUCATION_SHARE = 0.6


@dataclass
class Talent:
    """A talent of this load, with what the later steps need without asking the database."""

    user: User
    profile: TalentProfile
    fields: list[DisciplineField]
    districts: list[District]
    work: list[WorkExperience] = field(default_factory=list)
    education: list[Education] = field(default_factory=list)
    bio: tuple = ()  # (major, two skills, district) the bio is written from


def load(ctx: Context) -> None:
    builder = ProfileBuilder(ctx)
    users = ctx.created["talents"]
    overseas = ctx.created["overseas_talents"]
    talents = [
        builder.demo_talent(user) if n == 0 else builder.talent(user, user.email in overseas)
        for n, user in enumerate(users)
    ]
    for t in talents:
        t.profile.updated_at = t.profile.created_at
    write([t.profile for t in talents])
    write_rows(
        TalentProfile.fields.through,
        ("talentprofile_id", "disciplinefield_id"),
        [(t.profile.pk, f.pk) for t in talents for f in t.fields],
    )
    write_rows(
        TalentProfile.desired_districts.through,
        ("talentprofile_id", "district_id"),
        [(t.profile.pk, d.pk) for t in talents for d in t.districts],
    )
    write([w for t in talents for w in t.work])
    write([e for t in talents for e in t.education])
    ctx.created["talent_profiles"] = talents


def search_document(talent: Talent) -> str:
    """What `talents.search.document_for` makes of the profile, without asking the database.

    The same parts in the same order: work and education newest first (their models'
    ordering; no two of a profile's rows start on the same day), fields by position.
    """
    profile = talent.profile
    parts = [talent.user.name, profile.university, profile.skills, profile.summary]
    parts += [f"{w.position} {w.employer} {w.description}" for w in _newest_first(talent.work)]
    parts += [f"{e.major} {e.institution}" for e in _newest_first(talent.education)]
    ordered = sorted(talent.fields, key=lambda f: (f.position, f.pk))
    parts += [f.name_zh_hans + " " + f.name_en for f in ordered]
    return segment(" ".join(p for p in parts if p))


def _newest_first(rows):
    return [
        row for _n, row in sorted(enumerate(rows), key=lambda r: (r[1].start, r[0]), reverse=True)
    ]


class ProfileBuilder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng
        self.fields = list(DisciplineField.objects.order_by("position"))
        self.field_weights = [words_jobs.FIELD_WEIGHTS.get(f.slug, 1) for f in self.fields]
        self.by_slug = {f.slug: f for f in self.fields}
        self.districts = list(District.objects.order_by("position"))
        self.district_weights = [
            words_jobs.DESIRED_DISTRICT_WEIGHTS.get(d.slug, int(d.is_administrative))
            for d in self.districts
        ]
        self.district_by_slug = {d.slug: d for d in self.districts}
        self.universities = words_jobs.CHINESE_UNIVERSITIES
        self.university_weights = [w for _zh, _en, w in self.universities]
        self.countries = words_jobs.OVERSEAS
        self.country_weights = [w for _c, w, _u in self.countries]

    def _distinct(self, population, weights, k):
        chosen = []
        while len(chosen) < min(k, len(population)):
            item = self.rng.choices(population, weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def _fields(self, k: int) -> list[DisciplineField]:
        """The main field, then mostly fields that go with it."""
        main = self.rng.choices(self.fields, self.field_weights)[0]
        related = [
            n for n, f in enumerate(self.fields)
            if f is not main
            and any(main.slug in group and f.slug in group for group in words_jobs.FIELD_GROUPS)
        ]  # fmt: skip
        chosen = [main]
        while len(chosen) < k:
            if related and self.rng.random() < 0.85:
                n = self.rng.choices(related, [self.field_weights[n] for n in related])[0]
                field = self.fields[n]
            else:
                field = self.rng.choices(self.fields, self.field_weights)[0]
            if field not in chosen:
                chosen.append(field)
        return chosen

    def talent(self, user: User, overseas: bool) -> Talent:
        rng, ctx = self.rng, self.ctx
        english = user.language == "en"
        origin = Origin.OVERSEAS if overseas else Origin.DOMESTIC
        country, foreign_universities = "", []
        if overseas:
            country, _weight, foreign_universities = rng.choices(
                self.countries, self.country_weights
            )[0]
        degree = weighted(rng, DEGREES[origin])
        postdoctoral = degree == "doctor" and rng.random() < POSTDOCTORAL[origin]
        title = weighted(rng, TITLES[Origin.OVERSEAS if overseas else degree])
        fields = self._fields(rng.choices((1, 2, 3), (35, 45, 20))[0])
        if foreign_universities and rng.random() < 0.8:
            university = rng.choice(foreign_universities)
        else:
            zh, en, _w = rng.choices(self.universities, self.university_weights)[0]
            university = en if english else zh
        years = max(TITLE_YEARS[title], rng.randint(0, 6 if degree == "doctor" else 12))
        graduated = ctx.anchor.year - years - rng.randint(0, 1)
        talent = Talent(
            user=user,
            profile=TalentProfile(
                user=user,
                origin=origin,
                country=country,
                degree=degree,
                postdoctoral=postdoctoral,
                title=title,
                university=university,
                visibility=TalentProfile.Visibility.OPEN
                if rng.random() < OPEN_SHARE
                else TalentProfile.Visibility.APPLIED_ONLY,
                created_at=ctx.after(user.date_joined, 0.05, 72),
            ),
            fields=fields,
            districts=self._distinct(
                self.districts, self.district_weights, rng.choices((1, 2, 3), (40, 40, 20))[0]
            ),
        )
        self._describe(talent, english, years)
        if rng.random() < EDUCATION_SHARE:
            self._education(talent, graduated, english)
        if years and rng.random() < WORK_SHARE:
            self._work(talent, graduated, english)
        self._bio(talent, english, years)
        talent.profile.search_document = search_document(talent)
        return talent

    def _describe(self, talent: Talent, english: bool, years: int) -> None:
        rng, profile = self.rng, talent.profile
        main = words_jobs.FIELDS[talent.fields[0].slug]
        # Mostly skills of the main field, then some of the others.
        count = rng.randint(3, 6)
        skills = rng.sample(main.skills, min(len(main.skills), count - count // 3))
        others = [s for f in talent.fields[1:] for s in words_jobs.FIELDS[f.slug].skills]
        skills += rng.sample(others, min(len(others), count - len(skills)))
        skills = list(dict.fromkeys(skills))
        major = rng.choice(main.majors)
        district = talent.districts[0]
        profile.skills = (", " if english else "，").join(s[1] if english else s[0] for s in skills)
        # The bio is written once the education and work are known (`_bio`), from them.
        talent.bio = (major, skills[:2], district)
        low, high = SALARY[profile.degree]
        if rng.random() < 0.88:
            salary = rng.uniform(low, high) + SALARY_TITLE[profile.title]
            salary += 3000 * profile.postdoctoral
            salary *= 1.3 if profile.origin == Origin.OVERSEAS else 1.0
            profile.expected_salary = round(salary / 500) * 500
        if rng.random() < 0.85:
            profile.available_from = self.ctx.anchor + timedelta(days=rng.randint(-10, 150))

    def _bio(self, talent: Talent, english: bool, years: int) -> None:
        """A bio that agrees with the person's degree, studies and current job, in one of
        several wordings. Its own generator, seeded by the person, keeps the load's draws (and
        so the rest of the demo) as they were."""
        profile = talent.profile
        major, skills, district = talent.bio
        voice = random.Random(f"bio:{talent.user.email}")
        degree_zh, degree_en = words_jobs.DEGREE_WORDS[profile.degree]
        field_zh, field_en = talent.fields[0].name_zh_hans, talent.fields[0].name_en
        school, subject = profile.university, major[1] if english else major[0]
        if talent.education:  # the highest degree, as the education history says
            school, subject = talent.education[0].institution, talent.education[0].major
        current = next((w for w in talent.work if w.end is None), None)
        (s1_zh, s1_en), (s2_zh, s2_en) = skills[0], skills[1] if len(skills) > 1 else skills[0]
        if english:
            opening = voice.choice(
                [
                    f"{degree_en} in {subject} from {school}.",
                    f"I studied {subject} at {school} ({degree_en.lower()}).",
                    f"{subject} graduate of {school}, {degree_en.lower()}.",
                ]
            )
            parts = [opening]
            if current is not None:
                parts.append(f"Now {current.position} at {current.employer}.")
            elif years:
                parts.append(f"{years} years of work in {field_en.lower()}.")
            if profile.postdoctoral:
                parts.append("Postdoctoral research experience.")
            parts.append(
                voice.choice(
                    [
                        f"Most at home with {s1_en} and {s2_en}.",
                        f"My strengths: {s1_en}, {s2_en}.",
                        f"I work mainly on {s1_en}, also {s2_en}.",
                    ]
                )
            )
            parts.append(
                voice.choice(
                    [
                        f"Looking for a position in Chongqing ({district.name_en}).",
                        f"Would like to settle in {district.name_en}, Chongqing.",
                        "Open to offers in Chongqing.",
                    ]
                )
            )
            text = " ".join(parts)
        else:
            opening = voice.choice(
                [
                    f"{degree_zh}，毕业于{school}{subject}专业。",
                    f"{school}{subject}专业{degree_zh}。",
                    f"本人{degree_zh}学历，{school}{subject}专业毕业。",
                ]
            )
            parts = [opening]
            if current is not None:
                parts.append(f"现任{current.employer}{current.position}。")
            elif years:
                parts.append(f"从事{field_zh}相关工作{years}年。")
            if profile.postdoctoral:
                parts.append("有博士后研究经历。")
            parts.append(
                voice.choice(
                    [
                        f"擅长{s1_zh}和{s2_zh}。",
                        f"主要方向：{s1_zh}、{s2_zh}。",
                        f"熟悉{s1_zh}，兼做{s2_zh}。",
                    ]
                )
            )
            parts.append(
                voice.choice(
                    [
                        f"希望在{district.name_zh_hans}发展。",
                        f"期望工作地点：{district.name_zh_hans}。",
                        "愿意来重庆工作。",
                    ]
                )
            )
            text = "".join(parts)
            if profile.origin == Origin.OVERSEAS:
                text += f" Open to positions in Chongqing; {s1_en} and {field_en.lower()}."
        profile.summary = text

    def _education(self, talent: Talent, graduated: int, english: bool) -> None:
        rng, profile = self.rng, talent.profile
        majors = words_jobs.FIELDS[talent.fields[0].slug].majors
        major = rng.choice(majors)
        rows = [(profile.university, profile.degree, major)]
        earlier = {"doctor": "master", "master": "bachelor"}.get(profile.degree)
        if earlier and rng.random() < 0.5:
            zh, en, _w = rng.choices(self.universities, self.university_weights)[0]
            rows.append((en if english else zh, earlier, rng.choice(majors)))
        end = graduated
        for institution, degree, (major_zh, major_en) in rows:
            start = end - STUDY_YEARS[degree]
            talent.education.append(
                Education(
                    profile=profile,
                    institution=institution,
                    degree=degree,
                    major=major_en if english else major_zh,
                    start=date(start, 9, 1),
                    end=date(end, 6, 30),
                )
            )
            end = start

    def _work(self, talent: Talent, graduated: int, english: bool) -> None:
        rng, profile = self.rng, talent.profile
        fw = words_jobs.FIELDS[talent.fields[0].slug]
        this_year = self.ctx.anchor.year
        starts = sorted(
            rng.sample(
                range(graduated, this_year + 1), min(rng.randint(1, 2), this_year - graduated + 1)
            ),
            reverse=True,
        )
        end = None  # the newest job is the current one
        for year in starts:
            start = date(year, rng.choice([3, 7, 9]), 1)
            if profile.postdoctoral and end is not None:
                employer = profile.university
                position = "Postdoctoral Researcher" if english else "博士后研究人员"
            else:
                employer = self._employer(talent, english)
                position_zh, position_en = rng.choice(fw.titles)
                position = position_en if english else position_zh
            duty_zh, duty_en = rng.choice(fw.duties)
            talent.work.append(
                WorkExperience(
                    profile=profile,
                    employer=employer,
                    position=position,
                    start=start,
                    end=end,
                    description=f"Responsible for {duty_en}." if english else f"负责{duty_zh}。",
                )
            )
            end = start - timedelta(days=1)

    def _employer(self, talent: Talent, english: bool) -> str:
        rng = self.rng
        if talent.profile.origin == Origin.OVERSEAS and rng.random() < 0.6:
            form = rng.choice(words_jobs.OVERSEAS_EMPLOYER_FORMS)
            return form.format(b=rng.choice(words.OVERSEAS_BRANDS))
        first, second = rng.choice(words.TRADE_NAME_FIRST), rng.choice(words.TRADE_NAME_SECOND)
        industry = rng.choice(words.INDUSTRIES)
        city = rng.choice(words_jobs.WORK_CITIES)
        if english:
            trade = (first[1] + second[1]).capitalize()
            return f"{city[1]} {trade} {industry[1]} Co., Ltd."
        return f"{city[0]}{first[0]}{second[0]}{industry[0]}有限公司"

    def demo_talent(self, user: User) -> Talent:
        """李雷 (talent@example.com): complete, and close to the named enterprise's fields."""
        ctx = self.ctx
        enterprise = named_organisation(ctx, "owner")
        slugs = ["electronic-information", "smart-manufacturing"]
        if enterprise is not None:
            fields = organisation_fields(enterprise)
            main = max(fields, key=lambda slug: fields[slug])
            slugs = list(dict.fromkeys([main, *slugs]))[:2]
        districts = ["liangjiang", "yubei"]
        if enterprise is not None and enterprise.district_id:
            districts = list(dict.fromkeys([enterprise.district.slug, *districts]))[:3]
        talent = Talent(
            user=user,
            profile=TalentProfile(
                user=user,
                origin=Origin.DOMESTIC,
                degree="doctor",
                postdoctoral=True,
                title="associate_senior",
                university="重庆大学",
                visibility=TalentProfile.Visibility.OPEN,
                created_at=ctx.after(user.date_joined, 0.5, 2),
                expected_salary=25000,
                available_from=ctx.anchor + timedelta(days=30),
            ),
            fields=[self.by_slug[s] for s in slugs],
            districts=[self.district_by_slug[s] for s in districts],
        )
        self._describe(talent, english=False, years=8)
        graduated = ctx.anchor.year - 8
        self._education(talent, graduated, english=False)
        self._work(talent, graduated, english=False)
        self._bio(talent, english=False, years=8)
        talent.profile.search_document = search_document(talent)
        return talent
