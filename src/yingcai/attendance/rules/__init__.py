"""Who may do what with the agenda, registrations, tickets and check-in.

Collected by core's `autodiscover_modules("rules")`, which imports this package.
"""

from . import checkin, registration  # noqa: F401
