"""Both catalogues are complete, compiled, and cover every string the code marks."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "src" / "yingcai" / "locale"
LANGUAGES = ["zh_Hans", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue if not e.obsolete and (not e.translated() or e.fuzzy)]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in source:
        if entry.obsolete or entry.msgid_plural or entry.msgctxt:
            continue
        assert compiled.gettext(entry.msgid) == entry.msgstr, (
            f"django.mo is stale for {entry.msgid!r}: run `make messages`"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_marked_string_is_in_the_catalogue(tmp_path):
    """makemessages on a copy of the sources finds nothing the catalogue lacks."""
    source = Path(__file__).resolve().parent.parent / "src" / "yingcai"
    copy = tmp_path / "yingcai"
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "--locale", "zh_Hans", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(root)},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {
        (e.msgctxt, e.msgid)
        for e in polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    }
    new = sorted(e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known)
    assert not new, f"strings not in the catalogue (run `make messages`): {new[:10]}"
