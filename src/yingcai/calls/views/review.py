"""The reviewers' own pages: their assignments, one entry per page to score (made for a
phone), and the conflicts of interest they declare on their calls' entries.

A reviewer sees only their own assignments, never one whose entry they have a conflict with:
the assignment's page answers 404 for anyone else's and 403 with the reason for a conflicted
one (`calls.review_view_assignment`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import signed_in
from yingcai.core.rules import can
from yingcai.core.services import require
from yingcai.core.views import error_text
from yingcai.organisations.models import Membership
from yingcai.projects.models import TeamMember

from ..forms_review import ConflictForm, ScoreForm
from ..models import Assignment, Call, Conflict, Entry, Review, Stage
from ..rules.roles import reviewer_calls
from ..services import reviewers as reviewer_services
from ..services import reviews as review_services

PER_PAGE = 25
SHOWN = (Stage.Status.SCORING, Stage.Status.CLOSED, Stage.Status.DECIDED, Stage.Status.PUBLISHED)


def mine(user):
    """The user's assignments in opened review stages, without the conflicted ones."""
    reviewer_ids = list(reviewer_calls(user).values())
    return (
        Assignment.objects.filter(
            reviewer_id__in=reviewer_ids, stage__status__in=SHOWN, stage__kind=Stage.Kind.REVIEW
        )
        .exclude(entry__conflicts__reviewer_id__in=reviewer_ids)
        .select_related("stage__call", "entry__project")
        .order_by("stage__call_id", "stage__position", "entry_id")
    )


@signed_in()
def assignments(request):
    """/review/: the entries to score, those scored, and the calls whose pool one is in."""
    assigned = mine(request.user).prefetch_related(
        Prefetch("review", queryset=Review.objects.only("pk", "assignment_id", "total"))
    )
    page = Paginator(assigned, PER_PAGE).get_page(request.GET.get("page"))
    calls = Call.objects.filter(pk__in=list(reviewer_calls(request.user))).order_by("-opens_at")
    rows = []
    for assignment in page:
        review = getattr(assignment, "review", None)
        rows.append({"assignment": assignment, "review": review})
    to_score = mine(request.user).filter(review__isnull=True).count()
    return render(
        request,
        "calls/review/assignments.html",
        {"page": page, "rows": rows, "calls": calls, "to_score": to_score},
    )


def _load_assignment(request, pk) -> Assignment:
    assignment = get_object_or_404(
        Assignment.objects.select_related("stage__call", "entry__project__field", "reviewer"),
        pk=pk,
    )
    try:
        require(request.user, "calls.review_view_assignment", assignment)
    except ValidationError as error:
        # Their own assignment, refused for its state: a conflict of interest says so.
        raise PermissionDenied(error_text(error)) from None
    except PermissionDenied:
        raise Http404 from None
    return assignment


def _answers(entry: Entry) -> list[tuple[str, str]]:
    """The entry's answers to the call's questions, labelled in the page's language."""
    chinese = (get_language() or "").startswith("zh")
    shown = []
    for question in entry.call.questions or []:
        if not isinstance(question, dict):
            continue
        value = (entry.answers or {}).get(question.get("key"))
        if value in (None, ""):
            continue
        label = question.get("label_zh") if chinese else question.get("label_en")
        shown.append((label or question.get("label_zh") or question.get("label_en") or "", value))
    return shown


def _refused(request, message, status=403):
    return render(request, "calls/review/refused.html", {"message": message}, status=status)


@signed_in()
def score(request, pk):
    """One entry to score: the project, the rubric with each criterion's range, a comment."""
    try:
        assignment = _load_assignment(request, pk)
    except PermissionDenied as refusal:
        return _refused(request, str(refusal))
    stage = assignment.stage
    criteria = list(stage.criteria.order_by("position", "pk"))
    review = Review.objects.filter(assignment=assignment).first()
    may_score = can(request.user, "calls.review_score", assignment)
    form = ScoreForm(request.POST or None, criteria=criteria, review=review)
    status = 200
    if request.method == "POST":
        if not may_score:
            try:
                require(request.user, "calls.review_score", assignment)
            except (ValidationError, PermissionDenied) as error:
                message = error_text(error) if isinstance(error, ValidationError) else str(error)
                messages.error(request, message)
            return redirect("review:score", pk=assignment.pk)
        if form.is_valid():
            try:
                review_services.submit_review(
                    request.user,
                    assignment,
                    form.raw_values(),
                    form.cleaned_data["comment"],
                    form.cleaned_data["key"],
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as refusal:
                return _refused(request, str(refusal))
            else:
                messages.success(request, _("Your scores are saved."))
                following = _next_to_score(request.user, assignment)
                if following is not None:
                    return redirect("review:score", pk=following)
                return redirect("review:assignments")
        status = 400
    neighbours = _neighbours(request.user, assignment)
    return render(
        request,
        "calls/review/score.html",
        {
            "assignment": assignment,
            "entry": assignment.entry,
            "stage": stage,
            "criteria": criteria,
            "review": review,
            "form": form,
            "may_score": may_score,
            "answers": _answers(assignment.entry),
            **neighbours,
        },
        status=status,
    )


def _next_to_score(user, assignment) -> int | None:
    return (
        mine(user)
        .filter(stage=assignment.stage, review__isnull=True)
        .exclude(pk=assignment.pk)
        .values_list("pk", flat=True)
        .first()
    )


def _neighbours(user, assignment) -> dict:
    ids = list(mine(user).filter(stage=assignment.stage).values_list("pk", flat=True))
    at = ids.index(assignment.pk) if assignment.pk in ids else None
    if at is None:
        return {"position": None, "count": len(ids), "previous": None, "next": None}
    return {
        "position": at + 1,
        "count": len(ids),
        "previous": ids[at - 1] if at > 0 else None,
        "next": ids[at + 1] if at + 1 < len(ids) else None,
    }


# --- Conflicts of interest --------------------------------------------------------------------
def _reviewer_call(request, call_pk) -> Call:
    call = get_object_or_404(Call, pk=call_pk)
    if call.pk not in reviewer_calls(request.user):
        raise Http404
    return call


@signed_in()
def conflicts(request, call_pk):
    """The call's submitted entries — titles, the team's organisations and cities only — with
    the reviewer's conflicts, to declare before the assignment."""
    call = _reviewer_call(request, call_pk)
    reviewer_id = reviewer_calls(request.user)[call.pk]
    entries = (
        Entry.objects.filter(call=call, status=Entry.Status.SUBMITTED)
        .select_related("project")
        .order_by("pk")
    )
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    on_page = list(page)
    project_ids = [e.project_id for e in on_page]
    members = list(
        TeamMember.objects.filter(project_id__in=project_ids).values_list("project_id", "user_id")
    )
    orgs_of_user = {}
    for membership in Membership.objects.filter(
        user_id__in={u for _p, u in members}
    ).select_related("organisation"):
        orgs_of_user.setdefault(membership.user_id, set()).add(str(membership.organisation))
    organisations = {}
    for project_id, user_id in members:
        organisations.setdefault(project_id, set()).update(orgs_of_user.get(user_id, ()))
    declared = {
        c.entry_id: c
        for c in Conflict.objects.filter(
            reviewer_id=reviewer_id, entry_id__in=[e.pk for e in on_page]
        )
    }
    rows = [
        {
            "entry": entry,
            "organisations": sorted(organisations.get(entry.project_id, ())),
            "city": entry.project.city or entry.project.country,
            "conflict": declared.get(entry.pk),
        }
        for entry in on_page
    ]
    return render(
        request,
        "calls/review/conflicts.html",
        {"call": call, "page": page, "rows": rows, "form": ConflictForm()},
    )


@signed_in()
@require_POST
def declare(request, call_pk, entry_pk):
    call = _reviewer_call(request, call_pk)
    entry = get_object_or_404(Entry, pk=entry_pk, call=call)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    else:
        try:
            reviewer_services.declare_conflict(request.user, entry, form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(
                request,
                _("Your conflict of interest with “%(entry)s” is recorded.") % {"entry": entry},
            )
    return redirect(_back(request, call))


@signed_in()
@require_POST
def withdraw(request, call_pk, pk):
    call = _reviewer_call(request, call_pk)
    conflict = get_object_or_404(Conflict, pk=pk, entry__call=call)
    try:
        reviewer_services.withdraw_conflict(request.user, conflict)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The conflict of interest is withdrawn."))
    return redirect(_back(request, call))


def _back(request, call) -> str:
    url = reverse("review:conflicts", kwargs={"call_pk": call.pk})
    page = request.POST.get("page", "")
    return f"{url}?page={page}" if page.isdigit() else url
