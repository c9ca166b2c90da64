"""Editing one's talent profile: the form, the work and education rows, the rules."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from yingcai.core.models import AuditEntry, DisciplineField, District
from yingcai.talents.models import Education, TalentProfile, WorkExperience

from ..factories import UserFactory
from ..jobs.test_pipeline import reference_rows  # noqa: F401 - a fixture (PostgreSQL test)
from .helpers import en, profile_of


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def profile_data(**changes):
    data = {
        "name": "李雷",
        "origin": "domestic",
        "country": "",
        "degree": "doctor",
        "title": "associate_senior",
        "university": "重庆大学",
        "fields": [DisciplineField.objects.get(slug="electronic-information").pk],
        "skills": "芯片设计, Verilog",
        "summary": "十年集成电路设计经验。",
        "desired_districts": [District.objects.get(slug="yubei").pk],
        "expected_salary": "25000",
        "available_from": "2026-12-01",
        "visibility": "open",
        **management("work", 1),
        "work-0-employer": "重庆芯片有限公司",
        "work-0-position": "设计工程师",
        "work-0-start": "2015-07-01",
        "work-0-end": "2020-06-30",
        "work-0-description": "前端设计",
        **management("education", 1),
        "education-0-institution": "重庆大学",
        "education-0-degree": "doctor",
        "education-0-major": "微电子",
        "education-0-start": "2010-09-01",
        "education-0-end": "2015-06-30",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(en("talent:profile"))
    assert response.status_code == 302
    assert "/login/" in response.url and "next=" in response.url


@pytest.mark.django_db
def test_the_profile_page_links_to_the_address_and_number_pages(client, talent):
    client.force_login(talent)
    page = client.get(en("talent:profile")).content.decode()
    assert f'href="{en("account_email")}"' in page
    assert f'href="{en("account_change_phone")}"' in page
    assert 'name="work-TOTAL_FORMS"' in page and 'name="education-TOTAL_FORMS"' in page


@pytest.mark.django_db
def test_a_valid_profile_is_saved_with_its_history(client, talent):
    client.force_login(talent)
    response = client.post(en("talent:profile"), profile_data(name="李雷 博士"))
    assert response.status_code == 302, response.content.decode()[:3000]
    profile = TalentProfile.objects.get(user=talent)
    talent.refresh_from_db()
    assert talent.name == "李雷 博士"
    assert profile.degree == "doctor" and profile.title == "associate_senior"
    assert profile.expected_salary == 25000 and str(profile.available_from) == "2026-12-01"
    assert [f.slug for f in profile.fields.all()] == ["electronic-information"]
    assert [d.slug for d in profile.desired_districts.all()] == ["yubei"]
    assert WorkExperience.objects.get(profile=profile).employer == "重庆芯片有限公司"
    assert Education.objects.get(profile=profile).major == "微电子"
    assert "微电子" in profile.__class__.objects.get(pk=profile.pk).search_document
    assert AuditEntry.objects.filter(action="talent.profile_saved", actor=talent).exists()


@pytest.mark.django_db
def test_history_rows_can_be_removed(client, talent):
    profile = profile_of(talent)
    work = WorkExperience.objects.create(
        profile=profile, employer="旧公司", position="工程师", start="2012-01-01"
    )
    client.force_login(talent)
    data = profile_data(
        **management("work", 2, initial=1),
        **{
            "work-0-id": str(work.pk),
            "work-0-employer": "旧公司",
            "work-0-position": "工程师",
            "work-0-start": "2012-01-01",
            "work-0-end": "",
            "work-0-description": "",
            "work-0-DELETE": "on",
            "work-1-employer": "新公司",
            "work-1-position": "主任工程师",
            "work-1-start": "2018-01-01",
        },
    )
    response = client.post(en("talent:profile"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(profile.work.values_list("employer", flat=True)) == ["新公司"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"origin": "overseas", "country": ""}, "Give the country or region you live in."),
        ({"expected_salary": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"work-0-end": "2014-01-01"}, "The end cannot be before the start."),
        ({"education-0-end": "2009-01-01"}, "The end cannot be before the start."),
        ({"work-0-start": "last spring"}, "Enter a valid date."),
        ({"name": "   "}, "This field is required."),
        ({"degree": "professor"}, "Select a valid choice."),
    ],
)
def test_invalid_profiles_are_refused_with_a_clear_message(client, talent, changes, message):
    client.force_login(talent)
    response = client.post(en("talent:profile"), profile_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    talent.refresh_from_db()
    assert talent.name == "李雷"
    # A refused first save leaves no profile behind.
    assert not TalentProfile.objects.filter(user=talent).exists()


@pytest.mark.django_db
def test_overseas_talents_keep_their_country_and_domestic_ones_lose_it(client, talent):
    client.force_login(talent)
    client.post(en("talent:profile"), profile_data(origin="overseas", country="德国"))
    assert TalentProfile.objects.get(user=talent).country == "德国"
    client.post(en("talent:profile"), profile_data(origin="domestic", country="德国"))
    assert TalentProfile.objects.get(user=talent).country == ""


@pytest.mark.django_db
def test_each_person_edits_only_their_own_profile(client, talent):
    other = profile_of(UserFactory(), university="西南大学")
    client.force_login(talent)
    client.post(en("talent:profile"), profile_data(university="重庆大学"))
    other.refresh_from_db()
    assert other.university == "西南大学"
    assert TalentProfile.objects.get(user=talent).university == "重庆大学"


@pytest.mark.django_db
def test_opening_the_profile_page_creates_no_profile(client, talent):
    client.force_login(talent)
    response = client.get(en("talent:profile"))
    assert response.status_code == 200
    assert "Save my profile" in response.content.decode()
    assert not TalentProfile.objects.filter(user=talent).exists()
    client.get(en("talent:cvs"))
    assert not TalentProfile.objects.filter(user=talent).exists()
    # The first save creates it.
    client.post(en("talent:profile"), profile_data())
    assert TalentProfile.objects.filter(user=talent).count() == 1


# Decided at collection: on SQLite the test must not even set up (and then flush) the database.
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_first_saves_at_once_make_one_profile(reference_rows):  # noqa: F811
    """The same person saving their first profile from 20 windows at once: one profile, and
    every other save answers a clear refusal, never a 500."""
    talent = UserFactory(name="李雷")
    clients = [Client() for _ in range(20)]
    for each in clients:
        each.force_login(talent)
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def save(each):
        try:
            barrier.wait(timeout=10)
            statuses.append(each.post(en("talent:profile"), profile_data()).status_code)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert TalentProfile.objects.filter(user=talent).count() == 1
    assert statuses.count(302) >= 1 and set(statuses) <= {302, 400}
    assert WorkExperience.objects.filter(profile__user=talent).count() == statuses.count(302)
