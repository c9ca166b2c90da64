"""Calls and entries: the entries of the projects a person is in, the entries they started
and the documents they uploaded; the calls they opened.

Erasure: an entry belongs to its project's team, not to the member who started it: the
references to the person (entered by, uploaded by, opened by) are cleared and a document's
file name, which may name its uploader, is replaced. A project that leaves with its last
member (projects' eraser, after this one) takes its entries along: their documents' files
are deleted once the erasure is committed.
"""

from django.db import transaction
from django.db.models import Count

from yingcai.core.registry.personal_data import ORDER_MEMBERSHIP, Provider, register
from yingcai.projects.models import TeamMember

from .models import Call, Entry, EntryDocument


def _when(moment):
    return moment.isoformat() if moment else None


def export(user) -> dict:
    projects = TeamMember.objects.filter(user=user).values_list("project_id", flat=True)
    entries = (
        Entry.objects.filter(project_id__in=list(projects))
        .select_related("call", "project", "track", "division")
        .order_by("pk")
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
                "entered_by_me": e.created_by_id == user.pk,
                "first_submitted_at": _when(e.first_submitted_at),
                "submitted_at": _when(e.submitted_at),
                "withdrawn_at": _when(e.withdrawn_at),
            }
            for e in entries
        ],
        "call_documents_uploaded": [
            {"entry": str(d.entry), "file_name": d.original_name, "at": _when(d.uploaded_at)}
            for d in EntryDocument.objects.filter(uploaded_by=user)
            .select_related("entry__project")
            .order_by("pk")
        ],
        "calls_opened": [str(c) for c in Call.objects.filter(created_by=user).order_by("pk")],
    }


def erase(user) -> None:
    # Projects whose only member is the person leave with them (projects' eraser runs next):
    # their entries' documents are rows that cascade, but files that would stay behind.
    alone = (
        TeamMember.objects.filter(project__team__user=user)
        .values("project_id")
        .annotate(n=Count("pk"))
        .filter(n=1)
        .values_list("project_id", flat=True)
    )
    for document in EntryDocument.objects.filter(entry__project_id__in=list(alone)):
        storage, path = document.file.storage, document.file.name
        transaction.on_commit(lambda storage=storage, path=path: storage.delete(path))
    EntryDocument.objects.filter(uploaded_by=user).update(
        uploaded_by=None, original_name="document"
    )
    Entry.objects.filter(created_by=user).update(created_by=None)
    Call.objects.filter(created_by=user).update(created_by=None)


register(
    Provider(
        key="call_entries",
        models=("calls.Call", "calls.Entry", "calls.EntryDocument"),
        export=export,
        erase=erase,
        # Before the projects' eraser, which may delete a project with its entries.
        order=ORDER_MEMBERSHIP - 6,
        keeps="An entry stays with its project's team and a call with the organisers; "
        "neither names who entered or opened it afterwards.",
    )
)
