from django.urls import path

from .views import orga_decisions as views

app_name = "orga_decisions"

# Organisers: mounted at orga/calls/<int:call_pk>/decisions/ (the ranking, decisions, the outbox
# of decision mails, publishing results, appeals of a call's stages).
urlpatterns = [
    path("", views.index, name="index"),
    path("stages/<int:stage_pk>/", views.stage, name="stage"),
    path("stages/<int:stage_pk>/ranking/", views.ranking, name="ranking"),
    path("stages/<int:stage_pk>/propose/", views.propose, name="propose"),
    path("stages/<int:stage_pk>/confirm/", views.confirm, name="confirm"),
    path("stages/<int:stage_pk>/outbox/", views.outbox, name="outbox"),
    path("stages/<int:stage_pk>/outbox/release/", views.release, name="release"),
    path("stages/<int:stage_pk>/outbox/discard/", views.discard, name="discard"),
    path("stages/<int:stage_pk>/publish/", views.publish, name="publish"),
    path("stages/<int:stage_pk>/appeals/", views.appeals, name="appeals"),
    path("decisions/<int:pk>/", views.change, name="change"),
    path("mails/<int:pk>/", views.message, name="message"),
    path("appeals/<int:pk>/answer/", views.answer, name="answer"),
]
