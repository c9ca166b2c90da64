"""The organisers' calls over HTTP: a call created, its questions, documents, tracks and
divisions edited through formsets, published; its entries filtered with a bounded number of
queries and exported to Excel in words, never codes; bad input answers 400, never a 500."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from yingcai.calls.models import Call, Entry, Track
from yingcai.core.models import DisciplineField

from ..factories import ProjectFactory
from ..talents.helpers import en
from .entries_helpers import open_call
from .factories import DivisionFactory, TrackFactory


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def call_post(**changes):
    now = timezone.localtime()
    data = {
        "title_zh_hans": "“英才杯”创新创业创意大赛",
        "title_en": "Talents Cup",
        "slug": "talents-cup",
        "kind": "contest",
        "description_zh_hans": "大赛说明",
        "description_en": "",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
        "reviewers_per_entry": "5",
        "max_lead_age": "45",
        "stages": ["idea", "prototype"],
        "origins": ["domestic"],
    }
    data.update(changes)
    return data


def formset_post(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def test_an_editor_opens_a_call_and_publishes_it(client, editor):
    client.force_login(editor)
    assert client.get(en("orga_calls:calls")).status_code == 200
    assert client.get(en("orga_calls:create")).status_code == 200
    response = client.post(en("orga_calls:create"), call_post())
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == en("orga_calls:call", call.pk)
    assert call.eligibility == {
        "max_lead_age": 45,
        "stages": ["idea", "prototype"],
        "origins": ["domestic"],
    }
    assert not call.is_published
    questions = [
        {
            "key": "team-size",
            "label_zh": "团队人数",
            "label_en": "Team size",
            "kind": "number",
            "required": "on",
        },
        {
            "key": "round",
            "label_zh": "融资阶段",
            "label_en": "",
            "kind": "choice",
            "choices": "天使轮\nA轮",
        },
        {"key": "", "label_zh": "", "label_en": "", "kind": "text"},
    ]
    response = client.post(
        en("orga_calls:questions", call.pk), formset_post("questions", questions)
    )
    assert response.status_code == 302, response.content.decode()
    call.refresh_from_db()
    assert call.questions == [
        {
            "key": "team-size",
            "label_zh": "团队人数",
            "label_en": "Team size",
            "required": True,
            "kind": "number",
        },
        {
            "key": "round",
            "label_zh": "融资阶段",
            "label_en": "",
            "required": False,
            "kind": "choice",
            "choices": ["天使轮", "A轮"],
        },
    ]
    documents = [
        {"key": "plan", "label_zh": "商业计划书", "label_en": "Business plan", "required": "on"}
    ]
    assert (
        client.post(
            en("orga_calls:documents", call.pk), formset_post("documents", documents)
        ).status_code
        == 302
    )
    tracks = [
        {"slug": "innovation", "name_zh_hans": "创新", "name_en": "Innovation", "position": "1"}
    ]
    assert (
        client.post(en("orga_calls:tracks", call.pk), formset_post("tracks", tracks)).status_code
        == 302
    )
    divisions = [
        {
            "slug": "shanghai",
            "name_zh_hans": "上海赛区",
            "name_en": "Shanghai",
            "city_zh_hans": "上海",
            "position": "1",
        }
    ]
    assert (
        client.post(
            en("orga_calls:divisions", call.pk), formset_post("divisions", divisions)
        ).status_code
        == 302
    )
    assert client.get(en("orga_calls:questions", call.pk)).status_code == 200
    assert client.get(en("orga_calls:tracks", call.pk)).status_code == 200
    page = client.get(en("orga_calls:call", call.pk)).content.decode()
    assert "Team size" in page and "Innovation" in page and "Shanghai" in page
    assert client.post(en("orga_calls:publish", call.pk)).status_code == 302
    call.refresh_from_db()
    assert call.is_published and call.documents[0]["required"] is True
    assert Track.objects.get(call=call).name_en == "Innovation"
    public = client.get(en("calls:call", call.pk)).content.decode()
    assert "at most 45 years old" in public and "Only domestic projects may enter." in public


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"title_zh_hans": "", "title_en": ""}, "Chinese, in English or both"),
        ({"closes_at": "2000-01-01T00:00"}, "close after"),
        ({"closes_at": "not a date"}, "Enter a valid date/time."),
        ({"max_lead_age": "7"}, "greater than or equal to 16"),
        ({"stages": ["moon"]}, "Select a valid choice."),
        ({"title_en": "x\x00"}, "NUL character"),
        ({"reviewers_per_entry": "99"}, "less than or equal to 20"),
        ({"kind": "party"}, "Select a valid choice."),
    ],
)
def test_bad_call_input_answers_400(client, editor, changes, words):
    client.force_login(editor)
    response = client.post(en("orga_calls:create"), call_post(**changes))
    assert response.status_code == 400, response.status_code
    assert words in response.content.decode(), re.findall(
        r'role="alert">(.*?)</div>', response.content.decode()
    )
    assert not Call.objects.exists()


def test_bad_question_rows_answer_400_and_keep_the_old_questions(client, editor):
    call = open_call()
    before = call.questions
    client.force_login(editor)
    for rows in (
        [{"key": "a", "label_zh": "甲", "kind": "choice", "choices": "only one"}],
        [
            {"key": "a", "label_zh": "甲", "kind": "text"},
            {"key": "a", "label_zh": "乙", "kind": "text"},
        ],
        [{"key": "a", "label_zh": "", "label_en": "", "kind": "text"}],
        [{"key": "A B", "label_zh": "甲", "kind": "text"}],
        [{"key": "a", "label_zh": "甲", "kind": "essay"}],
    ):
        response = client.post(en("orga_calls:questions", call.pk), formset_post("questions", rows))
        assert response.status_code == 400, rows
    call.refresh_from_db()
    assert call.questions == before


def test_a_talent_and_a_verifier_cannot_open_the_organisers_pages(client, talent, verifier):
    call = open_call()
    for person in (talent, verifier):
        client.force_login(person)
        for url in (
            en("orga_calls:calls"),
            en("orga_calls:call", call.pk),
            en("orga_calls:entries", call.pk),
            en("orga_calls:export", call.pk),
        ):
            assert client.get(url).status_code == 403, url
        assert client.post(en("orga_calls:publish", call.pk)).status_code == 403


def entries_world():
    call = open_call(
        questions=[
            {
                "key": "size",
                "label_zh": "团队人数",
                "label_en": "Team size",
                "kind": "number",
                "required": False,
            }
        ]
    )
    innovation = TrackFactory(
        call=call, slug="innovation", name_zh_hans="创新", name_en="Innovation"
    )
    creativity = TrackFactory(
        call=call, slug="creativity", name_zh_hans="创意", name_en="Creativity"
    )
    shanghai = DivisionFactory(
        call=call, slug="shanghai", name_zh_hans="上海赛区", name_en="Shanghai"
    )
    other_field = DisciplineField.objects.exclude(slug="electronic-information").first()
    for index in range(12):
        project = ProjectFactory(
            origin="overseas" if index % 3 == 0 else "domestic",
            country="Germany" if index % 3 == 0 else "",
            stage="idea" if index % 2 else "prototype",
            field=other_field
            if index % 4 == 0
            else DisciplineField.objects.get(slug="electronic-information"),
        )
        Entry.objects.create(
            call=call,
            project=project,
            track=innovation if index % 2 else creativity,
            division=shanghai,
            status="submitted" if index < 9 else "draft",
            answers={"size": index},
            submitted_at=timezone.now() if index < 9 else None,
            first_submitted_at=timezone.now() if index < 9 else None,
        )
    return call, innovation, other_field


def test_the_entries_filter_with_a_bounded_number_of_queries(
    client, editor, django_assert_max_num_queries
):
    call, innovation, other_field = entries_world()
    client.force_login(editor)
    url = en("orga_calls:entries", call.pk)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200 and page.content.decode().count('data-testid="orga-entry"') == 12

    def count(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return response.content.decode().count('data-testid="orga-entry"')

    assert count(track=innovation.pk) == 6
    assert count(status="draft") == 3
    assert count(origin="overseas") == 4
    assert count(stage="idea") == 6
    assert count(field=other_field.slug) == 3
    assert count(origin="overseas", status="submitted") == 3
    # A bad value drops its own filter, never the page.
    assert client.get(url, {"track": "abc", "status": "nope", "field": "moon"}).status_code == 200
    assert count(track="abc", status="nope", field="moon") == 12


def test_the_export_holds_labels_not_codes(client, editor):
    call, innovation, _other = entries_world()
    client.force_login(editor)
    with translation.override("zh-hans"):
        url = reverse("orga_calls:export", args=[call.pk])
    response = client.get(url, {"track": innovation.pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("编号 / Number", "项目 / Project", "学科领域 / Discipline field")
    assert "团队人数 / Team size" in rows[0]
    assert len(rows) == 1 + 6
    cells = {str(c) for row in rows[1:] for c in row if c is not None}
    assert {"创新", "上海赛区", "电子信息"} <= cells
    codes = {"innovation", "shanghai", "submitted", "draft", "overseas", "domestic", "idea"}
    assert not cells & (codes | {"electronic-information"})
