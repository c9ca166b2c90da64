"""The public institutions' side of recruitment: posts (and Excel), applicants, qualification
review, assessment and checks, certificates.

Every page sits under /organisations/<org_pk>/recruitment/ and is for the members of that
organisation (and the organiser staff running the rounds). An organisation or an object a
visitor may not see answers 404; an action their role does not allow answers 403 (see
yingcai/institutions/rules.py); every change goes through yingcai.institutions.services.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Avg, Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yingcai.core import spreadsheets
from yingcai.core.access import signed_in
from yingcai.core.http import private_file_response
from yingcai.core.rules import can
from yingcai.core.views import error_text, form_error
from yingcai.organisations.models import Organisation
from yingcai.organisations.shortcuts import organisation_or_404
from yingcai.talents.models import CV
from yingcai.talents.queries import career

from .. import excel, rules, services
from ..forms_institution import (
    CheckForm,
    ImportForm,
    NewPostForm,
    PostForm,
    ReviewForm,
    ScoreForm,
)
from ..models import Certificate, Post, PostApplication, Round, Score

A = PostApplication.Status
POSTS_PER_PAGE = 50
APPLICANTS_PER_PAGE = 50
# The applicants a ranking lists: those assessed, and what became of them.
RANKED = (A.APPROVED, A.PROPOSED, A.PLACED, A.NOT_PLACED)
# Dates of birth unknown when applying are stored as this placeholder (services.apply).
UNKNOWN_BIRTH_YEAR = 1900


def _organisation_for(
    request, org_pk: int, perm: str = "institutions.view_post", *, institution_only=True
) -> Organisation:
    organisation = organisation_or_404(request.user, org_pk, perm)
    if institution_only and organisation.kind != Organisation.Kind.PUBLIC_INSTITUTION:
        # Only public institutions recruit in rounds: there is nothing here.
        raise Http404
    return organisation


def _post_for(request, organisation: Organisation, post_pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("round"), pk=post_pk, institution=organisation
    )
    post.institution = organisation
    return post


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    if value == "":
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


def _age(application: PostApplication) -> int | None:
    """Age on the day registration closes: the day eligibility is judged on."""
    if application.birth_date is None or application.birth_date.year == UNKNOWN_BIRTH_YEAR:
        return None
    day = timezone.localtime(application.round.registration_closes).date()
    return services.age_on(application.birth_date, day)


# --- Posts ---------------------------------------------------------------------------------
@signed_in(
    "institutions.add_post",
    "institutions.change_post",
    "institutions.view_post",
    "institutions.view_post_applicants",
    "organisations.view_organisation",
)
def posts(request, org_pk):
    organisation = _organisation_for(request, org_pk, institution_only=False)
    is_institution = organisation.kind == Organisation.Kind.PUBLIC_INSTITUTION
    rounds, rows, page, selected = [], [], None, None
    if is_institution:
        rounds = list(
            Round.objects.filter(
                Q(posts__institution=organisation) | Q(phase__in=rules.OPEN_FOR_POSTS)
            )
            .distinct()
            .order_by("-registration_opens", "-id")
        )
        round_pk = _int_param(request, "round")
        if round_pk is not None:
            selected = next((r for r in rounds if r.pk == round_pk), None)
            if selected is None:
                raise Http404
        queryset = organisation.recruitment_posts.select_related("round")
        if selected is not None:
            queryset = queryset.filter(round=selected)
        page = Paginator(
            queryset.order_by("-round__registration_opens", "round_id", "code"), POSTS_PER_PAGE
        ).get_page(request.GET.get("page"))
        rows = list(page.object_list)
        counts = defaultdict(dict)
        for post_id, status, n in (
            PostApplication.objects.filter(post__in=rows)
            .order_by()
            .values_list("post_id", "status")
            .annotate(n=Count("id"))
        ):
            counts[post_id][status] = n
        labels = dict(A.choices)
        for post in rows:
            post.institution = organisation
            by_status = counts.get(post.pk, {})
            post.status_counts = [(labels[s], by_status[s]) for s in A.values if s in by_status]
            post.applicant_total = sum(by_status.values())
            post.can_edit = can(request.user, "institutions.change_post", post)
    can_add = is_institution and can(request.user, "institutions.add_post", organisation)
    return render(
        request,
        "institutions/institution/posts.html",
        {
            "organisation": organisation,
            "is_institution": is_institution,
            "rounds": rounds,
            "selected": selected,
            "open_rounds": [r for r in rounds if r.phase in rules.OPEN_FOR_POSTS],
            "page": page,
            "rows": rows,
            "can_add": can_add,
            "can_see_applicants": can(
                request.user, "institutions.view_post_applicants", organisation
            ),
        },
    )


def _open_rounds():
    return Round.objects.filter(phase__in=rules.OPEN_FOR_POSTS).order_by(
        "-registration_opens", "-id"
    )


def _posts_url(organisation, round_) -> str:
    return f"{reverse('recruitment_institution:posts', args=[organisation.pk])}?round={round_.pk}"


@signed_in("institutions.add_post", "institutions.view_post", "organisations.view_organisation")
def post_create(request, org_pk):
    organisation = _organisation_for(request, org_pk, "institutions.add_post")
    rounds = _open_rounds()
    initial = {}
    round_pk = request.GET.get("round", "")
    if round_pk.isdigit():
        initial["round"] = int(round_pk)
    form = NewPostForm(
        request.POST or None,
        instance=Post(institution=organisation),
        rounds=rounds,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.save_post(
                request.user,
                form.instance,
                fields=form.cleaned_data["fields"],
                questions=form.cleaned_data["questions"],
                changed=form.changes(),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Post “%(post)s” added.") % {"post": post})
            return redirect(_posts_url(organisation, post.round))
    return render(
        request,
        "institutions/institution/post_form.html",
        {"organisation": organisation, "form": form, "has_rounds": rounds.exists()},
        status=400 if form.errors else 200,
    )


@signed_in("institutions.change_post", "institutions.view_post", "organisations.view_organisation")
def post_edit(request, org_pk, post_pk):
    organisation = _organisation_for(request, org_pk)
    post = _post_for(request, organisation, post_pk)
    if not can(request.user, "institutions.change_post", post):
        raise PermissionDenied
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_post(
                request.user,
                form.instance,
                fields=form.cleaned_data["fields"],
                questions=form.cleaned_data["questions"],
                changed=form.changes(),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_posts_url(organisation, post.round))
    return render(
        request,
        "institutions/institution/post_form.html",
        {
            "organisation": organisation,
            "form": form,
            "post": post,
            "has_applications": post.applications.exists(),
        },
        status=400 if form.errors else 200,
    )


# --- Excel ---------------------------------------------------------------------------------
@signed_in("institutions.view_post", "organisations.view_organisation")
def posts_template(request, org_pk):
    _organisation_for(request, org_pk)
    return spreadsheets.download(excel.template_workbook(), "yingcai-posts-template.xlsx")


@signed_in("institutions.add_post", "institutions.view_post", "organisations.view_organisation")
def posts_import(request, org_pk):
    organisation = _organisation_for(request, org_pk, "institutions.add_post")
    rounds = _open_rounds()
    initial = {}
    round_pk = request.GET.get("round", "")
    if round_pk.isdigit():
        initial["round"] = int(round_pk)
    form = ImportForm(request.POST or None, request.FILES or None, rounds=rounds, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        round_ = form.cleaned_data["round"]
        try:
            result = excel.import_posts(
                request.user, organisation, round_, form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext("%(n)d post imported.", "%(n)d posts imported.", len(result.created))
                    % {"n": len(result.created)},
                )
                return redirect(_posts_url(organisation, round_))
    return render(
        request,
        "institutions/institution/import.html",
        {
            "organisation": organisation,
            "form": form,
            "result": result,
            "has_rounds": rounds.exists(),
            "max_rows": excel.MAX_ROWS,
            "max_mb": spreadsheets.MAX_BYTES // (1024 * 1024),
        },
        status=400 if form.errors or (result and not result.ok) else 200,
    )


@signed_in("institutions.view_post", "organisations.view_organisation")
def posts_export(request, org_pk):
    organisation = _organisation_for(request, org_pk)
    queryset = organisation.recruitment_posts.all()
    round_pk = _int_param(request, "round")
    part = "all"
    if round_pk is not None:
        queryset = queryset.filter(round_id=round_pk)
        part = f"round-{round_pk}"
    queryset = (
        queryset.select_related("round")
        .prefetch_related("fields", "questions")
        .annotate(n_applications=Count("applications"))
        .order_by("-round__registration_opens", "round_id", "code")
    )
    stamp = timezone.localdate().isoformat()
    return spreadsheets.download(
        excel.posts_workbook(queryset),
        f"{spreadsheets.file_stem(organisation)}-posts-{part}-{stamp}.xlsx",
    )


# --- Applicants ----------------------------------------------------------------------------
@signed_in(
    "institutions.view_post", "institutions.view_post_applicants", "organisations.view_organisation"
)
def applications(request, org_pk):
    organisation = _organisation_for(request, org_pk, "institutions.view_post_applicants")
    rounds = list(
        Round.objects.filter(posts__institution=organisation)
        .distinct()
        .order_by("-registration_opens", "-id")
    )
    selected_round = selected_post = None
    round_pk = _int_param(request, "round")
    if round_pk is not None:
        selected_round = next((r for r in rounds if r.pk == round_pk), None)
        if selected_round is None:
            raise Http404
    post_choices = organisation.recruitment_posts.select_related("round").order_by(
        "-round__registration_opens", "round_id", "code"
    )
    if selected_round is not None:
        post_choices = post_choices.filter(round=selected_round)
    post_choices = list(post_choices)
    post_pk = _int_param(request, "post")
    if post_pk is not None:
        selected_post = next((p for p in post_choices if p.pk == post_pk), None)
        if selected_post is None:
            raise Http404
    status = request.GET.get("status", "")
    if status and status not in A.values:
        raise Http404

    queryset = PostApplication.objects.filter(post__institution=organisation)
    if selected_round is not None:
        queryset = queryset.filter(round=selected_round)
    if selected_post is not None:
        queryset = queryset.filter(post=selected_post)
    counts = dict(
        queryset.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    if status:
        queryset = queryset.filter(status=status)
    page = Paginator(
        queryset.select_related("post", "round", "talent").order_by(
            "-round__registration_opens",
            "post__code",
            F("rank_in_post").asc(nulls_last=True),
            "submitted_at",
            "pk",
        ),
        APPLICANTS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    for application in page.object_list:
        application.age = _age(application)
    return render(
        request,
        "institutions/institution/applications.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "posts": post_choices,
            "selected_round": selected_round,
            "selected_post": selected_post,
            "status": status,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in A.choices],
            "total": sum(counts.values()),
            "page": page,
        },
    )


def _application_for(request, org_pk, application_pk) -> tuple[Organisation, PostApplication]:
    organisation = _organisation_for(request, org_pk, "institutions.view_post_applicants")
    application = get_object_or_404(
        PostApplication.objects.select_related(
            "post", "round", "talent", "talent__talent_profile", "transferred_from__post"
        ),
        pk=application_pk,
        post__institution=organisation,
    )
    application.post.institution = organisation
    if not can(request.user, "institutions.view_application", application):
        raise PermissionDenied
    return organisation, application


def _scores(application: PostApplication) -> list[dict]:
    """Each stage of the post's assessment: its scores by assessor, their mean and weight."""
    by_stage = defaultdict(list)
    for score in application.scores.select_related("entered_by").order_by("stage", "assessor"):
        by_stage[score.stage].append(score)
    labels = dict(Score.Stage.choices)
    weights = application.post.weights()
    stages = []
    for stage in application.post.stages:
        scores = by_stage.get(stage, [])
        mean = sum(s.score for s in scores) / len(scores) if scores else None
        stages.append(
            {
                "stage": stage,
                "label": labels[stage],
                "weight": weights[stage],
                "scores": scores,
                "mean": mean.quantize(Decimal("0.01")) if mean is not None else None,
            }
        )
    return stages


def _application_context(request, organisation, application, **forms) -> dict:
    user = request.user
    round_, post = application.round, application.post
    profile = getattr(application.talent, "talent_profile", None)
    cv = None
    if profile is not None:
        cv = CV.objects.filter(profile=profile, is_current=True).select_related("profile").first()
        if cv is not None and not can(user, "talents.view_cv", cv):
            cv = None
    certificates = list(
        Certificate.objects.filter(round=round_, talent=application.talent).order_by(
            "kind", "-uploaded_at"
        )
    )
    # The rule depends on the round and the talent only, the same for all of them.
    can_see_certificates = bool(certificates) and can(
        user, "institutions.view_certificate", certificates[0]
    )
    questions = list(post.questions.all())
    answers = application.answers or {}
    known = {str(q.pk) for q in questions}
    return {
        "organisation": organisation,
        "application": application,
        "post": post,
        "round": round_,
        "profile": profile,
        "fields": list(profile.fields.all()) if profile else [],
        "career": career(user, profile),
        "cv": cv,
        "age": _age(application),
        "answers": [(q, answers.get(str(q.pk), "")) for q in questions],
        # Answers to questions the institution has since removed.
        "old_answers": [text for key, text in answers.items() if key not in known and text],
        "certificates": certificates,
        "can_see_certificates": can_see_certificates,
        "decisions": application.decisions.select_related("actor"),
        "stages": _scores(application),
        "weights": post.weights(),
        # The forms the rules allow now: the same rules the services ask on the locked rows.
        "can_review": can(user, "institutions.review_application", application),
        "can_score": can(user, "institutions.score_application", application),
        "can_check": can(user, "institutions.check_application", application),
        "review_form": forms.get("review_form") or ReviewForm(),
        "score_form": forms.get("score_form") or ScoreForm(post=post),
        "check_form": forms.get("check_form") or CheckForm(),
    }


@signed_in(
    "institutions.assess",
    "institutions.check_application",
    "institutions.review",
    "institutions.review_application",
    "institutions.score_application",
    "institutions.view_application",
    "institutions.view_certificate",
    "institutions.view_post",
    "institutions.view_post_applicants",
    "organisations.view_organisation",
    "talents.view_cv",
)
def application(request, org_pk, application_pk):
    organisation, found = _application_for(request, org_pk, application_pk)
    return render(
        request,
        "institutions/institution/application.html",
        _application_context(request, organisation, found),
    )


ACTIONS = {
    "review": "institutions.review",
    "score": "institutions.assess",
    "check": "institutions.assess",
}


@signed_in(
    "institutions.assess",
    "institutions.check_application",
    "institutions.review",
    "institutions.review_application",
    "institutions.score_application",
    "institutions.view_application",
    "institutions.view_certificate",
    "institutions.view_post",
    "institutions.view_post_applicants",
    "organisations.view_organisation",
    "talents.view_cv",
)
@require_POST
def application_action(request, org_pk, application_pk, action):
    organisation, found = _application_for(request, org_pk, application_pk)
    if action not in ACTIONS:
        raise Http404
    if not can(request.user, ACTIONS[action], found):
        raise PermissionDenied
    forms, done = _run_action(request, found, action)
    if done:
        messages.success(request, done)
        return redirect(
            "recruitment_institution:application", org_pk=organisation.pk, application_pk=found.pk
        )
    return render(
        request,
        "institutions/institution/application.html",
        _application_context(request, organisation, found, **forms),
        status=400,
    )


def _run_action(request, found: PostApplication, action: str) -> tuple[dict, str]:
    """Validate and call the service; returns (bound forms, success message or "").

    The service's refusals (the wrong phase or status) are flashed at the top of the page: the
    form they came from may no longer be shown once the application moved on."""
    user, data = request.user, request.POST
    if action == "review":
        form = ReviewForm(data)
        if form.is_valid():
            try:
                services.review(
                    user, found, form.cleaned_data["decision"], form.cleaned_data["reason"]
                )
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                return {}, _("Decision recorded; the applicant is notified.")
        return {"review_form": form}, ""
    if action == "score":
        form = ScoreForm(data, post=found.post)
        if form.is_valid():
            try:
                services.enter_score(
                    user,
                    found,
                    form.cleaned_data["stage"],
                    form.cleaned_data["assessor"],
                    form.cleaned_data["score"],
                )
                # The total and the rank follow every score.
                services.rank_post(user, found.post)
            except ValidationError as error:
                messages.error(request, error_text(error))
            else:
                return {}, _("Score saved.")
        return {"score_form": form}, ""
    form = CheckForm(data)
    if form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            services.record_check(
                user, found, kind, form.cleaned_data["result"] == PostApplication.Check.PASSED
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            return {}, _("Result recorded.")
    return {"check_form": form}, ""


# --- Certificates --------------------------------------------------------------------------
@signed_in("institutions.view_certificate", "institutions.view_post_applicants")
def certificate(request, org_pk, certificate_pk):
    """The file, to those the rules allow; to anyone else it does not exist."""
    organisation = get_object_or_404(Organisation, pk=org_pk)
    found = Certificate.objects.filter(pk=certificate_pk).first()
    if (
        found is None
        or not can(request.user, "institutions.view_post_applicants", organisation)
        # Only the certificates of this institution's own applicants, under its address.
        or not PostApplication.objects.filter(
            round_id=found.round_id, talent_id=found.talent_id, post__institution=organisation
        ).exists()
        or not can(request.user, "institutions.view_certificate", found)
    ):
        raise Http404
    return private_file_response(found.file, found.original_name, found.content_type)


# --- Ranking -------------------------------------------------------------------------------
@signed_in(
    "institutions.assess",
    "institutions.view_post",
    "institutions.view_post_applicants",
    "organisations.view_organisation",
)
def ranking(request, org_pk, post_pk):
    organisation = _organisation_for(request, org_pk, "institutions.view_post_applicants")
    post = _post_for(request, organisation, post_pk)
    can_assess = can(request.user, "institutions.assess", post)
    if post.round.phase == Round.Phase.ASSESSMENT and can_assess:
        # Later phases keep the ranking the proposals were made from.
        services.rank_post(request.user, post)
    rows = list(
        post.applications.filter(
            Q(status__in=RANKED) | Q(status=A.WITHDRAWN, rank_in_post__isnull=False)
        )
        .select_related("talent")
        .order_by(F("rank_in_post").asc(nulls_last=True), "submitted_at", "pk")
    )
    means = defaultdict(dict)
    for row in (
        Score.objects.filter(application__in=rows)
        .values("application_id", "stage")
        .annotate(mean=Avg("score"))
        .order_by()
    ):
        means[row["application_id"]][row["stage"]] = Decimal(row["mean"]).quantize(Decimal("0.01"))
    for application in rows:
        application.means = [means[application.pk].get(stage) for stage in post.stages]
    labels = dict(Score.Stage.choices)
    weights = post.weights()
    return render(
        request,
        "institutions/institution/ranking.html",
        {
            "organisation": organisation,
            "post": post,
            "round": post.round,
            "rows": rows,
            "stages": [(labels[stage], weights[stage]) for stage in post.stages],
            "can_assess": can_assess,
        },
    )
