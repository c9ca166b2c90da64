from django.urls import path

from .views import public

app_name = "jobs"
urlpatterns = [
    path("", public.job_search, name="search"),
    path("<int:pk>/", public.job_detail, name="detail"),
]
