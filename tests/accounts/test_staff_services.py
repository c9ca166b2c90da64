"""The organiser administrators' services on accounts refuse everyone else, through the service
itself (the admin pages check first; an API, a command or a later page might not)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import PermissionDenied

from yingcai.accounts import services
from yingcai.accounts.models import User
from yingcai.core.models import AuditEntry

from ..factories import UserFactory

NOT_ADMINISTRATORS = ["talent", "owner", "plain_staff", "editor", "moderator", "verifier"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_ADMINISTRATORS)
def test_only_an_administrator_creates_or_edits_accounts(request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.save_user_as_staff(actor, User(email="new@example.com", name="王五"), ["email"])
    assert not User.objects.filter(email="new@example.com").exists()
    someone = UserFactory(name="赵六")
    someone.name = "冒名"
    with pytest.raises(PermissionDenied):
        services.save_user_as_staff(actor, someone, ["name"])
    someone.refresh_from_db()
    assert someone.name == "赵六"
    assert not AuditEntry.objects.filter(action__startswith="account.").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", NOT_ADMINISTRATORS)
def test_only_an_administrator_removes_someones_second_factor(request, who):
    actor = request.getfixturevalue(who)
    authenticator = TOTP.activate(UserFactory(), generate_totp_secret()).instance
    with pytest.raises(PermissionDenied):
        services.remove_authenticator_as_staff(actor, authenticator)
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
    assert not AuditEntry.objects.filter(action="account.second_factor_removed").exists()
