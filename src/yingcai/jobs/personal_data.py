"""Applications to jobs and what hangs on them: stage history, messages, interviews,
recommendations.

What an organisation wrote about an erased person (internal notes, the rating, notes on
stage moves, messages, interview invitations' text) is erased with them; the application's
skeleton (job, stage, moments, booked slot) stays for the statistics. docs/decisions.md
argues why.
"""

from yingcai.core.registry.personal_data import ORDER_RECRUITMENT, Provider, register

from .models import (
    Application,
    ApplicationEvent,
    ApplicationMessage,
    ApplicationNote,
    Interview,
    InterviewInvitation,
    Recommendation,
)


def _when(moment):
    return moment.isoformat() if moment else None


def _slot(slot) -> dict:
    return {
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "mode": slot.mode,
        "place": slot.place,
        "link": slot.link,
    }


def _application(a: Application) -> dict:
    return {
        "job": a.job.title,
        "organisation": str(a.job.organisation),
        "applied_at": a.created_at.isoformat(),
        "stage": str(a.stage),
        "cv_sent": a.cv.original_name if a.cv_id else None,
        "cover_note": a.cover_note,
        # Who moved it and their notes stay inside the organisation, as on the talent's page.
        "stage_history": [
            {
                "from": str(e.from_stage) if e.from_stage_id else None,
                "to": str(e.to_stage),
                "at": e.created_at.isoformat(),
            }
            for e in a.events.all()
        ],
        "messages": [
            {
                "from": "organisation" if m.from_organisation else "me",
                "at": m.created_at.isoformat(),
                "body": m.body,
            }
            for m in a.messages.all()
        ],
        "interview_invitations": [
            {
                "sent_at": i.created_at.isoformat(),
                "message": i.message,
                "slots_offered": [_slot(s) for s in i.slots.all()],
            }
            for i in a.interview_invitations.all()
        ],
        "interviews": [
            {**_slot(i.slot), "booked_at": i.booked_at.isoformat()} for i in a.interviews.all()
        ],
    }


def export(user) -> dict:
    applications = (
        Application.objects.filter(talent=user)
        .select_related("job__organisation", "stage", "cv")
        .prefetch_related(
            "events__from_stage",
            "events__to_stage",
            "messages",
            "interview_invitations__slots",
            "interviews__slot",
        )
    )
    recommendations = Recommendation.objects.filter(talent=user).select_related("job__organisation")
    return {
        "applications": [_application(a) for a in applications],
        "recommendations": [
            {
                "job": r.job.title,
                "organisation": str(r.job.organisation),
                "direction": r.direction,
                "score": r.score,
                "reasons": r.reasons,
                "computed_at": _when(r.computed_at),
            }
            for r in recommendations
        ],
    }


def erase(user) -> None:
    applications = Application.objects.filter(talent=user)
    ApplicationNote.objects.filter(application__in=applications).delete()
    ApplicationMessage.objects.filter(application__in=applications).delete()
    ApplicationEvent.objects.filter(application__in=applications).update(note="")
    InterviewInvitation.objects.filter(application__in=applications).update(message="")
    applications.update(cover_note="", rating=None, cv=None)
    # No longer suggested to employers (nor kept as suggestions for nobody).
    Recommendation.objects.filter(talent=user).delete()


def records(user):
    applications = Application.objects.filter(talent=user)
    return [
        applications,
        ApplicationEvent.objects.filter(application__in=applications),
        ApplicationNote.objects.filter(application__in=applications),
        ApplicationMessage.objects.filter(application__in=applications),
        InterviewInvitation.objects.filter(application__in=applications),
        Interview.objects.filter(application__in=applications),
        Recommendation.objects.filter(talent=user),
    ]


register(
    Provider(
        key="jobs",
        models=(
            "jobs.Application",
            "jobs.ApplicationEvent",
            "jobs.ApplicationNote",
            "jobs.ApplicationMessage",
            "jobs.InterviewSlot",
            "jobs.InterviewInvitation",
            "jobs.Interview",
            "jobs.Recommendation",
            "jobs.Job",
        ),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_RECRUITMENT,
        keeps="Jobs, slots, stage moves, notes and messages written by an organisation's "
        "member stay with the organisation when that member is erased (pointing at the "
        "anonymised account).",
    )
)
