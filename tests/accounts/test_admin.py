"""Who may hand out power in /admin/: only superusers grant staff roles or superuser status or
change a staff account's credentials; removing a second factor is audited and mailed."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import translation

from yingcai.accounts import services
from yingcai.accounts.models import User
from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR

from ..factories import PASSWORD, StaffFactory, UserFactory


def change_url(user):
    return f"/admin/accounts/user/{user.pk}/change/"


def form_data(user, **changes):
    data = {
        "email": user.email,
        "name": user.name,
        "mobile": user.mobile or "",
        "language": user.language,
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def superuser(db):
    return StaffFactory(is_superuser=True)


@pytest.mark.django_db
def test_an_organiser_administrator_cannot_make_anyone_a_superuser(client, staff_admin, talent):
    admin_group = Group.objects.get(name=STAFF_ADMIN)
    client.force_login(staff_admin)
    for target in (talent, staff_admin):
        client.post(
            change_url(target),
            form_data(target, is_staff="on", is_superuser="on", groups=[admin_group.pk]),
        )
        target = User.objects.get(pk=target.pk)
        assert not target.is_superuser
    assert not User.objects.get(pk=talent.pk).is_staff
    assert not User.objects.get(pk=talent.pk).groups.exists()


@pytest.mark.django_db
def test_the_service_refuses_role_changes_by_a_non_superuser(staff_admin, talent):
    talent.is_superuser = True
    with pytest.raises(PermissionDenied):
        services.save_user_as_staff(staff_admin, talent, ["is_superuser"])
    with pytest.raises(PermissionDenied):
        services.save_user_as_staff(
            staff_admin, talent, ["groups"], groups=[Group.objects.get(name=STAFF_EDITOR)]
        )
    talent.refresh_from_db()
    assert not talent.is_superuser
    assert not talent.groups.exists()


@pytest.mark.django_db
def test_an_organiser_administrator_cannot_take_over_a_staff_account(client, staff_admin, editor):
    client.force_login(staff_admin)
    client.post(change_url(editor), form_data(editor, email="attacker@example.com"))
    assert User.objects.get(pk=editor.pk).email == editor.email
    assert client.get(f"/admin/accounts/user/{editor.pk}/password/").status_code == 403
    response = client.post(
        f"/admin/accounts/user/{editor.pk}/password/",
        {
            "password1": "A-new-long-pass-77",
            "password2": "A-new-long-pass-77",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    assert User.objects.get(pk=editor.pk).check_password(PASSWORD)
    editor.email = "attacker@example.com"
    with pytest.raises(PermissionDenied):
        services.save_user_as_staff(staff_admin, editor, ["email"])
    with pytest.raises(PermissionDenied):
        services.set_password_as_staff(staff_admin, editor, "A-new-long-pass-77")


@pytest.mark.django_db
def test_an_organiser_administrator_still_helps_talents(client, staff_admin, talent):
    client.force_login(staff_admin)
    response = client.post(change_url(talent), form_data(talent, name="王小明"))
    assert response.status_code == 302
    assert User.objects.get(pk=talent.pk).name == "王小明"
    response = client.post(
        f"/admin/accounts/user/{talent.pk}/password/",
        {
            "password1": "A-new-long-pass-77",
            "password2": "A-new-long-pass-77",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=talent.pk).check_password("A-new-long-pass-77")
    assert AuditEntry.objects.filter(
        action="account.password_set_by_staff", object_id=str(talent.pk), actor=staff_admin
    ).exists()


@pytest.mark.django_db
def test_a_superuser_grants_roles_audited_with_old_and_new_values(client, superuser, talent):
    editors = Group.objects.get(name=STAFF_EDITOR)
    client.force_login(superuser)
    response = client.post(
        change_url(talent), form_data(talent, is_staff="on", groups=[editors.pk])
    )
    assert response.status_code == 302
    talent.refresh_from_db()
    assert talent.is_staff
    assert list(talent.groups.values_list("name", flat=True)) == [STAFF_EDITOR]
    entry = AuditEntry.objects.get(action="account.changed_by_staff", object_id=str(talent.pk))
    assert entry.actor == superuser
    assert entry.data["changes"]["is_staff"] == [False, True]
    assert entry.data["changes"]["groups"] == [[], [STAFF_EDITOR]]


@pytest.mark.django_db
def test_e_mail_addresses_are_read_only_in_the_admin(client, staff_admin, editor):
    address = EmailAddress.objects.get(user=editor)
    client.force_login(staff_admin)
    url = f"/admin/account/emailaddress/{address.pk}/change/"
    assert client.get(url).status_code == 200
    client.post(url, {"user": editor.pk, "email": "attacker@example.com", "verified": "on"})
    assert EmailAddress.objects.get(pk=address.pk).email == editor.email
    assert client.get("/admin/account/emailaddress/add/").status_code == 403
    assert (
        client.post(
            f"/admin/account/emailaddress/{address.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )


@pytest.mark.django_db
def test_removing_a_second_factor_is_audited_and_mailed(
    client, staff_admin, django_capture_on_commit_callbacks
):
    owner = UserFactory(language="en")
    authenticator = TOTP.activate(owner, generate_totp_secret()).instance
    client.force_login(staff_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/mfa/authenticator/{authenticator.pk}/delete/", {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()
    entry = AuditEntry.objects.get(action="account.second_factor_removed")
    assert entry.actor == staff_admin
    assert entry.object_id == str(owner.pk)
    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert "Two-factor authentication was removed" in mail.outbox[0].subject


@pytest.mark.django_db
def test_removal_mail_is_in_the_owners_language(staff_admin, django_capture_on_commit_callbacks):
    owner = UserFactory(language="zh-hans")
    authenticator = TOTP.activate(owner, generate_totp_secret()).instance
    # The administrator works in English; the owner reads Chinese.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.remove_authenticator_as_staff(staff_admin, authenticator)
    assert "双重认证" in mail.outbox[0].subject
    assert "TOTP 认证器" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_staff_members_second_factor_is_removed_by_a_superuser_only(staff_admin, editor):
    authenticator = TOTP.activate(editor, generate_totp_secret()).instance
    with pytest.raises(PermissionDenied):
        services.remove_authenticator_as_staff(staff_admin, authenticator)
    assert Authenticator.objects.filter(pk=authenticator.pk).exists()
