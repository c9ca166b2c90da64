from django.urls import path

from yingcai.jobs.views import talent as jobs

from . import views

# Under /me/, beside the accounts app's dashboard (/me/) and settings (/me/settings/).
app_name = "talent"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("cvs/", views.cvs, name="cvs"),
    path("cvs/<int:cv_pk>/current/", views.cv_current, name="cv_current"),
    path("cvs/<int:cv_pk>/delete/", views.cv_delete, name="cv_delete"),
    path("cv/<int:cv_pk>/", views.cv_download, name="cv"),
    path("applications/", jobs.applications, name="applications"),
    path("applications/<int:pk>/", jobs.application, name="application"),
    path("applications/<int:pk>/message/", jobs.message, name="message"),
    path("applications/<int:pk>/withdraw/", jobs.withdraw, name="withdraw"),
    path("applications/<int:pk>/invitations/<int:invitation_pk>/book/", jobs.book, name="book"),
    path("applications/<int:pk>/interview/cancel/", jobs.interview_cancel, name="interview_cancel"),
    path(
        "applications/<int:pk>/interview/reschedule/",
        jobs.interview_reschedule,
        name="interview_reschedule",
    ),
    path("applications/<int:pk>/interview.ics", jobs.interview_ics, name="interview_ics"),
    path("jobs-for-you/", jobs.recommendations, name="recommendations"),
    path("data/", views.data, name="data"),
    path("data/export/", views.data_export, name="data_export"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
