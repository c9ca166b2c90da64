"""Every view declares who may reach it, in one of three words.

- `public`: anyone, signed in or not (the portal, the job search, the public figures).
- `signed_in(*rules)`: signed-in people only; the view loads its object and asks each named rule
  of it (`can(user, rule, obj)`), answering 404 or 403. `signed_in()` without a rule is for pages
  that read and write only the signed-in person's own rows ("My Yingcai"). With `fn=`, the
  object comes from the URL: `fn(request, **url_kwargs)` loads it (404 when it does not exist or
  the person may not see it) and every named rule is asked of it before the view runs
  (`rules.contrib.views.permission_required`, 403 when one refuses). A `fn` wrapped in
  `loaded` runs once per request, so the view calls it again to take the object for free.
- `staff_view(rule)`: the rule is asked here, without an object (organiser pages), by
  `permission_required` as well.

Anonymous visitors are sent to log in before any rule is asked.
`tests/test_url_access.py` walks every URL pattern: a view without a declaration, or naming a rule
that no app's `rules.py` registers, fails the suite, and every declaration is tried as
an anonymous visitor (and a staff view as a talent) so that it cannot say more than the view does.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from rules.contrib.views import permission_required

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


def signed_in(*rules: str, fn=None):
    def decorator(view):
        checked = view
        if fn is not None:
            checked = permission_required(rules, fn=fn, raise_exception=True)(view)
        return _mark(login_required(checked), Access("signed_in", rules))

    return decorator


def loaded(fn):
    """`fn(request, **url_kwargs)` run once per request: the decorator loads the object to ask
    the rules of it, the view calls the same function to take it without a second query."""

    @wraps(fn)
    def load(request, *args, **kwargs):
        done = request.__dict__.setdefault("_yingcai_loaded", {})
        key = (fn, args, tuple(sorted(kwargs.items())))
        if key not in done:
            done[key] = fn(request, *args, **kwargs)
        return done[key]

    return load


def enforced_inside(kind: str, *rules: str):
    """For a view that enforces the declaration itself (e.g. a poll that must stop rather
    than be redirected); the walk tries it like any other."""

    def decorator(view):
        return _mark(view, Access(kind, rules))

    return decorator


def staff_view(rule: str):
    def decorator(view):
        checked = permission_required(rule, raise_exception=True)(view)
        return _mark(login_required(checked), Access("staff", (rule,)))

    return decorator
