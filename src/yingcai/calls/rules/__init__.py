"""Who may do what with calls, entries, reviews and decisions.

Collected by core's `autodiscover_modules("rules")`, which imports this package; each part of
the machinery has its module here.
"""

from . import calls, certificates, decisions, entries, live, review, stages  # noqa: F401
