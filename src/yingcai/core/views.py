"""What views of every app do alike with a service's ValidationError."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers


def error_text(error: ValidationError) -> str:
    """The messages of a service's refusal, as one line for a flash message."""
    return " ".join(error.messages)


def form_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields where they exist."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_page_or_fragment(request, page: str, fragment: str, context: dict):
    """The whole page, or only the part HTMX swaps (not when it restores its history)."""
    partial = request.htmx and not request.htmx.history_restore_request
    response = render(request, fragment if partial else page, context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def url_maker(name: str):
    """`pk -> URL` for a URL pattern ending in an id: one reverse() per page instead of one
    per line (each costs a tenth of a millisecond or more behind i18n_patterns)."""
    sentinel = 987654321
    head, _sep, tail = reverse(name, args=[sentinel]).rpartition(str(sentinel))
    return lambda pk: f"{head}{int(pk)}{tail}"
