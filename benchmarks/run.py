"""Run every benchmark in this folder, one after the other; fails if any of them fails."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(HERE.glob("*.py")):
        # This runner, and the settings and URLs a benchmark gives its own server.
        if script.name == Path(__file__).name or script.stem.endswith(("_settings", "_urls")):
            continue
        print(f"=== {script.name}", flush=True)
        # Our own interpreter running a script of this folder.
        done = subprocess.run([sys.executable, str(script)], check=False)  # noqa: S603
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
