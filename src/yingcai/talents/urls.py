from django.urls import path

from . import views

# Under /me/, beside the accounts app's dashboard (/me/) and settings (/me/settings/); the
# modules built on the talents add their pages to this namespace (yingcai/urls.py).
app_name = "talent"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("cvs/", views.cvs, name="cvs"),
    path("cvs/<int:cv_pk>/current/", views.cv_current, name="cv_current"),
    path("cvs/<int:cv_pk>/delete/", views.cv_delete, name="cv_delete"),
    path("cv/<int:cv_pk>/", views.cv_download, name="cv"),
    path("data/", views.data, name="data"),
    path("data/export/", views.data_export, name="data_export"),
    path("data/delete/", views.delete_account, name="delete_account"),
]
