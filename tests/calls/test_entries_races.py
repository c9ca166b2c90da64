"""One entry per project and call under simultaneous clicks (PostgreSQL, 20 parallel clients,
rows counted afterwards); submissions racing a withdrawal keep one consistent state."""

import pytest
from django.utils import translation

from yingcai.calls.models import Entry
from yingcai.calls.services import entries as services
from yingcai.core.models import AuditEntry, District
from yingcai.projects.models import TeamMember

from ..concurrency import at_once, postgresql_only, put_back_reference_rows
from ..factories import UserFactory
from ..talents.helpers import media  # noqa: F401
from .entries_helpers import ANSWERS, open_call, pdf, team_project

CLIENTS = 20
TWICE = "This project has already entered this call."


@pytest.fixture
def ready(transactional_db):
    put_back_reference_rows()
    District.objects.get_or_create(
        slug="liangjiang",
        defaults={"name_zh_hans": "两江新区", "name_en": "Liangjiang New Area", "kind": "area"},
    )
    with translation.override("en"):
        yield


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_team_members_entering_one_project_at_once_make_one_entry(ready):
    call = open_call()
    project, lead = team_project()
    members = [lead]
    for _ in range(CLIENTS - 1):
        member = UserFactory()
        TeamMember.objects.create(project=project, user=member)
        members.append(member)
    outcomes = at_once([lambda m=m: services.start_entry(m, call, project) for m in members])
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", TWICE}, outcomes
    assert Entry.objects.filter(call=call, project=project).count() == 1
    assert AuditEntry.objects.filter(action="call_entry.started").count() == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_submissions_at_once_submit_once(ready, media):  # noqa: F811
    call = open_call()
    project, lead = team_project()
    entry = services.start_entry(lead, call, project)
    services.update_entry(lead, entry, answers=dict(ANSWERS))
    services.upload_document(lead, entry, "plan", pdf())
    outcomes = at_once([lambda: services.submit_entry(lead, entry) for _ in range(CLIENTS)])
    assert outcomes.count("ok") == 1, outcomes
    assert set(outcomes) == {"ok", "This entry is already submitted."}, outcomes
    entry.refresh_from_db()
    assert entry.status == "submitted" and entry.first_submitted_at == entry.submitted_at
    assert AuditEntry.objects.filter(action="call_entry.submitted").count() == 1
