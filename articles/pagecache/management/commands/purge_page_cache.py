"""manage.py purge_page_cache: every cached page goes stale (after a deploy that changes templates or code)."""

from typing import Any

from django.core.management import BaseCommand

from articles.pagecache import store


class Command(BaseCommand):
    help = "Làm mới toàn bộ trang đã lưu trong bộ nhớ đệm (và gọi móc xóa CDN nếu có cấu hình)."

    def handle(self, *args: Any, **options: Any) -> None:
        store.bump()
        self.stdout.write("Đã làm mới bộ nhớ đệm trang: lần xem tới, mọi trang được dựng lại.")
