"""A team's entries: enter a project in a call, answer, upload documents, submit, withdraw;
"My entries". An entry's page is read by whoever `calls.view_entry` allows (the team, the
call managers, a reviewer assigned without conflict); its documents likewise
(`calls.download_document`)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core import audit
from yingcai.core.access import loaded, signed_in
from yingcai.core.http import private_file_response
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.projects.models import Project
from yingcai.projects.rules.projects import team_roles

from ..forms_entry import DocumentUploadForm, EnterForm, EntryForm
from ..models import Call, Entry, EntryDocument
from ..rules.entries import ENTERING
from ..services import entries as services
from ..services.calls import label_of


@loaded
def readable_entry(request, pk, **_ids):
    """The entry, for those who may read it; for anyone else it does not exist."""
    entry = (
        Entry.objects.select_related("call", "project__field", "track", "division")
        .filter(pk=pk)
        .first()
    )
    if entry is None or not can(request.user, "calls.view_entry", entry):
        raise Http404
    return entry


@loaded
def published_call(request, call_pk, **_ids):
    call = Call.objects.filter(pk=call_pk, is_published=True).first()
    if call is None:
        raise Http404
    return call


@signed_in()
def mine(request):
    entries = (
        Entry.objects.filter(project_id__in=list(team_roles(request.user)))
        .select_related("call", "project", "track", "division")
        .order_by("-call__closes_at", "-pk")
    )
    return render(request, "calls/entry_mine.html", {"entries": entries})


def _enterable(user, call) -> list[Project]:
    """The user's projects (but withdrawn ones) that have not entered the call yet."""
    mine = list(team_roles(user))
    return list(
        Project.objects.filter(pk__in=mine, status__in=ENTERING)
        .exclude(call_entries__call=call)
        .order_by("pk")
    )


@signed_in("calls.enter_call", fn=published_call)
def enter(request, call_pk):
    call = published_call(request, call_pk=call_pk)
    projects = _enterable(request.user, call)
    form = EnterForm(request.POST or None, projects=projects)
    problems = {p.pk: services.eligibility_problems(call, p) for p in projects}
    if request.method == "POST" and form.is_valid():
        project = next(p for p in projects if p.pk == form.cleaned_data["project"])
        try:
            entry = services.start_entry(request.user, call, project)
        except (ValidationError, PermissionDenied) as error:
            text = error_text(error) if isinstance(error, ValidationError) else str(error)
            form.add_error(None, text)
        else:
            messages.success(
                request, _("The entry is saved as a draft: answer, upload and submit it.")
            )
            return redirect("call_entries:entry", pk=entry.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/entry_enter.html",
        {
            "call": call,
            "form": form,
            "projects": [(p, problems[p.pk]) for p in projects],
        },
        status=status,
    )


def _context(request, entry, **forms):
    call = entry.call
    documents = {d.key: d for d in entry.documents.all()}
    answers = entry.answers or {}
    user = request.user
    return {
        "entry": entry,
        "call": call,
        "answers": [
            {"label": label_of(q), "value": answers.get(q["key"], ""), "required": q["required"]}
            for q in call.questions or []
        ],
        "documents": [
            {**d, "label": label_of(d), "file": documents.get(d["key"])}
            for d in call.documents or []
        ],
        "missing": services.missing_parts(entry, documents=list(documents)),
        "may": {
            "edit": can(user, "calls.edit_entry", entry),
            "submit": can(user, "calls.submit_entry", entry),
            "withdraw": can(user, "calls.withdraw_entry", entry),
            "team": can(user, "calls.edit_entry", entry) or entry.project_id in team_roles(user),
        },
        "form": forms.get("form") or EntryForm(entry=entry),
        "upload_form": forms.get("upload_form") or DocumentUploadForm(call=call),
        "history": audit.history(entry)[:20] if entry.project_id in team_roles(user) else [],
    }


@signed_in("calls.view_entry", fn=readable_entry)
def entry(request, pk):
    """The entry; its team saves the answers here (POST) until the deadline."""
    entry = readable_entry(request, pk=pk)
    if request.method != "POST":
        return render(request, "calls/entry_detail.html", _context(request, entry))
    if not can(request.user, "calls.edit_entry", entry):
        if entry.project_id not in team_roles(request.user):
            raise PermissionDenied
        messages.error(request, _("The deadline of this call has passed."))
        return redirect("call_entries:entry", pk=entry.pk)
    form = EntryForm(request.POST, entry=entry)
    if form.is_valid():
        try:
            services.update_entry(
                request.user,
                entry,
                track=form.cleaned_data.get("track"),
                division=form.cleaned_data.get("division"),
                answers=form.answers(),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("Saved."))
            return redirect("call_entries:entry", pk=entry.pk)
    return render(
        request, "calls/entry_detail.html", _context(request, entry, form=form), status=400
    )


@signed_in("calls.view_entry", "calls.edit_entry", fn=readable_entry)
@require_POST
def upload(request, pk):
    entry = readable_entry(request, pk=pk)
    form = DocumentUploadForm(request.POST, request.FILES, call=entry.call)
    if form.is_valid():
        try:
            services.upload_document(
                request.user, entry, form.cleaned_data["key"], form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error_text(error))
        else:
            messages.success(request, _("The document is uploaded."))
            return redirect("call_entries:entry", pk=entry.pk)
    return render(
        request, "calls/entry_detail.html", _context(request, entry, upload_form=form), status=400
    )


@signed_in("calls.view_entry", "calls.edit_entry", fn=readable_entry)
@require_POST
def delete_document(request, pk, document_pk):
    entry = readable_entry(request, pk=pk)
    document = get_object_or_404(EntryDocument, pk=document_pk, entry=entry)
    try:
        services.delete_document(request.user, document)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The document is deleted."))
    return redirect("call_entries:entry", pk=entry.pk)


def _act(request, pk, service, done):
    entry = readable_entry(request, pk=pk)
    try:
        service(request.user, entry)
    except ValidationError as error:
        messages.error(request, error_text(error))
    except PermissionDenied:
        messages.error(request, _("You are not allowed to do this."))
    else:
        messages.success(request, done)
    return redirect("call_entries:entry", pk=entry.pk)


@signed_in("calls.view_entry", fn=readable_entry)
@require_POST
def submit(request, pk):
    return _act(
        request,
        pk,
        services.submit_entry,
        _("Submitted. You may still change it or withdraw it until the deadline."),
    )


@signed_in("calls.view_entry", fn=readable_entry)
@require_POST
def withdraw(request, pk):
    return _act(
        request,
        pk,
        services.withdraw_entry,
        _("Withdrawn. You may submit it again until the deadline."),
    )


@signed_in("calls.download_document")
def document(request, pk):
    """A document, to those the rule allows now; to anyone else it does not exist."""
    found = EntryDocument.objects.select_related("entry__call").filter(pk=pk).first()
    if found is None or not can(request.user, "calls.download_document", found):
        raise Http404
    return private_file_response(found.file, found.original_name, found.content_type)
