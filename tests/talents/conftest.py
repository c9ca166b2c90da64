from .helpers import media  # noqa: F401
