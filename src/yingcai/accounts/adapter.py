import time
from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from yingcai.conference.services import site_settings
from yingcai.core.mail import queue_message

from .models import User
from .phone import MobileField, try_normalise_mobile
from .sms import send_sms


def site_name() -> str:
    """The site's name from its settings (英才大会 / Talents Conference), else the project's."""
    return site_settings().site_name or str(settings.YINGCAI_NAME)


class AccountAdapter(DefaultAccountAdapter):
    """allauth, fitted to Yingcai: log-in by e-mail or mobile, mail through the task API."""

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        # Without the Sites framework allauth names the site by its host ("Hello from
        # 127.0.0.1:8101!"): mail names the site as its pages do, in the reader's language.
        site = SimpleNamespace(name=site_name(), domain=get_current_site(request).domain)
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        queue_message(self.render_mail(template_prefix, email, ctx))

    # --- lock-out -----------------------------------------------------------------------
    def _get_login_attempts_cache_key(self, request, **credentials):
        """The lock-out counter's key: the account, however the person typed its identifier.

        allauth keys it by the e-mail or username typed, which is empty for a log-in by mobile
        number (one wrong number would lock every phone log-in) and differs between the e-mail
        and the mobile number of one account (two budgets). allauth calls this hook for every
        log-in and to clear the counter after a password reset."""
        user = None
        if credentials.get("email"):
            typed = "email:" + credentials["email"].strip().lower()
            user = User.objects.filter(email__iexact=credentials["email"].strip()).first()
            if user is None:  # a further address of an account logs in too
                address = (
                    EmailAddress.objects.filter(email__iexact=credentials["email"].strip())
                    .select_related("user")
                    .first()
                )
                user = address.user if address else None
        elif credentials.get("phone"):
            normalised = try_normalise_mobile(credentials["phone"])
            typed = "phone:" + (normalised or credentials["phone"].strip())
            user = self.get_user_by_phone(credentials["phone"])
        else:
            typed = "login:" + str(credentials.get("username", "")).strip().lower()
        # An identifier without an account keeps its own counter, so guessing unknown
        # identifiers neither locks a real account nor reveals which ones exist.
        return f"user:{user.pk}" if user is not None else typed

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError as refusal:
            # Locked out (this account, or this address): answer 429 with Retry-After like
            # every other limit of the site, so clients and proxies can tell it from a typo.
            retry_after = self._login_retry_after(request, **credentials)
            response = render(
                request,
                "429.html",
                {"message": refusal.messages[0], "retry_minutes": -(-retry_after // 60)},
                status=429,
            )
            response["Retry-After"] = str(retry_after)
            raise ImmediateHttpResponse(response) from refusal

    def _login_retry_after(self, request, **credentials) -> int:
        """Seconds until the oldest counted failure leaves the fullest window."""
        key = self._get_login_attempts_cache_key(request, **credentials)
        now = time.time()
        waits = [1]
        for rate in ratelimit.get_rates(app="allauth.account", action="login_failed"):
            cache_key = ratelimit.get_cache_key(
                request, app="allauth.account", action="login_failed", rate=rate, key=key
            )
            history = cache.get(cache_key, [])  # newest first
            if len(history) >= rate.amount:
                waits.append(int(history[rate.amount - 1] + rate.duration - now + 0.999))
        return max(waits)

    def save_user(self, request, user, form, commit=True):
        user.name = form.cleaned_data.get("name", "")
        user.language = translation.get_language() or user.language
        return super().save_user(request, user, form, commit=commit)

    # --- mobile numbers --------------------------------------------------------------
    def phone_form_field(self, **kwargs):
        return MobileField(**kwargs)

    def get_phone(self, user):
        if not user.mobile:
            return None
        return user.mobile, user.mobile_verified

    def set_phone(self, user, phone, verified):
        user.mobile = phone
        user.mobile_verified = verified
        user.save(update_fields=["mobile", "mobile_verified"])

    def set_phone_verified(self, user, phone):
        if user.mobile == phone:
            user.mobile_verified = True
            user.save(update_fields=["mobile_verified"])

    def get_user_by_phone(self, phone):
        normalised = try_normalise_mobile(phone)
        if not normalised:
            return None
        return User.objects.filter(mobile=normalised).first()

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        with translation.override(getattr(user, "language", None) or translation.get_language()):
            text = _("[Yingcai] Your verification code is %(code)s. It expires in 15 minutes.") % {
                "code": code
            }
        send_sms(phone, text)

    def send_unknown_account_sms(self, phone, **kwargs):
        send_sms(
            phone, _("[Yingcai] Someone tried to log in with this number, which has no account.")
        )

    def send_account_already_exists_sms(self, phone, **kwargs):
        send_sms(phone, _("[Yingcai] An account with this number already exists. Log in instead."))
