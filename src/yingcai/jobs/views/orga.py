"""The organisers' approval queue for job requirements: approving publishes, rejecting says why."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from yingcai.core.access import staff_view

from .. import services
from ..forms_employer import ReasonForm
from ..models import Job
from .employer import job_history

PER_PAGE = 30


@staff_view("jobs.review_job")
def queue(request):
    waiting = Job.objects.filter(status=Job.Status.SUBMITTED).select_related(
        "organisation", "field", "district"
    )
    q = request.GET.get("q", "").strip()[:100]
    if q:
        waiting = waiting.filter(
            # Both languages, whatever the page's: `title` alone reads the page's column.
            Q(title_zh_hans__icontains=q)
            | Q(title_en__icontains=q)
            | Q(organisation__name_zh_hans__icontains=q)
            | Q(organisation__name_en__icontains=q)
        )
    page = Paginator(waiting.order_by("submitted_at", "id"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "jobs/orga/queue.html", {"page": page, "q": q})


@staff_view("jobs.review_job")
def review(request, pk):
    job = get_object_or_404(
        Job.objects.select_related("organisation", "field", "district", "created_by"), pk=pk
    )
    reason_form = ReasonForm()
    if request.method == "POST":
        decision = request.POST.get("decision", "")
        try:
            if decision == "approve":
                services.approve_job(request.user, job)
                messages.success(request, _("“%(title)s” is published.") % {"title": job.title})
            elif decision == "reject":
                reason_form = ReasonForm(request.POST)
                if not reason_form.is_valid():
                    raise ValidationError(_("Give the reason, so the organisation can correct it."))
                services.reject_job(request.user, job, reason_form.cleaned_data["reason"])
                messages.success(
                    request,
                    _("“%(title)s” is sent back to the organisation.") % {"title": job.title},
                )
            else:
                raise ValidationError(_("Unknown decision."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            return redirect("orga_jobs:queue")
    return render(
        request,
        "jobs/orga/review.html",
        {
            "job": job,
            "history": job_history(job),
            "reason_form": reason_form,
            "other_waiting": Job.objects.filter(
                organisation=job.organisation, status=Job.Status.SUBMITTED
            )
            .exclude(pk=job.pk)
            .count(),
        },
        status=400 if request.method == "POST" else 200,
    )
