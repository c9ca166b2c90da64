"""Mail is plain text: what people wrote reaches the subject and the body as they wrote it."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import JobFactory
from tests.talents.helpers import application_of
from yingcai.core.mail import send_templated_mail
from yingcai.demo.words_jobs import FIELDS

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "yingcai" / "templates" / "mail"
TRICKY = 'R&D <x> "q" l\'été'
ESCAPES = ("&amp;", "&lt;", "&gt;", "&quot;", "&#x27;", "&#39;")


class Anything:
    """Whatever a mail template asks of its context (job.title, user.get_short_name,
    organisation.get_kind_display …) answers the tricky text."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        if name.endswith(("_at", "closes", "deadline", "date")):
            return timezone.make_aware(dt.datetime(2026, 5, 20, 9, 30))
        if name.endswith("days"):
            return 7
        return Anything()

    def __call__(self, *args, **kwargs):
        return Anything()

    def __iter__(self):
        return iter([Anything()])

    def __str__(self):
        return TRICKY


def _names():
    return sorted(p.name.removesuffix("_subject.txt") for p in TEMPLATES.glob("*_subject.txt"))


def test_every_mail_template_is_covered():
    assert len(_names()) >= 20
    for name in _names():
        assert (TEMPLATES / f"{name}_body.txt").exists(), name


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", _names())
def test_subjects_and_bodies_are_plain_text(
    name, language, mailoutbox, django_capture_on_commit_callbacks
):
    context = {
        key: Anything()
        for key in (
            "user", "job", "organisation", "application", "interview", "invitation", "token",
            "message", "reply", "report", "round", "post", "round_", "stage", "slot", "slots",
            "reason", "note", "name", "title", "url", "link", "site", "posts",
            "project", "demand", "session", "meeting", "interest", "other", "me",
            "inviter", "request", "status", "start", "date", "venue", "number", "priority",
            "previous", "kind", "a", "b", "from_project", "with", "participant",
            "call", "next_stage", "decision", "wildcard", "appeal",
        )
    }  # fmt: skip
    # A docking agenda lists (meeting, the other side) pairs.
    context["meetings"] = [(Anything(), Anything())]
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail("someone@example.com", name, context, language=language)
    (mail,) = mailoutbox
    for escape in ESCAPES:
        assert escape not in mail.subject, (name, mail.subject)
        assert escape not in mail.body, (name, mail.body)
    if "{{" in (TEMPLATES / f"{name}_subject.txt").read_text():
        assert TRICKY in mail.subject, (name, mail.subject)
    assert "\n" not in mail.subject


@pytest.mark.django_db
def test_a_demo_job_title_reaches_the_subject_as_written(
    talent, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    """The demo's job titles ("Hardware R&D Engineer") through the real service that mails."""

    titles = [en for words in FIELDS.values() for _zh, en in words.titles if "&" in en]
    assert titles
    job = JobFactory(organisation=organisation, title=titles[0])
    talent.language = "en"
    talent.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        application_of(talent, job)
    assert mailoutbox
    assert all("&amp;" not in mail.subject + mail.body for mail in mailoutbox)
    assert any(titles[0] in mail.subject for mail in mailoutbox)
