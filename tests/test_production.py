"""Production: the compose file, hardened settings, gunicorn + whitenoise, Redis, CSP, JSON logs, S3, replica."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import yaml
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from cms.db_router import PrimaryForAdminMiddleware, ReplicaRouter
from tests.factories import make_article, make_staff
from tests.services import in_ci, missing_service, require_redis

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
SITE_HOST = "toasoan.test"

# What an operator puts in .env (the values .env.example leaves empty).
OPERATOR_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": f"{SITE_HOST},127.0.0.1",
    "POSTGRES_PASSWORD": "mat-khau-csdl",
}


# --- The compose file and .env.example ---------------------------------------------------


def compose_web_environment(values: dict[str, str]) -> dict[str, str]:
    """The web service's environment as docker compose would pass it, given the .env values."""
    compose = yaml.safe_load(COMPOSE_FILE.read_text())
    raw = compose["services"]["web"]["environment"]

    def interpolate(text: str) -> str:
        def one(match: re.Match) -> str:
            name, op, arg = match.group(1), match.group(2), match.group(3) or ""
            value = values.get(name, "")
            if op == ":?" and not value:
                raise ValueError(f"{name} is required: {arg}")
            return value or (arg if op == ":-" else "")

        return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, str(text))

    return {name: interpolate(value) for name, value in raw.items()}


def variables_read_by_the_app() -> set[str]:
    names = set()
    for source in ("cms/settings.py", "gunicorn.conf.py"):
        text = (ROOT / source).read_text()
        names |= set(re.findall(r"""(?:environ\.get|env_bool|env_list)\(\s*["'](\w+)["']""", text))
    names |= set(re.findall(r"\$\{([A-Z_]\w*):-", (ROOT / "docker/entrypoint.sh").read_text()))
    return names


def test_every_variable_the_compose_file_passes_is_read_by_the_app():
    passed = set(compose_web_environment(OPERATOR_ENV))
    assert passed - variables_read_by_the_app() == set()


def test_every_variable_the_app_reads_is_explained_in_env_example():
    explained = set(re.findall(r"^#?\s?(\w+)=", ENV_EXAMPLE.read_text(), flags=re.MULTILINE))
    assert variables_read_by_the_app() - explained == set()


def test_compose_refuses_to_start_without_the_required_secrets():
    with pytest.raises(ValueError, match="SECRET_KEY"):
        compose_web_environment({**OPERATOR_ENV, "SECRET_KEY": ""})
    with pytest.raises(ValueError, match="POSTGRES_PASSWORD"):
        compose_web_environment({**OPERATOR_ENV, "POSTGRES_PASSWORD": ""})


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "compose", "version"], capture_output=True).returncode == 0:
        return [docker, "compose"]
    if shutil.which("docker-compose"):
        return [shutil.which("docker-compose")]
    return None


def test_docker_compose_config_accepts_the_file(tmp_path):
    command = compose_command()
    if command is None:
        missing_service("neither `docker compose` nor `docker-compose` is installed; .ci/run installs the latter")
    env_file = tmp_path / ".env"
    env_file.write_text(ENV_EXAMPLE.read_text() + "".join(f"{k}={v}\n" for k, v in OPERATOR_ENV.items()))
    result = subprocess.run(
        [*command, "--project-directory", str(ROOT), "-f", str(COMPOSE_FILE), "--env-file", str(env_file), "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    assert config["services"]["db"]["image"] == "postgres:15"
    assert set(config["services"]) == {"db", "redis", "broker", "web", "worker", "beat"}
    assert {"db-data", "media", "broker-data"} <= set(config["volumes"])
    web_env = config["services"]["web"]["environment"]
    assert web_env["DATABASE_URL"] == "postgres://toasoan:mat-khau-csdl@db:5432/toasoan"
    assert web_env["REDIS_URL"] == "redis://redis:6379/0"
    assert web_env["DEBUG"] == "0"


# --- Settings in a fresh process -----------------------------------------------------------


def django_env(**env: str) -> dict[str, str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in variables_read_by_the_app() and not k.startswith(("PYTEST", "DJANGO"))
    }
    return {**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=django_env(**env), capture_output=True, text=True, timeout=120
    )


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": OPERATOR_ENV["SECRET_KEY"], "ALLOWED_HOSTS": SITE_HOST}

DUMP_SETTINGS = """
import json, django
from django.conf import settings
from django.core.files.storage import default_storage
django.setup()
print(json.dumps({
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "cache": settings.CACHES["default"]["BACKEND"],
    "session_engine": settings.SESSION_ENGINE,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "conn_health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "databases": sorted(settings.DATABASES),
    "storage": type(default_storage._wrapped if default_storage._setup() is None else None).__name__,
    "log_formatter": settings.LOGGING["handlers"]["console"]["formatter"],
}))
"""


def dump_settings(**env: str) -> dict:
    result = run_python(DUMP_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_are_hardened():
    values = dump_settings(**PRODUCTION)
    assert values["ssl_redirect"] is True
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["session_secure"] is values["csrf_secure"] is True
    assert values["hsts"] == 31536000
    assert values["log_formatter"] == "json"
    assert values["conn_max_age"] == 60
    assert values["conn_health_checks"] is True
    # Editors' sessions in the database: losing Redis must not sign them out (tests/test_cache_outage.py).
    assert values["session_engine"] == "django.contrib.sessions.backends.db"


def test_development_stays_convenient():
    values = dump_settings(DEBUG="1")
    assert values["ssl_redirect"] is False
    assert values["proxy_header"] is None
    assert values["session_secure"] is False
    assert values["hsts"] == 0
    assert values["log_formatter"] == "text"
    # Shared by the machine's processes: a management command's change reaches runserver at once.
    assert values["cache"] == "django.core.cache.backends.filebased.FileBasedCache"
    assert values["storage"] == "FileSystemStorage"
    assert values["databases"] == ["default"]


def test_the_https_redirect_and_proxy_header_can_be_turned_off():
    values = dump_settings(**PRODUCTION, SECURE_SSL_REDIRECT="0", SECURE_PROXY_SSL_HEADER="0")
    assert values["ssl_redirect"] is False
    assert values["proxy_header"] is None


def test_redis_url_and_replica_url_select_the_backends():
    values = dump_settings(
        **PRODUCTION,
        REDIS_URL="redis://127.0.0.1:6379/1",
        DATABASE_URL="postgres://toasoan@127.0.0.1:5432/toasoan",
        DATABASE_REPLICA_URL="postgres://toasoan@127.0.0.1:5433/toasoan",
    )
    assert values["cache"] == "cms.cache.FailSafeRedisCache"
    assert values["databases"] == ["default", "replica"]


def test_media_go_to_s3_compatible_storage_when_a_bucket_is_set():
    code = """
import django
django.setup()
from django.core.files.storage import default_storage
from django.conf import settings
url = default_storage.url("covers/2018/06/anh.png")  # no network: public URLs are built locally
storage = default_storage._wrapped
print(type(storage).__name__, storage.bucket_name, storage.endpoint_url, storage.location)
print(" ".join(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]))
print(url)
"""
    result = run_python(
        code,
        **PRODUCTION,
        AWS_STORAGE_BUCKET_NAME="toasoan-media",
        AWS_S3_ENDPOINT_URL="https://s3.hn.example.vn",
        AWS_S3_CUSTOM_DOMAIN="media.toasoan.test",
        AWS_ACCESS_KEY_ID="khoa",
        AWS_SECRET_ACCESS_KEY="bi-mat",
    )
    assert result.returncode == 0, result.stderr
    first, img_src, url = result.stdout.strip().splitlines()[-3:]
    assert first == "S3Storage toasoan-media https://s3.hn.example.vn media"
    assert img_src == "'self' data: https://media.toasoan.test"
    assert url == "https://media.toasoan.test/media/covers/2018/06/anh.png"


def test_check_deploy_has_no_warnings_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=django_env(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


def test_django_logs_are_json_lines_on_stdout():
    code = """
import logging, django
django.setup()
logging.getLogger("articles").warning("Không lưu được bài %s", "Đẩy nhanh tiến độ")
"""
    result = run_python(code, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout.strip().splitlines()[-1])
    assert record["level"] == "WARNING"
    assert record["logger"] == "articles"
    assert record["message"] == "Không lưu được bài Đẩy nhanh tiến độ"
    assert record["time"].endswith("+00:00")  # ISO 8601, UTC


# --- In-process: CSP, cache and sessions against the real Redis, replica routing ----------


@pytest.mark.django_db
def test_public_pages_get_the_strict_content_security_policy(client):
    article = make_article()
    for url in (reverse("public:home"), article.get_absolute_url()):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self';" in policy + ";"
        assert "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "object-src 'none'" in policy


@pytest.mark.django_db
def test_pages_served_from_the_page_cache_keep_the_security_headers(client, django_assert_num_queries):
    make_article()
    first = client.get(reverse("public:home"))
    with django_assert_num_queries(0):  # served from the page cache
        again = client.get(reverse("public:home"))
    assert again.content == first.content
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert again[header] == first[header], header


@pytest.mark.django_db
def test_the_admin_gets_the_policy_ckeditor_needs(client):
    client.force_login(make_staff())
    for url in (reverse("admin:index"), reverse("admin:articles_article_add"), "/ckeditor/browse/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-inline' 'unsafe-eval'" in policy, url
        assert "style-src 'self' 'unsafe-inline'" in policy, url
        assert "object-src 'none'" in policy, url


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get(reverse("public:home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.fixture
def redis_cache():
    url = require_redis()
    config = {
        "default": {
            "BACKEND": "cms.cache.FailSafeRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"toasoan-test-{secrets.token_hex(4)}",
        }
    }
    with override_settings(CACHES=config):
        cache = caches["default"]
        yield cache
        cache.clear()


def test_the_cache_backend_works_against_the_real_redis(redis_cache):
    import redis

    redis_cache.set("bai-viet", {"tieu_de": "Đẩy nhanh tiến độ"}, timeout=60)
    assert redis_cache.get("bai-viet") == {"tieu_de": "Đẩy nhanh tiến độ"}
    assert redis_cache.add("luot-xem", 1) is True
    assert redis_cache.add("luot-xem", 5) is False
    assert redis_cache.incr("luot-xem") == 2
    # The value really is in Redis, not in this process.
    raw = redis.Redis.from_url(require_redis())
    assert raw.exists(redis_cache.make_key("bai-viet"))
    redis_cache.delete("bai-viet")
    assert redis_cache.get("bai-viet") is None


@pytest.mark.django_db
@pytest.mark.django_db(transaction=True)  # outside the test's own transaction, as in a request
def test_reads_go_to_the_replica_except_for_the_admin_and_transactions(settings, monkeypatch):
    from django.db import connections, transaction

    router = ReplicaRouter()
    assert router.db_for_read(None) is None  # no replica configured
    monkeypatch.setitem(connections.settings, "replica", connections.settings["default"])
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is True

    class Request:
        def __init__(self, path, method="GET"):
            self.path_info, self.method = path, method

    seen = {}

    def view(request):
        seen[request.path_info, request.method] = router.db_for_read(None)
        return None

    middleware = PrimaryForAdminMiddleware(view)
    middleware(Request("/bai-viet/x/"))
    middleware(Request("/quan-tri/articles/article/"))
    middleware(Request("/ckeditor/upload/", "POST"))
    middleware(Request("/", "POST"))
    assert seen == {
        ("/bai-viet/x/", "GET"): "replica",
        ("/quan-tri/articles/article/", "GET"): None,
        ("/ckeditor/upload/", "POST"): None,
        ("/", "POST"): None,
    }
    assert router.db_for_read(None) == "replica"
    with transaction.atomic():
        assert router.db_for_read(None) is None


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy trusted: the header is the client's word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left is ignored
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.7", "203.0.113.9"),  # CDN then load balancer
        (2, "203.0.113.9", "10.0.0.2"),  # fewer entries than proxies: not trusted
    ],
)
def test_login_throttling_sees_the_client_behind_trusted_proxies(settings, rf, proxies, forwarded, expected):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/quan-tri/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert get_client_ip_address(request) == expected


# --- gunicorn with the compose environment, on the local PostgreSQL and Redis -------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def served_database_url(tmp_path: Path) -> str:
    """A database for the served site: on the PostgreSQL run, one next to the test database."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp_path / 'served.sqlite3'}"
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + "_served"))


def recreate_postgres_database(url: str, *, create: bool = True) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if create:
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """gunicorn started through docker/entrypoint.sh with the compose file's environment.

    Only what names the machine changes: the database and Redis addresses (the local services
    instead of the `db` and `redis` containers), folders, the port and the number of workers.
    """
    tmp_path = tmp_path_factory.mktemp("served")
    redis_url = require_redis()
    env = compose_web_environment(OPERATOR_ENV)
    port = free_port()
    database_url = served_database_url(tmp_path)
    recreate_postgres_database(database_url)
    machine = {
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": f"toasoan-served-{secrets.token_hex(4)}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
    }
    env = django_env(**{**env, **machine}, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    # As the Dockerfile does at build time.
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    log = (tmp_path / "stdout.log").open("w+")
    process = subprocess.Popen(
        ["docker/entrypoint.sh", sys.executable, "-m", "gunicorn", "cms.wsgi:application", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {process.stderr.read()}\n{Path(log.name).read_text()}")
            try:
                if request(port, "/healthz").status in (200, 503):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer within 120 s")
                time.sleep(0.3)
        yield {"port": port, "static_root": Path(machine["STATIC_ROOT"]), "log": Path(log.name)}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        recreate_postgres_database(database_url, create=False)


class Answer:
    def __init__(self, response: http.client.HTTPResponse):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()


def request(port: int, path: str, *, https: bool = False, **headers: str) -> Answer:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": SITE_HOST, **headers}
    if https:
        # What the load balancer adds when it ends TLS.
        headers["X-Forwarded-Proto"] = "https"
    try:
        connection.request("GET", path, headers=headers)
        return Answer(connection.getresponse())
    finally:
        connection.close()


def test_gunicorn_redirects_plain_http_to_https(served_site):
    answer = request(served_site["port"], "/")
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{SITE_HOST}/"


def test_gunicorn_serves_a_page_with_the_production_headers(served_site):
    answer = request(served_site["port"], "/", https=True)
    assert answer.status == 200
    assert "Tòa soạn" in answer.body.decode() or "<html" in answer.body.decode()
    assert answer.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self';" in answer.headers["Content-Security-Policy"] + ";"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_gunicorn_serves_hashed_compressed_static_files_through_whitenoise(served_site):
    manifest = json.loads((served_site["static_root"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    answer = request(served_site["port"], f"/static/{hashed}", https=True, **{"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert answer.headers["Content-Encoding"] == "gzip"
    assert "immutable" in answer.headers["Cache-Control"]
    assert gzip.decompress(answer.body) == (ROOT / "static/css/site.css").read_bytes()
    # CKEditor's files, which the admin loads, are there too.
    ckeditor = manifest["paths"]["ckeditor/ckeditor/ckeditor.js"]
    assert request(served_site["port"], f"/static/{ckeditor}", https=True).status == 200


def test_gunicorn_admin_login_has_the_relaxed_policy_and_secure_cookies(served_site):
    answer = request(served_site["port"], "/quan-tri/login/", https=True)
    assert answer.status == 200
    assert "'unsafe-eval'" in answer.headers["Content-Security-Policy"]
    cookie = answer.headers["Set-Cookie"]
    assert "csrftoken=" in cookie and "Secure" in cookie


def test_gunicorn_healthz_sees_postgresql_or_sqlite_and_redis(served_site):
    answer = request(served_site["port"], "/healthz")  # load balancers probe over plain HTTP
    assert answer.status == 200
    assert json.loads(answer.body) == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def test_the_container_healthcheck_script_passes_against_the_served_site(served_site):
    env = {**os.environ, "PORT": str(served_site["port"]), "ALLOWED_HOSTS": OPERATOR_ENV["ALLOWED_HOSTS"]}
    result = subprocess.run(
        [sys.executable, "docker/healthcheck.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    unknown_port = {**env, "PORT": str(free_port())}
    assert subprocess.run([sys.executable, "docker/healthcheck.py"], cwd=ROOT, env=unknown_port).returncode == 1


def test_gunicorn_logs_are_json_lines(served_site):
    request(served_site["port"], "/khong-co-trang-nay/", https=True)
    time.sleep(0.5)
    lines = [line for line in served_site["log"].read_text().splitlines() if line.strip()]
    first_json = next(i for i, line in enumerate(lines) if line.startswith("{"))
    records = [json.loads(line) for line in lines[first_json:]]  # before: migrate's own output
    loggers = {record["logger"] for record in records}
    assert {"gunicorn.error", "gunicorn.access", "django.request"} <= loggers
    not_found = next(r for r in records if r["logger"] == "django.request")
    assert not_found["level"] == "WARNING"
    assert "/khong-co-trang-nay/" in not_found["message"]


def test_services_are_not_silently_skipped_in_ci(monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert in_ci()
    with pytest.raises(pytest.fail.Exception):
        missing_service("Redis is not reachable")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        missing_service("Redis is not reachable")
