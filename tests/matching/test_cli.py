"""The command line's contract, common to every subcommand."""

import subprocess
import sys

import pytest

from .conftest import run_process


def test_the_library_never_imports_django():
    code = (
        "import sys\n"
        "import yingcai.matching.cli, yingcai.matching.stable, yingcai.matching.schedule\n"
        "import yingcai.matching.recommend, yingcai.matching.contest\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", ["stable", "schedule", "recommend", "judge", "assign-judges"])
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"{not json", "is not valid JSON"),
        (b"", "is not valid JSON"),
        (b"[1, 2]", "must be a JSON object"),
        (b'{"a": 1, "a": 2}', "has a duplicate key"),
        (b'{"x": NaN}', "is not valid JSON"),
        (b"\xff\xfe", "is not valid JSON"),
    ],
)
def test_malformed_input_is_one_line_and_status_2(cli, command, raw, expected):
    result = cli([command], raw=raw)
    assert result.code == 2
    assert result.stdout == b""
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_unknown_subcommand_and_missing_file(cli, tmp_path, monkeypatch):
    result = cli(["teleport"], {})
    assert result.code == 2 and result.stdout == b""
    assert result.stderr.startswith("arguments:")
    # A relative name: the message shortens a long path (as tmp_path is under pytest-xdist).
    monkeypatch.chdir(tmp_path)
    result = cli(["judge", "--in", "nope.json"], {})
    assert result.code == 2
    assert "cannot read the file" in result.stderr and "nope.json" in result.stderr


def test_console_script_in_a_real_process():
    result = run_process(["judge"], raw=b"{oops")
    assert result.code == 2
    assert result.stdout == b""
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("command", "raw"),
    [
        (
            "judge",
            b'{"method": "mean", "scores": [{"judge": "\\ud800", "entry": "e", "score": 1}]}',
        ),
        ("assign-judges", b'{"entries": ["\\ud800"], "judges": ["j"], "per_entry": 1}'),
    ],
)
def test_text_that_is_not_unicode_is_bad_input(cli, command, raw):
    result = cli([command], raw=raw)
    assert result.code == 2
    assert result.stdout == b""
    assert "not valid Unicode" in result.stderr


def test_a_long_missing_path_is_shown_by_its_end(cli, tmp_path):
    deep = tmp_path / ("d" * 120) / "nope.json"
    result = cli(["judge", "--in", str(deep)], {})
    assert result.code == 2
    assert "nope.json" in result.stderr and "…" in result.stderr
