"""Roadshow rows for the tests: a roadshow call with its selected entries (a confirmed accept
in the last stage, as the decisions' services would leave it), a session, pitches."""

from datetime import timedelta

from django.utils import timezone

from yingcai.calls.models import Decision
from yingcai.roadshow.models import Pitch, RoadshowSession

from ..calls.factories import EntryFactory, roadshow_call
from ..factories import ProjectFactory


def selected(call, project=None, *, confirmed=True, outcome="accept", **project_fields):
    """An entry of the call with a decision in its last stage (confirmed accept by default)."""
    project = project or ProjectFactory(**project_fields)
    entry = EntryFactory(call=call, project=project)
    stage = call.stages.order_by("-position").first()
    Decision.objects.create(
        stage=stage,
        entry=entry,
        proposed="accept",
        outcome=outcome,
        confirmed_at=timezone.now() if confirmed else None,
    )
    return entry


def roadshow(selected_count=3, **call_fields):
    """A published roadshow call and `selected_count` selected entries."""
    call = roadshow_call(**call_fields)
    entries = [selected(call) for _ in range(selected_count)]
    return call, entries


def session(call, starts_at=None, **fields) -> RoadshowSession:
    return RoadshowSession.objects.create(
        call=call,
        title_zh_hans=fields.pop("title", "海内外项目路演 第一场"),
        title_en=fields.pop("title_en", "Roadshow, first session"),
        venue_zh_hans="重庆国际博览中心 S2",
        venue_en="Chongqing International Expo Center, S2",
        starts_at=starts_at or timezone.now() + timedelta(days=7),
        online_url=fields.pop("online_url", "https://meeting.example.cn/roadshow-1"),
        **fields,
    )


def pitch(the_session, entry, order=1, **fields) -> Pitch:
    return Pitch.objects.create(
        session=the_session,
        entry=entry,
        order=order,
        starts_at=the_session.starts_at + timedelta(minutes=12 * (order - 1)),
        **fields,
    )
