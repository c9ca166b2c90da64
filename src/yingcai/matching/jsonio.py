"""JSON in and out: strict on input (a repeated key is an error), fast on output."""

import json
import sys

import orjson

from .errors import InputError


class _DuplicateKey(Exception):
    def __init__(self, key):
        self.key = key


def _object(pairs):
    found = dict(pairs)
    if len(found) != len(pairs):
        seen = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return found


def _constant(name):
    raise ValueError(f"{name} is not a JSON number")


def loads(text: bytes | str, field: str = "input"):
    """Parse JSON; a key repeated within one object is a duplicate id (InputError)."""
    # The standard parser with a pair hook costs no more than orjson here: the time
    # goes into creating the Python objects, not into reading the text.
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_constant)
    except _DuplicateKey as error:
        raise InputError(field, "has a duplicate key", error.key) from None
    except (ValueError, RecursionError) as error:
        raise InputError(field, f"is not valid JSON: {error}") from None


def read(path: str | None, field: str = "--in"):
    if path is None or path == "-":
        raw = sys.stdin.buffer.read()
        where = "standard input"
    else:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            raise InputError(
                field, f"cannot read the file: {error.strerror}", path, tail=True
            ) from None
        where = path if field == "--in" else field
    return loads(raw, where)


def dumps(data) -> bytes:
    try:
        return orjson.dumps(data, option=orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError as error:
        # JSON text may spell a lone surrogate ("\ud800"), which no output can carry;
        # checking every string on input would cost more than this late refusal.
        if "surrogates" in str(error):
            raise InputError("input", "contains text that is not valid Unicode") from None
        raise
