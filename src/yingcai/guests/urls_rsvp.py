from django.urls import path

from .views import public

app_name = "rsvp"

# A guest's personal link from the invitation mail: no account, the secret is the credential.
urlpatterns = [
    path("<str:secret>/", public.answer, name="answer"),
]
