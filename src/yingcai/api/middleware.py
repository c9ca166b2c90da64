"""Under /api/, every error has the API's shape {"detail": ..., "code": ...}.

The operations' errors are shaped by the exception handlers of yingcai.api.api. Whatever
answers before or after them in Django — a wrong HTTP method (ninja answers plain text), the
400 page of a request refused by a middleware, Django's 400 for a malformed body, the 500 page
of an unexpected exception — is given the same shape here, so a client never has to parse a
page meant for a browser.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

from .codes import CODES

# Headers of the replaced answer that still matter to the client.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _detail(request, response) -> str:
    status = response.status_code
    detail = getattr(response, "error_detail", None)
    if detail:
        return str(detail)
    if status == 405:
        return _("This endpoint does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": response.get("Allow", ""),
        }
    if status == 400:
        return _("The request cannot be handled: it is malformed or too large.")
    if status == 403:
        return _("You are not allowed to do this.")
    if status == 404:
        return _("Not found.")
    if status == 413:
        return _("The request body is too large.")
    if status == 503:
        return _("The service is unavailable for a moment. Try again shortly.")
    return _("Something went wrong on our side. It has been logged; try again later.")


class ApiErrorShapeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replaced = JsonResponse(
                {
                    "detail": _detail(request, response),
                    "code": CODES.get(response.status_code, "error"),
                },
                status=response.status_code,
            )
            for header in KEPT_HEADERS:
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response
