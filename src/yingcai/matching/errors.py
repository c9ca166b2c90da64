"""The one error the library raises for bad input."""


class InputError(ValueError):
    """Bad input, naming the offending field and value.

    `field` is a path into the input such as ``posts.p1.capacity`` or
    ``requests[3].weight``; the CLI prints ``field: message (value)`` on one line
    and exits with status 2.
    """

    def __init__(self, field: str, message: str, value=None):
        self.field = field
        self.message = message
        self.value = value
        super().__init__(self.line())

    def line(self) -> str:
        shown = _short(self.value)
        return f"{self.field}: {self.message}" + (f" (got {shown})" if shown is not None else "")


def _short(value, limit: int = 80) -> str | None:
    if value is None:
        return None
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
