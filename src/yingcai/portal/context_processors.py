from django.conf import settings

from yingcai.conference.services import site_settings
from yingcai.privacy import services as privacy


def site(request):
    """What every page needs: the footer's settings, the cookie notice, pending consents."""
    path = request.path
    return {
        # Not "site": allauth puts the current Site under that name in its pages.
        "site_info": site_settings(),
        "show_cookie_notice": privacy.cookie_choice(request) is None,
        "pending_consents": privacy.pending_for(request.user)
        if hasattr(request, "user") and not path.startswith("/admin/")
        else [],
        "LANGUAGES": settings.LANGUAGES,
    }
