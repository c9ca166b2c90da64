"""Public-institution recruitment at the conference: the round, its posts and applications.

The seed (second press conference): "municipal public institutions have received 1,259
applications, including 1,063 doctors, accounting for 84.4 %. District and county
institutions received 4,662 applications." Those are applications to posts as
`institutions.stats` counts them: every application but a transferred one (its successor at
the new post counts instead). Exactly `ctx.count(...)` of each are made, so the conference
round's `stats.summary` gives round(1,259 × scale), round(1,063 × scale) and
round(4,662 × scale). There is one round, so the figures of all rounds are the same.

The data stands at the snapshot (the second press conference): registration closed a few
days before, the qualification review runs, some posts short of applicants were reduced or
cancelled and their applicants may transfer; the assessment follows the conference.

Written in bulk like the job fair (see `jobs.write`), not through `institutions.services`
(which audit and mail one change at a time), but keeping every rule the services enforce:
only verified public institutions have posts; an applicant meets the post's degree, title
and age conditions (the date of birth, which the talents' step leaves empty, is set here on
the profile of whoever applies, consistent with their studies); a separate consent to pass
data to the institution precedes the first application to it; one active application per
applicant (single-choice round); a reason with every return and rejection; transfers only
from reduced or cancelled posts, to open ones, within the window.

Certificates: a small sample only (the demo talent and the applicants of the named
reviewer's institution), as tiny PDF files `certificates/<user id>/demo-<16 hex>.pdf` drawn
from the seed; when the load commits, demo certificate files no row names are deleted.
"""

import logging
import math
import os
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from itertools import accumulate
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connections, router, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from yingcai.accounts.models import User
from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.models import DisciplineField
from yingcai.core.rules import STAFF_ADMIN
from yingcai.institutions.models import (
    Certificate,
    Post,
    PostApplication,
    PostQuestion,
    ReviewDecision,
    Round,
)
from yingcai.institutions.services import age_on
from yingcai.organisations.models import Membership, Organisation
from yingcai.privacy.models import SharingConsent
from yingcai.talents.models import TalentProfile

from .base import NAMED, Context
from .cvs import pdf
from .jobs import Record, named_organisation, pick, weighted, write, write_records, write_rows
from .news import en_day, zh_day
from .talents import TITLE_YEARS, Talent

logger = logging.getLogger(__name__)

A = PostApplication.Status
D = ReviewDecision.Decision
Level = Organisation.Level
MUNICIPAL, DISTRICT = Level.MUNICIPAL, Level.DISTRICT

# --- The time line, in days from the opening ------------------------------------------------
ROUND_CREATED = -52
REGISTRATION_OPENS = (-35, 9)
# Closed a few days before the snapshot (the second press conference, day -2 at 10:00).
REGISTRATION_CLOSES = (-5, 17)
# Returned applications can be corrected until the evening of the opening day, when the
# talent service desk at the main venue does the last (on-site) review; transfers until noon.
TRANSFER_CLOSES = (0, 12)
REVIEW_CLOSES = (0, 18)
ASSESSMENT_DAYS = (1, 10)  # direct assessments at the venue on day 2, the rest after
# Posts short of applicants are reduced or cancelled this many hours after registration.
FATE_HOURS = (15, 40)
TRANSFER_HOURS = (2, 30)

# --- Who takes part ---------------------------------------------------------------------------
PARTICIPATING = {MUNICIPAL: 0.75, DISTRICT: 0.7}
POSTS_PER_INSTITUTION = {
    MUNICIPAL: ((1, 2, 3, 4, 5, 6), (8, 18, 24, 22, 16, 12)),
    DISTRICT: ((1, 2, 3, 4, 5, 6), (12, 24, 26, 18, 12, 8)),
}
HEADCOUNTS = ((1, 2, 3, 4, 5), (45, 27, 14, 8, 6))
# The seed gives the municipal doctors only; district and county posts ask for doctors less.
DISTRICT_DOCTOR_SHARE = 0.35
# Of each level's posts (not the named institution's), the share reduced and cancelled.
REDUCED_SHARE = 0.04
CANCELLED_SHARE = 0.01
RATIO = 3
# Applicants of a reduced (cancelled) post who transfer, if they still could.
TRANSFER_CHANCE = {"reduce": 0.25, "cancel": 0.7}
QUESTION_SHARE = 0.3
# Of the withdrawn during registration, the share who apply to another post.
REAPPLY_SHARE = 0.35

# The final status by the days between applying and the snapshot: the review catches up.
STATUS_BY_AGE = [
    (4, {A.SUBMITTED: 46, A.RETURNED: 8, A.APPROVED: 36, A.REJECTED: 7, A.WITHDRAWN: 3}),
    (8, {A.SUBMITTED: 26, A.RETURNED: 9, A.APPROVED: 50, A.REJECTED: 11, A.WITHDRAWN: 4}),
    (15, {A.SUBMITTED: 12, A.RETURNED: 7, A.APPROVED: 62, A.REJECTED: 14, A.WITHDRAWN: 5}),
    (math.inf, {A.SUBMITTED: 6, A.RETURNED: 5, A.APPROVED: 67, A.REJECTED: 16,
                A.WITHDRAWN: 6}),
]  # fmt: skip
# Mean days before each step of an application's history.
MEAN_GAP_DAYS = {"return": 2.5, "approve": 3, "reject": 3, "resubmit": 1.2, "withdraw": 4}

# Age at graduation by degree (a range), for a date of birth that fits the studies.
GRADUATION_AGE = {"bachelor": (21, 23), "master": (24, 27), "doctor": (27, 32)}


# --- Words ------------------------------------------------------------------------------------
class PostWords(NamedTuple):
    zh: str
    en: str
    fields: tuple[str, ...]
    majors_zh: str
    majors_en: str
    degree: str  # the usual minimum degree
    title: str = ""  # a title the post always asks for


def _p(zh, en, fields, majors_zh, majors_en, degree, title=""):
    return PostWords(zh, en, tuple(fields.split()), majors_zh, majors_en, degree, title)


# An institution's kind, by the first keyword found in its Chinese name.
CATEGORIES = [
    (("医院", "妇幼"), "hospital"),
    (("疾病预防",), "disease_control"),
    (("卫生",), "health"),
    (("中学", "职业教育", "教育"), "school"),
    (("农业", "林业", "畜牧", "水产"), "agriculture"),
    (("环境", "生态", "气象"), "environment"),
    (("地质", "测绘", "规划", "水利", "建筑", "交通"), "engineering"),
    (("文化", "图书馆", "体育", "旅游", "融媒体"), "culture"),
    (("经济", "社会科学", "人才", "就业", "人力资源", "社会保险", "公共资源"), "economy"),
    (("科技", "信息", "能源", "计量", "检验检测"), "technology"),
]
POSTS = {
    "hospital": [
        _p("临床医学研究岗", "Clinical medicine researcher", "healthcare biomedicine",
           "临床医学、内科学、外科学", "clinical medicine, internal medicine, surgery", "doctor"),
        _p("儿科学科带头人", "Paediatrics discipline leader", "healthcare", "儿科学",
           "paediatrics", "master", "associate_senior"),
        _p("心血管内科医师", "Cardiologist", "healthcare", "内科学（心血管方向）",
           "internal medicine (cardiology)", "master"),
        _p("重症医学科医师", "Intensive care physician", "healthcare",
           "重症医学、急诊医学、内科学", "critical care, emergency medicine, internal medicine",
           "master"),
        _p("医学影像科医师", "Radiologist", "healthcare", "影像医学与核医学、放射医学",
           "medical imaging and nuclear medicine, radiology", "master"),
        _p("麻醉科医师", "Anaesthetist", "healthcare", "麻醉学", "anaesthesiology", "master"),
        _p("中医内科医师", "Physician of traditional Chinese medicine", "healthcare",
           "中医内科学、中西医结合临床", "TCM internal medicine, integrated medicine", "master"),
        _p("妇产科医师", "Obstetrician and gynaecologist", "healthcare", "妇产科学",
           "obstetrics and gynaecology", "master"),
        _p("外科学科带头人", "Surgery discipline leader", "healthcare", "外科学、临床医学",
           "surgery, clinical medicine", "bachelor", "senior"),
        _p("医学检验技术岗", "Medical laboratory scientist", "healthcare biomedicine",
           "临床检验诊断学、医学检验技术", "laboratory medicine", "master"),
    ],
    "disease_control": [
        _p("流行病学研究岗", "Epidemiologist", "healthcare",
           "流行病与卫生统计学、公共卫生", "epidemiology and health statistics, public health",
           "doctor"),
        _p("公共卫生医师", "Public health physician", "healthcare", "预防医学、公共卫生",
           "preventive medicine, public health", "master"),
        _p("病原微生物检验岗", "Pathogen laboratory scientist", "healthcare biomedicine",
           "病原生物学、微生物学", "pathogen biology, microbiology", "master"),
        _p("卫生统计分析岗", "Health statistician", "healthcare digital-economy",
           "流行病与卫生统计学、统计学", "health statistics, statistics", "master"),
    ],
    "health": [
        _p("临床医学研究岗", "Clinical medicine researcher", "healthcare biomedicine",
           "临床医学、内科学、外科学", "clinical medicine, internal medicine, surgery", "doctor"),
        _p("公共卫生研究岗", "Public health researcher", "healthcare",
           "公共卫生与预防医学、流行病与卫生统计学", "public health, epidemiology", "doctor"),
        _p("生物医药研究员", "Biomedicine researcher", "biomedicine healthcare",
           "药学、药物化学、生物化学与分子生物学",
           "pharmacy, medicinal chemistry, biochemistry and molecular biology", "doctor"),
        _p("精准医学研究岗", "Precision medicine researcher", "biomedicine",
           "遗传学、生物信息学、临床医学", "genetics, bioinformatics, clinical medicine", "doctor"),
        _p("卫生政策研究岗", "Health policy researcher", "healthcare business",
           "社会医学与卫生事业管理、公共管理", "health management, public administration",
           "master"),
        _p("卫生健康学科带头人", "Health discipline leader", "healthcare",
           "临床医学、公共卫生", "clinical medicine, public health", "doctor", "senior"),
    ],
    "school": [
        _p("高中数学教师", "Senior-high mathematics teacher", "education",
           "数学、基础数学、学科教学（数学）", "mathematics, teaching of mathematics", "master"),
        _p("高中物理教师", "Senior-high physics teacher", "education",
           "物理学、学科教学（物理）", "physics, teaching of physics", "master"),
        _p("高中化学教师", "Senior-high chemistry teacher", "education chemicals",
           "化学、学科教学（化学）", "chemistry, teaching of chemistry", "master"),
        _p("高中英语教师", "Senior-high English teacher", "education",
           "英语语言文学、学科教学（英语）", "English, teaching of English", "master"),
        _p("教育研究员", "Education researcher", "education",
           "教育学、课程与教学论、教育心理学", "education, curriculum and instruction", "doctor"),
        _p("职业教育专业带头人", "Vocational programme leader", "education smart-manufacturing",
           "机械工程、电气工程、控制科学与工程", "mechanical, electrical or control engineering",
           "master", "associate_senior"),
        _p("智能制造专业教师", "Smart-manufacturing teacher", "education smart-manufacturing",
           "机械工程、机械电子工程", "mechanical engineering, mechatronics", "master"),
        _p("心理健康教育教师", "School psychologist", "education", "心理学、应用心理",
           "psychology, applied psychology", "master"),
        _p("高中骨干教师", "Senior-high key teacher", "education", "学科教学、教育学",
           "subject teaching, education", "bachelor", "associate_senior"),
    ],
    "agriculture": [
        _p("作物遗传育种研究岗", "Crop breeding researcher", "modern-agriculture",
           "作物遗传育种、生物学", "crop genetics and breeding, biology", "doctor"),
        _p("植物保护研究员", "Plant protection researcher", "modern-agriculture ecology",
           "植物病理学、农业昆虫与害虫防治", "plant pathology, agricultural entomology",
           "doctor"),
        _p("畜牧兽医研究岗", "Animal husbandry and veterinary researcher", "modern-agriculture",
           "畜牧学、兽医学", "animal science, veterinary medicine", "doctor"),
        _p("水产养殖研究岗", "Aquaculture researcher", "modern-agriculture",
           "水产养殖、渔业资源", "aquaculture, fishery resources", "doctor"),
        _p("农业信息化研究岗", "Agricultural informatics researcher",
           "modern-agriculture digital-economy", "农业信息化、计算机科学与技术",
           "agricultural informatics, computer science", "master"),
        _p("农产品质量安全检测岗", "Food safety analyst", "modern-agriculture chemicals",
           "食品科学、分析化学", "food science, analytical chemistry", "master"),
        _p("林业生态研究岗", "Forest ecology researcher", "ecology modern-agriculture",
           "林学、生态学", "forestry, ecology", "doctor"),
        _p("农业技术推广岗", "Agricultural extension officer", "modern-agriculture",
           "农学、园艺学、植物保护", "agronomy, horticulture, plant protection", "master"),
    ],
    "environment": [
        _p("生态修复研究岗", "Ecological restoration researcher", "ecology",
           "生态学、环境科学", "ecology, environmental science", "doctor"),
        _p("环境监测研究岗", "Environmental monitoring researcher", "ecology chemicals",
           "环境科学与工程、分析化学", "environmental engineering, analytical chemistry",
           "master"),
        _p("大气污染防治研究员", "Air pollution researcher", "ecology",
           "环境工程、大气科学", "environmental engineering, atmospheric science", "doctor"),
        _p("气象预报研究岗", "Weather forecasting researcher", "ecology",
           "大气科学、气象学", "atmospheric science, meteorology", "doctor"),
        _p("水生态研究岗", "Freshwater ecology researcher", "ecology",
           "水文学及水资源、生态学", "hydrology and water resources, ecology", "doctor"),
        _p("碳排放核算研究岗", "Carbon accounting researcher", "ecology new-energy",
           "环境科学、能源与环境工程", "environmental science, energy and environment", "master"),
    ],
    "engineering": [
        _p("地质灾害防治研究岗", "Geohazard prevention researcher", "civil-engineering",
           "地质工程、岩土工程", "geological engineering, geotechnical engineering", "doctor"),
        _p("测绘地理信息研究岗", "Surveying and GIS researcher", "civil-engineering software-it",
           "测绘科学与技术、地理信息系统", "surveying and mapping, GIS", "master"),
        _p("城市规划设计岗", "Urban planner", "civil-engineering",
           "城乡规划学、建筑学", "urban and rural planning, architecture", "master"),
        _p("水利工程研究岗", "Hydraulic engineering researcher", "civil-engineering",
           "水利工程、水文学及水资源", "hydraulic engineering, hydrology", "doctor"),
        _p("交通规划研究岗", "Transport planning researcher", "civil-engineering logistics",
           "交通运输规划与管理、交通运输工程", "transport planning, transport engineering",
           "doctor"),
        _p("建筑结构研究员", "Structural engineering researcher", "civil-engineering",
           "结构工程、土木工程", "structural engineering, civil engineering", "doctor"),
        _p("智慧交通研究岗", "Smart transport researcher", "civil-engineering software-it",
           "交通信息工程及控制、计算机科学与技术", "transport information engineering",
           "master"),
    ],
    "culture": [
        _p("文化遗产研究岗", "Cultural heritage researcher", "culture-tourism",
           "考古学、文物与博物馆学、中国史", "archaeology, museology, Chinese history", "doctor"),
        _p("文旅融合研究岗", "Culture and tourism researcher", "culture-tourism business",
           "旅游管理、文化产业管理", "tourism management, cultural industries", "master"),
        _p("运动科学研究岗", "Sports science researcher", "culture-tourism education",
           "运动人体科学、体育教育训练学", "sports science, physical education", "master"),
        _p("新闻采编岗", "Journalist", "culture-tourism", "新闻学、传播学",
           "journalism, communication", "master"),
        _p("图书馆学研究岗", "Library science researcher", "culture-tourism",
           "图书馆学、情报学", "library science, information science", "master"),
        _p("巴渝文化研究员", "Researcher of Bayu culture", "culture-tourism",
           "中国史、中国古代文学、民俗学", "Chinese history, classical literature, folklore",
           "doctor"),
    ],
    "economy": [
        _p("宏观经济研究岗", "Macroeconomics researcher", "business finance",
           "经济学、应用经济学", "economics, applied economics", "doctor"),
        _p("区域经济研究员", "Regional economics researcher", "business",
           "区域经济学、产业经济学", "regional economics, industrial economics", "doctor"),
        _p("劳动经济研究岗", "Labour economics researcher", "business",
           "劳动经济学、人力资源管理", "labour economics, human resource management", "master"),
        _p("社会保障研究岗", "Social security researcher", "business law",
           "社会保障、公共管理", "social security, public administration", "master"),
        _p("法学研究岗", "Legal researcher", "law", "法学、宪法学与行政法学",
           "law, constitutional and administrative law", "master"),
        _p("金融研究岗", "Finance researcher", "finance", "金融学、金融工程",
           "finance, financial engineering", "doctor"),
        _p("数据统计分析岗", "Statistician", "digital-economy business",
           "统计学、应用统计", "statistics, applied statistics", "master"),
    ],
    "technology": [
        _p("新能源材料研究员", "New-energy materials researcher", "new-energy new-materials",
           "材料科学与工程、电化学", "materials science, electrochemistry", "doctor"),
        _p("氢能与储能研究岗", "Hydrogen and energy storage researcher", "new-energy",
           "动力工程及工程热物理、电化学", "power engineering, electrochemistry", "doctor"),
        _p("人工智能研究员", "Artificial intelligence researcher", "software-it digital-economy",
           "计算机科学与技术、人工智能、模式识别与智能系统",
           "computer science, artificial intelligence, pattern recognition", "doctor"),
        _p("大数据分析研究岗", "Big-data researcher", "digital-economy software-it",
           "统计学、数据科学、计算机应用技术", "statistics, data science, computer applications",
           "master"),
        _p("集成电路研究岗", "Integrated circuit researcher", "electronic-information",
           "微电子学与固体电子学、集成电路工程", "microelectronics, IC engineering", "doctor"),
        _p("智能制造研究岗", "Smart manufacturing researcher", "smart-manufacturing equipment",
           "机械工程、控制科学与工程", "mechanical engineering, control engineering", "doctor"),
        _p("计量测试研究岗", "Metrology researcher", "equipment",
           "仪器科学与技术、测试计量技术及仪器", "instrument science, metrology", "master"),
        _p("检验检测技术岗", "Testing engineer", "new-materials chemicals",
           "分析化学、材料物理与化学", "analytical chemistry, materials physics", "master"),
        _p("网络安全研究岗", "Cybersecurity researcher", "software-it",
           "网络空间安全、信息安全", "cyberspace security, information security", "master"),
        _p("科技创新学科带头人", "Science and technology discipline leader",
           "electronic-information smart-manufacturing", "工学、理学相关专业",
           "engineering or natural sciences", "doctor", "senior"),
    ],
}  # fmt: skip

OTHER_CONDITIONS = {
    "hospital": "具有执业医师资格；临床岗位须取得住院医师规范化培训合格证书。",
    "disease_control": "具有执业医师或相应卫生专业技术资格。",
    "school": "具有相应学段和学科的教师资格证。",
}
ABROAD = (
    "在国（境）外取得学位的，须取得教育部留学服务中心出具的学历学位认证书。/ Degrees "
    "obtained abroad must be certified by the Chinese Service Center for Scholarly Exchange."
)
SERVICE_YEARS = "须在招聘单位最低服务5年（含试用期）。"
SENIOR_AGE = "具有正高级职称的，年龄放宽至50周岁。"

# (question, required, answers: (Chinese, English) pairs)
QUESTIONS = {
    "any": [
        ("请简述您的主要研究方向和代表性成果（不超过300字）。", True, [
            ("主要从事本专业方向研究，以第一作者发表SCI论文5篇，主持省部级项目1项。",
             "My research is in this field; five SCI papers as first author and one "
             "provincial project led."),
            ("博士期间参与国家自然科学基金项目2项，获授权发明专利3项。",
             "Took part in two NSFC projects during my PhD; three invention patents granted."),
            ("长期从事应用研究，成果在重庆多家单位推广应用。",
             "Years of applied research, now used by several organisations in Chongqing."),
        ]),
        ("您最早可以何时到岗？", True, [
            ("2021年1月", "January 2021"), ("2021年3月", "March 2021"),
            ("考核合格后一个月内", "Within a month of passing the assessment"),
        ]),
        ("是否服从单位内部岗位调配？", False, [("是", "Yes"), ("服从", "Yes, I accept")]),
    ],
    "hospital": [
        ("是否取得《住院医师规范化培训合格证书》？请注明取得时间。", True, [
            ("是，2018年取得。", "Yes, in 2018."), ("是，2019年取得。", "Yes, in 2019."),
            ("是，2016年取得。", "Yes, in 2016."),
        ]),
    ],
    "school": [
        ("您持有哪一学段、哪一学科的教师资格证？", True, [
            ("高中数学", "Senior high school, mathematics"),
            ("高中物理", "Senior high school, physics"),
            ("中等职业学校专业课", "Vocational school, specialised subjects"),
        ]),
    ],
}  # fmt: skip

RETURN_REASONS = [
    "学位证书扫描件不清晰，请重新上传。/ The scan of your degree certificate is not legible; "
    "please upload it again.",
    "未上传职称证书，请补充上传。/ Your professional title certificate is missing; please "
    "upload it.",
    "请补充上传身份证正反面扫描件。/ Please upload both sides of your identity card.",
    "学习和工作经历填写不完整，请自高中起按时间顺序填写。/ Your education and work history is "
    "incomplete; please list it in order from senior high school on.",
    "岗位问题的回答过于简略，请补充后重新提交。/ Your answer to the post's question is too "
    "brief; please complete it and submit again.",
]
RETURN_ABROAD = (
    "国（境）外学历须上传教育部留学服务中心认证书。/ For a degree obtained abroad, please upload "
    "the certificate of the Chinese Service Center for Scholarly Exchange."
)
REJECT_REASONS = [
    "所学专业与岗位要求的专业不符。/ Your major does not match the majors the post requires.",
    "研究方向与岗位需求差异较大，经审核不符合岗位条件。/ Your research area is too far from "
    "what the post needs.",
    "不符合岗位“其他条件”的要求。/ You do not meet the post's other conditions.",
    "所提供材料无法证明岗位要求的专业工作经历。/ Your documents do not show the work experience "
    "the post requires.",
]

CERTIFICATE_WORDS = {
    Certificate.Kind.DEGREE: ("学位证书", "degree_certificate", "Degree certificate"),
    Certificate.Kind.TITLE: ("职称证书", "title_certificate", "Professional title certificate"),
    Certificate.Kind.IDENTITY: ("身份证", "identity_document", "Identity document"),
}
CERTIFICATE_FOLDER = "certificates"
CERTIFICATE_PREFIX = "demo-"


# --- What the builder keeps -------------------------------------------------------------------
@dataclass(eq=False)
class Institution:
    org: Organisation
    level: str
    category: str
    reviewers: list[tuple[User, datetime]]  # owner and recruiters, with when they joined
    named: bool = False


@dataclass(eq=False)
class PostInfo:
    post: Post
    inst: Institution
    fields: list[str]
    weight: float
    opens: datetime  # when it took applications from: registration or its creation
    questions: list[tuple[Record, bool, list]] = field(default_factory=list)
    fate: str = ""  # "reduce" or "cancel", decided after registration closed
    changed_at: datetime | None = None


@dataclass(eq=False)
class App:
    talent: Talent
    info: PostInfo
    submitted_at: datetime
    answers: list[tuple[Record, str]]
    status: str = A.SUBMITTED
    reason: str = ""
    updated_at: datetime | None = None
    transferred_from: "App | None" = None
    record: Record | None = None


@dataclass
class Pool:
    posts: list[PostInfo]
    cumulative: list[float]


def load(ctx: Context) -> None:
    """The conference's recruitment round, its posts, applications, reviews and consents."""
    builder = RecruitmentBuilder(ctx)
    builder.build()
    builder.save()
    ctx.created["recruitment_round"] = builder.round
    ctx.created["recruitment_open_round"] = open_round(ctx, builder)


# Posts of the second round, open for registration on the demo's opening day.
OPEN_ROUND_POSTS = 8


def open_round(ctx: Context, builder: "RecruitmentBuilder") -> Round:
    """A second round, open for registration on the opening day, beside the one in review.

    A new user of the demo can apply to a post here (the conference's round closed its
    registration before the snapshot). Its posts repeat the conditions of posts of the first
    round at other codes, taken in order (no random draws: the rest of the demo and its
    figures stay as they were), and it has no applications yet.
    """
    opens, closes = ctx.at(-3, 9), ctx.at(21, 17)
    open_day, close_day = ctx.anchor - timedelta(days=3), ctx.anchor + timedelta(days=21)
    round_ = Round.objects.create(
        title_zh_hans="2020年重庆市事业单位常年考核招聘高层次人才（第四季度）",
        title_en="2020 Chongqing year-round recruitment of high-level talents by public "
        "institutions (fourth quarter)",
        announcement_zh_hans=(
            "## 2020年重庆市事业单位常年考核招聘高层次人才（第四季度）\n\n"
            f"报名时间为{zh_day(open_day)}9:00至{zh_day(close_day)}17:00，在本平台进行，每人限报1个岗位。"
            "报名条件、资格审查、考核和聘用程序与大会期间的考核招聘相同。"
        ),
        announcement_en=(
            "## 2020 Chongqing year-round recruitment of high-level talents (fourth quarter)\n\n"
            f"Registration from {en_day(open_day)}, 9:00 to {en_day(close_day)}, 17:00, on this "
            "platform; one post per applicant. Conditions, review, assessment and placement "
            "are those of the recruitment at the conference."
        ),
        mode=Round.Mode.SINGLE,
        ratio=RATIO,
        registration_opens=opens,
        registration_closes=closes,
        review_closes=closes + timedelta(days=5),
        transfer_closes=None,
        assessment_starts=close_day + timedelta(days=10),
        assessment_ends=close_day + timedelta(days=14),
        phase=Round.Phase.REGISTRATION,
        created_by=builder.round.created_by,
        created_at=opens - timedelta(days=7),
    )
    chosen = [p for p in builder.posts if p.post.status == Post.Status.OPEN][:OPEN_ROUND_POSTS]
    for n, info in enumerate(chosen, 1):
        old = info.post
        post = Post.objects.create(
            round=round_,
            institution=old.institution,
            code=f"CN{n:03d}",
            # Each language's own column: `name` alone is the active language's only.
            name_zh_hans=old.name_zh_hans,
            name_en=old.name_en,
            headcount=old.headcount,
            majors_zh_hans=old.majors_zh_hans,
            majors_en=old.majors_en,
            degree_min=old.degree_min,
            title_min=old.title_min,
            max_age=old.max_age,
            other_conditions_zh_hans=old.other_conditions_zh_hans,
            other_conditions_en=old.other_conditions_en,
            method=old.method,
            written_weight=old.written_weight,
            exempt_from_ratio=old.exempt_from_ratio,
            created_by=old.created_by,
            created_at=round_.created_at + timedelta(hours=n),
        )
        post.fields.set([builder.disciplines[slug] for slug in info.fields])
    return round_


class RecruitmentBuilder:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.rng = ctx.rng
        self.snapshot = ctx.snapshot
        self.opens = ctx.at(*REGISTRATION_OPENS)
        self.closes = ctx.at(*REGISTRATION_CLOSES)
        self.transfer_closes = ctx.at(*TRANSFER_CLOSES)
        self.close_day = timezone.localtime(self.closes).date()
        self.disciplines = {f.slug: f for f in DisciplineField.objects.all()}
        self.reviewer = None
        self.round = self._round()
        self.institutions: list[Institution] = []
        self.posts: list[PostInfo] = []
        self.apps: list[App] = []
        self.decisions: list[tuple] = []
        self.applied: set[tuple[int, int]] = set()
        # (user id, organisation id) -> (user, organisation, when the consent was given)
        self.consents: dict[tuple[int, int], tuple[User, Organisation, datetime]] = {}
        self.touched: dict[int, Talent] = {}  # profiles given a date of birth
        self.ages: dict[int, tuple[int, int]] = {}
        self.pools: dict[tuple, Pool] = {}
        self.left: dict[tuple[str, bool], int] = {}

    # --- The round ----------------------------------------------------------------------------
    def _round(self) -> Round:
        ctx = self.ctx
        first, last = ASSESSMENT_DAYS
        return Round(
            title="2020年重庆市事业单位面向重庆英才大会考核招聘高层次人才公告",
            title_zh_hans="2020年重庆市事业单位面向重庆英才大会考核招聘高层次人才公告",
            title_en="2020 Chongqing recruitment of high-level talents by public institutions "
            "at the Talents Conference",
            mode=Round.Mode.SINGLE,
            ratio=RATIO,
            registration_opens=self.opens,
            registration_closes=self.closes,
            review_closes=ctx.at(*REVIEW_CLOSES),
            transfer_closes=self.transfer_closes,
            assessment_starts=ctx.anchor + timedelta(days=first),
            assessment_ends=ctx.anchor + timedelta(days=last),
            phase=Round.Phase.REVIEW,
            created_by=ctx.created["staff"][STAFF_ADMIN][0],
            created_at=ctx.at(ROUND_CREATED, 10),
        )

    def _announcement(self) -> str:
        r, ctx = self.round, self.ctx
        levels = [i.level for i in self.institutions if any(p.inst is i for p in self.posts)]
        municipal, district = levels.count(MUNICIPAL), levels.count(DISTRICT)
        posts = len(self.posts)
        places = sum(p.post.headcount for p in self.posts)
        opens, closes = ctx.anchor + timedelta(REGISTRATION_OPENS[0]), self.close_day
        review = ctx.anchor + timedelta(REVIEW_CLOSES[0])
        first, last = r.assessment_starts, r.assessment_ends
        return f"""## 2020年重庆市事业单位面向重庆英才大会考核招聘高层次人才公告

为深入实施重庆英才计划，市属和区县事业单位在2020重庆英才大会期间面向海内外考核招聘博士、硕士和具有高级职称的高层次人才。本次共有{municipal + district}家事业单位（市属{municipal}家、区县{district}家）提供岗位{posts}个、招聘名额{places}名，岗位及条件见岗位列表。

### 一、报名条件
1. 遵守宪法和法律，具有良好的品行和职业道德；
2. 具有岗位要求的学历学位、专业和职称，年龄计算截至报名截止之日；
3. 身体健康，具备履行岗位职责的身体条件；
4. 在国（境）外取得学位的，须取得教育部留学服务中心出具的学历学位认证书。

### 二、报名
报名时间为{zh_day(opens)}9:00至{zh_day(closes)}17:00，在本平台进行。本次招聘每人限报1个岗位。报名前请在个人信息中填写出生日期，上传学历学位证书、职称证书和身份证件，并同意将个人信息和证书提供给所报单位用于资格审查。

### 三、资格审查
所报单位在报名期间及报名结束后进行资格审查，结果在平台告知本人。材料不全的退回补正，补正截止时间为{zh_day(review)}18:00（大会主会场人才服务台同时受理现场复审）。岗位合格人数与招聘名额之比原则上不低于{r.ratio}:1，达不到的核减名额或取消岗位，相关人员可在{zh_day(ctx.anchor)}12:00前改报其他岗位；高层次人才岗位和紧缺岗位不受开考比例限制。

### 四、考核
考核于{zh_day(first)}至{zh_day(last)}进行，采取直接考核、面试或笔试加面试的方式，具体见岗位表；综合成绩按岗位公布的权重计算。

### 五、体检、考察、公示和聘用
按综合成绩从高到低确定体检、考察人选。拟聘人员在本平台公示{r.publicity_days}天，公示期间任何人均可提出异议；公示期满无异议的，按规定办理聘用手续。拟聘人员放弃或体检、考察不合格的，按综合成绩依次递补。

---

## 2020 Chongqing recruitment of high-level talents by public institutions at the Talents Conference

Under the Chongqing Talents Program, municipal and district/county public institutions recruit high-level talents from China and abroad — doctors, masters and holders of senior professional titles — by assessment during the 2020 Chongqing Talents Conference. {municipal + district} public institutions ({municipal} municipal, {district} district/county) offer {posts} posts with {places} places; see the list of posts for their conditions.

**Who may apply.** You abide by the law and have a good record; you hold the degree, major and professional title the post requires (ages are counted on the day registration closes); you are fit for the post. Degrees obtained abroad must be certified by the Chinese Service Center for Scholarly Exchange.

**Registration.** From {en_day(opens)}, 9:00 to {en_day(closes)}, 17:00, on this platform; one post per applicant. Before applying, add your date of birth to your profile, upload your degree, title and identity certificates, and agree to pass your data and certificates to the institution for the qualification review.

**Qualification review.** The institutions review applications during and after registration and tell you the result here. Incomplete applications are returned for correction until {en_day(review)}, 18:00 (the talent service desk at the main venue reviews on site as well). Each post needs at least {r.ratio} qualified applicants per place; posts with fewer are reduced or cancelled, and their applicants may transfer to another post until {en_day(ctx.anchor)}, 12:00. High-level and shortage posts need no such ratio.

**Assessment.** From {en_day(first)} to {en_day(last)}: direct assessment, interview, or written exam and interview, as each post says; the weighted total follows the post's weights.

**Examination, inspection, publicity and placement.** The best-ranked applicants are examined and inspected. The proposed hires are published here for {r.publicity_days} days, during which anyone may object; then they are placed. If a proposed hire withdraws or does not pass, the next in rank fills the vacancy."""  # noqa: E501

    # --- Institutions and posts ---------------------------------------------------------------
    def build(self) -> None:
        self._institutions()
        self._posts()
        self._fates()
        self._pools()
        self.round.announcement_zh_hans = self._announcement()
        ctx = self.ctx
        municipal = ctx.count("recruitment_municipal", minimum=0)
        doctors = min(municipal, ctx.count("recruitment_municipal_doctors", minimum=0))
        district = ctx.count("recruitment_district", minimum=0)
        district_doctors = round(district * DISTRICT_DOCTOR_SHARE)
        self.left = {
            (MUNICIPAL, True): doctors,
            (MUNICIPAL, False): municipal - doctors,
            (DISTRICT, True): district_doctors,
            (DISTRICT, False): district - district_doctors,
        }
        self._applicants()
        self._demo_talent()
        self._named_institution()
        self._seed_fated_posts()
        # The municipal figures are the seed's: those first, while every talent is free.
        for key in ((MUNICIPAL, True), (MUNICIPAL, False), (DISTRICT, False), (DISTRICT, True)):
            self._fill(*key)
        # The district doctors are not a figure of the seed: if doctors or masters ran short,
        # the others make up the district's count.
        for doctor in (False, True):
            self.left[(DISTRICT, doctor)] += self.left.pop((DISTRICT, not doctor))
            self.left[(DISTRICT, not doctor)] = 0
            self._fill(DISTRICT, doctor)
        short = {key: n for key, n in self.left.items() if n}
        if short:
            logger.warning("Too few eligible talents for the recruitment figures: %s", short)
        self._places()

    def _institutions(self) -> None:
        rng = self.rng
        reviewers: dict[int, list[tuple[User, datetime]]] = {}
        for m in self.ctx.created["memberships"]:
            if m.role in (Membership.Role.OWNER, Membership.Role.RECRUITER):
                reviewers.setdefault(m.organisation.pk, []).append((m.user, m.created_at))
        named = named_organisation(self.ctx, "reviewer")
        candidates = [
            org
            for org in self.ctx.created["organisations"]
            if org.kind == Organisation.Kind.PUBLIC_INSTITUTION
            and org.status == Organisation.Status.VERIFIED
            and reviewers.get(org.pk)
            # Verified in time to put posts in the round before registration closed.
            and org.verified_at <= self.closes - timedelta(days=3)
        ]
        taking = [
            org
            for org in candidates
            if (named is not None and org.pk == named.pk) or rng.random() < PARTICIPATING[org.level]
        ]
        for level in (MUNICIPAL, DISTRICT):
            # Both levels take part at any scale: the seed has figures for both.
            of_level = [org for org in candidates if org.level == level]
            if of_level and not any(org.level == level for org in taking):
                taking.append(of_level[0])
        taking.sort(key=candidates.index)
        for org in taking:
            name = org.name_zh_hans or ""
            category = next(
                (key for words, key in CATEGORIES if any(w in name for w in words)), "technology"
            )
            is_named = named is not None and org.pk == named.pk
            self.institutions.append(
                Institution(org, org.level, category, reviewers[org.pk], is_named)
            )
        if named is not None:
            login = NAMED["reviewer"].email
            self.reviewer = next(
                (m for m in self.ctx.created["memberships"] if m.user.email == login), None
            )

    def _posts(self) -> None:
        rng = self.rng
        numbers = {MUNICIPAL: 0, DISTRICT: 0}
        for inst in self.institutions:
            numbers[inst.level] += 1
            n = pick(rng, POSTS_PER_INSTITUTION[inst.level])
            catalogue = POSTS[inst.category]
            if inst.named:
                n = max(n, 4)
            chosen = rng.sample(catalogue, min(n, len(catalogue)))
            prefix = "SZ" if inst.level == MUNICIPAL else "QX"
            for k, words in enumerate(chosen, 1):
                code = f"{prefix}{numbers[inst.level]:03d}{k:02d}"
                self.posts.append(self._post(inst, words, code))
        named = [p for p in self.posts if p.inst.named]
        if len(named) >= 3:
            self._named_posts(named)
        # Every level needs a post masters can apply to, when it has non-doctor applicants.
        for level in (MUNICIPAL, DISTRICT):
            of_level = [p for p in self.posts if p.inst.level == level]
            if of_level and all(p.post.degree_min == "doctor" for p in of_level):
                post = rng.choice([p for p in of_level if not p.inst.named] or of_level).post
                post.degree_min = "master"
                post.exempt_from_ratio = False
                post.name = post.name.split(" / ")[0]
                post.majors = post.majors.split(" / ")[0]

    def _post(self, inst: Institution, words: PostWords, code: str) -> PostInfo:
        rng = self.rng
        degree, title = words.degree, words.title
        # Municipal institutions recruit doctors mostly; districts and counties masters.
        if inst.level == MUNICIPAL and degree == "master" and rng.random() < 0.6:
            degree = "doctor"
        elif inst.level == DISTRICT and degree == "doctor" and not title and rng.random() < 0.5:
            degree = "master"
        if not title and degree == "master" and rng.random() < 0.08:
            title = "intermediate"
        senior = title in ("associate_senior", "senior")
        if title == "senior":
            max_age = 50
        elif title == "associate_senior":
            max_age = 45
        elif title == "intermediate":
            max_age = 40
        elif degree == "doctor":
            max_age = pick(rng, ((35, 40, 45), (20, 60, 20)))
        else:
            max_age = pick(rng, ((30, 35, 40), (10, 75, 15)))
        if senior:
            method = pick(rng, (("direct", "interview"), (80, 20)))
        elif degree == "doctor":
            method = pick(rng, (("direct", "interview", "written_interview"), (70, 25, 5)))
        else:
            method = pick(rng, (("written_interview", "interview", "direct"), (50, 40, 10)))
        bilingual = inst.level == MUNICIPAL and degree == "doctor"
        conditions = [OTHER_CONDITIONS[inst.category]] if inst.category in OTHER_CONDITIONS else []
        if bilingual:
            conditions.append(ABROAD)
        if inst.level == DISTRICT and rng.random() < 0.6:
            conditions.append(SERVICE_YEARS)
        if title == "senior":
            conditions.append(SENIOR_AGE)
        creator, created = self._creator(inst)
        post = Post(
            round=self.round,
            institution=inst.org,
            code=code,
            # The vocabulary gives every post's name and majors in both languages.
            name=words.zh,
            name_zh_hans=words.zh,
            name_en=words.en,
            headcount=pick(rng, HEADCOUNTS),
            majors=words.majors_zh,
            majors_zh_hans=words.majors_zh,
            majors_en=words.majors_en,
            degree_min=degree,
            title_min=title,
            max_age=max_age,
            other_conditions="\n".join(conditions),
            other_conditions_zh_hans="\n".join(conditions),
            method=method,
            written_weight=rng.choice((40, 50, 60)) if method == "written_interview" else 0,
            exempt_from_ratio=rng.random() < (0.85 if degree == "doctor" or senior else 0.05),
            created_by=creator,
            created_at=created,
        )
        info = PostInfo(
            post,
            inst,
            list(words.fields),
            rng.lognormvariate(0, 0.6) * math.sqrt(post.headcount),
            max(self.opens, created + timedelta(hours=1)),
        )
        if rng.random() < QUESTION_SHARE:
            asked = rng.sample(QUESTIONS["any"], rng.randint(1, 2))
            asked = QUESTIONS.get(inst.category, [])[:1] + asked
            info.questions = [
                (Record([None, text, required, n]), required, answers)
                for n, (text, required, answers) in enumerate(asked)
            ]
        return info

    def _creator(self, inst: Institution) -> tuple[User, datetime]:
        """Who put the post in the round, and when: before registration mostly, else during."""
        rng = self.rng
        created = self.ctx.between(-50, -36)
        verified = inst.org.verified_at
        if verified > created:
            created = verified + timedelta(hours=rng.uniform(2, 48))
        created = min(created, self.closes - timedelta(days=2))
        members = [user for user, joined in inst.reviewers if joined <= created]
        return (rng.choice(members) if members else inst.reviewers[0][0]), created

    def _named_posts(self, named: list[PostInfo]) -> None:
        """The named reviewer's posts, whatever the draw, so that every review step is there.

        The first takes the demo talent (a doctor of 35 to 40 with an associate senior
        title); the second, for masters too, is reduced after registration (its applicants
        may transfer); the third is a doctor's post to transfer to.
        """
        for info, (degree, title, max_age, method, exempt, headcount) in zip(
            named,
            [
                ("doctor", "", 45, "direct", True, 2),
                ("master", "", 35, "written_interview", False, 3),
                ("doctor", "", 40, "interview", True, 1),
            ],
            strict=False,
        ):
            post = info.post
            post.degree_min, post.title_min, post.max_age = degree, title, max_age
            post.method, post.exempt_from_ratio, post.headcount = method, exempt, headcount
            post.written_weight = 40 if method == "written_interview" else 0
            if degree != "doctor":
                post.name = post.name.split(" / ")[0]
                post.majors = post.majors.split(" / ")[0]
            post.other_conditions = post.other_conditions.replace(ABROAD, "").strip()
        named[1].fate = "reduce"

    def _fates(self) -> None:
        """Which posts are reduced or cancelled (for want of applicants) after registration."""
        rng = self.rng
        for level in (MUNICIPAL, DISTRICT):
            posts = [p for p in self.posts if p.inst.level == level and not p.inst.named]
            reducible = [p for p in posts if not p.post.exempt_from_ratio and p.post.headcount >= 2]
            n = min(len(reducible), round(len(posts) * REDUCED_SHARE))
            for info in rng.sample(reducible, n):
                info.fate = "reduce"
            cancellable = [p for p in posts if not p.post.exempt_from_ratio and not p.fate]
            n = round(len(posts) * CANCELLED_SHARE)
            if level == DISTRICT:
                n = max(n, 1)  # at any scale, to show a cancelled post's applicants
            for info in rng.sample(cancellable, min(n, len(cancellable))):
                info.fate = "cancel"
        for info in self.posts:
            if info.fate:
                info.changed_at = self.closes + timedelta(hours=rng.uniform(*FATE_HOURS))
                # Unpopular posts: that is why they are short of applicants.
                info.weight *= 0.3

    def _pools(self) -> None:
        """Posts by level, by the highest degree they accept, and by discipline field."""
        for level in (MUNICIPAL, DISTRICT):
            for rank in (1, 2, 3):
                posts = [
                    p
                    for p in self.posts
                    if p.inst.level == level and Degree.rank(p.post.degree_min) <= rank
                ]
                self._pool((level, rank), posts)
                by_field: dict[str, list[PostInfo]] = {}
                for p in posts:
                    for slug in p.fields:
                        by_field.setdefault(slug, []).append(p)
                for slug, of_field in by_field.items():
                    self._pool((level, rank, slug), of_field)

    def _pool(self, key: tuple, posts: list[PostInfo]) -> None:
        if posts:
            self.pools[key] = Pool(posts, list(accumulate(p.weight for p in posts)))

    def _places(self) -> None:
        """Reduced posts keep the places their qualified and pending applicants support."""
        counts: dict[int, int] = {}
        for app in self.apps:
            if app.status in (A.SUBMITTED, A.RETURNED, A.APPROVED):
                counts[id(app.info)] = counts.get(id(app.info), 0) + 1
        for info in self.posts:
            post = info.post
            if info.fate == "reduce":
                post.status = Post.Status.REDUCED
                supported = counts.get(id(info), 0) // self.round.ratio
                post.reduced_headcount = max(1, min(post.headcount - 1, supported))
            elif info.fate == "cancel":
                post.status = Post.Status.CANCELLED

    # --- Applicants ---------------------------------------------------------------------------
    def _applicants(self) -> None:
        """The talents who could apply: a degree a post accepts, a profile before the close."""
        rng = self.rng
        self.pool: dict[bool, list[Talent]] = {True: [], False: []}
        for talent in self.ctx.created["talent_profiles"][1:]:
            profile = talent.profile
            if profile.created_at + timedelta(minutes=30) >= self.closes - timedelta(hours=1):
                continue
            if profile.degree == "doctor":
                self.pool[True].append(talent)
            elif profile.degree == "master" or (
                # Bachelors apply only to posts that ask for a senior title.
                profile.degree == "bachelor" and ProfessionalTitle.rank(profile.title) >= 3
            ):
                self.pool[False].append(talent)
        for talents in self.pool.values():
            rng.shuffle(talents)
        # Talents no post of one level took, tried again at the other.
        self.skipped: dict[tuple[str, bool], list[Talent]] = {}

    def _age_range(self, talent: Talent) -> tuple[int, int]:
        """Ages (on the day registration closes) that fit the talent's studies and title."""
        profile = talent.profile
        if profile.pk in self.ages:
            return self.ages[profile.pk]
        year = self.close_day.year
        ends = [e.end.year for e in talent.education if e.degree == profile.degree and e.end]
        if ends:
            low = high = year - max(ends)
        else:
            low = TITLE_YEARS[profile.title]
            starts = [w.start.year for w in talent.work]
            if starts:
                low = max(low, year - min(starts))
            high = max(low, 6 if profile.degree == "doctor" else 12) + 1
        first, last = GRADUATION_AGE.get(profile.degree, GRADUATION_AGE["bachelor"])
        self.ages[profile.pk] = (first + max(low, 0), last + max(high, 0))
        return self.ages[profile.pk]

    def _fits(self, talent: Talent, info: PostInfo) -> bool:
        """The post's conditions, as `institutions.services.eligibility` checks them."""
        profile, post = talent.profile, info.post
        if (talent.user.pk, id(post)) in self.applied:
            return False
        if Degree.rank(profile.degree) < Degree.rank(post.degree_min):
            return False
        if post.title_min and ProfessionalTitle.rank(profile.title) < ProfessionalTitle.rank(
            post.title_min
        ):
            return False
        if post.max_age is None:
            return True
        if profile.birth_date is not None:
            return age_on(profile.birth_date, self.close_day) <= post.max_age
        return self._age_range(talent)[0] <= post.max_age

    def _settle_birth(self, talent: Talent, max_age: int | None) -> None:
        """A date of birth in the talent's profile: an age their studies allow, within the limit."""
        rng, profile = self.rng, talent.profile
        if profile.birth_date is not None:
            return
        low, high = self._age_range(talent)
        if max_age is not None:
            high = min(high, max_age)
        age = rng.randint(low, max(low, high))
        latest = _years_before(self.close_day, age)  # `age` on the day registration closes
        earliest = _years_before(self.close_day, age + 1) + timedelta(days=1)
        profile.birth_date = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
        self.touched[profile.pk] = talent

    def _window(self, talent: Talent, info: PostInfo, after=None) -> tuple | None:
        opens = max(info.opens, talent.profile.created_at + timedelta(minutes=30))
        if after is not None:
            opens = max(opens, after + timedelta(minutes=10))
        closes = self.closes - timedelta(minutes=1)
        return (opens, closes) if opens < closes else None

    def _moment(self, window) -> datetime:
        """When in the window: applications pile up towards the deadline."""
        opens, closes = window
        share = self.rng.triangular(0, 1, 0.8)
        moment = opens + timedelta(seconds=round((closes - opens).total_seconds() * share))
        return moment.replace(microsecond=0)

    def _pick(self, talent: Talent, level: str, after=None) -> tuple | None:
        """A post of `level` the talent may apply to, of their fields mostly, and a window."""
        rng = self.rng
        rank = Degree.rank(talent.profile.degree)
        every = self.pools.get((level, rank))
        if every is None:
            return None
        for attempt in range(40):
            pool = every
            if attempt < 25 and rng.random() < 0.7:
                slug = rng.choice(talent.fields).slug
                pool = self.pools.get((level, rank, slug), every)
            info = rng.choices(pool.posts, cum_weights=pool.cumulative)[0]
            if not self._fits(talent, info):
                continue
            window = self._window(talent, info, after)
            if window:
                return info, window
        return None

    def _take(self, doctor: bool, info: PostInfo) -> tuple | None:
        """A talent of the pool who may apply to `info`, taken out of the pool."""
        pool = self.pool[doctor]
        for n in range(len(pool) - 1, max(-1, len(pool) - 400), -1):
            talent = pool[n]
            window = self._window(talent, info)
            if window and self._fits(talent, info):
                del pool[n]
                return talent, window
        return None

    def _take_for(self, level: str, info: PostInfo, doctor: bool) -> tuple | None:
        """An applicant for `info` of a kind (doctor or not) `level` still wants, preferably
        `doctor`; counted."""
        for kind in (doctor, not doctor):
            if self.left.get((level, kind), 0) > 0:
                taken = self._take(kind, info)
                if taken:
                    self.left[(level, kind)] -= 1
                    return taken
        return None

    # --- Who applies where --------------------------------------------------------------------
    def _demo_talent(self) -> None:
        """李雷 (talent@example.com): returned for correction by the named reviewer's institution.

        So the demo shows the correction: he uploads the certificate again and resubmits,
        and the reviewer then decides.
        """
        talent = self.ctx.created["talent_profiles"][0]
        named = [p for p in self.posts if p.inst.named]
        if not named or self.left[(MUNICIPAL, True)] < 1 or talent.profile.degree != "doctor":
            return
        info = named[0]
        window = self._window(talent, info)
        if window is None or not self._fits(talent, info):
            return
        self.left[(MUNICIPAL, True)] -= 1
        at = self._moment(window)
        # The degree certificate: he has one to upload again (see _save_certificates).
        self._application(talent, info, at, A.RETURNED, forced=True, reason=RETURN_REASONS[0])

    def _named_institution(self) -> None:
        """Applicants at every review step in the named reviewer's posts, whatever the draw."""
        named = [p for p in self.posts if p.inst.named]
        if len(named) < 3:
            return
        for post, final, doctor, transfer_to in NAMED_APPLICATIONS:
            info = named[post % len(named)]
            taken = self._take_for(MUNICIPAL, info, doctor)
            if taken is None:
                continue
            talent, window = taken
            target = named[transfer_to] if transfer_to is not None else None
            at = self._moment(window)
            self._application(talent, info, at, final, forced=True, transfer_to=target)

    def _seed_fated_posts(self) -> None:
        """Two applicants for each post reduced or cancelled later: one stays, one transfers."""
        for info in self.posts:
            if not info.fate or info.inst.named:
                continue
            level = info.inst.level
            for final, transfers in ((A.APPROVED, False), (A.SUBMITTED, True)):
                taken = self._take_for(level, info, info.post.degree_min == "doctor")
                if taken is None:
                    break
                talent, window = taken
                target = self._transfer_target(talent, info) if transfers else None
                at = self._moment(window)
                self._application(talent, info, at, final, forced=True, transfer_to=target)

    def _fill(self, level: str, doctor: bool) -> None:
        key = (level, doctor)
        pool = self.pool[doctor]
        other = (DISTRICT if level == MUNICIPAL else MUNICIPAL, doctor)
        pool.extend(reversed(self.skipped.pop(other, [])))
        while self.left[key] > 0 and pool:
            talent = pool.pop()
            found = self._pick(talent, level)
            if found is None:
                self.skipped.setdefault(key, []).append(talent)
                continue
            info, window = found
            self.left[key] -= 1
            app = self._application(talent, info, self._moment(window))
            if (
                app.status == A.WITHDRAWN
                and self.left[key] > 0
                and app.updated_at < self.closes - timedelta(hours=2)
                and self.rng.random() < REAPPLY_SHARE
            ):
                # Withdrawn during registration, then applied to another post.
                again = self._pick(talent, level, after=app.updated_at)
                if again:
                    self.left[key] -= 1
                    self._application(talent, again[0], self._moment(again[1]))

    # --- One application and its history ------------------------------------------------------
    def _application(
        self, talent, info, at, final=None, forced=False, transfer_to=None, reason=None
    ) -> App:
        """An application to `info` at `at` with its history; returns the one that counts.

        At a post reduced or cancelled after registration, an applicant still in the running
        may have transferred: the application then ends "transferred" and its successor (at
        an open post of the same level) is the one counted.
        """
        rng = self.rng
        app = self._new(talent, info, at)
        if final is None:
            age = (self.snapshot - at).total_seconds() / 86400
            final = weighted(rng, STATUS_BY_AGE[bisect_left([a for a, _ in STATUS_BY_AGE], age)][1])
        running = final in (A.SUBMITTED, A.APPROVED, A.RETURNED)
        if info.fate and running:
            if transfer_to is None and not forced and rng.random() < TRANSFER_CHANCE[info.fate]:
                transfer_to = self._transfer_target(talent, info)
            if transfer_to is not None and self._fits(talent, transfer_to):
                return self._transfer(app, transfer_to)
            if info.fate == "cancel":
                # cancel_post: those still in the running at the post are cancelled with it.
                self._history(app, final, info.changed_at)
                app.status, app.updated_at = A.CANCELLED, info.changed_at
                return app
        self._history(app, final, self.snapshot, reason)
        return app

    def _new(self, talent: Talent, info: PostInfo, at: datetime, previous=None) -> App:
        rng = self.rng
        user, org = talent.user, info.inst.org
        self._settle_birth(talent, info.post.max_age)
        self.applied.add((user.pk, id(info.post)))
        if (user.pk, org.pk) not in self.consents:
            given = at - timedelta(seconds=rng.randint(20, 600))
            self.consents[(user.pk, org.pk)] = (user, org, given)
        english = user.language == "en"
        answers = []
        for question, required, texts in info.questions:
            text = ""
            if required or rng.random() < 0.7:
                zh, en = rng.choice(texts)
                text = en if english else zh
            answers.append((question, text))
        app = App(talent, info, at, answers, transferred_from=previous)
        self.apps.append(app)
        return app

    def _transfer_target(self, talent: Talent, info: PostInfo) -> PostInfo | None:
        """An open post of the same level the talent may transfer to: their institution's first."""
        rng = self.rng
        same = [p for p in self.posts if p.inst is info.inst and not p.fate and p is not info]
        rng.shuffle(same)
        for candidate in same:
            if self._fits(talent, candidate):
                return candidate
        rank = Degree.rank(talent.profile.degree)
        pool = self.pools.get((info.inst.level, rank))
        if pool is None:
            return None
        for _attempt in range(40):
            candidate = rng.choices(pool.posts, cum_weights=pool.cumulative)[0]
            if not candidate.fate and self._fits(talent, candidate):
                return candidate
        return None

    def _transfer(self, app: App, target: PostInfo) -> App:
        """改报: in the window after the post was reduced or cancelled, to an open post."""
        rng, info = self.rng, app.info
        latest = min(self.transfer_closes, self.snapshot) - timedelta(hours=1)
        earliest = info.changed_at + timedelta(hours=TRANSFER_HOURS[0])
        at = info.changed_at + timedelta(hours=rng.uniform(*TRANSFER_HOURS))
        at = max(earliest, min(at, latest)).replace(microsecond=0)
        self._history(app, A.APPROVED if rng.random() < 0.4 else A.SUBMITTED, at)
        app.status, app.updated_at = A.TRANSFERRED, at
        successor = self._new(app.talent, target, at, previous=app)
        self._history(successor, A.APPROVED if rng.random() < 0.4 else A.SUBMITTED, self.snapshot)
        return successor

    def _history(self, app: App, final: str, until: datetime, reason=None) -> None:
        """The review decisions (and corrections, a withdrawal) that led to `final` by `until`."""
        rng = self.rng
        if final == A.SUBMITTED:
            steps = ["return", "resubmit"] if rng.random() < 0.12 else []
        elif final == A.RETURNED:
            steps = ["return"]
        elif final == A.APPROVED:
            steps = ["return", "resubmit", "approve"] if rng.random() < 0.12 else ["approve"]
        elif final == A.REJECTED:
            steps = ["return", "resubmit", "reject"] if rng.random() < 0.15 else ["reject"]
        else:  # withdrawn, perhaps after a decision
            before = pick(rng, (((), ("return",), ("approve",)), (55, 20, 25)))
            steps = [*before, "withdraw"]
        times = self._times(app.submitted_at, until, steps)
        for step, at in zip(steps, times, strict=True):
            if step in ("return", "approve", "reject"):
                why = (reason if step == "return" else None) or self._reason(app, step)
                actor = self._actor(app.info.inst, at)
                self.decisions.append((app, step, why, actor.pk, at))
                app.reason = why
            elif step == "resubmit":
                app.reason = ""  # services.resubmit clears it
        app.status = final
        app.updated_at = times[-1] if times else app.submitted_at

    def _times(self, start: datetime, until: datetime, steps: list[str]) -> list[datetime]:
        """When each step happened: in order, the last one before `until`."""
        gaps = [self.rng.expovariate(1 / MEAN_GAP_DAYS[s]) + 0.02 for s in steps]
        available = (until - start).total_seconds() / 86400 * 0.98
        if sum(gaps) > available:
            gaps = [g * available / sum(gaps) for g in gaps]
        return [
            (start + timedelta(seconds=round(d * 86400))).replace(microsecond=0)
            for d in accumulate(gaps)
        ]

    def _reason(self, app: App, step: str) -> str:
        rng = self.rng
        if step == "approve":
            return ""
        if step == "reject":
            return rng.choice(REJECT_REASONS)
        reasons = list(RETURN_REASONS)
        if not app.info.questions:
            reasons.remove(RETURN_REASONS[4])
        if app.talent.profile.origin == TalentProfile.Origin.OVERSEAS:
            reasons.append(RETURN_ABROAD)
        return rng.choice(reasons)

    def _actor(self, inst: Institution, at: datetime) -> User:
        """Who decided: one of the institution's reviewers who had joined by then."""
        rng = self.rng
        members = [user for user, joined in inst.reviewers if joined <= at]
        # The named reviewer decides most of their institution's, so the demo shows them.
        reviewer = self.reviewer
        if inst.named and reviewer and reviewer.created_at <= at and rng.random() < 0.7:
            return reviewer.user
        return rng.choice(members) if members else inst.reviewers[0][0]

    # --- Writing ------------------------------------------------------------------------------
    def save(self) -> None:
        write([self.round])
        self.posts.sort(key=lambda p: (p.post.created_at, p.post.code))
        write([p.post for p in self.posts])
        questions = []
        for info in self.posts:
            for question, _required, _answers in info.questions:
                question.values[0] = info.post.pk
                questions.append(question)
        write_records(PostQuestion, ("post_id", "text", "required", "position"), questions)
        write_rows(
            Post.fields.through,
            ("post_id", "disciplinefield_id"),
            [(p.post.pk, self.disciplines[s].pk) for p in self.posts for s in p.fields],
        )
        self._save_profiles()
        self._save_consents()
        self._save_applications()
        self.decisions.sort(key=lambda d: d[-1])
        write_rows(
            ReviewDecision,
            ("application_id", "decision", "reason", "actor_id", "created_at"),
            [(app.record.pk, *rest) for app, *rest in self.decisions],
        )
        self._save_certificates()

    def _save_profiles(self) -> None:
        """The dates of birth, entered just before the first consent to an institution."""
        first: dict[int, datetime] = {}
        for user, _org, given in self.consents.values():
            if user.pk not in first or given < first[user.pk]:
                first[user.pk] = given
        rows = []
        for talent in self.touched.values():
            profile = talent.profile
            entered = first[talent.user.pk] - timedelta(seconds=self.rng.randint(60, 1800))
            profile.updated_at = max(profile.updated_at, entered)
            rows.append((profile.birth_date, profile.updated_at, profile.pk))
        connection = connections[router.db_for_write(TalentProfile)]
        ops, qn = connection.ops, connection.ops.quote_name
        table = qn(TalentProfile._meta.db_table)
        sql = (
            f"UPDATE {table} SET {qn('birth_date')} = %s, {qn('updated_at')} = %s "  # noqa: S608
            f"WHERE {qn('id')} = %s"
        )
        params = [
            (ops.adapt_datefield_value(born), ops.adapt_datetimefield_value(updated), pk)
            for born, updated, pk in rows
        ]
        if params:
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)

    def _save_consents(self) -> None:
        """The separate consent (PIPL Art. 23) as `institutions.services.give_consents` words it."""
        shown = {}
        for language in ("zh-hans", "en"):
            with translation.override(language):
                data = _(
                    "your profile (name, contact, date of birth, degree, title, university, "
                    "fields, work and education history), your CV, your answers and your "
                    "certificates (degree, title, identity document), which are sensitive "
                    "personal information"
                )
                purpose = _("to review your qualifications and assess you for its post")
                shown[language] = f"{purpose}\n{data}"
        rows = []
        for user, org, given in sorted(self.consents.values(), key=lambda c: c[2]):
            contact = ", ".join(p for p in (org.contact_email, org.contact_phone) if p) or "—"
            rows.append(
                (
                    user.pk,
                    org.pk,
                    SharingConsent.Purpose.PUBLIC_RECRUITMENT,
                    contact,
                    shown.get(user.language, shown["zh-hans"]),
                    given,
                )
            )
        columns = ("user_id", "organisation_id", "purpose", "recipient_contact", "data_shown")
        write_rows(SharingConsent, (*columns, "given_at"), rows)

    def _save_applications(self) -> None:
        connection = connections[router.db_for_write(PostApplication)]
        answers_field = PostApplication._meta.get_field("answers")
        columns = (
            "round_id", "post_id", "talent_id", "rank", "answers", "degree", "title",
            "birth_date", "status", "status_reason", "transferred_from_id", "tied", "exam",
            "inspection", "substitute", "submitted_at", "updated_at", "first_submitted_at",
        )  # fmt: skip
        for app in self.apps:
            profile = app.talent.profile
            answers = {str(q.pk): text for q, text in app.answers}
            app.record = Record(
                [
                    self.round.pk,
                    app.info.post.pk,
                    app.talent.user.pk,
                    1,
                    answers_field.get_db_prep_save(answers, connection),
                    profile.degree,
                    profile.title,
                    profile.birth_date,
                    app.status,
                    app.reason,
                    app.transferred_from.record if app.transferred_from else None,
                    False,
                    "",
                    "",
                    False,
                    app.submitted_at,
                    app.updated_at,
                    _first_submitted(app) if app.transferred_from else None,
                ]
            )
        # Ids in the order of applying; successors of transfers (after registration) last,
        # once the applications they come from have theirs.
        first = sorted((a for a in self.apps if a.transferred_from is None), key=_applied)
        then = sorted((a for a in self.apps if a.transferred_from is not None), key=_applied)
        write_records(PostApplication, columns, [a.record for a in first])
        write_records(PostApplication, columns, [a.record for a in then])

    def _save_certificates(self) -> None:
        """A sample: the demo talent's, and those of the named reviewer's applicants."""
        rng, storage = self.rng, default_storage
        first: dict[int, App] = {}
        for app in sorted(self.apps, key=_applied):
            if app.info.inst.named or app.talent is self.ctx.created["talent_profiles"][0]:
                first.setdefault(app.talent.user.pk, app)
        rows = []
        for app in first.values():
            talent = app.talent
            kinds = [Certificate.Kind.DEGREE]
            if talent.profile.title and rng.random() < 0.8:
                kinds.append(Certificate.Kind.TITLE)
            if rng.random() < 0.8 or app.talent is self.ctx.created["talent_profiles"][0]:
                kinds.append(Certificate.Kind.IDENTITY)
            start = max(self.opens, talent.profile.created_at)
            for kind in kinds:
                content = pdf(_certificate_lines(talent, kind))
                name = f"{CERTIFICATE_FOLDER}/{talent.user.pk}/"
                name += f"{CERTIFICATE_PREFIX}{rng.getrandbits(64):016x}.pdf"
                span = max(0.0, (app.submitted_at - start).total_seconds() - 60)
                uploaded = start + timedelta(seconds=round(span * rng.uniform(0.5, 1)))
                rows.append(
                    (
                        self.round.pk,
                        talent.user.pk,
                        kind,
                        _write_file(storage, name, content),
                        "pdf",
                        _certificate_name(talent.user, kind),
                        len(content),
                        uploaded,
                    )
                )
        columns = ("round_id", "talent_id", "kind", "file", "extension", "original_name")
        write_rows(Certificate, (*columns, "size", "uploaded_at"), rows)
        keep = frozenset(row[3] for row in rows)
        transaction.on_commit(partial(remove_stale_certificates, storage, keep))


def _first_submitted(app) -> datetime:
    """A transfer keeps the moment of the first application it comes from (as the service)."""
    while app.transferred_from is not None:
        app = app.transferred_from
    return app.submitted_at


def _applied(app: App):
    return (app.submitted_at, app.talent.user.pk)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- The named reviewer's applicants: (post, final status, a doctor, transferred to post) -------
NAMED_APPLICATIONS = [
    (1, A.SUBMITTED, True, 2),
    (0, A.APPROVED, True, None),
    (1, A.RETURNED, False, None),
    (0, A.REJECTED, True, None),
    (1, A.WITHDRAWN, False, None),
    (2, A.SUBMITTED, True, None),
    (2, A.APPROVED, True, None),
    (0, A.SUBMITTED, True, None),
    (3, A.RETURNED, True, None),
    (1, A.APPROVED, False, None),
]


# --- Certificate files ------------------------------------------------------------------------
def _certificate_lines(talent: Talent, kind: str) -> list[str]:
    zh, _slug, en = CERTIFICATE_WORDS[kind]
    profile = talent.profile
    lines = [talent.user.name, f"{zh} {en}"]
    if kind == Certificate.Kind.DEGREE:
        lines.append(f"{profile.get_degree_display()} · {profile.university}")
    elif kind == Certificate.Kind.TITLE:
        lines.append(str(profile.get_title_display()))
    else:
        lines.append(f"{profile.birth_date:%Y-%m-%d}")
    lines.append("英才平台演示数据，非真实证书。Demo data: not a real certificate.")
    return lines


def _certificate_name(user: User, kind: str) -> str:
    zh, slug, _en = CERTIFICATE_WORDS[kind]
    if user.language == "en":
        return f"{slug}_{user.name.replace(' ', '_')}.pdf"
    return f"{user.name}_{zh}.pdf"


def _write_file(storage: Storage, name: str, content: bytes) -> str:
    # A file left by an earlier load would make the storage pick another (random) name.
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, ContentFile(content))


def remove_stale_certificates(storage: Storage, keep: frozenset[str]) -> int:
    """Delete the demo certificate files no row of the current load names; returns how many.

    Only files named `demo-…` are touched: certificates people uploaded are not the demo's.
    """
    try:
        folders, _files = storage.listdir(CERTIFICATE_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    removed = 0
    for folder in folders:
        path = f"{CERTIFICATE_FOLDER}/{folder}"
        subfolders, files = storage.listdir(path)
        stale = [f for f in files if f.startswith(CERTIFICATE_PREFIX) and f"{path}/{f}" not in keep]
        for name in stale:
            storage.delete(f"{path}/{name}")
        removed += len(stale)
        if stale and len(stale) == len(files) and not subfolders:
            try:
                os.rmdir(storage.path(path))
            except (NotImplementedError, OSError):
                logger.debug("Could not remove the empty folder %s", path)
    return removed
