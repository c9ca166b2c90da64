"""What the calls add to a project's page (yingcai.projects.hooks): for a member of its team,
the way into each call taking entries that the project has not entered, and its entries."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core.rules import can
from yingcai.projects.hooks import Action

from .models import Call, Entry

# A project page stays light: the few calls open at once, never a list to scroll.
SHOWN = 5


def project_actions(user, project) -> list[Action]:
    if not can(user, "projects.view_team", project):
        return []
    found = [
        Action(
            _("Our entry in “%(call)s”") % {"call": entry.call},
            reverse("call_entries:entry", args=[entry.pk]),
        )
        for entry in Entry.objects.filter(project=project)
        .select_related("call")
        .order_by("-call__closes_at", "-pk")[:SHOWN]
    ]
    if not can(user, "calls.enter_with_project", project):
        return found
    now = timezone.now()
    open_calls = (
        Call.objects.filter(is_published=True, opens_at__lte=now, closes_at__gt=now)
        .exclude(entries__project=project)
        .order_by("closes_at", "pk")[:SHOWN]
    )
    found += [
        Action(
            _("Enter “%(call)s”") % {"call": call}, reverse("call_entries:enter", args=[call.pk])
        )
        for call in open_calls
    ]
    return found
