"""Benchmark of release alerts: one article to N confirmed subscribers (20 000 by default), through a real Celery
worker on Redis, delivered to a local SMTP sink (aiosmtpd, in this process). Prints how long the approver's request
took, how long until the last email was accepted, the worker's memory over the run and the machine's load.

    .venv/bin/python bench/alerts.py                                   # throwaway SQLite database
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/toasoan_alerts_bench .venv/bin/python bench/alerts.py
    .venv/bin/python bench/alerts.py --subscribers 2000 --concurrency 2

Targets (issue 19): every email accepted within 60 s on a 2-core machine, the worker's memory flat, the approval
request under 200 ms. The PostgreSQL database named in DATABASE_URL is bench-only: it is dropped and created again.
Needs Redis at 127.0.0.1:6379 (BENCH_BROKER_URL to change); the run uses its own queue and key prefix.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MESSAGE_ID = re.compile(rb"Message-ID: <alert\.(\d+)\.")
sys.path.insert(0, str(ROOT))


class Sink:
    """An SMTP server that only counts what it accepts, per recipient."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.received: Counter[str] = Counter()
        self.last_at = 0.0
        self.lock = threading.Lock()
        with __import__("socket").socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        found = MESSAGE_ID.search(envelope.content)
        article = found.group(1).decode() if found else "?"
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[f"{article} {address}"] += 1
            self.last_at = time.monotonic()
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def worker_pids(root: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(root)], capture_output=True, text=True).stdout.split()
    return [root, *map(int, children)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes (default 4)")
    parser.add_argument("--chunk", type=int, default=250, help="emails per task (ALERTS_CHUNK_SIZE)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    broker_url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/3")
    prefix, queue = f"alerts-bench-{uuid.uuid4().hex[:8]}:", f"alerts-bench-{uuid.uuid4().hex[:8]}"
    sink = Sink()
    sink.controller.start()
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only",
        "ALLOWED_HOSTS": "localhost,testserver",
        "SITE_URL": "https://toasoan.example",
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_BROKER_KEY_PREFIX": prefix,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.port),
        "ALERTS_CHUNK_SIZE": str(args.chunk),
        "CACHE_DIR": str(workdir / "cache"),
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "text",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
    }
    os.environ.update(env)
    if database_url.startswith(("postgres://", "postgresql://")):
        from bench.import_legacy import create_postgres_database

        create_postgres_database(database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from articles.alerts import topics
    from articles.alerts.models import Delivery, Subscriber, Subscription
    from articles.newsroom import services
    from articles.newsroom.models import Article
    from tests.factories import make_agency, make_article, make_editor

    call_command("migrate", verbosity=0)
    agency = make_agency("Sở Xây dựng", phone="024 3825 1234", email="baochi@soxaydung.hanoi.gov.vn")
    writer = make_editor("viet", roles=("writer",), agencies=(agency,))
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    client = Client()
    client.force_login(approver)

    def approve_through_the_admin(title: str) -> float:
        article = make_article(title, status=Article.Status.DRAFT, agency=agency, created_by=writer, lead="Sapo " * 40)
        services.submit(article=article, by=writer)
        url = reverse("admin:articles_article_step", args=[article.pk, "duyet"])
        local = timezone.localtime()
        data = {"publish_at_0": f"{local:%d/%m/%Y}", "publish_at_1": f"{local:%H:%M}", "comment": ""}
        started = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - started
        assert response.status_code == 302, response.status_code
        return elapsed

    log = open(workdir / "worker.log", "wb")  # noqa: SIM115 - open for the worker's whole life
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "cms", "worker", "-Q", queue, "--loglevel=INFO",
         f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env={**os.environ}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        # Warm-up approvals while nobody is subscribed: the same request, with a warm process.
        warm = [approve_through_the_admin(f"Bài khởi động {n}") for n in range(5)]
        print(f"approval request, no subscribers, warm: {', '.join(f'{s * 1000:.0f}' for s in warm)} ms")
        from articles.alerts.models import Announcement

        waited = time.monotonic()
        while Announcement.objects.count() < len(warm) and time.monotonic() - waited < 300:
            threading.Event().wait(0.2)  # the warm-up articles announced (to nobody) before anyone subscribes

        started = time.perf_counter()
        subscribers = Subscriber.objects.bulk_create(
            [Subscriber(email=f"nha-bao-{n:05d}@bao-{n % 97}.example.vn") for n in range(args.subscribers)],
            batch_size=2000,
        )
        subscriptions = []
        for n, subscriber in enumerate(subscribers):
            # Half follow every release, half the agency; every tenth both (still one email each).
            kinds = [(topics.ALL, None), (topics.AGENCY, agency)] if n % 10 == 0 else [(topics.ALL, None)]
            if n % 2 and n % 10:
                kinds = [(topics.AGENCY, agency)]
            for kind, obj in kinds:
                fields = {"agency": obj} if obj else {}
                key = topics.topic_key(kind, obj)
                subscriptions.append(Subscription(subscriber=subscriber, kind=kind.key, topic_key=key, **fields))
        Subscription.objects.bulk_create(subscriptions, batch_size=2000)
        print(f"{args.subscribers} confirmed subscribers created in {time.perf_counter() - started:.1f} s")

        load_before = os.getloadavg()
        pids = worker_pids(worker.pid)
        baseline = {pid: rss_kb(pid) for pid in pids}
        samples: list[tuple[int, int]] = []  # (emails received, total worker RSS in kB)
        t0 = time.monotonic()
        request = approve_through_the_admin("Khởi công cầu Trần Hưng Đạo")
        print(f"approval request that triggers the fan-out: {request * 1000:.0f} ms")
        deadline = t0 + 600
        while sink.total() < args.subscribers and time.monotonic() < deadline and worker.poll() is None:
            samples.append((sink.total(), sum(rss_kb(pid) for pid in worker_pids(worker.pid))))
            threading.Event().wait(0.5)
        total = sink.total()
        elapsed = sink.last_at - t0
        load_after = os.getloadavg()
        duplicates = sum(n - 1 for n in sink.received.values() if n > 1)
        sent = Delivery.objects.filter(state="sent").count()
        print(f"emails accepted by the sink: {total} ({len(sink.received)} distinct, {duplicates} duplicates)")
        print(f"deliveries marked sent in the database: {sent}")
        print(f"all emails accepted {elapsed:.1f} s after the approval ({total / elapsed:.0f} emails/s)")
        print(f"worker processes: {len(pids)} (concurrency {args.concurrency}); RSS at start: "
              f"{sum(baseline.values()) / 1024:.0f} MB")  # fmt: skip
        for fraction in (0.1, 0.25, 0.5, 0.75, 1.0):
            reached = next((rss for count, rss in samples if count >= fraction * total), samples[-1][1])
            print(f"  worker RSS when {fraction:>4.0%} delivered: {reached / 1024:.0f} MB")
        print(f"  worker RSS peak: {max(rss for _, rss in samples) / 1024:.0f} MB")
        print(f"load average (1, 5, 15 min) before: {load_before}, after: {load_after}; cores: {os.cpu_count()}")
        print(f"database: {database_url.split('@')[-1]}")
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        log.close()
        sink.controller.stop()


if __name__ == "__main__":
    main()
