"""The agenda's panel of "My Yingcai": the signed-in person's registration (linked to their
account when they registered signed in) with its sessions, and the way to their page."""

from yingcai.accounts.panels import Panel, register

from .models import Registration, live_attendances


def context(request) -> dict:
    registrations = list(
        Registration.objects.filter(user=request.user)
        .select_related("conference")
        .prefetch_related(live_attendances())
        .order_by("-created_at", "-pk")[:5]
    )
    return {"shown": True, "registrations": registrations}


register(Panel("attendance", "attendance/public/_dashboard_panel.html", context, order=36))
