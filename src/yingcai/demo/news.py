"""News: the two press conferences, announcements and news, on the conference's time line.

The second press conference is the seed's press release (iChongqing, 19 November
2020), with its figures exactly; nothing else here states a figure.
"""

from datetime import date, timedelta

from yingcai.core.rules import STAFF_EDITOR
from yingcai.portal.models import NewsItem

from .base import Context

AWARD_ZH = "重庆市杰出英才奖"
AWARD_EN = "Chongqing Outstanding Talents Award"
CONFERENCE_ZH = "2020重庆英才大会"
CONFERENCE_EN = "2020 Chongqing Talents Conference"

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def en_day(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}"


def zh_day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def second_press_conference(opening: date) -> dict[str, str]:
    held = opening - timedelta(days=2)
    return {
        "title_en": f"{CONFERENCE_EN} to be Held on {en_day(opening)}",
        "title_zh_hans": f"{CONFERENCE_ZH}将于{zh_day(opening)}如期开幕",
        "summary_en": f"At the conference's second press conference on {en_day(held)}, the "
        f"organisers confirmed that the {CONFERENCE_EN} opens as scheduled on "
        f"{en_day(opening)}: 8,041 job requirements, 288 project demands, 12,199 talents and "
        "607 projects have registered.",
        "summary_zh_hans": f"{zh_day(held)}，{CONFERENCE_ZH}第二场新闻发布会举行。大会将于"
        f"{zh_day(opening)}如期开幕，目前已征集岗位需求8041个、项目需求288个，"
        "12199名海内外人才和607个项目报名参会。",
        "body_en": f"""On {en_day(held)}, the Chongqing Municipal Government Information Office held the second press conference of the {CONFERENCE_EN}. The conference will open as scheduled on {en_day(opening)}.

"So far, the number of important guests confirmed to attend the conference has exceeded one hundred," said He Zhenguo, deputy director of the Chongqing Municipal Human Resources and Social Security Bureau. More than 100 important guests — domestic and foreign academicians, Nobel Prize winners, presidents of well-known universities and prominent entrepreneurs — will attend the conference online and offline.

Representatives of the winners of the {AWARD_EN} and of the talents selected by the Chongqing Talents Program will also take part in the conference's events, and more than 40,000 participants have registered online.

## Supply and demand of talents and projects are booming

According to He Zhenguo, employers have so far published a total of 8,041 job requirements and 288 project demands, and a total of 12,199 domestic and overseas talents and 607 projects have registered to take part in the conference.

## Public institutions recruit high-level talents

"During the conference, public institutions will recruit high-level talents such as doctors, masters and holders of senior professional titles," He Zhenguo said. Municipal public institutions have received 1,259 applications, 1,063 of them from doctors, or 84.4%. District and county institutions have received 4,662 applications.

## The "Talents Cup" contest

The Chongqing "Talents Cup" Innovation, Entrepreneurship and Creativity Project Contest, an important event of the conference, has completed its semi-finals in Shanghai, Chengdu, Shenzhen and Beijing. 330 projects registered for the contest and 25 have passed, after a fierce competition to reach the final at the conference.

## Roadshows and docking negotiations

"We have also received more than 600 applications for roadshow projects at home and abroad. After professional review and selection, 24 projects finally entered the on-site roadshow negotiation," He Zhenguo said. The roadshow projects come from electronic information, smart manufacturing, biomedicine, new energy and many other emerging fields. District and county governments, investment and financing institutions, industrial parks and enterprises will hold docking negotiations at the same time, and a number of high-quality projects are expected to settle in Chongqing.""",  # noqa: E501
        "body_zh_hans": f"""{zh_day(held)}，重庆市政府新闻办举行{CONFERENCE_ZH}第二场新闻发布会。{CONFERENCE_ZH}将于{zh_day(opening)}如期开幕。

“截至目前，确认出席大会的重要嘉宾已超过100位。”市人力社保局副局长在发布会上介绍，国内外院士、诺贝尔奖获得者、知名高校校长、知名企业家等100余位重要嘉宾将通过线上线下方式出席大会。

{AWARD_ZH}获奖者代表、重庆英才计划入选人才代表也将参加大会相关活动，线上注册参会人数已超过40000人。

## 人才项目供需两旺

据介绍，截至目前，大会共征集用人单位岗位需求8041个、项目需求288个，共有12199名海内外人才、607个项目报名参会。

## 事业单位招聘高层次人才

“大会期间，将面向博士、硕士、高级职称人才等高层次人才开展事业单位招聘。”据介绍，市属事业单位已收到报名1259人次，其中博士1063人，占84.4%；区县事业单位收到报名4662人次。

## “英才杯”大赛

作为大会的重要活动，重庆“英才杯”创新创业创意项目大赛已在上海、成都、深圳、北京完成复赛，共有330个项目报名参赛，经过激烈角逐，25个项目通过复赛，晋级大会决赛。

## 路演与对接洽谈

“我们还收到了海内外路演项目申报600余个，经专业评审遴选，最终有24个项目进入现场路演洽谈。”据介绍，路演项目涉及电子信息、智能制造、生物医药、新能源等多个新兴领域，区县政府、投融资机构、产业园区和企业将同步开展对接洽谈，一批优质项目有望落地重庆。""",  # noqa: E501
    }


def first_press_conference(opening: date) -> dict[str, str]:
    return {
        "title_en": f"First press conference: the {CONFERENCE_EN} opens on {en_day(opening)}",
        "title_zh_hans": f"{CONFERENCE_ZH}首场新闻发布会举行 大会将于{zh_day(opening)}开幕",
        "summary_en": "The organisers presented the conference's programme and invited talents "
        "and employers to register on this platform.",
        "summary_zh_hans": "发布会介绍了大会主要活动安排，"
        "欢迎海内外人才和用人单位在本平台报名参会。",
        "body_en": f"""The Chongqing Municipal Government Information Office held the first press conference of the {CONFERENCE_EN}. The conference will open on {en_day(opening)} and take place online and on site at the same time.

## The programme

- the opening ceremony and a keynote forum with guests from China and abroad;
- recruitment of talents by employers, and recruitment of high-level talents by municipal and district/county public institutions;
- the Chongqing "Talents Cup" Innovation, Entrepreneurship and Creativity Project Contest, whose semi-finals are held in Shanghai, Chengdu, Shenzhen and Beijing;
- on-site roadshows and docking negotiations with district and county governments, investment and financing institutions, industrial parks and enterprises.

## How to take part

Talents and organisations register on this platform. Employers publish their job requirements and project demands once their organisation is verified; talents apply online and can follow every event in the online venue.""",  # noqa: E501
        "body_zh_hans": f"""重庆市政府新闻办举行{CONFERENCE_ZH}首场新闻发布会。大会将于{zh_day(opening)}开幕，线上线下同步举办。

## 主要活动

- 开幕式暨主旨论坛，邀请海内外嘉宾出席；
- 用人单位人才招聘，以及市属和区县事业单位高层次人才招聘；
- 重庆“英才杯”创新创业创意项目大赛，复赛分别在上海、成都、深圳、北京举行；
- 现场路演，以及区县政府、投融资机构、产业园区和企业的对接洽谈。

## 如何参会

人才和单位均在本平台注册报名。用人单位完成认证后即可发布岗位需求和项目需求；人才可在线报名，并通过线上会场参加大会全部活动。""",  # noqa: E501
    }


# (slug, kind, days before opening, Chinese title, English title, Chinese body, English body)
OTHER_NEWS = [
    (
        "talents-registration-open",
        NewsItem.Kind.ANNOUNCEMENT,
        60,
        f"{CONFERENCE_ZH}人才报名通道开启",
        f"Registration of talents for the {CONFERENCE_EN} is open",
        "海内外人才即日起可在本平台注册，完善个人信息后浏览岗位需求并在线报名。"
        "报名和参会均不收取任何费用。",
        "Talents from China and abroad can now sign up on this platform, complete their "
        "profile, browse job requirements and apply online. Registration and participation "
        "are free of charge.",
    ),
    (
        "call-for-job-requirements",
        NewsItem.Kind.ANNOUNCEMENT,
        56,
        f"关于征集{CONFERENCE_ZH}用人单位岗位需求的公告",
        "Call for employers' job requirements",
        "欢迎企业、高校和科研院所、事业单位等用人单位在本平台注册并完成单位认证后发布岗位需求。"
        "岗位信息不得含有民族、性别、宗教信仰等歧视性内容。",
        "Enterprises, universities, research institutes, public institutions and other "
        "employers are invited to register on this platform and, once verified, publish "
        "their job requirements. Job requirements must not discriminate by ethnicity, sex, "
        "religion or any other ground.",
    ),
    (
        "public-institutions-recruit",
        NewsItem.Kind.ANNOUNCEMENT,
        45,
        "市属事业单位面向大会公开招聘高层次人才",
        "Municipal public institutions recruit high-level talents at the conference",
        "市属事业单位将在大会期间面向博士、硕士和具有高级职称的人才开展公开招聘，"
        "岗位及报名条件以各单位发布的招聘公告为准。",
        "During the conference, municipal public institutions recruit doctors, masters and "
        "holders of senior professional titles. The posts and the conditions are those of "
        "each institution's announcement.",
    ),
    (
        "talents-cup-entries",
        NewsItem.Kind.NEWS,
        40,
        "重庆“英才杯”创新创业创意项目大赛开始报名",
        'Entries open for the "Talents Cup" contest',
        "大赛面向海内外创新创业团队和项目，复赛将在上海、成都、深圳、北京四个赛区举行，"
        "晋级项目将在大会期间参加决赛。",
        "The contest is open to innovation and entrepreneurship teams and projects from China "
        "and abroad. Semi-finals take place in four divisions — Shanghai, Chengdu, Shenzhen "
        "and Beijing — and the projects that advance compete in the final at the conference.",
    ),
    (
        "how-to-take-part-online",
        NewsItem.Kind.NEWS,
        33,
        "线上参会指南",
        "How to take part online",
        "注册并验证电子邮箱后，人才可以在线报名岗位、观看开幕式和路演直播，"
        "并通过视频参加面试和对接洽谈。",
        "Once you have signed up and confirmed your e-mail address, you can apply to jobs "
        "online, watch the opening ceremony and the roadshows live, and attend interviews and "
        "docking negotiations by video.",
    ),
    (
        "talents-cup-semi-finals",
        NewsItem.Kind.NEWS,
        12,
        "“英才杯”大赛复赛在沪蓉深京四地完成",
        "Talents Cup semi-finals completed in four cities",
        "重庆“英才杯”创新创业创意项目大赛复赛已在上海、成都、深圳、北京完成，"
        "晋级项目将在大会期间角逐决赛。",
        'The semi-finals of the Chongqing "Talents Cup" Innovation, Entrepreneurship and '
        "Creativity Project Contest are over in Shanghai, Chengdu, Shenzhen and Beijing; the "
        "projects that advanced compete in the final at the conference.",
    ),
    (
        "on-site-arrangements",
        NewsItem.Kind.ANNOUNCEMENT,
        4,
        "现场参会交通及入场须知",
        "Getting to the venues and entering them",
        "现场参会须实名预约，凭电子凭证和身份证件入场。大会期间主会场周边设置临时停车场，"
        "建议乘坐轨道交通前往。",
        "On-site participation requires registration under your real name; bring your "
        "e-ticket and an identity document. Temporary car parks open around the main venue "
        "during the conference; we recommend coming by metro.",
    ),
]


def load(ctx: Context) -> None:
    rng = ctx.rng
    editors = ctx.created["staff"][STAFF_EDITOR]
    opening = ctx.anchor
    items = [
        NewsItem(
            slug="2020-first-press-conference",
            kind=NewsItem.Kind.PRESS_RELEASE,
            published_at=ctx.at(-38, 11),
            **first_press_conference(opening),
        ),
        NewsItem(
            slug="2020-second-press-conference",
            kind=NewsItem.Kind.PRESS_RELEASE,
            published_at=ctx.at(-2, 11, 30),
            **second_press_conference(opening),
        ),
    ]
    for slug, kind, days, title_zh, title_en, body_zh, body_en in OTHER_NEWS:
        items.append(
            NewsItem(
                slug=slug,
                kind=kind,
                title_zh_hans=title_zh,
                title_en=title_en,
                body_zh_hans=body_zh,
                body_en=body_en,
                published_at=ctx.at(-days, rng.randint(9, 16), rng.choice((0, 30))),
            )
        )
    # An editor's draft, to show that unpublished items stay in the back office.
    items.append(
        NewsItem(
            slug="opening-ceremony-review",
            kind=NewsItem.Kind.NEWS,
            title_zh_hans=f"{CONFERENCE_ZH}开幕式综述（草稿）",
            title_en=f"The {CONFERENCE_EN} opens (draft)",
            body_zh_hans="待开幕式结束后补充。",
            body_en="To be completed after the opening ceremony.",
            published_at=None,
        )
    )
    for item in items:
        item.author = rng.choice(editors)
        written = item.published_at or ctx.snapshot
        item.created_at = written - timedelta(hours=rng.randint(2, 48))
    NewsItem.objects.bulk_create(items)
    # auto_now stamped the load's own time; the time line says when they were last edited.
    for item in items:
        item.updated_at = item.published_at or item.created_at
    NewsItem.objects.bulk_update(items, ["updated_at"])
    ctx.created["news"] = items
