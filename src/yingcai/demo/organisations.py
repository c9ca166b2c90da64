"""Organisations of every kind across Chongqing's districts, with their members."""

import random
from collections.abc import Callable
from datetime import timedelta

from yingcai.accounts.models import User
from yingcai.core.models import District
from yingcai.core.rules import STAFF_ADMIN, STAFF_VERIFIER
from yingcai.organisations.models import Membership, Organisation
from yingcai.organisations.validators import check_character

from . import words
from .accounts import person, save_users
from .base import BATCH_SIZE, EMAIL_DOMAIN, Context

Kind = Organisation.Kind
Status = Organisation.Status

# Where enterprises are: the main urban districts and the functional areas
# hold most of them; every other district or county weighs 1.
ENTERPRISE_WEIGHTS = {
    "liangjiang": 12, "gaoxin": 9, "yubei": 8, "jiulongpo": 6, "jiangbei": 5, "yuzhong": 5,
    "nanan": 5, "shapingba": 5, "banan": 4, "beibei": 4, "fuling": 3, "wanzhou": 3,
    "yongchuan": 3, "jiangjin": 3, "hechuan": 3, "bishan": 3, "changshou": 3, "dadukou": 2,
}  # fmt: skip
URBAN = ["yuzhong", "jiangbei", "shapingba", "jiulongpo", "nanan", "yubei", "liangjiang"]
INSTITUTE_DISTRICTS = ["beibei", "shapingba", "gaoxin", "liangjiang", "yubei", "yongchuan"]

# How many recruiters an organisation of each kind has: (choices, weights).
RECRUITERS = {
    Kind.ENTERPRISE: ((0, 1, 2, 3), (35, 40, 20, 5)),
    Kind.PUBLIC_INSTITUTION: ((1, 2), (60, 40)),
    Kind.UNIVERSITY: ((1, 2, 3), (30, 40, 30)),
    Kind.INVESTOR: ((0, 1), (50, 50)),
    Kind.INDUSTRIAL_PARK: ((0, 1), (40, 60)),
    Kind.DISTRICT_GOVERNMENT: ((1, 2), (50, 50)),
}
VIEWER_SHARE = 0.15
# Organisations other than enterprises: the chance of each status but "verified".
STATUS_CHANCES = ((Status.PENDING, 0.03), (Status.REJECTED, 0.015), (Status.SUSPENDED, 0.01))

REJECTION_REASONS = [
    "营业执照扫描件不清晰，请重新上传。/ The scan of the business licence is not legible; "
    "please upload it again.",
    "统一社会信用代码与单位名称不一致，请核对后重新提交。/ The unified social credit code does "
    "not match the organisation's name; please check it and submit again.",
    "未上传单位授权委托书。/ The organisation's letter of authorisation is missing.",
]
SUSPENSION_REASONS = [
    "所发布岗位限定性别，违反《就业促进法》，暂停发布。/ Job requirements restricted applicants "
    "by sex, contrary to the Employment Promotion Law; publishing is suspended.",
    "多名人才举报该单位收取报名费用，正在核查。/ Several talents reported that this organisation "
    "charges application fees; the organisers are looking into it.",
]

# 统一社会信用代码: registration authority and organisation type (GB 32100-2015).
AUTHORITY = {
    Kind.ENTERPRISE: "91",
    Kind.INVESTOR: "91",
    Kind.PUBLIC_INSTITUTION: "12",
    Kind.UNIVERSITY: "12",
    Kind.INDUSTRIAL_PARK: "11",
    Kind.DISTRICT_GOVERNMENT: "11",
    Kind.ORGANISER: "11",
}
MUNICIPAL_DIVISION = "500000"


def district_en(district: District) -> str:
    """Yubei District, Wushan County, Shizhu Tujia Autonomous County, Liangjiang New Area."""
    name = district.name_en
    if district.kind == District.Kind.DISTRICT:
        return f"{name} District"
    if district.kind == District.Kind.COUNTY:
        return name if name.endswith("County") else f"{name} County"
    if district.kind == District.Kind.AUTONOMOUS_COUNTY:
        return name.removesuffix(" AC") + " Autonomous County"
    return name


def district_short(district: District) -> tuple[str, str]:
    """渝北/Yubei, 石柱/Shizhu, 两江/Liangjiang: the district as used inside a name."""
    zh = district.name_zh_hans
    if district.kind == District.Kind.AUTONOMOUS_COUNTY:
        return zh[:2], district.name_en.split()[0]
    if district.kind == District.Kind.FUNCTIONAL_AREA:
        return zh[:2], district.name_en.split()[0]
    return (zh[:-1] if len(zh) > 2 else zh), district.name_en


class CreditCodes:
    """Unique, valid unified social credit codes."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def new(self, kind: str, division: str) -> str:
        while True:
            first17 = AUTHORITY[kind] + division + self._organisation_code()
            code = first17 + check_character(first17)
            if code not in self.used:
                self.used.add(code)
                return code

    def _organisation_code(self) -> str:
        # The organisation code inside it has its own check digit (GB 11714).
        body = [self.rng.randrange(10) for _ in range(8)]
        rest = 11 - sum(d * w for d, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        return "".join(map(str, body)) + {10: "X", 11: "0"}.get(rest, str(rest))


class Names:
    """Hands out names not given yet; when a word list runs dry (large scales), numbers them."""

    def __init__(self):
        self.used: set[str] = set()

    def take(self, make: Callable[[], tuple[str, str]]) -> tuple[str, str]:
        for _ in range(40):
            zh, en = make()
            if not {zh, en} & self.used:
                break
        n = 1
        base_zh, base_en = zh, en
        while {zh, en} & self.used:
            n += 1
            zh = f"{base_zh}（{n}）" if base_zh else ""
            en = f"{base_en} ({n})" if base_en else ""
        self.used.update({zh, en} - {""})
        return zh, en


class Builder:
    """Makes the organisations of one load; they are saved together at the end."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng
        self.names = Names()
        self.codes = CreditCodes(ctx.rng)
        self.districts = list(District.objects.order_by("position"))
        self.by_slug = {d.slug: d for d in self.districts}
        self.administrative = [d for d in self.districts if d.is_administrative]
        self.organisations: list[Organisation] = []

    def add(self, kind: str, zh: str, en: str, district: District | None, **fields) -> Organisation:
        n = len(self.organisations) + 1
        if "credit_code" not in fields:
            division = (district.code if district else "") or MUNICIPAL_DIVISION
            if fields.get("level") == Organisation.Level.MUNICIPAL:
                division = MUNICIPAL_DIVISION
            fields["credit_code"] = self.codes.new(kind, division)
        if district and "address" not in fields:
            road = self.rng.choice(words.ROADS)
            city = "" if "重庆" in district.name_zh_hans else "重庆市"
            number = self.rng.randint(1, 399)
            fields["address"] = f"{city}{district.name_zh_hans}{road}{number}号"
        org = Organisation(
            kind=kind,
            name_zh_hans=zh,
            name_en=en,
            district=district,
            contact_email=f"contact.{n:05d}@{EMAIL_DOMAIN}",
            website=f"https://org{n:05d}.{EMAIL_DOMAIN}/" if self.rng.random() < 0.5 else "",
            status=Status.VERIFIED,
            **fields,
        )
        self.organisations.append(org)
        return org

    # --- one method per kind ------------------------------------------------------------
    def organisers(self) -> None:
        self.add(
            Kind.ORGANISER,
            "2020重庆英才大会组委会办公室",
            "Office of the Organising Committee of the 2020 Chongqing Talents Conference",
            None,
            location="重庆 / Chongqing",
            description_zh_hans="负责2020重庆英才大会的组织协调、嘉宾邀请、新闻发布和平台运行。",
            description_en="Organises the 2020 Chongqing Talents Conference: coordination, "
            "guests, press conferences and this platform.",
        )
        self.add(
            Kind.ORGANISER,
            "重庆市人力资源和社会保障局",
            "Chongqing Municipal Human Resources and Social Security Bureau",
            None,
            location="重庆 / Chongqing",
            description_zh_hans="承办2020重庆英才大会，负责人才招聘、事业单位公开招聘等活动。",
            description_en="Hosts the 2020 Chongqing Talents Conference and runs its recruitment "
            "events, including the recruitment of public institutions.",
        )

    def district_governments(self) -> None:
        for district in self.administrative:
            zh_name, en_name = district.name_zh_hans, district_en(district)
            self.add(
                Kind.DISTRICT_GOVERNMENT,
                f"{zh_name}人民政府",
                f"{en_name} People's Government",
                district,
                description_zh_hans=f"{zh_name}在英才大会期间开展招才引智和项目对接洽谈，"
                f"欢迎海内外人才和优质项目落地{zh_name}。",
                description_en=f"{en_name} recruits talents and holds project docking "
                f"negotiations at the conference, and welcomes talents and projects to settle "
                f"in {en_name}.",
            )

    def municipal_institutions(self) -> None:
        def make():
            field_zh, field_en = self.rng.choice(words.MUNICIPAL_FIELDS)
            type_zh, type_en = self.rng.choice(words.MUNICIPAL_TYPES)
            return f"重庆市{field_zh}{type_zh}", type_en.format(f=field_en)

        for _ in range(self.ctx.count("municipal_institutions")):
            zh, en = self.names.take(make)
            self.add(
                Kind.PUBLIC_INSTITUTION,
                zh,
                en,
                self.by_slug[self.rng.choice(URBAN)],
                level=Organisation.Level.MUNICIPAL,
                **_institution_description(zh, en, "市属", "municipal"),
            )

    def district_institutions(self) -> None:
        districts = list(self.districts)
        self.rng.shuffle(districts)
        for i in range(self.ctx.count("district_institutions")):
            district = districts[i % len(districts)]

            def make(district=district):
                type_zh, type_en = self.rng.choice(words.DISTRICT_INSTITUTION_TYPES)
                return f"{district.name_zh_hans}{type_zh}", f"{district_en(district)} {type_en}"

            zh, en = self.names.take(make)
            self.add(
                Kind.PUBLIC_INSTITUTION,
                zh,
                en,
                district,
                level=Organisation.Level.DISTRICT,
                **_institution_description(zh, en, "区县", "district or county"),
            )

    def universities(self) -> None:
        def invented():
            prefix_zh, prefix_en = self.rng.choice(words.INSTITUTE_PREFIXES)
            field_zh, field_en = self.rng.choice(words.INSTITUTE_FIELDS)
            return (
                f"重庆{prefix_zh}{field_zh}研究院",
                f"Chongqing {prefix_en} Institute of {field_en}",
            )

        real = iter(words.UNIVERSITIES)
        for _ in range(self.ctx.count("universities")):
            found = next(real, None)
            if found:
                zh, en, slug = found
                self.names.take(lambda zh=zh, en=en: (zh, en))
            else:
                zh, en = self.names.take(invented)
                slug = self.rng.choice(INSTITUTE_DISTRICTS)
            self.add(
                Kind.UNIVERSITY,
                zh,
                en,
                self.by_slug[slug],
                description_zh_hans=f"{zh}面向海内外招聘教学科研人才和博士后研究人员，"
                "并与企业开展产学研合作。",
                description_en=f"{en} recruits teaching and research staff and postdoctoral "
                "researchers from China and abroad, and works with enterprises on research.",
            )

    def investors(self) -> None:
        for _ in range(self.ctx.count("investors")):
            where = self.rng.random()
            if where < 0.9:
                city = None if where < 0.7 else self.rng.choice(words.OTHER_CITIES)

                def make(city=city):
                    trade_zh, trade_en = _trade_name(self.rng)
                    type_zh, type_en = self.rng.choice(words.INVESTOR_TYPES)
                    city_zh, city_en = (city[0], city[1]) if city else ("重庆", "Chongqing")
                    return f"{city_zh}{trade_zh}{type_zh}", f"{city_en} {trade_en} {type_en}"

                zh, en = self.names.take(make)
                fields = _investor_description(zh, en)
                if city:
                    fields["credit_code"] = self.codes.new(Kind.INVESTOR, city[2])
                    fields["location"] = f"{city[0]} / {city[1]}"
                    district = None
                else:
                    district = self.rng.choices(self.districts, self._enterprise_weights)[0]
            else:
                pattern, country = self.rng.choice(words.OVERSEAS_INVESTORS)

                def make(pattern=pattern):
                    return "", pattern.format(b=self.rng.choice(words.OVERSEAS_BRANDS))

                # Overseas institutions have no Chinese name nor credit code.
                zh, en = self.names.take(make)
                fields = _investor_description("", en)
                fields.update(credit_code=None, location=country)
                district = None
            self.add(Kind.INVESTOR, zh, en, district, **fields)

    def industrial_parks(self) -> None:
        places = [*self.administrative, self.by_slug["liangjiang"]]
        pairs = [(d, t) for d in places for t in words.PARK_TYPES]
        self.rng.shuffle(pairs)
        for i in range(self.ctx.count("industrial_parks")):
            district, (type_zh, type_en) = pairs[i % len(pairs)]
            short_zh, short_en = district_short(district)
            zh, en = self.names.take(
                lambda s=short_zh, e=short_en, tz=type_zh, te=type_en: (
                    f"重庆{s}{tz}",
                    f"Chongqing {e} {te}",
                )
            )
            focus = self.rng.sample(words.INDUSTRIES, 2)
            self.add(
                Kind.INDUSTRIAL_PARK,
                zh,
                en,
                district,
                description_zh_hans=f"{zh}位于{district.name_zh_hans}，重点发展{focus[0][0]}、"
                f"{focus[1][0]}等产业，为入驻企业和人才提供政策咨询、办公场地和生活配套等一站式服务。",
                description_en=f"{en}, in {district_en(district)}, concentrates on "
                f"{focus[0][2]} and {focus[1][2]}, and offers the companies and talents who "
                "settle there advice on policies, offices and housing in one place.",
            )

    def enterprises(self) -> None:
        for _ in range(self.ctx.count("enterprises", minimum=5)):
            district = self.rng.choices(self.districts, self._enterprise_weights)[0]
            industry = self.rng.choice(words.INDUSTRIES)
            zh, en = self.names.take(lambda industry=industry: _enterprise_name(self.rng, industry))
            year = self.ctx.anchor.year - self.rng.randint(1, 25)
            staff = self.rng.choice([20, 50, 80, 100, 150, 200, 300, 500, 800, 1000, 2000])
            self.add(
                Kind.ENTERPRISE,
                zh,
                en,
                district,
                description_zh_hans=f"{zh}成立于{year}年，位于{district.name_zh_hans}，"
                f"主要从事{industry[0]}相关产品与服务的研发和经营，现有员工{staff}余人。",
                description_en=f"Founded in {year} in {district_en(district)}, {en} develops "
                f"and sells products and services in {industry[2]}. It employs more than "
                f"{staff} people.",
            )

    @property
    def _enterprise_weights(self) -> list[int]:
        return [ENTERPRISE_WEIGHTS.get(d.slug, 1) for d in self.districts]


def _trade_name(rng: random.Random) -> tuple[str, str]:
    first, second = rng.choice(words.TRADE_NAME_FIRST), rng.choice(words.TRADE_NAME_SECOND)
    return first[0] + second[0], (first[1] + second[1]).capitalize()


def _enterprise_name(rng: random.Random, industry) -> tuple[str, str]:
    trade_zh, trade_en = _trade_name(rng)
    industry_zh, industry_en, _field = industry
    form = rng.random()
    if form < 0.7:
        return (
            f"重庆{trade_zh}{industry_zh}有限公司",
            f"Chongqing {trade_en} {industry_en} Co., Ltd.",
        )
    if form < 0.85:
        return (
            f"重庆{trade_zh}{industry_zh}股份有限公司",
            f"Chongqing {trade_en} {industry_en} Joint Stock Co., Ltd.",
        )
    return (
        f"{trade_zh}（重庆）{industry_zh}有限公司",
        f"{trade_en} (Chongqing) {industry_en} Co., Ltd.",
    )


def _institution_description(zh: str, en: str, level_zh: str, level_en: str) -> dict[str, str]:
    return {
        "description_zh_hans": f"{zh}是{level_zh}事业单位，面向海内外公开招聘博士、硕士和具有"
        "高级职称的高层次人才。",
        "description_en": f"{en} is a {level_en} public institution. It recruits high-level "
        "talents — doctors, masters and holders of senior professional titles — from China "
        "and abroad.",
    }


def _investor_description(zh: str, en: str) -> dict[str, str]:
    fields = {
        "description_en": f"{en} invests in early and growth-stage projects in electronic "
        "information, smart manufacturing, biomedicine and new energy, and takes part in the "
        "conference's docking negotiations.",
    }
    if zh:
        fields["description_zh_hans"] = (
            f"{zh}重点关注电子信息、智能制造、生物医药和新能源等领域的早期及成长期项目，"
            "参加大会项目对接洽谈。"
        )
    return fields


def load(ctx: Context) -> None:
    builder = Builder(ctx)
    builder.organisers()
    builder.district_governments()
    builder.municipal_institutions()
    builder.district_institutions()
    builder.universities()
    builder.investors()
    builder.industrial_parks()
    builder.enterprises()
    organisations = builder.organisations
    _set_status_and_dates(ctx, organisations)
    members = _members(ctx, organisations)
    Organisation.objects.bulk_create(organisations, batch_size=BATCH_SIZE)
    memberships = [
        Membership(organisation=org, user=user, role=role, created_at=joined)
        for org, user, role, joined in members
    ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    ctx.created["organisations"] = organisations
    ctx.created["memberships"] = memberships


def _named(organisations: list[Organisation]) -> dict[str, Organisation]:
    """The organisations of the named log-ins."""
    enterprises = [o for o in organisations if o.kind == Kind.ENTERPRISE]
    municipal = next(o for o in organisations if o.level == Organisation.Level.MUNICIPAL)
    return {"enterprise": enterprises[0], "pending": enterprises[1], "municipal": municipal}


def _set_status_and_dates(ctx: Context, organisations: list[Organisation]) -> None:
    rng = ctx.rng
    staff = ctx.created["staff"]
    admin, verifiers = staff[STAFF_ADMIN][0], staff[STAFF_VERIFIER]
    named = _named(organisations)
    forced = {id(named["pending"]): Status.PENDING}
    # Among the other enterprises, the preset's numbers of each status but "verified".
    enterprises = [o for o in organisations if o.kind == Kind.ENTERPRISE]
    others = rng.sample(enterprises[2:], len(enterprises) - 2)
    for status in (Status.PENDING, Status.REJECTED, Status.SUSPENDED):
        n = ctx.count(f"enterprises_{status}")
        forced.update({id(org): status for org in others[:n]})
        others = others[n:]

    for org in organisations:
        if org.kind in (Kind.ORGANISER, Kind.DISTRICT_GOVERNMENT):
            # Added by the organisers themselves, hence verified at once.
            org.created_at = org.verified_at = ctx.between(-200, -160)
            org.created_by = org.verified_by = admin
            continue
        org.created_at = ctx.between(-150, -3)
        if id(org) in forced:
            org.status = forced[id(org)]
        elif org.kind != Kind.ENTERPRISE and org is not named["municipal"]:
            draw, org.status = rng.random(), Status.VERIFIED
            for status, chance in STATUS_CHANCES:
                if draw < chance:
                    org.status = status
                    break
                draw -= chance
        if org.status in (Status.VERIFIED, Status.SUSPENDED):
            org.verified_at = ctx.after(org.created_at, 2, 96)
            org.verified_by = rng.choice(verifiers)
        if org.status == Status.REJECTED:
            org.status_reason = rng.choice(REJECTION_REASONS)
        elif org.status == Status.SUSPENDED:
            org.status_reason = rng.choice(SUSPENSION_REASONS)
    # The named owner's enterprise is one of the oldest.
    named["enterprise"].created_at = ctx.at(-120, 10)
    named["enterprise"].verified_at = ctx.at(-119, 15)
    # The named reviewer's institution too: it has posts in the recruitment round at any
    # scale and seed, which needs it verified (and its reviewer a member) well before then.
    named["municipal"].created_at = ctx.at(-110, 10)
    named["municipal"].verified_at = ctx.at(-109, 15)


def _members(ctx: Context, organisations: list[Organisation]) -> list[tuple]:
    """An owner for every organisation (who registered it), recruiters and some viewers.

    Saves the new accounts and returns (organisation, user, role, joined) for each membership.
    """
    rng = ctx.rng
    admins = ctx.created["staff"][STAFF_ADMIN]
    orgs = _named(organisations)
    named = {
        (id(orgs["enterprise"]), Membership.Role.OWNER): "owner",
        (id(orgs["enterprise"]), Membership.Role.RECRUITER): "recruiter",
        (id(orgs["enterprise"]), Membership.Role.VIEWER): "viewer",
        (id(orgs["municipal"]), Membership.Role.RECRUITER): "reviewer",
        (id(orgs["pending"]), Membership.Role.OWNER): "pending",
    }
    users: list[User] = []
    members: list[tuple] = []
    for org in organisations:
        if org.kind == Kind.ORGANISER:
            # The organisers' own organisations belong to their administrators.
            owner = admins[len(members) % len(admins)]
            members.append((org, owner, Membership.Role.OWNER, org.created_at))
            continue
        choices, weights = RECRUITERS[org.kind]
        roles = [Membership.Role.RECRUITER] * rng.choices(choices, weights)[0]
        roles += [Membership.Role.VIEWER] * (rng.random() < VIEWER_SHARE)
        for role in (Membership.Role.RECRUITER, Membership.Role.VIEWER):
            if (id(org), role) in named and role not in roles:
                roles.append(role)
        # Whoever registered the organisation owns it; the others accepted an invitation.
        joined = org.created_at - timedelta(minutes=rng.randint(5, 90))
        for role in [Membership.Role.OWNER, *roles]:
            key = named.pop((id(org), role), None)
            user = person(ctx, f"m{len(users) + 1:05d}", joined, key)
            users.append(user)
            members.append((org, user, role, max(joined, org.created_at)))
            joined = ctx.after(org.created_at, 1, 30 * 24)
        org.created_by = users[-1 - len(roles)]
    save_users(users)
    return members
