"""Recompute the derived search columns (plain body text, folded text, PostgreSQL vectors) of every article."""

from django.core.management.base import BaseCommand

from articles.newsroom import search_columns
from articles.newsroom.models import Article


class Command(BaseCommand):
    help = "Tính lại dữ liệu tìm kiếm của mọi bài viết (sau khi nhập dữ liệu hoặc sửa trực tiếp cơ sở dữ liệu)."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, batch_size: int, **options):
        count = search_columns.rebuild(Article, batch_size=batch_size)
        self.stdout.write(f"Đã tính lại dữ liệu tìm kiếm của {count} bài viết.")
