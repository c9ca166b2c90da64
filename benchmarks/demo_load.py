"""How long a full-scale demo load takes: `yingcai demo` at scale 1 into a new SQLite database.

The target is 60 s on two cores. Run with the project's Python:
`.venv/bin/python benchmarks/demo_load.py`.
"""

import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 60
ROOT = Path(__file__).resolve().parent.parent
COMMAND = ["demo", "--preset", "chongqing2020", "--scale", "1", "--seed", "1"]
COMMAND += ["--anchor", "2020-11-21"]


def yingcai(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "yingcai.manage", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # Table names come from the database's own catalogue.
        count = 'SELECT COUNT(*) FROM "{}"'.format
        counts = {t: db.execute(count(t)).fetchone()[0] for t in tables}
    return {table: n for table, n in sorted(counts.items()) if n}


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="yingcai-bench-") as var_dir:
        env = {**os.environ, "YINGCAI_VAR_DIR": var_dir, "HTTPS": "0"}
        # The real settings and SQLite, whatever the calling shell says.
        for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL"):
            env.pop(name, None)
        yingcai("migrate", "--no-input", env=env)
        started = time.perf_counter()
        result = yingcai(*COMMAND, env=env)
        seconds = time.perf_counter() - started
        counts = row_counts(Path(var_dir) / "yingcai.sqlite3")

    print(
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}"
    )
    print("command: yingcai " + " ".join(COMMAND))
    print(result.stdout.strip())
    print("rows:")
    for table, n in counts.items():
        print(f"  {table:<40} {n:>8,}")
    verdict = "PASS" if seconds <= TARGET_SECONDS else "FAIL"
    print(f"demo load: {seconds:.1f} s (target ≤ {TARGET_SECONDS} s): {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
