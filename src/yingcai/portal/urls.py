from django.urls import path

from yingcai.core.access import public

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_list, name="news"),
    path("news/feed/rss/", public(feeds.NewsFeed()), name="news_rss"),
    path("news/feed/atom/", public(feeds.NewsAtomFeed()), name="news_atom"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    path("about/", views.about, name="about"),
    path("contact/", views.contact, name="contact"),
    path("pages/<slug:slug>/", views.page, name="page"),
    path("messages/", views.leave_message, name="messages"),
    path("report/", views.report, name="report"),
    path("report/received/", views.report_done, name="report_done"),
    path("report/track/", views.report_lookup, name="report_lookup"),
    path("sitemap/", views.sitemap_page, name="sitemap"),
]
