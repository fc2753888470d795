"""Settings for Tòa soạn, read from environment variables.

Development defaults are safe: DEBUG is off unless asked for, and with DEBUG
off a missing SECRET_KEY or ALLOWED_HOSTS stops start-up instead of running
with a guessable key or accepting any Host header.
"""

import datetime
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (or DEBUG=1 on a developer's machine)."
        )
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set it to the site's host names, separated by commas "
            "(for example ALLOWED_HOSTS=toasoan.hanoi.gov.vn)."
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ckeditor",
    "ckeditor_uploader",
    # Production: Content Security Policy.
    "csp",
    # Editorial workflow: revisions and login throttling.
    "reversion",
    "axes",
    # The product, one app per concern (map: articles/__init__.py).
    "articles.newsroom",
    "articles.documents",
    "articles.search",
    "articles.public",
    "articles.legacy",
    "articles.backup",
    "articles.pagecache",
    # Press contacts, English versions of articles, pages editors write.
    "articles.press",
    "articles.english",
    "articles.pages",
    # Open data API: django-ninja views under /api/v1/, CORS for them.
    "articles.api",
    "corsheaders",
    "articles.alerts",
    "articles.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Production: Content Security Policy, relaxed only for the admin (see cms/csp.py).
    # Outside the page cache, so pages served from it carry the policy too.
    "cms.csp.ScopedCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache as well, for the same reason.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Open data API, outside the page cache too: CORS headers on cached answers as well, and every
    # request to /api/ counted against the rate limit, cached or not (articles/api/gate.py).
    "corsheaders.middleware.CorsMiddleware",
    "articles.api.gate.ApiGateMiddleware",
    # In front of sessions, auth, locale and CSRF: a page served from the cache needs none of them
    # (anonymous readers only; any session cookie bypasses the cache, see articles/pagecache/middleware.py).
    "articles.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The address alone picks the language (Vietnamese at /, English under /en/), never Accept-Language.
    "articles.english.middleware.AddressLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Production: admin requests read from the primary database (see cms/db_router.py).
    "cms.db_router.PrimaryForAdminMiddleware",
    # Editorial workflow: django-axes answers locked-out logins; keep it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # The site settings record and the main menu, in the header and footer of every page.
                "articles.site.context.site",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# --- Databases (persistent connections, optional read replica) -------------------
# Connections are kept CONN_MAX_AGE seconds and checked before reuse, so a restarted
# PostgreSQL does not leave workers with dead connections.
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "60"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site keep reading while a writer (an editor, the legacy import) commits, and with WAL
    # synchronous=NORMAL is safe (a power cut may lose the last commits, never corrupt the file) while sparing an
    # fsync per commit: the legacy import commits once per file.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"
    )
    # `make run` has a task worker writing beside runserver. A transaction that starts by reading and
    # then writes fails at once with "database is locked" when another process wrote meanwhile; taking the write
    # lock when the transaction begins makes it wait its turn instead (Django's advice for concurrent SQLite).
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
# A streaming replica of the same database takes the public site's reads; writes,
# the admin and anything inside a transaction stay on the primary (cms/db_router.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
    )
    # Tests never get a separate replica database: the alias points at the test primary.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese is the default, at /; English lives under /en/ (cms/urls.py). Interface strings are written in
# Vietnamese in the code and templates and translated in locale/en/LC_MESSAGES/django.po. What Django itself shows in
# English (the admin) is put into Vietnamese by locale/vi/LC_MESSAGES/*.po (`make messages` compiles them
# with polib, and the .mo files are committed: no gettext needed on any machine).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["cms.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# --- Media address -------------------------------------------------------------
# MEDIA_URL may name a host of its own (https://media.toasoan.hanoi.gov.vn/media/): uploaded files then never
# share the site's origin, so even a file a browser took for a page could not reach the site's cookies or
# pages. That origin is allowed in the CSP's img-src below, and its host in ALLOWED_HOSTS for SERVE_MEDIA.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
_media_address = urlsplit(MEDIA_URL)
if not MEDIA_URL.endswith("/") or (_media_address.netloc and _media_address.scheme not in ("http", "https")):
    raise ImproperlyConfigured(
        "MEDIA_URL must be a path or an http(s) address ending with a slash, "
        "for example /media/ or https://media.toasoan.hanoi.gov.vn/media/."
    )
MEDIA_ORIGIN = f"{_media_address.scheme}://{_media_address.netloc}" if _media_address.netloc else ""
if MEDIA_ORIGIN and _media_address.hostname and _media_address.hostname not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_media_address.hostname)

# --- Media storage (S3-compatible object storage when configured) ---------------
# With AWS_STORAGE_BUCKET_NAME set, uploads go to the bucket through django-storages, so
# any number of web replicas share them; otherwise they stay on local disk (MEDIA_ROOT).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_STORAGE: dict[str, Any]
if AWS_STORAGE_BUCKET_NAME:
    MEDIA_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Pictures are public; plain URLs (no signatures) let a CDN cache them.
            "querystring_auth": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000"},
        },
    }
else:
    MEDIA_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Django serves the files under MEDIA_ROOT itself (articles/public/media_views.py: Content-Type from the extension,
# nosniff, pictures inline, anything else as an attachment, 301s for renamed files) unless a bucket holds them;
# 0 when a front server serves MEDIA_ROOT (docs/deploy.md says how it must answer).
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)

STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {
        # Hashed, compressed file names need `collectstatic`; a developer's
        # runserver (DEBUG) serves the files as they are.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

# Public pages for anonymous readers are cached whole (articles/pagecache/) through the `default` cache; a
# change a reader can see makes them stale at once. Browsers keep a page PUBLIC_BROWSER_CACHE_SECONDS,
# the page cache and shared caches (a CDN) PUBLIC_PAGE_CACHE_SECONDS, never past the next scheduled publication.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "600"))
PUBLIC_BROWSER_CACHE_SECONDS = int(os.environ.get("PUBLIC_BROWSER_CACHE_SECONDS", "60"))
PUBLIC_STALE_WHILE_REVALIDATE_SECONDS = int(os.environ.get("PUBLIC_STALE_WHILE_REVALIDATE_SECONDS", "30"))
# A dotted path to a function called (without arguments) after every change a reader can see, for example
# to purge a CDN in front of the site (docs/deploy.md). Its failures are logged, never raised.
PAGE_CACHE_PURGE_HOOK = os.environ.get("PAGE_CACHE_PURGE_HOOK", "")

# Responsive picture renditions (articles/public/renditions.py): widths in pixels, generated once.
RENDITION_WIDTHS = (320, 640, 960, 1280)

CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
# ckeditor_uploader stores a file only under the random name articles/newsroom/uploads.py chose for the
# re-encoded picture; anything else reaching its storing is refused (never the uploader's name or extension).
CKEDITOR_FILENAME_GENERATOR = "articles.newsroom.uploads.ckeditor_file_name"
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": "Toasoan",
        "toolbar_Toasoan": [
            ["Format", "Bold", "Italic", "Underline", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["JustifyLeft", "JustifyCenter", "JustifyRight", "JustifyBlock"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["Undo", "Redo"],
            ["Source", "Maximize"],
        ],
        # image2 writes <figure><img><figcaption>, the markup the public
        # article page styles as a picture with its caption.
        # Pasted or dropped pictures are uploaded (uploadimage) to the same view and checks as the
        # picture dialog, or refused with a visible notification; paste from Word is cleaned (pastefromword, then
        # CKEditor's content filter, then the server's allow-list); the editing area is Vietnamese, spell-checked.
        "extraPlugins": "image2,uploadimage,pastefromword,notification",
        "removePlugins": "image",
        "image2_captionedClass": "image-captioned",
        "uploadUrl": "/ckeditor/upload/?responseType=json",
        "pasteFromWordRemoveFontStyles": True,
        "pasteFromWordPromptCleanup": False,
        "contentsLanguage": "vi",
        "disableNativeSpellChecker": False,
        "height": 420,
        "width": "100%",
    }
}

# --- Editorial workflow ---------------------------------------------------------------------
# CKEditor 4 (bundled by django-ckeditor) is end of life, hence the ckeditor.W001 warning. Mitigation:
# every article body is cleaned on save by an allow-list sanitiser (nh3, articles/newsroom/sanitize.py),
# uploads are checked and re-encoded with Pillow (articles/newsroom/uploads.py) and only staff reach the editor.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]

# Each editor's uploads go to their own folder, and the picture browser shows only their own pictures.
CKEDITOR_RESTRICT_BY_USER = True

# Login throttling (django-axes): after 5 failed logins for one user name from one address, that pair is
# locked for 15 minutes; a successful login clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_VERBOSE = False

# The default agency for articles that come without one (legacy import).
DEFAULT_AGENCY_SLUG = os.environ.get("DEFAULT_AGENCY_SLUG", "ubnd-thanh-pho-ha-noi")

# --- Cache and sessions ---------------------------------------------------------------
# The `default` cache holds the page cache. With REDIS_URL, Redis shared by all web replicas, with short socket
# timeouts and failures answered as misses (cms/cache.py): losing it costs speed, never a page or an edit.
# Without it, files under CACHE_DIR, shared by every process of the machine (the site and management
# commands alike, so an import shows on the running site's next request).
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT_SECONDS = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.25"))
CACHE_DIR = Path(os.environ.get("CACHE_DIR", BASE_DIR / "var" / "cache"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "toasoan"),
            "TIMEOUT": int(os.environ.get("CACHE_TIMEOUT", "300")),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": CACHE_DIR,
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }
# Sessions (editors only) live in the database: a cache outage must not log editors out or lose their work.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# With a read replica, a page rendered this soon after a change may come from rows the replica has not
# received yet: it is kept only until then.
REPLICA_MAX_LAG_SECONDS = int(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))

# --- Open data API ------------------------------------------------------------
# Requests a minute from one client address (cms/client_ip.py) before 429; 0 turns the limit off.
API_RATE_LIMIT_PER_MINUTE = int(os.environ.get("API_RATE_LIMIT_PER_MINUTE", "60"))
# Any web page may read the API and the JSON Feeds with GET (no cookies: nothing there depends on who asks).
CORS_URLS_REGEX = r"^/(api/.*|(.*/)?feed\.json)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Client addresses behind load balancers -----------------------------------
# How many proxies (load balancer, CDN) append to X-Forwarded-For in front of gunicorn; 0 when
# clients reach gunicorn directly. Login throttling counts failures per client address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cms.client_ip.client_ip"

# --- HTTPS and security headers (only when DEBUG is off) ------------------------
if not DEBUG:
    # TLS usually ends at the load balancer, which says so in X-Forwarded-Proto. Only turn
    # this on behind a proxy that sets (and strips from clients) that header.
    if env_bool("SECURE_PROXY_SSL_HEADER", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True

# --- Content Security Policy (django-csp 4) -------------------------------------
# On with DEBUG too, so that a page that breaks under the policy breaks on the developer's
# machine first. The public site is strict: scripts and styles from this site only. Pictures may also come
# from the media bucket or its CDN. Inline style *attributes* are allowed because editors'
# text alignment in CKEditor is saved as style="text-align: ...".
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS")
if MEDIA_ORIGIN:
    CSP_MEDIA_ORIGINS.append(MEDIA_ORIGIN)
if AWS_STORAGE_BUCKET_NAME:
    # Where django-storages' URLs point: the CDN domain, the S3-compatible endpoint, or AWS.
    _options: dict[str, Any] = MEDIA_STORAGE["OPTIONS"]
    if _options["custom_domain"]:
        CSP_MEDIA_ORIGINS.append(f"https://{_options['custom_domain']}")
    elif _options["endpoint_url"]:
        CSP_MEDIA_ORIGINS.append(_options["endpoint_url"].rstrip("/"))
    else:
        CSP_MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com")
        if _options["region_name"]:
            CSP_MEDIA_ORIGINS.append(f"https://{AWS_STORAGE_BUCKET_NAME}.s3.{_options['region_name']}.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *CSP_MEDIA_ORIGINS],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The admin and the CKEditor uploader (also kept on the primary database, cms/db_router.py).
ADMIN_PATH_PREFIXES = ("/quan-tri/", "/ckeditor/")
# CKEditor 4 builds its editing frame with inline scripts and styles and evaluates templates
# at run time, so pages under ADMIN_PATH_PREFIXES get these directives instead of the public
# ones (cms/csp.py).
CSP_RELAXED_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", *CSP_MEDIA_ORIGINS],
    # The upload tab of CKEditor's picture dialog shows the uploader's answer in a frame.
    "frame-ancestors": ["'self'"],
}

# --- Logging (JSON lines on standard output in production) ----------------------
# One JSON object per line is what log collectors (Loki, CloudWatch, ELK) parse without
# rules. LOG_FORMAT=text gives readable lines; development defaults to text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # ISO 8601 in UTC, whatever TIME_ZONE says.
            "timestamp": "time",
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Requests that fail (4xx/5xx) are logged by Django at WARNING/ERROR.
        "django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING"), "propagate": False},
        # runserver's request lines.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Email and alerts ----------------------------------------------------------
# Delivery goes through Django's email backend: SMTP configured here from the environment. `make run` (DEBUG)
# prints emails on the worker's output instead, unless EMAIL_BACKEND says otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cổng thông tin Thành phố Hà Nội <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as links in emails write it (no request to take it from in a worker).
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/") or (
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0]}"
)

# Release alerts and staff notifications (articles/alerts/, docs/alerts.md). Seconds unless said otherwise.
ALERTS_CHUNK_SIZE = int(os.environ.get("ALERTS_CHUNK_SIZE", "250"))  # emails one task sends over one connection
ALERTS_CLAIM_SECONDS = int(os.environ.get("ALERTS_CLAIM_SECONDS", "600"))  # a task's hold on its emails
ALERTS_QUEUED_SECONDS = int(os.environ.get("ALERTS_QUEUED_SECONDS", "300"))  # before the sweep queues them again
ALERTS_RETRY_BASE_SECONDS = float(os.environ.get("ALERTS_RETRY_BASE_SECONDS", "30"))
ALERTS_RETRY_MAX_SECONDS = float(os.environ.get("ALERTS_RETRY_MAX_SECONDS", "3600"))
ALERTS_MAX_ATTEMPTS = int(os.environ.get("ALERTS_MAX_ATTEMPTS", "10"))  # temporary refusals of one address
ALERTS_SWEEP_SECONDS = float(os.environ.get("ALERTS_SWEEP_SECONDS", "0"))  # 0: every minute, on the minute
ALERTS_DIGEST_HOUR = int(os.environ.get("ALERTS_DIGEST_HOUR", "17"))  # Hanoi time
ALERTS_SUBSCRIBE_PER_ADDRESS_PER_HOUR = int(os.environ.get("ALERTS_SUBSCRIBE_PER_ADDRESS_PER_HOUR", "10"))

# --- Task queue (Celery) ---------------------------------------------------------
# Production: a Redis of its own (never the evicting cache) or RabbitMQ, e.g. redis://broker:6379/0.
# Without CELERY_BROKER_URL: `make run` (DEBUG) uses a folder under var/ as the broker, so its worker needs no
# server; anything else (tests) keeps messages in the process's memory, where no worker reads them.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or (
    "filesystem://localhost/" if DEBUG else "memory://localhost/"
)
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "toasoan")
_celery_folder = Path(os.environ.get("CELERY_BROKER_FOLDER", BASE_DIR / "var" / "celery"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for _name in ("queue", "processed"):
        (_celery_folder / _name).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {
        "data_folder_in": str(_celery_folder / "queue"),
        "data_folder_out": str(_celery_folder / "queue"),
        "processed_folder": str(_celery_folder / "processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the longest retry delay, so that a task waiting for its retry is not handed out twice.
        "visibility_timeout": int(ALERTS_RETRY_MAX_SECONDS) * 2,
        # Publishing from a web request gives up quickly when the broker is down; the sweep catches up.
        "socket_connect_timeout": float(os.environ.get("CELERY_BROKER_CONNECT_TIMEOUT", "1")),
        # kombu would otherwise try to reconnect with pauses of seconds before giving up on a publish.
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
        "socket_timeout": 10,
        "global_keyprefix": os.environ.get("CELERY_BROKER_KEY_PREFIX", ""),
    }
CELERY_BROKER_CONNECTION_TIMEOUT = float(os.environ.get("CELERY_BROKER_CONNECT_TIMEOUT", "1"))
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged once done, and given back to the queue if its process dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The sweep (articles/alerts/tasks.py) announces what became public, including scheduled articles at their minute,
# sends the daily digests when due and picks up whatever a dead worker or an unreachable broker left behind.
CELERY_BEAT_SCHEDULE = {
    "alerts-sweep": {"task": "articles.alerts.tasks.sweep", "schedule": ALERTS_SWEEP_SECONDS or crontab(minute="*")}
}
CELERY_BEAT_SCHEDULE_FILENAME = os.environ.get("CELERY_BEAT_SCHEDULE_FILENAME", str(BASE_DIR / "var" / "celerybeat"))
