"""State changes of the public portal: news, pages, messages and reports."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from yingcai.core import audit
from yingcai.core.mail import send_templated_mail
from yingcai.core.services import require
from yingcai.jobs import services as jobs
from yingcai.jobs.models import Job
from yingcai.organisations import services as organisations
from yingcai.organisations.models import Organisation

from .models import Message, MessageReply, NewsItem, Page, Report, new_tracking_number

# Pages with a short address of their own: /about/ is the page "about", and /pages/about/
# answers a permanent redirect to it, so a page is never at two addresses.
SHORT_PAGE_URLS = {"about": "portal:about", "contact": "portal:contact"}


def page_url(slug: str) -> str:

    if slug in SHORT_PAGE_URLS:
        return reverse(SHORT_PAGE_URLS[slug])
    return reverse("portal:page", args=[slug])


# --- News and pages -----------------------------------------------------------------------
def published_news():
    return NewsItem.objects.filter(published_at__isnull=False, published_at__lte=timezone.now())


def unique_slug(title: str, fallback: str = "news") -> str:
    base = slugify(title)[:100] or f"{fallback}-{timezone.now():%Y%m%d}"
    slug, n = base, 2
    while NewsItem.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def save_news_item(actor, item: NewsItem, changed: list[str] | None = None) -> NewsItem:
    require(actor, "portal.change_newsitem" if item.pk else "portal.add_newsitem", item)
    creating = item.pk is None
    if creating and item.author_id is None:
        item.author = actor
    if not item.slug:
        item.slug = unique_slug(item.title_en or item.title_zh_hans or "")
    item.save()
    audit.record(actor, "news.created" if creating else "news.changed", item, fields=changed or [])
    return item


@transaction.atomic
def publish_news_item(actor, item: NewsItem, when=None) -> NewsItem:
    require(actor, "portal.change_newsitem", item)
    item.published_at = when or timezone.now()
    item.save(update_fields=["published_at", "updated_at"])
    audit.record(actor, "news.published", item, at=item.published_at.isoformat())
    return item


@transaction.atomic
def unpublish_news_item(actor, item: NewsItem) -> NewsItem:
    require(actor, "portal.change_newsitem", item)
    item.published_at = None
    item.save(update_fields=["published_at", "updated_at"])
    audit.record(actor, "news.unpublished", item)
    return item


@transaction.atomic
def save_page(actor, page: Page, changed: list[str] | None = None) -> Page:
    require(actor, "portal.change_page" if page.pk else "portal.add_page", page)
    page.save()
    audit.record(actor, "page.saved", page, fields=changed or [])
    return page


# --- Messages (留言) ----------------------------------------------------------------------------
@transaction.atomic
def submit_message(message: Message, user=None) -> Message:
    message.language = translation.get_language() or "zh-hans"
    message.status = Message.Status.PENDING
    if user is not None and user.is_authenticated:
        message.user = user
    message.full_clean()
    message.save()
    audit.record(user, "message.submitted", message)
    return message


def forget_messages(user) -> int:
    """Erasure of the account: the messages the person posted while logged in go, with the
    organisers' replies to them (a reply without its question says nothing, and often
    names the person). Called by the personal-data registry (portal/personal_data.py)."""
    mine = Message.objects.filter(user=user)
    deleted, _by_model = mine.delete()
    return deleted


def _moderate(actor, message: Message, status: str, note: str = "") -> Message:
    require(actor, "portal.moderate_message", message)
    message = Message.objects.select_for_update().get(pk=message.pk)
    previous = message.status
    message.status = status
    message.moderated_at = timezone.now()
    message.moderated_by = actor
    if note:
        message.moderation_note = note
    message.save(update_fields=["status", "moderated_at", "moderated_by", "moderation_note"])
    audit.record(actor, f"message.{status}", message, previous=previous)
    return message


@transaction.atomic
def publish_message(actor, message: Message) -> Message:
    if not message.allow_publication:
        raise ValidationError(_("The author did not agree to publish this message."))
    return _moderate(actor, message, Message.Status.PUBLISHED)


@transaction.atomic
def reject_message(actor, message: Message, note: str = "") -> Message:
    return _moderate(actor, message, Message.Status.REJECTED, note)


@transaction.atomic
def reply_to_message(actor, message: Message, body: str, publish: bool = True) -> MessageReply:
    """A staff reply, e-mailed to the author; with `publish` the thread goes public."""
    require(actor, "portal.moderate_message", message)
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write the reply."))
    if len(body) > 4000:
        raise ValidationError(_("The reply is too long (at most 4000 characters)."))
    reply = MessageReply.objects.create(message=message, author=actor, body=body)
    audit.record(actor, "message.replied", message)
    if publish and message.allow_publication:
        if message.status != Message.Status.PUBLISHED:
            _moderate(actor, message, Message.Status.PUBLISHED)
    elif message.status == Message.Status.PENDING:
        _moderate(actor, message, Message.Status.ANSWERED_PRIVATELY)
    send_templated_mail(
        message.email,
        "message_reply",
        {"message": message, "reply": reply},
        language=message.language,
    )
    return reply


# --- Reports (违法和不良信息举报) -------------------------------------------------------------
@transaction.atomic
def submit_report(report: Report, user=None) -> Report:
    report.language = translation.get_language() or "zh-hans"
    report.status = Report.Status.RECEIVED
    report.full_clean(exclude=["tracking_number"])
    # A clash of random tracking numbers is very unlikely; try again if it happens.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                report.save()
            break
        except IntegrityError:
            report.pk = None
            report.tracking_number = new_tracking_number()
    else:  # pragma: no cover
        raise ValidationError(_("Please try again."))
    audit.record(user, "report.submitted", report, category=report.category)
    if report.reporter_email:
        send_templated_mail(
            report.reporter_email, "report_received", {"report": report}, language=report.language
        )
    return report


def find_report(tracking_number: str) -> Report | None:
    number = (tracking_number or "").strip().upper()
    if not number or len(number) > 24:
        return None
    return Report.objects.filter(tracking_number=number).first()


@transaction.atomic
def handle_report(
    actor, report: Report, status: str, public_response: str = "", internal_note: str = ""
) -> Report:
    require(actor, "portal.handle_report", report)
    if status not in Report.Status.values:
        raise ValidationError(_("Choose a status."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if status in (Report.Status.RESOLVED, Report.Status.UNFOUNDED) and not public_response.strip():
        raise ValidationError(_("Tell the reporter what was done before closing the report."))
    previous = report.status
    report.status = status
    report.public_response = public_response.strip()
    report.internal_note = internal_note.strip()
    report.handled_by = actor
    report.save()
    audit.record(actor, "report.handled", report, previous=previous, status=status)
    if report.reporter_email and previous != status:
        send_templated_mail(
            report.reporter_email, "report_updated", {"report": report}, language=report.language
        )
    return report


# --- Taking down what a report points to ------------------------------------------------------
TAKE_DOWN_RULES = {
    "message": "portal.moderate_message",
    "job": "jobs.take_down_job",
    "news": "portal.change_newsitem",
    "organisation": "organisations.verify_organisation",
}


def reported_item(report: Report):
    """(kind, object) of the page of this site the report names, or (None, None).

    The reporter gives an address: the site's own path (in either language, with or without
    the host) is resolved to a job requirement, an organisation, a news item or a message
    (``/messages/#message-12``); anything else is handled by hand.
    """

    parts = urlsplit((report.url or "").strip())
    path = "/" + (parts.path or "").lstrip("/")
    # With or without the language prefix: try the path as given, then under each language.
    # The language prefix is matched against the active language only: try each.
    candidates = [
        (code, candidate)
        for code, _name in settings.LANGUAGES
        for candidate in (path, f"/{code}{path}")
    ]
    for code, candidate in candidates:
        try:
            with translation.override(code):
                match = resolve(candidate)
        except Resolver404:
            continue
        name = match.view_name
        if name == "jobs:detail":
            return "job", Job.objects.filter(pk=match.kwargs["pk"]).first()
        if name == "organisations:detail":
            return "organisation", Organisation.objects.filter(pk=match.kwargs["pk"]).first()
        if name == "portal:news_detail":
            return "news", NewsItem.objects.filter(slug=match.kwargs["slug"]).first()
        if name == "portal:messages" and parts.fragment.startswith("message-"):
            number = parts.fragment.removeprefix("message-")
            if number.isdigit():
                return "message", Message.objects.filter(pk=int(number)).first()
        break
    return None, None


@transaction.atomic
def take_down_reported(actor, report: Report, reason: str, public_response: str = "") -> Report:
    """Take down the item a report names through its own module's service, and close the report.

    The item's module checks its own rule and records its own audit entry; the report is
    locked first, so two moderators taking down at once close it once.
    """

    require(actor, "portal.handle_report", report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for taking it down."))
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status in (Report.Status.RESOLVED, Report.Status.UNFOUNDED):
        raise ValidationError(_("This report is already closed."))
    kind, item = reported_item(report)
    if item is None:
        raise ValidationError(
            _("The address reported is no item of this site that can be taken down here.")
        )
    require(actor, TAKE_DOWN_RULES[kind], item)
    if kind == "message":
        if item.status == Message.Status.REJECTED:
            raise ValidationError(_("This message is already hidden."))
        reject_message(actor, item, reason)
    elif kind == "job":
        jobs.take_down_job(actor, item, reason)
    elif kind == "news":
        if item.published_at is None:
            raise ValidationError(_("This news item is not published."))
        unpublish_news_item(actor, item)
    else:
        organisations.suspend_organisation(actor, item, reason)
    previous = report.status
    report.status = Report.Status.RESOLVED
    with translation.override(report.language or "zh-hans"):
        report.public_response = (public_response or "").strip() or _(
            "Thank you. The reported content has been taken down."
        )
    report.internal_note = "\n".join(
        part
        for part in (report.internal_note, _("Taken down: %(reason)s") % {"reason": reason})
        if part
    )
    report.handled_by = actor
    report.save()
    audit.record(
        actor, "report.taken_down", report, previous=previous, kind=kind, item=str(item)[:200]
    )
    if report.reporter_email:
        transaction.on_commit(
            lambda: send_templated_mail(
                report.reporter_email,
                "report_updated",
                {"report": report},
                language=report.language,
            )
        )
    return report
