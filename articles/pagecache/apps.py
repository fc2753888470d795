from typing import Any

from django.apps import AppConfig
from django.conf import settings


class PageCacheConfig(AppConfig):
    name = "articles.pagecache"
    verbose_name = "Bộ nhớ đệm trang"

    def ready(self) -> None:
        from articles.pagecache import invalidation

        invalidation.connect()
        if settings.DEBUG:
            from django.utils.autoreload import file_changed

            file_changed.connect(_code_changed, dispatch_uid="pagecache-code-changed")


def _code_changed(**kwargs: Any) -> None:
    """runserver: a template or code edit shows on the next request, as a content change does."""
    from articles.pagecache import store

    store.bump()
