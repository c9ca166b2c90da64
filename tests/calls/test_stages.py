"""A call's stages, rubrics and advancement rules: through the organisers' pages (HTTP
client) and the services; every refusal translated, nothing saved, never a 500."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from yingcai.calls.models import Advancement, Criterion, Stage
from yingcai.calls.services import assignment
from yingcai.calls.services import stages as services
from yingcai.core.models import AuditEntry
from yingcai.core.rules import STAFF_MODERATOR, STAFF_VERIFIER

from ..factories import StaffFactory, UserFactory
from ..talents.helpers import en, zh
from .factories import (
    AssignmentFactory,
    CallFactory,
    CriterionFactory,
    DivisionFactory,
    EntryFactory,
    StageFactory,
    contest_call,
)
from .test_calls_views import formset_post


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def stage_post(**changes):
    data = {
        "name_zh_hans": "初赛",
        "name_en": "Preliminary round",
        "slug": "preliminary",
        "kind": "review",
        "method": "",
        "scoring_closes_at": "2026-12-20T18:00",
        "starts_at": "",
        "venue_zh_hans": "",
        "venue_en": "",
        "accept_count": "",
        "wildcards": "",
        "place": "",
    }
    data.update(changes)
    return data


def criterion_row(**changes):
    row = {
        "name_zh_hans": "创新性",
        "name_en": "Innovation",
        "help_zh_hans": "",
        "help_en": "",
        "weight": "2",
        "min_score": "0",
        "max_score": "10",
        "position": "1",
    }
    row.update(changes)
    return row


def test_an_editor_sets_stages_rubric_and_advancement(client, editor):
    call = CallFactory(kind="contest")
    north, south = DivisionFactory(call=call, position=1), DivisionFactory(call=call, position=2)
    client.force_login(editor)
    detail = client.get(en("orga_calls:call", call.pk)).content.decode()
    assert en("orga_stages:stages", call.pk) in detail
    assert en("orga_review:index", call.pk) in detail and en("orga_live:stages", call.pk) in detail
    assert client.get(en("orga_stages:create", call.pk)).status_code == 200

    response = client.post(en("orga_stages:create", call.pk), stage_post(per_division="on"))
    assert response.status_code == 302, response.content.decode()
    first = Stage.objects.get(call=call)
    assert (first.method, first.status, first.position, first.per_division) == (
        "zscore",
        "planned",
        1,
        True,
    )
    response = client.post(
        en("orga_stages:create", call.pk),
        stage_post(
            name_zh_hans="决赛",
            name_en="Final",
            slug="final",
            kind="panel",
            starts_at="2027-01-10T09:00",
            venue_zh_hans="重庆",
            accept_count="10",
        ),
    )
    assert response.status_code == 302
    final = Stage.objects.get(slug="final")
    assert (final.method, final.position, final.accept_count, final.venue_zh_hans) == (
        "trimmed",
        2,
        10,
        "重庆",
    )
    # A new stage put first: the others move down, positions stay 1…n.
    response = client.post(
        en("orga_stages:create", call.pk),
        stage_post(name_en="Warm-up", name_zh_hans="", slug="warm-up", place="1", accept_count="5"),
    )
    assert response.status_code == 302
    assert list(call.stages.order_by("position").values_list("slug", "position")) == [
        ("warm-up", 1),
        ("preliminary", 2),
        ("final", 3),
    ]

    rows = [criterion_row(), criterion_row(name_zh_hans="市场", name_en="Market", weight="1")]
    response = client.post(
        en("orga_stages:rubric", call.pk, first.pk), formset_post("criteria", rows)
    )
    assert response.status_code == 302, response.content.decode()
    assert list(first.criteria.values_list("name_en", "weight")) == [
        ("Innovation", 2),
        ("Market", 1),
    ]

    response = client.post(
        en("orga_stages:advancement", call.pk, first.pk),
        {f"division_{north.pk}": "8", f"division_{south.pk}": "6", "wildcards": "3"},
    )
    assert response.status_code == 302, response.content.decode()
    first.refresh_from_db()
    assert first.wildcards == 3
    assert dict(Advancement.objects.values_list("division_id", "top_n")) == {
        north.pk: 8,
        south.pk: 6,
    }
    page = client.get(en("orga_stages:stages", call.pk)).content.decode()
    assert "Innovation" in page and "3 wildcards" in page and "zscore" not in page
    # Ranked overall instead: the divisions' places go, the wildcards too.
    response = client.post(
        en("orga_stages:change", call.pk, first.pk), stage_post(accept_count="12")
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.per_division, first.wildcards, first.accept_count) == (False, 0, 12)
    assert not Advancement.objects.exists()

    response = client.post(en("orga_stages:delete", call.pk, final.pk))
    assert response.status_code == 302 and not Stage.objects.filter(pk=final.pk).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "calls_stage.created",
        "calls_stage.rubric_changed",
        "calls_stage.advancement_changed",
        "calls_stage.deleted",
    } <= actions


def test_the_stages_page_in_chinese_and_with_bounded_queries(
    client, editor, django_assert_max_num_queries
):
    call = contest_call()
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(zh("orga_stages:stages", call.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "阶段与评分标准" in page
    assert "zscore" not in page and "planned" not in page
    response = client.get(zh("orga_stages:create", call.pk))
    assert "在各阶段中的顺序" in response.content.decode()
    many = contest_call()
    for n in range(8):
        stage = StageFactory(call=many, status="planned", per_division=True)
        CriterionFactory(stage=stage)
        Advancement.objects.create(stage=stage, division=many.divisions.first(), top_n=n)
    with django_assert_max_num_queries(12):
        assert client.get(en("orga_stages:stages", many.pk)).status_code == 200


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name_zh_hans": "", "name_en": ""}, "name_zh_hans"),
        ({"name_en": "Final\x00"}, "name_en"),
        ({"venue_zh_hans": "重庆\x00"}, "venue_zh_hans"),
        ({"kind": "party"}, "kind"),
        ({"method": "median"}, "method"),
        ({"accept_count": "0"}, "accept_count"),
        ({"accept_count": "-3"}, "accept_count"),
        ({"accept_count": "many"}, "accept_count"),
        ({"per_division": "on", "wildcards": "1000"}, "wildcards"),
        ({"place": "0"}, "place"),
        ({"scoring_closes_at": "2026-13-45T99:00"}, "scoring_closes_at"),
        ({"slug": "no spaces"}, "slug"),
    ],
)
def test_a_bad_stage_is_refused_in_words(client, editor, changes, field):
    call = CallFactory()
    client.force_login(editor)
    response = client.post(en("orga_stages:create", call.pk), stage_post(**changes))
    assert response.status_code == 400
    if "\x00" in "".join(changes.values()):
        # The middleware answers any NUL byte in words before the view; the service too.
        assert "NUL" in response.content.decode()
    else:
        assert response.context["form"].errors[field]
    assert not Stage.objects.exists()


def test_the_stage_service_refuses_a_nul_byte(editor):
    call = CallFactory()
    with pytest.raises(ValidationError) as refused:
        services.save_stage(
            editor, call, Stage(name_en="Final\x00", slug="final", kind="panel", accept_count=3)
        )
    assert "not allowed" in str(refused.value)
    assert not Stage.objects.exists()


def test_a_second_stage_with_the_same_short_name_is_refused(client, editor):
    stage = StageFactory(status="planned", slug="final")
    client.force_login(editor)
    response = client.post(
        en("orga_stages:create", stage.call.pk), stage_post(slug="final", accept_count="3")
    )
    assert response.status_code == 400
    assert "Another stage of this call has this short name." in response.content.decode()
    assert Stage.objects.count() == 1


def test_what_decides_the_scoring_is_fixed_once_it_opened(client, editor):
    stage = StageFactory(status="scoring", kind="review", method="zscore")
    CriterionFactory(stage=stage, name_en="Innovation")
    client.force_login(editor)
    # The page shows them disabled; a forged post is answered in words by the service.
    with pytest.raises(ValidationError) as refused:
        stage.method = "mean"
        services.save_stage(editor, stage.call, stage)
    assert "the scoring of this stage has opened" in str(refused.value)
    stage.refresh_from_db()
    assert stage.method == "zscore"
    # Its name and dates may still change.
    response = client.post(
        en("orga_stages:change", stage.call.pk, stage.pk),
        stage_post(slug=stage.slug, kind="panel", method="mean", name_en="Online review"),
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.kind, stage.method, stage.name_en) == ("review", "zscore", "Online review")

    rows = [criterion_row(name_en="Changed")]
    response = client.post(
        en("orga_stages:rubric", stage.call.pk, stage.pk),
        formset_post("criteria", rows),
    )
    assert response.status_code == 400
    assert "The rubric can no longer change" in response.content.decode()
    assert list(stage.criteria.values_list("name_en", flat=True)) == ["Innovation"]

    response = client.post(en("orga_stages:delete", stage.call.pk, stage.pk), follow=True)
    assert "can no longer be deleted" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_a_stage_cannot_be_put_before_one_that_opened(editor):
    opened = StageFactory(status="scoring", position=1)
    with pytest.raises(ValidationError) as refused:
        services.save_stage(
            editor,
            opened.call,
            Stage(name_en="Early", slug="early", kind="review", accept_count=3),
            position=1,
        )
    assert "keeps its place" in str(refused.value)
    later = services.save_stage(
        editor,
        opened.call,
        Stage(name_en="Later", slug="later", kind="panel", accept_count=3),
        position=1 + 5,
    )
    assert (later.position, later.status) == (2, "planned")


def test_a_planned_stage_with_assignments_is_not_deleted(client, editor):
    stage = StageFactory(status="planned")
    AssignmentFactory(stage=stage)
    client.force_login(editor)
    response = client.post(en("orga_stages:delete", stage.call.pk, stage.pk), follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Stage.objects.filter(pk=stage.pk).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"weight": "0"},
        {"weight": "-1"},
        {"weight": "abc"},
        {"min_score": "10", "max_score": "10"},
        {"min_score": "8", "max_score": "2"},
        {"max_score": "100000"},
        {"name_en": "Innovation\x00"},
        {"name_zh_hans": "", "name_en": ""},
    ],
)
def test_a_bad_criterion_is_refused(client, editor, changes):
    stage = StageFactory(status="planned")
    client.force_login(editor)
    response = client.post(
        en("orga_stages:rubric", stage.call.pk, stage.pk),
        formset_post("criteria", [criterion_row(**changes)]),
    )
    assert response.status_code == 400
    assert not Criterion.objects.exists()


def test_the_rubric_service_checks_again(editor):
    stage = StageFactory(status="planned")
    with pytest.raises(ValidationError):
        services.save_rubric(
            editor, stage, [Criterion(stage=stage, name_en="X", weight=0, max_score=5)], []
        )
    with pytest.raises(ValidationError):
        services.save_rubric(
            editor, stage, [Criterion(stage=stage, name_en="X", min_score=5, max_score=5)], []
        )
    assert not Criterion.objects.exists()


def test_advancement_refusals(client, editor):
    call = contest_call()
    stage = StageFactory(call=call, status="planned", per_division=True, slug="semi")
    division = call.divisions.first()
    client.force_login(editor)
    for value in ("-1", "1000", "x"):
        response = client.post(
            en("orga_stages:advancement", call.pk, stage.pk),
            {f"division_{division.pk}": value, "wildcards": "0"},
        )
        assert response.status_code == 400
    other = DivisionFactory()
    with pytest.raises(ValidationError):
        services.set_advancement(editor, stage, {other.pk: 3}, 0)
    overall = StageFactory(call=call, status="planned", per_division=False, slug="overall")
    with pytest.raises(ValidationError) as refused:
        services.set_advancement(editor, overall, {division.pk: 3}, 0)
    assert "not per division" in str(refused.value)
    decided = StageFactory(call=call, status="decided", per_division=True, slug="decided")
    with pytest.raises(ValidationError) as refused:
        services.set_advancement(editor, decided, {division.pk: 3}, 0)
    assert "decided" in str(refused.value)
    assert not Advancement.objects.filter(stage__in=[stage, overall, decided]).exists()


@pytest.mark.parametrize("role", ["moderator", "verifier", "talent", "plain_staff"])
def test_only_an_editor_sets_stages(db, client, role):
    user = {
        "moderator": lambda: StaffFactory(roles=[STAFF_MODERATOR]),
        "verifier": lambda: StaffFactory(roles=[STAFF_VERIFIER]),
        "talent": UserFactory,
        "plain_staff": lambda: StaffFactory(roles=[]),
    }[role]()
    stage = StageFactory(status="planned", per_division=True)
    call = stage.call
    client.force_login(user)
    for url in (
        en("orga_stages:stages", call.pk),
        en("orga_stages:create", call.pk),
        en("orga_stages:change", call.pk, stage.pk),
        en("orga_stages:rubric", call.pk, stage.pk),
        en("orga_stages:advancement", call.pk, stage.pk),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, stage_post()).status_code == 403
    assert client.post(en("orga_stages:delete", call.pk, stage.pk)).status_code == 403
    assert Stage.objects.filter(pk=stage.pk).exists() and Stage.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.save_stage(user, call, Stage(name_en="X", slug="x", kind="review"))
    with pytest.raises(PermissionDenied):
        services.delete_stage(user, stage)


def test_a_stage_of_another_call_is_not_found(client, editor):
    stage = StageFactory(status="planned")
    other = CallFactory()
    client.force_login(editor)
    assert client.get(en("orga_stages:change", other.pk, stage.pk)).status_code == 404
    assert client.get(en("orga_stages:rubric", other.pk, stage.pk)).status_code == 404


def test_a_stage_without_a_rubric_is_not_opened(editor):
    call = CallFactory()
    EntryFactory(call=call)
    stage = services.save_stage(
        editor, call, Stage(name_en="Review", slug="review", kind="review", accept_count=3)
    )
    with pytest.raises(ValidationError) as refused:
        assignment.open_stage(editor, stage)
    assert "rubric" in str(refused.value)
    services.save_rubric(editor, stage, [Criterion(name_en="Innovation", weight=1)], [])
    assert assignment.open_stage(editor, stage) == 1
    stage.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_rubric(editor, stage, [Criterion(name_en="Late", weight=1)], [])
    assert list(stage.criteria.values_list("name_en", flat=True)) == ["Innovation"]
