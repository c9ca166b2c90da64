"""The public agenda, the registration (no account needed), and the person's own page.

The registration has three steps on one address: the contact (a code is sent), the code
(checked; the contact comes back signed, `codes.contact_token`), and the form. The final
POST — `name`, `contact_token`, `kind`, `privacy`, and `session-<id>` = online | onsite —
verifies a signature and writes the registration: no password hashing, no session write.

The person's page is reached by the secret key in the confirmation (`Registration.key`); a
wrong key answers 404 and counts against the address, past the public forms' rate every
look-up from there answers 429.
"""

from datetime import date
from itertools import groupby
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.conference.services import current_conference
from yingcai.core.access import public
from yingcai.core.http import client_ip, limit_reached, over_limit
from yingcai.core.views import error_text
from yingcai.guests.models import Guest
from yingcai.jobs.models import Job
from yingcai.privacy.services import current as current_document

from .. import ical, ticket_pdf, tickets
from ..forms import CodeForm, ContactForm, RegistrationForm, parse_choices, session_ids
from ..models import Attendance, Registration, Session
from ..services import codes
from ..services import registration as services

MISSES = "attendance.key_miss"
# What registering reads of a session (services.registration and its rules).
REGISTRATION_FIELDS = (
    "conference__is_current",
    "capacity",
    "onsite",
    "online",
    "is_published",
    "registration_closes_at",
    "starts_at",
)


def _too_many(request, retry_after: int, message: str):
    response = render(
        request,
        "429.html",
        {"message": message, "retry_minutes": max(1, (retry_after + 59) // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def link_base(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def published_sessions(conference):
    return (
        Session.objects.filter(conference=conference, is_published=True)
        .select_related("venue__district")
        .order_by("starts_at", "position", "pk")
    )


def _with_people(sessions):
    return sessions.prefetch_related(
        # Name and public title only, of the speakers who consented to be listed publicly
        # (like the public guest list): their other data is the protocol staff's.
        Prefetch(
            "speakers",
            queryset=Guest.objects.filter(public_consent_at__isnull=False)
            .only("pk", "name", "public_title")
            .order_by("name", "pk"),
        ),
        Prefetch(
            "jobs",
            queryset=Job.objects.filter(status__in=(Job.Status.PUBLISHED, Job.Status.CLOSED))
            .only("pk", "title", "status")
            .order_by("pk"),
        ),
    )


def _seats(sessions):
    """Each session with its seats left on site (None: no limit)."""
    for found in sessions:
        found.seats_left = None if found.capacity is None else found.capacity - found.taken
    return sessions


def _days(sessions):
    return [
        (day, list(rows))
        for day, rows in groupby(sessions, key=lambda s: timezone.localdate(s.starts_at))
    ]


def _chosen(request, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@public
def agenda(request):
    """The published sessions by day and time; narrowed by day, venue or kind (a GET form)."""
    conference = current_conference()
    sessions = _seats(list(_with_people(published_sessions(conference)))) if conference else []
    days = sorted({timezone.localdate(s.starts_at).isoformat() for s in sessions})
    venues = {str(s.venue_id): s.venue for s in sessions}
    kinds = [
        (value, label)
        for value, label in Session.Kind.choices
        if value in {s.kind for s in sessions}
    ]
    day = _chosen(request, "day", days)
    venue = _chosen(request, "venue", venues)
    kind = _chosen(request, "kind", {value for value, _label in kinds})
    shown = [
        s
        for s in sessions
        if (not day or timezone.localdate(s.starts_at).isoformat() == day)
        and (not venue or str(s.venue_id) == venue)
        and (not kind or s.kind == kind)
    ]
    return render(
        request,
        "attendance/public/agenda.html",
        {
            "conference": conference,
            "days": _days(shown),
            "now": timezone.now(),
            "filters": {
                "days": [(d, date.fromisoformat(d)) for d in days],
                "venues": sorted(venues.items(), key=lambda item: (item[1].position, item[1].pk)),
                "kinds": kinds,
                "day": day,
                "venue": venue,
                "kind": kind,
            },
        },
    )


def is_hls(url: str) -> bool:
    return url.split("?", 1)[0].lower().endswith(".m3u8")


@public
def session(request, pk):
    found = _with_people(Session.objects.filter(pk=pk, is_published=True)).select_related(
        "venue__district", "conference"
    )
    shown = found.first()
    if shown is None:
        raise Http404(_("This session is not on the agenda."))
    _seats([shown])
    hls = is_hls(shown.stream_url)
    response = render(
        request,
        "attendance/public/session.html",
        {"session": shown, "hls": hls, "now": timezone.now()},
    )
    if hls:
        # hls.js fetches the playlist and its segments from the stream's host and plays them
        # through a MediaSource (a blob: address): this page alone lets both through.
        parts = urlsplit(shown.stream_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        response._csp_update = {  # read by django-csp's middleware
            "connect-src": [origin],
            "media-src": ["'self'", "blob:", origin],
        }
    return response


def _open_sessions(conference, chosen=None):
    now = timezone.now()
    found = _seats([s for s in published_sessions(conference) if now < s.closes_at])
    for each in found:
        mode = (chosen or {}).get(each.pk, "")
        if mode == "*":  # from a session's "Register" link: the way it is attended first
            mode = "onsite" if each.onsite else "online"
        each.chosen_mode = mode
    return found


def _registration_page(request, conference, form, status=200, chosen=None):
    return render(
        request,
        "attendance/public/register.html",
        {
            "step": "form",
            "form": form,
            "conference": conference,
            "sessions": _open_sessions(conference, chosen),
            "privacy": current_document("privacy"),
        },
        status=status,
    )


def _step(request, name, context, status=200):
    return render(
        request, "attendance/public/register.html", {"step": name, **context}, status=status
    )


@public
def register(request):
    if request.method == "POST" and "contact_token" in request.POST:
        return _final(request)
    conference = current_conference()
    if conference is None:
        raise Http404(_("There is no conference to register for."))
    if request.method == "POST" and request.POST.get("step") == "code":
        form = CodeForm(request.POST)
        if form.is_valid():
            return _registration_form(request, conference, form.cleaned_data["contact"])
        return _step(
            request, "code", {"form": form, "contact": request.POST.get("contact", "")}, 400
        )
    if request.method == "POST":
        form = ContactForm(request.POST)
        if not form.is_valid():
            return _step(request, "contact", {"form": form}, 400)
        contact = form.cleaned_data["contact"]
        if contact in codes.verified_contacts(request.user):
            return _registration_form(request, conference, contact)
        try:
            codes.send_code(contact, ip=client_ip(request), language=translation.get_language())
        except codes.TooManyCodes as refusal:
            return _too_many(request, refusal.retry_after, error_text(refusal))
        return _step(
            request,
            "code",
            {"form": CodeForm(initial={"contact": contact}), "contact": contact, "sent": True},
        )
    # GET: a signed-in person with a verified contact goes straight to the form.
    verified = sorted(codes.verified_contacts(request.user))
    if verified:
        mobile = [c for c in verified if not codes.is_email(c)]
        return _registration_form(request, conference, (mobile or verified)[0])
    initial = {}
    if request.user.is_authenticated:
        initial["contact"] = request.user.mobile or request.user.email
    return _step(request, "contact", {"form": ContactForm(initial=initial)})


def _registration_form(request, conference, contact: str):
    initial = {"contact_token": codes.contact_token(contact)}
    if request.user.is_authenticated:
        initial["name"] = request.user.get_full_name()
    chosen = {}
    wanted = request.GET.get("session", "")
    if wanted.isdigit():
        chosen[int(wanted)] = "*"
    return _registration_page(request, conference, RegistrationForm(initial=initial), chosen=chosen)


def _final(request):
    form = RegistrationForm(request.POST)
    ids = session_ids(request.POST)
    # The chosen sessions of the current edition and the edition itself in one query: this is
    # the request of every registration of a burst (benchmarks/attendance_register.py).
    # Only what the rules and the seats read: the rest (a title for a refusal, the
    # conference's page) is loaded on the rare path that shows it.
    found = list(
        Session.objects.filter(pk__in=ids, conference__is_current=True)
        .select_related("conference")
        .only(*REGISTRATION_FIELDS)
        .order_by()
    )
    conference = found[0].conference if found else current_conference()
    if conference is None:
        raise Http404(_("There is no conference to register for."))
    if ids and not found:
        found = list(Session.objects.filter(pk__in=ids, conference=conference))
    sessions = {s.pk: s for s in found}
    choices, errors = parse_choices(request.POST, sessions)
    chosen = {s.pk: mode for s, mode in choices}
    if not form.is_valid() or errors:
        for error in errors:
            form.add_error(None, error)
        return _registration_page(request, conference, form, status=400, chosen=chosen)
    privacy = current_document("privacy") or True
    try:
        registration = services.register(
            conference=conference,
            name=form.cleaned_data["name"],
            contact=form.contact,
            kind=form.cleaned_data["kind"],
            language=translation.get_language(),
            choices=choices,
            user=request.user if request.user.is_authenticated else None,
            privacy_statement=privacy,
            link_base=link_base(request),
        )
    except (ValidationError, PermissionDenied) as refusal:
        form.add_error(
            None, error_text(refusal) if isinstance(refusal, ValidationError) else str(refusal)
        )
        return _registration_page(request, conference, form, status=400, chosen=chosen)
    target = services.page_path(registration, translation.get_language())
    if registration.existing:
        return redirect(f"{target}?already=1")
    return redirect(target)


# --- The person's page ---------------------------------------------------------------------


class KeyRefused(Exception):
    def __init__(self, response):
        self.response = response


def _registration(request, key) -> Registration:
    if retry_after := limit_reached(request, MISSES, settings.PUBLIC_FORM_RATE):
        raise KeyRefused(
            _too_many(request, retry_after, _("Too many wrong addresses were tried from yours."))
        )
    found = (
        Registration.objects.filter(key=key).select_related("conference").first()
        if len(key) <= 40
        else None
    )
    if found is None:
        if retry_after := over_limit(request, MISSES, settings.PUBLIC_FORM_RATE):
            raise KeyRefused(
                _too_many(
                    request, retry_after, _("Too many wrong addresses were tried from yours.")
                )
            )
        raise KeyRefused(render(request, "attendance/public/not_found.html", status=404))
    return found


def keyed(view):
    """The view's registration from the key in the URL (404 / 429 answered here)."""

    def wrapper(request, key, *args, **kwargs):
        try:
            registration = _registration(request, key)
        except KeyRefused as refused:
            return refused.response
        return view(request, registration, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _attendances(registration):
    return list(
        Attendance.objects.filter(registration=registration)
        .select_related("session__venue__district")
        .order_by("session__starts_at", "session__position", "pk")
    )


def ticket_code(attendance) -> str:
    session = attendance.session
    return tickets.sign(attendance.ticket, session.pk, timezone.localdate(session.starts_at))


@public
@keyed
def me(request, registration):
    attendances = _attendances(registration)
    positions = services.queue_positions(attendances)
    rows = []
    for attendance in attendances:
        row = {"attendance": attendance, "position": positions.get(attendance.pk)}
        if services.admits(attendance):
            code = ticket_code(attendance)
            row["code"] = code
            # segno's own SVG of a code we signed: no text of the person's in it.
            row["qr"] = mark_safe(ticket_pdf.qr_svg(code))  # noqa: S308
        rows.append(row)
    taken = {a.session_id for a in attendances if a.status != Attendance.Status.CANCELLED}
    addable = [s for s in _open_sessions(registration.conference) if s.pk not in taken]
    response = render(
        request,
        "attendance/public/me.html",
        {
            "registration": registration,
            "rows": rows,
            "addable": addable,
            "already": "already" in request.GET,
        },
    )
    # The page of a secret address holds tickets: kept by no cache on the way, nor indexed.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _attendance_of(registration, pk) -> Attendance:
    found = (
        Attendance.objects.filter(registration=registration, pk=pk)
        .select_related("session__venue", "registration")
        .first()
    )
    if found is None:
        raise Http404(_("This ticket does not exist."))
    return found


@public
@keyed
def ticket(request, registration, pk):
    attendance = _attendance_of(registration, pk)
    if not services.admits(attendance):
        raise Http404(_("This ticket does not exist."))
    content = ticket_pdf.pdf(attendance, ticket_code(attendance))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="ticket-{attendance.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@public
@keyed
def calendar(request, registration):
    attendances = _attendances(registration)
    page = request.build_absolute_uri(services.page_path(registration))
    response = HttpResponse(
        ical.feed(registration, attendances, page), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="agenda.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _back(registration):
    return redirect(services.page_path(registration, translation.get_language()))


@public
@require_POST
@keyed
def cancel(request, registration, pk):
    attendance = _attendance_of(registration, pk)
    try:
        services.cancel_attendance(
            None, attendance, key=registration.key, link_base=link_base(request)
        )
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(
            request, _("Cancelled: %(session)s.") % {"session": attendance.session.title}
        )
    return _back(registration)


@public
@require_POST
@keyed
def cancel_all(request, registration):
    try:
        services.cancel_registration(
            None, registration, key=registration.key, link_base=link_base(request)
        )
    except ValidationError as refusal:
        messages.error(request, error_text(refusal))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return _back(registration)


@public
@require_POST
@keyed
def add(request, registration):
    ids = session_ids(request.POST)
    sessions = {
        s.pk: s for s in Session.objects.filter(pk__in=ids, conference=registration.conference)
    }
    choices, errors = parse_choices(request.POST, sessions)
    if not choices and not errors:
        errors.append(_("Choose at least one session."))
    for error in errors:
        messages.error(request, error)
    if errors:
        return _back(registration)
    for session_, mode in choices:
        try:
            services.add_attendance(
                registration, session_, mode, key=registration.key, link_base=link_base(request)
            )
        except ValidationError as refusal:
            messages.error(request, f"{session_.title}: {error_text(refusal)}")
        else:
            messages.success(request, _("Added: %(session)s.") % {"session": session_.title})
    return _back(registration)
