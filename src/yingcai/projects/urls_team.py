from django.urls import path

from .views import team as views

app_name = "project_team"

# A talent's own projects: register, edit, team, business plan, sharing.
urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.register, name="register"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/revoke/", views.revoke, name="revoke_invitation"
    ),
    path("<int:pk>/members/<int:member_pk>/remove/", views.remove, name="remove_member"),
    path("<int:pk>/members/<int:member_pk>/lead/", views.hand_over, name="hand_over"),
    path("<int:pk>/plan/", views.plan_download, name="plan"),
    path("<int:pk>/plan/upload/", views.plan_upload, name="plan_upload"),
    path("<int:pk>/plan/delete/", views.plan_delete, name="plan_delete"),
    path("<int:pk>/share/", views.share, name="share"),
    path(
        "<int:pk>/sharings/<int:sharing_pk>/withdraw/",
        views.withdraw_sharing,
        name="withdraw_sharing",
    ),
]
