"""The protocol staff's pages: the guest list with its filters and counts, a guest (edit,
invite, itinerary), the itinerary overview by arrival time, the guest list in Excel; the
honours registry (add, import, link to talent profiles, invite a list as a group)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yingcai.accounts.models import User
from yingcai.conference.services import current_conference
from yingcai.core.access import staff_view
from yingcai.core.spreadsheets import download
from yingcai.core.views import error_text, form_error
from yingcai.talents.models import TalentProfile

from .. import excel
from ..forms import (
    FilterForm,
    GroupForm,
    GuestForm,
    HonourForm,
    ImportForm,
    ItineraryForm,
    LinkForm,
)
from ..models import Guest, Honour
from ..services import guests as services
from ..services import honours as honour_services

RULE = "guests.manage_guests"
HONOURS = "guests.manage_honours"
PER_PAGE = 50
SEARCHED = (
    "name_zh_hans",
    "name_en",
    "public_title_zh_hans",
    "public_title_en",
    "organisation_zh_hans",
    "organisation_en",
    "email",
)


def _filtered(request):
    """The guests of the current conference under the list's filters (an invalid filter is
    left aside), and the filter form."""
    conference = current_conference()
    found = Guest.objects.filter(conference=conference) if conference else Guest.objects.none()
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            query = Q()
            for name in SEARCHED:
                query |= Q(**{f"{name}__icontains": data["q"]})
            found = found.filter(query)
        if data["category"]:
            found = found.filter(category=data["category"])
        if data["status"]:
            found = found.filter(status=data["status"])
        if data["day"]:
            found = found.filter(arrival_at__date=data["day"])
    return conference, found, form


@staff_view(RULE)
def guests(request):
    conference, found, form = _filtered(request)
    counts = dict(
        Guest.objects.filter(conference=conference)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    page = Paginator(found.order_by("category", "name", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "guests/orga/guests.html",
        {
            "conference": conference,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Guest.Status.choices
            ],
            "total": sum(counts.values()),
            "status": 400 if form.is_bound and not form.is_valid() else 200,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@staff_view(RULE)
def export(request):
    _conference, found, _form = _filtered(request)
    content = excel.guests_workbook(found.order_by("category", "name", "pk")[:5000])
    return download(content, f"guests-{timezone.localdate().isoformat()}.xlsx")


@staff_view(RULE)
def itineraries(request):
    """Who arrives when, by which flight or train, their pick-up, hotel and liaison: the guests
    attending on site, by arrival time (those without one last)."""
    conference = current_conference()
    found = (
        Guest.objects.filter(conference=conference, status=Guest.Status.ONSITE).order_by(
            "arrival_at", "name", "pk"
        )
        if conference
        else Guest.objects.none()
    )
    rows = list(found[:500])
    rows.sort(key=lambda g: (g.arrival_at is None, g.arrival_at or timezone.now(), g.pk))
    return render(
        request, "guests/orga/itineraries.html", {"guests": rows, "conference": conference}
    )


@staff_view(RULE)
def add(request):
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.save_guest(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The guest is on the list. Invite them when ready."))
            return redirect("orga_guests:guest", pk=guest.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "guests/orga/guest_form.html", {"form": form}, status=status)


def _guest(pk) -> Guest:
    return get_object_or_404(Guest.objects.select_related("conference", "honour"), pk=pk)


@staff_view(RULE)
def edit(request, pk):
    guest = _guest(pk)
    form = GuestForm(request.POST or None, instance=guest)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_guest(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The guest is saved."))
            return redirect("orga_guests:guest", pk=guest.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "guests/orga/guest_form.html", {"form": form, "guest": guest}, status=status
    )


def _guest_page(request, guest, *, itinerary=None, status=200):
    return render(
        request,
        "guests/orga/guest.html",
        {
            "guest": guest,
            "itinerary": itinerary or ItineraryForm(initial=ItineraryForm.initial_of(guest)),
            "sessions": list(guest.speaking_at.order_by("starts_at", "pk")[:50]),
        },
        status=status,
    )


@staff_view(RULE)
def guest(request, pk):
    return _guest_page(request, _guest(pk))


@staff_view(RULE)
@require_POST
def itinerary(request, pk):
    found = _guest(pk)
    form = ItineraryForm(request.POST)
    if form.is_valid():
        try:
            services.set_itinerary(request.user, found, **form.cleaned_data)
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The itinerary is saved."))
            return redirect("orga_guests:guest", pk=found.pk)
    return _guest_page(request, found, itinerary=form, status=400)


@staff_view(RULE)
@require_POST
def invite(request, pk):
    found = _guest(pk)
    again = found.invited_at is not None
    try:
        services.invite(request.user, found, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("A new invitation is sent; the link of the earlier one no longer works.")
            if again
            else _("The invitation is sent with the guest's personal link."),
        )
    return redirect("orga_guests:guest", pk=found.pk)


# --- Honours ------------------------------------------------------------------------------
def _honours_page(request, *, form=None, group=None, status=200):
    honours = Honour.objects.select_related("talent__user", "guest").order_by(
        "kind", "-year", "category_zh_hans", "pk"
    )
    kind = request.GET.get("kind")
    if kind in Honour.Kind.values:
        honours = honours.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        honours = honours.filter(year=int(year))
    page = Paginator(honours, PER_PAGE).get_page(request.GET.get("page"))
    lists = (
        Honour.objects.order_by()
        .values("kind", "year")
        .annotate(n=Count("pk"), invited=Count("guest__invited_at"))
        .order_by("kind", "-year")
    )
    labels = dict(Honour.Kind.choices)
    return render(
        request,
        "guests/orga/honours.html",
        {
            "page": page,
            "lists": [{**row, "label": labels.get(row["kind"], "")} for row in lists],
            "form": form or HonourForm(),
            "group": group or GroupForm(),
            "import_form": ImportForm(),
            "kinds": Honour.Kind.choices,
            "kind": kind,
            "year": year,
        },
        status=status,
    )


@staff_view(HONOURS)
def honours(request):
    return _honours_page(request)


@staff_view(HONOURS)
@require_POST
def add_honour(request):
    form = HonourForm(request.POST)
    if form.is_valid():
        try:
            honour_services.add_honour(request.user, form.save(commit=False))
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The honour is in the registry."))
            return redirect("orga_guests:honours")
    return _honours_page(request, form=form, status=400)


@staff_view(HONOURS)
def import_honours(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = excel.import_honours(request.user, form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            if result.ok:
                messages.success(
                    request,
                    ngettext(
                        "%(n)d honour imported.", "%(n)d honours imported.", len(result.created)
                    )
                    % {"n": len(result.created)},
                )
                return redirect("orga_guests:honours")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "guests/orga/honours_import.html",
        {"form": form, "result": result},
        status=status,
    )


@staff_view(HONOURS)
def honours_template(request):
    return download(excel.honours_template(), "honours-template.xlsx")


@staff_view(HONOURS)
@require_POST
def link(request, pk):
    honour = get_object_or_404(Honour, pk=pk)
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid e-mail address."))
        return redirect("orga_guests:honours")
    email = form.cleaned_data["email"]
    profile = None
    if email:
        user = User.objects.filter(email__iexact=email).first()
        profile = TalentProfile.objects.filter(user=user).first() if user else None
        if profile is None:
            messages.error(request, _("No account with this address has a talent profile."))
            return redirect("orga_guests:honours")
    try:
        honour_services.link_talent(request.user, honour, profile)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The honour is linked to the talent profile.")
            if profile
            else _("The link is removed."),
        )
    return redirect("orga_guests:honours")


@staff_view(HONOURS)
@require_POST
def match(request):
    linked = honour_services.match_talents(request.user)
    messages.success(
        request,
        ngettext(
            "%(n)d honour linked to a talent profile by its e-mail address.",
            "%(n)d honours linked to talent profiles by their e-mail addresses.",
            linked,
        )
        % {"n": linked},
    )
    return redirect("orga_guests:honours")


@staff_view(HONOURS)
@require_POST
def invite_group(request):
    form = GroupForm(request.POST)
    if not form.is_valid():
        return _honours_page(request, group=form, status=400)
    try:
        invited = honour_services.invite_group(
            request.user, form.cleaned_data["kind"], form.cleaned_data["year"], request=request
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            ngettext("%(n)d person invited.", "%(n)d people invited.", invited) % {"n": invited},
        )
    return redirect("orga_guests:honours")
