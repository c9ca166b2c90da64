from django.urls import path

from .views import team

app_name = "call_entries"

# A team's entries in calls; an entry's page and its documents for whoever may read them.
urlpatterns = [
    path("", team.mine, name="mine"),
    path("enter/<int:call_pk>/", team.enter, name="enter"),
    path("entries/<int:pk>/", team.entry, name="entry"),
    path("entries/<int:pk>/upload/", team.upload, name="upload"),
    path(
        "entries/<int:pk>/documents/<int:document_pk>/delete/",
        team.delete_document,
        name="delete_document",
    ),
    path("entries/<int:pk>/submit/", team.submit, name="submit"),
    path("entries/<int:pk>/withdraw/", team.withdraw, name="withdraw"),
    path("documents/<int:pk>/", team.document, name="document"),
]
