from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from yingcai.accounts import views as account_views
from yingcai.api.api import api, unknown_endpoint
from yingcai.jobs import urls_talent as jobs_of_talent
from yingcai.portal import views as portal_views
from yingcai.portal.sitemaps import sitemaps
from yingcai.talents import urls as talent

# The admin logs in through allauth, so lock-out and two-factor apply there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Yingcai back office")
admin.site.site_title = _("Yingcai back office")
admin.site.index_title = _("Organiser back office")

urlpatterns = [
    path("api/", api.urls),
    re_path(r"^api/", unknown_endpoint),
    path("i18n/setlang/", portal_views.switch_language, name="set_language"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap_xml"),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("favicon.ico", portal_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("accounts/signup/", account_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("me/", include("yingcai.accounts.urls")),
    path("me/api-tokens/", include("yingcai.api.urls")),
    path("organisations/", include("yingcai.organisations.urls")),
    path("organisations/<int:org_pk>/", include("yingcai.jobs.urls_employer")),
    path("organisations/<int:org_pk>/", include("yingcai.jobs.urls_talent_search")),
    path("jobs/", include("yingcai.jobs.urls_public")),
    path("jobs/", include("yingcai.jobs.urls_applying")),
    # A talent's own pages, one namespace: profile and data (talents), applications and
    # recommendations (jobs, which builds on the talents).
    path("me/", include((talent.urlpatterns + jobs_of_talent.urlpatterns, talent.app_name))),
    path("orga/jobs/", include("yingcai.jobs.urls_orga")),
    path("orga/recruitment/", include("yingcai.institutions.urls_orga")),
    path(
        "organisations/<int:org_pk>/recruitment/", include("yingcai.institutions.urls_institution")
    ),
    path("recruitment/", include("yingcai.institutions.urls_public")),
    path("projects/", include("yingcai.projects.urls_public")),
    path("me/projects/", include("yingcai.projects.urls_team")),
    path("organisations/<int:org_pk>/demands/", include("yingcai.projects.urls_organisation")),
    path("orga/projects/", include("yingcai.projects.urls_orga")),
    # The stored recommendations: me/projects/<pk>/recommendations/ and
    # organisations/<org_pk>/demands/<pk>/recommendations/.
    path("", include("yingcai.projects.urls_recommendations")),
    path("docking/", include("yingcai.docking.urls")),
    path("orga/docking/", include("yingcai.docking.urls_orga")),
    # Calls: the reviewers' pages, the organisers' review of a call.
    path("review/", include("yingcai.calls.urls_review")),
    path("orga/calls/<int:call_pk>/review/", include("yingcai.calls.urls_orga_review")),
    path("calls/", include("yingcai.calls.urls_public")),
    path("me/calls/", include("yingcai.calls.urls_team")),
    path("orga/calls/", include("yingcai.calls.urls_orga")),
    path("live/", include("yingcai.calls.urls_live")),
    path("orga/calls/<int:call_pk>/live/", include("yingcai.calls.urls_orga_live")),
    path("orga/calls/<int:call_pk>/decisions/", include("yingcai.calls.urls_orga_decisions")),
    path("calls/<slug:call_slug>/results/", include("yingcai.calls.urls_results")),
    path("orga/calls/<int:call_pk>/stages/", include("yingcai.calls.urls_orga_stages")),
    path("roadshow/", include("yingcai.roadshow.urls")),
    path("orga/roadshow/", include("yingcai.roadshow.urls_orga")),
    path("agenda/", include("yingcai.attendance.urls_public")),
    path("check-in/", include("yingcai.attendance.urls_checkin")),
    path("orga/attendance/", include("yingcai.attendance.urls_orga")),
    path("guests/", include("yingcai.guests.urls_public")),
    path("rsvp/", include("yingcai.guests.urls_rsvp")),
    path("orga/guests/", include("yingcai.guests.urls_orga")),
    path("certificates/", include("yingcai.calls.urls_certificates")),
    path("orga/certificates/", include("yingcai.calls.urls_orga_certificates")),
    path("statistics/exports/", include("yingcai.stats.urls_exports")),
    path("statistics/", include("yingcai.stats.urls")),
    path("orga/statistics/", include("yingcai.stats.urls_orga")),
    path("orga/press-report/", include("yingcai.stats.urls_report")),
    path("privacy/", include("yingcai.privacy.urls")),
    path("orga/organisations/", include("yingcai.organisations.urls_orga")),
    path("orga/", include("yingcai.portal.urls_orga")),
    path("orga/", include("yingcai.orga.urls")),
    path("", include("yingcai.portal.urls")),
    prefix_default_language=True,
)

handler403 = "yingcai.portal.views.permission_denied"
handler404 = "yingcai.portal.views.not_found"
handler500 = "yingcai.portal.views.server_error"
# allauth answers its own rate limits with ROOT_URLCONF.handler429.
handler429 = "yingcai.accounts.views.too_many_requests"
