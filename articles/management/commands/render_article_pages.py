"""`manage.py render_article_pages --origin https://HOST`: store the public article pages rendered by this code.

For a deploy (new templates, static files or settings change the pages' fingerprint): without it, each
page is rendered again on its first read after the deploy. Only missing, stale or old pages are rendered,
so running it again resumes; chunked by id, so memory stays flat however large the archive.
"""

from __future__ import annotations

import sys
import urllib.parse

from django.core.management import BaseCommand, CommandError
from django.http import HttpRequest
from django.test import RequestFactory
from tqdm import tqdm

from articles import rendered_pages
from articles.models import Article
from articles.views import ArticleDetailView

CHUNK_SIZE = 200


class Command(BaseCommand):
    help = "Dựng sẵn trang công khai của các bài viết đã đăng (sau mỗi lần triển khai)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--origin",
            required=True,
            metavar="URL",
            help="Địa chỉ gốc bạn đọc dùng, ví dụ https://toasoan.hanoi.gov.vn (các địa chỉ tuyệt đối trong trang).",
        )
        parser.add_argument("--chunk-size", type=int, default=CHUNK_SIZE)

    def handle(self, *args, origin: str, chunk_size: int, **options) -> None:
        parts = urllib.parse.urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise CommandError("--origin phải có dạng https://tên-miền")
        factory = RequestFactory(HTTP_HOST=parts.netloc)
        secure = parts.scheme == "https"
        fingerprint = rendered_pages.fingerprint(factory.get("/", secure=secure))
        pending = rendered_pages.stale_article_ids(fingerprint=fingerprint)
        show_progress = sys.stderr.isatty()
        progress = tqdm(
            total=pending.count() if show_progress else None,
            disable=not show_progress,
            file=sys.stderr,
            unit=" bài",
            desc="Đang dựng trang",
        )
        view = ArticleDetailView.as_view()
        rendered = last_pk = 0
        try:
            while True:
                chunk = list(pending.filter(pk__gt=last_pk)[:chunk_size])
                if not chunk:
                    break
                last_pk = chunk[-1]
                for pk, slug in Article.objects.filter(pk__in=chunk).order_by("pk").values_list("pk", "slug"):
                    request: HttpRequest = factory.get(Article(pk=pk, slug=slug).get_absolute_url(), secure=secure)
                    view(request, slug=slug)
                    rendered += 1
                    progress.update()
        finally:
            progress.close()
        self.stdout.write(f"Đã dựng {rendered} trang bài viết cho {origin}.")
