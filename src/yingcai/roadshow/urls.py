from django.urls import path

from .views import public

app_name = "roadshow"

# The public roadshow programme and the audience's tap on a pitch.
urlpatterns = [
    path("", public.calls, name="calls"),
    path("<slug:slug>/", public.programme, name="programme"),
    path("pitches/<int:pk>/interest/", public.mark, name="mark"),
]
