from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", views.mine, name="mine"),
    path("register/", views.register, name="register"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/manage/", views.manage, name="manage"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/members/<int:member_pk>/role/", views.change_role, name="change_role"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.remove_member, name="remove_member"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
]
