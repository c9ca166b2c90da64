"""The `yingcai` console script: Django's manage.py for this project."""

import os
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings, to refuse before anything runs
    except ImproperlyConfigured as error:
        # A configuration mistake is the operator's to fix: one line, no traceback.
        sys.exit(f"yingcai: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
