"""The roadshow's pages: the organisers arrange a session through the forms; the public
programme shows times, on site or online, in both languages, in bounded queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from yingcai.calls.models import Certificate
from yingcai.roadshow.models import Pitch, RoadshowSession

from ..calls.factories import EntryFactory
from .factories import pitch, roadshow, selected, session

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def test_an_editor_arranges_a_session_through_the_pages(client, editor):
    call, entries = roadshow(selected_count=2)
    overseas = selected(call, origin="overseas")
    client.force_login(editor)
    assert client.get(url("orga_roadshow:calls")).status_code == 200
    page = client.get(url("orga_roadshow:call", call.pk)).content.decode()
    assert "3 projects selected" in page
    response = client.post(
        url("orga_roadshow:create_session", call.pk),
        {
            "title_zh_hans": "路演第一场",
            "title_en": "Roadshow, first session",
            "starts_at": "2030-06-14T09:00",
            "venue_zh_hans": "重庆国际博览中心",
            "online_url": "https://meeting.example.cn/1",
        },
    )
    made = RoadshowSession.objects.get()
    assert response.url == url("orga_roadshow:session", made.pk)
    page = client.get(response.url).content.decode()
    assert str(overseas.project.title_zh_hans) in page
    response = client.post(
        url("orga_roadshow:place", made.pk),
        {
            "entries": [e.pk for e in (*entries, overseas)],
            "pitch_minutes": 7,
            "questions_minutes": 5,
        },
    )
    assert response.status_code == 302
    assert list(made.pitches.order_by("order").values_list("online", flat=True)) == [
        False,
        False,
        True,
    ]
    last = made.pitches.get(entry=overseas)
    client.post(url("orga_roadshow:move", last.pk), {"position": 1})
    assert made.pitches.get(order=1).entry == overseas
    response = client.post(
        url("orga_roadshow:pitch", last.pk),
        {"online": "", "online_url": "", "pitch_minutes": 8, "questions_minutes": 4},
    )
    assert response.status_code == 302
    last.refresh_from_db()
    assert not last.online and last.pitch_minutes == 8
    client.post(url("orga_roadshow:remove", last.pk))
    assert made.pitches.count() == 2


def test_bad_input_answers_the_form_again(client, editor):
    call, entries = roadshow(selected_count=1)
    outsider = EntryFactory(call=call)
    made = session(call)
    client.force_login(editor)
    response = client.post(
        url("orga_roadshow:place", made.pk),
        {"entries": [outsider.pk], "pitch_minutes": 7, "questions_minutes": 5},
    )
    assert response.status_code == 400
    assert "Not selected for the roadshow" in response.content.decode()
    for bad in ({"entries": ["x\x00"]}, {"entries": [entries[0].pk], "pitch_minutes": 0}):
        response = client.post(url("orga_roadshow:place", made.pk), bad)
        assert response.status_code == 400
    response = client.post(
        url("orga_roadshow:create_session", call.pk),
        {"title_zh_hans": "x\x00", "starts_at": "not a date", "online_url": "ftp:/x"},
    )
    assert response.status_code == 400
    placed = pitch(made, entries[0])
    response = client.post(url("orga_roadshow:move", placed.pk), {"position": "abc"})
    assert response.status_code == 302
    assert client.get(url("orga_roadshow:call", 999999)).status_code == 404
    assert not Pitch.objects.exclude(pk=placed.pk).exists()


def test_the_organisers_pages_refuse_others(client, talent, moderator):
    call, _entries = roadshow(selected_count=1)
    made = session(call)
    for person in (talent, moderator):
        client.force_login(person)
        assert client.get(url("orga_roadshow:session", made.pk)).status_code == 403
        assert client.post(url("orga_roadshow:place", made.pk), {}).status_code == 403


def test_the_public_programme_in_both_languages_in_bounded_queries(
    client, django_assert_max_num_queries
):
    call, entries = roadshow(selected_count=10)
    entries.append(selected(call, origin="overseas"))
    start = timezone.make_aware(timezone.datetime(2030, 6, 14, 14, 0))
    made = session(call, starts_at=start)
    for n, entry in enumerate(entries, start=1):
        pitch(made, entry, order=n, online=entry.project.origin == "overseas")
    for language, title, where in (
        ("zh-hans", "海内外项目路演 第一场", "线上"),
        ("en", "Roadshow, first session", "online"),
    ):
        with django_assert_max_num_queries(12):
            response = client.get(url("roadshow:programme", call.slug, language=language))
        page = response.content.decode()
        assert title in page and "14:00" in page
        assert page.count('data-testid="pitch"') == 11
        assert where in page
    assert client.get(url("roadshow:programme", "no-such-call")).status_code == 404
    call.is_published = False
    call.save()
    assert client.get(url("roadshow:programme", call.slug)).status_code == 404


def test_the_public_list_of_roadshows(client):
    call, _ = roadshow(selected_count=0)
    page = client.get(url("roadshow:calls")).content.decode()
    assert url("roadshow:programme", call.slug) in page


def test_a_member_in_the_audience_sees_the_buttons_in_bounded_queries(
    client, owner, django_assert_max_num_queries
):
    call, entries = roadshow(selected_count=10)
    made = session(call, starts_at=timezone.now() - timedelta(minutes=1))
    for n, entry in enumerate(entries, start=1):
        pitch(made, entry, order=n)
    client.force_login(owner)
    with django_assert_max_num_queries(16):
        page = client.get(url("roadshow:programme", call.slug)).content.decode()
    assert page.count('data-testid="mark"') == 10


def test_my_yingcai_shows_the_teams_pitch_and_certificates(client, talent):
    call, entries = roadshow(selected_count=1)
    made = session(call)
    placed = pitch(made, entries[0])
    lead = entries[0].project.team.get().user
    Certificate.objects.create(entry=entries[0])
    client.force_login(lead)
    page = client.get(url("accounts:dashboard")).content.decode()
    assert 'data-testid="roadshow-panel"' in page
    assert f"#pitch-{placed.pk}" in page and url("certificates:mine") in page
    client.force_login(talent)
    page = client.get(url("accounts:dashboard")).content.decode()
    assert 'data-testid="roadshow-panel"' not in page
