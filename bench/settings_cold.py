"""The production settings with the cache switched off: the benchmark's "cold" runs."""

from cms.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
