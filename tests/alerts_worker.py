"""A real Celery worker (with its beat) in a subprocess, on the real broker (Redis) and a database it shares with
the test: the test's PostgreSQL database, or for SQLite a file copied from the in-memory test database."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from cms.celery import app as celery_app
from tests.alerts_helpers import wait_until

ROOT = Path(__file__).resolve().parent.parent

# Fast clocks for tests: retries after 0.2 s (at most 1 s), claims and queued rows given up after 2 s, a sweep
# every half second.
FAST = {
    "ALERTS_RETRY_BASE_SECONDS": "0.2",
    "ALERTS_RETRY_MAX_SECONDS": "1",
    "ALERTS_CLAIM_SECONDS": "3",
    "ALERTS_QUEUED_SECONDS": "2",
    "ALERTS_SWEEP_SECONDS": "0.5",
}


def _migrated_state(connection) -> None:
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(getattr(connections["default"], "migrated_snapshot"))  # noqa: B009


@contextmanager
def shared_database(tmp_path: Path) -> Iterator[str]:
    """The database as the migrations left it, reachable from other processes; yields its DATABASE_URL.
    Needs a transactional test (the worker sees only committed rows)."""
    original = connections["default"]
    if original.vendor == "postgresql":
        snapshot_owner = original
        _migrated_state(original)
        s = original.settings_dict
        auth = quote(s["USER"] or "") + (":" + quote(s["PASSWORD"]) if s["PASSWORD"] else "")
        yield f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
        del snapshot_owner
        return
    path = tmp_path / "alerts.sqlite3"
    original.ensure_connection()
    target = sqlite3.connect(path)
    original.connection.backup(target)
    target.close()
    file_db = original.__class__({**original.settings_dict, "NAME": str(path)}, alias="default")
    file_db.migrated_snapshot = getattr(original, "migrated_snapshot")  # noqa: B009 - set by tests/conftest.py
    connections["default"] = file_db
    try:
        _migrated_state(file_db)
        yield f"sqlite:///{path}"
    finally:
        file_db.close()
        connections["default"] = original


class Broker:
    """This test's own corner of the real Redis (a key prefix and a queue name), used by the worker and, through
    `publishing()`, by the test process's own task calls (an approval)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"test-alerts-{uuid.uuid4().hex}:"
        self.queue = f"alerts-{uuid.uuid4().hex[:12]}"

    def through(self, url: str) -> Broker:
        """The same corner reached at another address (a proxy in front of the same Redis)."""
        other = Broker(url)
        other.prefix, other.queue = self.prefix, self.queue
        return other

    def env(self) -> dict[str, str]:
        return {
            "CELERY_BROKER_URL": self.url,
            "CELERY_BROKER_KEY_PREFIX": self.prefix,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }

    @contextmanager
    def publishing(self) -> Iterator[None]:
        conf = celery_app.conf
        names = ("broker_url", "broker_transport_options", "task_default_queue")
        saved = {name: conf[name] for name in names}
        options = {**settings.CELERY_BROKER_TRANSPORT_OPTIONS, "global_keyprefix": self.prefix}
        options.pop("data_folder_in", None)
        conf.update(broker_url=self.url, broker_transport_options=options, task_default_queue=self.queue)
        _reset_connections()
        try:
            yield
        finally:
            conf.update(saved)
            _reset_connections()


def _reset_connections() -> None:
    """Celery keeps its connection pool and queue table once built; rebuild them from the configuration."""
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


class Worker:
    """`celery -A cms worker -B` in its own process group, logging to a file the test can read."""

    def __init__(self, *, database_url: str, broker: Broker, smtp_port: int, tmp_path: Path, **extra: str) -> None:
        self.log = tmp_path / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.process: subprocess.Popen | None = None
        passed_on = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "PYTEST", "CELERY", "ALERTS"))}
        self.env = {
            **passed_on,
            "DJANGO_SETTINGS_MODULE": "cms.settings",
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
            "SITE_URL": "http://testserver",
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "0",
            "CACHE_DIR": str(tmp_path / "cache"),
            "REDIS_URL": "",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "10",
            "CELERY_BEAT_SCHEDULE_FILENAME": str(tmp_path / f"beat-{uuid.uuid4().hex[:6]}"),
            "LOG_FORMAT": "text",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            **broker.env(),
            **FAST,
            **extra,
        }
        self.queue = broker.queue

    def start(self, concurrency: int = 2) -> Worker:
        command = [
            sys.executable, "-m", "celery", "-A", "cms", "worker", "-B", "--loglevel=INFO", "-Q", self.queue,
            f"--concurrency={concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--hostname", f"test-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        process = self.process
        wait_until(lambda: " ready." in self.output() or process.poll() is not None, 60, "the worker to start")
        assert process.poll() is None, self.output()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def kill(self) -> None:
        """SIGKILL to the whole worker (main process, pool processes, beat): nothing is cleaned up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()


class BrokerSwitch:
    """A TCP proxy in front of the broker that can be switched off like a stopped server: its port then refuses
    connections (and open ones are cut), and it comes back on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.accepted = 0
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._open: list = []
        self._listener: socket.socket | None = None
        self._lock = threading.Lock()
        self.up()

    def url(self, database: str) -> str:
        return f"redis://127.0.0.1:{self.port}/{database}"

    def up(self) -> None:
        with self._lock:
            if self._listener is None:
                self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
                threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def down(self) -> None:
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            for sock in self._open:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)  # the peer sees the connection end at once
                with contextlib.suppress(OSError):
                    sock.close()
            self._open.clear()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                upstream = socket.create_connection(self.target)
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()
