"""Docking sessions for participants: the list, a session, joining, one's page in a session
(slots one cannot attend, meeting requests sent and received), withdrawing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.access import loaded, public, signed_in
from yingcai.core.rules import can
from yingcai.core.views import error_text
from yingcai.organisations.models import Organisation
from yingcai.organisations.rules import memberships
from yingcai.projects.models import Project

from ..forms_session import AvailabilityForm, JoinForm, RequestForm
from ..models import Interest, MeetingRequest, Participant, Session
from ..rules.sessions import teams
from ..services import sessions as services

PER_PAGE = 20
SHOWN = (Session.Status.OPEN, Session.Status.SCHEDULED, Session.Status.PUBLISHED)


@loaded
def load_session(request, pk) -> Session:
    session = get_object_or_404(Session, pk=pk)
    if not can(request.user, "docking.view_session", session):
        raise Http404
    return session


@loaded
def load_participant(request, pk) -> Participant:
    return get_object_or_404(
        Participant.objects.select_related("session", "project", "organisation"), pk=pk
    )


@loaded
def load_request(request, pk) -> MeetingRequest:
    return get_object_or_404(
        MeetingRequest.objects.select_related(
            "session", "requester__project", "requester__organisation", "counterpart"
        ),
        pk=pk,
    )


def mine(user, session) -> list[Participant]:
    """The user's participants in a session: for their teams and their organisations."""
    if not user.is_authenticated:
        return []
    return list(
        session.participants.filter(project_id__in=teams(user)).select_related("project")
    ) + list(
        session.participants.filter(organisation_id__in=list(memberships(user))).select_related(
            "organisation"
        )
    )


def join_choices(user, session, taking_part) -> list[tuple[str, str]]:
    """What the user may join for: their listed projects, their verified organisations."""
    if not user.is_authenticated:
        return []
    present = {(p.project_id, p.organisation_id) for p in taking_part if p.withdrawn_at is None}
    choices = [
        (f"project-{project.pk}", str(project))
        for project in Project.objects.filter(
            pk__in=teams(user), status=Project.Status.VERIFIED
        ).order_by("pk")
        if (project.pk, None) not in present
    ]
    choices += [
        (f"organisation-{org.pk}", str(org))
        for org in Organisation.objects.filter(
            pk__in=list(memberships(user)), status=Organisation.Status.VERIFIED
        ).order_by("pk")
        if (None, org.pk) not in present
    ]
    return choices


@public
def sessions(request):
    shown = Session.objects.filter(status__in=SHOWN).order_by("-date", "-id")
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "docking/sessions.html", {"page": page})


@public
def session(request, pk):
    session = load_session(request, pk)
    taking_part = mine(request.user, session)
    choices = join_choices(request.user, session, taking_part)
    return render(
        request,
        "docking/sessions_detail.html",
        {
            "session": session,
            "slots": list(session.slots.order_by("index")),
            "tables": session.tables.count(),
            "taking_part": taking_part,
            "join_form": JoinForm(choices=choices) if choices else None,
            "may_join": can(request.user, "docking.join_session", session),
        },
    )


@signed_in("docking.join_session", fn=load_session)
@require_POST
def join(request, pk):
    session = load_session(request, pk)
    choices = join_choices(request.user, session, mine(request.user, session))
    form = JoinForm(request.POST, choices=choices)
    if not form.is_valid():
        messages.error(request, _("Choose a project or an organisation of yours."))
        return redirect("docking:session", pk=session.pk)
    kind, _dash, ident = form.cleaned_data["side"].partition("-")
    side = {"project": Project, "organisation": Organisation}[kind]
    try:
        participant = services.join_session(
            request.user, session, **{kind: side.objects.get(pk=int(ident))}
        )
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("docking:session", pk=session.pk)
    messages.success(request, _("You take part in the session. Mark the slots you cannot attend."))
    return redirect("docking:participant", pk=participant.pk)


def counterparts(participant):
    """The participants of the other side the participant is mutually interested in."""
    session = participant.session
    others = session.participants.filter(withdrawn_at__isnull=True)
    if participant.project_id:
        orgs = Interest.objects.filter(
            project_id=participant.project_id, status=Interest.Status.ACCEPTED
        ).values("organisation_id")
        return others.filter(organisation_id__in=orgs).select_related("organisation")
    projects = Interest.objects.filter(
        organisation_id=participant.organisation_id, status=Interest.Status.ACCEPTED
    ).values("project_id")
    return others.filter(project_id__in=projects).select_related("project")


def _page_context(request, participant, **forms):
    session = participant.session
    slots = list(session.slots.order_by("index"))
    unavailable = [str(pk) for pk in participant.unavailable.values_list("slot_id", flat=True)]
    related = (
        "requester__project",
        "requester__organisation",
        "counterpart__project",
        "counterpart__organisation",
    )
    return {
        "session": session,
        "participant": participant,
        "availability_form": forms.get("availability_form")
        or AvailabilityForm(initial={"unavailable": unavailable}, slots=slots),
        "request_form": forms.get("request_form")
        or RequestForm(counterparts=counterparts(participant)),
        "sent": list(participant.requests_sent.select_related(*related).order_by("-created_at")),
        "received": list(
            participant.requests_received.select_related(*related).order_by("-created_at")
        ),
        "may_mark": can(request.user, "docking.mark_unavailable", participant),
        "may_request": can(request.user, "docking.request_meeting", participant),
        "may_withdraw": can(request.user, "docking.withdraw_participant", participant),
    }


@signed_in("docking.view_agenda", fn=load_participant)
def participant(request, pk):
    participant = load_participant(request, pk)
    return render(request, "docking/sessions_participant.html", _page_context(request, participant))


@signed_in("docking.view_agenda", fn=load_participant)
@require_POST
def availability(request, pk):
    participant = load_participant(request, pk)
    slots = list(participant.session.slots.order_by("index"))
    form = AvailabilityForm(request.POST, slots=slots)
    if form.is_valid():
        try:
            services.set_unavailable(request.user, participant, form.cleaned_data["unavailable"])
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your slots are saved."))
            return redirect("docking:participant", pk=participant.pk)
    return render(
        request,
        "docking/sessions_participant.html",
        _page_context(request, participant, availability_form=form),
        status=400,
    )


@signed_in("docking.view_agenda", fn=load_participant)
@require_POST
def request_meeting(request, pk):
    participant = load_participant(request, pk)
    form = RequestForm(request.POST, counterparts=counterparts(participant))
    if form.is_valid():
        try:
            services.request_meeting(
                request.user,
                participant,
                form.cleaned_data["counterpart"],
                form.cleaned_data["priority"],
                form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error_text(error))
        else:
            messages.success(request, _("Your meeting request is sent."))
            return redirect("docking:participant", pk=participant.pk)
    return render(
        request,
        "docking/sessions_participant.html",
        _page_context(request, participant, request_form=form),
        status=400,
    )


def _act(request, action, pk_of, message):
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, message)
    return redirect("docking:participant", pk=pk_of)


@signed_in("docking.view_agenda", fn=lambda request, pk: load_request(request, pk).counterpart)
@require_POST
def answer(request, pk):
    meeting_request = load_request(request, pk)
    decision = request.POST.get("decision", "")
    if decision == "accept":
        action = services.accept_request
        message = _("Request accepted.")
    elif decision == "decline":
        action = services.decline_request
        message = _("Request declined.")
    else:
        messages.error(request, _("Unknown decision."))
        return redirect("docking:participant", pk=meeting_request.counterpart_id)
    return _act(
        request,
        lambda: action(request.user, meeting_request),
        meeting_request.counterpart_id,
        message,
    )


@signed_in("docking.cancel_request", fn=load_request)
@require_POST
def cancel_request(request, pk):
    meeting_request = load_request(request, pk)
    return _act(
        request,
        lambda: services.cancel_request(request.user, meeting_request),
        meeting_request.requester_id,
        _("Request cancelled."),
    )


@signed_in("docking.view_agenda", fn=load_participant)
@require_POST
def withdraw(request, pk):
    participant = load_participant(request, pk)
    return _act(
        request,
        lambda: services.withdraw_participant(request.user, participant),
        participant.pk,
        _("You have withdrawn from the session; your requests and meetings are cancelled."),
    )
