from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("consents/", views.consents, name="consents"),
    path("cookie-choice/", views.cookie_choice, name="cookie_choice"),
    path("<slug:kind>/", views.document, name="document"),
]
