"""The permission matrix: every role × own/other agency × every kind of action, each cell asserted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from articles.newsroom import services
from articles.newsroom.models import Article
from tests.factories import (
    article_form_data,
    make_agency,
    make_article,
    make_editor,
    picture_file,
    split_datetime,
)

pytestmark = pytest.mark.django_db

Status = Article.Status

ROLES = ["writer", "approver", "site_admin"]
SCOPES = ["own", "other"]
ACTIONS = ["view", "add", "change", "submit", "approve", "publish", "withdraw", "upload"]

# Expected outcome of each cell. Site administrators work for every agency; writers and approvers only
# for their own. Writers create, edit drafts and submit; approvers edit, approve, publish and withdraw.
ALLOWED = {
    "writer": {"view", "add", "change", "submit", "upload"},
    "approver": {"view", "change", "approve", "publish", "withdraw", "upload"},
    "site_admin": set(ACTIONS),
}
EVERY_AGENCY = {"site_admin"}

CELLS = [
    pytest.param(role, scope, action, id=f"{role}-{scope}-{action}")
    for role in ROLES
    for scope in SCOPES
    for action in ACTIONS
]


def expected(role: str, scope: str, action: str) -> bool:
    return action in ALLOWED[role] and (scope == "own" or role in EVERY_AGENCY)


def test_matrix_enumerates_every_cell():
    assert len(CELLS) == len(ROLES) * len(SCOPES) * len(ACTIONS) == 48


@pytest.fixture
def world():
    own, other = make_agency("Sở Tài chính"), make_agency("Sở Y tế")
    return {"own": own, "other": other, "author": make_editor("tacgia", roles=("writer",), agencies=(own, other))}


def _article(world, scope: str, status: str) -> Article:
    article = make_article(f"Bài của {world[scope].name}", agency=world[scope], status=status)
    if status == Status.SUBMITTED:
        Article.objects.filter(pk=article.pk).update(submitted_by=world["author"])
        article.refresh_from_db()
    return article


def _status_after_step(client, article: Article, step: str, data: dict) -> str:
    client.post(reverse("admin:articles_article_step", args=[article.pk, step]), data)
    article.refresh_from_db()
    return article.status


@pytest.mark.parametrize(("role", "scope", "action"), CELLS)
def test_permission_cell(client, world, role, scope, action):
    user = make_editor(f"nguoidung-{role}", roles=(role,), agencies=(world["own"],))
    client.force_login(user)
    agency = world[scope]
    allowed = expected(role, scope, action)
    soon = split_datetime(timezone.now() + datetime.timedelta(minutes=1), "publish_at")

    if action == "view":
        article = _article(world, scope, Status.DRAFT)
        response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
        shown = response.status_code == 200 and article.title in response.content.decode()
        assert shown is allowed
    elif action == "add":
        data = {"title": "Bài mới thêm", "lead": "", "body": "<p>x</p>", "agency": agency.pk, "source": ""}
        data |= split_datetime(timezone.now(), "published_at")
        client.post(reverse("admin:articles_article_add"), data)
        assert Article.objects.filter(title="Bài mới thêm", agency=agency).exists() is allowed
    elif action == "change":
        article = _article(world, scope, Status.DRAFT)
        client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, title="Tiêu đề đã sửa"),
        )
        article.refresh_from_db()
        assert (article.title == "Tiêu đề đã sửa") is allowed
    elif action == "submit":
        article = _article(world, scope, Status.DRAFT)
        assert (_status_after_step(client, article, "gui-duyet", {"comment": ""}) == Status.SUBMITTED) is allowed
    elif action == "approve":
        article = _article(world, scope, Status.SUBMITTED)
        assert (_status_after_step(client, article, "duyet", soon) == Status.PUBLISHED) is allowed
    elif action == "publish":
        article = _article(world, scope, Status.WITHDRAWN)
        assert (_status_after_step(client, article, "dang-lai", soon) == Status.PUBLISHED) is allowed
    elif action == "withdraw":
        article = _article(world, scope, Status.PUBLISHED)
        status = _status_after_step(client, article, "go-bai", {"reason": "Sai số liệu"})
        assert (status == Status.WITHDRAWN) is allowed
    elif action == "upload":
        article = _article(world, scope, Status.DRAFT)
        client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, cover=picture_file("bia.png")),
        )
        article.refresh_from_db()
        assert bool(article.cover) is allowed
    else:  # pragma: no cover - the matrix lists every action above
        raise AssertionError(action)


@pytest.mark.parametrize(
    ("step", "status", "extra"),
    [
        (services.submit, Status.DRAFT, {}),
        (services.approve, Status.SUBMITTED, {}),
        (services.reject, Status.SUBMITTED, {"comment": "Sửa lại"}),
        (services.publish, Status.WITHDRAWN, {}),
        (services.withdraw, Status.PUBLISHED, {"reason": "Sai"}),
        (services.archive, Status.PUBLISHED, {}),
    ],
    ids=["submit", "approve", "reject", "publish", "withdraw", "archive"],
)
def test_services_refuse_other_agencies_even_when_called_directly(world, step, status, extra):
    """The admin is not the only guard: the service functions check the agency themselves."""
    user = make_editor("camot", roles=("writer", "approver"), agencies=(world["own"],))
    article = _article(world, "other", status)
    with pytest.raises(PermissionDenied):
        step(article=article, by=user, **extra)
    article.refresh_from_db()
    assert article.status == status


def test_changelist_shows_only_own_agencies(client, world):
    user = make_editor("bientap-tc", roles=("writer",), agencies=(world["own"],))
    make_article("Bài Sở Tài chính", agency=world["own"])
    make_article("Bài Sở Y tế", agency=world["other"])
    client.force_login(user)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Bài Sở Tài chính" in html and "Bài Sở Y tế" not in html


def test_agency_choices_and_autocomplete_offer_only_own_agencies(client, world):
    user = make_editor("bientap-tc", roles=("writer",), agencies=(world["own"],))
    client.force_login(user)
    form = client.get(reverse("admin:articles_article_add")).context["adminform"].form
    assert list(form.fields["agency"].queryset) == [world["own"]]
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "agency", "term": "Sở"},
    )
    assert [row["text"] for row in response.json()["results"]] == ["Sở Tài chính"]


def test_related_autocomplete_shows_own_articles_and_public_ones_only(client, world):
    user = make_editor("bientap-tc", roles=("writer",), agencies=(world["own"],))
    make_article("Nháp của mình", agency=world["own"], status=Status.DRAFT)
    make_article("Đã đăng của sở khác", agency=world["other"])
    make_article("Nháp của sở khác", agency=world["other"], status=Status.DRAFT)
    client.force_login(user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "related", "term": ""},
    )
    titles = {row["text"] for row in response.json()["results"]}
    assert titles == {"Nháp của mình", "Đã đăng của sở khác"}


def test_officials_and_programmes_are_shared_directory_data(client, world):
    from tests.factories import make_official

    make_official("Ngô Thị Thanh Hằng")
    user = make_editor("bientap-tc", roles=("writer",), agencies=(world["own"],))
    client.force_login(user)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "officials", "term": "Hằng"},
    )
    assert [row["text"] for row in response.json()["results"]] == ["Ngô Thị Thanh Hằng"]


def test_bulk_action_cannot_reach_other_agencies(client, world):
    user = make_editor("duyet-tc", roles=("approver",), agencies=(world["own"],))
    other = _article(world, "other", Status.SUBMITTED)
    client.force_login(user)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "approve_selected", "_selected_action": [other.pk]},
    )
    other.refresh_from_db()
    assert other.status == Status.SUBMITTED


def test_membership_is_editable_in_the_user_admin(client, world, django_user_model):
    boss = django_user_model.objects.create_superuser("sep", password="mat-khau-dai-123")
    user = make_editor("moi", roles=("writer",))
    client.force_login(boss)
    html = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    assert "cơ quan làm việc" in html and 'name="memberships-0-agency"' in html


def test_site_admin_cannot_make_anyone_superuser(client, world):
    admin_user = make_editor("quantri", roles=("site_admin",), agencies=(world["own"],))
    client.force_login(admin_user)
    form = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).context["adminform"].form
    assert "is_superuser" not in form.fields


def test_moving_an_article_to_another_agency_is_refused(client, world):
    user = make_editor("bientap-tc", roles=("writer", "approver"), agencies=(world["own"],))
    article = _article(world, "own", Status.DRAFT)
    client.force_login(user)
    response = client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        article_form_data(article, agency=world["other"].pk),
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.agency == world["own"]
