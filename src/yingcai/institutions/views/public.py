"""Recruitment rounds, their posts and the publicity (公示), open to everyone."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingcai.core.access import public
from yingcai.core.http import rate_limited, too_many_submissions
from yingcai.core.models import DisciplineField
from yingcai.core.views import render_page_or_fragment
from yingcai.organisations.models import Organisation

from .. import services
from ..filters import PostFilter
from ..forms_applicant import ObjectionForm
from ..models import Post, PostApplication, Round
from ..queries import public_posts
from .applicant import ACTIVE, eligibility_for, profile_of, visible_round

PER_PAGE = 20
PUBLICITY_PER_PAGE = 50
A = PostApplication.Status


@public
def rounds(request):
    not_cancelled = ~Q(posts__status=Post.Status.CANCELLED)
    announced = (
        Round.objects.exclude(phase=Round.Phase.DRAFT)
        .annotate(
            post_count=Count("posts", filter=not_cancelled),
            places=Sum(
                Coalesce("posts__reduced_headcount", "posts__headcount"), filter=not_cancelled
            ),
        )
        .order_by("-registration_opens", "-id")
    )
    page = Paginator(announced, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "institutions/public/rounds.html", {"page": page})


def _mine(request, round_) -> list:
    if not request.user.is_authenticated:
        return []
    return list(
        PostApplication.objects.filter(
            round=round_, talent=request.user, status__in=ACTIVE
        ).values_list("post_id", flat=True)
    )


@public
def round_detail(request, round_pk):
    round_ = visible_round(request, round_pk)
    institutions = list(
        Organisation.objects.filter(
            recruitment_posts__round=round_, status=Organisation.Status.VERIFIED
        )
        .distinct()
        .order_by("name")
    )
    fields = list(DisciplineField.objects.order_by("position"))
    filters = PostFilter(
        request.GET or None,
        public_posts(round_.posts.all()),
        institutions=institutions,
        fields=fields,
    )
    posts = (
        filters.qs.select_related("institution")
        .prefetch_related(Prefetch("fields", queryset=DisciplineField.objects.order_by("position")))
        .order_by("code", "pk")
    )
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "round": round_,
        "form": filters.form,
        "page": page,
        "applied": _mine(request, round_),
        "registration_open": round_.registration_is_open,
    }
    return render_page_or_fragment(
        request, "institutions/public/round.html", "institutions/public/_posts.html", context
    )


@public
def post_detail(request, round_pk, post_pk):
    """A post with its conditions and questions, and "Can I apply?" for the person reading."""
    round_ = visible_round(request, round_pk)
    post = get_object_or_404(
        public_posts().select_related("institution", "institution__district"),
        pk=post_pk,
        round=round_,
    )
    post.round = round_
    profile = profile_of(request.user)
    return render(
        request,
        "institutions/public/post.html",
        {
            "round": round_,
            "post": post,
            "questions": post.questions.all(),
            "reasons": eligibility_for(profile, post) if request.user.is_authenticated else None,
            "profile": profile,
            "applied": post.pk in _mine(request, round_),
            "registration_open": round_.registration_is_open
            and post.status != Post.Status.CANCELLED,
        },
    )


def _objections_open(round_) -> bool:
    ends = round_.publicity_ends
    return round_.phase == Round.Phase.PUBLICITY and (ends is None or timezone.now() <= ends)


@public
def publicity(request, round_pk):
    """The proposed hires during the publicity; after the placement, those placed (without
    their scores: the publicity's scrutiny is over, the result stays public)."""
    round_ = visible_round(request, round_pk)
    shown = {Round.Phase.PUBLICITY: A.PROPOSED, Round.Phase.CLOSED: A.PLACED}.get(round_.phase)
    page = None
    if shown is not None:
        people = (
            PostApplication.objects.filter(round=round_, status=shown)
            .select_related("post__institution", "talent")
            .only(
                "id",
                "degree",
                "total_score",
                "rank_in_post",
                "substitute",
                "status",
                "talent__name",
                "post__code",
                "post__name",
                "post__name_zh_hans",
                "post__name_en",
                "post__institution__name",
                "post__institution__name_zh_hans",
                "post__institution__name_en",
            )
            .order_by("post__code", "rank_in_post", "pk")
        )
        page = Paginator(people, PUBLICITY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "institutions/public/publicity.html",
        {
            "round": round_,
            "page": page,
            "during_publicity": round_.phase == Round.Phase.PUBLICITY,
            "objections_open": _objections_open(round_),
        },
    )


@public
@require_http_methods(["GET", "POST"])
def objection(request, round_pk, application_pk):
    """Anyone may object to a proposed hire while the publicity runs (异议)."""
    round_ = visible_round(request, round_pk)
    # Only people published on the list exist here.
    application = get_object_or_404(
        PostApplication.objects.select_related("post__institution", "talent"),
        pk=application_pk,
        round=round_,
        status__in=[A.PROPOSED, A.PLACED],
    )
    is_open = _objections_open(round_) and application.status == A.PROPOSED
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.name, "contact": request.user.email}
    form = ObjectionForm(request.POST if request.method == "POST" else None, initial=initial)
    retry_after = 0
    if request.method == "POST":
        if not is_open:
            form.add_error(None, _("Objections are received during the publicity only."))
        elif form.is_valid() and (
            retry_after := too_many_submissions(request, "recruitment.objection")
        ):
            form.add_error(
                None, _("Too many objections from your network. Please try again later.")
            )
        if form.is_valid():
            try:
                services.object_to(
                    application,
                    form.cleaned_data["name"],
                    form.cleaned_data["contact"],
                    form.cleaned_data["text"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you. Your objection is received: the organisers look into it "
                        "and answer you at the address you gave."
                    ),
                )
                return redirect("recruitment:publicity", round_pk=round_.pk)
    return rate_limited(
        render(
            request,
            "institutions/public/objection.html",
            {"round": round_, "application": application, "form": form, "is_open": is_open},
            status=400 if form.is_bound else 200,
        ),
        retry_after,
    )
