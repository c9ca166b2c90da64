"""Downloads of the figures: each figure's breakdowns (public), and exports of everything (staff).

A figure is an aggregate, so its download is public (`stats.view_figures`). An export of every
figure at a moment is made by a background task for organiser staff (`stats.export_all`),
stored outside any public URL and streamed by `export_download` to the one who asked for it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.core import spreadsheets
from yingcai.core.access import public, staff_view
from yingcai.core.registry import figures as registry
from yingcai.core.rules import can

from .. import exports, services
from ..forms import MomentForm
from ..models import Export

MINE = 20


def _not_found(request, message: str):
    return render(
        request,
        "stats/export_not_found.html",
        {"message": message, "formats": list(exports.WRITERS)},
        status=404,
    )


@public
def index(request):
    if not can(request.user, "stats.view_figures"):
        return _not_found(request, _("The figures are not available."))
    return render(
        request,
        "stats/exports.html",
        {
            "figures": registry.figures(),
            "formats": exports.WRITERS.values(),
            "may_export_all": can(request.user, "stats.export_all"),
        },
    )


@public
def figure_download(request, key, format):
    if not can(request.user, "stats.view_figures"):
        return _not_found(request, _("The figures are not available."))
    figure = registry.get(key)
    if figure is None:
        return _not_found(request, _("There is no figure “%(key)s”.") % {"key": key[:60]})
    writer = exports.writer(format)
    if writer is None:
        return _not_found(
            request,
            _("There is no format “%(format)s”: choose one of %(formats)s.")
            % {"format": format[:20], "formats": ", ".join(exports.WRITERS)},
        )
    figures = registry.current()
    if key not in figures:
        return _not_found(request, _("There is no figure “%(key)s”.") % {"key": key[:60]})
    content = writer.write(exports.table({key: figures[key]}, title=key))
    stamp = timezone.localtime(registry.computed_at() or timezone.now())
    response = spreadsheets.download(
        content, f"{key}-{stamp:%Y%m%d-%H%M}.{writer.extension}", writer.content_type
    )
    response["Cache-Control"] = f"public, max-age={registry.MAX_AGE}"
    return response


# --- Exports of everything ----------------------------------------------------------------------
class ExportForm(MomentForm):
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[(key, writer.name) for key, writer in exports.WRITERS.items()],
        initial="xlsx",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["format", "moment"])


def _mine(request):
    return Export.objects.filter(requested_by=request.user).select_related("requested_by")[:MINE]


def _context(request, form):
    rows = list(_mine(request))
    return {"form": form, "exports": rows, "pending": any(row.is_pending for row in rows)}


@staff_view("stats.export_all")
def export_list(request):
    form = ExportForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.request_export(
                    request.user, form.cleaned_data["format"], form.cleaned_data["moment"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The export is queued; it appears below when it is ready.")
                )
                return redirect("stats_exports:mine")
        return render(request, "stats/export_list.html", _context(request, form), status=400)
    return render(request, "stats/export_list.html", _context(request, form))


@staff_view("stats.export_all")
def export_rows(request):
    """The table of my exports alone: HTMX polls it while one is being made."""
    return render(request, "stats/export_rows.html", _context(request, None))


@staff_view("stats.export_all")
def export_download(request, pk):
    export = Export.objects.filter(pk=pk, requested_by=request.user).first()
    if export is None:
        return _not_found(request, _("There is no such export among yours."))
    if not export.is_ready:
        return _not_found(
            request,
            _("This export is not ready (%(status)s).") % {"status": export.get_status_display()},
        )
    writer = exports.writer(export.format)
    try:
        handle = export.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        return _not_found(request, _("The file of this export is missing; make a new one."))
    services.record_export_download(request.user, export)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.filename(),
        content_type=writer.content_type if writer else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
