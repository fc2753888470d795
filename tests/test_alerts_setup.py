"""How the task queue is started: `make run` (a worker beside runserver, no broker server needed), docker compose
(worker, beat and a broker of their own), the sweep's schedule, and email settings read from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from celery.schedules import crontab
from django.conf import settings

from tests.alerts_helpers import wait_until
from tests.services import missing_service
from tests.test_production import COMPOSE_FILE, ENV_EXAMPLE, OPERATOR_ENV, compose_command, run_python

ROOT = Path(__file__).resolve().parent.parent


def test_make_run_starts_a_worker_with_its_beat_beside_runserver():
    recipe = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "celery -A cms worker -B" in recipe and "runserver" in recipe


def test_the_make_run_worker_delivers_through_a_folder_without_any_broker_server(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST", "CELERY", "ALERTS", "EMAIL"))},
        "DEBUG": "1",
        "SECRET_KEY": "",
        "ALLOWED_HOSTS": "",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "CELERY_BROKER_FOLDER": str(tmp_path / "broker"),
        "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / "beat"),
        "PYTHONUNBUFFERED": "1",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    log = tmp_path / "worker.log"
    with open(log, "wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cms", "worker", "-B", "--loglevel=INFO", "--concurrency=1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: " ready." in log.read_text(errors="replace") or worker.poll() is not None, 60, "ready")
        title = f"Thông cáo thử {uuid.uuid4().hex[:6]}"
        script = (
            "from tests.alerts_helpers import subscribe; from tests.factories import make_article; "
            "from articles.alerts import queue; subscribe('ban-doc@example.com'); "
            f"queue.enqueue('announce', make_article(title='{title}').pk)"
        )
        subprocess.run([*manage, "shell", "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
        # The console backend of `make run` prints the email on the worker's output.
        wait_until(lambda: "To: ban-doc@example.com" in log.read_text(errors="replace"), 60, "the printed email")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_compose_runs_a_worker_and_one_beat_on_a_broker_of_their_own(tmp_path):
    command = compose_command()
    if command is None:
        missing_service("neither `docker compose` nor `docker-compose` is installed; .ci/run installs the latter")
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_EXAMPLE.read_text() + "".join(f"{k}={v}\n" for k, v in OPERATOR_ENV.items()))
    result = subprocess.run(
        [*command, "--project-directory", str(ROOT), "-f", str(COMPOSE_FILE), "--env-file", str(env_file), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    services = yaml.safe_load(result.stdout)["services"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "cms", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "cms", "beat"]
    assert "noeviction" in services["broker"]["command"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["CELERY_BROKER_URL"] == "redis://broker:6379/0"
        assert services[name]["environment"]["EMAIL_HOST"] == "smtp.hanoi.gov.vn"
    assert services["worker"]["environment"]["MIGRATE_ON_START"] == "0"


def test_the_sweep_runs_on_every_minute():
    assert settings.CELERY_BEAT_SCHEDULE["alerts-sweep"]["task"] == "articles.alerts.tasks.sweep"
    assert settings.CELERY_BEAT_SCHEDULE["alerts-sweep"]["schedule"] == crontab(minute="*")


@pytest.mark.parametrize("debug", ["0", "1"])
def test_email_delivery_is_configured_from_the_environment(debug):
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL, s.SITE_URL)"
    )
    env = {
        "DEBUG": debug,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "toasoan.test",
        "EMAIL_HOST": "smtp.hanoi.gov.vn",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "thongcao@hanoi.gov.vn",
    }
    done = run_python(code, **env)
    assert done.returncode == 0, done.stderr
    backend = "smtp" if debug == "0" else "console"
    assert done.stdout.split() == [
        f"django.core.mail.backends.{backend}.EmailBackend",
        "smtp.hanoi.gov.vn",
        "587",
        "True",
        "thongcao@hanoi.gov.vn",
        "https://toasoan.test" if debug == "0" else "http://127.0.0.1:8000",
    ]
