"""Article pages stored as rendered HTML: a derived artifact of the rows they show (issue 7).

Rendering the article page costs ~8 ms (four queries and a large template); serving the stored page
costs one query. The stored page is correct only while nothing it shows has changed, so:

- Serving. `lookup` finds a *published* article (the public read rule, so drafts, scheduled articles
  before their minute, withdrawn and archived ones never come from here) with its stored page, which is
  used only when its fingerprint matches: the code that rendered it (templates, Python, the static
  files' hashed names, the settings that reach the page) and the site's origin (the page's canonical,
  Open Graph and JSON-LD addresses are absolute). Anything else renders live, as before.
- Invalidation. Every write that changes what a page shows marks the pages showing it stale
  (`mark_stale`: one UPDATE, however many articles an official or an agency appears in), inside the
  writer's transaction and again once it commits (`articles/signals.py` says which writes).
- Serving early. `StoredArticlePageMiddleware` sits right inside the page cache, in front of sessions, auth,
  locale, CSRF, messages and the URL's view: for an anonymous GET without a query string it answers with the
  stored page and the headers that inner middleware gave it when it was stored (`headers`), so the reader
  gets the live page's bytes and headers for one query and little else. Any other request, and a page not
  stored yet (or stored without its headers), goes on to ArticleDetailView as before.
- Rendering. A stale page is rendered on the next read of it and stored (`store`), or by
  `manage.py render_article_pages` for a deploy. Rendering on the next read rather than in the writer's
  request: the page needs the origin readers use, a bulk change (an official renamed) touches
  thousands of pages, and either way each change costs one render per page.
- Races. Each invalidation adds one to the page's `generation`; a reader notes the generation before
  it reads the rows it renders, and `store` refuses the page if the generation has moved since. The
  invalidation inside the writer's transaction locks the row until the commit, and the one after the
  commit also covers a row a reader created meanwhile.

Nothing per request is stored: the page has no CSRF token, CSP nonce, user or messages (tests pin it),
and requests with a query string (which may change the canonical address) always render live.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError, ProgrammingError, connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import Resolver404, resolve
from django.utils import timezone

from articles.caching import is_cacheable_request
from articles.models import Article, RenderedArticlePage

# Bump by hand when something outside the fingerprinted files changes what a page shows.
RENDER_VERSION = "1"
# Settings that reach the page's HTML.
PAGE_SETTINGS = (
    "STATIC_URL",
    "MEDIA_URL",
    "STORAGES",
    "RENDITION_WIDTHS",
    "LANGUAGE_CODE",
    "TIME_ZONE",
    "USE_TZ",
    "USE_I18N",
    "FORMAT_MODULE_PATH",
)
# Python packages whose code renders the page (views, template tags, renditions, URLs, formats).
CODE_PACKAGES = ("articles", "cms")

_code_fingerprint: str | None = None
_fingerprints: dict[str, str] = {}


def enabled() -> bool:
    return getattr(settings, "STORED_ARTICLE_PAGES", True)


def code_fingerprint() -> str:
    """What rendered a page, hashed: templates, the Python packages, static names, settings, Django.

    Computed once per process (a deploy starts new processes); a settings change in tests resets it.
    """
    global _code_fingerprint
    if _code_fingerprint is None:
        digest = hashlib.sha256(f"{RENDER_VERSION}|{django.__version__}".encode())
        for path in _source_files():
            digest.update(str(path).encode())
            digest.update(path.read_bytes())
        hashed = getattr(staticfiles_storage, "hashed_files", None) or {}
        digest.update(repr(sorted(hashed.items())).encode())
        digest.update(repr([(name, getattr(settings, name, None)) for name in PAGE_SETTINGS]).encode())
        _code_fingerprint = digest.hexdigest()
    return _code_fingerprint


def _source_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    files: set[Path] = set()
    for package in CODE_PACKAGES:
        files.update(path for path in (base / package).rglob("*.py") if "migrations" not in path.parts)
    for engine in engines.all():
        for directory in engine.template_dirs:
            files.update(path for path in Path(directory).rglob("*") if path.is_file())
    return sorted(path.relative_to(base) if path.is_relative_to(base) else path for path in files)


def fingerprint(request: HttpRequest) -> str:
    """The fingerprint of a page rendered now for this request's origin (scheme and host)."""
    origin = request.build_absolute_uri("/")
    found = _fingerprints.get(origin)
    if found is None:
        found = _fingerprints[origin] = hashlib.sha256(f"{code_fingerprint()}|{origin}".encode()).hexdigest()
    return found


def _reset(**kwargs) -> None:
    global _code_fingerprint
    _code_fingerprint = None
    _fingerprints.clear()


setting_changed.connect(_reset, dispatch_uid="rendered-pages-reset")


@dataclass(frozen=True)
class Found:
    """A public article's stored page: `html` when it was rendered by this code for this origin."""

    article_id: int
    generation: int | None
    html: str | None
    headers: dict[str, str] | None = None


def lookup(*, slug: str, fingerprint: str) -> Found | None:
    """The published article with this slug and its stored page (one query); None if none is public.

    Plain SQL, and on PostgreSQL a statement prepared once per connection: building the query through the
    ORM, and PostgreSQL planning it, each cost about as much as running it (~0.15 ms a request, against a
    budget of ~0.6 ms for the whole request). The WHERE clause is `Article.objects.published()` (status and
    date), spelled out; tests/test_rendered_pages.py checks that both agree on every state.
    """
    connection = connections[router.db_for_read(Article)]
    params = [fingerprint, slug, Article.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(timezone.now())]
    if _may_skip_health_check(connection):
        # The lookup is this request's first query and only a read: it stands for the health check (a
        # SELECT 1 round trip costs as much as the lookup). On a dead connection it reconnects and runs again.
        connection.health_check_done = True
        try:
            row = _run_lookup(connection, params)
        except (OperationalError, InterfaceError):
            connection.close()
            row = _run_lookup(connection, params)
    else:
        row = _run_lookup(connection, params)
    if row is None:
        return None
    headers = None if row[2] is None or row[3] is None else json.loads(row[3]) if isinstance(row[3], str) else row[3]
    return Found(article_id=row[0], generation=row[1], html=row[2], headers=headers)


def _may_skip_health_check(connection) -> bool:
    return (
        connection.connection is not None
        and connection.health_check_enabled
        and not connection.health_check_done
        and not connection.in_atomic_block
    )


def _run_lookup(connection, params: list) -> tuple | None:
    with connection.cursor() as cursor:
        if _may_use_prepared(connection):
            if getattr(connection, "_article_page_prepared_on", None) is not connection.connection:
                _prepare(connection)
            try:
                cursor.execute(f"EXECUTE {_prepared_name(connection)} (%s, %s, %s, %s)", params)
                return cursor.fetchone()
            except (OperationalError, ProgrammingError) as error:
                # The session lost it (DISCARD ALL, a pooler handing over another session): plain SQL this
                # time, prepared again next time. Outside a transaction, so nothing is left aborted.
                if getattr(error.__cause__, "pgcode", None) != INVALID_STATEMENT_NAME:
                    raise
                connection._article_page_prepared_on = None
        cursor.execute(_lookup_sql(connection, "%s"), params)
        return cursor.fetchone()


def _may_use_prepared(connection) -> bool:
    """PostgreSQL with persistent connections (CONN_MAX_AGE=0 is the setting for PgBouncer's transaction
    mode, where a session's statements do not follow the client), outside a transaction block."""
    return (
        connection.vendor == "postgresql"
        and connection.settings_dict.get("CONN_MAX_AGE") != 0
        and not connection.in_atomic_block
    )


# SQLSTATE 26000: "prepared statement ... does not exist".
INVALID_STATEMENT_NAME = "26000"


_prepared_names: dict[str, str] = {}


def _prepared_name(connection) -> str:
    """The statement's name on each PostgreSQL session (prepared statements live as long as the session). It
    names the SQL too: a pooler may hand a new release a session prepared by the one before. Computed once
    per process and database alias (each request uses it)."""
    name = _prepared_names.get(connection.alias)
    if name is None:
        sql = _lookup_sql(connection, "$")
        name = _prepared_names[connection.alias] = (
            f"toasoan_article_page_{hashlib.sha256(sql.encode()).hexdigest()[:12]}"
        )
    return name


def _prepare(connection) -> None:
    """Prepare the lookup on this PostgreSQL session, once: session setup (like Django's own SET TIME ZONE),
    so through the driver's cursor, outside the per-request query log. A pooler may hand over a session
    that has it already."""
    name = _prepared_name(connection)
    with connection.connection.cursor() as raw:
        raw.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [name])
        if raw.fetchone() is None:
            raw.execute(f"PREPARE {name} (text, text, text, timestamptz) AS {_lookup_sql(connection, '$')}")
    connection._article_page_prepared_on = connection.connection


def _lookup_sql(connection, placeholder: str) -> str:
    """The lookup with `%s` placeholders, or `$1`..`$4` for PREPARE when `placeholder` is "$"."""
    quote = connection.ops.quote_name
    article, page = Article._meta.db_table, RenderedArticlePage._meta.db_table
    p = [f"${n}" for n in range(1, 5)] if placeholder == "$" else ["%s"] * 4
    return (
        f"SELECT a.{quote('id')}, p.{quote('generation')}, "
        f"CASE WHEN p.{quote('fingerprint')} = {p[0]} THEN p.{quote('html')} END, p.{quote('headers')} "
        f"FROM {quote(article)} a LEFT OUTER JOIN {quote(page)} p ON p.{quote('article_id')} = a.{quote('id')} "
        f"WHERE a.{quote('slug')} = {p[1]} AND a.{quote('status')} = {p[2]} AND a.{quote('published_at')} <= {p[3]}"
    )


def generation_before_render(found: Found) -> int:
    """The generation to store a page with; read (or created) before the rows the page is rendered from.

    A missing row is inserted at generation 0 in one statement; if another reader inserted it first and a
    writer has moved it since, storing with 0 is refused, which is the safe side.
    """
    if found.generation is not None:
        return found.generation
    RenderedArticlePage.objects.bulk_create([RenderedArticlePage(article_id=found.article_id)], ignore_conflicts=True)
    return 0


def store(
    *, article_id: int, generation: int, fingerprint: str, html: str, headers: dict[str, str] | None = None
) -> bool:
    """Store a rendered page unless a change has reached it since `generation` was read."""
    return bool(
        RenderedArticlePage.objects.filter(article_id=article_id, generation=generation).update(
            fingerprint=fingerprint, html=html, headers=headers, rendered_at=timezone.now()
        )
    )


@dataclass(frozen=True)
class StoreTicket:
    """What a view hands StoredArticlePageMiddleware (on the response) to store the page with its headers."""

    article_id: int
    generation: int
    fingerprint: str


def leave_to_middleware(response: HttpResponse, *, article_id: int, generation: int, fingerprint: str) -> None:
    """Ask StoredArticlePageMiddleware to store this response once the inner middleware added their headers."""
    setattr(
        response, TICKET_ATTRIBUTE, StoreTicket(article_id=article_id, generation=generation, fingerprint=fingerprint)
    )


# Set on the request by the middleware: its lookup, for the view (no second query).
NOT_LOOKED_UP = object()
LOOKUP_ATTRIBUTE = "stored_article_page_lookup"
TICKET_ATTRIBUTE = "stored_article_page_ticket"
# Not stored: computed for each response.
UNSTORED_HEADERS = frozenset({"content-length"})
ARTICLE_VIEW_NAME = "articles:article_detail"


def _article_slug(request: HttpRequest) -> str | None:
    """The slug when this request may be answered with a stored page before the inner middleware: an
    anonymous GET (as the page cache decides) of an article's address, without a query string."""
    if not enabled() or request.META.get("QUERY_STRING") or not is_cacheable_request(request):
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.kwargs.get("slug") if match.view_name == ARTICLE_VIEW_NAME else None


class StoredArticlePageMiddleware:
    """Answers anonymous reads of a public article with its stored page, in front of the inner middleware.

    Stored pages carry no session, user, CSRF token or messages (see the module's docstring), so sessions,
    auth, locale, CSRF and messages have nothing to add but their headers, which were stored with the page.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        slug = _article_slug(request)
        if slug is None:
            return self.get_response(request)
        page_fingerprint = fingerprint(request)
        found = lookup(slug=slug, fingerprint=page_fingerprint)
        if found is not None and found.html is not None and found.headers is not None:
            response = HttpResponse(found.html, headers=found.headers)
            response["Content-Length"] = str(len(response.content))
            return response
        setattr(request, LOOKUP_ATTRIBUTE, found)
        response = self.get_response(request)
        ticket: StoreTicket | None = getattr(response, TICKET_ATTRIBUTE, None)
        if ticket is not None and response.status_code == 200 and not response.streaming and not response.cookies:
            store(
                article_id=ticket.article_id,
                generation=ticket.generation,
                fingerprint=ticket.fingerprint,
                html=response.content.decode(response.charset),
                headers={name: value for name, value in response.items() if name.lower() not in UNSTORED_HEADERS},
            )
        return response


# --- invalidation -----------------------------------------------------------------------------------------------


def mark_stale(where: Q) -> int:
    """Mark the stored pages matching `where` (a filter on RenderedArticlePage) stale, in one UPDATE."""
    return RenderedArticlePage.objects.filter(where).update(
        generation=F("generation") + 1, fingerprint="", html="", headers=None
    )


def mark_stale_now_and_on_commit(where: Q) -> None:
    """Now, so readers stop being served the page and a render in flight is refused; and after the
    commit, for a page a reader stored from the old rows in between."""
    mark_stale(where)
    transaction.on_commit(lambda: mark_stale(where))


def pages_of_articles(ids: Iterable[int] | QuerySet) -> Q:
    return Q(article_id__in=ids)


def pages_showing_article(article_id: int) -> Q:
    """The article's own page and the pages listing it among their related articles."""
    referring = Article.related.through.objects.filter(to_article_id=article_id).values("from_article_id")
    return Q(article_id=article_id) | Q(article_id__in=referring)


def pages_showing_agency(agency_id: int) -> Q:
    return Q(article__agency_id=agency_id)


def pages_showing_official(official_id: int) -> Q:
    links = Article.officials.through.objects.filter(official_id=official_id).values("article_id")
    return Q(article_id__in=links)


def pages_showing_programme(programme_id: int) -> Q:
    links = Article.programmes.through.objects.filter(programme_id=programme_id).values("article_id")
    return Q(article_id__in=links)


def frozen(where: Q) -> Q:
    """`where` resolved to article ids now: for a change that removes the rows the filter goes through
    (a deletion, a cleared relation), so the invalidation after the commit still finds the pages."""
    ids = list(RenderedArticlePage.objects.filter(where).values_list("article_id", flat=True))
    return Q(article_id__in=ids)


# --- deploys ----------------------------------------------------------------------------------------------------


def stale_article_ids(*, fingerprint: str) -> QuerySet:
    """Published articles whose stored page is missing, stale or rendered by other code (ids, in order)."""
    current = Q(rendered_page__fingerprint=fingerprint)
    return Article.objects.published().exclude(current).order_by("pk").values_list("pk", flat=True)
