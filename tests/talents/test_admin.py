"""Talent profiles in the back office: read-only, for organiser administrators only."""

import pytest

from .helpers import profile_of


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["talentprofile", "workexperience", "education"])
def test_organiser_administrators_read_profiles(client, staff_admin, talent, model):
    profile = profile_of(talent, university="重庆大学")
    client.force_login(staff_admin)
    response = client.get(f"/admin/talents/{model}/", {"q": "重庆"})
    assert response.status_code == 200
    if model == "talentprofile":
        assert "李雷" in response.content.decode()
        page = client.get(f"/admin/talents/talentprofile/{profile.pk}/change/").content.decode()
        assert "重庆大学" in page and 'name="university"' not in page
    assert client.get(f"/admin/talents/{model}/add/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["editor", "moderator", "plain_staff"])
def test_other_staff_do_not_see_profiles(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/admin/talents/talentprofile/").status_code == 403


@pytest.mark.django_db
def test_cv_files_are_not_in_the_admin(client, staff_admin):
    client.force_login(staff_admin)
    assert client.get("/admin/talents/cv/").status_code == 404
