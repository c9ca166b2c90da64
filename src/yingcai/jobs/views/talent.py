"""The talent's side of the job fair: applying, my applications, interviews, jobs for you."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.talents.models import TalentProfile

from .. import ical, services
from ..forms_talent import ApplyForm, BookForm, MessageForm, WithdrawForm
from ..models import (
    Application,
    ApplicationEvent,
    Interview,
    InterviewInvitation,
    InterviewSlot,
    Job,
    Recommendation,
)
from ..queries import open_jobs

PER_PAGE = 25
# How long after a profile is saved a missing list counts as "being computed".
PENDING_FOR = timedelta(minutes=10)


# --- Applying ----------------------------------------------------------------------------------
def _job_for(request, job_pk) -> Job:
    job = get_object_or_404(
        Job.objects.select_related("organisation", "field", "district"), pk=job_pk
    )
    if not can(request.user, "jobs.view_job", job):
        raise Http404
    return job


def _apply_context(request, job, form):
    profile = TalentProfile.objects.filter(user=request.user).first()
    return {
        "job": job,
        "form": form,
        "profile": profile,
        "cv": profile.cvs.filter(is_current=True).first() if profile else None,
        "missing_degree": profile is None or not profile.degree,
        "application": Application.objects.filter(job=job, talent=request.user).first(),
    }


def _consent_page(request, job, cover_note, status=200):
    return render(
        request,
        "jobs/talent/consent.html",
        {
            "job": job,
            "shown": services.consent_text(job.organisation),
            "form": ApplyForm(initial={"cover_note": cover_note}),
        },
        status=status,
    )


def _send(request, job, cover_note, consent=False):
    """Apply (after recording the consent, when given); the response for each outcome."""
    existed = Application.objects.filter(job=job, talent=request.user).exists()
    try:
        with transaction.atomic():
            # The consent is kept only if the application it was given for goes through.
            if consent:
                services.give_consent(request.user, job.organisation)
            application = services.apply(request.user, job, cover_note)
    except services.ConsentRequired:
        return _consent_page(request, job, cover_note)
    except ValidationError as error:
        form = ApplyForm(initial={"cover_note": cover_note})
        context = _apply_context(request, job, form)
        context["refusal"] = error_text(error)
        return render(request, "jobs/talent/apply.html", context, status=400)
    if existed:
        messages.info(request, _("You have already applied for this job."))
    else:
        messages.success(
            request,
            _("Your application to %(organisation)s is sent.") % {"organisation": job.organisation},
        )
    return redirect("talent:application", pk=application.pk)


@signed_in("jobs.view_job")
def apply(request, job_pk):
    job = _job_for(request, job_pk)
    form = ApplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            return _send(request, job, form.cleaned_data["cover_note"])
        return render(
            request, "jobs/talent/apply.html", _apply_context(request, job, form), status=400
        )
    return render(request, "jobs/talent/apply.html", _apply_context(request, job, form))


@signed_in("jobs.view_job")
def consent(request, job_pk):
    """The separate consent to pass one's CV to the organisation (PIPL Art. 23), then apply."""
    job = _job_for(request, job_pk)
    if request.method == "POST":
        form = ApplyForm(request.POST)
        if form.is_valid():
            return _send(request, job, form.cleaned_data["cover_note"], consent=True)
        return _consent_page(request, job, "", status=400)
    return _consent_page(request, job, request.GET.get("cover_note", "")[:3000])


# --- My applications ---------------------------------------------------------------------------
@signed_in()
def applications(request):
    mine = Application.objects.filter(talent=request.user).select_related(
        "job__organisation", "stage"
    )
    page = Paginator(mine.order_by("-created_at", "-id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "jobs/talent/applications.html", {"page": page})


def _own_application(request, pk) -> Application:
    """The user's own application; anyone else's does not exist here."""
    return get_object_or_404(
        Application.objects.select_related("job__organisation", "stage", "cv"),
        pk=pk,
        talent=request.user,
    )


def _detail_context(request, application, message_form=None):
    now = timezone.now()
    invitations = list(
        InterviewInvitation.objects.filter(application=application).prefetch_related(
            Prefetch(
                "slots",
                queryset=InterviewSlot.objects.select_related("interview").order_by("starts_at"),
            )
        )
    )
    interview = Interview.objects.filter(application=application).select_related("slot").first()
    # Other free times of the same invitation the booked interview can move to, until it starts.
    moves = []
    if interview is not None:
        interview.application = application
        if can(request.user, "jobs.cancel_or_move_interview", interview):
            for invitation in invitations:
                if invitation.pk == interview.invitation_id and not application.stage.is_final:
                    moves = [
                        slot
                        for slot in invitation.slots.all()
                        if slot.starts_at > now and not hasattr(slot, "interview")
                    ]
    offers = []
    for invitation in invitations:
        invitation.application = application
        # One booked interview per application: it answers every invitation.
        if interview is None and can(request.user, "jobs.book_interview", invitation):
            free = [
                slot
                for slot in invitation.slots.all()
                if slot.starts_at > now and not hasattr(slot, "interview")
            ]
            offers.append((invitation, free))
    return {
        "application": application,
        "job": application.job,
        # Only the moves: an event's note and the ratings and notes of the organisation stay
        # inside it.
        "events": ApplicationEvent.objects.filter(application=application).select_related(
            "to_stage"
        ),
        "messages_": application.messages.all(),
        "message_form": message_form or MessageForm(),
        "offers": offers,
        "interview": interview,
        "can_change_interview": interview is not None
        and can(request.user, "jobs.cancel_or_move_interview", interview),
        "moves": moves,
        "can_withdraw": can(request.user, "jobs.withdraw_application", application),
    }


@signed_in()
def application(request, pk):
    application = _own_application(request, pk)
    # Reading writes nothing: the organisation's messages count as read once answered (POST).
    return render(request, "jobs/talent/application.html", _detail_context(request, application))


@signed_in()
@require_POST
def message(request, pk):
    application = _own_application(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.send_message(request.user, application, form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error_text(error))
        else:
            services.mark_messages_read(request.user, application)  # answered: read
            messages.success(request, _("Message sent."))
            form = None
    context = _detail_context(request, application, message_form=form)
    if request.htmx:
        return render(request, "jobs/talent/_messages.html", context)
    if form is not None:
        return render(request, "jobs/talent/application.html", context, status=400)
    return redirect("talent:application", pk=application.pk)


@signed_in("jobs.withdraw_application")
def withdraw(request, pk):
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(request.user, application)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("talent:application", pk=application.pk)
    return render(
        request,
        "jobs/talent/withdraw.html",
        {"application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@signed_in("jobs.book_interview")
@require_POST
def book(request, pk, invitation_pk):
    application = _own_application(request, pk)
    invitation = get_object_or_404(InterviewInvitation, pk=invitation_pk, application=application)
    form = BookForm(request.POST, slots=invitation.slots.all())
    if not form.is_valid():
        messages.error(request, _("Choose one of the times offered."))
        return redirect("talent:application", pk=application.pk)
    slot = invitation.slots.get(pk=form.cleaned_data["slot"])
    try:
        interview = services.book_interview(request.user, invitation, slot)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Your interview is booked for %(time)s.")
            % {"time": timezone.localtime(interview.slot.starts_at).strftime("%Y-%m-%d %H:%M")},
        )
    return redirect("talent:application", pk=application.pk)


def _own_interview(application) -> Interview:
    interview = Interview.objects.filter(application=application).select_related("slot").first()
    if interview is None:
        raise Http404
    interview.application = application
    return interview


@signed_in("jobs.cancel_or_move_interview")
@require_POST
def interview_cancel(request, pk):
    application = _own_application(request, pk)
    interview = _own_interview(application)
    try:
        services.cancel_interview(request.user, interview)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Your interview is cancelled. The employer is told."))
    return redirect("talent:application", pk=application.pk)


@signed_in("jobs.cancel_or_move_interview")
@require_POST
def interview_reschedule(request, pk):
    application = _own_application(request, pk)
    interview = _own_interview(application)
    offered = interview.invitation.slots.all() if interview.invitation_id else []
    form = BookForm(request.POST, slots=offered)
    if not form.is_valid():
        messages.error(request, _("Choose one of the times offered."))
        return redirect("talent:application", pk=application.pk)
    slot = InterviewSlot.objects.get(pk=form.cleaned_data["slot"])
    try:
        interview = services.reschedule_interview(request.user, interview, slot)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("Your interview is moved to %(time)s. The employer is told.")
            % {"time": timezone.localtime(interview.slot.starts_at).strftime("%Y-%m-%d %H:%M")},
        )
    return redirect("talent:application", pk=application.pk)


@signed_in()
def interview_ics(request, pk):
    application = _own_application(request, pk)
    interview = (
        Interview.objects.filter(application=application)
        .select_related("slot", "application__job__organisation", "application__talent")
        .first()
    )
    if interview is None:
        raise Http404
    response = HttpResponse(ical.invitation(interview), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = "attachment; filename=interview.ics"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Jobs for you ------------------------------------------------------------------------------
def refresh_pending(changed_at, refreshed_at) -> bool:
    """Whether a refresh of a "for you" list is queued: its source changed after the list was
    last computed, a little while ago (after PENDING_FOR a worker that never came is not
    waited for any longer: the page shows the last list and when it was made)."""
    if changed_at is None or (refreshed_at is not None and refreshed_at >= changed_at):
        return False
    return timezone.now() - changed_at < PENDING_FOR


def refreshed_ago(moment) -> str:
    """ "Refreshed 3 minutes ago": the age of a "for you" list, in its largest unit."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return _("Refreshed just now")
    return _("Refreshed %(time)s ago") % {"time": timesince(moment, depth=1)}


@signed_in()
def recommendations(request):
    profile = TalentProfile.objects.filter(user=request.user).first()
    stored = Recommendation.objects.filter(
        direction=Recommendation.Direction.FOR_TALENT, talent=request.user
    )
    rows = list(
        stored.filter(job__in=open_jobs())
        .select_related("job__organisation", "job__district", "job__field")
        .order_by("position", "id")
    )
    applied = dict(
        Application.objects.filter(
            talent=request.user, job_id__in=[r.job_id for r in rows]
        ).values_list("job_id", "pk")
    )
    language = get_language()
    other = "en" if language == "zh-hans" else "zh-hans"
    items = [
        {
            "job": row.job,
            "reasons": row.reasons.get(language) or row.reasons.get(other) or [],
            "application_pk": applied.get(row.job_id),
        }
        for row in rows
    ]
    complete = bool(profile and profile.degree)
    refreshed = profile.recommendations_refreshed_at if complete else None
    pending = complete and refresh_pending(profile.updated_at, refreshed)
    return render(
        request,
        "jobs/talent/recommendations.html",
        {
            "items": items,
            "complete": complete,
            "pending": pending,
            "refreshed": refreshed,
            "refreshed_ago": refreshed_ago(refreshed),
        },
    )
