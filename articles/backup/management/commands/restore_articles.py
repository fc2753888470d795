"""manage.py restore_articles FILE [--media DIR]: rebuilds the content from an export_articles archive."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError, call_command

from articles.backup.archive import ArchiveError
from articles.backup.restore import LABELS, restore_archive
from articles.pagecache.invalidation import invalidation_batched


class Command(BaseCommand):
    help = (
        "Khôi phục bài viết và danh mục từ tệp do export_articles tạo ra, vào cơ sở dữ liệu chưa có nội dung "
        "(chạy migrate trước). Tài khoản được tạo lại không có mật khẩu."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Tệp JSON Lines do export_articles tạo ra.")
        parser.add_argument("--media", help="Thư mục tệp do export_articles --media tạo ra, để chép lại vào kho tệp.")

    def handle(self, *args, file: str, media: str | None = None, **options) -> None:
        try:
            # The cached public pages go stale once, when the whole archive is in.
            with open(file, encoding="utf-8") as lines, invalidation_batched():
                counts = restore_archive(lines, media=Path(media) if media else None)
        except FileNotFoundError as error:
            raise CommandError(f"Không tìm thấy tệp {file}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"Tệp {file} không phải văn bản UTF-8.") from error
        except ArchiveError as error:
            raise CommandError(f"Không khôi phục được, cơ sở dữ liệu giữ nguyên. {error}") from error
        # History starts at the restore: one first revision per article, as load_demo does.
        call_command(
            "createinitialrevisions",
            "articles.Article",
            "english.EnglishVersion",
            "pages.Page",
            comment="Khôi phục từ tệp lưu trữ",
            verbosity=0,
        )
        summary = ", ".join(f"{counts.get(kind, 0)} {label}" for kind, label in LABELS.items())
        if media:
            summary += f", {counts.get('file', 0)} tệp"
        self.stdout.write(f"Đã khôi phục: {summary}.")
