"""manage.py export_articles [--output FILE] [--media DIR]: the JSON Lines archive (articles/backup/archive.py)."""

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from articles.backup.archive import ArchiveError, export_archive, sections
from articles.backup.media import copy_out, files_named_by


class Command(BaseCommand):
    help = (
        "Xuất toàn bộ nội dung (bài viết cùng các liên kết, danh mục, văn bản, bản tiếng Anh, trang, người phát ngôn, "
        "thông tin cổng và trình đơn) ra tệp JSON Lines đọc được bằng mắt; khôi phục bằng restore_articles."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="Tệp ghi ra (mặc định: đầu ra chuẩn).")
        parser.add_argument(
            "--media",
            help="Thư mục (trống) để chép vào mọi tệp tải lên mà bản lưu trữ nhắc tới (ảnh, tệp văn bản, biểu trưng).",
        )

    def handle(self, *args, output: str | None = None, media: str | None = None, **options) -> None:
        by_type = {section.type: section for section in sections()}
        files: set[str] = set()

        def seen(record: dict[str, Any]) -> None:
            if record["type"] in by_type:
                files.update(files_named_by(by_type[record["type"]], record))

        collect = seen if media else None
        if media:
            directory = Path(media)
            if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
                raise CommandError(f"Thư mục {media} phải trống (hoặc chưa có).")
        try:
            if output:
                with open(output, "w", encoding="utf-8", newline="\n") as stream:
                    count = export_archive(stream, seen=collect)
                self.stderr.write(f"Đã xuất {count} bài viết vào {output}.")
            else:
                export_archive(self.stdout, seen=collect)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror}.") from error
        if media:
            directory.mkdir(parents=True, exist_ok=True)
            copied = copy_out(files, directory)
            self.stderr.write(f"Đã chép {len(copied.copied)} tệp vào {media}.")
            if copied.missing:
                self.stderr.write(
                    f"Không tìm thấy {len(copied.missing)} tệp được nhắc tới: " + ", ".join(copied.missing[:20])
                )
