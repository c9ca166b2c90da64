"""Guests and honours for the tests."""

import factory

from yingcai.guests.models import Guest, Honour

from ..attendance.factories import ConferenceFactory
from ..factories import InChineseFactory


class GuestFactory(InChineseFactory):
    class Meta:
        model = Guest

    conference = factory.SubFactory(ConferenceFactory)
    name = factory.Sequence(lambda n: f"嘉宾{n}")
    public_title = "中国科学院院士"
    category = Guest.Category.ACADEMICIAN
    organisation = "重庆大学"
    email = factory.Sequence(lambda n: f"guest{n}@example.org")
    mobile = factory.Sequence(lambda n: f"+86139{n:08d}")


class HonourFactory(InChineseFactory):
    class Meta:
        model = Honour

    kind = Honour.Kind.AWARD
    year = 2019
    category = "优秀科学家"
    name = factory.Sequence(lambda n: f"获奖者{n}")
    affiliation = "重庆大学"
