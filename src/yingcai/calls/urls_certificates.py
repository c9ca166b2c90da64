from django.urls import path

from .views import certificates

app_name = "certificates"

# The public verification of a certificate (where its QR code leads), the team's certificates.
urlpatterns = [
    path("", certificates.lookup, name="lookup"),
    path("mine/", certificates.mine, name="mine"),
    path("mine/<int:pk>.pdf", certificates.download, name="download"),
    path("<str:code>/", certificates.verify, name="verify"),
]
