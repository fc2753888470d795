import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start_django(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.org"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS"),
    ],
)
def test_production_start_up_stops_without_required_setting(env, missing):
    result = start_django(DEBUG="0", **env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_production_starts_with_key_and_hosts():
    assert start_django(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org").returncode == 0


def test_development_starts_with_nothing_set():
    assert start_django(DEBUG="1").returncode == 0


def test_ckeditor_end_of_life_warning_is_silenced_with_the_sanitiser_as_mitigation():
    import io
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    assert "ckeditor.W001" in settings.SILENCED_SYSTEM_CHECKS
    out = io.StringIO()
    call_command("check", stdout=out, stderr=out)
    assert "ckeditor.W001" not in out.getvalue()
    source = (Path(settings.BASE_DIR) / "cms" / "settings.py").read_text()
    assert "nh3" in source.split("SILENCED_SYSTEM_CHECKS")[0].rsplit("---", 1)[-1]
