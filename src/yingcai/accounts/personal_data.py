"""The account itself: e-mail addresses, second factors, the account row (erased last)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from yingcai.core.registry.personal_data import ORDER_ACCOUNT, Provider, register

from .models import User


def export(user) -> dict:
    return {
        "account": {
            "email": user.email,
            "name": user.name,
            "mobile": user.mobile,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
        },
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user)
        ],
        "second_factors": [
            {"type": a.type, "created_at": a.created_at.isoformat()}
            for a in Authenticator.objects.filter(user=user)
        ],
    }


def erase(user) -> None:
    """The row stays (inactive, naming nobody) so what the person did still counts."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.email = f"erased-{user.pk}@invalid"
    user.name = ""
    user.mobile = None
    user.mobile_verified = False
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def records(user):
    return [User.objects.filter(pk=user.pk)]


register(
    Provider(
        key="accounts",
        models=("accounts.User", "account.EmailAddress", "mfa.Authenticator", "admin.LogEntry"),
        export=export,
        erase=erase,
        records=records,
        order=ORDER_ACCOUNT,
        keeps="Django admin log entries of a staff member's own actions stay, pointing at the "
        "anonymised account; entries about the person lose their object names (core.audit).",
    )
)
