from django.urls import path  # noqa: F401

app_name = "docking"

# Interest, docking sessions, meeting requests, agendas and outcomes of a project team or an
# organisation.
urlpatterns = []
