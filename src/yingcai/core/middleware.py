"""Requests no view should ever see.

A NUL character (U+0000) means nothing in an address, a search, a filter or a form field, and
PostgreSQL cannot hold one in a text column: a query that carries one fails with a DataError
(a 500) wherever a view, the admin or the API passes a raw parameter to the database. Forms
already refuse NUL (ProhibitNullCharactersValidator), but `request.GET.get(...)` does not, so
the refusal is made once here, for every view present and to come: 400, never a 500.
"""

import re

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponseBadRequest
from django.template import loader
from django.utils.translation import gettext as _

NUL = "\x00"
# A NUL inside a JSON string: \u0000 preceded by an even number of backslashes.
JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class BadRequestPage(HttpResponseBadRequest):
    """The site's 400 page; `error_detail` is its reason as plain text (the API's error shape
    uses it under /api/)."""

    def __init__(self, detail: str):
        # Rendered without the request: context processors would read the session and the
        # database, and a NUL in a cookie is exactly what must not reach them.
        super().__init__(loader.get_template("400.html").render({"reason": detail}))
        self.error_detail = detail


def _has_nul(values) -> bool:
    return any(NUL in value for value in values)


def _query_dict_has_nul(data) -> bool:
    return any(NUL in key or _has_nul(data.getlist(key)) for key in data)


def carries_nul(request) -> bool:
    if NUL in request.path or NUL in request.path_info:
        return True
    if _query_dict_has_nul(request.GET):
        return True
    if any(NUL in key or NUL in value for key, value in request.COOKIES.items()):
        return True
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    content_type = request.content_type or ""
    try:
        if content_type in FORM_TYPES and request.method == "POST":
            if _query_dict_has_nul(request.POST):
                return True
            return any(
                NUL in (upload.name or "")
                for _field, uploads in request.FILES.lists()
                for upload in uploads
            )
        if content_type == "application/json":
            return bool(JSON_NUL.search(request.body))
    except RequestDataTooBig:
        # Nothing is kept of a body over the limit: whoever reads it next (the CSRF check, the
        # view, the API's 413) meets the same error. A malformed body raises here as it would
        # there, and Django answers 400 as before.
        return False
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return BadRequestPage(
                _(
                    "The address or a form field contains a NUL character, which is never "
                    "valid. Remove it and try again."
                )
            )
        return self.get_response(request)
