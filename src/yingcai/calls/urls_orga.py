from django.urls import path

from .views import orga_calls as views

app_name = "orga_calls"

# Organisers: calls, their questions, documents, tracks and divisions, and their entries.
urlpatterns = [
    path("", views.calls, name="calls"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.call, name="call"),
    path("<int:pk>/edit/", views.change, name="change"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/questions/", views.questions, name="questions"),
    path("<int:pk>/documents/", views.documents, name="documents"),
    path("<int:pk>/tracks/", views.tracks, name="tracks"),
    path("<int:pk>/divisions/", views.divisions, name="divisions"),
    path("<int:pk>/entries/", views.entries, name="entries"),
    path("<int:pk>/entries.xlsx", views.export, name="export"),
]
