"""Put the pictures stored before the one upload rule through it (articles/picture_reencoding.py)."""

from django.core.management.base import BaseCommand

from articles.newsroom.picture_reencoding import ReencodeReport, reencode_stored_pictures


def _ids(label: str, ids: list[int]) -> str:
    return f"{label} {', '.join(str(pk) for pk in ids)}" if ids else ""


def report_lines(report: ReencodeReport) -> list[str]:
    """The report in Vietnamese, one line per file."""
    will = "Sẽ " if report.dry_run else "Đã "
    lines = ["Chạy thử (--dry-run): chưa thay đổi tệp hay dữ liệu nào."] if report.dry_run else []
    if report.rewritten:
        lines.append(f"{will}làm sạch tại chỗ, giữ nguyên tên, {len(report.rewritten)} ảnh:")
        lines += [f"  {name}" for name in report.rewritten]
    if report.renamed:
        lines.append(
            f"{will}đổi tên {len(report.renamed)} tệp có đuôi không đúng định dạng thật "
            "(địa chỉ cũ chuyển hướng 301 sang địa chỉ mới):"
        )
        for renamed in report.renamed:
            where = "; ".join(
                part
                for part in (_ids("bài viết mã", renamed.article_ids), _ids("cán bộ mã", renamed.official_ids))
                if part
            )
            lines.append(f"  {renamed.old_name} → {renamed.new_name}" + (f" (cập nhật {where})" if where else ""))
        if report.dry_run:
            lines.append("  (tên mới khi chạy thật là một tên ngẫu nhiên khác)")
    if report.refused:
        lines.append(
            f"Để nguyên {len(report.refused)} tệp không phải ảnh hợp lệ "
            "(chỉ được tải về, không hiển thị; hãy xem và xóa nếu không cần):"
        )
        lines += [f"  {name}: {why}" for name, why in report.refused]
    if report.missing:
        lines.append(f"Không tìm thấy {len(report.missing)} tệp mà bài viết hoặc cán bộ trỏ tới:")
        lines += [f"  {name}" for name in report.missing]
    if not report.changed:
        lines.append("Không có ảnh nào cần thay đổi.")
    lines.append(f"Ảnh đã sạch từ trước: {report.already_clean}.")
    return lines


class Command(BaseCommand):
    help = (
        "Làm sạch các ảnh đã lưu (ảnh đại diện, ảnh chân dung, ảnh tải lên qua CKEditor): mã hóa lại từng ảnh, "
        "đổi tên tệp có đuôi không đúng định dạng thật và cập nhật các bài viết, cán bộ trỏ tới chúng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ báo cáo sẽ thay đổi gì, không sửa gì.")

    def handle(self, *args, dry_run: bool, **options):
        report = reencode_stored_pictures(dry_run=dry_run)
        self.stdout.write("\n".join(report_lines(report)))
