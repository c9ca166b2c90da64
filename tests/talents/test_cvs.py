"""CVs: upload checked by content, versions, and who may download them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingcai.talents import services
from yingcai.talents.models import CV

from ..factories import JobFactory, MembershipFactory, UserFactory
from .helpers import PDF, application_of, docx_bytes, en, pdf_upload, profile_of, stored_files

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.django_db
def test_a_pdf_is_uploaded_and_becomes_current(client, talent, media):
    client.force_login(talent)
    response = client.post(en("talent:cvs"), {"file": pdf_upload("李雷简历.pdf")})
    assert response.status_code == 302
    cv = CV.objects.get(profile__user=talent)
    assert (cv.kind, cv.original_name, cv.is_current) == ("pdf", "李雷简历.pdf", True)
    assert cv.size == len(PDF)
    # Stored under a random name below MEDIA_ROOT, never the visitor's file name.
    [path] = stored_files(media)
    assert path.read_bytes() == PDF and "李雷" not in str(path)
    page = client.get(en("talent:cvs")).content.decode()
    assert "李雷简历.pdf" in page and "current" in page


@pytest.mark.django_db
def test_a_docx_is_recognised_by_its_content(client, talent, media):
    client.force_login(talent)
    upload = SimpleUploadedFile("cv.docx", docx_bytes(), content_type="application/octet-stream")
    assert client.post(en("talent:cvs"), {"file": upload}).status_code == 302
    assert CV.objects.get(profile__user=talent).kind == "docx"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("cv.pdf", "我的简历\n".encode() * 20, "application/pdf"),
            "A CV must be a PDF or a Word (DOCX) file.",
        ),
        (
            SimpleUploadedFile("cv.docx", b"PK\x03\x04 not really a zip", content_type=DOCX_TYPE),
            "A CV must be a PDF or a Word (DOCX) file.",
        ),
        (
            SimpleUploadedFile("big.pdf", PDF + b"0" * (11 * 1024 * 1024), "application/pdf"),
            "A CV may be at most 10 MB.",
        ),
        (SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"), "empty"),
    ],
)
def test_wrong_or_oversized_files_are_refused_and_nothing_is_stored(
    client, talent, media, upload, message
):
    client.force_login(talent)
    response = client.post(en("talent:cvs"), {"file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CV.objects.exists()
    assert stored_files(media) == []


@pytest.mark.django_db
def test_versions_switch_current_and_deleting_removes_the_file(
    client, talent, media, django_capture_on_commit_callbacks
):
    client.force_login(talent)
    client.post(en("talent:cvs"), {"file": pdf_upload("旧.pdf")})
    client.post(en("talent:cvs"), {"file": pdf_upload("新.pdf")})
    old, new = CV.objects.get(original_name="旧.pdf"), CV.objects.get(original_name="新.pdf")
    assert (old.is_current, new.is_current) == (False, True)
    assert client.post(en("talent:cv_current", old.pk)).status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.is_current, new.is_current) == (True, False)
    assert len(stored_files(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(en("talent:cv_delete", old.pk)).status_code == 302
    new.refresh_from_db()
    assert new.is_current and not CV.objects.filter(pk=old.pk).exists()
    assert [p.name for p in stored_files(media)] == [new.file.name.rsplit("/", 1)[-1]]


@pytest.mark.django_db
def test_nobody_else_can_change_or_delete_my_cvs(client, talent, media):
    cv = services.upload_cv(talent, pdf_upload())
    client.force_login(UserFactory())
    assert client.post(en("talent:cv_current", cv.pk)).status_code == 404
    assert client.post(en("talent:cv_delete", cv.pk)).status_code == 404
    assert client.get(en("talent:cv_delete", cv.pk)).status_code in (404, 405)
    assert CV.objects.filter(pk=cv.pk).exists()


@pytest.mark.django_db
def test_the_upload_limit_of_versions(client, talent, media):
    for i in range(services.MAX_CVS):
        services.upload_cv(talent, pdf_upload(f"{i}.pdf"))
    client.force_login(talent)
    response = client.post(en("talent:cvs"), {"file": pdf_upload("one-more.pdf")})
    assert response.status_code == 400
    assert "delete an old one first" in response.content.decode()
    assert CV.objects.count() == services.MAX_CVS


# --- Who may download a CV ------------------------------------------------------------------------
@pytest.fixture
def applied_cv(talent, organisation, media):
    profile_of(talent)
    cv = services.upload_cv(talent, pdf_upload("李雷简历.pdf"))
    application_of(talent, JobFactory(organisation=organisation))
    return cv


@pytest.mark.django_db
@pytest.mark.parametrize(
    "who", ["talent", "owner", "recruiter", "viewer", "staff_admin", "plain_staff", "verifier"]
)
def test_the_talent_the_organisation_applied_to_and_organiser_staff_download(
    client, request, applied_cv, who
):
    client.force_login(request.getfixturevalue(who))
    response = client.get(en("talent:cv", applied_cv.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''%E6%9D%8E%E9%9B%B7%E7%AE%80%E5%8E%86.pdf"
        in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["another_talent", "outsider", "member_elsewhere"])
def test_anyone_else_gets_not_found(client, request, applied_cv, other_organisation, who):
    if who == "another_talent":
        user = UserFactory()
    elif who == "member_elsewhere":
        user = MembershipFactory(organisation=other_organisation, role="recruiter").user
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(en("talent:cv", applied_cv.pk)).status_code == 404
    # The same answer as for a CV that does not exist: existence is not revealed.
    assert client.get(en("talent:cv", applied_cv.pk + 1000)).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client, applied_cv):
    response = client.get(en("talent:cv", applied_cv.pk))
    assert response.status_code == 302 and "/login/" in response.url


@pytest.mark.django_db
def test_uploaded_files_are_never_served_directly(client, applied_cv):
    assert client.get(f"/private-media/{applied_cv.file.name}").status_code == 404
    assert client.get(f"/media/{applied_cv.file.name}").status_code == 404


@pytest.mark.django_db
def test_a_cv_whose_file_is_missing_is_not_found(client, talent, applied_cv):
    applied_cv.file.storage.delete(applied_cv.file.name)
    client.force_login(talent)
    assert client.get(en("talent:cv", applied_cv.pk)).status_code == 404
