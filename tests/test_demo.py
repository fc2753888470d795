import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from articles.newsroom.models import Agency, Article, Official, Programme

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_hanoi_directory_and_an_editor(client):
    call_command("load_demo", verbosity=0)
    assert {"Thành ủy Hà Nội", "Ban Thường vụ Thành ủy", "Sở Kế hoạch và Đầu tư", "UBND thành phố Hà Nội"} <= set(
        Agency.objects.values_list("name", flat=True)
    )
    assert {"Ngô Thị Thanh Hằng", "Nguyễn Xuân Phúc"} <= set(Official.objects.values_list("full_name", flat=True))
    assert set(Programme.objects.values_list("code", flat=True)) >= {"06-CTr/TU", "03-CTr/TU"}
    assert Article.objects.published().count() >= 3
    editor = get_user_model().objects.get(username="bientap")
    assert editor.is_staff and editor.check_password("bientap-demo-2018")
    # Through the real login form: django-axes needs the request, which client.login() does not pass.
    response = client.post(reverse("admin:login"), {"username": "bientap", "password": "bientap-demo-2018"})
    assert response.status_code == 302
    assert client.get(reverse("admin:articles_article_add")).status_code == 200
    assert {group.name for group in editor.groups.all()} == {"Biên tập viên", "Người duyệt"}
    assert set(editor.memberships.values_list("agency__name", flat=True)) >= {"Sở Kế hoạch và Đầu tư"}
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert "Đẩy nhanh tiến độ" in changelist.content.decode()


def test_demo_seed_article_shows_titles_of_2018(client):
    call_command("load_demo", verbosity=0)
    html = client.get(
        reverse("public:article_detail", args=["day-nhanh-tien-do-cac-du-an-trong-diem"])
    ).content.decode()
    assert "Thứ Hai, 18/06/2018 19:52" in html
    assert "Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy Hà Nội" in html


def test_load_demo_twice_keeps_one_copy():
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug="day-nhanh-tien-do-cac-du-an-trong-diem")
    assert Version.objects.get_for_object(article).count() == 1
    assert get_user_model().objects.filter(username="bientap").count() == 1
    assert Article.objects.filter(slug="day-nhanh-tien-do-cac-du-an-trong-diem").count() == 1


def test_demo_articles_are_found_by_search_without_diacritics(client):
    call_command("load_demo", verbosity=0)
    html = client.get(reverse("search:results"), {"q": "du an trong diem"}).content.decode()
    seed_url = reverse("public:article_detail", args=["day-nhanh-tien-do-cac-du-an-trong-diem"])
    assert f'href="{seed_url}"' in html


def test_demo_approver_can_log_in_and_is_only_an_approver(client):
    call_command("load_demo", verbosity=0)
    approver = get_user_model().objects.get(username="duyetbai")
    assert {group.name for group in approver.groups.all()} == {"Người duyệt"}
    response = client.post(reverse("admin:login"), {"username": "duyetbai", "password": "duyetbai-demo-2018"})
    assert response.status_code == 302
