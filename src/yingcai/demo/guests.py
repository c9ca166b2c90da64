"""The important guests (重要嘉宾) and the honours registries, as the protocol staff have them
two days before the opening.

- The honours: the winners of the Chongqing Outstanding Talents Award of three years and the
  selectees of the Chongqing Talents Program of two, across their categories; some linked
  to a demo talent's profile (the honour carries that person's name), some consenting to the
  public registry.
- The guests: the seed's "more than 100 important guests — domestic and foreign
  academicians, Nobel Prize winners, presidents of well-known universities and prominent
  entrepreneurs — will attend online and offline" (112 at full scale, all confirmed), and
  the representatives of the award winners and the Talents Program selectees, invited as a
  group from the honours (their guest rows linked to the honour); a few more invited and
  not answered yet, a few declined. Those on site have an itinerary (a flight or train with
  its number, arriving the day before), a hotel, a pick-up, a liaison person and a seat in
  the main venue; some consent to the public guest list.

Rows as the guests' services would leave them, written in bulk. The RSVP links' secrets are
drawn from the step's random source (a load is the same each time) and kept only as their
SHA-256, as the services keep them: the protocol staff send a new invitation to get a link.
"""

import base64
import hashlib
from datetime import timedelta

from yingcai.guests.models import Guest, Honour

from .accounts import chinese_name, foreign_name
from .base import EMAIL_DOMAIN, Context
from .jobs import write

# (Chinese, English)
UNIVERSITIES = [
    ("重庆大学", "Chongqing University"),
    ("西南大学", "Southwest University"),
    ("清华大学", "Tsinghua University"),
    ("北京大学", "Peking University"),
    ("浙江大学", "Zhejiang University"),
    ("复旦大学", "Fudan University"),
    ("上海交通大学", "Shanghai Jiao Tong University"),
    ("四川大学", "Sichuan University"),
    ("电子科技大学", "University of Electronic Science and Technology of China"),
    ("中国科学技术大学", "University of Science and Technology of China"),
    ("重庆医科大学", "Chongqing Medical University"),
    ("重庆邮电大学", "Chongqing University of Posts and Telecommunications"),
    ("香港中文大学", "The Chinese University of Hong Kong"),
    ("新加坡国立大学", "National University of Singapore"),
]
FOREIGN_UNIVERSITIES = [
    ("剑桥大学", "University of Cambridge"),
    ("斯坦福大学", "Stanford University"),
    ("慕尼黑工业大学", "Technical University of Munich"),
    ("东京大学", "The University of Tokyo"),
    ("苏黎世联邦理工学院", "ETH Zurich"),
]
ACADEMIES = [
    ("中国科学院院士", "Academician of the Chinese Academy of Sciences"),
    ("中国工程院院士", "Academician of the Chinese Academy of Engineering"),
]
FOREIGN_ACADEMIES = [
    ("美国国家科学院院士", "Member of the US National Academy of Sciences"),
    ("英国皇家学会会士", "Fellow of the Royal Society"),
    ("欧洲科学院院士", "Member of the Academia Europaea"),
]
NOBEL_PRIZES = [
    ("诺贝尔化学奖获得者", "Nobel Laureate in Chemistry"),
    ("诺贝尔物理学奖获得者", "Nobel Laureate in Physics"),
    ("诺贝尔生理学或医学奖获得者", "Nobel Laureate in Physiology or Medicine"),
    ("诺贝尔经济学奖获得者", "Laureate of the Nobel Memorial Prize in Economic Sciences"),
]
# Demo companies (no real company is named).
COMPANIES = [
    ("渝新智能科技集团", "Yuxin Intelligent Technology Group"),
    ("两江云数据股份有限公司", "Liangjiang Cloud Data Co., Ltd."),
    ("巴渝生物医药集团", "Bayu Biomedicine Group"),
    ("嘉陵新能源汽车股份有限公司", "Jialing New Energy Vehicles Co., Ltd."),
    ("山城半导体有限公司", "Shancheng Semiconductor Co., Ltd."),
    ("西部智造控股集团", "Western Smart Manufacturing Holdings"),
    ("长江数字医疗科技公司", "Changjiang Digital Health Technology"),
    ("缙云创新投资集团", "Jinyun Innovation Investment Group"),
]
CHAIRS = [("董事长", "Chairman"), ("创始人、首席执行官", "Founder and CEO"), ("总裁", "President")]

# (Chinese, English) categories of each registry.
AWARD_CATEGORIES = [
    ("优秀科学家", "Outstanding scientist"),
    ("优秀企业家", "Outstanding entrepreneur"),
    ("优秀工程师", "Outstanding engineer"),
    ("优秀医务工作者", "Outstanding medical worker"),
    ("优秀教育工作者", "Outstanding educator"),
]
PROGRAM_CATEGORIES = [
    ("优秀科学家", "Outstanding scientists"),
    ("名家名师", "Renowned experts and teachers"),
    ("创新创业领军人才", "Leaders in innovation and entrepreneurship"),
    ("技术技能领军人才", "Leaders in technical skills"),
    ("青年拔尖人才", "Top young talents"),
]
AWARD_YEARS = (2018, 2019, 2020)
PROGRAM_YEARS = (2019, 2020)

# The guests by category at full scale: 112, the seed's "more than one hundred".
MIX = [
    (Guest.Category.ACADEMICIAN, 32),
    (Guest.Category.NOBEL, 6),
    (Guest.Category.PRESIDENT, 22),
    (Guest.Category.ENTREPRENEUR, 24),
    (Guest.Category.AWARD_WINNER, 14),
    (Guest.Category.TALENTS_PROGRAM, 14),
]
ONLINE_SHARE = 0.25  # of the confirmed guests, those who attend online
FOREIGN_ONLINE_SHARE = 0.6  # of the guests from abroad
CONSENT_SHARE = 0.65  # of the confirmed guests, those who consent to the public list
HONOUR_CONSENT_SHARE = 0.7
HONOUR_LINKED_SHARE = 0.15  # of the honours, those of a demo talent with a profile
# Guests invited and not answered yet, and those who declined, at full scale.
UNANSWERED = 8
DECLINED = 5

HOTELS = [
    ("重庆悦来温德姆酒店", "Wyndham Chongqing Yuelai"),
    ("重庆悦来希尔顿酒店", "Hilton Chongqing Yuelai"),
    ("重庆两江假日酒店", "Holiday Inn Chongqing Liangjiang"),
]
AIRLINES = ("CA", "MU", "CZ", "3U", "HU", "ZH", "MF")
TRAINS = ("G", "D")
DIETARY = ["素食", "清真", "不吃辣", "无麸质", "对海鲜过敏"]
NEEDS = ["需要轮椅通道", "需要同声传译耳机", "随行人员一名", "需提前离场赶航班"]
ROWS = "ABCDEFGHJK"  # of the main venue's guest seats, 40 a row
SURNAMES_OF_LIAISONS = 6  # liaison persons of the protocol office


def _secret(rng) -> str:
    return base64.urlsafe_b64encode(rng.randbytes(24)).decode().rstrip("=")


def _mobile(rng, serial: int) -> str:
    return f"+861{rng.choice('3589')}{rng.randrange(10)}{serial:08d}"


def load(ctx: Context) -> None:
    honours = _honours(ctx)
    guests = _guests(ctx, honours)
    ctx.created["honours"] = honours
    ctx.created["guests"] = guests


# --- Honours -------------------------------------------------------------------------------------
def _honours(ctx: Context) -> list[Honour]:
    rng = ctx.rng
    profiles = [t.profile for t in ctx.created.get("talent_profiles", [])[1:]]
    rng.shuffle(profiles)
    per_year = {
        Honour.Kind.AWARD: max(2, ctx.count("honours_award") // len(AWARD_YEARS)),
        Honour.Kind.PROGRAM: max(2, ctx.count("honours_program") // len(PROGRAM_YEARS)),
    }
    rows = []
    serial = 0
    for kind, years, categories in (
        (Honour.Kind.AWARD, AWARD_YEARS, AWARD_CATEGORIES),
        (Honour.Kind.PROGRAM, PROGRAM_YEARS, PROGRAM_CATEGORIES),
    ):
        for year in years:
            for n in range(per_year[kind]):
                serial += 1
                zh, en = categories[n % len(categories)]
                university = rng.choice(UNIVERSITIES[:2] + UNIVERSITIES[10:12])
                added = ctx.at(-rng.uniform(60, 120), 10)
                profile = (
                    profiles.pop() if profiles and rng.random() < HONOUR_LINKED_SHARE else None
                )
                if profile is not None:
                    name = profile.user.name
                    email = profile.user.email
                else:
                    name = chinese_name(rng)[0]
                    email = f"honour{serial:03d}@{EMAIL_DOMAIN}"
                rows.append(
                    Honour(
                        kind=kind,
                        year=year,
                        category_zh_hans=zh,
                        category_en=en,
                        name_zh_hans=name,
                        affiliation_zh_hans=university[0],
                        affiliation_en=university[1],
                        email=email,
                        mobile=_mobile(rng, 70_000 + serial),
                        talent=profile,
                        public_consent_at=(
                            added + timedelta(days=rng.uniform(1, 20))
                            if rng.random() < HONOUR_CONSENT_SHARE
                            else None
                        ),
                        created_at=added,
                    )
                )
    write(rows)
    return rows


# --- Guests --------------------------------------------------------------------------------------
def _title(ctx: Context, category: str, foreign: bool, honour: Honour | None):
    """(public title zh, en, organisation zh, en)."""
    rng = ctx.rng
    if category == Guest.Category.ACADEMICIAN:
        academy = rng.choice(FOREIGN_ACADEMIES if foreign else ACADEMIES)
        university = rng.choice(FOREIGN_UNIVERSITIES if foreign else UNIVERSITIES)
        return (
            f"{academy[0]}、{university[0]}教授",
            f"{academy[1]}; Professor, {university[1]}",
            *university,
        )
    if category == Guest.Category.NOBEL:
        prize = rng.choice(NOBEL_PRIZES)
        university = rng.choice(FOREIGN_UNIVERSITIES)
        return (
            f"{prize[0]}、{university[0]}教授",
            f"{prize[1]}; Professor, {university[1]}",
            *university,
        )
    if category == Guest.Category.PRESIDENT:
        university = rng.choice(FOREIGN_UNIVERSITIES if foreign else UNIVERSITIES)
        return f"{university[0]}校长", f"President, {university[1]}", *university
    if category == Guest.Category.ENTREPRENEUR:
        company = rng.choice(COMPANIES)
        chair = rng.choice(CHAIRS)
        return f"{company[0]}{chair[0]}", f"{chair[1]}, {company[1]}", *company
    assert honour is not None
    if category == Guest.Category.AWARD_WINNER:
        zh, en = (
            f"{honour.year}年重庆市杰出英才奖获得者",
            (f"Winner of the Chongqing Outstanding Talents Award {honour.year}"),
        )
    else:
        zh, en = (
            f"重庆英才计划{honour.category_zh_hans}（{honour.year}年）",
            (f"Chongqing Talents Program: {honour.category_en} ({honour.year})"),
        )
    return zh, en, honour.affiliation_zh_hans, honour.affiliation_en


def _itinerary(ctx: Context, guest: Guest, foreign: bool, liaisons) -> None:
    rng = ctx.rng
    by = rng.choices(
        (Guest.Arrival.FLIGHT, Guest.Arrival.TRAIN, Guest.Arrival.CAR),
        (0.85, 0.1, 0.05) if foreign else (0.6, 0.3, 0.1),
    )[0]
    guest.arrival = by
    if by == Guest.Arrival.FLIGHT:
        guest.arrival_number = f"{rng.choice(AIRLINES)}{rng.randrange(1000, 9000)}"
    elif by == Guest.Arrival.TRAIN:
        guest.arrival_number = f"{rng.choice(TRAINS)}{rng.randrange(100, 3000)}"
    # The day before the opening, between ten and nine in the evening, on the quarter hour.
    guest.arrival_at = ctx.at(-1, rng.randrange(10, 21), rng.choice((0, 15, 30, 45)))
    guest.departure_at = ctx.at(rng.choice((1, 2)), rng.randrange(9, 21), rng.choice((0, 30)))
    hotel = rng.choice(HOTELS)
    guest.hotel = hotel[0] if guest.language == "zh-hans" else f"{hotel[0]} / {hotel[1]}"
    guest.pickup = by != Guest.Arrival.CAR
    guest.liaison_name, guest.liaison_phone = rng.choice(liaisons)
    if rng.random() < 0.15:
        guest.dietary = rng.choice(DIETARY)
    if rng.random() < 0.1:
        guest.needs = rng.choice(NEEDS)


def _guests(ctx: Context, honours: list[Honour]) -> list[Guest]:
    rng = ctx.rng
    conference = ctx.created["conference"]
    liaisons = [
        (chinese_name(rng)[0], f"+86 138 0230 {1000 + n:04d}") for n in range(SURNAMES_OF_LIAISONS)
    ]
    # The honourees' representatives: the most recent years first.
    by_kind = {
        kind: sorted((h for h in honours if h.kind == kind), key=lambda h: (-h.year, h.pk))
        for kind in Honour.Kind.values
    }
    confirmed = [
        category for category, full in MIX for _n in range(max(1, round(full * ctx.scale)))
    ]
    rng.shuffle(confirmed)
    guests = []
    seats = 0
    extra = [Guest.Status.INVITED] * max(1, round(UNANSWERED * ctx.scale)) + [
        Guest.Status.DECLINED
    ] * max(1, round(DECLINED * ctx.scale))
    for serial, category in enumerate(confirmed + [None] * len(extra), start=1):
        status = None
        if category is None:
            status = extra[serial - len(confirmed) - 1]
            category = rng.choice((Guest.Category.ACADEMICIAN, Guest.Category.ENTREPRENEUR))
        honour = None
        if category == Guest.Category.AWARD_WINNER and by_kind[Honour.Kind.AWARD]:
            honour = by_kind[Honour.Kind.AWARD].pop(0)
        elif category == Guest.Category.TALENTS_PROGRAM and by_kind[Honour.Kind.PROGRAM]:
            honour = by_kind[Honour.Kind.PROGRAM].pop(0)
        elif category in (Guest.Category.AWARD_WINNER, Guest.Category.TALENTS_PROGRAM):
            category = Guest.Category.ACADEMICIAN
        foreign = category == Guest.Category.NOBEL or (
            category in (Guest.Category.ACADEMICIAN, Guest.Category.PRESIDENT)
            and rng.random() < 0.15
        )
        if honour is not None:
            name_zh, name_en = honour.name_zh_hans, ""
        elif foreign:
            name_en = foreign_name(rng)[0]
            name_zh = name_en
        else:
            name_zh, name_en = chinese_name(rng)[0], ""
        title_zh, title_en, org_zh, org_en = _title(ctx, category, foreign, honour)
        invited = ctx.at(-rng.uniform(25, 40), rng.randrange(9, 18))
        guest = Guest(
            conference=conference,
            name_zh_hans=name_zh,
            name_en=name_en,
            public_title_zh_hans=title_zh,
            public_title_en=title_en,
            category=category,
            organisation_zh_hans=org_zh,
            organisation_en=org_en,
            email=f"guest{serial:03d}@{EMAIL_DOMAIN}",
            mobile="" if foreign else _mobile(rng, 80_000 + serial),
            language="en" if foreign else "zh-hans",
            honour=honour,
            rsvp_digest=hashlib.sha256(_secret(rng).encode()).hexdigest(),
            invited_at=invited,
            created_at=invited - timedelta(days=rng.uniform(1, 10)),
        )
        if status is None:
            online = rng.random() < (FOREIGN_ONLINE_SHARE if foreign else ONLINE_SHARE)
            guest.status = Guest.Status.ONLINE if online else Guest.Status.ONSITE
            guest.answered_at = guest.first_confirmed_at = invited + timedelta(
                days=rng.uniform(0.5, 18)
            )
            if rng.random() < CONSENT_SHARE:
                guest.public_consent_at = guest.answered_at
            if not online:
                _itinerary(ctx, guest, foreign, liaisons)
                seats += 1
                guest.seat = f"{ROWS[(seats - 1) // 40]}-{(seats - 1) % 40 + 1:02d}"
                guest.reminded_at = ctx.at(-3, 10) if guest.answered_at < ctx.at(-3, 10) else None
        else:
            guest.status = status
            if status == Guest.Status.DECLINED:
                guest.answered_at = invited + timedelta(days=rng.uniform(1, 10))
        guest.updated_at = guest.answered_at or guest.invited_at
        guests.append(guest)
    write(guests)
    return guests
