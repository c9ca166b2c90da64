"""Checks shared by the subcommands; each raises InputError naming the field and value."""

from collections.abc import Iterable
from numbers import Real

from .errors import InputError

_MISSING = object()


def obj(value, field: str) -> dict:
    if not isinstance(value, dict):
        raise InputError(field, "must be a JSON object", _kind(value))
    return value


def lst(value, field: str) -> list:
    if not isinstance(value, list):
        raise InputError(field, "must be a JSON array", _kind(value))
    return value


def get(container: dict, key: str, field: str, default=_MISSING):
    if key not in container:
        if default is _MISSING:
            raise InputError(f"{field}.{key}" if field else key, "is required")
        return default
    return container[key]


def ident(value, field: str) -> str:
    """An id: a non-empty string."""
    if not isinstance(value, str) or not value:
        raise InputError(field, "must be a non-empty string id", value)
    return value


def integer(value, field: str, minimum: int | None = None) -> int:
    # bool is an int in Python but never a count in JSON.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(field, "must be a whole number", value)
    if minimum is not None and value < minimum:
        raise InputError(field, f"must be at least {minimum}", value)
    return value


def number(value, field: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, Real) or value != value:
        raise InputError(field, "must be a number", value)
    # JSON allows whole numbers of any size, too large for a float.
    if isinstance(value, int) and abs(value) > 1e300:
        raise InputError(field, "is too large", value)
    if value in (float("inf"), float("-inf")):
        raise InputError(field, "must be finite", value)
    if positive and value <= 0:
        raise InputError(field, "must be greater than 0", value)
    return float(value)


def unique(values: Iterable[str], field: str) -> None:
    seen = set()
    for index, value in enumerate(values):
        if value in seen:
            raise InputError(f"{field}[{index}]", "is a duplicate id", value)
        seen.add(value)


def known(value: str, known_ids, field: str, what: str) -> str:
    if value not in known_ids:
        raise InputError(field, f"is not a known {what}", value)
    return value


def _kind(value) -> str:
    return {
        dict: "an object",
        list: "an array",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
