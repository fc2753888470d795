import datetime
import unicodedata
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Agency, Article
from tests.factories import make_agency, make_appointment, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db
HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def seed_article() -> Article:
    agency = make_agency("Sở Kế hoạch và Đầu tư")
    official = make_official("Ngô Thị Thanh Hằng")
    make_appointment(
        official,
        agency=make_agency("Thành ủy Hà Nội"),
        title="Phó Bí thư Thường trực Thành ủy Hà Nội",
        start=datetime.date(2015, 10, 1),
        end=datetime.date(2020, 10, 15),
    )
    make_appointment(
        official,
        agency=make_agency("Quốc hội"),
        title="Phó Trưởng Ban Kinh tế Trung ương",
        start=datetime.date(2020, 10, 16),
    )
    return make_article(
        "Đẩy nhanh tiến độ các dự án trọng điểm",
        lead="Sáng 18/6, Phó Bí thư Thường trực Thành ủy Hà Nội Ngô Thị Thanh Hằng làm việc với Sở.",
        body='<p>Theo Sở Kế hoạch và Đầu tư…</p><figure class="image-captioned"><img src="/media/a.jpg" alt="Hội nghị">'
        "<figcaption>Phó Bí thư kết luận buổi làm việc.</figcaption></figure>",
        published_at=datetime.datetime(2018, 6, 18, 19, 52, tzinfo=HANOI),
        agency=agency,
        officials=[official],
        programmes=[make_programme("06-CTr/TU", title="Phát triển đồng bộ kết cấu hạ tầng đô thị")],
        source="Sở Kế hoạch và Đầu tư",
    )


def test_article_page_shows_vietnamese_date_with_weekday(client):
    article = seed_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Thứ Hai, 18/06/2018 19:52" in response.content.decode()


def test_article_page_shows_title_held_on_the_article_date_not_today(client):
    article = seed_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Ngô Thị Thanh Hằng</a>, Phó Bí thư Thường trực Thành ủy Hà Nội" in html
    assert "Phó Trưởng Ban Kinh tế Trung ương" not in html


def test_article_page_renders_every_part_in_nfc(client):
    article = seed_article()
    html = client.get(article.get_absolute_url()).content.decode()
    assert unicodedata.is_normalized("NFC", html)
    for text in [
        "<h1>Đẩy nhanh tiến độ các dự án trọng điểm</h1>",
        "Sáng 18/6, Phó Bí thư Thường trực",
        "<figcaption>Phó Bí thư kết luận buổi làm việc.</figcaption>",
        "Chương trình 06-CTr/TU",
        "Nguồn: Sở Kế hoạch và Đầu tư",
        'lang="vi"',
    ]:
        assert text in html


def test_article_page_lists_only_published_related_articles(client):
    agency = make_agency()
    visible = make_article("Bài liên quan đã đăng", agency=agency)
    draft = make_article("Bài liên quan còn nháp", agency=agency, status=Article.Status.DRAFT)
    article = make_article("Bài chính", agency=agency, related=[visible, draft])
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Bài liên quan đã đăng" in html
    assert "Bài liên quan còn nháp" not in html


def test_latest_lists_published_articles_with_lead_and_pagination(client):
    agency = make_agency()
    for day in range(25):
        make_article(
            f"Tin số {day}",
            lead=f"Sapo của tin số {day}",
            agency=agency,
            published_at=timezone.now() - datetime.timedelta(days=day),
        )
    first = client.get(reverse("public:latest")).content.decode()
    assert first.index("Tin số 0<") < first.index("Tin số 1<")
    assert "Sapo của tin số 0" in first
    assert "Tin số 24<" not in first
    second = client.get(reverse("public:latest") + "?page=2").content.decode()
    assert "Tin số 24<" in second


def test_agency_page_shows_contacts_articles_and_current_leaders(client):
    agency = make_agency("Sở Kế hoạch và Đầu tư", phone="024 3825 6637", email="sokhdt@hanoi.gov.vn")
    official = make_official("Nguyễn Văn Giám")
    make_appointment(official, agency=agency, title="Giám đốc Sở Kế hoạch và Đầu tư", start=datetime.date(2019, 1, 1))
    make_article("Bài của Sở", agency=agency)
    html = client.get(agency.get_absolute_url()).content.decode()
    assert "024 3825 6637" in html and "sokhdt@hanoi.gov.vn" in html
    assert "Bài của Sở" in html
    assert "Giám đốc Sở Kế hoạch và Đầu tư" in html


def test_renamed_agency_keeps_its_old_name_on_old_articles(client):
    old = make_agency("Sở Bưu chính, Viễn thông")
    article = make_article("Bài cũ", agency=old)
    new = make_agency("Sở Thông tin và Truyền thông")
    old.status, old.superseded_by = Agency.Status.RENAMED, new
    old.full_clean()
    old.save()
    assert "Sở Bưu chính, Viễn thông" in client.get(article.get_absolute_url()).content.decode()
    old_page = client.get(old.get_absolute_url()).content.decode()
    assert "nay là" in old_page and "Sở Thông tin và Truyền thông" in old_page


def test_official_page_lists_appointments_and_articles(client):
    official = make_official("Nguyễn Xuân Phúc")
    make_appointment(
        official, title="Thủ tướng Chính phủ", start=datetime.date(2016, 4, 7), end=datetime.date(2021, 4, 5)
    )
    make_article("Thủ tướng làm việc với Hà Nội", officials=[official])
    html = client.get(official.get_absolute_url()).content.decode()
    assert "Thủ tướng Chính phủ" in html and "07/04/2016" in html
    assert "Thủ tướng làm việc với Hà Nội" in html


def test_programme_page_lists_its_articles_newest_first(client):
    programme = make_programme("06-CTr/TU", title="Phát triển đồng bộ kết cấu hạ tầng đô thị")
    agency = make_agency()
    make_article(
        "Bài cũ hơn", agency=agency, programmes=[programme], published_at=timezone.now() - datetime.timedelta(days=9)
    )
    make_article(
        "Bài mới hơn", agency=agency, programmes=[programme], published_at=timezone.now() - datetime.timedelta(days=1)
    )
    make_article("Bài chương trình khác", agency=agency)
    html = client.get(programme.get_absolute_url()).content.decode()
    assert html.index("Bài mới hơn") < html.index("Bài cũ hơn")
    assert "Bài chương trình khác" not in html


@pytest.mark.parametrize("name", ["public:agency_list", "public:official_list", "public:programme_list"])
def test_directory_lists_render(client, name):
    make_agency("Thành ủy Hà Nội")
    make_official("Ngô Thị Thanh Hằng")
    make_programme("03-CTr/TU")
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert any(text in html for text in ["Thành ủy Hà Nội", "Ngô Thị Thanh Hằng", "03-CTr/TU"])


def test_unknown_page_answers_404_in_vietnamese(client):
    response = client.get("/bai-viet/khong-co-bai-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
