"""The employers' side of the job fair: job requirements, Excel, the pipeline, interviews.

Every page sits under /organisations/<org_pk>/. An organisation a visitor may not see answers
404; a page or an action their role does not allow answers 403 (see yingcai/jobs/rules.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core import audit, spreadsheets
from yingcai.core.access import signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error
from yingcai.organisations.models import Organisation
from yingcai.organisations.shortcuts import organisation_or_404
from yingcai.talents.queries import career

from .. import excel, services
from ..forms_employer import (
    ImportForm,
    InterviewMessageForm,
    JobForm,
    MessageForm,
    MoveForm,
    NoteForm,
    RatingForm,
    SlotFormSet,
    StageAddForm,
    StageRenameForm,
)
from ..models import Application, Job, Recommendation, Stage
from ..queries import pipeline
from .talent import refresh_pending, refreshed_ago

JOBS_PER_PAGE = 25
APPLICANTS_PER_PAGE = 50
RECOMMENDATIONS_SHOWN = 10


def _job_for(request, org_pk: int, job_pk: int, perm: str = "organisations.view_members"):
    organisation = organisation_or_404(request.user, org_pk, perm)
    job = get_object_or_404(
        Job.objects.select_related("field", "district"), pk=job_pk, organisation=organisation
    )
    job.organisation = organisation
    return organisation, job


# --- Job requirements ----------------------------------------------------------------------
@signed_in("jobs.add_job", "organisations.view_members", "organisations.view_organisation")
def jobs(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "organisations.view_members")
    status = request.GET.get("status", "")
    if status not in Job.Status.values:
        status = ""
    queryset = organisation.jobs.select_related("field", "district", "organisation")
    if status:
        queryset = queryset.filter(status=status)
    page = Paginator(queryset.order_by("-created_at", "-id"), JOBS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = list(page.object_list)
    stages = pipeline(organisation)
    counts: dict[int, dict[int, int]] = {}
    for job_id, stage_id, n in (
        Application.objects.filter(job__in=rows)
        .order_by()
        .values_list("job_id", "stage_id")
        .annotate(n=Count("id"))
    ):
        counts.setdefault(job_id, {})[stage_id] = n
    for job in rows:
        by_stage = counts.get(job.pk, {})
        job.stage_counts = [(stage, by_stage[stage.pk]) for stage in stages if stage.pk in by_stage]
        job.applicant_total = sum(by_stage.values())
    totals = dict(
        organisation.jobs.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return render(
        request,
        "jobs/employer/jobs.html",
        {
            "organisation": organisation,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": [(v, label, totals.get(v, 0)) for v, label in Job.Status.choices],
            "total": sum(totals.values()),
            "can_add": can(request.user, "jobs.add_job", organisation),
        },
    )


@signed_in("jobs.add_job", "organisations.view_organisation")
def job_create(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "jobs.add_job")
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.create_job(request.user, organisation, form.instance)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Draft saved. Submit it for the organisers' approval when it is ready."),
            )
            return redirect("employer:job_detail", org_pk=organisation.pk, job_pk=job.pk)
    return render(
        request, "jobs/employer/job_form.html", {"organisation": organisation, "form": form}
    )


@signed_in("jobs.change_job", "organisations.view_members", "organisations.view_organisation")
def job_edit(request, org_pk, job_pk):
    organisation, job = _job_for(request, org_pk, job_pk)
    if not can(request.user, "jobs.change_job", job):
        raise PermissionDenied
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_job(request.user, form.instance, form.changed_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("employer:job_detail", org_pk=organisation.pk, job_pk=job.pk)
    return render(
        request,
        "jobs/employer/job_form.html",
        {"organisation": organisation, "form": form, "job": job},
    )


@signed_in("jobs.submit_job", "organisations.view_members", "organisations.view_organisation")
@require_POST
def job_submit(request, org_pk, job_pk):
    organisation, job = _job_for(request, org_pk, job_pk)
    if not can(request.user, "jobs.submit_job", job):
        raise PermissionDenied
    try:
        services.submit_job(request.user, job)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request, _("Submitted. The organisers will review it before it is published.")
        )
    return redirect("employer:job_detail", org_pk=organisation.pk, job_pk=job.pk)


@signed_in("jobs.close_job", "organisations.view_members", "organisations.view_organisation")
@require_POST
def job_close(request, org_pk, job_pk):
    organisation, job = _job_for(request, org_pk, job_pk)
    try:
        # Refuses those without the rule (403), and names the status that forbids it.
        services.close_job(request.user, job)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Closed: it no longer accepts applications."))
    return redirect("employer:job_detail", org_pk=organisation.pk, job_pk=job.pk)


def job_history(job: Job) -> list[dict]:
    """The job requirement's changes of status, oldest first, in the reader's words."""
    codes = ("job.created", "job.changed", "job.submitted", "job.approved", "job.rejected")
    words = {code: audit.label(code) for code in (*codes, "job.closed")}
    entries = [
        {
            "at": e.created_at,
            "actor": e.actor,
            "what": words[e.action],
            "reason": e.data.get("reason"),
        }
        for e in audit.history(job).filter(action__in=list(words)).order_by("created_at", "id")
    ]
    if job.status == Job.Status.CLOSED and not any(
        e["what"] == words["job.closed"] for e in entries
    ):
        entries.append(
            {"at": job.closed_at, "actor": None, "what": audit.label("job.closed_at_deadline")}
        )
    return entries


@signed_in(
    "jobs.change_job",
    "jobs.close_job",
    "jobs.submit_job",
    "jobs.view_applicants",
    "organisations.view_members",
    "organisations.view_organisation",
)
def job_detail(request, org_pk, job_pk):
    organisation, job = _job_for(request, org_pk, job_pk)
    return render(
        request,
        "jobs/employer/job_detail.html",
        {
            "organisation": organisation,
            "job": job,
            "history": job_history(job),
            "applicants": job.applications.count(),
            "can_edit": can(request.user, "jobs.change_job", job),
            "can_submit": can(request.user, "jobs.submit_job", job),
            "can_close": can(request.user, "jobs.close_job", job),
            "can_see_applicants": can(request.user, "jobs.view_applicants", organisation),
        },
    )


# --- Excel ---------------------------------------------------------------------------------
@signed_in("organisations.view_members", "organisations.view_organisation")
def jobs_template(request, org_pk):
    organisation_or_404(request.user, org_pk, "organisations.view_members")
    return spreadsheets.download(excel.template_workbook(), "yingcai-jobs-template.xlsx")


@signed_in("jobs.add_job", "organisations.view_organisation")
def jobs_import(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "jobs.add_job")
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_jobs(request.user, organisation, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d job requirement imported as a draft.",
                        "%(n)d job requirements imported as drafts.",
                        len(result.created),
                    )
                    % {"n": len(result.created)},
                )
                return redirect(f"{reverse('employer:jobs', args=[organisation.pk])}?status=draft")
    return render(
        request,
        "jobs/employer/import.html",
        {
            "organisation": organisation,
            "form": form,
            "result": result,
            "max_rows": excel.MAX_ROWS,
            "max_mb": spreadsheets.MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors or (result and not result.ok) else 200,
    )


@signed_in("organisations.view_members", "organisations.view_organisation")
def jobs_export(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "organisations.view_members")
    queryset = (
        organisation.jobs.select_related("field", "district")
        .annotate(n_applications=Count("applications"))
        .order_by("-created_at", "-id")
    )
    stamp = timezone.localdate().isoformat()
    return spreadsheets.download(
        excel.jobs_workbook(queryset), f"{spreadsheets.file_stem(organisation)}-jobs-{stamp}.xlsx"
    )


@signed_in("jobs.view_applicants", "organisations.view_organisation")
def applicants_export(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "jobs.view_applicants")
    applications = Application.objects.filter(job__organisation=organisation)
    job = None
    if request.GET.get("job"):
        try:
            job = organisation.jobs.get(pk=int(request.GET["job"]))
        except (ValueError, Job.DoesNotExist):
            raise Http404 from None
        applications = applications.filter(job=job)
    applications = applications.select_related(
        "job", "talent", "talent__talent_profile", "stage"
    ).order_by("job_id", "stage__position", "created_at", "id")
    # Personal data leaves the platform: keep a trace of who took it (PIPL).
    audit.record(
        request.user,
        "applicants.exported",
        organisation,
        job=job.pk if job else None,
        rows=applications.count(),
    )
    stamp = timezone.localdate().isoformat()
    part = f"job-{job.pk}" if job else "all"
    return spreadsheets.download(
        excel.applicants_workbook(applications),
        f"{spreadsheets.file_stem(organisation)}-applicants-{part}-{stamp}.xlsx",
    )


# --- The pipeline --------------------------------------------------------------------------
def _recommendations(organisation: Organisation, job: Job) -> list[Recommendation]:
    """Talents the engine suggests for this job whom this organisation may see (PIPL)."""
    language = get_language() or "zh-hans"
    applied_here = Application.objects.filter(
        talent=OuterRef("talent"), job__organisation=organisation
    )
    visible = Q(Exists(applied_here))
    if organisation.is_verified:
        visible |= Q(talent__talent_profile__visibility="open")
    found = list(
        Recommendation.objects.filter(
            direction=Recommendation.Direction.FOR_JOB, job=job, talent__is_active=True
        )
        .filter(visible)
        .annotate(applied=Exists(Application.objects.filter(talent=OuterRef("talent"), job=job)))
        .select_related("talent", "talent__talent_profile")
        .order_by("position")[:RECOMMENDATIONS_SHOWN]
    )
    for recommendation in found:
        reasons = recommendation.reasons or {}
        why = reasons.get(language) or next(iter(reasons.values()), [])
        recommendation.why = [why] if isinstance(why, str) else list(why)
    return found


@signed_in(
    "jobs.manage_applicants",
    "jobs.view_applicants",
    "organisations.view_members",
    "organisations.view_organisation",
)
def applicants(request, org_pk, job_pk):
    organisation, job = _job_for(request, org_pk, job_pk, "jobs.view_applicants")
    stages = pipeline(organisation)
    in_job = job.applications.all()
    form = None
    if request.method == "POST":
        if not can(request.user, "jobs.manage_applicants", job):
            raise PermissionDenied
        form = MoveForm(
            request.POST,
            stages=organisation.stages.all(),
            applications=in_job,
        )
        if form.is_valid():
            chosen = form.cleaned_data["applications"].select_related(
                "job__organisation", "stage", "talent"
            )
            try:
                moved = services.move(
                    request.user, chosen, form.cleaned_data["stage"], form.cleaned_data["note"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d applicant moved to “%(stage)s”.",
                        "%(n)d applicants moved to “%(stage)s”.",
                        len(moved),
                    )
                    % {"n": len(moved), "stage": form.cleaned_data["stage"]},
                )
                return redirect(request.get_full_path())
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    counts = dict(
        in_job.order_by()
        .values_list("stage_id")
        .annotate(n=Count("id"))
        .values_list("stage_id", "n")
    )
    selected = None
    stage_param = request.GET.get("stage", "")
    if stage_param:
        selected = next((s for s in stages if s.pk and str(s.pk) == stage_param), None)
        if selected is None:
            raise Http404
    listed = in_job.select_related("talent", "talent__talent_profile", "stage")
    if selected is not None:
        listed = listed.filter(stage=selected)
    page = Paginator(
        listed.order_by("stage__position", "-created_at", "-id"), APPLICANTS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/employer/applicants.html",
        {
            "organisation": organisation,
            "job": job,
            "stages": [(stage, counts.get(stage.pk, 0)) for stage in stages],
            "total": sum(counts.values()),
            "selected": selected,
            "page": page,
            "move_form": form or MoveForm(stages=organisation.stages.all()),
            "stage_choices": stages,
            "can_manage": can(request.user, "jobs.manage_applicants", job),
            "recommendations": _recommendations(organisation, job),
            "recommendations_refreshed": job.recommendations_refreshed_at,
            "recommendations_refreshed_ago": refreshed_ago(job.recommendations_refreshed_at),
            "recommendations_pending": refresh_pending(
                job.published_at, job.recommendations_refreshed_at
            ),
        },
    )


# --- One application -----------------------------------------------------------------------
def _application_for(request, org_pk, application_pk):
    organisation = organisation_or_404(request.user, org_pk, "jobs.view_applicants")
    application = get_object_or_404(
        Application.objects.select_related(
            "job", "job__field", "job__district", "talent", "talent__talent_profile", "stage", "cv"
        ),
        pk=application_pk,
        job__organisation=organisation,
    )
    application.job.organisation = organisation
    if not can(request.user, "jobs.view_notes", application):
        raise PermissionDenied
    return organisation, application


def _application_context(request, organisation, application, **forms) -> dict:
    profile = getattr(application.talent, "talent_profile", None)
    stages = pipeline(organisation)
    user = request.user
    can_manage = can(user, "jobs.manage_applicants", application)
    return {
        "organisation": organisation,
        "application": application,
        "job": application.job,
        "profile": profile,
        "fields": list(profile.fields.all()) if profile else [],
        "career": career(user, profile),
        "events": application.events.select_related("from_stage", "to_stage", "actor"),
        "notes": application.notes.select_related("author"),
        "thread": application.messages.select_related("sender"),
        "invitations": application.interview_invitations.prefetch_related(
            "slots", "slots__interview"
        ),
        "interviews": application.interviews.select_related("slot"),
        "stages": stages,
        "can_manage": can_manage,
        "can_note": can(user, "jobs.add_note", application),
        "can_message": can(user, "jobs.message_applicant", application),
        "move_form": forms.get("move_form")
        or MoveForm(stages=organisation.stages.all(), initial={"stage": application.stage_id}),
        "rating_form": forms.get("rating_form")
        or RatingForm(initial={"rating": application.rating}),
        "note_form": forms.get("note_form") or NoteForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "slot_formset": forms.get("slot_formset") or SlotFormSet(prefix="slots"),
        "interview_message_form": forms.get("interview_message_form") or InterviewMessageForm(),
    }


@signed_in(
    "jobs.add_note",
    "jobs.manage_applicants",
    "jobs.message_applicant",
    "jobs.view_applicants",
    "jobs.view_notes",
    "organisations.view_organisation",
)
def application(request, org_pk, application_pk):
    organisation, found = _application_for(request, org_pk, application_pk)
    # Reading writes nothing: the applicant's messages count as read once answered (POST).
    return render(
        request,
        "jobs/employer/application.html",
        _application_context(request, organisation, found),
    )


ACTIONS = {
    # action: (permission, HTMX fragment)
    "move": ("jobs.manage_applicants", "jobs/employer/_application_stage.html"),
    "rate": ("jobs.add_note", "jobs/employer/_application_rating.html"),
    "note": ("jobs.add_note", "jobs/employer/_application_notes.html"),
    "message": (
        "jobs.message_applicant",
        "jobs/employer/_application_messages.html",
    ),
    "propose": ("jobs.manage_applicants", None),
}


@signed_in(
    "jobs.add_note",
    "jobs.manage_applicants",
    "jobs.message_applicant",
    "jobs.view_applicants",
    "jobs.view_notes",
    "organisations.view_organisation",
)
@require_POST
def application_action(request, org_pk, application_pk, action):
    organisation, found = _application_for(request, org_pk, application_pk)
    if action not in ACTIONS:
        raise Http404
    perm, fragment = ACTIONS[action]
    if not can(request.user, perm, found):
        raise PermissionDenied
    forms, done = _run_action(request, organisation, found, action)
    if done:
        forms = {}  # a fresh, empty form after success
        # The service changed its own locked copy of the row: show what it stored.
        found.refresh_from_db()
    if request.htmx and fragment:
        context = _application_context(request, organisation, found, **forms)
        context["done"] = done
        return render(request, fragment, context)
    if done:
        messages.success(request, done)
        return redirect("employer:application", org_pk=organisation.pk, application_pk=found.pk)
    return render(
        request,
        "jobs/employer/application.html",
        _application_context(request, organisation, found, **forms),
        status=400,
    )


def _run_action(request, organisation, found, action) -> tuple[dict, str]:
    """Validate and call the service; returns (bound forms, success message or "")."""
    user, data = request.user, request.POST
    if action == "move":
        form = MoveForm(data, stages=organisation.stages.all())
        forms = {"move_form": form}
        if form.is_valid():
            try:
                (moved,) = services.move(
                    user, [found], form.cleaned_data["stage"], form.cleaned_data["note"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The page answered shows the step as stored now, not the one read before.
                found.stage_id, found.stage = moved.stage_id, moved.stage
                found.stage_changed_at = moved.stage_changed_at
                return forms, _("Moved to “%(stage)s”.") % {"stage": found.stage}
        return forms, ""
    if action == "rate":
        form = RatingForm(data)
        forms = {"rating_form": form}
        if form.is_valid():
            try:
                services.rate(user, found, form.cleaned_data["rating"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return forms, _("Rating saved.")
        return forms, ""
    if action in ("note", "message"):
        form = (NoteForm if action == "note" else MessageForm)(data)
        forms = {f"{action}_form": form}
        if form.is_valid():
            service = services.add_note if action == "note" else services.send_message
            try:
                service(user, found, form.cleaned_data["body"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if action == "message":  # answering is having read the applicant's messages
                    services.mark_messages_read(user, found)
                return forms, _("Note added.") if action == "note" else _("Message sent.")
        return forms, ""
    # propose
    formset = SlotFormSet(data, prefix="slots")
    message_form = InterviewMessageForm(data)
    forms = {"slot_formset": formset, "interview_message_form": message_form}
    if formset.is_valid() and message_form.is_valid():
        slots = [f.slot_data() for f in formset.forms if f.has_changed() and f.cleaned_data]
        try:
            services.propose_interview(user, found, slots, message_form.cleaned_data["message"])
        except ValidationError as error:
            message_form.add_error(None, error)
        else:
            return forms, ngettext(
                "The applicant is invited to choose the interview time.",
                "The applicant is invited to choose one of %(n)d interview times.",
                len(slots),
            ) % {"n": len(slots)}
    return forms, ""


# --- Pipeline steps ------------------------------------------------------------------------
@signed_in("jobs.manage_stages", "jobs.view_applicants", "organisations.view_organisation")
def stages(request, org_pk):
    organisation = organisation_or_404(request.user, org_pk, "jobs.view_applicants")
    can_manage = can(request.user, "jobs.manage_stages", organisation)
    add_form = StageAddForm(stages=organisation.stages.all())
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "add":
                add_form = StageAddForm(request.POST, stages=organisation.stages.all())
                if not add_form.is_valid():
                    raise ValidationError(_("Give the step a name (at most 60 characters)."))
                services.add_stage(
                    request.user,
                    organisation,
                    add_form.cleaned_data["name"],
                    after=add_form.cleaned_data["after"],
                )
                add_form = StageAddForm(stages=organisation.stages.all())
                messages.success(request, _("Step added."))
            elif action in ("rename", "delete"):
                chosen = request.POST.get("stage", "")
                if chosen in Stage.Key.values:
                    # A built-in step not stored yet (shown from the defaults): store it now.
                    stage = services.stage_for(organisation, chosen)
                else:
                    stage = get_object_or_404(organisation.stages.all(), pk=_int(chosen))
                if action == "rename":
                    form = StageRenameForm(request.POST)
                    if not form.is_valid():
                        raise ValidationError(_("A name has at most 60 characters."))
                    services.rename_stage(request.user, stage, form.cleaned_data["name"])
                    messages.success(request, _("Step renamed."))
                else:
                    services.delete_stage(request.user, stage)
                    messages.success(request, _("Step deleted."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return redirect("employer:stages", org_pk=organisation.pk)
    listed = pipeline(organisation)
    counts = dict(
        Application.objects.filter(stage__organisation=organisation)
        .order_by()
        .values_list("stage_id")
        .annotate(n=Count("id"))
        .values_list("stage_id", "n")
    )
    return render(
        request,
        "jobs/employer/stages.html",
        {
            "organisation": organisation,
            "stages": [(stage, counts.get(stage.pk, 0)) for stage in listed],
            "can_manage": can_manage,
            "add_form": add_form,
            "default_names": dict(Stage.Key.choices),
        },
        status=400 if request.method == "POST" else 200,
    )


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None
