"""Who may arrange and attend the roadshow. Collected by core's `autodiscover_modules("rules")`."""

from . import programme  # noqa: F401
