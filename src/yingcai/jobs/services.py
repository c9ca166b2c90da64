"""State changes of the job fair: job requirements, applications, pipelines and interviews.

One function per change: it checks permission, locks the rows it changes and re-checks their
state inside the transaction, writes, records the audit trail and queues the notifications
(after commit, in the recipient's language). See "State changes and concurrency" in
docs/architecture.md.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.choices import Degree
from yingcai.core.mail import notify_user, send_templated_mail
from yingcai.core.rules import can
from yingcai.core.services import require, require_role
from yingcai.organisations.models import Membership, Organisation
from yingcai.privacy import services as privacy

from . import ical, search
from .models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    Interview,
    InterviewInvitation,
    InterviewSlot,
    Job,
    Stage,
)
from .tasks import refresh_recommendations

MAX_BULK = 500


def _lock_applications(applications) -> list[Application]:
    """The applications as stored now, their rows locked until the transaction ends.

    Locked in the order of their ids, so two bulk moves over overlapping sets wait for each
    other instead of deadlocking. The lock is taken without joins: PostgreSQL re-checks a
    row updated meanwhile against the joined rows it had read before, and would drop an
    application whose stage just changed.
    """
    ids = sorted({application.pk for application in applications})
    locked = list(
        Application.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    # Read after the lock: the state committed by whoever held it before us.
    return list(
        Application.objects.select_related("stage", "job__organisation", "talent")
        .filter(pk__in=locked)
        .order_by("pk")
    )


def _lock_application(application: Application) -> Application:
    locked = _lock_applications([application])
    if not locked:
        raise ValidationError(_("This application no longer exists."))
    return locked[0]


# A locking query never joins (no select_related, no ordering by a related model's fields):
# PostgreSQL would lock the joined rows too (a step's ordering joins its organisation).
def _lock_stage(stage: Stage) -> Stage:
    """The target step, held against its deletion until the move commits."""
    # FOR NO KEY UPDATE: a deletion (FOR UPDATE) waits for us, and we for it; a step deleted
    # meanwhile is simply not found.
    locked = Stage.objects.select_for_update(no_key=True).filter(pk=stage.pk).order_by("pk").first()
    if locked is None:
        raise ValidationError(_("This step no longer exists."))
    return locked


def _lock_pipeline(organisation: Organisation) -> None:
    """Serialise changes to one organisation's list of steps (positions, deletions)."""
    list(
        Organisation.objects.select_for_update(no_key=True).filter(pk=organisation.pk).values("pk")
    )


class ConsentRequired(ValidationError):
    """The talent has not yet agreed to pass their CV to this organisation (PIPL Art. 23)."""


# --- Stages ----------------------------------------------------------------------------------
DEFAULT_STAGES = [key for key in Stage.Key.values]


def ensure_stages(organisation: Organisation) -> list[Stage]:
    """The organisation's pipeline, creating the built-in steps on first use."""
    existing = {s.key: s for s in organisation.stages.all()}
    missing = [
        Stage(organisation=organisation, key=key, position=(i + 1) * 10)
        for i, key in enumerate(DEFAULT_STAGES)
        if key not in existing
    ]
    if missing:
        Stage.objects.bulk_create(missing, ignore_conflicts=True)
    return list(organisation.stages.order_by("position", "id"))


def stage_for(organisation: Organisation, key: str) -> Stage:
    stage = organisation.stages.filter(key=key).first()
    if stage is None:
        ensure_stages(organisation)
        stage = organisation.stages.get(key=key)
    return stage


@transaction.atomic
def add_stage(actor, organisation: Organisation, name: str, after: Stage | None = None) -> Stage:
    require(actor, "jobs.manage_stages", organisation)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the step a name."))
    _lock_pipeline(organisation)
    ensure_stages(organisation)
    if after is not None:
        # Its position as stored now: another owner may have inserted a step meanwhile.
        after = organisation.stages.filter(pk=after.pk).first()
        if after is None:
            raise ValidationError(_("This step no longer exists."))
        position = after.position + 1
        organisation.stages.filter(position__gte=position).update(position=F("position") + 10)
    else:
        position = (organisation.stages.aggregate(m=Max("position"))["m"] or 0) + 10
    stage = Stage.objects.create(organisation=organisation, name=name[:60], position=position)
    audit.record(actor, "pipeline.stage_added", organisation, stage=stage.name)
    return stage


@transaction.atomic
def rename_stage(actor, stage: Stage, name: str) -> Stage:
    require(actor, "jobs.manage_stages", stage.organisation)
    name = (name or "").strip()
    stage = Stage.objects.select_for_update().filter(pk=stage.pk).order_by("pk").first()
    if stage is None:
        raise ValidationError(_("This step no longer exists."))
    if not name and not stage.key:
        raise ValidationError(_("Give the step a name."))
    previous, stage.name = str(stage), name[:60]
    stage.save(update_fields=["name"])
    audit.record(
        actor, "pipeline.stage_renamed", stage.organisation, previous=previous, name=str(stage)
    )
    return stage


@transaction.atomic
def delete_stage(actor, stage: Stage) -> None:
    require(actor, "jobs.manage_stages", stage.organisation)
    organisation = stage.organisation
    _lock_pipeline(organisation)
    # FOR UPDATE waits for every move into this step still running (each holds the step), and
    # makes the moves that come after find it gone; only then is "empty" a fact.
    stage = Stage.objects.select_for_update().filter(pk=stage.pk).order_by("pk").first()
    if stage is None:
        raise ValidationError(_("This step no longer exists."))
    if stage.key:
        raise ValidationError(_("The built-in steps cannot be deleted; rename them instead."))
    if stage.applications.exists():
        raise ValidationError(_("Move the applications out of this step before deleting it."))
    if ApplicationEvent.objects.filter(to_stage=stage).exists():
        # The stage changes keep the step they led to: deleting it would break that history.
        raise ValidationError(_("Applications' history names this step: rename it instead."))
    audit.record(actor, "pipeline.stage_deleted", organisation, stage=stage.name)
    stage.delete()


# --- Job requirements --------------------------------------------------------------------------
def _validate_job(job: Job) -> None:
    # The model's two check constraints are tested here in Python rather than by a query each
    # (an Excel import validates thousands of rows), and answered in clear words.
    # A related object already in hand (from a form or an import) exists: checking it again
    # would cost a query per field and row.
    loaded = [name for name in ("field", "district") if Job._meta.get_field(name).is_cached(job)]
    job.full_clean(
        exclude=["organisation", "created_by", "reviewed_by", *loaded], validate_constraints=False
    )
    errors = {}
    if job.deadline and job.deadline < timezone.localdate():
        errors["deadline"] = _("The deadline has already passed.")
    low, high = job.salary_min, job.salary_max
    if low is not None and high is not None and high < low:
        errors["salary_max"] = _("The upper end of the salary range is below its lower end.")
    if job.headcount is not None and job.headcount < 1:
        errors["headcount"] = _("The headcount is at least 1.")
    if errors:
        raise ValidationError(errors)


def _reindex(job: Job) -> None:
    job.search_document = search.document_for(job)


@transaction.atomic
def create_job(actor, organisation: Organisation, job: Job) -> Job:
    require(actor, "jobs.add_job", organisation)
    job.organisation = organisation
    job.created_by = actor
    job.status = Job.Status.DRAFT
    _validate_job(job)
    _reindex(job)
    job.save()
    audit.record(actor, "job.created", job)
    return job


class JobsInvalid(ValidationError):
    """Some of several job requirements are invalid: `problems` is [(index, ValidationError)]."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(_("Some job requirements are not valid."))


@transaction.atomic
def create_jobs(actor, organisation: Organisation, jobs: list[Job]) -> list[Job]:
    """Many drafts at once (an Excel import): all or none, one audit entry for the batch."""
    require(actor, "jobs.add_job", organisation)
    problems = []
    for index, job in enumerate(jobs):
        job.organisation = organisation
        job.created_by = actor
        job.status = Job.Status.DRAFT
        try:
            _validate_job(job)
        except ValidationError as error:
            problems.append((index, error))
    if problems:
        raise JobsInvalid(problems)
    for job in jobs:
        _reindex(job)
    created = Job.objects.bulk_create(jobs, batch_size=500)
    audit.record_many(actor, "job.created", created, imported=True)
    return created


@transaction.atomic
def update_job(actor, job: Job, changed: list[str] | None = None) -> Job:
    require(actor, "jobs.change_job", job)
    # Its life cycle as stored now: a job submitted or approved while the form was being
    # saved is not edited, and the form's stale status is never written back over it.
    current = _lock(job)
    require(actor, "jobs.change_job", current)
    for name in JOB_STATE_FIELDS:
        attname = Job._meta.get_field(name).attname
        setattr(job, attname, getattr(current, attname))
    _validate_job(job)
    _reindex(job)
    job.save()
    audit.record(actor, "job.changed", job, fields=changed or [])
    return job


@transaction.atomic
def submit_job(actor, job: Job) -> Job:
    require(actor, "jobs.submit_job", job)
    job = _lock(job)
    require(actor, "jobs.submit_job", job)
    _validate_job(job)
    job.status = Job.Status.SUBMITTED
    job.submitted_at = timezone.now()
    if job.first_submitted_at is None:  # a resubmission keeps the first moment
        job.first_submitted_at = job.submitted_at
    job.status_reason = ""
    job.save(
        update_fields=[
            "status",
            "submitted_at",
            "first_submitted_at",
            "status_reason",
            "updated_at",
        ]
    )
    audit.record(actor, "job.submitted", job)
    return job


# Changed only by the life-cycle functions (submit, approve, reject, close), never by an edit.
JOB_STATE_FIELDS = (
    "status",
    "status_reason",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "published_at",
    "closed_at",
)


def _lock(job: Job) -> Job:
    return Job.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=job.pk)


@transaction.atomic
def approve_job(actor, job: Job) -> Job:
    """The organisers' approval publishes the job requirement at once."""
    require(actor, "jobs.review_job", job)
    job = _lock(job)
    if job.status != Job.Status.SUBMITTED:
        raise ValidationError(_("Only a job requirement awaiting approval can be approved."))
    if not job.organisation.is_verified:
        raise ValidationError(_("The organisation is not verified: it cannot publish."))
    now = timezone.now()
    job.status = Job.Status.PUBLISHED
    job.reviewed_by, job.reviewed_at, job.published_at = actor, now, now
    job.status_reason = ""
    job.save()
    audit.record(actor, "job.approved", job)
    _notify_job_owner(job, "job_published")

    transaction.on_commit(lambda: refresh_recommendations.enqueue(job_ids=[job.pk]))
    return job


@transaction.atomic
def reject_job(actor, job: Job, reason: str) -> Job:
    require(actor, "jobs.review_job", job)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason, so the organisation can correct it."))
    job = _lock(job)
    if job.status != Job.Status.SUBMITTED:
        raise ValidationError(_("Only a job requirement awaiting approval can be rejected."))
    job.status = Job.Status.REJECTED
    job.status_reason = reason
    job.reviewed_by, job.reviewed_at = actor, timezone.now()
    job.save()
    audit.record(actor, "job.rejected", job, reason=reason)
    _notify_job_owner(job, "job_rejected", reason=reason)
    return job


@transaction.atomic
def close_job(actor, job: Job) -> Job:
    require_role(actor, "jobs.close_job", job)
    job = _lock(job)
    require(actor, "jobs.close_job", job)  # the status as stored now
    job.status = Job.Status.CLOSED
    job.closed_at = timezone.now()
    job.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor, "job.closed", job)
    return job


@transaction.atomic
def take_down_job(actor, job: Job, reason: str) -> Job:
    """The organisers close a reported job requirement: it leaves the public pages at once."""
    require(actor, "jobs.take_down_job", job)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason, so the organisation knows why."))
    job = _lock(job)
    if job.status != Job.Status.PUBLISHED:
        raise ValidationError(_("This job requirement is not published: nothing to take down."))
    job.status = Job.Status.CLOSED
    job.closed_at = timezone.now()
    job.status_reason = reason[:2000]
    job.save(update_fields=["status", "closed_at", "status_reason", "updated_at"])
    audit.record(actor, "job.taken_down", job, reason=job.status_reason)
    transaction.on_commit(lambda: _notify_job_owner(job, "job_taken_down", reason=reason))
    return job


@transaction.atomic
def delete_job(actor, job: Job) -> None:
    """Remove a job requirement and everything about it (organisers, e.g. illegal content)."""
    require(actor, "jobs.delete_job", job)
    audit.record(actor, "job.deleted", job, organisation=str(job.organisation))
    # A booked interview protects its slot; both go with the job.
    Interview.objects.filter(slot__job=job).delete()
    job.delete()


@transaction.atomic
def close_expired_jobs(today: date | None = None) -> int:
    """Close every published job whose deadline has passed (run daily; see operations.md)."""
    today = today or timezone.localdate()
    expired = Job.objects.filter(status=Job.Status.PUBLISHED, deadline__lt=today)
    ids = list(expired.values_list("pk", flat=True))
    if ids:
        Job.objects.filter(pk__in=ids).update(status=Job.Status.CLOSED, closed_at=timezone.now())
        audit.record(None, "job.closed_at_deadline", None, jobs=len(ids), day=today.isoformat())
    return len(ids)


def _notify_job_owner(job: Job, template: str, **context) -> None:
    recipients = {job.created_by} if job.created_by else set()
    if not recipients:
        recipients = {
            m.user
            for m in job.organisation.memberships.filter(role=Membership.Role.OWNER).select_related(
                "user"
            )
        }
    for user in recipients:
        notify_user(user, template, {"job": job, **context})


# --- Applying ----------------------------------------------------------------------------------
def consent_text(organisation: Organisation) -> dict:
    """What the talent is shown before agreeing to pass their CV (PIPL Art. 23)."""
    contact = ", ".join(
        part for part in (organisation.contact_email, organisation.contact_phone) if part
    )
    return {
        "recipient": organisation.name,
        "contact": contact or organisation.address or "—",
        "purpose": _("to consider you for its job requirements and contact you about them"),
        "data": _(
            "your profile (name, e-mail, mobile number, degree, title, university, fields, "
            "skills, work and education history, expected salary, availability), your CV "
            "and your cover notes"
        ),
    }


def has_consent(user, organisation: Organisation) -> bool:
    return privacy.has_sharing_consent(user, organisation, "job_application")


def give_consent(user, organisation: Organisation):
    shown = consent_text(organisation)
    return privacy.give_sharing_consent(
        user,
        organisation,
        "job_application",
        recipient_contact=shown["contact"],
        data_shown=f"{shown['purpose']}\n{shown['data']}",
    )


@transaction.atomic
def apply(talent, job: Job, cover_note: str = "") -> Application:
    """One application per talent per job, with the current CV; refuses with a clear reason."""
    require(talent, "jobs.apply", job)
    # Held until the application is written, so a job closed or rejected meanwhile (which
    # locks it too) is seen closed here rather than receiving one more application.
    job = (
        Job.objects.select_for_update(no_key=True, of=("self",))
        .select_related("organisation")
        .get(pk=job.pk)
    )
    if not job.is_open or not job.organisation.is_verified:
        if job.status == Job.Status.PUBLISHED and job.organisation.is_verified:
            raise ValidationError(_("The deadline of this job requirement has passed."))
        raise ValidationError(_("This job requirement is not open for applications."))
    profile = getattr(talent, "talent_profile", None)
    if profile is None or not profile.degree:
        raise ValidationError(_("Complete your profile first: your highest degree is missing."))
    if job.degree_min and Degree.rank(profile.degree) < Degree.rank(job.degree_min):
        raise ValidationError(
            _("This job requires at least: %(degree)s.") % {"degree": job.get_degree_min_display()}
        )
    if not has_consent(talent, job.organisation):
        raise ConsentRequired(
            _("Before your first application to %(name)s, agree to pass your CV to it.")
            % {"name": job.organisation}
        )
    existing = Application.objects.filter(job=job, talent=talent).first()
    if existing is not None:
        return existing  # a double click makes one application
    cv = profile.cvs.filter(is_current=True).first()
    stage = stage_for(job.organisation, Stage.Key.APPLIED)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                job=job, talent=talent, cv=cv, cover_note=(cover_note or "")[:3000], stage=stage
            )
    except IntegrityError:
        # Not reached while the job's row lock above serialises one talent's clicks (the race
        # test in tests/jobs/test_applying.py sends 24 at once); `jobs_apply_once` is the last
        # guard should a code path forget the lock, and it answers the first application.
        return Application.objects.get(job=job, talent=talent)
    ApplicationEvent.objects.create(application=application, to_stage=stage, actor=talent)
    audit.record(talent, "application.created", application)
    notify_user(talent, "application_received", {"application": application, "job": job})
    return application


@transaction.atomic
def withdraw(talent, application: Application) -> Application:
    """The talent withdraws; an employer's move running at the same time waits, or we wait for it.

    Either way the outcome is the one the talent is told: withdrawn (a later move is refused),
    or refused because the application was meanwhile hired.
    """
    require_role(talent, "jobs.withdraw_application", application)
    application = _lock_application(application)
    require(talent, "jobs.withdraw_application", application)  # the stage as stored now
    stage = _lock_stage(stage_for(application.job.organisation, Stage.Key.WITHDRAWN))
    return _move(talent, application, stage, "")


# --- The pipeline ----------------------------------------------------------------------------
def _move(actor, application: Application, stage: Stage, note: str) -> Application:
    """Move a locked application: the event's "from" is the stage it is in now, so the chain of
    stage changes has no gap however many moves race."""
    previous = application.stage
    if previous.pk == stage.pk:
        return application
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])
    ApplicationEvent.objects.create(
        application=application, from_stage=previous, to_stage=stage, actor=actor, note=note
    )
    audit.record(actor, "application.moved", application, previous=str(previous), stage=str(stage))
    # Rendered and sent after the commit: the locks are not held while mail is written, and
    # a refused or rolled-back move tells nobody anything.
    context = {"application": application, "job": application.job, "stage": stage}
    transaction.on_commit(lambda: notify_user(application.talent, "application_stage", context))
    return application


@transaction.atomic
def move(actor, applications, stage: Stage, note: str = "") -> list[Application]:
    """Move one or many applications of one organisation to a stage (bulk moves).

    All or none: the rows are locked (in id order) and their state re-checked first.
    """
    applications = list(applications)
    if len(applications) > MAX_BULK:
        raise ValidationError(_("Move at most %(n)d applications at once.") % {"n": MAX_BULK})
    for application in applications:
        require(actor, "jobs.manage_applicants", application)
    locked = _lock_applications(applications)
    if len(locked) != len({application.pk for application in applications}):
        raise ValidationError(_("This application no longer exists."))
    stage = _lock_stage(stage)
    moved = []
    for application in locked:
        require(actor, "jobs.manage_applicants", application)
        if application.job.organisation_id != stage.organisation_id:
            raise ValidationError(_("That step belongs to another organisation."))
        if application.stage.key == Stage.Key.WITHDRAWN:
            raise ValidationError(
                _("%(talent)s has withdrawn the application.") % {"talent": application.talent}
            )
        moved.append(_move(actor, application, stage, (note or "")[:2000]))
    return moved


@transaction.atomic
def rate(actor, application: Application, rating: int | None) -> Application:
    require(actor, "jobs.add_note", application)
    if rating is not None and not 1 <= rating <= 5:
        raise ValidationError(_("A rating is from 1 to 5."))
    application = _lock_application(application)
    application.rating = rating
    application.save(update_fields=["rating"])
    audit.record(actor, "application.rated", application, rating=rating)
    return application


@transaction.atomic
def add_note(actor, application: Application, body: str) -> ApplicationNote:
    require(actor, "jobs.add_note", application)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the note."))
    note = ApplicationNote.objects.create(application=application, author=actor, body=body[:3000])
    audit.record(actor, "application.noted", application)
    return note


@transaction.atomic
def send_message(actor, application: Application, body: str) -> ApplicationMessage:
    """A message between the organisation and the applicant; the other side is mailed."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the message."))
    from_talent = application.talent_id == actor.pk
    require(
        actor, "jobs.message_organisation" if from_talent else "jobs.message_applicant", application
    )
    message = ApplicationMessage.objects.create(
        application=application, sender=actor, from_organisation=not from_talent, body=body[:3000]
    )
    audit.record(actor, "application.message", application)
    context = {"application": application, "job": application.job, "message": message}
    if from_talent:
        _notify_recruiters(application, "application_message_to_organisation", context)
    else:
        notify_user(application.talent, "application_message_to_talent", context)
    return message


def mark_messages_read(reader, application: Application) -> int:
    """The other side's unread messages, read now that `reader` opened the application."""
    if not can(reader, "jobs.view_application", application):
        return 0
    from_organisation = application.talent_id == reader.pk
    return application.messages.filter(
        from_organisation=from_organisation, read_at__isnull=True
    ).update(read_at=timezone.now())


def _notify_recruiters(
    application: Application, template: str, context: dict, attachments=None
) -> None:
    """The job's author, else the organisation's owners and recruiters."""
    job = application.job
    if job.created_by_id:
        recipients = [job.created_by]
    else:
        recipients = [
            m.user
            for m in job.organisation.memberships.filter(
                role__in=[Membership.Role.OWNER, Membership.Role.RECRUITER]
            ).select_related("user")
        ]
    if not recipients and job.contact_email:
        send_templated_mail(job.contact_email, template, context, attachments=attachments)
    for user in recipients:
        notify_user(user, template, context, attachments=attachments)


# --- Interviews --------------------------------------------------------------------------------
@transaction.atomic
def propose_interview(actor, application: Application, slots: list[dict], message: str = ""):
    """Offer the applicant times; each slot is {starts_at, ends_at, mode, place, link}."""
    require(actor, "jobs.manage_applicants", application)
    if not slots:
        raise ValidationError(_("Propose at least one time."))
    if len(slots) > 20:
        raise ValidationError(_("Propose at most 20 times at once."))
    application = _lock_application(application)
    if application.stage.key == Stage.Key.WITHDRAWN:
        raise ValidationError(
            _("%(talent)s has withdrawn the application.") % {"talent": application.talent}
        )
    created = []
    for data in slots:
        slot = InterviewSlot(job=application.job, created_by=actor, **data)
        slot.full_clean(exclude=["job", "created_by"])
        if slot.starts_at <= timezone.now():
            raise ValidationError(_("An interview time must be in the future."))
        if slot.mode == InterviewSlot.Mode.ONLINE and not slot.link:
            raise ValidationError(_("Give the meeting link of an online interview."))
        if slot.mode == InterviewSlot.Mode.ON_SITE and not slot.place:
            raise ValidationError(_("Give the place of an on-site interview."))
        slot.save()
        created.append(slot)
    invitation = InterviewInvitation.objects.create(
        application=application, created_by=actor, message=(message or "")[:2000]
    )
    invitation.slots.set(created)
    interview_stage = application.job.organisation.stages.filter(key=Stage.Key.INTERVIEW).first()
    if interview_stage and application.stage.key in (Stage.Key.APPLIED, Stage.Key.SCREENED):
        _move(actor, application, _lock_stage(interview_stage), "")
    audit.record(actor, "interview.proposed", application, slots=len(created))
    context = {
        "application": application,
        "job": application.job,
        "invitation": invitation,
        "slots": created,
    }
    transaction.on_commit(lambda: notify_user(application.talent, "interview_proposed", context))
    return invitation


@transaction.atomic
def book_interview(talent, invitation: InterviewInvitation, slot: InterviewSlot) -> Interview:
    """The applicant picks one offered time.

    The application's row is locked, so one applicant's simultaneous clicks are taken one at
    a time; the database refuses a second interview for one invitation
    (`jobs_interview_once_per_invitation`) and a time already taken (the one-to-one slot).
    """
    require_role(talent, "jobs.book_interview", invitation)
    application = _lock_application(invitation.application)
    invitation.application = application
    # Asked again of the stored application: it may have closed, or another click booked.
    require(talent, "jobs.book_interview", invitation)
    if not invitation.slots.filter(pk=slot.pk).exists():
        raise ValidationError(_("This time was not offered to you."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has already passed."))
    try:
        with transaction.atomic():
            interview = Interview.objects.create(
                application=application, slot=slot, invitation=invitation
            )
    except IntegrityError:
        if invitation.interviews.exists():
            raise ValidationError(_("You have already chosen an interview time.")) from None
        raise ValidationError(
            _("Someone has just taken this time. Please choose another one.")
        ) from None
    audit.record(talent, "interview.booked", application, starts_at=slot.starts_at.isoformat())
    calendar = ical.invitation(interview)
    context = {"application": application, "job": application.job, "interview": interview}
    attachment = [("interview.ics", calendar, "text/calendar; method=REQUEST")]
    organiser_side = invitation.created_by or application.job.created_by

    def notify():
        notify_user(talent, "interview_booked", context, attachments=attachment)
        if organiser_side is not None:
            notify_user(
                organiser_side, "interview_booked_organisation", context, attachments=attachment
            )

    transaction.on_commit(notify)
    return interview


def _lock_interview(interview: Interview) -> Interview:
    """The booking as stored now, its row locked; gone meanwhile answers a clear refusal."""
    locked = (
        Interview.objects.select_for_update()
        .filter(pk=interview.pk)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This interview is no longer booked."))
    return Interview.objects.select_related("slot", "invitation").get(pk=locked)


def _notify_interview_change(talent, application, interview, template, calendar, method):
    """The talent and the recruiters are told after the commit, each in their language."""
    context = {"application": application, "job": application.job, "interview": interview}
    attachment = [("interview.ics", calendar, f"text/calendar; method={method}")]

    def notify():
        notify_user(talent, template, context, attachments=attachment)
        _notify_recruiters(application, f"{template}_organisation", context, attachments=attachment)

    transaction.on_commit(notify)


@transaction.atomic
def cancel_interview(talent, interview: Interview) -> None:
    """The applicant cancels a booked interview before it starts; the time is free again.

    The application is locked first (as booking does), then the booking: a booking, a
    reschedule and a cancellation of one application are taken one at a time, and the
    deleted row frees the one-to-one slot for whoever is invited to it.
    """
    require(talent, "jobs.cancel_or_move_interview", interview)
    application = _lock_application(interview.application)
    interview = _lock_interview(interview)
    interview.application = application
    # Asked again on the stored row: the time may have come meanwhile.
    require(talent, "jobs.cancel_or_move_interview", interview)
    slot = interview.slot
    calendar = ical.invitation(interview, cancelled=True)
    audit.record(talent, "interview.cancelled", application, starts_at=slot.starts_at.isoformat())
    interview.delete()
    interview.slot = slot
    _notify_interview_change(
        talent, application, interview, "interview_cancelled", calendar, "CANCEL"
    )


@transaction.atomic
def reschedule_interview(talent, interview: Interview, slot: InterviewSlot) -> Interview:
    """The applicant moves a booked interview to another time of the same invitation.

    One update of the booking's slot: the old time is freed and the new one taken in the same
    transaction, or nothing changes (the one-to-one slot refuses a time just taken).
    """
    require(talent, "jobs.cancel_or_move_interview", interview)
    application = _lock_application(interview.application)
    interview = _lock_interview(interview)
    interview.application = application
    require(talent, "jobs.cancel_or_move_interview", interview)
    if application.stage.is_final:
        raise ValidationError(_("This application is closed: no interview can be booked."))
    invitation = interview.invitation
    if invitation is None or not invitation.slots.filter(pk=slot.pk).exists():
        raise ValidationError(_("This time was not offered to you."))
    if slot.pk == interview.slot_id:
        raise ValidationError(_("Your interview is already at this time."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This time has already passed."))
    previous = interview.slot
    interview.slot = slot
    interview.booked_at = timezone.now()
    try:
        with transaction.atomic():
            interview.save(update_fields=["slot", "booked_at"])
    except IntegrityError:
        raise ValidationError(
            _("Someone has just taken this time. Please choose another one.")
        ) from None
    audit.record(
        talent,
        "interview.rescheduled",
        application,
        previous=previous.starts_at.isoformat(),
        starts_at=slot.starts_at.isoformat(),
    )
    calendar = ical.invitation(interview)
    _notify_interview_change(
        talent, application, interview, "interview_rescheduled", calendar, "REQUEST"
    )
    return interview
