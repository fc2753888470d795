"""RSS 2.0 and Atom feeds for the whole site and each agency, official and programme."""

import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.newsroom.models import Article
from tests.factories import make_agency, make_article, make_official, make_programme

pytestmark = pytest.mark.django_db
LONG_LEAD = (
    "Sáng 18/6, Phó Bí thư Thường trực Thành ủy Hà Nội làm việc với Sở Kế hoạch và Đầu tư về tiến độ các dự án "
    "trọng điểm; yêu cầu tháo gỡ vướng mắc giải phóng mặt bằng, đẩy nhanh giải ngân vốn đầu tư công, công khai "
    "minh bạch thông tin cho người dân và doanh nghiệp, bảo đảm chất lượng công trình & an toàn lao động."
)


@pytest.fixture
def world():
    agency = make_agency("Sở Kế hoạch và Đầu tư")
    official = make_official("Ngô Thị Thanh Hằng")
    programme = make_programme("06-CTr/TU", title="Phát triển kết cấu hạ tầng")
    published = make_article(
        "Đẩy nhanh tiến độ các dự án trọng điểm",
        lead=LONG_LEAD,
        agency=agency,
        officials=[official],
        programmes=[programme],
    )
    draft = make_article(
        "Bản nháp chưa duyệt",
        status=Article.Status.DRAFT,
        agency=agency,
        officials=[official],
        programmes=[programme],
    )
    future = make_article(
        "Bài hẹn giờ đăng",
        published_at=timezone.now() + datetime.timedelta(days=1),
        agency=agency,
        officials=[official],
        programmes=[programme],
    )
    return {"agency": agency, "official": official, "programme": programme, "published": published,
            "hidden": [draft, future]}  # fmt: skip


def feed_urls(world) -> list[str]:
    urls = [reverse("public:feed_rss"), reverse("public:feed_atom")]
    for kind in ("agency", "official", "programme"):
        for fmt in ("rss", "atom"):
            urls.append(reverse(f"public:{kind}_feed_{fmt}", kwargs={"slug": world[kind].slug}))
    return urls


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


def test_every_feed_parses_without_errors_and_lists_only_published_articles(client, world):
    for url in feed_urls(world):
        response, feed = parse(client, url)
        assert not feed.bozo, (url, feed.get("bozo_exception"))
        titles = [entry.title for entry in feed.entries]
        assert titles == [world["published"].title], url
        for hidden in world["hidden"]:
            assert hidden.title not in response.content.decode()


def test_feeds_are_rss_2_and_atom(client, world):
    assert parse(client, reverse("public:feed_rss"))[1].version == "rss20"
    assert parse(client, reverse("public:feed_atom"))[1].version == "atom10"


def test_feed_titles_are_vietnamese_and_descriptions_carry_the_full_lead(client, world):
    _, feed = parse(client, reverse("public:feed_rss"))
    assert feed.feed.title == "Tin mới – Cổng thông tin Thành phố Hà Nội"
    assert feed.feed.language == "vi"
    assert feed.entries[0].summary == LONG_LEAD
    _, agency_feed = parse(client, reverse("public:agency_feed_atom", kwargs={"slug": world["agency"].slug}))
    assert agency_feed.feed.title == "Sở Kế hoạch và Đầu tư – Cổng thông tin Thành phố Hà Nội"
    assert agency_feed.entries[0].summary == LONG_LEAD
    _, official_feed = parse(client, reverse("public:official_feed_rss", kwargs={"slug": world["official"].slug}))
    assert official_feed.feed.title == "Tin về Ngô Thị Thanh Hằng – Cổng thông tin Thành phố Hà Nội"
    _, programme_feed = parse(client, reverse("public:programme_feed_rss", kwargs={"slug": world["programme"].slug}))
    assert programme_feed.feed.title == "Chương trình 06-CTr/TU – Cổng thông tin Thành phố Hà Nội"


def test_feed_entries_link_to_the_article(client, world):
    _, feed = parse(client, reverse("public:feed_atom"))
    assert feed.entries[0].link == "http://testserver" + world["published"].get_absolute_url()


def test_feed_of_unknown_object_is_404(client, world):
    assert client.get(reverse("public:agency_feed_rss", kwargs={"slug": "khong-co"})).status_code == 404


@pytest.mark.parametrize("kind", ["agency", "official", "programme"])
def test_pages_link_their_feeds_with_rel_alternate(client, world, kind):
    obj = world[kind]
    html = client.get(obj.get_absolute_url()).content.decode()
    rss = reverse(f"public:{kind}_feed_rss", kwargs={"slug": obj.slug})
    atom = reverse(f"public:{kind}_feed_atom", kwargs={"slug": obj.slug})
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert f'href="{rss}"' in html
    assert 'type="application/atom+xml" title="' in html
    assert f'href="{atom}"' in html


def test_every_page_links_the_site_feeds(client, world):
    html = client.get(reverse("public:home")).content.decode()
    assert f'type="application/rss+xml" title="Tin mới (RSS)" href="{reverse("public:feed_rss")}"' in html
    assert f'type="application/atom+xml" title="Tin mới (Atom)" href="{reverse("public:feed_atom")}"' in html


def test_feed_entry_ids_survive_a_slug_change(client, world):
    _, before = parse(client, reverse("public:feed_atom"))
    article = world["published"]
    article.slug = "duong-dan-moi"
    article.save()
    _, after = parse(client, reverse("public:feed_atom"))
    assert before.entries[0].id == after.entries[0].id == f"urn:toasoan:bai-viet:{article.pk}"
    assert after.entries[0].link.endswith("/bai-viet/duong-dan-moi/")
