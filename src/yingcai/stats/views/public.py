"""The public statistics page."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from yingcai.core.access import public

from ..presentation import PUBLIC_FRAGMENT, live_html, page_or_fragment


@public
@require_safe
def figures(request):
    """The conference in figures, for everyone."""
    return page_or_fragment(request, "stats/figures.html", PUBLIC_FRAGMENT)


@public
@require_safe
@never_cache
def live(request):
    """The headline numbers and the charts' data, polled by the public page."""
    return HttpResponse(live_html(PUBLIC_FRAGMENT))
