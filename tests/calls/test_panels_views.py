"""The organisers' pages of a live panel: seat judges, set the order, open and close the
scoring; bad input answers the page again, never a 500; others are refused."""

import pytest
from django.urls import reverse
from django.utils import translation

from yingcai.calls.models import Assignment, PanelMember, StageEntry

from ..factories import PASSWORD
from .test_panels import semi_final

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def log_in(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def panel_url(stage, name="orga_live:panel", *more):
    return reverse(name, args=[stage.call_id, stage.pk, *more])


def test_an_organiser_seats_orders_opens_and_closes_through_the_pages(client, editor):
    stage, divisions, rows, judges = semi_final(divisions=2, entries=2, judges=2)
    log_in(client, editor)
    listing = client.get(reverse("orga_live:stages", args=[stage.call_id])).content.decode()
    assert panel_url(stage) in listing
    assert stage.call.stages.get(slug="preliminary").name not in listing
    for division in divisions:
        for reviewer in judges[division.pk]:
            response = client.post(
                panel_url(stage, "orga_live:seat"),
                {"reviewer": reviewer.pk, "division": division.pk},
            )
            assert response.status_code == 302
    assert PanelMember.objects.filter(stage=stage).count() == 4
    first, second = rows[divisions[0].pk]
    response = client.post(
        panel_url(stage, "orga_live:order"),
        {f"order-{first.pk}": "2", f"order-{second.pk}": "1"},
    )
    assert response.status_code == 302
    assert dict(
        StageEntry.objects.filter(pk__in=[first.pk, second.pk]).values_list("pk", "order")
    ) == {
        first.pk: 2,
        second.pk: 1,
    }
    page = client.get(panel_url(stage)).content.decode()
    assert reverse("live:screen", args=[stage.pk, divisions[0].slug]) in page
    assert reverse("live:screen", args=[stage.pk, "all"]) in page
    assert client.post(panel_url(stage, "orga_live:act", "open")).status_code == 302
    assert Assignment.objects.filter(stage=stage).count() == 2 * 2 * 2
    assert client.post(panel_url(stage, "orga_live:act", "close")).status_code == 302
    stage.refresh_from_db()
    assert stage.status == "closed"
    # Closed: nothing more to seat, order or open.
    page = client.get(panel_url(stage)).content.decode()
    assert panel_url(stage, "orga_live:seat") not in page
    assert panel_url(stage, "orga_live:act", "open") not in page


def test_a_refused_action_is_said_in_words(client, editor):
    stage, _divisions, _rows, _judges = semi_final(divisions=1)
    log_in(client, editor)
    response = client.post(panel_url(stage, "orga_live:act", "open"), follow=True)
    assert "Seat the judges first" in response.content.decode()
    assert client.post(panel_url(stage, "orga_live:act", "explode")).status_code == 404


@pytest.mark.parametrize("bad", ["x", "0", "1\x00", "9" * 50])
def test_a_bad_order_answers_the_page_again(client, editor, bad):
    stage, divisions, rows, _judges = semi_final(divisions=1)
    log_in(client, editor)
    row = rows[divisions[0].pk][0]
    response = client.post(panel_url(stage, "orga_live:order"), {f"order-{row.pk}": bad})
    assert response.status_code == 400
    # A NUL character is refused by the site's middleware before the view, in words too.
    assert "whole number from 1 to 999" in response.content.decode() or "\x00" in bad
    assert StageEntry.objects.get(pk=row.pk).order is None
    response = client.post(panel_url(stage, "orga_live:order"), {"order-nope": "1"})
    assert response.status_code == 400


def test_a_bad_seat_answers_the_page_again(client, editor):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    other_stage, _d, _r, other_judges = semi_final(divisions=1)
    log_in(client, editor)
    reviewer = judges[divisions[0].pk][0]
    for data in (
        {"reviewer": reviewer.pk},  # no division on a semi-final
        {"reviewer": "x\x00", "division": divisions[0].pk},
        {
            "reviewer": other_judges[other_stage.call.divisions.first().pk][0].pk,
            "division": divisions[0].pk,
        },
    ):
        assert client.post(panel_url(stage, "orga_live:seat"), data).status_code == 400
    assert not PanelMember.objects.exists()


def test_a_stage_of_another_call_or_an_online_review_is_not_found(client, editor):
    stage, _divisions, _rows, _judges = semi_final(divisions=1)
    other, _d, _r, _j = semi_final(divisions=1)
    log_in(client, editor)
    assert client.get(reverse("orga_live:panel", args=[other.call_id, stage.pk])).status_code == 404
    preliminary = stage.call.stages.get(slug="preliminary")
    assert client.get(panel_url(preliminary)).status_code == 404


def test_only_call_managers_reach_the_panel_pages(client, talent, moderator):
    stage, divisions, _rows, judges = semi_final(divisions=1)
    judge = judges[divisions[0].pk][0]
    assert client.get(panel_url(stage)).status_code == 302  # to log in
    for person in (talent, moderator, judge.user):
        log_in(client, person)
        assert client.get(panel_url(stage)).status_code == 403
        response = client.post(
            panel_url(stage, "orga_live:seat"), {"reviewer": judge.pk, "division": divisions[0].pk}
        )
        assert response.status_code == 403
    assert not PanelMember.objects.exists()


def test_the_panel_page_costs_a_bounded_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    stage, _divisions, _rows, _judges = semi_final(divisions=3, entries=8, judges=4, seat_by=editor)
    log_in(client, editor)
    client.get(panel_url(stage))
    with django_assert_max_num_queries(16):
        assert client.get(panel_url(stage)).status_code == 200
