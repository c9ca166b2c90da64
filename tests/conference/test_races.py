"""One current edition of the conference, whoever makes which edition current at once."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingcai.conference import services
from yingcai.conference.models import Conference
from yingcai.core.rules import STAFF_EDITOR

from ..concurrency import at_once, postgresql_only
from ..factories import StaffFactory


def edition(n, current=False):
    starts = timezone.now() + timedelta(days=30 * n)
    return Conference.objects.create(
        name_zh_hans=f"第{n}届中国重庆海内外高层次人才交流大会",
        name_en=f"Chongqing talent conference {n}",
        starts_at=starts,
        ends_at=starts + timedelta(days=2),
        is_current=current,
    )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_twenty_editors_making_twenty_editions_current_at_once_leave_one():
    Group.objects.get_or_create(name=STAFF_EDITOR)
    editions = [edition(n, current=(n == 0)) for n in range(20)]
    editors = [StaffFactory(roles=[STAFF_EDITOR]) for _ in range(20)]

    def make_current(editor, conference):
        conference = Conference.objects.get(pk=conference.pk)
        conference.is_current = True
        services.save_conference(editor, conference, ["is_current"])

    outcomes = at_once(
        [lambda e=e, c=c: make_current(e, c) for e, c in zip(editors, editions, strict=True)]
    )
    assert outcomes == ["ok"] * 20
    assert Conference.objects.filter(is_current=True).count() == 1


@pytest.mark.django_db
def test_two_current_editions_are_refused_by_the_database(editor):
    edition(1, current=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        edition(2, current=True)
    second = edition(3)
    second.is_current = True
    services.save_conference(editor, second, ["is_current"])
    assert list(Conference.objects.filter(is_current=True)) == [second]
