"""What the calls hold about a person: the entries they made for their projects, the documents
they uploaded, their roles as a reviewer (fields, organisation, conflicts declared, the reviews
they gave with every score and comment, the panels they sat on), their appeals, the decision
mails addressed to them, and the certificates of their projects' entries.

Erasure clears the texts the person wrote (a review's comment, a conflict's reason, an appeal's
grounds, a document's file name) and drops every reference to the account (entered by, uploaded
by, added by, confirmed by, released by, issued by, lodged by, created by) and their address
from the decision mails. The rows stay: an entry, its documents, decisions and certificates are
the project team's; a reviewer's scores stay in the ranking that selected the entries (taking
them out would change who was selected after the fact), held by a reviewer role made inactive,
without organisation, affiliation or fields, whose account is anonymised last (accounts).
"""

from django.db.models import Q

from yingcai.core.registry.personal_data import ORDER_CONTENT, Provider, register
from yingcai.projects.models import TeamMember

from .models import (
    Appeal,
    Assignment,
    Call,
    Certificate,
    Conflict,
    Criterion,
    Decision,
    Entry,
    EntryDocument,
    OutboxMessage,
    PanelMember,
    Review,
    Reviewer,
)


def _when(moment):
    return moment.isoformat() if moment else None


def _team_projects(user):
    return TeamMember.objects.filter(user=user).values("project_id")


def _addressed_to(user):
    """Outbox mails whose recipients include the person's address (any case). The recipients
    are a JSON list, read here rather than filtered in SQL (SQLite and PostgreSQL query JSON
    lists differently); a person's team has few entries."""
    address = (user.email or "").lower()
    if not address:
        return []
    mails = OutboxMessage.objects.filter(
        Q(entry__project__in=_team_projects(user)) | Q(recipients__icontains=address)
    ).select_related("stage__call", "entry__project")
    return [m for m in mails if address in {str(r).lower() for r in m.recipients or ()}]


def _reviews(user):
    return (
        Review.objects.filter(assignment__reviewer__user=user)
        .select_related("assignment__stage__call", "assignment__entry__project")
        .order_by("assignment__stage__call_id", "assignment__stage__position", "pk")
    )


def _named(values: dict, names: dict[str, str]) -> dict:
    """A review's scores by criterion name (its id where the criterion is gone)."""
    return {names.get(str(key), str(key)): value for key, value in (values or {}).items()}


def export(user) -> dict:
    entries = (
        Entry.objects.filter(created_by=user)
        .select_related("call", "project", "track", "division")
        .order_by("created_at", "pk")
    )
    documents = (
        EntryDocument.objects.filter(uploaded_by=user)
        .select_related("entry__call", "entry__project")
        .order_by("uploaded_at", "pk")
    )
    roles = (
        Reviewer.objects.filter(user=user)
        .select_related("call", "organisation")
        .prefetch_related("fields")
        .order_by("added_at", "pk")
    )
    conflicts = (
        Conflict.objects.filter(reviewer__user=user)
        .select_related("reviewer__call", "entry__project")
        .order_by("created_at", "pk")
    )
    panels = (
        PanelMember.objects.filter(reviewer__user=user)
        .select_related("stage__call", "division")
        .order_by("stage__call_id", "stage__position", "pk")
    )
    appeals = (
        Appeal.objects.filter(created_by=user)
        .select_related("stage__call", "entry__project")
        .order_by("created_at", "pk")
    )
    reviews = list(_reviews(user))
    criteria = {
        str(pk): name
        for pk, name in Criterion.objects.filter(
            stage__in={r.assignment.stage_id for r in reviews}
        ).values_list("pk", "name")
    }
    certificates = (
        Certificate.objects.filter(entry__project__in=_team_projects(user))
        .select_related("entry__call", "entry__project", "award")
        .order_by("issued_at", "pk")
    )
    return {
        "call_entries": [
            {
                "call": str(e.call),
                "project": str(e.project),
                "track": str(e.track) if e.track_id else None,
                "division": str(e.division) if e.division_id else None,
                "answers": e.answers,
                "status": e.status,
                "created_at": _when(e.created_at),
                "submitted_at": _when(e.submitted_at),
                "withdrawn_at": _when(e.withdrawn_at),
            }
            for e in entries
        ],
        "call_documents_uploaded": [
            {
                "call": str(d.entry.call),
                "project": str(d.entry.project),
                "document": d.key,
                "file_name": d.original_name,
                "size": d.size,
                "uploaded_at": _when(d.uploaded_at),
            }
            for d in documents
        ],
        "call_reviewer_roles": [
            {
                "call": str(r.call),
                "organisation": str(r.organisation) if r.organisation_id else None,
                "affiliation": r.affiliation,
                "fields": [str(f) for f in r.fields.all()],
                "active": r.is_active,
                "added_at": _when(r.added_at),
            }
            for r in roles
        ],
        "call_conflicts": [
            {
                "call": str(c.reviewer.call),
                "entry": str(c.entry.project),
                "source": c.source,
                "reason": c.reason,
                "recorded_at": _when(c.created_at),
            }
            for c in conflicts
        ],
        "call_reviews_given": [
            {
                "call": str(r.assignment.stage.call),
                "stage": str(r.assignment.stage),
                "entry": str(r.assignment.entry.project),
                "scores": _named(r.values, criteria),
                "total": r.total,
                "comment": r.comment,
                "submitted_at": _when(r.submitted_at),
                "updated_at": _when(r.updated_at),
            }
            for r in reviews
        ],
        "call_panels": [
            {
                "call": str(p.stage.call),
                "stage": str(p.stage),
                "division": str(p.division) if p.division_id else None,
            }
            for p in panels
        ],
        "call_appeals": [
            {
                "call": str(a.stage.call),
                "stage": str(a.stage),
                "entry": str(a.entry.project),
                "grounds": a.text,
                "status": a.status,
                "answer": a.answer,
                "lodged_at": _when(a.created_at),
                "answered_at": _when(a.answered_at),
            }
            for a in appeals
        ],
        "call_mails_received": [
            {
                "call": str(m.stage.call),
                "stage": str(m.stage),
                "entry": str(m.entry.project),
                "subject": m.subject,
                "text": m.body,
                "status": m.status,
                "sent_at": _when(m.sent_at),
            }
            for m in sorted(_addressed_to(user), key=lambda m: m.pk)
        ],
        "call_certificates": [
            {
                "call": str(c.entry.call),
                "project": str(c.entry.project),
                "award": str(c.award) if c.award_id else None,
                "code": c.code,
                "issued_at": _when(c.issued_at),
                "revoked_at": _when(c.revoked_at),
            }
            for c in certificates
        ],
    }


def _drop_address(user) -> None:
    address = (user.email or "").lower()
    changed = []
    for mail in _addressed_to(user):
        mail.recipients = [r for r in mail.recipients if str(r).lower() != address]
        if not mail.recipients:
            # Addressed to nobody else: nothing of it is anyone else's; a held or released
            # mail is not sent to nobody.
            mail.subject, mail.body = "", ""
            if mail.status in (OutboxMessage.Status.HELD, OutboxMessage.Status.RELEASED):
                mail.status = OutboxMessage.Status.DISCARDED
        changed.append(mail)
    OutboxMessage.objects.bulk_update(changed, ["recipients", "subject", "body", "status"])


def erase(user) -> None:
    Entry.objects.filter(created_by=user).update(created_by=None)
    # The team keeps the document; its file name, which may name the uploader, does not stay.
    for key in (
        EntryDocument.objects.filter(uploaded_by=user).values_list("key", flat=True).distinct()
    ):
        EntryDocument.objects.filter(uploaded_by=user, key=key).update(
            uploaded_by=None, original_name=f"{key}.pdf"
        )
    # Scores stay in the ranking; what the reviewer wrote and who they are do not.
    Review.objects.filter(assignment__reviewer__user=user).update(comment="")
    Conflict.objects.filter(reviewer__user=user).update(reason="")
    for reviewer in Reviewer.objects.filter(user=user):
        reviewer.fields.clear()
    Reviewer.objects.filter(user=user).update(is_active=False, organisation=None, affiliation="")
    Reviewer.objects.filter(added_by=user).update(added_by=None)
    Appeal.objects.filter(created_by=user).update(text="", created_by=None)
    _drop_address(user)
    Call.objects.filter(created_by=user).update(created_by=None)
    Decision.objects.filter(confirmed_by=user).update(confirmed_by=None)
    OutboxMessage.objects.filter(released_by=user).update(released_by=None)
    Certificate.objects.filter(issued_by=user).update(issued_by=None)


def records(user):
    # A reviewer's role, assignments, reviews, conflicts and panel seats are named after the
    # reviewer (their account): the audit entries about them must stop naming the person.
    return [
        Reviewer.objects.filter(user=user),
        Assignment.objects.filter(reviewer__user=user),
        Review.objects.filter(assignment__reviewer__user=user),
        Conflict.objects.filter(reviewer__user=user),
        PanelMember.objects.filter(reviewer__user=user),
    ]


register(
    Provider(
        key="calls",
        models=(
            "calls.Call",
            "calls.Entry",
            "calls.EntryDocument",
            "calls.Reviewer",
            "calls.Conflict",
            "calls.PanelMember",
            "calls.Assignment",
            "calls.Review",
            "calls.Decision",
            "calls.OutboxMessage",
            "calls.Appeal",
            "calls.Certificate",
        ),
        export=export,
        erase=erase,
        records=records,
        # Before the projects (a lead alone takes the project, and its entries, with them).
        order=ORDER_CONTENT,
        keeps="Entries, documents, decisions, held mails and certificates are the project "
        "team's and stay, without the person's account, texts and address. A reviewer's "
        "scores stay in the ranking that selected the entries (removing them would change "
        "the selection after the fact): the reviewer role is made inactive, loses its "
        "organisation, affiliation, fields and comments, and points at the anonymised "
        "account.",
    )
)
