"""The base of Yingcai's management commands."""

from django.core.management.base import BaseCommand as DjangoBaseCommand
from django.core.management.base import CommandError  # noqa: F401 - re-exported


class BaseCommand(DjangoBaseCommand):
    """Django's command, whose `help` may be translated lazily: argparse formats the
    description as a string and fails on a lazy one (`yingcai <command> --help` was a
    traceback), so it is rendered in the active language when the parser is made."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        if self.help:
            self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
