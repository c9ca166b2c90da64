"""State changes of public-institution recruitment: one function per change.

Each checks permission and the round's phase, locks what it changes and re-checks its
state, writes in a transaction, records the audit trail and queues the applicant's
notification (in their language). Locks are taken in one order: the round, then its
applications (see "State changes and concurrency" in docs/architecture.md).
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit, files
from yingcai.core.choices import Degree, ProfessionalTitle
from yingcai.core.mail import notify_user
from yingcai.core.services import require
from yingcai.matching.stable import deferred_acceptance
from yingcai.privacy import services as privacy

from . import rules
from .models import (
    Certificate,
    Objection,
    Post,
    PostApplication,
    PostQuestion,
    ReviewDecision,
    Round,
    Score,
)
from .queries import post_is_public

A = PostApplication.Status
MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
CONSENT_PURPOSE = "public_recruitment"


def _lock_round(round_id: int) -> str:
    """Hold the round against a change of phase until the transaction ends; its phase now.

    FOR NO KEY UPDATE: a change of phase (FOR UPDATE, `_advance`) waits for the changes of
    applications under way, and those that come after it see the new phase.
    """
    return (
        Round.objects.select_for_update(no_key=True)
        .values_list("phase", flat=True)
        .get(pk=round_id)
    )


def _lock_application(application: PostApplication) -> PostApplication:
    # Only the application's row (`of`): the round is locked first, by _lock_round.
    return (
        PostApplication.objects.select_for_update(of=("self",))
        .select_related("round", "post")
        .get(pk=application.pk)
    )


def _phase(round_: Round, *phases: str) -> None:
    # The phase as stored now, not as it was when the object was read: organisers move
    # the round on while reviewers and applicants work in it; held until the commit.
    round_.phase = _lock_round(round_.pk)
    if round_.phase not in phases:
        raise ValidationError(
            _("This cannot be done while the round is at the step: %(phase)s.")
            % {"phase": round_.get_phase_display()}
        )


def _notify(application: PostApplication, template: str, **context) -> None:
    notify_user(
        application.talent,
        f"recruitment_{template}",
        {
            "application": application,
            "post": application.post,
            "round": application.round,
            **context,
        },
    )


class ConsentRequired(ValidationError):
    """The applicant must first agree to pass sensitive data to these institutions."""

    def __init__(self, institutions):
        self.institutions = institutions
        names = ", ".join(str(i) for i in institutions)
        super().__init__(
            _("Before applying, agree to pass your profile and certificates to: %(names)s.")
            % {"names": names}
        )


# --- Rounds -----------------------------------------------------------------------------------
def _check_round(round_: Round) -> None:
    round_.full_clean(exclude=["created_by"], validate_constraints=False)
    errors = {}
    if round_.registration_closes <= round_.registration_opens:
        errors["registration_closes"] = _("Registration must close after it opens.")
    if round_.review_closes < round_.registration_closes:
        errors["review_closes"] = _("The review cannot end before registration closes.")
    if round_.assessment_ends < round_.assessment_starts:
        errors["assessment_ends"] = _("The assessment cannot end before it starts.")
    if round_.transfer_closes and round_.transfer_closes < round_.registration_closes:
        errors["transfer_closes"] = _("Transfers cannot close before registration does.")
    if round_.mode == Round.Mode.PREFERENCE and round_.max_preferences < 2:
        errors["max_preferences"] = _("In preference mode an applicant ranks at least 2 posts.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_round(actor, round_: Round, changed: list[str] | None = None) -> Round:
    require(actor, "institutions.manage_round", round_)
    creating = round_.pk is None
    if creating:
        round_.created_by = actor
        round_.phase = Round.Phase.DRAFT
    elif (
        round_.phase not in (Round.Phase.DRAFT, Round.Phase.REGISTRATION)
        and changed
        and ({"mode", "max_preferences", "ratio"} & set(changed))
    ):
        raise ValidationError(_("The mode and the ratio cannot change once registration closed."))
    _check_round(round_)
    round_.save()
    audit.record(actor, "round.created" if creating else "round.changed", round_, fields=changed)
    return round_


def _advance(actor, round_: Round, expected: str, phase: str, action: str) -> Round:
    require(actor, "institutions.manage_round", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _phase(round_, expected)
    round_.phase = phase
    round_.save(update_fields=["phase"])
    audit.record(actor, action, round_)
    return round_


@transaction.atomic
def open_registration(actor, round_: Round) -> Round:
    """Publish the announcement: the round becomes public and takes applications."""
    if not round_.posts.exclude(status=Post.Status.CANCELLED).exists():
        raise ValidationError(_("Add at least one post before opening registration."))
    return _advance(actor, round_, Round.Phase.DRAFT, Round.Phase.REGISTRATION, "round.opened")


@transaction.atomic
def close_registration(actor, round_: Round) -> Round:
    return _advance(
        actor, round_, Round.Phase.REGISTRATION, Round.Phase.REVIEW, "round.registration_closed"
    )


def ratio_report(round_: Round) -> list[dict]:
    """Each post's qualified and pending applicants against the ratio (开考比例)."""
    counts = defaultdict(lambda: {"qualified": 0, "pending": 0})
    for post_id, status in PostApplication.objects.filter(round=round_).values_list(
        "post_id", "status"
    ):
        if status in (A.APPROVED, A.PROPOSED, A.PLACED):
            counts[post_id]["qualified"] += 1
        elif status in (A.SUBMITTED, A.RETURNED):
            counts[post_id]["pending"] += 1
    report = []
    for post in round_.posts.select_related("institution").order_by("code"):
        needed = 0 if post.exempt_from_ratio else post.places * round_.ratio
        qualified = counts[post.pk]["qualified"]
        report.append(
            {
                "post": post,
                "qualified": qualified,
                "pending": counts[post.pk]["pending"],
                "needed": needed,
                "below": not post.exempt_from_ratio
                and post.status != Post.Status.CANCELLED
                and qualified < needed,
                # The most places the qualified applicants would support.
                "supported_places": post.places
                if post.exempt_from_ratio
                else qualified // round_.ratio,
            }
        )
    return report


@transaction.atomic
def reduce_post(actor, post: Post, places: int) -> Post:
    """核减: fewer places, to meet the ratio; applicants may transfer meanwhile."""
    require(actor, "institutions.manage_round", post.round)
    _phase(post.round, Round.Phase.REVIEW)
    if not 1 <= places < post.places:
        raise ValidationError(
            _("A reduced post keeps between 1 and %(n)d places.") % {"n": post.places - 1}
        )
    post.reduced_headcount = places
    post.status = Post.Status.REDUCED
    post.save(update_fields=["reduced_headcount", "status"])
    audit.record(actor, "post.reduced", post, places=places)
    for application in post.applications.filter(status__in=[A.SUBMITTED, A.APPROVED, A.RETURNED]):
        _notify(application, "post_reduced", places=places)
    return post


@transaction.atomic
def cancel_post(actor, post: Post) -> Post:
    """取消: the post is withdrawn; its applicants may transfer to another post."""
    require(actor, "institutions.manage_round", post.round)
    _phase(post.round, Round.Phase.REVIEW, Round.Phase.REGISTRATION)
    post.status = Post.Status.CANCELLED
    post.save(update_fields=["status"])
    affected = list(post.applications.filter(status__in=[A.SUBMITTED, A.APPROVED, A.RETURNED]))
    PostApplication.objects.filter(pk__in=[a.pk for a in affected]).update(
        status=A.CANCELLED, updated_at=timezone.now()
    )
    audit.record(actor, "post.cancelled", post, applications=len(affected))
    for application in affected:
        _notify(application, "post_cancelled")
    return post


@transaction.atomic
def open_assessment(actor, round_: Round) -> Round:
    require(actor, "institutions.manage_round", round_)
    # Counted under the round's lock: a review returning an application for correction
    # either ends before the count or waits and then finds the assessment open.
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    pending = PostApplication.objects.filter(
        round=round_, status__in=[A.SUBMITTED, A.RETURNED]
    ).count()
    if pending:
        raise ValidationError(
            _("%(n)d applications still await a review decision.") % {"n": pending}
        )
    return _advance(actor, round_, Round.Phase.REVIEW, Round.Phase.ASSESSMENT, "round.assessment")


# --- Posts ------------------------------------------------------------------------------------
def _check_post(post: Post) -> None:
    post.full_clean(
        exclude=["round", "institution", "created_by", "fields"], validate_constraints=False
    )
    errors = {}
    if post.method == Post.Method.WRITTEN_INTERVIEW and not 1 <= post.written_weight <= 99:
        errors["written_weight"] = _("Weigh the written exam between 1% and 99%.")
    if post.method != Post.Method.WRITTEN_INTERVIEW:
        post.written_weight = 0
    if post.institution_id and post.institution.kind != "public_institution":
        errors["institution"] = _("Only public institutions recruit in a round.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_post(
    actor, post: Post, fields=None, questions: list[dict] | None = None, changed=None
) -> Post:
    """Create or change a post; `questions` = [{"text", "required"}] replaces the questions."""
    creating = post.pk is None
    if creating:
        require(actor, "institutions.add_post", post.institution)
        _phase(post.round, *rules.OPEN_FOR_POSTS)
        post.created_by = actor
    else:
        require(actor, "institutions.change_post", post)
        if (
            post.applications.exists()
            and changed
            and ({"degree_min", "title_min", "max_age", "method", "written_weight"} & set(changed))
        ):
            raise ValidationError(
                _("Conditions and the assessment method cannot change once people applied.")
            )
    _check_post(post)
    if creating and Post.objects.filter(round=post.round, code=post.code).exists():
        raise ValidationError({"code": _("Another post of this round has this code.")})
    post.save()
    if fields is not None:
        post.fields.set(fields)
    if questions is not None:
        _replace_questions(post, questions)
    audit.record(actor, "post.created" if creating else "post.changed", post, fields=changed)
    return post


def _replace_questions(post: Post, questions: list[dict]) -> None:
    """Applicants' answers are keyed by question id: a question whose text is unchanged keeps
    its row (and so its answers); only new texts get new rows."""
    wanted = [
        (q["text"].strip()[:300], bool(q.get("required", True)))
        for q in questions
        if (q.get("text") or "").strip()
    ]
    existing = defaultdict(list)
    for question in post.questions.all():
        existing[question.text].append(question)
    kept, created = [], []
    for position, (text, required) in enumerate(wanted):
        if existing[text]:
            question = existing[text].pop(0)
            question.required, question.position = required, position
            kept.append(question)
        else:
            created.append(PostQuestion(post=post, text=text, required=required, position=position))
    post.questions.exclude(pk__in=[q.pk for q in kept]).delete()
    PostQuestion.objects.bulk_update(kept, ["required", "position"])
    PostQuestion.objects.bulk_create(created)


# --- Applying ---------------------------------------------------------------------------------
def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def eligibility(post: Post, *, degree: str, title: str, birth_date: date | None) -> list[str]:
    """The reasons an applicant does not meet the post's conditions (empty: eligible)."""
    reasons = []
    if Degree.rank(degree) < Degree.rank(post.degree_min):
        reasons.append(
            _("The post requires at least: %(degree)s.") % {"degree": post.get_degree_min_display()}
        )
    if post.title_min and ProfessionalTitle.rank(title) < ProfessionalTitle.rank(post.title_min):
        reasons.append(
            _("The post requires at least the title: %(title)s.")
            % {"title": post.get_title_min_display()}
        )
    if post.max_age is not None:
        if birth_date is None:
            reasons.append(_("Give your date of birth in your profile: the post has an age limit."))
        else:
            age = age_on(birth_date, timezone.localtime(post.round.registration_closes).date())
            if age > post.max_age:
                reasons.append(
                    _("The post accepts applicants up to %(max)d years old; you will be %(age)d.")
                    % {"max": post.max_age, "age": age}
                )
    return reasons


def missing_consents(talent, posts) -> list:
    institutions = {p.institution_id: p.institution for p in posts}
    return [
        org
        for org in institutions.values()
        if not privacy.has_sharing_consent(talent, org, CONSENT_PURPOSE)
    ]


def consent_text(org) -> dict:
    """What the applicant is shown, and what is recorded, before their data goes to an
    institution (PIPL Art. 23, and Art. 29 for the certificates)."""
    return {
        "recipient": org.name,
        "contact": ", ".join(p for p in (org.contact_email, org.contact_phone) if p) or "—",
        "purpose": _("to review your qualifications and assess you for its post"),
        "data": _(
            "your profile (name, contact, date of birth, degree, title, university, fields, work "
            "and education history), your CV, your answers and your certificates (degree, title, "
            "identity document), which are sensitive personal information"
        ),
    }


def give_consents(talent, institutions) -> None:
    for org in institutions:
        shown = consent_text(org)
        privacy.give_sharing_consent(
            talent,
            org,
            CONSENT_PURPOSE,
            recipient_contact=shown["contact"],
            data_shown=f"{shown['purpose']}\n{shown['data']}",
        )


def _check_answers(post: Post, answers: dict) -> dict:
    clean = {}
    for question in post.questions.all():
        text = str(answers.get(str(question.pk), "") or "").strip()
        if question.required and not text:
            raise ValidationError(
                _("Answer the question: %(question)s") % {"question": question.text}
            )
        clean[str(question.pk)] = text[:2000]
    return clean


@transaction.atomic
def apply(talent, round_: Round, posts: list[Post], answers: dict | None = None):
    """Apply to one post, or to ranked posts in preference mode (first = most wanted)."""
    require(talent, "institutions.apply", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if not round_.registration_is_open:
        raise ValidationError(_("Registration for this round is not open."))
    posts = list(posts)
    if not posts:
        raise ValidationError(_("Choose a post."))
    if len(posts) > round_.preferences_allowed:
        raise ValidationError(
            _("Choose at most %(n)d posts in this round.") % {"n": round_.preferences_allowed}
        )
    if len({p.pk for p in posts}) != len(posts):
        raise ValidationError(_("Each post can be chosen once."))
    for post in posts:
        if (
            post.round_id != round_.pk
            or post.status == Post.Status.CANCELLED
            or not post_is_public(post)
        ):
            raise ValidationError(_("This post is not open in this round."))
    if PostApplication.objects.filter(
        round=round_, talent=talent, status__in=[A.SUBMITTED, A.RETURNED, A.APPROVED]
    ).exists():
        raise ValidationError(
            _("You have already applied in this round: withdraw first to apply again.")
        )
    profile = getattr(talent, "talent_profile", None)
    if profile is None or not profile.degree:
        raise ValidationError(_("Complete your profile first: your highest degree is missing."))
    for post in posts:
        reasons = eligibility(
            post, degree=profile.degree, title=profile.title, birth_date=profile.birth_date
        )
        if reasons:
            raise ValidationError(f"{post}: " + " ".join(reasons))
    missing = missing_consents(talent, posts)
    if missing:
        raise ConsentRequired(missing)
    answers = answers or {}
    created = []
    for rank, post in enumerate(posts, start=1):
        try:
            with transaction.atomic():
                created.append(
                    PostApplication.objects.create(
                        round=round_,
                        post=post,
                        talent=talent,
                        rank=rank,
                        answers=_check_answers(post, answers.get(str(post.pk), {})),
                        degree=profile.degree,
                        title=profile.title,
                        birth_date=profile.birth_date or date(1900, 1, 1),
                    )
                )
        except IntegrityError:
            raise ValidationError(_("You have already applied to this post.")) from None
    for application in created:
        audit.record(talent, "recruitment.applied", application, rank=application.rank)
    _notify(created[0], "applied", applications=created)
    return created


@transaction.atomic
def resubmit(talent, application: PostApplication, answers: dict | None = None):
    """The applicant corrects a returned application before the review closes."""
    require(talent, "institutions.withdraw", application)
    _lock_round(application.round_id)
    application = _lock_application(application)
    require(talent, "institutions.resubmit_application", application)
    profile = talent.talent_profile
    reasons = eligibility(
        application.post,
        degree=profile.degree,
        title=profile.title,
        birth_date=profile.birth_date,
    )
    if reasons:
        raise ValidationError(" ".join(reasons))
    if answers is not None:
        application.answers = _check_answers(application.post, answers)
    application.degree, application.title = profile.degree, profile.title
    application.birth_date = profile.birth_date or application.birth_date
    application.status = A.SUBMITTED
    application.status_reason = ""
    application.save()
    audit.record(talent, "recruitment.resubmitted", application)
    return application


@transaction.atomic
def withdraw(talent, application: PostApplication) -> PostApplication:
    require(talent, "institutions.withdraw", application)
    # The round first: withdrawing a proposed hire fills the vacancy from the ranking.
    _lock_round(application.round_id)
    application = _lock_application(application)
    # A cancelled application is kept so that its applicant may still transfer (改报).
    require(talent, "institutions.withdraw_application", application)
    was_proposed = application.status == A.PROPOSED
    application.status = A.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    audit.record(talent, "recruitment.withdrawn", application, was_proposed=was_proposed)
    if was_proposed:
        _fill_vacancy(None, application.post)
    return application


@transaction.atomic
def transfer(
    talent, application: PostApplication, post: Post, answers: dict | None = None
) -> PostApplication:
    """改报: an applicant of a reduced or cancelled post moves to another post in the window."""
    require(talent, "institutions.withdraw", application)
    _lock_round(application.round_id)
    application = _lock_application(application)
    round_ = application.round
    require(talent, "institutions.transfer_application", application)
    if (
        post.round_id != round_.pk
        or post.status != Post.Status.OPEN
        or post.pk == application.post_id
        or not post_is_public(post)
    ):
        raise ValidationError(_("Choose another open post of this round."))
    # One application per talent and post, whatever became of it (a unique constraint).
    if PostApplication.objects.filter(round=round_, talent=talent, post=post).exists():
        raise ValidationError(_("You have already applied to this post."))
    profile = talent.talent_profile
    reasons = eligibility(
        post, degree=profile.degree, title=profile.title, birth_date=profile.birth_date
    )
    if reasons:
        raise ValidationError(" ".join(reasons))
    if missing_consents(talent, [post]):
        raise ConsentRequired([post.institution])
    rank = application.rank
    application.status = A.TRANSFERRED
    application.save(update_fields=["status", "updated_at"])
    new = PostApplication.objects.create(
        round=round_,
        post=post,
        talent=talent,
        rank=rank,
        degree=profile.degree,
        title=profile.title,
        birth_date=profile.birth_date or application.birth_date,
        transferred_from=application,
        first_submitted_at=application.first_submitted_at or application.submitted_at,
        answers=_check_answers(post, answers or {}),
    )
    audit.record(talent, "recruitment.transferred", new, previous=str(application.post))
    return new


# --- Certificates -------------------------------------------------------------------------------
CERTIFICATE_KINDS = ("pdf", "jpg", "png")


def _sniff(uploaded) -> str:
    kind = files.sniff(uploaded)
    if kind not in CERTIFICATE_KINDS:
        raise ValidationError(_("A certificate must be a PDF, JPEG or PNG file."))
    return kind


@transaction.atomic
def upload_certificate(talent, round_: Round, kind: str, uploaded) -> Certificate:
    require(talent, "institutions.apply", round_)
    if kind not in Certificate.Kind.values:
        raise ValidationError(_("Choose what the certificate is."))
    if uploaded.size > MAX_CERTIFICATE_BYTES:
        raise ValidationError(_("A certificate may be at most 10 MB."))
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    # The phase as stored now (the page may have been opened before the review closed).
    if _lock_round(round_.pk) not in (Round.Phase.REGISTRATION, Round.Phase.REVIEW):
        raise ValidationError(
            _("Certificates can be uploaded while registration or review is open.")
        )
    extension = _sniff(uploaded)
    name = (uploaded.name or kind).replace("\\", "/").rsplit("/", 1)[-1][:200]
    certificate = Certificate(
        round=round_,
        talent=talent,
        kind=kind,
        extension=extension,
        original_name=name,
        size=uploaded.size,
    )
    certificate.file.save("upload", uploaded, save=False)
    certificate.save()
    audit.record(talent, "recruitment.certificate_uploaded", round_, kind=kind)
    return certificate


@transaction.atomic
def delete_certificate(talent, certificate: Certificate) -> None:
    if certificate.talent_id != talent.pk:
        raise PermissionDenied(_("You are not allowed to do this."))
    storage, path = certificate.file.storage, certificate.file.name
    certificate.delete()
    transaction.on_commit(lambda: storage.delete(path))


def purge_certificates(now=None) -> int:
    """Delete certificates whose retention period is over (run daily)."""
    now = now or timezone.now()
    expired = list(Certificate.objects.filter(delete_after__lte=now))
    for certificate in expired:
        certificate.file.storage.delete(certificate.file.name)
    Certificate.objects.filter(pk__in=[c.pk for c in expired]).delete()
    if expired:
        audit.record(None, "recruitment.certificates_purged", None, count=len(expired))
    return len(expired)


# --- Qualification review -----------------------------------------------------------------------
@transaction.atomic
def review(actor, application: PostApplication, decision: str, reason: str = "") -> PostApplication:
    """资格审查: approve, reject with a reason, or return for correction with a reason."""
    require(actor, "institutions.review", application)
    _phase(application.round, *rules.REVIEW_PHASES)
    application = _lock_application(application)
    # The rule the page asked to show the form, asked of the stored round and application.
    require(actor, "institutions.review_application", application)
    if decision not in ReviewDecision.Decision.values:
        raise ValidationError(_("Choose a decision."))
    reason = (reason or "").strip()
    if decision != ReviewDecision.Decision.APPROVE and not reason:
        raise ValidationError(_("Give the reason, so the applicant understands the decision."))
    last = application.decisions.order_by("-created_at", "-id").first()
    if last is not None and (last.decision, last.reason) == (decision, reason):
        # A second click, or two reviewers agreeing at once: one decision, one mail.
        raise ValidationError(_("This decision has already been recorded."))
    if (
        decision == ReviewDecision.Decision.RETURN
        and timezone.now() >= application.round.review_closes
    ):
        raise ValidationError(_("The time for corrections is over: approve or reject."))
    application.status = {
        "approve": A.APPROVED,
        "reject": A.REJECTED,
        "return": A.RETURNED,
    }[decision]
    application.status_reason = reason
    application.save(update_fields=["status", "status_reason", "updated_at"])
    ReviewDecision.objects.create(
        application=application, decision=decision, reason=reason, actor=actor
    )
    audit.record(actor, f"recruitment.review_{decision}", application, reason=reason)
    _notify(application, f"review_{decision}", reason=reason)
    return application


# --- Assessment ---------------------------------------------------------------------------------
@transaction.atomic
def enter_score(actor, application: PostApplication, stage: str, assessor: str, score) -> Score:
    require(actor, "institutions.assess", application)
    _phase(application.round, *rules.SCORE_PHASES)
    # Locked: a ranking or a vacancy being decided for this applicant waits, or is waited for.
    application = _lock_application(application)
    require(actor, "institutions.score_application", application)
    if stage not in application.post.stages:
        raise ValidationError(_("This post's assessment has no such stage."))
    assessor = (assessor or "").strip()[:60]
    if not assessor:
        raise ValidationError(_("Name the assessor."))
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except ArithmeticError:
        raise ValidationError(_("A score is a number from 0 to 100.")) from None
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("A score is a number from 0 to 100."))
    entry, _created = Score.objects.update_or_create(
        application=application,
        stage=stage,
        assessor=assessor,
        defaults={"score": value, "entered_by": actor, "entered_at": timezone.now()},
    )
    audit.record(actor, "recruitment.scored", application, stage=stage, assessor=assessor)
    return entry


def _total(post: Post, means: dict[str, Decimal]) -> Decimal | None:
    weights = post.weights()
    if any(stage not in means for stage in weights):
        return None
    total = sum(means[stage] * weight for stage, weight in weights.items()) / Decimal(100)
    return Decimal(total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def rank_post(actor, post: Post) -> list[PostApplication]:
    """Weighted totals and competition ranking ("1224") of a post's qualified applicants."""
    require(actor, "institutions.assess", post)
    _lock_round(post.round_id)
    # In id order and without the default ordering's joins (which would lock the round's
    # and the applicants' rows too).
    applications = list(
        post.applications.filter(status=A.APPROVED).select_for_update(of=("self",)).order_by("pk")
    )
    means = defaultdict(dict)
    for row in (
        Score.objects.filter(application__in=applications)
        .values("application_id", "stage")
        .annotate(mean=Avg("score"))
    ):
        means[row["application_id"]][row["stage"]] = Decimal(row["mean"])
    for application in applications:
        application.total_score = _total(post, means[application.pk])
    scored = sorted(
        (a for a in applications if a.total_score is not None),
        key=lambda a: (-a.total_score, a.submitted_at, a.pk),
    )
    previous, rank = None, 0
    for position, application in enumerate(scored, start=1):
        if application.total_score != previous:
            rank, previous = position, application.total_score
        application.rank_in_post = rank
    for application in applications:
        if application.total_score is None:
            application.rank_in_post = None
        application.tied = application.total_score is not None and (
            sum(1 for a in scored if a.total_score == application.total_score) > 1
        )
    PostApplication.objects.bulk_update(applications, ["total_score", "rank_in_post", "tied"])
    audit.record(actor, "recruitment.ranked", post, scored=len(scored))
    return scored


@transaction.atomic
def record_check(actor, application: PostApplication, kind: str, passed: bool) -> PostApplication:
    """体检 / 考察: the physical examination or the inspection, passed or failed."""
    require(actor, "institutions.assess", application)
    _phase(application.round, *rules.CHECK_PHASES)
    application = _lock_application(application)
    require(actor, "institutions.check_application", application)
    if kind not in ("exam", "inspection"):
        raise ValidationError(_("Choose the physical examination or the inspection."))
    setattr(
        application, kind, PostApplication.Check.PASSED if passed else PostApplication.Check.FAILED
    )
    application.save(update_fields=[kind, "updated_at"])
    audit.record(actor, f"recruitment.{kind}", application, passed=passed)
    if not passed and application.status == A.PROPOSED:
        vacate(actor, application, _("Did not pass the %(check)s.") % {"check": _check_name(kind)})
    return application


def _check_name(kind: str) -> str:
    return _("physical examination") if kind == "exam" else _("inspection")


def _eligible_for_proposal(application: PostApplication) -> bool:
    return (
        application.status == A.APPROVED
        and application.rank_in_post is not None
        and application.exam != PostApplication.Check.FAILED
        and application.inspection != PostApplication.Check.FAILED
    )


def proposals(round_: Round) -> dict[int, int]:
    """{application id: post id} of the hires to propose, by the round's rule.

    Single-choice rounds: each post's best-ranked qualified applicants, up to its places.
    Preference mode: the applicant-optimal stable assignment (yingcai.matching.stable) of
    the applicants' ranked posts and each post's assessed ranking.
    """
    applications = [
        a
        for a in PostApplication.objects.filter(round=round_).select_related("post")
        if _eligible_for_proposal(a)
    ]
    posts = {a.post_id: a.post for a in applications}
    by_post = defaultdict(list)
    for application in applications:
        by_post[application.post_id].append(application)
    for ranked in by_post.values():
        ranked.sort(key=lambda a: (a.rank_in_post, a.submitted_at, a.pk))
    if round_.mode == Round.Mode.SINGLE:
        return {
            a.pk: post_id
            for post_id, ranked in by_post.items()
            for a in ranked[: posts[post_id].places]
        }
    preferences = defaultdict(list)
    for application in sorted(applications, key=lambda a: (a.talent_id, a.rank)):
        preferences[str(application.talent_id)].append(str(application.post_id))
    rankings = {
        str(post_id): [str(a.talent_id) for a in ranked] for post_id, ranked in by_post.items()
    }
    capacities = {str(post_id): posts[post_id].places for post_id in by_post}
    assignment = deferred_acceptance(dict(preferences), capacities, rankings)
    wanted = {(int(t), int(p)) for t, p in assignment.items() if p is not None}
    return {a.pk: a.post_id for a in applications if (a.talent_id, a.post_id) in wanted}


@transaction.atomic
def start_publicity(actor, round_: Round) -> Round:
    """公示: propose the hires and publish them for the publicity period."""
    require(actor, "institutions.manage_round", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _phase(round_, Round.Phase.ASSESSMENT)
    for post in round_.posts.exclude(status=Post.Status.CANCELLED):
        rank_post(actor, post)
    chosen = proposals(round_)
    if not chosen:
        raise ValidationError(_("Nobody can be proposed yet: enter the scores first."))
    now = timezone.now()
    PostApplication.objects.filter(pk__in=chosen).update(status=A.PROPOSED, updated_at=now)
    round_.phase = Round.Phase.PUBLICITY
    round_.publicity_starts = now
    round_.save(update_fields=["phase", "publicity_starts"])
    audit.record(actor, "round.publicity", round_, proposed=len(chosen))
    for application in PostApplication.objects.filter(pk__in=chosen).select_related(
        "post", "round", "talent"
    ):
        _notify(application, "proposed")
    return round_


@transaction.atomic
def object_to(application: PostApplication, name: str, contact: str, text: str) -> Objection:
    """Anyone may object to a proposed hire while the publicity runs."""
    # The round held: a placement being confirmed waits for this objection, or it is
    # refused after it (an objection nobody answers would otherwise slip past it).
    phase = _lock_round(application.round_id)
    round_ = application.round
    application = _lock_application(application)
    if phase != Round.Phase.PUBLICITY or application.status != A.PROPOSED:
        raise ValidationError(_("Objections are received during the publicity only."))
    if round_.publicity_ends and timezone.now() > round_.publicity_ends:
        raise ValidationError(_("The publicity period is over."))
    objection = Objection(application=application, name=name, contact=contact, text=text)
    objection.full_clean(exclude=["application", "handled_by"])
    objection.save()
    audit.record(None, "recruitment.objection", application)
    return objection


@transaction.atomic
def handle_objection(actor, objection: Objection, upheld: bool, response: str) -> Objection:
    require(actor, "institutions.manage_round", objection.application.round)
    _phase(objection.application.round, Round.Phase.PUBLICITY)
    objection = (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application__round", "application__post")
        .get(pk=objection.pk)
    )
    if objection.status != Objection.Status.RECEIVED:
        raise ValidationError(_("This objection has already been answered."))
    response = (response or "").strip()
    if not response:
        raise ValidationError(_("Write the response to the objection."))
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.DISMISSED
    objection.response = response
    objection.handled_by = actor
    objection.save(update_fields=["status", "response", "handled_by"])
    audit.record(actor, "recruitment.objection_handled", objection.application, upheld=upheld)
    if upheld and objection.application.status == A.PROPOSED:
        vacate(actor, objection.application, response)
    return objection


@transaction.atomic
def vacate(actor, application: PostApplication, reason: str) -> PostApplication | None:
    """A proposed hire is not placed (failed check, upheld objection): the next in rank is
    proposed instead (递补). Returns the substitute, if any."""
    if actor is not None:
        require(actor, "institutions.assess", application)
    # The round first: the vacancy is filled from the post's ranking, one vacancy at a time.
    _lock_round(application.round_id)
    application = _lock_application(application)
    if application.status != A.PROPOSED:
        raise ValidationError(_("Only a proposed hire can be set aside."))
    application.status = A.NOT_PLACED
    application.status_reason = reason
    application.save(update_fields=["status", "status_reason", "updated_at"])
    audit.record(actor, "recruitment.vacated", application, reason=reason)
    _notify(application, "not_placed", reason=reason)
    return _fill_vacancy(actor, application.post)


def _fill_vacancy(actor, post: Post) -> PostApplication | None:
    taken = post.applications.filter(status__in=[A.PROPOSED, A.PLACED]).count()
    if taken >= post.places:
        return None
    busy = set(
        PostApplication.objects.filter(
            round=post.round, status__in=[A.PROPOSED, A.PLACED]
        ).values_list("talent_id", flat=True)
    )
    candidates = [
        a
        for a in post.applications.filter(status=A.APPROVED).order_by(
            "rank_in_post", "submitted_at", "pk"
        )
        if _eligible_for_proposal(a) and a.talent_id not in busy
    ]
    if not candidates:
        return None
    substitute = candidates[0]
    substitute.status = A.PROPOSED
    substitute.substitute = True
    substitute.save(update_fields=["status", "substitute", "updated_at"])
    audit.record(actor, "recruitment.substitute", substitute, rank=substitute.rank_in_post)
    _notify(substitute, "proposed", substitute=True)
    return substitute


@transaction.atomic
def confirm_placement(actor, round_: Round) -> Round:
    """After the publicity: the proposed are placed, the others not; certificates get their
    deletion date."""
    require(actor, "institutions.manage_round", round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    _phase(round_, Round.Phase.PUBLICITY)
    if round_.publicity_ends and timezone.now() < round_.publicity_ends:
        raise ValidationError(
            _("The publicity runs until %(end)s.")
            % {"end": timezone.localtime(round_.publicity_ends).strftime("%Y-%m-%d %H:%M")}
        )
    if Objection.objects.filter(
        application__round=round_, status=Objection.Status.RECEIVED
    ).exists():
        raise ValidationError(_("Answer every objection before confirming the placement."))
    now = timezone.now()
    placed = list(PostApplication.objects.filter(round=round_, status=A.PROPOSED))
    others = list(PostApplication.objects.filter(round=round_, status=A.APPROVED))
    PostApplication.objects.filter(pk__in=[a.pk for a in placed]).update(
        status=A.PLACED, updated_at=now
    )
    PostApplication.objects.filter(pk__in=[a.pk for a in others]).update(
        status=A.NOT_PLACED, updated_at=now
    )
    Certificate.objects.filter(round=round_).update(
        delete_after=now + timedelta(days=round_.certificate_retention_days)
    )
    round_.phase = Round.Phase.CLOSED
    round_.closed_at = now
    round_.save(update_fields=["phase", "closed_at"])
    audit.record(actor, "round.placed", round_, placed=len(placed))
    for application in PostApplication.objects.filter(pk__in=[a.pk for a in placed]).select_related(
        "post", "round", "talent"
    ):
        _notify(application, "placed")
    for application in PostApplication.objects.filter(pk__in=[a.pk for a in others]).select_related(
        "post", "round", "talent"
    ):
        _notify(application, "not_placed", reason="")
    return round_
