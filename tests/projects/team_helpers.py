"""What the tests of projects, teams and business plans share: a project made through the
services, team members, a real PDF upload."""

from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.core.models import DisciplineField
from yingcai.projects.models import Project, TeamMember
from yingcai.projects.services import projects as services

from ..factories import ProjectFactory, UserFactory
from ..talents.helpers import PDF

VALID = {
    "title_zh_hans": "车规级碳化硅功率芯片",
    "title_en": "Automotive SiC power chips",
    "summary_zh_hans": "面向新能源汽车的碳化硅功率芯片。",
    "summary_en": "Silicon-carbide power chips for electric vehicles.",
    "stage": "prototype",
    "origin": "domestic",
    "city": "上海",
    "country": "",
    "seeks_investment": "on",
    "amount_min": "5000000",
    "amount_max": "20000000",
    "currency": "CNY",
    "seeks_partnership": "on",
    "patents": "CN 201510123456.7\nUS 9,876,543 B2",
    "pitch_url": "https://example.com/pitch",
}


def form_data(**changes) -> dict:
    data = {**VALID, "field": str(DisciplineField.objects.get(slug="electronic-information").pk)}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def draft_of(lead, **fields) -> Project:
    """A draft registered by `lead` through the service."""
    project = Project(
        title_zh_hans=fields.pop("title", "智能网联汽车域控制器"),
        summary_zh_hans=fields.pop("summary", "域控制器与车载软件。"),
        field=DisciplineField.objects.get(slug="electronic-information"),
        stage=fields.pop("stage", "idea"),
        **fields,
    )
    return services.register_project(lead, project)


def listed_project(lead=None, members=(), **fields) -> Project:
    project = ProjectFactory(lead=lead or UserFactory(), **fields)
    for user in members:
        TeamMember.objects.create(project=project, user=user, role="member")
    return project


def pdf_file(name="商业计划书.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
