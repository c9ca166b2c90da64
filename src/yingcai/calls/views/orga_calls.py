"""The organisers' calls: create and change a call (texts, window, eligibility), the entry
form's questions, the required documents, tracks and divisions; publish; the entries with
filters, one entry, and the Excel export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core import audit
from yingcai.core.access import staff_view
from yingcai.core.spreadsheets import download
from yingcai.core.views import error_text, form_error

from .. import excel
from ..filters import EntryFilter, entries_of
from ..forms_call import (
    CallForm,
    DivisionFormSet,
    DocumentFormSet,
    QuestionFormSet,
    TrackFormSet,
    initial_questions,
    rows_of,
)
from ..models import Call, Division, Entry, EntryDocument, Track
from ..services import calls as services
from ..services.calls import label_of
from ..services.entries import explain_eligibility

RULE = "calls.manage_calls"
PER_PAGE = 50
MAX_EXPORT = 5000


@staff_view(RULE)
def calls(request):
    found = Call.objects.annotate(
        submitted=Count("entries", filter=Q(entries__status=Entry.Status.SUBMITTED)),
        drafts=Count("entries", filter=Q(entries__status=Entry.Status.DRAFT)),
    ).order_by("-opens_at", "-pk")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "calls/orga/call_list.html", {"page": page})


@staff_view("calls.add_call")
def create(request):
    form = CallForm(request.POST or None, instance=Call())
    if request.method == "POST" and form.is_valid():
        try:
            call = services.create_call(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("The call is saved as a draft: add its questions, then publish it.")
            )
            return redirect("orga_calls:call", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/orga/call_form.html", {"form": form}, status=status)


@staff_view("calls.change_call")
def change(request, pk):
    call = get_object_or_404(Call, pk=pk)
    form = CallForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_call(request.user, form.save(commit=False), form.changed_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_calls:call", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "calls/orga/call_form.html", {"form": form, "call": call}, status=status)


@staff_view(RULE)
def call(request, pk):
    call = get_object_or_404(Call, pk=pk)
    counts = dict(Entry.objects.filter(call=call).values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "calls/orga/call_detail.html",
        {
            "call": call,
            "tracks": list(call.tracks.all()),
            "divisions": list(call.divisions.all()),
            "eligibility": explain_eligibility(call),
            "questions": [{**q, "label": label_of(q)} for q in call.questions or []],
            "documents": [{**d, "label": label_of(d)} for d in call.documents or []],
            "counts": [(label, counts.get(value, 0)) for value, label in Entry.Status.choices],
            "history": audit.history(call)[:20],
        },
    )


@staff_view(RULE)
@require_POST
def publish(request, pk):
    call = get_object_or_404(Call, pk=pk)
    try:
        services.publish_call(request.user, call)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The call is published: teams can find it and enter."))
    return redirect("orga_calls:call", pk=call.pk)


DATA = {
    "questions": (QuestionFormSet, lambda call: initial_questions(call)),
    "documents": (DocumentFormSet, lambda call: list(call.documents or [])),
}


def _data(request, pk, name):
    call = get_object_or_404(Call, pk=pk)
    formset_class, initial = DATA[name]
    formset = formset_class(request.POST or None, initial=initial(call), prefix=name)
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_data(request.user, call, name, rows_of(formset))
        except ValidationError as error:
            for messages_ in getattr(error, "message_dict", {"": error.messages}).values():
                formset.non_form_errors().extend(messages_)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_calls:call", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/call_rows.html",
        {"call": call, "formset": formset, "name": name},
        status=status,
    )


@staff_view("calls.change_call")
def questions(request, pk):
    return _data(request, pk, "questions")


@staff_view("calls.change_call")
def documents(request, pk):
    return _data(request, pk, "documents")


PARTS = {"tracks": (TrackFormSet, Track), "divisions": (DivisionFormSet, Division)}


def _parts(request, pk, name):
    call = get_object_or_404(Call, pk=pk)
    formset_class, model = PARTS[name]
    formset = formset_class(request.POST or None, instance=call, prefix=name)
    if request.method == "POST" and formset.is_valid():
        saved = formset.save(commit=False)
        try:
            services.save_parts(request.user, call, model, saved, formset.deleted_objects)
        except ValidationError as error:
            formset.non_form_errors().extend(error.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("orga_calls:call", pk=call.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "calls/orga/call_rows.html",
        {"call": call, "formset": formset, "name": name},
        status=status,
    )


@staff_view("calls.change_call")
def tracks(request, pk):
    return _parts(request, pk, "tracks")


@staff_view("calls.change_call")
def divisions(request, pk):
    return _parts(request, pk, "divisions")


def _filtered(request, call):
    filters = EntryFilter(request.GET or None, entries_of(call), call=call)
    return filters, filters.valid_qs


@staff_view("calls.view_entries")
def entries(request, pk):
    call = get_object_or_404(Call, pk=pk)
    filters, found = _filtered(request, call)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "calls/orga/call_entries.html",
        {"call": call, "filters": filters, "page": page, "query": query.urlencode()},
    )


@staff_view("calls.view_entries")
def export(request, pk):
    call = get_object_or_404(Call, pk=pk)
    _filters, found = _filtered(request, call)
    rows = found.prefetch_related(
        Prefetch(
            "documents",
            queryset=EntryDocument.objects.only("pk", "entry_id", "key", "original_name"),
        )
    )[:MAX_EXPORT]
    content = excel.entries_workbook(call, rows)
    return download(content, f"{call.slug}-entries.xlsx")
