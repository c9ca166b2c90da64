"""What the public sees: the guests who confirmed and consented (name, public title and
category, nothing else), the honours registry (only the honours whose holder consented); and
the guest's own RSVP page, reached through the personal link of the invitation, no account.

A link that is not found (guessed, mistyped, or replaced by a newer invitation) answers a
translated 404 and counts against the address (the public forms' rate, `PUBLIC_FORM_RATE`):
past it every RSVP page from that address answers 429 with Retry-After, found or not, so
secrets cannot be guessed by trying. The counter is in the shared cache (the database or
Redis), so it holds across processes.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from yingcai.conference.services import current_conference, site_settings
from yingcai.core.access import public
from yingcai.core.http import limit_reached, over_limit
from yingcai.core.views import form_error

from ..forms import AnswerForm
from ..models import Guest, Honour
from ..services import guests as services

MISSES = "guests.rsvp_miss"
# Answers through one link: a guest changes an answer a few times; a script that has the link
# does not fill the guest's mailbox with confirmations.
ANSWERS = "guests.rsvp_answers"
ANSWER_RATE = "20/h"
PUBLIC_LIMIT = 500


@public
def guest_list(request):
    conference = current_conference()
    found = (
        Guest.objects.filter(
            conference=conference,
            status__in=(Guest.Status.ONLINE, Guest.Status.ONSITE),
            public_consent_at__isnull=False,
        )
        .only(
            "pk",
            "category",
            "name_zh_hans",
            "name_en",
            "public_title_zh_hans",
            "public_title_en",
        )
        .order_by("category", "name", "pk")[:PUBLIC_LIMIT]
        if conference
        else []
    )
    by_category: dict = {}
    for guest in found:
        by_category.setdefault(guest.category, []).append(guest)
    labels = dict(Guest.Category.choices)
    return render(
        request,
        "guests/public/guests.html",
        {
            "conference": conference,
            "groups": [(labels[key], by_category[key]) for key in labels if key in by_category],
        },
    )


def award_name() -> str:
    """The award's name in the page's language: the organisers' Chinese name on a Chinese page
    when they set one (the seed gives only the English)."""
    if get_language() == "zh-hans":
        chosen = site_settings().award_name_zh_hans
        if chosen:
            return chosen
    return str(Honour.Kind.AWARD.label)


@public
def honours(request):
    found = (
        Honour.objects.filter(public_consent_at__isnull=False)
        .only(
            "pk",
            "kind",
            "year",
            "category_zh_hans",
            "category_en",
            "name_zh_hans",
            "name_en",
            "affiliation_zh_hans",
            "affiliation_en",
        )
        .order_by("kind", "-year", "category_zh_hans", "pk")[:2000]
    )
    names = {Honour.Kind.AWARD: award_name(), Honour.Kind.PROGRAM: str(Honour.Kind.PROGRAM.label)}
    lists: dict = {}
    for honour in found:
        lists.setdefault((honour.kind, honour.year), []).append(honour)
    return render(
        request,
        "guests/public/honours.html",
        {
            "lists": [
                {"name": names[kind], "year": year, "honours": rows}
                for (kind, year), rows in lists.items()
            ],
            "award_name": names[Honour.Kind.AWARD],
        },
    )


def _too_many(request, retry_after: int):
    response = render(
        request,
        "429.html",
        {
            "message": _(
                "Too many invitation links were tried from your address. Please try again later."
            ),
            "retry_minutes": max(1, (retry_after + 59) // 60),
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _private(response):
    # The secret is in the address: no cache keeps the page, no other site learns the address
    # ("same-origin", not "no-referrer": Chromium would send "Origin: null" with the form,
    # which the CSRF check refuses).
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _initial(guest: Guest) -> dict:
    answered = guest.answered_at is not None
    return {
        "status": guest.status if answered else "",
        "arrival": guest.arrival,
        "arrival_number": guest.arrival_number,
        "arrival_at": guest.arrival_at,
        "departure_at": guest.departure_at,
        "dietary": guest.dietary,
        "needs": guest.needs,
        "language": guest.language,
        "public_consent": guest.public_consent_at is not None,
    }


@public
@never_cache
def answer(request, secret):
    """The guest's answer: greeting, the three choices, the itinerary when on site, needs,
    language and the consent to be listed; after answering, the answer recorded, which may
    change until the conference starts."""
    if retry_after := limit_reached(request, MISSES, settings.PUBLIC_FORM_RATE):
        return _private(_too_many(request, retry_after))
    guest = services.find(secret)
    if guest is None:
        if retry_after := over_limit(request, MISSES, settings.PUBLIC_FORM_RATE):
            return _private(_too_many(request, retry_after))
        return _private(render(request, "guests/rsvp/not_found.html", status=404))
    started = timezone.now() >= guest.conference.starts_at
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=_initial(guest))
    status = 200
    if request.method == "POST":
        if started:
            messages.error(
                request,
                _(
                    "The conference has begun: the answer can no longer be changed here. "
                    "Please write to the protocol office."
                ),
            )
            return _private(redirect(request.path))
        if retry_after := over_limit(
            request, ANSWERS, ANSWER_RATE, key=lambda _group, _request: guest.rsvp_digest
        ):
            return _private(_too_many(request, retry_after))
        if form.is_valid():
            try:
                services.answer(secret, **form.cleaned_data)
            except ValidationError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Thank you: your answer is recorded."))
                return _private(redirect(request.path))
        status = 400
    language = get_language()
    return _private(
        render(
            request,
            "guests/rsvp/answer.html",
            {
                "guest": guest,
                "name": services.guest_name(guest, language),
                "title": services.guest_title(guest, language),
                "conference": guest.conference,
                "form": form,
                "started": started,
            },
            status=status,
        )
    )
