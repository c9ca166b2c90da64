from django.urls import path, register_converter

from .views import public


class KeyConverter:
    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(KeyConverter, "regkey")

app_name = "attendance"

# The public agenda, the registration, and the person's own page (by its secret key).
urlpatterns = [
    path("", public.agenda, name="agenda"),
    path("<int:pk>/", public.session, name="session"),
    path("register/", public.register, name="register"),
    path("me/<regkey:key>/", public.me, name="me"),
    path("me/<regkey:key>/agenda.ics", public.calendar, name="calendar"),
    path("me/<regkey:key>/tickets/<int:pk>.pdf", public.ticket, name="ticket"),
    path("me/<regkey:key>/cancel/<int:pk>/", public.cancel, name="cancel"),
    path("me/<regkey:key>/cancel/", public.cancel_all, name="cancel_all"),
    path("me/<regkey:key>/add/", public.add, name="add"),
]
