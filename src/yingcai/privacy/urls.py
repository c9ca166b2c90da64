from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("consents/", views.consents, name="consents"),
    path(
        "consents/sharing/<int:pk>/withdraw/",
        views.withdraw_sharing_consent,
        name="withdraw_sharing_consent",
    ),
    path("cookie-choice/", views.cookie_choice, name="cookie_choice"),
    path("<slug:kind>/", views.document, name="document"),
]
