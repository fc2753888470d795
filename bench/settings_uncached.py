"""The production settings without the page cache: the benchmark's uncached runs measure the render alone.

Only the page cache's middleware goes. The database, its connections (CONN_MAX_AGE), the sessions in it and the
`default` cache (Redis, which nothing but the page cache uses today) stay as in production, so whatever the render
itself reads or keeps is measured as it runs there.
"""

from django.core.exceptions import ImproperlyConfigured

from cms.settings import *  # noqa: F403
from cms.settings import MIDDLEWARE as PRODUCTION_MIDDLEWARE

PAGE_CACHE_MIDDLEWARE = "articles.pagecache.middleware.PageCacheMiddleware"
if PAGE_CACHE_MIDDLEWARE not in PRODUCTION_MIDDLEWARE:
    # A renamed or moved middleware would otherwise leave every "uncached" figure measuring the cache.
    raise ImproperlyConfigured(f"{PAGE_CACHE_MIDDLEWARE} is not in MIDDLEWARE: update bench/settings_uncached.py")
MIDDLEWARE = [name for name in PRODUCTION_MIDDLEWARE if name != PAGE_CACHE_MIDDLEWARE]
