"""A talent's own projects: register and edit, the team, the business plan and its sharing."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core import audit
from yingcai.core.access import loaded, public, signed_in
from yingcai.core.http import over_limit, private_file_response, rate_limited
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error

from ..forms_team import InvitationForm, PlanUploadForm, ProjectForm, ShareForm
from ..models import BusinessPlan, PlanSharing, Project, TeamInvitation, TeamMember
from ..services import projects as services

INVITATION_RATE = "30/h"


@loaded
def team_project(request, pk, **_ids):
    """The project of a team the person is in; for anyone else it does not exist."""
    project = Project.objects.select_related("field", "district", "park").filter(pk=pk).first()
    if project is None or not can(request.user, "projects.view_team", project):
        raise Http404
    return project


def _team_members(project):
    return services.team_of(project)


# --- My projects ---------------------------------------------------------------------------
@signed_in()
def mine(request):
    memberships = (
        TeamMember.objects.filter(user=request.user)
        .select_related("project__field")
        .annotate(members=Count("project__team", distinct=True))
        .order_by("-project__updated_at", "-pk")
    )
    invitations = [
        invitation
        for invitation in TeamInvitation.objects.filter(
            email__iexact=request.user.email, accepted_at__isnull=True, revoked_at__isnull=True
        ).select_related("project")
        if invitation.is_open
    ]
    return render(
        request,
        "projects/team/mine.html",
        {"memberships": memberships, "invitations": invitations},
    )


@signed_in("projects.register_project")
def register(request):
    form = ProjectForm(request.POST or None, instance=Project())
    if request.method == "POST":
        if form.is_valid():
            try:
                project = services.register_project(
                    request.user, form.save(commit=False), form.cleaned_data["industries"]
                )
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” is saved as a draft. Submit it when it is ready.")
                    % {"title": project.title},
                )
                return redirect("project_team:detail", pk=project.pk)
        return render(request, "projects/team/form.html", {"form": form}, status=400)
    return render(request, "projects/team/form.html", {"form": form})


@signed_in("projects.view_team", fn=team_project)
def edit(request, pk):
    project = team_project(request, pk=pk)
    if not can(request.user, "projects.edit_project", project):
        messages.error(
            request,
            _("The organisers are checking this project: withdraw it to edit it, or wait."),
        )
        return redirect("project_team:detail", pk=project.pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_project(
                    request.user,
                    form.save(commit=False),
                    form.changed_data,
                    form.cleaned_data["industries"],
                )
            except ValidationError as error:
                form_error(form, error)
            else:
                if project.is_listed:
                    messages.success(request, _("Saved. The project stays listed."))
                else:
                    messages.success(request, _("Saved."))
                return redirect("project_team:detail", pk=project.pk)
        return render(
            request, "projects/team/form.html", {"form": form, "project": project}, status=400
        )
    return render(request, "projects/team/form.html", {"form": form, "project": project})


def _detail_context(request, project, **forms):
    members = _team_members(project)
    plan = services.current_plan(project)
    return {
        "project": project,
        "members": members,
        "me": next((m for m in members if m.user_id == request.user.pk), None),
        "invitations": [
            i
            for i in project.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
            if i.is_open
        ],
        "plan": plan,
        "sharings": list(
            project.sharings.filter(withdrawn_at__isnull=True).select_related("organisation")
        ),
        "history": audit.history(project)[:20],
        "invite_form": forms.get("invite_form") or InvitationForm(),
        "plan_form": forms.get("plan_form") or PlanUploadForm(),
        "share_form": forms.get("share_form") or ShareForm(),
    }


@signed_in("projects.view_team", fn=team_project)
def detail(request, pk):
    project = team_project(request, pk=pk)
    return render(request, "projects/team/detail.html", _detail_context(request, project))


@signed_in("projects.view_team", fn=team_project)
@require_POST
def submit(request, pk):
    project = team_project(request, pk=pk)
    try:
        services.submit_project(request.user, project)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Submitted: the organisers check it before it is listed."))
    return redirect("project_team:detail", pk=project.pk)


@signed_in("projects.view_team", fn=team_project)
@require_POST
def withdraw(request, pk):
    project = team_project(request, pk=pk)
    try:
        services.withdraw_project(request.user, project)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Withdrawn: it is no longer listed. Edit it and submit it again any time.")
        )
    return redirect("project_team:detail", pk=project.pk)


# --- The team ------------------------------------------------------------------------------
@signed_in("projects.view_team", "projects.manage_team", fn=team_project)
@require_POST
def invite(request, pk):
    project = team_project(request, pk=pk)
    form = InvitationForm(request.POST)
    # Invitations are mail to any address: one person sends a bounded number.
    retry_after = over_limit(request, "projects.invite", INVITATION_RATE, key="user")
    if retry_after:
        messages.error(request, _("Too many invitations at once: try again later."))
        response = redirect("project_team:detail", pk=project.pk)
        return rate_limited(response, retry_after)
    if form.is_valid():
        try:
            invitation = services.invite_member(
                request.user, project, form.cleaned_data["email"], request=request
            )
        except ValidationError as error:
            form.add_error("email", error_text(error))
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("project_team:detail", pk=project.pk)
    return render(
        request,
        "projects/team/detail.html",
        _detail_context(request, project, invite_form=form),
        status=400,
    )


@signed_in("projects.view_team", "projects.manage_team", fn=team_project)
@require_POST
def revoke(request, pk, invitation_pk):
    project = team_project(request, pk=pk)
    invitation = get_object_or_404(TeamInvitation, pk=invitation_pk, project=project)
    try:
        services.revoke_invitation(request.user, invitation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("project_team:detail", pk=project.pk)


def _member(project, member_pk) -> TeamMember:
    return get_object_or_404(
        TeamMember.objects.select_related("user"), pk=member_pk, project=project
    )


@signed_in("projects.view_team", fn=team_project)
@require_POST
def remove(request, pk, member_pk):
    """The lead removes a member; a member's own row: they leave the team."""
    project = team_project(request, pk=pk)
    member = _member(project, member_pk)
    leaving = member.user_id == request.user.pk
    try:
        services.remove_member(request.user, member)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("project_team:detail", pk=project.pk)
    if leaving:
        messages.success(
            request, _("You have left the team of “%(title)s”.") % {"title": project.title}
        )
        return redirect("project_team:mine")
    messages.success(request, _("%(name)s is no longer in the team.") % {"name": member.user})
    return redirect("project_team:detail", pk=project.pk)


@signed_in("projects.view_team", "projects.manage_team", fn=team_project)
@require_POST
def hand_over(request, pk, member_pk):
    project = team_project(request, pk=pk)
    member = _member(project, member_pk)
    try:
        services.hand_over_lead(request.user, member)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("%(name)s now leads the project.") % {"name": member.user})
    return redirect("project_team:detail", pk=project.pk)


@public
def invitation(request, token):
    invitation = (
        TeamInvitation.objects.select_related("project", "invited_by")
        .filter(token=str(token)[:64])
        .first()
    )
    if invitation is None:
        raise Http404
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            member = services.accept_invitation(request.user, invitation.token)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("You are now in the team of “%(title)s”.") % {"title": invitation.project},
            )
            return redirect("project_team:detail", pk=member.project_id)
    return render(request, "projects/team/invitation.html", {"invitation": invitation})


# --- The business plan ---------------------------------------------------------------------
@signed_in("projects.view_team", "projects.upload_plan", fn=team_project)
@require_POST
def plan_upload(request, pk):
    project = team_project(request, pk=pk)
    form = PlanUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_plan(request.user, project, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error_text(error))
        else:
            messages.success(request, _("The business plan is uploaded."))
            return redirect("project_team:detail", pk=project.pk)
    return render(
        request,
        "projects/team/detail.html",
        _detail_context(request, project, plan_form=form),
        status=400,
    )


@signed_in("projects.view_team", "projects.upload_plan", fn=team_project)
@require_POST
def plan_delete(request, pk):
    project = team_project(request, pk=pk)
    plan = get_object_or_404(BusinessPlan, project=project, is_current=True)
    try:
        services.delete_plan(request.user, plan)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The business plan is deleted."))
    return redirect("project_team:detail", pk=project.pk)


@signed_in("projects.view_plan")
def plan_download(request, pk):
    """The current plan, to those the rule allows now; to anyone else it does not exist."""
    plan = BusinessPlan.objects.filter(project_id=pk, is_current=True).first()
    if plan is None or not can(request.user, "projects.view_plan", plan):
        raise Http404
    return private_file_response(plan.file, plan.original_name, plan.content_type)


@signed_in("projects.view_team", "projects.share_plan", fn=team_project)
def share(request, pk):
    """Step one: choose a verified organisation; step two: read what is agreed and agree."""
    project = team_project(request, pk=pk)
    form = ShareForm(request.POST or request.GET or None)
    if not form.is_bound:
        return render(request, "projects/team/share.html", {"project": project, "form": form})
    if not form.is_valid():
        return render(
            request, "projects/team/share.html", {"project": project, "form": form}, status=400
        )
    organisation = form.cleaned_data["organisation"]
    if request.method == "POST" and request.POST.get("agree") == "yes":
        try:
            services.share_plan(request.user, project, organisation)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("%(name)s can now open the business plan.") % {"name": organisation},
            )
            return redirect("project_team:detail", pk=project.pk)
    return render(
        request,
        "projects/team/share.html",
        {
            "project": project,
            "form": form,
            "organisation": organisation,
            "text": services.sharing_text(project, organisation),
        },
    )


@signed_in("projects.view_team", fn=team_project)
@require_POST
def withdraw_sharing(request, pk, sharing_pk):
    project = team_project(request, pk=pk)
    sharing = get_object_or_404(
        PlanSharing.objects.select_related("organisation"), pk=sharing_pk, project=project
    )
    try:
        services.withdraw_sharing(request.user, sharing)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("%(name)s can no longer open the business plan.") % {"name": sharing.organisation},
        )
    return redirect("project_team:detail", pk=project.pk)
