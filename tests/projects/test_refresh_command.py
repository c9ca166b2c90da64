from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import DemandFactory, ProjectFactory
from yingcai.projects.models import Recommendation


@pytest.mark.django_db
def test_the_nightly_command_stores_both_directions():
    project, demand = ProjectFactory(), DemandFactory()
    Recommendation.objects.all().delete()
    out = StringIO()
    with translation.override("en"):
        call_command("refresh_project_recommendations", stdout=out)
    assert set(Recommendation.objects.values_list("direction", "project", "demand")) == {
        ("project", project.pk, demand.pk),
        ("demand", project.pk, demand.pk),
    }
    assert "2 recommendations stored" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("workers", ["0", "65"])
def test_a_bad_number_of_workers_is_refused_with_a_message(workers):
    with translation.override("en"), pytest.raises(CommandError, match="from 1 to 64"):
        call_command("refresh_project_recommendations", "--workers", workers)
