"""Every view declares who may reach it, in one of three words.

- `public`: anyone, signed in or not (the portal, the job search, the public figures).
- `signed_in(*rules)`: signed-in people only; the view loads its object and asks each named rule
  of it (`can(user, rule, obj)`), answering 404 or 403. `signed_in()` without a rule is for pages
  that read and write only the signed-in person's own rows ("My Yingcai").
- `staff_view(rule)`: the rule is asked here, without an object (organiser pages).

`tests/test_url_access.py` walks every URL pattern: a view without a declaration, or naming a rule
that no app's `rules.py` registers, fails the suite, and every declaration is tried as
an anonymous visitor (and a staff view as a talent) so that it cannot say more than the view does.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from yingcai.core.rules import can

ATTRIBUTE = "yingcai_access"


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "signed_in" or "staff"
    rules: tuple[str, ...] = ()


def declared(view) -> Access | None:
    return getattr(view, ATTRIBUTE, None)


def _mark(view, access: Access):
    setattr(view, ATTRIBUTE, access)
    return view


def public(view):
    return _mark(view, Access("public"))


def signed_in(*rules: str):
    def decorator(view):
        return _mark(login_required(view), Access("signed_in", rules))

    return decorator


def enforced_inside(kind: str, *rules: str):
    """For a view that enforces the declaration itself (e.g. a poll that must stop rather
    than be redirected); the walk tries it like any other."""

    def decorator(view):
        return _mark(view, Access(kind, rules))

    return decorator


def staff_view(rule: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, rule):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapped, Access("staff", (rule,)))

    return decorator
