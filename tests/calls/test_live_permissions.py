"""The live panels' part of the permission matrix: every rule against every actor."""

import pytest
from django.contrib.auth.models import AnonymousUser

from yingcai.calls.models import Assignment, Conflict, Stage
from yingcai.calls.services import panels
from yingcai.core.rules import STAFF_ADMIN, STAFF_EDITOR, STAFF_MODERATOR, can

from ..factories import StaffFactory, UserFactory
from .factories import ReviewerFactory
from .test_panels import final_panel, semi_final

ACTORS = [
    "anonymous",
    "talent",
    "judge",
    "other_judge",
    "reviewer_off_panel",
    "team_member",
    "moderator",
    "editor",
    "staff_admin",
]
EDITORS = {"editor", "staff_admin"}

RULES = [
    ("calls.seat_panel_judge", "planned", EDITORS),
    ("calls.seat_panel_judge", "scoring", set()),
    ("calls.seat_panel_judge", "review_stage", set()),
    ("calls.order_panel", "planned", EDITORS),
    ("calls.order_panel", "scoring", EDITORS),
    ("calls.order_panel", "closed", set()),
    ("calls.open_panel", "planned", EDITORS),
    ("calls.open_panel", "scoring", set()),
    ("calls.close_panel", "scoring", EDITORS),
    ("calls.close_panel", "planned", set()),
    ("calls.judge_on_panel", "scoring", {"judge", "other_judge"}),
    ("calls.judge_on_panel", "planned", set()),
    ("calls.judge_on_panel", "assignment", {"judge"}),
    ("calls.score_live", "assignment", {"judge"}),
    ("calls.score_live", "conflicted", set()),
    ("calls.score_live", "closed_assignment", set()),
]
WITHOUT_OBJECT = {
    "calls.manage_live_panels": EDITORS,
    "calls.view_live_screen": EDITORS,
}


@pytest.fixture
def world(db):
    editor = StaffFactory(roles=[STAFF_EDITOR])
    stage, divisions, rows, judges = semi_final(divisions=2, entries=2, judges=1, seat_by=editor)
    panels.open_scoring(editor, stage)
    stage.refresh_from_db()
    judge = judges[divisions[0].pk][0]
    other_judge = judges[divisions[1].pk][0]
    row = rows[divisions[0].pk][0]
    assignment = Assignment.objects.get(stage=stage, reviewer=judge, entry=row.entry)
    conflicted = Assignment.objects.get(
        stage=stage, reviewer=judge, entry=rows[divisions[0].pk][1].entry
    )
    Conflict.objects.create(reviewer=judge, entry=conflicted.entry, source="declared")
    planned, _rows, _judges = final_panel(entries=1, judges=1)
    closed, _rows, _judges = final_panel(entries=1, judges=1, seat_by=editor)
    panels.open_scoring(editor, closed)
    panels.close_scoring(editor, closed)
    closed.refresh_from_db()
    users = {
        "anonymous": AnonymousUser(),
        "talent": UserFactory(),
        "judge": judge.user,
        "other_judge": other_judge.user,
        "reviewer_off_panel": ReviewerFactory(call=stage.call).user,
        "team_member": row.entry.project.team.first().user,
        "moderator": StaffFactory(roles=[STAFF_MODERATOR]),
        "editor": editor,
        "staff_admin": StaffFactory(roles=[STAFF_ADMIN]),
    }
    objects = {
        "planned": planned,
        "scoring": stage,
        "closed": closed,
        "review_stage": stage.call.stages.get(slug="preliminary"),
        "assignment": assignment,
        "conflicted": conflicted,
        # The judge's own assignment, as a page opened before the panel closed would hold it.
        "closed_assignment": Assignment(
            pk=assignment.pk,
            stage=Stage(pk=stage.pk, call=stage.call, kind="panel", status="closed"),
            reviewer=judge,
            entry=row.entry,
            source="panel",
        ),
    }
    return users, objects


def test_the_live_panel_rules(world):
    users, objects = world
    wrong = [
        (perm, target, name)
        for perm, target, allowed in RULES
        for name, user in users.items()
        if can(user, perm, objects[target]) is not (name in allowed)
    ]
    assert not wrong, f"(rule, object, actor) that the rules answer otherwise: {wrong}"


def test_the_live_panel_rules_without_an_object(world):
    users, _objects = world
    wrong = [
        (perm, name)
        for perm, allowed in WITHOUT_OBJECT.items()
        for name, user in users.items()
        if can(user, perm) is not (name in allowed)
    ]
    assert not wrong
