"""Under /api/, a wrong HTTP method answers the API's error body too (ninja answers plain text)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _


class ApiMethodNotAllowedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            replaced = JsonResponse(
                {
                    "detail": _("This endpoint does not take %(method)s; it takes %(allowed)s.")
                    % {"method": request.method, "allowed": allowed},
                    "code": "method_not_allowed",
                },
                status=405,
            )
            if allowed:
                replaced["Allow"] = allowed
            return replaced
        return response
