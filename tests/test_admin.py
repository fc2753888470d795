import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_official, make_programme, make_staff

pytestmark = pytest.mark.django_db


def png_upload(name: str = "anh.png") -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), "red").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def editor_client(client):
    client.force_login(make_staff())
    return client


def test_article_add_page_renders_ckeditor_for_staff(editor_client):
    response = editor_client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ckeditor/ckeditor.js" in html
    assert 'data-type="ckeditortype"' in html
    assert "Tiêu đề" in html  # Vietnamese field labels


def test_article_change_page_renders_ckeditor_and_view_on_site(editor_client):
    article = make_article("Đẩy nhanh tiến độ")
    response = editor_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-type="ckeditortype"' in html
    content_type = ContentType.objects.get_for_model(Article)
    assert reverse("admin:view_on_site", args=[content_type.pk, article.pk]) in html


@pytest.mark.parametrize("url_name", ["admin:articles_article_add", "admin:articles_article_changelist"])
def test_anonymous_user_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_picture_upload_is_refused(client, settings):
    response = client.post(reverse("ckeditor_upload"), {"upload": png_upload()})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    uploads = settings.MEDIA_ROOT / "uploads"
    assert not uploads.exists() or not any(uploads.rglob("*.png"))


def test_staff_picture_upload_is_stored(editor_client, settings):
    response = editor_client.post(reverse("ckeditor_upload"), {"upload": png_upload()})
    assert response.status_code == 200
    assert any((settings.MEDIA_ROOT / "uploads").rglob("*.png"))


def test_admin_article_list_has_search_filters_and_date_hierarchy(editor_client):
    programme = make_programme("06-CTr/TU")
    make_article("Đẩy nhanh tiến độ các dự án", agency=make_agency("Sở Kế hoạch và Đầu tư"), programmes=[programme])
    make_article("Bài khác hẳn")
    response = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "Đẩy nhanh"})
    html = response.content.decode()
    assert "Đẩy nhanh tiến độ các dự án" in html and "Bài khác hẳn" not in html
    changelist = response.context["cl"]
    # A year and a month filter stand for Django's date hierarchy, which lists years by reading every row.
    assert {spec.title for spec in changelist.filter_specs} >= {"cơ quan", "trạng thái", "chương trình", "năm đăng"}
    year = timezone.localtime(Article.objects.get(title="Bài khác hẳn").published_at).year
    by_year = editor_client.get(reverse("admin:articles_article_changelist"), {"nam": year}).content.decode()
    assert "Bài khác hẳn" in by_year
    assert (
        "Bài khác hẳn"
        not in editor_client.get(reverse("admin:articles_article_changelist"), {"nam": year - 3}).content.decode()
    )
    by_programme = editor_client.get(reverse("admin:articles_article_changelist"), {"chuong_trinh": programme.pk})
    assert "Đẩy nhanh tiến độ các dự án" in by_programme.content.decode()
    assert "Bài khác hẳn" not in by_programme.content.decode()


def test_admin_autocomplete_finds_officials(editor_client):
    make_official("Ngô Thị Thanh Hằng")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "articles", "model_name": "article", "field_name": "officials", "term": "Thanh Hằng"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Ngô Thị Thanh Hằng"]


def test_saving_in_admin_records_who_created_and_changed(editor_client):
    agency = make_agency()
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        {
            "title": "Thông cáo mới",
            "slug": "",
            "lead": "Sapo",
            "body": "<p>Nội dung</p>",
            "status": "draft",
            "published_at_0": "18/06/2018",
            "published_at_1": "19:52",
            "agency": agency.pk,
            "source": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="Thông cáo mới")
    assert article.slug == "thong-cao-moi"
    assert article.created_by.username == "bientap" and article.updated_by.username == "bientap"
    assert article.local_date.isoformat() == "2018-06-18"


def test_appointment_inline_refuses_two_overlapping_rows(editor_client):
    agency = make_agency()
    prefix = "appointments"
    data = {
        "full_name": "Nguyễn Văn Thử",
        "slug": "",
        "biography": "",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, start in enumerate(["01/01/2016", "01/01/2018"]):
        data |= {
            f"{prefix}-{i}-title": "Giám đốc Sở",
            f"{prefix}-{i}-agency": agency.pk,
            f"{prefix}-{i}-start_date": start,
            f"{prefix}-{i}-end_date": "",
            f"{prefix}-{i}-order": "0",
        }
    response = editor_client.post(reverse("admin:articles_official_add"), data)
    assert response.status_code == 200
    assert "trùng thời gian" in response.content.decode()


def test_links_removed_in_the_form_are_removed(editor_client):
    """The change page reads the links' ids in one query; saving must still replace them (not only add)."""
    official, kept = make_official("Cán bộ bỏ đi"), make_official("Cán bộ giữ lại")
    article = make_article("Bài có liên kết", status=Article.Status.DRAFT, officials=[official, kept])
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert editor_client.get(url).status_code == 200
    from tests.factories import article_form_data

    response = editor_client.post(url, article_form_data(article, officials=[kept.pk]))
    assert response.status_code == 302
    assert list(article.officials.all()) == [kept]


def test_the_admin_search_finds_words_with_or_without_diacritics_and_legacy_ids(editor_client):
    make_article("Hà Nội khởi công cầu Trần Hưng Đạo", legacy_id="cu-123")
    make_article("Bài khác hẳn", body="<p>Nội dung có chữ cầu đường.</p>")
    changelist = reverse("admin:articles_article_changelist")
    for term in ("cau tran hung", "Cầu Trần", "khoi cong", "cu-123"):
        html = editor_client.get(changelist, {"q": term}).content.decode()
        assert "Hà Nội khởi công cầu Trần Hưng Đạo" in html and "Bài khác hẳn" not in html, term
    both = editor_client.get(changelist, {"q": "cau"}).content.decode()
    assert "Hà Nội khởi công" in both and "Bài khác hẳn" in both  # the body is searched too


def test_a_search_counts_its_matches_only_up_to_a_cap(editor_client, monkeypatch):
    from articles.newsroom.admin.article_search import SearchPaginator

    monkeypatch.setattr(SearchPaginator, "CAP", 3)
    for number in range(5):
        make_article(f"Thông cáo số {number}")
    html = editor_client.get(reverse("admin:articles_article_changelist"), {"q": "thong cao"}).content.decode()
    assert "Hơn 3 kết quả" in html
