"""The applicants' side of public-institution recruitment: applying (posts, answers,
certificates, the separate consent), my applications, correcting, withdrawing, transferring."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.core.access import signed_in
from yingcai.core.http import private_file_response
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.talents.models import TalentProfile

from .. import services
from ..forms_applicant import (
    ANSWER_MAX_LENGTH,
    AnswersForm,
    ApplyForm,
    CertificateForm,
    ConfirmForm,
    ConsentForm,
    TransferForm,
    answer_name,
)
from ..models import Certificate, Post, PostApplication, PostQuestion, ReviewDecision, Round
from ..queries import public_posts

A = PostApplication.Status
# Applications that count as "applied in this round" for the applicant's notices.
ACTIVE = (A.SUBMITTED, A.RETURNED, A.APPROVED, A.PROPOSED, A.PLACED)
# From publicity on, the totals are final: before, scores may still be entered or corrected.
SCORES_SHOWN_FROM = (Round.Phase.PUBLICITY, Round.Phase.CLOSED)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def visible_round(request, round_pk) -> Round:
    round_ = get_object_or_404(Round, pk=round_pk)
    if not can(request.user, "institutions.view_round", round_):
        raise Http404
    return round_


def profile_of(user) -> TalentProfile | None:
    if not user.is_authenticated:
        return None
    return TalentProfile.objects.filter(user=user).first()


def eligibility_for(profile, post) -> list[str]:
    """Why the person cannot apply for the post, in clear words (empty: they can)."""
    if profile is None or not profile.degree:
        return [_("Complete your profile first: your highest degree is missing.")]
    return services.eligibility(
        post, degree=profile.degree, title=profile.title, birth_date=profile.birth_date
    )


def _options(round_) -> dict[int, Post]:
    """The posts one may choose when applying, by id (the round attached: no query each)."""
    posts = (
        public_posts(round_.posts.exclude(status=Post.Status.CANCELLED))
        .select_related("institution")
        .order_by("code", "pk")
    )
    options = {}
    for post in posts:
        post.round = round_
        options[post.pk] = post
    return options


def _questions_for(post_ids) -> dict[int, list[PostQuestion]]:
    questions = {pk: [] for pk in post_ids}
    for question in PostQuestion.objects.filter(post_id__in=list(post_ids)).order_by(
        "post_id", "position", "id"
    ):
        questions[question.post_id].append(question)
    return questions


def _posted_answers(data, questions) -> dict:
    return {
        str(post_pk): {
            str(q.pk): str(data.get(answer_name(post_pk, q.pk), ""))[:ANSWER_MAX_LENGTH]
            for q in items
        }
        for post_pk, items in questions.items()
    }


def _initial(answers: dict) -> dict:
    return {
        answer_name(post_pk, question_pk): text
        for post_pk, texts in answers.items()
        for question_pk, text in texts.items()
    }


# --- Applying: the draft lives in the session until the application is sent -----------------------
def _draft_key(round_) -> str:
    return f"recruitment-draft-{round_.pk}"


def _selection(values, options) -> list[int]:
    """The posts picked, in the order of the preferences, skipping empty or unknown ones."""
    return [pk for pk in (_int(v) for v in values) if pk in options]


def _apply_page(request, round_, options, form, selected, *, refusal=None, status=200):
    profile = profile_of(request.user)
    slots = []
    for index in range(round_.preferences_allowed):
        post = options.get(selected[index]) if index < len(selected) else None
        slots.append(
            {
                "index": index + 1,
                "post": post,
                "reasons": eligibility_for(profile, post) if post else [],
                "answers": form.answer_fields(post.pk) if post else [],
            }
        )
    return render(
        request,
        "institutions/applicant/apply.html",
        {
            "round": round_,
            "options": list(options.values()),
            "slots": slots,
            "form": form,
            "profile": profile,
            "refusal": refusal,
            "applied": PostApplication.objects.filter(
                round=round_, talent=request.user, status__in=ACTIVE
            ).select_related("post__institution"),
            "certificates": Certificate.objects.filter(round=round_, talent=request.user),
        },
        status=status,
    )


def _applied(request, round_, created):
    request.session.pop(_draft_key(round_), None)
    messages.success(
        request,
        _(
            "Your application is sent. The institution reviews your qualifications; you are "
            "told of every decision by e-mail and here."
        ),
    )
    return redirect("recruitment:my_applications")


@signed_in()
@require_http_methods(["GET", "POST"])
def apply(request, round_pk):
    round_ = visible_round(request, round_pk)
    options = _options(round_)
    limit = round_.preferences_allowed
    key = _draft_key(round_)
    if request.method == "POST":
        selected = _selection(request.POST.getlist("post"), options)
        questions = _questions_for(list(dict.fromkeys(selected)))
        answers = _posted_answers(request.POST, questions)
        request.session[key] = {"posts": list(dict.fromkeys(selected))[:limit], "answers": answers}
        action = request.POST.get("action")
        if action == "certificates":
            return redirect("recruitment:certificates", round_pk=round_.pk)
        if action != "apply":
            # "Check my choices" (the page without JavaScript): show the posts' conditions,
            # the eligibility and the questions, with nothing refused yet.
            form = ApplyForm(
                initial=_initial(answers), questions=questions, options=options, limit=limit
            )
            return _apply_page(request, round_, options, form, selected)
        form = ApplyForm(request.POST, questions=questions, options=options, limit=limit)
        refusal = None
        if form.is_valid():
            try:
                created = services.apply(
                    request.user, round_, form.cleaned_data["post"], form.answers()
                )
            except services.ConsentRequired:
                return redirect("recruitment:consent", round_pk=round_.pk)
            except ValidationError as error:
                refusal = error_text(error)
            else:
                return _applied(request, round_, created)
        return _apply_page(request, round_, options, form, selected, refusal=refusal, status=400)
    draft = request.session.get(key) or {}
    selected = [pk for pk in draft.get("posts", []) if pk in options][:limit]
    wanted = _int(request.GET.get("post"))
    if wanted in options and wanted not in selected:
        if len(selected) < limit:
            selected.append(wanted)
        else:
            selected[-1] = wanted
    form = ApplyForm(
        initial=_initial(draft.get("answers", {})),
        questions=_questions_for(selected),
        options=options,
        limit=limit,
    )
    return _apply_page(request, round_, options, form, selected)


@signed_in()
def check(request, round_pk):
    """One chosen post's conditions, the eligibility and its questions (HTMX, when choosing)."""
    round_ = visible_round(request, round_pk)
    post_pk = _int(request.GET.get("post"))
    post = _options(round_).get(post_pk) if post_pk else None
    if not request.htmx:
        if post is None:
            return redirect("recruitment:apply", round_pk=round_.pk)
        return redirect("recruitment:post", round_pk=round_.pk, post_pk=post.pk)
    if post is None:
        return HttpResponse("")
    draft = request.session.get(_draft_key(round_)) or {}
    form = AnswersForm(
        initial=_initial(draft.get("answers", {})), questions=_questions_for([post.pk])
    )
    return render(
        request,
        "institutions/applicant/_choice.html",
        {
            "round": round_,
            "slot": {
                "post": post,
                "reasons": eligibility_for(profile_of(request.user), post),
                "answers": form.answer_fields(post.pk),
            },
        },
    )


@signed_in()
@require_http_methods(["GET", "POST"])
def consent(request, round_pk):
    """The separate consent to pass one's data, certificates included, to the institutions
    of the posts chosen (PIPL Art. 23 and 29); then the application is sent."""
    round_ = visible_round(request, round_pk)
    options = _options(round_)
    draft = request.session.get(_draft_key(round_)) or {}
    posts = [options[pk] for pk in draft.get("posts", []) if pk in options]
    if not posts:
        return redirect("recruitment:apply", round_pk=round_.pk)
    missing = services.missing_consents(request.user, posts)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                # The consent is kept only if the application it was given for goes through.
                services.give_consents(request.user, missing)
                created = services.apply(request.user, round_, posts, draft.get("answers", {}))
        except services.ConsentRequired:
            missing = services.missing_consents(request.user, posts)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect("recruitment:apply", round_pk=round_.pk)
        else:
            return _applied(request, round_, created)
    institutions = list({post.institution_id: post.institution for post in posts}.values())
    missing_pks = {org.pk for org in missing}
    return render(
        request,
        "institutions/applicant/consent.html",
        {
            "round": round_,
            "posts": posts,
            "form": form,
            "shown": [
                {**services.consent_text(org), "needed": org.pk in missing_pks}
                for org in institutions
            ],
            "certificates": Certificate.objects.filter(round=round_, talent=request.user),
        },
        status=400 if form.is_bound else 200,
    )


# --- Certificates ------------------------------------------------------------------------------
def _certificates_page(request, round_, form, status=200):
    return render(
        request,
        "institutions/applicant/certificates.html",
        {
            "round": round_,
            "form": form,
            "certificates": Certificate.objects.filter(round=round_, talent=request.user),
            "uploads_open": round_.phase in (Round.Phase.REGISTRATION, Round.Phase.REVIEW),
            "seen_by": sorted(
                {
                    str(a.post.institution)
                    for a in PostApplication.objects.filter(
                        round=round_, talent=request.user
                    ).select_related("post__institution")
                }
            ),
        },
        status=status,
    )


@signed_in()
@require_http_methods(["GET", "POST"])
def certificates(request, round_pk):
    round_ = visible_round(request, round_pk)
    if request.method == "POST":
        form = CertificateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                certificate = services.upload_certificate(
                    request.user, round_, form.cleaned_data["kind"], form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error_text(error))
            else:
                messages.success(
                    request, _("%(name)s is uploaded.") % {"name": certificate.original_name}
                )
                return redirect("recruitment:certificates", round_pk=round_.pk)
        return _certificates_page(request, round_, form, status=400)
    return _certificates_page(request, round_, CertificateForm())


def _own_certificate(request, pk) -> Certificate:
    """One's own certificate; anyone else's does not exist on these URLs (institutions and
    organisers have their own)."""
    return get_object_or_404(
        Certificate.objects.select_related("round"), pk=pk, talent=request.user
    )


@signed_in()
def certificate(request, pk):
    certificate = _own_certificate(request, pk)
    return private_file_response(
        certificate.file, certificate.original_name, certificate.content_type
    )


@signed_in()
@require_POST
def certificate_delete(request, pk):
    certificate = _own_certificate(request, pk)
    name, round_pk = certificate.original_name, certificate.round_id
    services.delete_certificate(request.user, certificate)
    messages.success(request, _("%(name)s is deleted.") % {"name": name})
    return redirect("recruitment:certificates", round_pk=round_pk)


# --- My applications ---------------------------------------------------------------------------
def _with_actions(user, application):
    """What the applicant may do now: the rules the services ask again on the locked rows."""
    application.can_resubmit = can(user, "institutions.resubmit_application", application)
    application.can_withdraw = can(user, "institutions.withdraw_application", application)
    application.can_transfer = can(user, "institutions.transfer_application", application)
    application.score_shown = application.round.phase in SCORES_SHOWN_FROM
    return application


# Only what the applicant may see of a decision: never who took it.
_DECISIONS = Prefetch(
    "decisions",
    queryset=ReviewDecision.objects.only(
        "id", "application_id", "decision", "reason", "created_at"
    ).order_by("created_at", "id"),
)


@signed_in(
    "institutions.resubmit_application",
    "institutions.transfer_application",
    "institutions.withdraw_application",
)
def my_applications(request):
    mine = (
        PostApplication.objects.filter(talent=request.user)
        .select_related("round", "post__institution")
        .prefetch_related(_DECISIONS)
        .order_by("-round__registration_opens", "-round_id", "rank", "submitted_at", "pk")
    )
    rounds = [
        (round_, [_with_actions(request.user, a) for a in items])
        for round_, items in groupby(mine, key=lambda a: a.round)
    ]
    return render(request, "institutions/applicant/my_applications.html", {"rounds": rounds})


def _own_application(request, pk) -> PostApplication:
    """The user's own application; anyone else's does not exist here."""
    return get_object_or_404(
        PostApplication.objects.select_related("round", "post__institution"),
        pk=pk,
        talent=request.user,
    )


@signed_in(
    "institutions.resubmit_application",
    "institutions.transfer_application",
    "institutions.withdraw_application",
)
def my_application(request, pk):
    application = _with_actions(request.user, _own_application(request, pk))
    texts = {str(q.pk): q.text for q in application.post.questions.all()}
    return render(
        request,
        "institutions/applicant/my_application.html",
        {
            "application": application,
            "round": application.round,
            "post": application.post,
            "decisions": application.decisions.only(
                "id", "application_id", "decision", "reason", "created_at"
            ).order_by("created_at", "id"),
            "answers": [
                (texts.get(pk, _("(a question no longer asked)")), text)
                for pk, text in application.answers.items()
            ],
            "certificates": Certificate.objects.filter(
                round=application.round, talent=request.user
            ),
            "transferred_from": PostApplication.objects.filter(
                pk=application.transferred_from_id, talent=request.user
            )
            .select_related("post")
            .first()
            if application.transferred_from_id
            else None,
            "transferred_to": PostApplication.objects.filter(
                transferred_from=application, talent=request.user
            )
            .select_related("post")
            .first(),
        },
    )


@signed_in(
    "institutions.resubmit_application",
    "institutions.transfer_application",
    "institutions.withdraw_application",
)
@require_http_methods(["GET", "POST"])
def resubmit(request, pk):
    """Correct a returned application (answers; the profile's degree and title are read again)."""
    application = _with_actions(request.user, _own_application(request, pk))
    post = application.post
    questions = _questions_for([post.pk])
    initial = _initial({str(post.pk): application.answers})
    refusal = None
    if request.method == "POST":
        form = AnswersForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                services.resubmit(request.user, application, form.answers()[str(post.pk)])
            except ValidationError as error:
                refusal = error_text(error)
            else:
                messages.success(request, _("Your corrected application is sent back for review."))
                return redirect("recruitment:my_application", pk=application.pk)
    else:
        form = AnswersForm(initial=initial, questions=questions)
    return render(
        request,
        "institutions/applicant/resubmit.html",
        {
            "application": application,
            "post": post,
            "round": application.round,
            "form": form,
            "fields": form.answer_fields(post.pk),
            "profile": profile_of(request.user),
            "refusal": refusal,
            "returned_for": application.decisions.filter(decision=ReviewDecision.Decision.RETURN)
            .order_by("-created_at", "-id")
            .only("reason", "created_at")
            .first(),
        },
        status=400 if request.method == "POST" else 200,
    )


@signed_in(
    "institutions.resubmit_application",
    "institutions.transfer_application",
    "institutions.withdraw_application",
)
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    application = _own_application(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(request.user, application)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Your application is withdrawn."))
        return redirect("recruitment:my_application", pk=application.pk)
    return render(
        request,
        "institutions/applicant/withdraw.html",
        {"application": application, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@signed_in(
    "institutions.resubmit_application",
    "institutions.transfer_application",
    "institutions.withdraw_application",
)
@require_http_methods(["GET", "POST"])
def transfer(request, pk):
    """改报: move an application of a reduced or cancelled post to another open post."""
    application = _with_actions(request.user, _own_application(request, pk))
    round_ = application.round
    taken = PostApplication.objects.filter(round=round_, talent=request.user).values("post_id")
    targets = {}
    for post in (
        public_posts(round_.posts.filter(status=Post.Status.OPEN))
        .exclude(pk__in=taken)
        .select_related("institution")
        .order_by("code", "pk")
    ):
        post.round = round_
        targets[post.pk] = post
    data = request.POST if request.method == "POST" else request.GET
    post = targets.get(_int(data.get("post")))
    questions = _questions_for([post.pk]) if post else {}
    needs_consent = post is not None and bool(services.missing_consents(request.user, [post]))
    consent_to = post.institution if needs_consent else None
    refusal = None
    status = 200
    if request.method == "POST" and request.POST.get("action") == "transfer":
        form = TransferForm(
            request.POST, targets=targets, questions=questions, consent_to=consent_to
        )
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    # As when applying: the consent stays only if the transfer goes through.
                    if consent_to is not None:
                        services.give_consents(request.user, [consent_to])
                    new = services.transfer(
                        request.user, application, post, form.answers().get(str(post.pk), {})
                    )
            except ValidationError as error:
                refusal = error_text(error)
            else:
                messages.success(
                    request,
                    _("You are transferred to %(post)s at %(institution)s.")
                    % {"post": post, "institution": post.institution},
                )
                return redirect("recruitment:my_application", pk=new.pk)
    else:
        answers = _posted_answers(data, questions) if request.method == "POST" else {}
        form = TransferForm(
            initial={"post": post.pk if post else "", **_initial(answers)},
            targets=targets,
            questions=questions,
            consent_to=consent_to,
        )
    return render(
        request,
        "institutions/applicant/transfer.html",
        {
            "application": application,
            "round": round_,
            "form": form,
            "post": post,
            "reasons": eligibility_for(profile_of(request.user), post) if post else [],
            "fields": form.answer_fields(post.pk) if post else [],
            "shown": services.consent_text(consent_to) if consent_to else None,
            "refusal": refusal,
            "has_targets": bool(targets),
        },
        status=status,
    )
