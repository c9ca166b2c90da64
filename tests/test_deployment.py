"""The project as an operator runs it: production settings, the console script, Redis workers."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parent.parent
YINGCAI = [sys.executable, "-m", "yingcai.manage"]


def run(args, cwd, env, timeout=120):
    return subprocess.run(
        [*YINGCAI, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def production_env(tmp_path, **extra):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "HTTPS", "DEBUG")
    }
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="yingcai.example.cn",
        YINGCAI_VAR_DIR=str(tmp_path / "var"),
        NODE_MODULES=str(ROOT / "node_modules"),
        DJANGO_SETTINGS_MODULE="yingcai.settings",
    )
    env.update(extra)
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    result = run(
        ["check", "--deploy", "--fail-level", "WARNING"], tmp_path, production_env(tmp_path)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_https_refuses_to_start_with_one_line(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = run(["check"], tmp_path, env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "yingcai: SECRET_KEY is not set: with HTTPS on (production) it must be "
        "(docs/operations.md)."
    ]
    assert not (tmp_path / "var" / "secret_key").exists()


def test_secret_key_is_generated_once_into_var_for_a_plain_http_demo(tmp_path):
    env = production_env(tmp_path, HTTPS="0")
    del env["SECRET_KEY"]
    script = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = run(["shell", "--no-imports", "-c", script], tmp_path, env)
    second = run(["shell", "--no-imports", "-c", script], tmp_path, env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) > 50
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_default_database_and_mail_live_under_var(tmp_path):
    env = production_env(tmp_path)
    env.pop("DATABASE_URL", None)
    env.pop("EMAIL_URL", None)
    script = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['NAME']);print(settings.EMAIL_FILE_PATH);"
        "print(settings.EMAIL_BACKEND)"
    )
    result = run(["shell", "--no-imports", "-c", script], tmp_path, env)
    database, mail, backend = result.stdout.split()
    assert database == str(tmp_path / "var" / "yingcai.sqlite3")
    assert mail == str(tmp_path / "var" / "mail")
    # Files of mail hold password-reset links: written 0600 (tests/core/test_files.py).
    assert backend == "yingcai.core.mail.PrivateFileEmailBackend"


def _redis_url():
    url = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


@pytest.mark.skipif(_redis_url() is None, reason="Redis is not running on 127.0.0.1:6379")
def test_mail_goes_through_a_redis_worker(tmp_path):
    """With REDIS_URL the task API queues work in Redis; `yingcai rqworker` runs it."""
    url = _redis_url()
    env = production_env(tmp_path, REDIS_URL=url, HTTPS="0")
    subject = f"worker test {uuid.uuid4()}"
    enqueue = (
        "from yingcai.core.tasks import send_email;"
        f"r = send_email.enqueue(subject={subject!r}, body='hello', to=['a@example.com'],"
        " from_email='noreply@example.com');"
        "print(r.status)"
    )
    result = run(["shell", "--no-imports", "-c", enqueue], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert "READY" in result.stdout  # queued, not run in-process
    mail_dir = tmp_path / "var" / "mail"
    assert not mail_dir.exists() or not any(mail_dir.iterdir())
    worker = run(
        ["rqworker", "--burst", "--job-class", "django_tasks_rq.Job", "mail"], tmp_path, env
    )
    assert worker.returncode == 0, worker.stderr
    deadline = time.time() + 10
    while time.time() < deadline and not (mail_dir.exists() and any(mail_dir.iterdir())):
        time.sleep(0.1)
    sent = "".join(p.read_text() for p in mail_dir.iterdir())
    assert subject in sent


def test_no_var_directory_is_created_or_read_in_the_current_directory(tmp_path):
    """A command started in another folder (src/yingcai for makemessages, a cron job's cd)
    neither scatters a var/ there nor signs anything with a stray key lying in it."""
    here = tmp_path / "elsewhere"
    (here / "var").mkdir(parents=True)
    (here / "var" / "secret_key").write_text("a-key-anyone-could-read")
    other = tmp_path / "clean"
    other.mkdir()
    env = production_env(tmp_path, HTTPS="0")
    del env["SECRET_KEY"]
    script = "from django.conf import settings; print(settings.SECRET_KEY, settings.VAR_DIR)"
    for cwd in (here, other):
        result = run(["shell", "--no-imports", "-c", script], cwd, env)
        assert result.returncode == 0, result.stderr
        key, var = result.stdout.split()
        assert key != "a-key-anyone-could-read"
        assert var == str(tmp_path / "var")
    assert not (other / "var").exists()


def test_source_checkout_defaults_to_its_own_var_not_the_current_directory(tmp_path):
    env = production_env(tmp_path, HTTPS="0")
    del env["YINGCAI_VAR_DIR"]
    env["SECRET_KEY"] = "x" * 60
    script = "from django.conf import settings; print(settings.VAR_DIR)"
    result = run(["shell", "--no-imports", "-c", script], tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(ROOT / "var")
    assert not (tmp_path / "var").exists()


def test_no_file_under_a_var_directory_is_tracked_by_git():
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    tracked = [p for p in listed if "var" in Path(p).parts[:-1]]
    assert tracked == []


LOGIN_SCRIPT = """
from django.test import Client
client = Client()
wrong = {"login": "wang@example.com", "password": "wrong"}
answers = [client.post("/en/accounts/login/", wrong).status_code for _ in range(5)]
print(" ".join(map(str, answers)))
"""

API_SCRIPT = """
from django.test import Client, override_settings
with override_settings(API_RATE_PER_IP="6/d"):
    client = Client()
    print(sum(client.get("/api/health").status_code == 200 for _ in range(10)))
"""


def test_limits_hold_across_processes_on_the_embedded_default(tmp_path):
    """Without Redis the cache is the database's: the lock-out and the rate limits count the
    requests of every web process together (a per-process cache gave each worker a budget)."""
    env = production_env(
        tmp_path,
        HTTPS="0",
        ALLOWED_HOSTS="testserver",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    for name in ("REDIS_URL", "DATABASE_URL"):
        env.pop(name, None)
    migrated = run(["migrate", "--no-input", "-v0"], tmp_path, env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr  # creates the cache table too
    made = run(
        [
            "shell",
            "--no-imports",
            "-c",
            "from yingcai.accounts.models import User;"
            "User.objects.create_user('wang@example.com', 'Right-password-123')",
        ],
        tmp_path,
        env,
    )
    assert made.returncode == 0, made.stderr

    def together(script):
        processes = [
            subprocess.Popen(
                [*YINGCAI, "shell", "--no-imports", "-c", script],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=120) for p in processes]
        assert all(p.returncode == 0 for p in processes), outputs
        return [out for out, _err in outputs]

    statuses = " ".join(together(LOGIN_SCRIPT)).split()
    # Five failures allowed for the account in all, whichever process counted them.
    assert statuses.count("200") == 5, statuses
    assert statuses.count("429") == 5, statuses
    assert sum(int(out) for out in together(API_SCRIPT)) == 6


def test_hsts_covers_only_this_host_unless_the_operator_opts_in(tmp_path):
    script = (
        "from django.conf import settings;"
        "print(settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
        " settings.SECURE_HSTS_PRELOAD)"
    )
    default = run(["shell", "--no-imports", "-c", script], tmp_path, production_env(tmp_path))
    assert default.stdout.split() == ["31536000", "False", "False"], default.stderr
    opted_in = run(
        ["shell", "--no-imports", "-c", script],
        tmp_path,
        production_env(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"),
    )
    assert opted_in.stdout.split() == ["31536000", "True", "True"], opted_in.stderr
    checked = run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        tmp_path,
        production_env(tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"),
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _embedded_env(tmp_path):
    """The embedded default: SQLite under var/, no Redis, plain HTTP on the loopback."""
    env = production_env(
        tmp_path,
        HTTPS="0",
        STATICFILES_STORAGE="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    for name in ("REDIS_URL", "DATABASE_URL", "EMAIL_URL"):
        env.pop(name, None)
    return env


def _queue_mail(subject, tmp_path, env):
    enqueue = (
        "from yingcai.core.tasks import send_email;"
        f"r = send_email.enqueue(subject={subject!r}, body='hello', to=['a@example.com'],"
        " from_email='noreply@example.com');"
        "print(r.status)"
    )
    result = run(["shell", "--no-imports", "-c", enqueue], tmp_path, env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _wait_for_mail(mail_dir, subject, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if mail_dir.exists() and any(subject in p.read_text() for p in mail_dir.iterdir()):
            return True
        time.sleep(0.2)
    return False


def test_without_redis_tasks_wait_in_the_database_for_yingcai_db_worker(tmp_path):
    """The embedded default queues work in its own database; nothing runs in the process
    that queued it, and `yingcai db_worker` (started by `make demo`) runs it."""
    env = _embedded_env(tmp_path)
    migrated = run(["migrate", "--no-input", "-v0"], tmp_path, env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    subject = f"worker test {uuid.uuid4()}"
    assert "READY" in _queue_mail(subject, tmp_path, env)  # queued, not run in-process
    mail_dir = tmp_path / "var" / "mail"
    assert not mail_dir.exists() or not any(mail_dir.iterdir())
    worker = run(
        ["db_worker", "--batch", "--no-startup-delay", "--queue-name", "default,mail"],
        tmp_path,
        env,
    )
    assert worker.returncode == 0, worker.stderr
    assert _wait_for_mail(mail_dir, subject, seconds=1)


def test_yingcai_serve_runs_the_web_server_and_the_worker_and_stops_both(tmp_path):
    """`make demo` runs `yingcai serve`: web and worker side by side, both gone on SIGTERM
    (Ctrl-C reaches them as the terminal's process group)."""

    env = {**_embedded_env(tmp_path), "ALLOWED_HOSTS": "127.0.0.1"}
    migrated = run(["migrate", "--no-input", "-v0"], tmp_path, env, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = subprocess.Popen(
        [*YINGCAI, "serve", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline, status = time.time() + 60, None
        while time.time() < deadline and status != 200:
            try:
                with direct.open(f"http://127.0.0.1:{port}/api/health", timeout=5) as answer:
                    status = answer.status
            except OSError:
                time.sleep(0.3)
        assert status == 200
        children = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _parent_of(p) == serve.pid
        ]
        assert len(children) == 2  # runserver and db_worker
        subject = f"served {uuid.uuid4()}"
        _queue_mail(subject, tmp_path, env)
        assert _wait_for_mail(tmp_path / "var" / "mail", subject)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
    time.sleep(0.5)
    assert [pid for pid in children if Path(f"/proc/{pid}").exists()] == []


def _parent_of(proc: Path) -> int | None:
    try:
        # /proc/PID/stat: "pid (name) state ppid …"; the name may hold spaces.
        return int(proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
