"""`yingcai demo --reset` deletes everything: never without a yes, never by accident in
production."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from yingcai.accounts.models import User

from ..factories import UserFactory


class Terminal(io.StringIO):
    def isatty(self):
        return True


def reset(*extra):
    with translation.override("en"):
        call_command("demo", "--scale", "0.01", "--reset", *extra, stdout=StringIO())


@pytest.mark.django_db
def test_reset_without_a_yes_where_no_one_can_answer_deletes_nothing(monkeypatch):
    someone = UserFactory()
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    with pytest.raises(CommandError, match="add --yes"):
        reset()
    assert User.objects.filter(pk=someone.pk).exists()


@pytest.mark.django_db
def test_reset_asks_and_a_no_deletes_nothing(monkeypatch, capsys):
    someone = UserFactory()
    monkeypatch.setattr("sys.stdin", Terminal("no\n"))
    with pytest.raises(CommandError, match="Nothing was deleted"):
        reset()
    assert "Type “yes” to continue" in capsys.readouterr().out
    assert User.objects.filter(pk=someone.pk).exists()


@pytest.mark.django_db
def test_reset_refuses_on_a_production_set_up_even_with_a_yes(settings):
    someone = UserFactory()
    settings.HTTPS = True
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-production"):
        reset("--yes")
    assert User.objects.filter(pk=someone.pk).exists()


@pytest.mark.django_db
def test_the_refusal_is_translated(settings):
    settings.HTTPS = True
    with translation.override("zh-hans"), pytest.raises(CommandError) as refused:
        call_command("demo", "--reset", "--yes", stdout=StringIO())
    assert "生产" in str(refused.value)
