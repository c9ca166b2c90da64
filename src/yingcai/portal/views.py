from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from yingcai.conference.services import current_conference
from yingcai.core.access import public
from yingcai.core.http import rate_limited, too_many_submissions
from yingcai.core.rules import can
from yingcai.organisations.models import Organisation

from . import services
from .forms import MessageForm, ReportForm, TrackingForm
from .models import Message, NewsItem, Page, Report


@public
def home(request):
    news = list(services.published_news()[:6])
    return render(
        request,
        "portal/home.html",
        {
            "conference": current_conference(),
            "news": news,
            "organisation_kinds": Organisation.Kind.choices,
        },
    )


@public
def news_list(request):
    kind = request.GET.get("kind", "")
    items = services.published_news()
    if kind in NewsItem.Kind.values:
        items = items.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(items, 10).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/news_list.html",
        {"page": page, "kind": kind, "kinds": NewsItem.Kind.choices},
    )


@public
def news_detail(request, slug):
    item = get_object_or_404(NewsItem, slug=slug)
    if not can(request.user, "portal.view_newsitem_public", item):
        raise Http404
    return render(request, "portal/news_detail.html", {"item": item})


@public
def page(request, slug):
    if slug in services.SHORT_PAGE_URLS:
        return redirect(services.page_url(slug), permanent=True)
    return _page(request, slug)


def _page(request, slug):
    found = get_object_or_404(Page, slug=slug)
    return render(request, "portal/page.html", {"page": found})


@public
@require_http_methods(["GET", "POST"])
def leave_message(request):
    form = MessageForm(request.POST or None)
    retry_after = 0
    if (
        request.method == "POST"
        and form.is_valid()
        and (retry_after := too_many_submissions(request, "portal.message"))
    ):
        form.add_error(None, _("Too many messages from your network. Please try again later."))
    if request.method == "POST" and form.is_valid():
        services.submit_message(form.instance, request.user)
        messages.success(
            request,
            _(
                "Thank you. Your message has been received; a moderator will read it "
                "and we will answer by e-mail."
            ),
        )
        return redirect("portal:messages")
    thread = Paginator(
        Message.objects.filter(status=Message.Status.PUBLISHED).prefetch_related("replies"), 10
    ).get_page(request.GET.get("page"))
    return rate_limited(
        render(
            request,
            "portal/messages.html",
            {"form": form, "page": thread},
            status=400 if form.is_bound else 200,
        ),
        retry_after,
    )


@public
@require_http_methods(["GET", "POST"])
def report(request):
    form = ReportForm(request.POST or None)
    retry_after = 0
    if (
        request.method == "POST"
        and form.is_valid()
        and (retry_after := too_many_submissions(request, "portal.report"))
    ):
        form.add_error(
            None,
            _(
                "Too many reports from your network. Please try again later, or call the "
                "reporting telephone."
            ),
        )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.submit_report(form.instance, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            # The tracking number travels in the session, not the URL, so it
            # does not end up in browser history or a proxy's log.
            request.session["last_report"] = created.tracking_number
            return redirect("portal:report_done")
    return rate_limited(
        render(request, "portal/report.html", {"form": form}, status=400 if form.is_bound else 200),
        retry_after,
    )


@public
def report_done(request):
    number = request.session.get("last_report")
    if not number:
        return redirect("portal:report")
    return render(request, "portal/report_done.html", {"tracking_number": number})


@public
def report_lookup(request):
    form = TrackingForm(request.GET or None)
    found = None
    not_found = False
    if form.is_valid():
        found = services.find_report(form.cleaned_data["tracking_number"])
        not_found = found is None
        if not_found:
            form.add_error(
                "tracking_number",
                _("No report has this tracking number. Check it and try again."),
            )
    return render(
        request,
        "portal/report_lookup.html",
        {"form": form, "report": found, "statuses": Report.Status},
        status=404 if not_found else 400 if form.errors else 200,
    )


@public
def sitemap_page(request):
    pages = list(Page.objects.all())
    for found in pages:
        found.url = services.page_url(found.slug)
    return render(request, "portal/sitemap.html", {"pages": pages})


@public
@require_http_methods(["GET", "HEAD"])
def robots_txt(request):
    """Crawlers read the public pages; personal and back-office pages are no business of theirs
    (they answer a log-in page anyway, which would only fill search results)."""
    lines = ["User-agent: *", "Allow: /"]
    for private in ("/admin/", "/api/"):
        lines.append(f"Disallow: {private}")
    for code, _name in settings.LANGUAGES:
        for private in ("me/", "orga/", "accounts/", "statistics/exports/mine/"):
            lines.append(f"Disallow: /{code}/{private}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap_xml'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@public
@require_http_methods(["GET", "HEAD"])
def favicon(request):
    # Browsers ask for /favicon.ico whatever the page links to: answer the one icon itself
    # (every current browser reads an SVG icon), kept a day in their cache.
    with open(finders.find("yingcai/favicon.svg"), "rb") as handle:
        response = HttpResponse(handle.read(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@public
def about(request):
    return _page(request, "about")


@public
def contact(request):
    return _page(request, "contact")


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


@public
@require_POST
def switch_language(request):
    """Django's set_language, reading `next` in the language of the page it came from.

    set_language translates `next` only from the language active for this request
    (the cookie or the browser's preference); an English browser on a Chinese page
    would be sent back to the Chinese page.
    """
    page_language = translation.get_language_from_path(urlsplit(request.POST.get("next", "")).path)
    with translation.override(page_language or translation.get_language()):
        return set_language(request)
