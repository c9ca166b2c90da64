from django.urls import path  # noqa: F401

app_name = "org_demands"

# An organisation's project demands: post, edit, submit, close, Excel import and export.
urlpatterns = []
