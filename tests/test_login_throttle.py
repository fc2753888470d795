import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_editor

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dai-123"


def _login(client, username, password):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_five_failures_lock_the_account_from_that_address(client, settings):
    make_editor("lan", roles=("writer",))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "lan", "sai-mat-khau")
        assert response.status_code == 200  # the ordinary "wrong password" form
    response = _login(client, "lan", "sai-mat-khau")
    assert response.status_code == 429
    # Even the right password is refused while locked, with a Vietnamese explanation.
    response = _login(client, "lan", PASSWORD)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "đăng nhập sai quá nhiều lần" in html
    assert "thử lại sau 15 phút" in html
    assert "_auth_user_id" not in client.session


def test_lock_ends_after_the_cool_off(client, settings):
    make_editor("lan", roles=("writer",))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _login(client, "lan", "sai-mat-khau")
        assert _login(client, "lan", PASSWORD).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1), tick=False):
        assert _login(client, "lan", PASSWORD).status_code == 302


def test_other_accounts_are_not_locked_out_by_someone_elses_failures(client, settings):
    make_editor("lan", roles=("writer",))
    make_editor("minh", roles=("writer",))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "lan", "sai-mat-khau")
    assert _login(client, "minh", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, settings):
    make_editor("lan", roles=("writer",))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "lan", "sai-mat-khau")
    assert _login(client, "lan", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "lan", "sai-mat-khau")
    assert _login(client, "lan", PASSWORD).status_code == 302
