"""Authentication backends that check passwords and nothing else.

Who may do what is decided by the rules (each app's `rules.py`, through django-rules' backend);
no Django model permission is ever granted. Django's and allauth's backends would still read a
user's model permissions from two tables the first time any permission is refused in a request —
two queries a page for an answer that is always "no" — so these answer it without asking.
"""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend


class _NoModelPermissions:
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()


class PasswordBackend(_NoModelPermissions, ModelBackend):
    """Django's: the admin's log-in (e-mail and password)."""


class AllauthBackend(_NoModelPermissions, AuthenticationBackend):
    """allauth's: log-in by e-mail or mobile number."""
