"""The 2020 Chongqing Talents Conference itself, its venues and the site settings."""

from yingcai.conference.models import Conference, SiteSettings, Venue
from yingcai.core.models import District

from .base import EMAIL_DOMAIN, Context
from .news import AWARD_EN, AWARD_ZH

DESCRIPTION_ZH = """2020重庆英才大会以“近悦远来·智汇巴渝”为主题，线上线下同步举办，集人才招聘、事业单位公开招聘、项目路演与对接洽谈、“英才杯”创新创业创意大赛和高层次人才交流于一体。

- **人才招聘**：用人单位在平台发布岗位需求，海内外人才在线报名、投递。
- **事业单位招聘**：市属和区县事业单位面向博士、硕士和高级职称人才开展招聘。
- **项目对接**：区县政府、投融资机构、产业园区和企业与路演项目同步洽谈。
- **英才杯大赛**：经过复赛晋级的项目在大会期间角逐决赛。"""  # noqa: E501

DESCRIPTION_EN = """The 2020 Chongqing Talents Conference, themed "Near and Far, Talents Come to Chongqing", takes place online and on site at the same time. It brings together recruitment of talents, recruitment by public institutions, project roadshows and docking negotiations, the "Talents Cup" Innovation, Entrepreneurship and Creativity Contest and exchanges of high-level talents.

- **Recruitment**: employers publish job requirements on this platform; talents from China and abroad register and apply online.
- **Public institutions**: municipal and district/county public institutions recruit doctors, masters and holders of senior professional titles.
- **Project docking**: district and county governments, investment and financing institutions, industrial parks and enterprises negotiate with the roadshow projects.
- **Talents Cup**: the projects that came through the semi-finals compete in the final during the conference."""  # noqa: E501

ONLINE_ZH = """无法到场的人才和单位可以全程在线参会：

1. 在本平台注册并验证电子邮箱；
2. 人才完善个人信息后即可浏览岗位需求并在线报名；用人单位完成单位认证后发布岗位需求；
3. 开幕式、主旨论坛和现场路演在线上会场同步直播，直播间内可直接投递岗位（直播带岗）；
4. 面试与对接洽谈可通过视频进行，时间由双方在平台上约定。"""

ONLINE_EN = """Talents and organisations who cannot come to Chongqing can take part online from start to finish:

1. Sign up on this platform and confirm your e-mail address.
2. Talents complete their profile, then browse job requirements and apply online; employers publish job requirements once their organisation is verified.
3. The opening ceremony, the keynote forum and the on-site roadshows are streamed live in the online venue, where you can apply to the jobs presented (livestream recruiting).
4. Interviews and docking negotiations can take place by video, at a time both sides agree on the platform."""  # noqa: E501

OFFLINE_ZH = """现场参会须实名预约：

- 人才凭本平台报名成功后的电子凭证和身份证件入场；
- 用人单位工作人员凭单位认证后的参会证入场；
- 请提前30分钟到达，配合做好体温检测等防疫措施，全程佩戴口罩；
- 主会场设人才服务台，提供政策咨询和事业单位招聘资格初审。"""

OFFLINE_EN = """On-site participation requires registration under your real name:

- Talents enter with the e-ticket this platform issues once their registration is confirmed, and an identity document.
- Employers' staff enter with the badge issued to their verified organisation.
- Please arrive 30 minutes early, follow the health checks at the entrance and wear a mask throughout.
- A talent service desk at the main venue answers questions about policies and carries out the first qualification review for public institutions."""  # noqa: E501

# (Chinese name, English name, kind, district slug, Chinese address, English address)
VENUES = [
    (
        "主会场：悦来国际会议中心",
        "Main venue: Yuelai International Convention Center",
        Venue.Kind.MAIN,
        "liangjiang",
        "重庆市两江新区悦来国际会议中心",
        "Yuelai International Convention Center, Liangjiang New Area, Chongqing",
    ),
    (
        "西部科学城重庆高新区分会场",
        "Sub-venue: Chongqing High-tech Zone",
        Venue.Kind.SUB,
        "gaoxin",
        "重庆高新区科学会堂",
        "Science Hall, Chongqing High-tech Zone",
    ),
    (
        "万州区分会场",
        "Sub-venue: Wanzhou",
        Venue.Kind.SUB,
        "wanzhou",
        "万州区人力资源市场",
        "Wanzhou Human Resources Market",
    ),
    (
        "永川区分会场",
        "Sub-venue: Yongchuan",
        Venue.Kind.SUB,
        "yongchuan",
        "永川区职业教育中心报告厅",
        "Lecture hall of the Yongchuan Vocational Education Centre",
    ),
    ("线上会场", "Online venue", Venue.Kind.ONLINE, None, "", ""),
]


def load(ctx: Context) -> None:
    conference = Conference.objects.create(
        name_zh_hans="2020重庆英才大会",
        name_en="2020 Chongqing Talents Conference",
        theme_zh_hans="近悦远来·智汇巴渝",
        theme_en="Near and Far, Talents Come to Chongqing",
        description_zh_hans=DESCRIPTION_ZH,
        description_en=DESCRIPTION_EN,
        starts_at=ctx.at(0, 9),
        ends_at=ctx.at(1, 18),
        online_url=f"https://live.{EMAIL_DOMAIN}/yingcai/",
        online_description_zh_hans=ONLINE_ZH,
        online_description_en=ONLINE_EN,
        offline_description_zh_hans=OFFLINE_ZH,
        offline_description_en=OFFLINE_EN,
        is_current=True,
    )
    districts = {d.slug: d for d in District.objects.all()}
    Venue.objects.bulk_create(
        [
            Venue(
                conference=conference,
                name_zh_hans=zh,
                name_en=en,
                kind=kind,
                district=districts.get(slug),
                address_zh_hans=address_zh,
                address_en=address_en,
                position=position,
            )
            for position, (zh, en, kind, slug, address_zh, address_en) in enumerate(VENUES, 1)
        ]
    )
    ctx.created["conference"] = conference


SITE_SETTINGS = {
    "sponsor_zh_hans": "中共重庆市委、重庆市人民政府",
    "sponsor_en": "CPC Chongqing Municipal Committee and Chongqing Municipal People's Government",
    "host_zh_hans": "重庆市人力资源和社会保障局、2020重庆英才大会组委会办公室",
    "host_en": "Chongqing Municipal Human Resources and Social Security Bureau; Office of the "
    "Organising Committee of the 2020 Chongqing Talents Conference",
    "contact_phone": "+86-23-0000 0000（演示 / demo）",
    "contact_email": f"contact@{EMAIL_DOMAIN}",
    "contact_address_zh_hans": "重庆市渝北区（演示地址）",
    "contact_address_en": "Yubei District, Chongqing (demo address)",
    "report_phone": "+86-23-67230470",
    "report_email": f"report@{EMAIL_DOMAIN}",
    "icp_number": "渝ICP备00000000号（演示 / demo）",
    "public_security_number": "渝公网安备 50000000000000号（演示 / demo）",
    "award_name_zh_hans": AWARD_ZH,
    "award_name_en": AWARD_EN,
}


def load_site_settings(ctx: Context) -> None:
    site = SiteSettings.objects.order_by("pk").first() or SiteSettings.objects.create()
    # Only these fields: the migration's site name stays as it was.
    SiteSettings.objects.filter(pk=site.pk).update(**SITE_SETTINGS, updated_at=ctx.at(-90, 10))
