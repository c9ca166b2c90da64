import gc
import io
import json
import subprocess
import sys
from dataclasses import dataclass

import pytest

from yingcai.matching.cli import main


@dataclass
class Result:
    code: int
    stdout: bytes
    stderr: str

    @property
    def json(self):
        return json.loads(self.stdout)


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `yingcai-match` in this process: cli(["stable"], {...}) -> Result."""

    def run(argv, data=None, raw: bytes | None = None) -> Result:
        payload = raw if raw is not None else json.dumps(data).encode()
        stdout = io.BytesIO()
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(payload)))
        monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(stdout))
        try:
            code = main(argv)
        finally:
            gc.enable()
        return Result(code, stdout.getvalue(), capsys.readouterr().err)

    return run


def run_process(argv, data=None, raw: bytes | None = None, timeout=60) -> Result:
    """The installed console entry point in a real process, for end-to-end checks."""
    payload = raw if raw is not None else json.dumps(data).encode()
    done = subprocess.run(
        [sys.executable, "-m", "yingcai.matching", *argv],
        input=payload,
        capture_output=True,
        timeout=timeout,
    )
    return Result(done.returncode, done.stdout, done.stderr.decode())
