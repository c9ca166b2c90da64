"""Interest between projects and organisations: "My docking" (received, sent, mutual), an
interest with the contacts once mutual, expressing, answering, withdrawing, sharing the plan."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.core.access import loaded, signed_in
from yingcai.core.http import over_limit, rate_limited
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error, render_page_or_fragment
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import memberships
from yingcai.projects.models import Demand, Project

from ..forms_interest import (
    AnswerForm,
    ExpressForOrganisationForm,
    ExpressForProjectForm,
    ShareForm,
)
from ..models import Interest
from ..rules.interests import speaking_organisations, team_projects
from ..services import interests as services

PER_PAGE = 25
TABS = ("received", "sent", "mutual")


def interest_rate() -> str:
    """New expressions of interest a person may post per hour, across processes."""
    return getattr(settings, "DOCKING_INTEREST_RATE", "10/h")


# --- My docking ----------------------------------------------------------------------------
@signed_in()
def inbox(request):
    tab = request.GET.get("tab", "received")
    if tab not in TABS:
        tab = "received"
    projects = list(team_projects(request.user))
    organisations = list(memberships(request.user))
    sides = _sides(projects, organisations)
    # One of one's sides only (a project or an organisation), or all of them.
    side = request.GET.get("side", "")
    if side in sides:
        kind, pk = side.split("-")
        projects = [int(pk)] if kind == "project" else []
        organisations = [int(pk)] if kind == "organisation" else []
    else:
        side = ""
    mine_project = Q(project__in=projects)
    mine_organisation = Q(organisation__in=organisations)
    if tab == "received":
        chosen = Q(status=Interest.Status.PENDING) & (
            (mine_project & Q(initiated_by=Interest.Side.ORGANISATION))
            | (mine_organisation & Q(initiated_by=Interest.Side.PROJECT))
        )
    elif tab == "sent":
        chosen = ~Q(status=Interest.Status.ACCEPTED) & (
            (mine_project & Q(initiated_by=Interest.Side.PROJECT))
            | (mine_organisation & Q(initiated_by=Interest.Side.ORGANISATION))
        )
    else:
        chosen = Q(status=Interest.Status.ACCEPTED) & (mine_project | mine_organisation)
    found = (
        Interest.objects.filter(chosen)
        .select_related("project", "organisation", "demand")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "docking/interests/inbox.html",
        {
            "page": page,
            "tab": tab,
            "tabs": [
                ("received", _("Received")),
                ("sent", _("Sent")),
                ("mutual", _("Mutual")),
            ],
            "has_sides": bool(sides),
            "sides": sides,
            "side": side,
        },
    )


def _sides(projects, organisations) -> dict[str, str]:
    """{"project-<pk>" or "organisation-<pk>": its name} of the sides a person is on."""
    sides = {
        f"project-{p.pk}": str(p) for p in Project.objects.filter(pk__in=projects).order_by("pk")
    }
    sides.update(
        {
            f"organisation-{o.pk}": str(o)
            for o in Organisation.objects.filter(pk__in=organisations).order_by("pk")
        }
    )
    return sides


def _interest(request, pk) -> Interest:
    interest = get_object_or_404(
        Interest.objects.select_related("project", "organisation", "demand", "sender"), pk=pk
    )
    if not can(request.user, "docking.view_interest", interest):
        raise Http404  # an outsider learns nothing, not even that it exists
    return interest


def _detail_context(request, interest, answer_form=None):
    user = request.user
    return {
        "interest": interest,
        "contacts": services.contacts(user, interest)
        if can(user, "docking.view_contacts", interest)
        else None,
        "can_answer": can(user, "docking.answer_interest", interest),
        "can_withdraw": can(user, "docking.withdraw_interest", interest),
        "can_share": can(user, "docking.share_plan", interest),
        "answer_form": answer_form or AnswerForm(),
    }


@signed_in()
def interest(request, pk):
    found = _interest(request, pk)
    return render(request, "docking/interests/detail.html", _detail_context(request, found))


@signed_in()
@require_POST
def answer(request, pk):
    found = _interest(request, pk)
    form = AnswerForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            found = services.answer(
                request.user,
                found,
                accept=form.cleaned_data["decision"] == "accept",
                reply=form.cleaned_data["reply"],
            )
        except ValidationError as error:
            # Answered meanwhile (or a reply refused): the reason, above the page as it is now.
            messages.error(request, error_text(error))
            found.refresh_from_db()
            status = 400
        else:
            if found.is_mutual:
                messages.success(request, _("The interest is mutual: the contacts are shown."))
            else:
                messages.info(request, _("The interest is declined."))
            if not request.htmx:
                return redirect("docking:interest", pk=found.pk)
            form = None
    else:
        status = 400
    response = render_page_or_fragment(
        request,
        "docking/interests/detail.html",
        "docking/interests/_state.html",
        _detail_context(request, found, answer_form=form),
    )
    response.status_code = status
    return response


@signed_in()
@require_POST
def withdraw(request, pk):
    found = _interest(request, pk)
    try:
        services.withdraw(request.user, found)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your interest is withdrawn."))
    return redirect("docking:interest", pk=found.pk)


@signed_in()
@require_http_methods(["GET", "POST"])
def share_plan(request, pk):
    """The team's separate consent to show its business plan to the organisation."""
    found = _interest(request, pk)
    if not can(request.user, "docking.share_plan", found):
        raise Http404
    form = ShareForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.share_plan(request.user, found)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Your business plan is shared with %(organisation)s.")
                % {"organisation": found.organisation},
            )
            return redirect("docking:interest", pk=found.pk)
    return render(
        request,
        "docking/interests/share.html",
        {
            "interest": found,
            "form": form,
            # The words the consent records, shown as they will be recorded.
            "text": services.project_services.sharing_text(found.project, found.organisation),
        },
        status=400 if form.is_bound else 200,
    )


# --- Expressing interest ---------------------------------------------------------------------
@loaded
def listed_project(request, project_pk, **_other):
    project = get_object_or_404(Project.objects.select_related("field"), pk=project_pk)
    if not project.is_listed:
        raise Http404
    return project


@loaded
def open_demand(request, demand_pk, **_other):
    demand = get_object_or_404(Demand.objects.select_related("organisation"), pk=demand_pk)
    if demand.status != Demand.Status.PUBLISHED or not demand.organisation.is_verified:
        raise Http404
    return demand


def _limited(request, form) -> int:
    """Counts one expression of interest by this person; past the rate, the form says so."""
    retry_after = over_limit(request, "docking.interest", interest_rate(), key="user")
    if retry_after:
        form.add_error(None, _("You have expressed interest too often. Please try again later."))
    return retry_after


@signed_in("docking.express_interest_in_project", fn=listed_project)
@require_http_methods(["GET", "POST"])
def express_project(request, project_pk):
    project = listed_project(request, project_pk)
    organisations = list(
        Organisation.objects.filter(
            pk__in=speaking_organisations(request.user), status=Organisation.Status.VERIFIED
        ).order_by("pk")
    )
    demands = Demand.objects.filter(
        organisation__in=organisations, status=Demand.Status.PUBLISHED
    ).order_by("organisation_id", "pk")
    form = ExpressForOrganisationForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        demands=demands,
    )
    retry_after = 0
    if (
        request.method == "POST"
        and form.is_valid()
        and not (retry_after := _limited(request, form))
    ):
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        demand = next((d for d in demands if d.pk == form.cleaned_data["demand"]), None)
        try:
            created = services.express_for_organisation(
                request.user, organisation, project, form.cleaned_data["message"], demand
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            _said(request, created)
            return redirect("docking:interest", pk=created.pk)
    return rate_limited(
        render(
            request,
            "docking/interests/express.html",
            {"form": form, "project": project, "demand": None},
            status=400 if form.is_bound else 200,
        ),
        retry_after,
    )


@signed_in("docking.express_interest_in_demand", fn=open_demand)
@require_http_methods(["GET", "POST"])
def express_demand(request, demand_pk):
    demand = open_demand(request, demand_pk)
    projects = list(
        Project.objects.filter(
            pk__in=list(team_projects(request.user)), status=Project.Status.VERIFIED
        ).order_by("pk")
    )
    initial = {}
    if request.GET.get("project", "").isdigit():
        initial["project"] = int(request.GET["project"])
    form = ExpressForProjectForm(
        request.POST if request.method == "POST" else None, projects=projects, initial=initial
    )
    retry_after = 0
    if (
        request.method == "POST"
        and form.is_valid()
        and not (retry_after := _limited(request, form))
    ):
        project = next(p for p in projects if p.pk == form.cleaned_data["project"])
        try:
            created = services.express_for_project(
                request.user, project, demand, form.cleaned_data["message"]
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            _said(request, created)
            return redirect("docking:interest", pk=created.pk)
    return rate_limited(
        render(
            request,
            "docking/interests/express.html",
            {"form": form, "project": None, "demand": demand},
            status=400 if form.is_bound else 200,
        ),
        retry_after,
    )


def _said(request, interest):
    if interest.is_mutual:
        messages.success(request, _("They were interested already: the interest is mutual."))
    else:
        messages.success(request, _("Your interest is sent. You will be told of the answer."))
