from django.urls import path

from .views import talent as views

# A talent's applications and recommendations, under /me/ in the talent's namespace beside
# their profile (yingcai/urls.py joins these to talents/urls.py): the job fair builds on the
# talents, which do not know it.
urlpatterns = [
    path("applications/", views.applications, name="applications"),
    path("applications/<int:pk>/", views.application, name="application"),
    path("applications/<int:pk>/message/", views.message, name="message"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/invitations/<int:invitation_pk>/book/", views.book, name="book"),
    path(
        "applications/<int:pk>/interview/cancel/", views.interview_cancel, name="interview_cancel"
    ),
    path(
        "applications/<int:pk>/interview/reschedule/",
        views.interview_reschedule,
        name="interview_reschedule",
    ),
    path("applications/<int:pk>/interview.ics", views.interview_ics, name="interview_ics"),
    path("jobs-for-you/", views.recommendations, name="recommendations"),
]
