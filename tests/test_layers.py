"""The layers of docs/architecture.md hold, and the contract would notice a break."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = [
    sys.executable,
    "-c",
    "from importlinter.cli import lint_imports_command; lint_imports_command()",
]


def _lint(src: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LINT, "--config", str(ROOT / ".importlinter"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(src)},
        timeout=120,
    )


def test_no_app_imports_a_layer_above_it():
    result = _lint(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_upward_import_breaks_the_contract(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "*.egg-info")
    )
    with (copy / "yingcai" / "core" / "text.py").open("a") as module:
        module.write("\nfrom yingcai.jobs import models as _jobs  # an upward import\n")
    result = _lint(copy)
    assert result.returncode != 0
    assert "yingcai.core is not allowed to import yingcai.jobs" in result.stdout
