"""Superuser accounts are out of a site administrator's reach, through the admin over HTTP."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from tests.factories import ROLE_GROUPS, make_agency, make_editor, split_datetime

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-dai-123"
NEW_PASSWORD = "mat-khau-moi-cua-ke-gian-456"
OUT_OF_REACH = "chỉ một superuser mới được"


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("sep", "sep@example.com", PASSWORD)


@pytest.fixture
def site_admin(client):
    user = make_editor("quantri", roles=("site_admin",), agencies=(make_agency(),))
    client.force_login(user)
    return user


@pytest.fixture
def ordinary():
    return make_editor("bientap-thuong", roles=("writer",))


def may_delete_accounts(user) -> None:
    """The site administrators' group has no delete_user; a superuser may still give it to one of them."""
    user.user_permissions.add(Permission.objects.get(content_type__app_label="auth", codename="delete_user"))


def account_form_data(account, **changes) -> dict:
    """What the user admin's change form posts for `account`, with `changes` applied (False flags are left out)."""
    data = {
        "username": account.username,
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": account.is_active,
        "is_staff": account.is_staff,
        "is_superuser": account.is_superuser,
        "groups": [group.pk for group in account.groups.all()],
        "last_login_0": "",
        "last_login_1": "",
        **split_datetime(account.date_joined, "date_joined"),
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {key: ("on" if value is True else value) for key, value in data.items() if value is not False}


def password_form_data(password: str) -> dict:
    return {"password1": password, "password2": password, "usable_password": "true"}


def change_url(account) -> str:
    return reverse("admin:auth_user_change", args=[account.pk])


def password_url(account) -> str:
    return reverse("admin:auth_user_password_change", args=[account.pk])


def test_site_admin_sees_a_superuser_listed_and_read_only(client, site_admin, superuser):
    assert "sep@example.com" in client.get(reverse("admin:auth_user_changelist")).content.decode()
    response = client.get(change_url(superuser))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' not in html and 'name="_save"' not in html
    assert 'name="memberships-0-agency"' not in html


def test_site_admin_cannot_open_a_superusers_password_form(client, site_admin, superuser):
    response = client.get(password_url(superuser))
    assert response.status_code == 403
    assert OUT_OF_REACH in response.content.decode()


def test_site_admin_cannot_set_a_superusers_password(client, site_admin, superuser):
    response = client.post(password_url(superuser), password_form_data(NEW_PASSWORD))
    assert response.status_code == 403
    assert OUT_OF_REACH in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD) and not superuser.check_password(NEW_PASSWORD)


def test_site_admin_cannot_deactivate_demote_or_regroup_a_superuser(client, site_admin, superuser):
    password_hash = superuser.password
    response = client.post(
        change_url(superuser),
        account_form_data(
            superuser,
            is_active=False,
            is_superuser=False,
            groups=[Group.objects.get(name=ROLE_GROUPS["writer"]).pk],
            password="md5$muoi$0123456789abcdef0123456789abcdef",
        ),
    )
    assert response.status_code == 403
    assert OUT_OF_REACH in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_active and superuser.is_superuser
    assert not superuser.groups.exists() and superuser.password == password_hash


def test_site_admin_cannot_delete_a_superuser_from_its_page(client, site_admin, superuser):
    may_delete_accounts(site_admin)
    response = client.post(reverse("admin:auth_user_delete", args=[superuser.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(superuser).objects.filter(pk=superuser.pk).exists()


def test_bulk_delete_spares_superusers_and_says_so(client, site_admin, superuser, ordinary):
    may_delete_accounts(site_admin)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [superuser.pk, ordinary.pk], "post": "yes"},
        follow=True,
    )
    User = type(superuser)
    assert User.objects.filter(pk=superuser.pk).exists()
    assert not User.objects.filter(pk=ordinary.pk).exists()
    assert "Đã bỏ qua 1 tài khoản superuser (sep)" in response.content.decode()


def test_bulk_delete_of_only_superusers_deletes_nothing(client, site_admin, superuser):
    may_delete_accounts(site_admin)
    client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [superuser.pk], "post": "yes"},
    )
    assert type(superuser).objects.filter(pk=superuser.pk).exists()


def test_site_admin_still_manages_ordinary_accounts(client, site_admin, ordinary):
    assert client.post(password_url(ordinary), password_form_data(NEW_PASSWORD)).status_code == 302
    response = client.post(change_url(ordinary), account_form_data(ordinary, is_active=False))
    assert response.status_code == 302
    ordinary.refresh_from_db()
    assert ordinary.check_password(NEW_PASSWORD) and not ordinary.is_active


def test_site_admin_cannot_make_anyone_a_superuser_or_grant_permissions(client, site_admin, ordinary):
    permission = Permission.objects.get(content_type__app_label="auth", codename="delete_user")
    for account in (ordinary, site_admin):
        response = client.post(
            change_url(account), account_form_data(account, is_superuser=True, user_permissions=[permission.pk])
        )
        assert response.status_code == 302
        account.refresh_from_db()
        assert not account.is_superuser and not account.user_permissions.exists()


def test_a_superuser_acts_on_another_superuser(client, superuser, django_user_model):
    other = django_user_model.objects.create_superuser("sep-hai", "hai@example.com", PASSWORD)
    client.force_login(superuser)
    assert client.post(password_url(other), password_form_data(NEW_PASSWORD)).status_code == 302
    assert client.post(change_url(other), account_form_data(other, is_active=False)).status_code == 302
    other.refresh_from_db()
    assert other.check_password(NEW_PASSWORD) and not other.is_active
