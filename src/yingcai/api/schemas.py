"""Shapes shared by the API's routers: errors, pages, bilingual texts, bounded inputs."""

from typing import Annotated

from django.utils import translation
from ninja import Field, Schema
from pydantic import StringConstraints

LANGUAGES = ("zh-hans", "en")

# Pages: `limit` items from `offset`, with the total `count`.
DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_OFFSET = 100_000
# Ids beyond this are not ids of ours (and would overflow a database integer).
MAX_ID = 2**53

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# Text without NUL characters (PostgreSQL refuses them in a query), bounded.
Text = Annotated[str, StringConstraints(max_length=200, pattern=r"^[^\x00]*$")]
Slug = Annotated[str, StringConstraints(min_length=1, max_length=120, pattern=r"^[-a-zA-Z0-9_]+$")]

# {"zh-hans": ..., "en": ...}: the two languages of a text, as the figures' labels have them.
Texts = dict[str, str]


class Error(Schema):
    detail: str | list
    code: str


# 400 also for a NUL anywhere in the request; 503 while the database or Redis is unreachable.
ERRORS = {400: Error, 422: Error, 429: Error, 503: Error}
PUBLIC_ERRORS = {**ERRORS, 401: Error}
TOKEN_ERRORS = {**PUBLIC_ERRORS, 403: Error, 404: Error}


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def page(queryset, params: PageParams, serialise) -> dict:
    """One page of `queryset` (ordered) as {"count", "limit", "offset", "items"}."""
    rows = queryset[params.offset : params.offset + params.limit]
    return {
        "count": queryset.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": [serialise(row) for row in rows],
    }


def texts(obj, field: str) -> Texts:
    """Both languages' values of a translated field (modeltranslation's `<field>_<lang>`)."""
    return {
        language: getattr(obj, f"{field}_{language.replace('-', '_')}") or ""
        for language in LANGUAGES
    }


def labels(text) -> Texts:
    """A translatable label (lazy text, a choice) in both languages."""
    found = {}
    for language in LANGUAGES:
        with translation.override(language):
            found[language] = str(text)
    return found


class Named(Schema):
    slug: str
    name: Texts


class PageBase(Schema):
    count: int
    limit: int
    offset: int
