"""The city the browser tests walk through: the Hanoi demo data plus enough articles to page through."""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from articles.newsroom import search_columns
from articles.newsroom.models import Agency, Article, Official, Programme
from tests.factories import make_article, picture_file

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"
FEATURED_TITLE = "Đẩy nhanh tiến độ các dự án trọng điểm"


@dataclass
class City:
    article: Article
    agency: Agency
    official: Official
    programme: Programme


def seed_city(*, extra_articles: int = 24) -> City:
    """Loads the demo data, gives the featured article a cover picture, and adds `extra_articles` more."""
    call_command("loaddata", str(DEMO_FIXTURE), verbosity=0)
    search_columns.rebuild(Article)  # loaddata skips Article.save(), which fills the search columns
    article = Article.objects.get(title=FEATURED_TITLE)
    article.cover = picture_file("hoi-nghi.jpg", size=(1200, 675), fmt="JPEG")
    article.cover_alt = "Phó Bí thư Thường trực Thành ủy phát biểu tại buổi làm việc với Sở Kế hoạch và Đầu tư"
    article.cover_caption = "Quang cảnh buổi làm việc."
    article.save()
    official = article.officials.order_by("pk").first()
    programme = article.programmes.get(code="06-CTr/TU")
    start = datetime.datetime(2017, 1, 2, 9, 0, tzinfo=HANOI)  # older than the demo articles
    for number in range(1, extra_articles + 1):
        make_article(
            f"Tiến độ dự án trọng điểm về giao thông, tuần {number}",
            lead=f"Báo cáo tuần {number} của Sở Kế hoạch và Đầu tư về các dự án trọng điểm của Thành phố.",
            body=f"<p>Trong tuần {number}, các chủ đầu tư đã đẩy nhanh giải phóng mặt bằng.</p>",
            published_at=start + datetime.timedelta(days=7 * number),
            agency=article.agency,
            officials=[official],
            programmes=[programme],
        )
    return City(article=article, agency=article.agency, official=official, programme=programme)
