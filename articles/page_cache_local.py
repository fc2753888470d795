"""Each worker process's own copy of recently served pages, kept fresh by a Redis pub/sub listener.

A page served from Redis costs a round trip, a new redis-py client object and unpickling ~25 KB: about
three times what Django needs to send the same bytes from memory. So each process also keeps the pages
it served lately (an LRU bounded in entries and bytes) and serves them without asking Redis, but only
while it knows the site generation without asking either: a listener thread subscribes to a channel on
which every `bump_generation()` publishes the new generation.

The rules this keeps:
- A process that bumps the generation knows it at once (`note_bump`), so it never serves an older page
  afterwards; other processes learn it when the message arrives (pub/sub delivery: milliseconds).
- While the listener is not subscribed (starting, Redis restarted, network trouble), or has not heard
  from Redis for `silence_seconds` (it pings every `ping_seconds`), nothing is served from the local
  copies: the middleware asks Redis on each request, as without this module.
- On each (re)subscription the listener reads the generation and the next scheduled article's moment
  from Redis and forgets every local copy: messages may have been missed while it was away.
- The next scheduled article's moment is known locally too (learnt from Redis for the current
  generation, forgotten on each bump); when it is unknown or has come, the middleware asks Redis, which
  makes the new generation.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A cached page: the generation it was rendered in, and what the response needs."""

    generation: int
    status: int
    content: bytes
    headers: dict[str, str]

    @property
    def size(self) -> int:
        return len(self.content) + 64 * len(self.headers) + 200


class PageLRU:
    """The least recently used pages go first once `max_entries` or `max_bytes` would be exceeded."""

    def __init__(self, *, max_entries: int, max_bytes: int) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._pages: OrderedDict[str, StoredPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> StoredPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: str, page: StoredPage) -> None:
        if page.size > self.max_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._pages[key] = page
            self._bytes += page.size
            while len(self._pages) > self.max_entries or self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= evicted.size

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)


class GenerationListener:
    """Follows the site generation through Redis pub/sub in a daemon thread; owns the local pages.

    `read_state` returns (generation, next scheduled moment or None) from Redis; it is called on each
    (re)subscription, in the listener thread.
    """

    def __init__(
        self,
        *,
        url: str,
        channel: str,
        read_state: Callable[[], tuple[int, int | None]],
        max_entries: int,
        max_bytes: int,
        ping_seconds: float = 1.0,
        silence_seconds: float = 3.0,
        retry_seconds: float = 1.0,
    ) -> None:
        self.url, self.channel, self.read_state = url, channel, read_state
        self.pages = PageLRU(max_entries=max_entries, max_bytes=max_bytes)
        self.ping_seconds, self.silence_seconds, self.retry_seconds = ping_seconds, silence_seconds, retry_seconds
        # Lets tests (and operators, in CLIENT LIST) find this process's subscription.
        self.client_name = f"toasoan-pages-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._lock = threading.Lock()
        self._live = False
        self._generation = 0
        self._due: int | None = None
        self._bumped_while_syncing = 0
        self._last_heard = 0.0
        self._outage_logged = False  # one warning per outage, not one per retry
        self._stopping = threading.Event()
        self._retry_now = threading.Event()
        self._pubsub: redis.client.PubSub | None = None
        self._thread: threading.Thread | None = None

    # ----------------------------------------------------------------- read by the middleware

    def trusted_generation(self) -> int | None:
        """The current generation when it is known without asking Redis, else None."""
        if not self._live or time.monotonic() - self._last_heard > self.silence_seconds:
            return None
        due = self._due
        if due is None or (due and due <= time.time()):
            return None
        return self._generation

    def keep(self, key: str, page: StoredPage) -> None:
        """Keep a page read from Redis or just rendered, if it belongs to the generation known here."""
        if self._live and page.generation == self._generation:
            self.pages.put(key, page)

    def learn(self, *, generation: int, due: int) -> None:
        """What a request read from Redis (or computed): the generation and the next scheduled moment."""
        with self._lock:
            if not self._live or generation < self._generation:
                return  # read before a bump this process already knows about
            if generation > self._generation:
                self._generation = generation
                self.pages.clear()
            self._due = due

    def note_bump(self, generation: int) -> None:
        """This process (or a message) made a new generation: older pages and the known next
        scheduled moment are obsolete at once. Generations only grow, so an older or repeated one
        (a message this process already learnt from Redis) changes nothing."""
        with self._lock:
            self._bumped_while_syncing = max(self._bumped_while_syncing, generation)
            if generation > self._generation:
                self._generation = generation
                self._due = None
                self.pages.clear()

    @property
    def live(self) -> bool:
        return self._live

    # ----------------------------------------------------------------- the thread

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="toasoan-page-listener", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        self._retry_now.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def reconnect_now(self) -> None:
        """Try to subscribe again without waiting for `retry_seconds` (if not subscribed)."""
        self._retry_now.set()

    def wait_until_live(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._live:
                return True
            time.sleep(0.01)
        return False

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._listen()
            except Exception as error:  # noqa: BLE001 - any failure means: not subscribed, ask Redis
                if not self._outage_logged:
                    logger.warning("page cache listener disconnected (%s); serving through Redis", error)
                    self._outage_logged = True
            finally:
                self._go_offline()
            self._retry_now.wait(self.retry_seconds)
            self._retry_now.clear()

    def _listen(self) -> None:
        client = redis.Redis.from_url(
            self.url,
            client_name=self.client_name,
            socket_connect_timeout=2,
            socket_timeout=5,
            # Reconnecting is ours to do: a reconnection inside redis-py would hide missed messages.
            retry=Retry(NoBackoff(), 0),
        )
        pubsub = client.pubsub()
        self._pubsub = pubsub
        try:
            pubsub.subscribe(self.channel)
            last_ping = time.monotonic()
            while not self._stopping.is_set():
                # A short wait, so that stop() is prompt; PING only every ping_seconds.
                message = pubsub.get_message(timeout=0.2)
                now = time.monotonic()
                if message is not None:
                    self._last_heard = now
                    if message["type"] == "subscribe":
                        self._synchronise()
                    elif message["type"] == "message":
                        self._on_message(int(message["data"]))
                elif now - self._last_heard > self.silence_seconds and self._live:
                    raise redis.exceptions.ConnectionError("no answer to PING")
                if now - last_ping >= self.ping_seconds:
                    pubsub.ping()
                    last_ping = now
        finally:
            self._pubsub = None
            pubsub.close()
            client.close()

    def _on_message(self, generation: int) -> None:
        self.note_bump(generation)

    def _synchronise(self) -> None:
        with self._lock:
            self._live = False
            self._bumped_while_syncing = 0
        generation, due = self.read_state()
        with self._lock:
            # A bump made by this process while Redis was read must not be lost.
            self._generation = max(generation, self._bumped_while_syncing)
            self._due = due
            self.pages.clear()
            self._last_heard = time.monotonic()
            self._live = True
        self._outage_logged = False

    def _go_offline(self) -> None:
        with self._lock:
            self._live = False
            self.pages.clear()


# ----------------------------------------------------------------- one listener per process and cache

_listeners: dict[tuple, GenerationListener] = {}
_registry_lock = threading.Lock()
# Incremented in a forked child: a listener found before the fork (its thread did not survive) is
# not to be used.
fork_epoch = 0


def listener_for(
    *, url: str, channel: str, read_state: Callable[[], tuple[int, int | None]], max_entries: int, max_bytes: int
) -> GenerationListener:
    """This process's listener for a channel, started on first use: after gunicorn forked the worker."""
    key = (url, channel, max_entries, max_bytes)
    with _registry_lock:
        listener = _listeners.get(key)
        if listener is None:
            listener = GenerationListener(
                url=url, channel=channel, read_state=read_state, max_entries=max_entries, max_bytes=max_bytes
            )
            listener.start()
            _listeners[key] = listener
        return listener


def note_bump(channel: str, generation: int) -> None:
    """Tell this process's listeners of a generation it made, without waiting for its own message."""
    for listener in list(_listeners.values()):
        if listener.channel == channel:
            listener.note_bump(generation)


def stop_all() -> None:
    with _registry_lock:
        listeners = list(_listeners.values())
        _listeners.clear()
    for listener in listeners:
        listener.stop()


def _forget_after_fork() -> None:
    # Threads do not survive fork(): a child must start its own listener, with its own pages.
    global _registry_lock, fork_epoch
    _registry_lock = threading.Lock()
    _listeners.clear()
    fork_epoch += 1


os.register_at_fork(after_in_child=_forget_after_fork)
