from django.urls import path

from .views import applicant, public

# Under /recruitment/: the rounds and the publicity for everyone, applying for talents.
app_name = "recruitment"
urlpatterns = [
    path("", public.rounds, name="rounds"),
    path("mine/", applicant.my_applications, name="my_applications"),
    path("mine/<int:pk>/", applicant.my_application, name="my_application"),
    path("mine/<int:pk>/resubmit/", applicant.resubmit, name="resubmit"),
    path("mine/<int:pk>/withdraw/", applicant.withdraw, name="withdraw"),
    path("mine/<int:pk>/transfer/", applicant.transfer, name="transfer"),
    path("certificates/<int:pk>/", applicant.certificate, name="certificate"),
    path("certificates/<int:pk>/delete/", applicant.certificate_delete, name="certificate_delete"),
    path("<int:round_pk>/", public.round_detail, name="round"),
    path("<int:round_pk>/posts/<int:post_pk>/", public.post_detail, name="post"),
    path("<int:round_pk>/publicity/", public.publicity, name="publicity"),
    path(
        "<int:round_pk>/publicity/<int:application_pk>/objection/",
        public.objection,
        name="objection",
    ),
    path("<int:round_pk>/apply/", applicant.apply, name="apply"),
    path("<int:round_pk>/apply/check/", applicant.check, name="check"),
    path("<int:round_pk>/apply/consent/", applicant.consent, name="consent"),
    path("<int:round_pk>/certificates/", applicant.certificates, name="certificates"),
]
