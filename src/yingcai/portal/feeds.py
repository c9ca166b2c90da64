from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from yingcai.core.text import render_markdown

from . import services


class NewsFeed(Feed):
    title = _("Talents Conference: news and announcements")
    description = _("News, announcements and press-conference releases of the Talents Conference.")

    def link(self):
        return reverse("portal:news")

    def items(self):
        return services.published_news()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or render_markdown(item.body)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
