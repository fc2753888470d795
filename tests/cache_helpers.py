"""A cache wrapper for tests that count the page cache's calls (each one a Redis round trip in production)."""

from __future__ import annotations


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
