"""What the tests of calls and entries share: a call with questions and a required document,
a team with a listed project, a real PDF upload."""

from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.calls.services import entries as services

from ..factories import ProjectFactory, UserFactory
from ..talents.helpers import PDF
from .factories import CallFactory

QUESTIONS = [
    {
        "key": "team-size",
        "label_zh": "团队人数",
        "label_en": "Team size",
        "kind": "number",
        "required": True,
    },
    {
        "key": "highlights",
        "label_zh": "项目亮点",
        "label_en": "Highlights",
        "kind": "text",
        "required": True,
        "max_length": 500,
    },
    {
        "key": "round",
        "label_zh": "融资阶段",
        "label_en": "Funding round",
        "kind": "choice",
        "required": False,
        "choices": ["天使轮", "A轮"],
    },
    {
        "key": "video",
        "label_zh": "路演视频",
        "label_en": "Pitch video",
        "kind": "url",
        "required": False,
    },
]
DOCUMENTS = [
    {"key": "plan", "label_zh": "商业计划书", "label_en": "Business plan", "required": True}
]
ANSWERS = {"team-size": "12", "highlights": "碳化硅功率芯片，车规认证。", "round": "A轮"}


def open_call(**fields):
    fields.setdefault("questions", QUESTIONS)
    fields.setdefault("documents", DOCUMENTS)
    return CallFactory(**fields)


def team_project(lead=None, **fields):
    """A listed project and its lead."""
    lead = lead or UserFactory()
    return ProjectFactory(lead=lead, **fields), lead


def pdf(name="商业计划书.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def complete_entry(call, project, lead):
    """A draft with its answers and required document, through the services."""
    entry = services.start_entry(lead, call, project)
    entry = services.update_entry(lead, entry, answers=dict(ANSWERS))
    services.upload_document(lead, entry, "plan", pdf())
    return entry


def submitted_entry(call, project, lead):
    entry = complete_entry(call, project, lead)
    return services.submit_entry(lead, entry)
