from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation
from django.utils.translation import gettext as _

from yingcai.core.mail import queue_message

from .models import User
from .phone import MobileField, try_normalise_mobile
from .sms import send_sms


class AccountAdapter(DefaultAccountAdapter):
    """allauth, fitted to Yingcai: log-in by e-mail or mobile, mail through the task API."""

    def send_mail(self, template_prefix, email, context):
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        queue_message(self.render_mail(template_prefix, email, ctx))

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
