"""The organisers' home: each queue a role opens, with what waits in it. The queues
themselves are their domain's pages (`<app>/views/orga.py` or `<app>/views_orga.py`)."""

from django.shortcuts import render
from django.utils import timezone

from yingcai.calls.models import Call
from yingcai.core.access import staff_view
from yingcai.core.rules import can
from yingcai.docking.services.outcomes import awaiting_confirmation
from yingcai.guests.models import Guest
from yingcai.jobs.models import Job
from yingcai.organisations.models import Organisation
from yingcai.portal.models import Message, Report
from yingcai.projects.models import Demand, Project

# The queues of the back office's home: each shown to those whose roles open it, counted only then.
QUEUES = [
    (
        "organisations",
        "organisations.verify_organisation",
        lambda: Organisation.objects.filter(status=Organisation.Status.PENDING),
    ),
    ("jobs", "jobs.review_job", lambda: Job.objects.filter(status=Job.Status.SUBMITTED)),
    (
        "projects",
        "projects.review_projects",
        lambda: Project.objects.filter(status=Project.Status.SUBMITTED),
    ),
    (
        "demands",
        "projects.review_demand",
        lambda: Demand.objects.filter(status=Demand.Status.SUBMITTED),
    ),
    (
        "messages",
        "portal.moderate_message",
        lambda: Message.objects.filter(status=Message.Status.PENDING),
    ),
    (
        "reports",
        "portal.handle_report",
        lambda: Report.objects.exclude(
            status__in=[Report.Status.RESOLVED, Report.Status.UNFOUNDED]
        ),
    ),
    ("docking_outcomes", "docking.review_outcomes", awaiting_confirmation),
    (
        "guests",
        "guests.manage_guests",
        lambda: Guest.objects.filter(status=Guest.Status.INVITED, invited_at__isnull=False),
    ),
    (
        "calls",
        "calls.manage_calls",
        lambda: Call.objects.filter(is_published=True, closes_at__gt=timezone.now()),
    ),
]


@staff_view("orga.access")
def home(request):
    counts = {key: pending().count() for key, rule, pending in QUEUES if can(request.user, rule)}
    return render(request, "orga/home.html", {"counts": counts})
