"""The organisers' verification queue of projects: verifying lists, rejecting says why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.access import staff_view
from yingcai.core.views import error_text

from ..forms_team import ReasonForm
from ..models import Project
from ..services import projects as services

PER_PAGE = 30


@staff_view("projects.review_projects")
def queue(request):
    waiting = Project.objects.filter(status=Project.Status.SUBMITTED).select_related(
        "field", "district", "created_by"
    )
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if q:
        # Both languages, whatever the page's: `title` alone reads the page's column.
        waiting = waiting.filter(Q(title_zh_hans__icontains=q) | Q(title_en__icontains=q))
    page = Paginator(waiting.order_by("submitted_at", "id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "projects/orga/projects.html", {"page": page, "q": q})


@staff_view("projects.review_projects")
def review(request, pk):
    project = get_object_or_404(
        Project.objects.select_related("field", "district", "park", "created_by").prefetch_related(
            "industries"
        ),
        pk=pk,
    )
    reason_form = ReasonForm()
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision == "verify":
                services.verify_project(request.user, project)
                messages.success(request, _("“%(title)s” is listed.") % {"title": project.title})
            elif decision == "reject":
                reason_form = ReasonForm(request.POST)
                if not reason_form.is_valid():
                    raise ValidationError(_("Give the reason, so the team can correct it."))
                services.reject_project(request.user, project, reason_form.cleaned_data["reason"])
                messages.success(
                    request, _("“%(title)s” is sent back to the team.") % {"title": project.title}
                )
            else:
                raise ValidationError(_("Unknown decision."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return redirect("orga_projects:queue")
    return render(
        request,
        "projects/orga/projects_review.html",
        {
            "project": project,
            "team": services.team_of(project),
            "plan": services.current_plan(project),
            "history": audit.history(project)[:30],
            "reason_form": reason_form,
        },
        status=400 if request.method == "POST" else 200,
    )
