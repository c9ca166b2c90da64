"""Applications to public-institution posts, their review and scores, certificates."""

from django.db import transaction

from yingcai.core.registry.personal_data import ORDER_RECRUITMENT, Provider, register

from .models import Certificate, Objection, PostApplication, ReviewDecision, Score


def export(user) -> dict:
    applications = PostApplication.objects.filter(talent=user).select_related(
        "round", "post__institution"
    )
    return {
        "institution_applications": [
            {
                "round": a.round.title,
                "post": f"{a.post.code} {a.post.name}",
                "institution": str(a.post.institution),
                "preference": a.rank,
                "status": a.status,
                "degree": a.degree,
                "title": a.title,
                "date_of_birth": a.birth_date.isoformat(),
                "answers": a.answers,
                "submitted_at": a.submitted_at.isoformat(),
                "total_score": str(a.total_score) if a.total_score is not None else None,
                "review": [
                    {
                        "decision": d.decision,
                        "reason": d.reason,
                        "at": d.created_at.isoformat(),
                    }
                    for d in a.decisions.all()
                ],
            }
            for a in applications.prefetch_related("decisions")
        ],
        "certificates": [
            {
                "round": c.round.title,
                "kind": c.kind,
                "file_name": c.original_name,
                "size": c.size,
                "uploaded_at": c.uploaded_at.isoformat(),
                "deleted_after": c.delete_after.isoformat() if c.delete_after else None,
            }
            for c in Certificate.objects.filter(talent=user).select_related("round")
        ],
    }


def erase(user) -> None:
    """Certificates deleted, answers dropped, the birth date kept only as its year
    (applications still count by level and degree in the statistics)."""
    certificates = list(Certificate.objects.filter(talent=user))
    for certificate in certificates:
        storage, path = certificate.file.storage, certificate.file.name
        transaction.on_commit(lambda s=storage, p=path: s.delete(p))
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).delete()
    applications = list(PostApplication.objects.filter(talent=user))
    for application in applications:
        application.answers = {}
        application.birth_date = application.birth_date.replace(month=1, day=1)
    PostApplication.objects.bulk_update(applications, ["answers", "birth_date"])
    # Review decisions, scores and objections stay: a public institution's recruitment is a
    # public procedure (公示) whose record the organisers keep; they name nobody once the
    # account is anonymised and the audit trail forgets the person.


def records(user):
    applications = PostApplication.objects.filter(talent=user)
    return [
        applications,
        ReviewDecision.objects.filter(application__in=applications),
        Score.objects.filter(application__in=applications),
        Objection.objects.filter(application__in=applications),
        Certificate.objects.filter(talent=user),
    ]


register(
    Provider(
        key="institutions",
        models=(
            "institutions.PostApplication",
            "institutions.ReviewDecision",
            "institutions.Score",
            "institutions.Certificate",
            "institutions.Objection",
            "institutions.Round",
            "institutions.Post",
        ),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_RECRUITMENT,
        keeps="Rounds, posts, decisions, scores and objections handled by a staff member "
        "stay with the recruitment record (pointing at the anonymised account).",
    )
)
