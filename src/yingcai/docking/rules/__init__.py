"""Who may do what in the docking: interest and outcomes (`rules/interests.py`), sessions,
requests and agendas (`rules/sessions.py`).

Collected by core's `autodiscover_modules("rules")`, which imports this package.
"""

from . import interests, sessions  # noqa: F401
