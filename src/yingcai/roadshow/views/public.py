"""The public roadshow programme, and the audience's tap on a pitch during its session."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.calls.models import Call
from yingcai.core.access import loaded, public, signed_in
from yingcai.core.http import over_limit
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.docking.rules.interests import speaking_organisations
from yingcai.organisations.models import Organisation

from ..forms import MarkForm
from ..models import Pitch
from ..services import interest as interest_services
from ..services import programme as programme_services


def mark_rate() -> str:
    """Taps a person may make per hour, across processes (a roadshow has some 24 pitches)."""
    return getattr(settings, "ROADSHOW_INTEREST_RATE", "60/h")


def _published_roadshow(slug) -> Call:
    return get_object_or_404(Call, slug=slug, kind=Call.Kind.ROADSHOW, is_published=True)


@public
def calls(request):
    found = Call.objects.filter(kind=Call.Kind.ROADSHOW, is_published=True).order_by(
        "-opens_at", "pk"
    )[:50]
    return render(request, "roadshow/calls.html", {"calls": found})


def _organisations(user):
    if not user.is_authenticated:
        return []
    return list(
        Organisation.objects.filter(
            pk__in=speaking_organisations(user), status=Organisation.Status.VERIFIED
        ).order_by("pk")
    )


def _pitch_row(user, pitch, organisations, marks):
    may = bool(organisations) and can(user, "roadshow.mark_interest", pitch)
    return {
        "pitch": pitch,
        "ends_at": programme_services.ends_at(pitch.session, [pitch]),
        "may_mark": may,
        "marks": [(o, (pitch.pk, o.pk) in marks) for o in organisations] if may else [],
    }


@public
def programme(request, slug):
    call = _published_roadshow(slug)
    sessions = list(call.roadshow_sessions.order_by("starts_at", "position", "pk"))
    pitches = list(
        Pitch.objects.filter(session__in=sessions)
        .select_related("entry__project", "session")
        .order_by("session__starts_at", "order")
    )
    organisations = _organisations(request.user)
    marks = interest_services.marked_by_organisations(pitches, [o.pk for o in organisations])
    by_session = {s.pk: [] for s in sessions}
    for pitch in pitches:
        by_session[pitch.session_id].append(_pitch_row(request.user, pitch, organisations, marks))
    return render(
        request,
        "roadshow/programme.html",
        {
            "call": call,
            "sessions": [(s, by_session[s.pk]) for s in sessions],
            "several": len(organisations) > 1,
        },
    )


@loaded
def shown_pitch(request, pk, **_other):
    pitch = get_object_or_404(
        Pitch.objects.select_related("session__call", "entry__project"), pk=pk
    )
    if not pitch.session.call.is_published:
        raise Http404
    return pitch


def too_many(request, retry_after: int, message: str):
    """429 with Retry-After, in the site's words (templates/429.html)."""
    response = render(
        request,
        "429.html",
        {"message": message, "retry_minutes": max(1, (retry_after + 59) // 60)},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@signed_in("roadshow.mark_interest", fn=shown_pitch)
@require_POST
def mark(request, pk):
    """One tap: the organisation's interest in the pitch. With HTMX the buttons of the pitch
    answer in place; without, the programme again at the pitch."""
    pitch = shown_pitch(request, pk)
    organisations = _organisations(request.user)
    form = MarkForm(
        request.POST,
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
    )
    error = ""
    if not form.is_valid():
        error = _("Choose the organisation you mark interest for.")
    elif retry_after := over_limit(request, "roadshow.interest", mark_rate(), key="user"):
        return too_many(
            request, retry_after, _("You have marked interest too often. Please try again later.")
        )
    else:
        try:
            interest_services.mark(request.user, pitch, form.cleaned_data["organisation"])
        except ValidationError as refusal:
            error = error_text(refusal)
    if request.htmx:
        marks = interest_services.marked_by_organisations([pitch], [o.pk for o in organisations])
        return render(
            request,
            "roadshow/_marks.html",
            {
                "row": _pitch_row(request.user, pitch, organisations, marks),
                "several": len(organisations) > 1,
                "error": error,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Your interest is marked. The team finds it in its docking."))
    back = reverse("roadshow:programme", args=[pitch.session.call.slug])
    return redirect(f"{back}#pitch-{pitch.pk}")
