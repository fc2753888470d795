"""`manage.py import_legacy PATH [PATH ...]`: the old portal's text export into articles (see docs/import.md)."""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from tqdm import tqdm

from articles.legacy.results import FileResult, ImportReport
from articles.legacy.run import default_workers, import_legacy_files
from articles.legacy.sources import LegacySourceError, check_sources, count_legacy_files, iter_legacy_files
from articles.newsroom.models import Agency


class Command(BaseCommand):
    help = (
        "Nhập bài viết từ tệp xuất của cổng thông tin cũ. PATH là tệp .txt, thư mục (mọi tệp *.txt bên trong) "
        "hoặc tệp nén .zip."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Tệp, thư mục hoặc tệp .zip cần nhập.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đọc và báo cáo, không ghi gì.")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="In mỗi tệp một dòng JSON (bản ghi hoặc lỗi) ra đầu ra chuẩn.",
        )
        parser.add_argument(
            "--agency",
            default=settings.DEFAULT_AGENCY_SLUG,
            metavar="SLUG",
            help="Đường dẫn (slug) của cơ quan sở hữu các bài mới (mặc định: %(default)s).",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="Số tiến trình ghi song song (chỉ với PostgreSQL; mặc định: 2 nếu máy có từ 2 nhân, SQLite: 1).",
        )

    def handle(
        self, *args, paths: list[str], dry_run: bool, as_json: bool, agency: str, workers: int | None, **options
    ) -> None:
        if workers is not None and workers < 1:
            raise CommandError("--workers phải là số nguyên dương.")
        try:
            sources = check_sources(paths)
        except LegacySourceError as error:
            raise CommandError(str(error)) from None
        owner = Agency.objects.filter(slug=agency).first()
        if owner is None:
            raise CommandError(
                f"Không có cơ quan nào có đường dẫn “{agency}”. Hãy tạo cơ quan này trong trang quản trị "
                "hoặc chọn cơ quan khác bằng --agency SLUG."
            )

        show_progress = sys.stderr.isatty()
        progress = tqdm(
            total=count_legacy_files(sources) if show_progress else None,
            disable=not show_progress,
            file=sys.stderr,
            unit=" tệp",
            desc="Đang nhập",
        )

        def on_file(result: FileResult) -> None:
            progress.update()
            if as_json:
                self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))

        try:
            report = import_legacy_files(
                files=iter_legacy_files(sources),
                agency=owner,
                dry_run=dry_run,
                on_file=on_file,
                workers=workers or default_workers(),
                keep_records=as_json,
            )
        finally:
            progress.close()

        # With --json, standard output carries only the JSON lines: the summary goes to standard error.
        (self.stderr if as_json else self.stdout).write(summary(report))
        if report.interrupted:
            raise CommandError("Đã dừng giữa chừng. Chạy lại lệnh để nhập tiếp các tệp còn lại.", returncode=130)
        if report.has_errors:
            count = len(report.rejected) + len(report.failed)
            raise CommandError(f"Có {count} tệp không nhập được (xem danh sách ở trên).", returncode=1)


def summary(report: ImportReport) -> str:
    """The closing report an editor reads, in Vietnamese."""
    lines = ["Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu." if report.dry_run else "Kết quả nhập bài cũ:"]
    will = "sẽ " if report.dry_run else ""
    lines += [
        f"  Bài {will}nhập mới: {report.created}",
        f"  Bài {will}cập nhật: {report.updated}",
        f"  Bài không thay đổi: {report.unchanged}",
        f"  Tệp bị từ chối: {len(report.rejected)}",
    ]
    lines += [f"    - {problem.file_name}: {problem.detail}" for problem in sorted(report.rejected)]
    if report.failed:
        lines.append(f"  Tệp lỗi khi ghi (không ghi gì): {len(report.failed)}")
        lines += [f"    - {problem.file_name}: {problem.detail}" for problem in sorted(report.failed)]
    lines.append(f"  Xung đột (bài đã được sửa sau lần nhập trước, giữ nguyên): {len(report.conflicts)}")
    lines += [f"    - {problem.file_name}: {problem.detail}" for problem in sorted(report.conflicts)]
    if report.programmes_created:
        lines.append(
            f"  Chương trình mới {will}được tạo, cần biên tập viên xem lại: {', '.join(report.programmes_created)}"
        )
    if not report.dry_run:
        lines.append(f"  Liên kết bài liên quan mới: {report.related_links}")
        if report.reattributed:
            lines.append(
                f"  Bài được chuyển về đúng cơ quan theo dòng “Nguồn” (tên vừa được bổ sung): {report.reattributed}"
            )
    if report.unknown_sources:
        lines.append(
            "  Tên cơ quan ở dòng “Nguồn” chưa khớp cơ quan nào (bài được gán cho cơ quan mặc định; hãy thêm tên này "
            "vào “tên viết tắt, tên gọi khác” của cơ quan đúng rồi chạy lại lệnh nhập để chuyển bài):"
        )
        lines += [f"    - {name} ({count} bài)" for name, count in report.unknown_sources]
    if report.interrupted:
        lines.append("  Bị dừng giữa chừng: tệp đang nhập dở không được ghi; các tệp chưa đọc chưa được nhập.")
    return "\n".join(lines)
