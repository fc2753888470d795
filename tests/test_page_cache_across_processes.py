"""A management command's change shows on the running site's next request: under `make run` (runserver,
DEBUG, the file cache) as in production (Redis)."""

import os
import queue
import socket
import sqlite3
import subprocess
import sys
import threading
import urllib.request
import uuid
from pathlib import Path

import pytest

from tests.legacy_helpers import GOOD_SAMPLES, expected
from tests.services import require_redis

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class RunServer:
    """`manage.py runserver` as `make run` starts it, ready once it says so on its output."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env={**env, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(line) for line in self.process.stdout], daemon=True).start()
        seen = []
        while "Quit the server" not in (line := lines.get(timeout=60)):
            seen.append(line)
            assert self.process.poll() is None, "".join(seen)

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
            return response.read().decode()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


@pytest.fixture(params=["file cache (make run)", "Redis (production)"])
def site_env(request, tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("REDIS_URL", "DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS")
    }
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    if request.param.startswith("Redis"):
        env.update(REDIS_URL=require_redis(), CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex}")
    manage(env, "migrate", "--noinput")
    manage(
        env,
        "shell",
        "-c",
        "from articles.newsroom.models import Agency; "
        "Agency.objects.create(name='UBND thành phố Hà Nội', slug='ubnd-thanh-pho-ha-noi')",
    )
    return env


def test_an_import_shows_on_the_running_sites_next_request(site_env, tmp_path):
    sample = GOOD_SAMPLES[0]
    title = expected(sample)["title"]
    server = RunServer(site_env)
    try:
        manage(site_env, "import_legacy", str(GOOD_SAMPLES[1]))
        home = server.get("/")
        # The page cache is at work: a title changed in the database behind the site's back stays unseen.
        database = sqlite3.connect(tmp_path / "site.sqlite3")
        with database:
            database.execute("UPDATE articles_article SET title = 'Sửa ngầm' WHERE legacy_id IS NOT NULL")
        database.close()
        assert server.get("/") == home
        assert title not in home

        manage(site_env, "import_legacy", str(sample))
        assert title in server.get("/")
    finally:
        server.stop()
