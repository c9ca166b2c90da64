from django.urls import path

from .views import public

app_name = "calls"

# Public: the published calls and a call's page.
urlpatterns = [
    path("", public.call_list, name="list"),
    path("<int:pk>/", public.call_detail, name="call"),
]
