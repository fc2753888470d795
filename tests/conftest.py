import pytest


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploads go to a temporary folder; static files are served unhashed (no collectstatic in tests)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests run with DEBUG off (production settings) over plain HTTP; tests/test_production.py
    # turns the HTTPS redirect back on where it checks it.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _isolated_cache(settings, tmp_path):
    """Each test starts with no cached pages, in the cache the site uses without Redis (files)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": tmp_path / "cache"}
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many accounts; a fast hasher keeps the suite quick (production keeps Django's default)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, with a snapshot of it as the migrations left it (groups and the like).

    The browser tests (tests/browser) need a transactional database, which is emptied after each test; they
    restore this snapshot before each journey.
    """
    from django.db import connection

    with django_db_blocker.unblock():
        connection.migrated_snapshot = connection.creation.serialize_db_to_string()


@pytest.fixture
def writer_client(client):
    """A client signed in as a writer of one agency (`client.agency`): allowed to upload pictures."""
    from tests.factories import make_agency, make_editor

    agency = make_agency()
    writer = make_editor("lan", roles=("writer",), agencies=(agency,))
    client.force_login(writer)
    client.agency = agency
    return client


@pytest.fixture(autouse=True)
def _vietnamese_to_start_with():
    """Each test starts in Vietnamese: a request to /en/ leaves English active in the thread (Django activates the
    language per request and never deactivates it), which would change the next test's reverse() results."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.activate("vi")
