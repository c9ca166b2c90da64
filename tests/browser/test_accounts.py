import re

from django.core import mail
from playwright.sync_api import expect

from yingcai.accounts.models import User
from yingcai.privacy.models import Acceptance, LegalDocument

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+/")


def test_sign_up_verify_the_address_and_arrive_logged_in(page, live_server):
    page.goto("/en/accounts/signup/")
    page.fill("#id_name", "Li Lei")
    page.fill("#id_email", "li.lei@example.com")
    page.fill("#id_password1", "Chongqing-hotpot-2025")
    page.fill("#id_password2", "Chongqing-hotpot-2025")
    page.check("#id_accept_terms")
    page.locator("main").get_by_role("button", name="Sign up").click()

    expect(page).to_have_url(re.compile(r"/en/accounts/confirm-email/$"))
    assert [m.to for m in mail.outbox] == [["li.lei@example.com"]]
    link = CONFIRM_LINK.search(mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert link.group().startswith(live_server.url)

    page.goto(link.group())
    page.get_by_role("button", name="Confirm").click()

    expect(page).to_have_url(re.compile(r"/en/me/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Li Lei")
    expect(page.get_by_role("link", name="My Yingcai")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    user = User.objects.get(email="li.lei@example.com")
    assert user.emailaddress_set.get().verified
    assert user.language == "en"
    agreed = set(Acceptance.objects.filter(user=user).values_list("document__kind", flat=True))
    assert agreed == {LegalDocument.Kind.PRIVACY, LegalDocument.Kind.TERMS}
