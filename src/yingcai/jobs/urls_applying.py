from django.urls import path

from .views import talent

app_name = "applying"
urlpatterns = [
    path("<int:job_pk>/apply/", talent.apply, name="apply"),
    path("<int:job_pk>/consent/", talent.consent, name="consent"),
]
