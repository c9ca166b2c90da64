"""The gates: the staff phone's check-in page and its sync, the live counters, the gates of a
venue and the badges (all under /check-in/)."""

import json
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_permissions_policy.decorators import permissions_policy_override

from yingcai.conference.models import Conference, Venue
from yingcai.core.access import staff_view
from yingcai.core.views import error_text
from yingcai.guests.models import Guest

from .. import badges, tickets
from ..models import CheckIn, Gate, Session
from ..services import checkin as checkin_services

# The sync's body: 100 scans of some 200 characters each, and room to spare.
MAX_BODY = 64 * 1024
POLL_SECONDS = 5
MAX_SESSIONS = 200


def _conference():
    return Conference.objects.filter(is_current=True).first()


def _sessions(conference):
    if conference is None:
        return Session.objects.none()
    return (
        Session.objects.filter(conference=conference, onsite=True)
        .select_related("venue")
        .order_by("starts_at", "position", "pk")
    )


def _session_and_gate(session_pk, gate_pk):
    session = get_object_or_404(Session.objects.select_related("venue"), pk=session_pk)
    gate = get_object_or_404(Gate, pk=gate_pk, venue_id=session.venue_id)
    if not session.onsite:
        raise Http404
    return session, gate


@staff_view("attendance.check_in")
@require_GET
def start(request):
    """Choose the session and the gate."""
    sessions = list(_sessions(_conference())[:MAX_SESSIONS])
    venues = {s.venue_id for s in sessions}
    gates: dict[int, list] = {}
    for gate in Gate.objects.filter(venue_id__in=venues).order_by("name", "pk"):
        gates.setdefault(gate.venue_id, []).append(gate)
    today = timezone.localdate()
    rows = [
        {
            "session": s,
            "gates": gates.get(s.venue_id, []),
            "today": timezone.localdate(s.starts_at) == today,
        }
        for s in sessions
    ]
    rows.sort(key=lambda row: not row["today"])
    return render(request, "attendance/checkin/start.html", {"rows": rows})


def _scan_context(request, session, gate, result=None):
    conference_sessions = {
        str(s.pk): {"title": s.title, "day": timezone.localdate(s.starts_at).isoformat()}
        for s in Session.objects.filter(conference_id=session.conference_id).order_by("pk")[
            :MAX_SESSIONS
        ]
    }
    return {
        "session": session,
        "gate": gate,
        "day": checkin_services.session_day(session),
        "public_key": tickets.public_key_spki(),
        "sessions_json": conference_sessions,
        "result": result,
        "scan_id": str(uuid.uuid4()),
        "max_batch": checkin_services.MAX_BATCH,
    }


# The one page of the site that may use the camera: the scanner of the gates.
CAMERA_ALLOWED = {**settings.PERMISSIONS_POLICY, "camera": ["self"]}


@staff_view("attendance.check_in")
@permissions_policy_override(CAMERA_ALLOWED)
def scan(request, session_pk, gate_pk):
    """The staff phone's page; without JavaScript, a typed code is posted here."""
    session, gate = _session_and_gate(session_pk, gate_pk)
    if request.method != "POST":
        return render(
            request, "attendance/checkin/scan.html", _scan_context(request, session, gate)
        )
    code = request.POST.get("code", "")
    try:
        result = checkin_services.check_in(
            request.user,
            session=session,
            gate=gate,
            code=code,
            scan_id=request.POST.get("scan_id", ""),
            scanned_at=timezone.now(),
        )
    except ValidationError as error:
        result = checkin_services.Result(checkin_services.INVALID, error_text(error))
    return render(
        request, "attendance/checkin/scan.html", _scan_context(request, session, gate, result)
    )


def _bad(message, status=400):
    return JsonResponse({"ok": False, "message": message}, status=status)


@staff_view("attendance.check_in")
@require_POST
def sync(request, session_pk, gate_pk):
    """The phone's queue of scans (JSON: {"scans": [{scan_id, code, scanned_at}, …]})."""
    session, gate = _session_and_gate(session_pk, gate_pk)
    if len(request.body) > MAX_BODY:
        return _bad(_("Too many scans at once: send fewer."), status=413)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _bad(_("The scans could not be read."))
    scans = data.get("scans") if isinstance(data, dict) else None
    try:
        results = checkin_services.sync(request.user, session, gate, scans)
    except ValidationError as error:
        return _bad(error_text(error))
    except PermissionDenied as error:
        return _bad(str(error), status=403)
    return JsonResponse({"ok": True, "results": [r.as_dict() for r in results]})


@staff_view("attendance.check_in")
@require_GET
def revoked(request, session_pk):
    session = get_object_or_404(Session, pk=session_pk)
    response = JsonResponse({"revoked": checkin_services.revocations(session)})
    response["Cache-Control"] = "no-store"
    return response


# --- Counters ---------------------------------------------------------------------------------
def _counter_rows():
    sessions = list(_sessions(_conference())[:MAX_SESSIONS])
    ids = [s.pk for s in sessions]
    counts = (
        CheckIn.objects.filter(attendance__session_id__in=ids)
        .values("attendance__session_id", "gate_id", "gate__name")
        .annotate(n=Count("pk"))
        .order_by("gate__name", "gate_id")
    )
    per_session: dict[int, list] = {}
    for row in counts:
        per_session.setdefault(row["attendance__session_id"], []).append(
            {"gate": row["gate__name"], "count": row["n"]}
        )
    rows = []
    for s in sessions:
        gates = per_session.get(s.pk, [])
        rows.append(
            {
                "session": s,
                "gates": gates,
                "checked_in": sum(g["count"] for g in gates),
                # Confirmed on-site attendances: the seats taken.
                "confirmed": s.taken,
            }
        )
    return rows


@staff_view("attendance.view_counters")
@require_GET
def counters(request):
    return render(
        request,
        "attendance/checkin/counters.html",
        {"rows": _counter_rows(), "poll_seconds": POLL_SECONDS, "now": timezone.now()},
    )


@staff_view("attendance.view_counters")
@require_GET
def counters_rows(request):
    return render(
        request,
        "attendance/checkin/_counters.html",
        {"rows": _counter_rows(), "poll_seconds": POLL_SECONDS, "now": timezone.now()},
    )


# --- Gates ------------------------------------------------------------------------------------
@staff_view("attendance.manage_gates")
def gates(request):
    conference = _conference()
    venues = list(
        Venue.objects.filter(conference=conference).exclude(kind=Venue.Kind.ONLINE)[:100]
        if conference
        else []
    )
    errors = {}
    if request.method == "POST":
        venue = next((v for v in venues if str(v.pk) == request.POST.get("venue", "")), None)
        if venue is None:
            errors["venue"] = _("Choose a venue.")
        else:
            try:
                gate = checkin_services.add_gate(request.user, venue, request.POST.get("name"))
            except ValidationError as error:
                errors["venue"] = error_text(error)
            else:
                messages.success(request, _("Gate %(name)s added.") % {"name": gate.name})
                return redirect("checkin:gates")
    listed: dict[int, list] = {}
    for gate in Gate.objects.filter(venue__in=venues).order_by("name", "pk"):
        listed.setdefault(gate.venue_id, []).append(gate)
    return render(
        request,
        "attendance/checkin/gates.html",
        {
            "venues": [(v, listed.get(v.pk, [])) for v in venues],
            "errors": errors,
            "typed": request.POST.get("name", "") if request.method == "POST" else "",
        },
        status=400 if errors else 200,
    )


@staff_view("attendance.manage_gates")
@require_POST
def remove_gate(request, gate_pk):
    gate = get_object_or_404(Gate, pk=gate_pk)
    try:
        checkin_services.remove_gate(request.user, gate)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("Gate %(name)s removed.") % {"name": gate.name})
    return redirect("checkin:gates")


# --- Badges -----------------------------------------------------------------------------------
def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view("attendance.participant_badges")
@require_GET
def participant_badges(request, session_pk):
    session = get_object_or_404(Session, pk=session_pk)
    return _pdf(badges.participant_badges(session), f"badges-session-{session.pk}.pdf")


@staff_view("attendance.guest_badges")
@require_GET
def guest_badges(request):
    conference = _conference()
    guests = (
        Guest.objects.filter(conference=conference, status=Guest.Status.ONSITE)
        if conference
        else Guest.objects.none()
    )
    return _pdf(badges.guest_badges(guests), "badges-guests.pdf")
