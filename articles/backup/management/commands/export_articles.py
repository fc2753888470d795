"""manage.py export_articles [--output FILE]: the JSON Lines archive (articles/archive.py)."""

from django.core.management import BaseCommand, CommandError

from articles.backup.archive import ArchiveError, export_archive


class Command(BaseCommand):
    help = (
        "Xuất toàn bộ bài viết cùng các liên kết (cơ quan, cán bộ, chương trình, bài liên quan) "
        "và danh mục ra tệp JSON Lines đọc được bằng mắt; khôi phục bằng restore_articles."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", "-o", help="Tệp ghi ra (mặc định: đầu ra chuẩn).")

    def handle(self, *args, output: str | None = None, **options) -> None:
        try:
            if output:
                with open(output, "w", encoding="utf-8", newline="\n") as stream:
                    count = export_archive(stream)
                self.stderr.write(f"Đã xuất {count} bài viết vào {output}.")
            else:
                export_archive(self.stdout)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {output}: {error.strerror}.") from error
