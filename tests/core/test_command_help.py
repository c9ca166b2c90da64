"""`yingcai <command> --help` answers every command of ours in both languages."""

import pytest
from django.core.management import get_commands, load_command_class
from django.utils import translation

OURS = sorted(name for name, app in get_commands().items() if app.startswith("yingcai."))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", OURS)
def test_the_help_of_every_command_is_printed(name, language, capsys):
    command = load_command_class(get_commands()[name], name)
    with translation.override(language), pytest.raises(SystemExit) as stop:
        command.run_from_argv(["yingcai", name, "--help"])
    assert stop.value.code == 0
    assert "usage: yingcai " + name in capsys.readouterr().out


def test_our_commands_are_found():
    assert {"demo", "stats", "send_guest_reminders"} <= set(OURS)
