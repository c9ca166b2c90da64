from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import services
from .models import Page


class StaticSitemap(Sitemap):
    i18n = True

    def items(self):
        return [
            "portal:home",
            "portal:news",
            "portal:messages",
            "portal:report",
            "organisations:directory",
        ]

    def location(self, item):
        return reverse(item)


class NewsSitemap(Sitemap):
    i18n = True

    def items(self):
        return services.published_news()

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    i18n = True

    def items(self):
        return Page.objects.all()

    def location(self, item):
        return services.page_url(item.slug)


sitemaps = {"static": StaticSitemap, "news": NewsSitemap, "pages": PageSitemap}
