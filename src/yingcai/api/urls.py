from django.urls import path

from . import views

# Under /me/api-tokens/ (the account's settings).
app_name = "api_tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
