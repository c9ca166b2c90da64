from django.urls import path

from .views import certificates

app_name = "orga_certificates"

# Call managers: award categories, the finalists' certificates, awards, revocation.
urlpatterns = [
    path("", certificates.calls, name="calls"),
    path("calls/<int:pk>/", certificates.call, name="call"),
    path("calls/<int:pk>/awards/", certificates.add_category, name="add_category"),
    path("calls/<int:pk>/issue/", certificates.issue, name="issue"),
    path("entries/<int:pk>/award/", certificates.give_award, name="award"),
    path("<int:pk>/revoke/", certificates.revoke, name="revoke"),
]
