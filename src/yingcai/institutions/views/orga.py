"""The organisers' side of public-institution recruitment: rounds, their steps, statistics.

Every page is for organiser staff who may run rounds (`institutions.manage_round`: the
recruitment role and organiser administrators); anyone else is refused (403), anonymous
visitors are sent to log in. Every change goes through `yingcai.institutions.services`.
"""

from collections import defaultdict
from datetime import date, datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from yingcai.core import audit
from yingcai.core.access import staff_view
from yingcai.core.choices import Degree
from yingcai.core.models import DisciplineField
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error
from yingcai.organisations.models import Organisation

from .. import services, stats
from ..forms_orga import ObjectionResponseForm, ReduceForm, RoundForm, StatisticsForm
from ..models import Objection, Post, PostApplication, Round

A = PostApplication.Status
P = Round.Phase
PERM = "institutions.manage_round"
ROUNDS_PER_PAGE = 30
POSTS_PER_PAGE = 50
TOP = 20
PHASES = [P.DRAFT, P.REGISTRATION, P.REVIEW, P.ASSESSMENT, P.PUBLICITY, P.CLOSED]


def _round_for(request, pk) -> Round:
    round_ = get_object_or_404(Round.objects.select_related("created_by"), pk=pk)
    if not can(request.user, PERM, round_):
        raise PermissionDenied
    return round_


# --- Rounds --------------------------------------------------------------------------------
@staff_view(PERM)
def rounds(request):
    page = Paginator(Round.objects.order_by("-registration_opens", "-id"), ROUNDS_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    posts = dict(
        Post.objects.filter(round__in=rows)
        .exclude(status=Post.Status.CANCELLED)
        .order_by()
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    applications = dict(
        stats.applications()
        .filter(round__in=rows)
        .order_by()
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    for row in rows:
        row.post_count = posts.get(row.pk, 0)
        row.application_count = applications.get(row.pk, 0)
    return render(request, "institutions/organiser/rounds.html", {"page": page, "rows": rows})


@staff_view(PERM)
def round_create(request):
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.save_round(request.user, form.instance)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Round saved as a draft. Posts can now be added; open registration when ready."),
            )
            return redirect("orga_recruitment:round", pk=round_.pk)
    return render(
        request,
        "institutions/organiser/round_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@staff_view(PERM)
def round_edit(request, pk):
    round_ = _round_for(request, pk)
    form = RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_round(request.user, form.instance, form.changed_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_recruitment:round", pk=round_.pk)
    # The form changed the instance in memory; the page shows the round as stored.
    stored = Round.objects.get(pk=round_.pk) if form.errors else round_
    return render(
        request,
        "institutions/organiser/round_form.html",
        {"form": form, "round": stored},
        status=400 if form.errors else 200,
    )


def _kind(value) -> str:
    if isinstance(value, datetime):
        return "datetime"
    return "date" if isinstance(value, date) else "days"


def _timeline(round_: Round) -> list[dict]:
    """The round's phases in order, each with its dates and whether it is done or current."""
    current = PHASES.index(round_.phase)
    labels = dict(P.choices)
    dates = {
        P.DRAFT: [(_("created"), round_.created_at)],
        P.REGISTRATION: [
            (pgettext("registration", "opens"), round_.registration_opens),
            (pgettext("registration", "closes"), round_.registration_closes),
        ],
        P.REVIEW: [
            (_("corrections until"), round_.review_closes),
            (_("transfers until"), round_.transfer_closes),
        ],
        P.ASSESSMENT: [
            (_("from"), round_.assessment_starts),
            (_("until"), round_.assessment_ends),
        ],
        P.PUBLICITY: [
            (_("from"), round_.publicity_starts),
            (_("until"), round_.publicity_ends),
            ("", round_.publicity_days),
        ],
        P.CLOSED: [(_("confirmed"), round_.closed_at)],
    }
    return [
        {
            "phase": phase,
            "label": labels[phase],
            "state": "done" if i < current else "current" if i == current else "next",
            "dates": [(what, when, _kind(when)) for what, when in dates[phase] if when is not None],
        }
        for i, phase in enumerate(PHASES)
    ]


def _next_step(round_: Round) -> dict | None:
    """The button that moves the round on, with what it will do."""
    days = round_.certificate_retention_days
    steps = {
        P.DRAFT: (
            "open-registration",
            _("Open registration"),
            _(
                "Publishes the announcement and its posts: talents may apply until registration "
                "closes. Institutions can still add posts while registration is open."
            ),
        ),
        P.REGISTRATION: (
            "close-registration",
            _("Close registration"),
            _(
                "No more applications are taken. Qualification review goes on; the ratio report "
                "shows which posts lack applicants, to reduce or cancel them."
            ),
        ),
        P.REVIEW: (
            "open-assessment",
            _("Open the assessment"),
            _(
                "Possible once every application has a review decision. Institutions then enter "
                "scores; conditions, the mode and the ratio can no longer change."
            ),
        ),
        P.ASSESSMENT: (
            "start-publicity",
            _("Start the publicity"),
            _(
                "Ranks every post by its weighted totals, proposes the hires (by the stable "
                "assignment in preference mode), notifies them and publishes them for "
                "%(days)d days, during which anyone may object."
            )
            % {"days": round_.publicity_days},
        ),
        P.PUBLICITY: (
            "confirm-placement",
            _("Confirm the placement"),
            _(
                "Possible once the publicity period is over and every objection is answered. The "
                "proposed hires are placed, the other qualified applicants are not, everyone is "
                "notified, and the certificates are deleted %(days)d days later."
            )
            % {"days": days},
        ),
    }
    if round_.phase not in steps:
        return None
    slug, label, what = steps[round_.phase]
    return {"slug": slug, "label": label, "what": what}


def _post_rows(round_: Round) -> list[dict]:
    """The ratio report with each post's applications counted by status."""
    by_status = defaultdict(dict)
    for post_id, status, n in (
        PostApplication.objects.filter(round=round_)
        .order_by()
        .values_list("post_id", "status")
        .annotate(n=Count("id"))
    ):
        by_status[post_id][status] = n
    labels = dict(A.choices)
    rows = services.ratio_report(round_)
    for row in rows:
        counts = by_status.get(row["post"].pk, {})
        row["total"] = sum(n for status, n in counts.items() if status != A.TRANSFERRED)
        row["by_status"] = [(labels[s], counts[s]) for s in A.values if counts.get(s)]
    return rows


def _proposals(round_: Round):
    """The proposed (or placed) hires and everyone set aside during the publicity."""
    if round_.phase not in (P.PUBLICITY, P.CLOSED):
        return []
    return list(
        PostApplication.objects.filter(round=round_)
        .filter(
            Q(status__in=[A.PROPOSED, A.PLACED])
            | (Q(status=A.NOT_PLACED) & ~Q(status_reason=""))
            | Q(objections__isnull=False)
        )
        .distinct()
        .select_related("post", "post__institution", "talent")
        .prefetch_related("objections__handled_by")
        .order_by("post__code", "rank_in_post", "pk")
    )


def _history(round_: Round) -> list[dict]:
    codes = (
        "round.created",
        "round.changed",
        "round.opened",
        "round.registration_closed",
        "round.assessment",
        "round.publicity",
        "round.placed",
    )
    words = {code: audit.label(code) for code in codes}
    return [
        {"at": entry.created_at, "actor": entry.actor, "what": words.get(entry.action)}
        for entry in audit.history(round_)[:30]
        if entry.action in words
    ]


@staff_view(PERM)
def round_detail(request, pk):
    round_ = _round_for(request, pk)
    rows = _post_rows(round_)
    below = [row for row in rows if row["below"]]
    pending = sum(row["pending"] for row in rows)
    q = request.GET.get("q", "").strip()[:60]
    shown = rows
    only_below = request.GET.get("below") == "1"
    if only_below:
        shown = below
    if q:
        needle = q.casefold()
        shown = [
            row
            for row in shown
            if needle in row["post"].code.casefold()
            or needle in row["post"].name.casefold()
            or needle in str(row["post"].institution).casefold()
        ]
    page = Paginator(shown, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    proposals = _proposals(round_)
    open_objections = sum(
        1 for a in proposals for o in a.objections.all() if o.status == Objection.Status.RECEIVED
    )
    now = timezone.now()
    return render(
        request,
        "institutions/organiser/round.html",
        {
            "round": round_,
            "timeline": _timeline(round_),
            "next_step": _next_step(round_),
            "page": page,
            "rows": page.object_list,
            "post_count": len(rows),
            "below": below,
            "only_below": only_below,
            "q": q,
            "pending": pending,
            "show_ratio": round_.phase != P.DRAFT and round_.phase != P.REGISTRATION,
            "can_cancel": round_.phase in (P.REGISTRATION, P.REVIEW),
            "can_reduce": round_.phase == P.REVIEW,
            "proposals": proposals,
            "open_objections": open_objections,
            "publicity_running": round_.phase == P.PUBLICITY
            and round_.publicity_ends is not None
            and now < round_.publicity_ends,
            "objection_form": ObjectionResponseForm(auto_id=False),
            "history": _history(round_),
        },
    )


STEPS = {
    "open-registration": services.open_registration,
    "close-registration": services.close_registration,
    "open-assessment": services.open_assessment,
    "start-publicity": services.start_publicity,
    "confirm-placement": services.confirm_placement,
}


def _step_message(step: str) -> str:
    return {
        "open-registration": _("Registration is open: the round and its posts are public."),
        "close-registration": _("Registration is closed. Check the ratio report."),
        "open-assessment": _("The assessment is open."),
        "start-publicity": _(
            "The publicity has started: the proposed hires are published and notified."
        ),
        "confirm-placement": _("Placement confirmed: everyone concerned is notified."),
    }[step]


@require_POST
@staff_view(PERM)
def round_step(request, pk, step):
    if step not in STEPS:
        raise Http404
    round_ = _round_for(request, pk)
    try:
        STEPS[step](request.user, round_)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _step_message(step))
    return redirect("orga_recruitment:round", pk=round_.pk)


# --- Posts below the ratio ------------------------------------------------------------------
def _post_for(request, pk) -> Post:
    post = get_object_or_404(Post.objects.select_related("round", "institution"), pk=pk)
    if not can(request.user, PERM, post.round):
        raise PermissionDenied
    return post


def _back_to(post: Post) -> str:
    return f"{reverse('orga_recruitment:round', args=[post.round_id])}#post-{post.pk}"


@require_POST
@staff_view(PERM)
def post_reduce(request, pk):
    post = _post_for(request, pk)
    form = ReduceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the number of places the post keeps."))
        services.reduce_post(request.user, post, form.cleaned_data["places"])
    except ValidationError as error:
        messages.error(request, f"{post}: {error_text(error)}")
    else:
        messages.success(
            request,
            ngettext(
                "%(post)s is reduced to %(n)d place; its applicants are notified.",
                "%(post)s is reduced to %(n)d places; its applicants are notified.",
                post.places,
            )
            % {"post": post, "n": post.places},
        )
    return redirect(_back_to(post))


@require_POST
@staff_view(PERM)
def post_cancel(request, pk):
    post = _post_for(request, pk)
    if post.status == Post.Status.CANCELLED:
        messages.error(request, _("%(post)s is already cancelled.") % {"post": post})
        return redirect(_back_to(post))
    try:
        services.cancel_post(request.user, post)
    except ValidationError as error:
        messages.error(request, f"{post}: {error_text(error)}")
    else:
        messages.success(
            request, _("%(post)s is cancelled; its applicants are notified.") % {"post": post}
        )
    return redirect(_back_to(post))


# --- Objections ----------------------------------------------------------------------------------
@require_POST
@staff_view(PERM)
def objection_handle(request, pk):
    objection = get_object_or_404(
        Objection.objects.select_related("application__round", "application__post"), pk=pk
    )
    round_ = objection.application.round
    if not can(request.user, PERM, round_):
        raise PermissionDenied
    form = ObjectionResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose upheld or dismissed and write the response."))
        services.handle_objection(
            request.user,
            objection,
            form.cleaned_data["decision"] == Objection.Status.UPHELD,
            form.cleaned_data["response"],
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The objection is answered."))
    return redirect(
        f"{reverse('orga_recruitment:round', args=[round_.pk])}"
        f"#application-{objection.application_id}"
    )


# --- Statistics -----------------------------------------------------------------------------------
def _share(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


@staff_view(PERM)
def statistics(request):
    form = StatisticsForm(request.GET or None)
    round_ = form.cleaned_data["round"] if form.is_valid() else None
    figures = stats.summary(round_)
    total = figures["total"]
    levels = [
        {
            "label": Organisation.Level.MUNICIPAL.label,
            "n": figures["municipal"],
            "doctors": figures["municipal_doctors"],
            "share": figures["municipal_doctor_share"],
        },
        {
            "label": Organisation.Level.DISTRICT.label,
            "n": figures["district"],
            "doctors": figures["district_doctors"],
            "share": figures["district_doctor_share"],
        },
    ]
    by_degree = figures["by_degree"]
    degrees = [
        (label, by_degree.get(key, 0), _share(by_degree.get(key, 0), total))
        for key, label in (
            ("doctor", Degree.DOCTOR.label),
            ("master", Degree.MASTER.label),
            ("other", _("bachelor or other")),
        )
    ]
    names = {
        f.slug: str(f) for f in DisciplineField.objects.filter(slug__in=list(figures["by_field"]))
    }
    fields = sorted(
        (
            (names.get(slug, _("no field given")), n, _share(n, total))
            for slug, n in figures["by_field"].items()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    top_posts = sorted(figures["by_post"].items(), key=lambda item: (-item[1], item[0]))[:TOP]
    posts = Post.objects.select_related("institution", "round").in_bulk(
        [pk for pk, _n in top_posts]
    )
    top_institutions = sorted(
        figures["by_institution"].items(), key=lambda item: (-item[1], item[0])
    )[:TOP]
    institutions = Organisation.objects.in_bulk([pk for pk, _n in top_institutions])
    return render(
        request,
        "institutions/organiser/statistics.html",
        {
            "form": form,
            "round": round_,
            "figures": figures,
            "levels": levels,
            "degrees": degrees,
            "fields": fields,
            "posts": [(posts[pk], n) for pk, n in top_posts if pk in posts],
            "institutions": [
                (institutions[pk], n) for pk, n in top_institutions if pk in institutions
            ],
            "top": TOP,
        },
        status=400 if form.errors else 200,
    )
