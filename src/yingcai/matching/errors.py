"""The one error the library raises for bad input."""


class InputError(ValueError):
    """Bad input, naming the offending field and value.

    `field` is a path into the input such as ``posts.p1.capacity`` or
    ``requests[3].weight``; the CLI prints ``field: message (value)`` on one line
    and exits with status 2.
    """

    def __init__(self, field: str, message: str, value=None, *, tail: bool = False):
        self.field = field
        self.message = message
        self.value = value
        # A long file path is recognised by its end (the file's name), not its start.
        self.tail = tail
        super().__init__(self.line())

    def line(self) -> str:
        shown = _short(self.value, tail=self.tail)
        return f"{self.field}: {self.message}" + (f" (got {shown})" if shown is not None else "")


def _short(value, limit: int = 80, *, tail: bool = False) -> str | None:
    if value is None:
        return None
    text = repr(value)
    if len(text) <= limit:
        return text
    return "…" + text[-(limit - 1) :] if tail else text[: limit - 1] + "…"
