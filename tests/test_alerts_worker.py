"""Release alerts end to end: a real Celery worker and beat on the real broker (Redis), a real SMTP server in this
process, and the faults the issue names: the mail server down for a while, the broker down when an article is
approved, a worker killed in the middle of a fan-out."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.alerts import topics
from articles.alerts.models import Delivery
from articles.newsroom import services
from articles.newsroom.models import Article
from tests.alerts_helpers import SmtpServer, subscribe, wait_until
from tests.alerts_worker import Broker, BrokerSwitch, Worker, shared_database
from tests.factories import make_agency, make_article, make_editor, split_datetime
from tests.services import require_redis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database(tmp_path):
    with shared_database(tmp_path) as url:
        yield url


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def broker():
    return Broker(require_redis())


@pytest.fixture
def workers(database, broker, smtp, tmp_path):
    started: list[Worker] = []

    def start(concurrency: int = 2, broker_url: str | None = None, **extra: str) -> Worker:
        worker_broker = broker if broker_url is None else broker.through(broker_url)
        worker = Worker(database_url=database, broker=worker_broker, smtp_port=smtp.port, tmp_path=tmp_path, **extra)
        started.append(worker)
        return worker.start(concurrency)

    yield start
    for worker in started:
        worker.stop()


def newsroom(count: int):
    agency = make_agency("Sở Giao thông Vận tải", phone="024 3825 2222", email="baochi@sogtvt.hanoi.gov.vn")
    writer = make_editor("viet", roles=("writer",), agencies=(agency,), email="viet@toasoan.example")
    approver = make_editor("duyet", roles=("approver",), agencies=(agency,))
    addresses = [f"nguoi{number:03d}@example.com" for number in range(count)]
    for number, address in enumerate(addresses):
        subscribe(address)
        if number % 2:  # a second matching subscription must not mean a second email
            subscribe(address, kind=topics.AGENCY, obj=agency)
    article = make_article(status=Article.Status.DRAFT, agency=agency, created_by=writer)
    services.submit(article=article, by=writer)
    return article, approver, addresses


def alerts(smtp: SmtpServer):
    return [message for message in smtp.messages if "Thông cáo" in message["Subject"]]


def assert_one_each(smtp: SmtpServer, addresses: list[str]) -> None:
    received = Counter(message["To"] for message in alerts(smtp))
    assert received == Counter(addresses), {address: n for address, n in received.items() if n != 1}


def settle(worker: Worker, sweeps: int = 3) -> None:
    """Lets the beat run a few more sweeps, so that a late duplicate would have time to show."""
    done = worker.output().count("alerts.tasks.sweep")
    wait_until(lambda: worker.output().count("alerts.tasks.sweep") >= done + 2 * sweeps, 30, "more sweeps")


def test_an_approval_reaches_every_subscriber_once_through_the_worker(workers, broker, smtp):
    article, approver, addresses = newsroom(40)
    worker = workers()
    with broker.publishing():
        services.approve(article=article, by=approver)
    smtp.wait_for(lambda messages: len(alerts(smtp)) >= 40, 60, "40 alerts")
    settle(worker)
    assert_one_each(smtp, addresses)
    message = alerts(smtp)[0]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    # The writer heard of the approval too.
    assert [m["Subject"] for m in smtp.messages if "đã được duyệt" in m["Subject"]]


def test_with_the_mail_server_down_for_a_while_everything_arrives_once_it_is_back(workers, broker, smtp):
    article, approver, addresses = newsroom(30)
    smtp.stop()
    worker = workers()
    with broker.publishing():
        services.approve(article=article, by=approver)
    # The worker tries, fails and backs off, more than once.
    wait_until(lambda: worker.output().count("Retry in") >= 2, 60, "two retries")
    assert Delivery.objects.filter(state="sent").count() == 0
    smtp.start()
    smtp.wait_for(lambda messages: len(alerts(smtp)) >= 30, 60, "30 alerts")
    settle(worker)
    assert_one_each(smtp, addresses)
    assert Delivery.objects.filter(state="sent").count() == 30


def test_with_the_broker_down_the_approval_succeeds_at_once_and_the_emails_follow_when_it_is_back(
    workers, broker, smtp, client
):
    article, approver, addresses = newsroom(20)
    host, port = broker.url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
    switch = BrokerSwitch((host, int(port)))
    proxied = switch.url(broker.url.rsplit("/", 1)[1])
    try:
        worker = workers(broker_url=proxied)
        client.force_login(approver)
        switch.down()
        with broker.through(proxied).publishing():
            url = reverse("admin:articles_article_step", args=[article.pk, "duyet"])
            response = client.post(url, {**split_datetime(timezone.now(), "publish_at"), "comment": ""})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Article.objects.published().filter(pk=article.pk).exists()
        assert alerts(smtp) == []
        switch.up()
        smtp.wait_for(lambda messages: len(alerts(smtp)) >= 20, 90, "20 alerts after the broker came back")
        settle(worker)
        assert_one_each(smtp, addresses)
    finally:
        switch.down()


def test_a_worker_killed_in_the_middle_of_a_fan_out_leaves_every_subscriber_exactly_one_email(workers, broker, smtp):
    article, approver, addresses = newsroom(60)
    reached, release = threading.Event(), threading.Event()
    recipients: list[str] = []

    def hold_the_25th(address: str) -> None:
        # The 25th recipient is held while the worker waits for the server's answer: the 24 before it were accepted.
        if address.startswith("nguoi"):
            recipients.append(address)
            if len(recipients) == 25:
                reached.set()
                release.wait(30)

    smtp.on_rcpt = hold_the_25th
    first = workers(concurrency=1, ALERTS_CHUNK_SIZE="10")
    with broker.publishing():
        services.approve(article=article, by=approver)
    assert reached.wait(60), first.output()
    first.kill()
    release.set()
    assert len(alerts(smtp)) == 24
    second = workers(concurrency=2, ALERTS_CHUNK_SIZE="10")
    smtp.wait_for(lambda messages: len(alerts(smtp)) >= 60, 90, "60 alerts after the restart")
    settle(second)
    assert_one_each(smtp, addresses)
    assert Delivery.objects.filter(state="sent").count() == 60
