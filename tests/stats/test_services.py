"""The statistics' services refuse on their own, whoever calls them: the press report is an
editor's, its texts are bounded, an export has a known format and a moment not in the future."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingcai.stats import services
from yingcai.stats.models import Export, PressReport

TEXTS = {"title_zh": "标题", "title_en": "Title", "body_zh": "正文", "body_en": "Text"}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["talent", "moderator", "verifier", "plain_staff"])
def test_only_editors_draft_and_edit_the_press_report(request, editor, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.draft_report(actor)
    drafted = services.draft_report(editor)
    with pytest.raises(PermissionDenied):
        services.save_report(actor, drafted, **{**TEXTS, "title_en": "Mine"})
    assert PressReport.objects.get().title_en == drafted.title_en


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title_en", "   ", "Write the English title."),
        ("body_zh", "长" * (services.MAX_BODY + 1), "The Chinese text is too long (at most 20000"),
    ],
)
def test_the_press_reports_texts_are_required_and_bounded(editor, english, field, value, message):
    drafted = services.draft_report(editor)
    with pytest.raises(ValidationError) as refusal:
        services.save_report(editor, drafted, **{**TEXTS, field: value})
    assert " ".join(refusal.value.messages).startswith(message)
    assert PressReport.objects.get().title_en == drafted.title_en


@pytest.mark.django_db
def test_an_export_needs_organiser_staff_a_known_format_and_a_past_moment(
    talent, plain_staff, english
):
    with pytest.raises(PermissionDenied):
        services.request_export(talent, "csv")
    with pytest.raises(ValidationError) as refusal:
        services.request_export(plain_staff, "pdf")
    assert refusal.value.messages[0].startswith("Unknown format: choose one of")
    with pytest.raises(ValidationError) as refusal:
        services.request_export(plain_staff, "csv", timezone.now() + timedelta(days=1))
    assert refusal.value.messages == ["The moment is in the future."]
    assert not Export.objects.exists()
