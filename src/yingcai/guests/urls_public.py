from django.urls import path

from .views import public

app_name = "guests"

# The public: confirmed guests who consented; the honours registry (consented only).
urlpatterns = [
    path("", public.guest_list, name="list"),
    path("honours/", public.honours, name="honours"),
]
