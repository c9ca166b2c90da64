"""The presets `yingcai demo --preset` knows: ordered loader steps and their full-scale counts.

Later issues add their steps (job requirements, talents' profiles, ...) to a
preset here; each step draws from its own random source, so adding one leaves
the data of the others as it was.
"""

from yingcai.accounts.models import User
from yingcai.attendance.models import Registration
from yingcai.attendance.models import Session as AgendaSession
from yingcai.calls.models import Call
from yingcai.conference.models import Conference
from yingcai.docking.models import Interest, Meeting, Outcome, Session
from yingcai.guests.models import Guest, Honour
from yingcai.institutions.models import Certificate, Post, PostApplication, Round
from yingcai.jobs.models import Application, Job
from yingcai.organisations.models import Organisation
from yingcai.portal.models import Message, NewsItem, Report
from yingcai.privacy.models import SharingConsent
from yingcai.projects.models import Demand, Project
from yingcai.talents.models import CV, TalentProfile

from . import (
    accounts,
    attendance,
    calls,
    conference,
    cvs,
    guests,
    jobs,
    news,
    organisations,
    portal,
    projects,
    recruitment,
    talents,
)
from .base import Preset, Step

CHONGQING_2020 = Preset(
    name="chongqing2020",
    counts={
        "staff_admin": 2,
        "staff_editor": 4,
        "staff_moderator": 4,
        "staff_verifier": 6,
        "staff_protocol": 3,
        "enterprises": 1600,
        "enterprises_pending": 45,
        "enterprises_rejected": 25,
        "enterprises_suspended": 12,
        "municipal_institutions": 80,
        "district_institutions": 180,
        "universities": 60,
        "investors": 80,
        "industrial_parks": 45,
        # The second press conference: "a total of 12,199 domestic and overseas talents".
        "talents": 12_199,
        "messages": 40,
        "reports": 20,
        # "8,041 job requirements": every job submitted to the organisers (not drafts).
        "jobs": 8_041,
        "jobs_draft": 360,
        "applications": 28_000,
        # The second press conference: municipal public institutions "have received 1,259
        # applications, including 1,063 doctors"; district and county institutions 4,662.
        "recruitment_municipal": 1_259,
        "recruitment_municipal_doctors": 1_063,
        "recruitment_district": 4_662,
        # The second press conference: "288 project demands" and "607 projects registered",
        # both counted as submitted to the organisers (not drafts).
        "projects": 607,
        "projects_draft": 40,
        "demands": 288,
        # The second press conference: "more than 600 applications for roadshow projects at
        # home and abroad" (24 selected by the review) and the Talents Cup's "330 projects
        # registered" (25 to the final); the experts who review them.
        "roadshow_applications": 612,
        "contest_entries": 330,
        "call_reviewers": 60,
        # The first press conference: "more than 100 important guests … will attend online and
        # offline" (all confirmed: 112 across the categories), the honours registries whose
        # winners and selectees are invited as a group, and "more than 40,000 registered online
        # participants"; a few thousand registered on site (some of them online too).
        "guests": 112,
        "honours_award": 30,
        "honours_program": 60,
        "participants_online": 40_512,
        "participants_onsite": 3_100,
        "participants_cancelled": 160,
    },
    steps=(
        Step("staff", accounts.load_staff, (User,)),
        Step("organisations", organisations.load, (Organisation,)),
        Step("talents", accounts.load_talents),
        Step("conference", conference.load, (Conference,)),
        Step("site-settings", conference.load_site_settings),
        Step("news", news.load, (NewsItem,)),
        Step("messages", portal.load_messages, (Message,)),
        Step("reports", portal.load_reports, (Report,)),
        Step("talent-profiles", talents.load, (TalentProfile,)),
        Step("cvs", cvs.load, (CV,)),
        Step("jobs", jobs.load_jobs, (Job,)),
        Step("applications", jobs.load_applications, (Application, SharingConsent)),
        Step("recruitment", recruitment.load, (Round, Post, PostApplication, Certificate)),
        Step("projects", projects.load_projects, (Project,)),
        Step("demands", projects.load_demands, (Demand,)),
        Step("docking", projects.load_docking, (Interest, Session, Meeting, Outcome)),
        Step("calls", calls.load, (Call,)),
        Step("guests", guests.load, (Guest, Honour)),
        Step("agenda", attendance.load, (AgendaSession, Registration)),
    ),
)

PRESETS = {preset.name: preset for preset in (CHONGQING_2020,)}
