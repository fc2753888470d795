"""A cache wrapper for tests that count the page cache's calls (each one a Redis round trip in production)."""

from __future__ import annotations

import contextlib


class CountingCache:
    """Records the names of the cache methods called through it, then calls the real cache."""

    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        method = getattr(self.real, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            return method(*args, **kwargs)

        return counted


class RedisProxy:
    """A TCP proxy in front of a real Redis that a test can break: "up" forwards, "down" drops every
    connection (as a stopped Redis), "hang" accepts and never answers (as a Redis that times out)."""

    def __init__(self, target: tuple[str, int]) -> None:
        import socket
        import threading

        self.target = target
        self.mode = "up"
        self.accepted = 0
        self._open: list = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/1"

    def set_mode(self, mode: str) -> None:
        with self._lock:
            self.mode = mode
            if mode != "up":
                for sock in self._open:
                    sock.close()
                self._open.clear()

    def close(self) -> None:
        self.set_mode("down")
        self._listener.close()

    def _accept(self) -> None:
        import socket
        import threading

        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
                mode = self.mode
                if mode == "down":
                    client.close()
                    continue
                self._open.append(client)
                if mode == "hang":
                    continue
                upstream = socket.create_connection(self.target)
                self._open.append(upstream)
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pipe(source, target) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.close()
