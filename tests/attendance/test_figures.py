"""The participants' figures: online, on site, checked in; their moments and breakdowns."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from yingcai.attendance.models import Attendance, CheckIn, Registration
from yingcai.core.models import District
from yingcai.core.registry import figures as registry
from yingcai.stats import report

from .factories import GateFactory, RegistrationFactory, SessionFactory, VenueFactory, attend

pytestmark = pytest.mark.django_db

KEYS = ("online_participants", "offline_participants", "checked_in")


def moved(row, days):
    """Move a row's moments `days` back (the factories write now)."""
    then = timezone.now() - timedelta(days=days)
    type(row).objects.filter(pk=row.pk).update(
        **{f: then for f in ("confirmed_at", "created_at") if hasattr(row, f)}
    )


@pytest.fixture
def agenda():
    """An opening ceremony at the main venue (Liangjiang), a forum at a sub-venue (Wanzhou)."""
    main = VenueFactory(district=District.objects.get(slug="liangjiang"))
    sub = VenueFactory(conference=main.conference, district=District.objects.get(slug="wanzhou"))
    opening = SessionFactory(
        venue=main, kind="opening", title="开幕式", title_en="Opening ceremony", capacity=2
    )
    forum = SessionFactory(venue=sub, title="人才论坛", title_en="Talents forum", capacity=5)
    return opening, forum


@pytest.fixture
def people(agenda):
    opening, forum = agenda
    online_only = RegistrationFactory(kind=Registration.Kind.TALENT)
    attend(online_only, opening, "online")
    attend(online_only, forum, "online")  # two sessions online: one participant
    both = RegistrationFactory(kind=Registration.Kind.EMPLOYER)
    attend(both, opening, "online")
    attend(both, forum, "onsite")
    onsite = RegistrationFactory(kind=Registration.Kind.MEDIA)
    attend(onsite, opening, "onsite")
    attend(onsite, forum, "onsite")
    # Not counted: a cancelled registration, a cancelled attendance, a waiting list.
    cancelled = RegistrationFactory(cancelled_at=timezone.now())
    attend(cancelled, opening, "online")
    dropped = RegistrationFactory()
    attend(dropped, opening, "online", status=Attendance.Status.CANCELLED)
    attend(RegistrationFactory(), opening, "onsite")  # the last seat
    waiting = RegistrationFactory()
    assert attend(waiting, opening, "onsite").status == Attendance.Status.WAITING
    return {"online_only": online_only, "both": both, "onsite": onsite}


def test_each_figure_counts_what_its_label_says(people):
    found = registry.compute(keys=KEYS)
    assert found["online_participants"]["value"] == 2
    assert found["offline_participants"]["value"] == 3
    assert found["checked_in"]["value"] == 0
    assert found["online_participants"]["label"] == {
        "zh-hans": "线上注册参会人数",
        "en": "participants registered online",
    }


def test_breakdowns_by_kind_mode_session_and_district(agenda, people):
    opening, forum = agenda
    online = registry.compute(keys=KEYS)["online_participants"]["breakdowns"]
    assert online["kind"] == {"employer": 1, "talent": 1}
    assert online["mode"] == {"both": 1, "online": 1}
    assert online["session"] == {str(opening.pk): 2, str(forum.pk): 1}
    assert online["district"] == {"liangjiang": 2, "wanzhou": 1}
    assert online["day"] == {timezone.localdate().isoformat(): 2}
    offline = registry.compute(keys=KEYS)["offline_participants"]["breakdowns"]
    assert offline["kind"] == {"employer": 1, "media": 1, "talent": 1}
    assert offline["session"] == {str(opening.pk): 2, str(forum.pk): 2}
    with translation.override("en"):
        labels = registry.bucket_labels("session")
        assert labels[str(opening.pk)] == "Opening ceremony"
        assert registry.bucket_labels("mode")["both"] == "online and on site"
    with translation.override("zh-hans"):
        assert registry.bucket_labels("session")[str(forum.pk)] == "人才论坛"
        assert registry.bucket_labels("kind")["media"] == "媒体"


def test_at_leaves_out_the_later_rows(people):
    # The online-only participant registered ten days ago (online: counted from the
    # registration); the employer got their on-site seat three days ago (on site: counted
    # from the seat), and registered now.
    moved(people["online_only"], 10)
    moved(people["both"].attendances.get(mode="onsite"), 3)
    five_days_ago = timezone.now() - timedelta(days=5)
    then = registry.compute(at=five_days_ago, keys=KEYS)
    assert then["online_participants"]["value"] == 1
    assert then["offline_participants"]["value"] == 0
    yesterday = registry.compute(at=timezone.now() - timedelta(days=1), keys=KEYS)
    assert yesterday["offline_participants"]["value"] == 1
    assert registry.compute(keys=KEYS)["online_participants"]["value"] == 2


def test_checked_in_counts_admitted_tickets_from_their_arrival(agenda, people):
    opening, _forum = agenda
    gate = GateFactory(venue=opening.venue)
    seats = Attendance.objects.filter(mode="onsite", status="confirmed").order_by("pk")
    for n, seat in enumerate(seats[:3]):
        CheckIn.objects.create(
            attendance=seat, gate=gate, scanned_at=timezone.now(), scan_id=f"scan-{n}"
        )
    first = CheckIn.objects.order_by("pk").first()
    CheckIn.objects.filter(pk=first.pk).update(received_at=timezone.now() - timedelta(hours=2))
    found = registry.compute(keys=KEYS)["checked_in"]
    assert found["value"] == 3
    assert sum(found["breakdowns"]["session"].values()) == 3
    assert set(found["breakdowns"]["district"]) <= {"liangjiang", "wanzhou"}
    an_hour_ago = timezone.now() - timedelta(hours=1)
    assert registry.compute(at=an_hour_ago, keys=KEYS)["checked_in"]["value"] == 1


def test_the_report_says_how_many_registered_online_and_on_site(people):
    values = report.values_of(registry.compute(keys=KEYS))
    moment = timezone.now()
    chinese = report.write_body(values, moment, "zh-hans")
    english = report.write_body(values, moment, "en")
    assert "线上注册参会人数2人，现场参会报名3人" in chinese
    assert "2 participants have registered online." in english
    assert "3 participants have registered to attend on site." in english
    assert "检票" not in chinese  # nothing checked in: the sentence is left out
    with_check_ins = report.write_body({**values, "checked_in": 1200}, moment, "zh-hans")
    assert "现场已检票入场1,200人次" in with_check_ins
