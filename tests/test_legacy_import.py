"""`import_legacy` writes: exact articles, links, idempotency, updates and conflicts, nothing half-done."""

import datetime
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

import articles.legacy.importing
from articles.legacy.models import LegacyImport
from articles.newsroom.models import Article, Programme
from tests.factories import make_agency, make_official, make_programme
from tests.legacy_helpers import GOOD_SAMPLES, SAMPLES, Run, default_agency, expected, legacy_text, write_legacy

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SAMPLE_000 = SAMPLES / "000_aa9be8dcd83bf31c.txt"


@pytest.fixture
def agency():
    return default_agency()


def expected_body(record: dict) -> str:
    """Sample 000 has one picture, after its first body paragraph."""
    paragraphs = [f"<p>{escape(text)}</p>" for text in record["paragraphs"]]
    figure = (
        '<figure class="image-captioned"><img src="/static/img/anh-con-thieu.svg" alt="">'
        f"<figcaption>{escape(record['images'][0]['caption'])}</figcaption></figure>"
    )
    return "\n".join([paragraphs[0], figure, *paragraphs[1:]])


def test_every_field_of_the_record_lands_in_the_article(agency):
    run = Run(SAMPLE_000)
    assert run.status == 0, run.out + run.err
    record = expected(SAMPLE_000)
    article = Article.objects.get(legacy_id=record["legacy_id"])
    assert article.title == record["title"]
    assert article.published_at == datetime.datetime(2018, 6, 18, 19, 52, tzinfo=HANOI)
    assert article.lead == record["lead"]
    assert article.body == expected_body(record)
    assert article.body.count("<img") == 1  # the placeholder of the picture the export lacks
    assert article.source == record["source"]
    assert article.related_titles == record["related_titles"]
    assert article.status == Article.Status.PUBLISHED
    assert article.agency == agency
    assert article in Article.objects.published()


@pytest.mark.parametrize("path", GOOD_SAMPLES, ids=lambda p: p.stem)
def test_every_sample_becomes_the_matching_article(agency, path):
    assert Run(path).status == 0
    record = expected(path)
    article = Article.objects.get(legacy_id=record["legacy_id"])
    assert (article.title, article.lead, article.source) == (record["title"], record["lead"], record["source"])
    assert (
        article.published_at.isoformat()
        == datetime.datetime.fromisoformat(record["published_at"]).astimezone(datetime.UTC).isoformat()
    )
    for paragraph in record["paragraphs"]:
        assert f"<p>{escape(paragraph)}</p>" in article.body
    assert article.body.count("<figure") == len(record["images"])
    assert sorted(article.programmes.values_list("code", flat=True)) == record["programmes"]


def test_agency_option_and_unknown_agency(agency):
    other = make_agency("Sở Xây dựng Hà Nội", slug="so-xay-dung")
    assert Run(SAMPLE_000, "--agency", "so-xay-dung").status == 0
    assert Article.objects.get().agency == other

    run = Run(SAMPLE_000, "--agency", "khong-co")
    assert run.status == 1
    assert "Không có cơ quan nào có đường dẫn “khong-co”" in run.error


def test_links_programmes_officials_and_agencies_named_in_the_text(agency, tmp_path):
    hang = make_official("Ngô Thị Thanh Hằng")
    make_official("Nguyễn Văn Không Nhắc")
    planning = make_agency("Sở Kế hoạch và Đầu tư", aliases="Sở KH&ĐT\nSở Kế hoạch và Đầu tư Hà Nội")
    city = make_agency("UBND thành phố Hà Nội (cũ)", aliases="UBND TP")
    make_agency("Sở Không Nhắc")
    known = make_programme("06-CTr/TU")
    write_legacy(
        tmp_path,
        "a1",
        legacy_text(
            "Kiểm tra Chương trình 06-CTr/TU",
            lead="Đồng chí Ngô Thị Thanh Hằng làm việc với Sở KH&ĐT.",
            body=["UBND TP giao Chương trình 99-CTr/TU cho các sở.", "Sở KH&ĐTX không phải là tên cơ quan."],
        ),
    )
    run = Run(tmp_path)
    assert run.status == 0
    article = Article.objects.get(legacy_id="a1")
    assert list(article.officials.all()) == [hang]
    assert set(article.mentioned_agencies.all()) == {planning, city}
    new = Programme.objects.get(code="99-CTr/TU")
    assert new.needs_review
    assert set(article.programmes.all()) == {known, new}
    assert "Chương trình mới được tạo, cần biên tập viên xem lại: 99-CTr/TU" in run.out


def test_directory_lookups_do_not_cost_a_query_per_article(agency, tmp_path):
    make_official("Ngô Thị Thanh Hằng")
    make_agency("Sở Kế hoạch và Đầu tư")
    make_programme("06-CTr/TU")
    body = ["Ngô Thị Thanh Hằng và Sở Kế hoạch và Đầu tư thực hiện Chương trình 06-CTr/TU."]

    def directory_queries(count: int, folder: Path) -> int:
        for i in range(count):
            write_legacy(folder, f"{folder.name}-{i}", legacy_text(f"Bài {folder.name} số {i}", body=body))
        with CaptureQueriesContext(connection) as queries:
            assert Run(folder).status == 0
        directory_tables = ("articles_official", "articles_agency", "articles_programme")
        return sum(
            1
            for query in queries
            if query["sql"].lstrip().upper().startswith("SELECT")
            and any(f'FROM "{table}"' in query["sql"] for table in directory_tables)
        )

    # The owning agency, then officials, agencies and programmes loaded once, and the agencies once more at the
    # end to re-file articles whose `Nguồn` was unknown (here "Sở Thử nghiệm"): the same for 1 file as for 12.
    assert directory_queries(1, tmp_path / "one") == directory_queries(12, tmp_path / "twelve") == 5
    assert Article.objects.filter(officials__full_name="Ngô Thị Thanh Hằng").count() == 13


def test_second_run_creates_nothing_and_reports_every_file_unchanged(agency):
    first = Run(*GOOD_SAMPLES)
    assert "Bài nhập mới: 12" in first.out
    rows = (Article.objects.count(), LegacyImport.objects.count(), Programme.objects.count())

    with CaptureQueriesContext(connection) as queries:
        second = Run(*GOOD_SAMPLES)
    assert second.status == 0
    assert "Bài nhập mới: 0" in second.out
    assert "Bài không thay đổi: 12" in second.out
    assert (Article.objects.count(), LegacyImport.objects.count(), Programme.objects.count()) == rows
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_same_record_in_another_encoding_is_unchanged(agency, tmp_path):
    text = legacy_text("Hà Nội đẩy mạnh cải cách", body=["Đoạn một."])
    write_legacy(tmp_path / "v1", "same", text)
    write_legacy(tmp_path / "v2", "same", text.replace("\n", "\r\n"), encoding="utf-16")
    Run(tmp_path / "v1")
    assert "Bài không thay đổi: 1" in Run(tmp_path / "v2").out


def test_changed_file_updates_its_article(agency, tmp_path):
    make_programme("06-CTr/TU")
    write_legacy(tmp_path / "v1", "a1", legacy_text("Tiêu đề cũ", body=["Theo Chương trình 06-CTr/TU."]))
    Run(tmp_path / "v1")
    article = Article.objects.get(legacy_id="a1")
    slug = article.slug

    write_legacy(tmp_path / "v2", "a1", legacy_text("Tiêu đề mới", body=["Theo Chương trình 07-CTr/TU."]))
    run = Run(tmp_path / "v2")
    assert "Bài cập nhật: 1" in run.out
    article.refresh_from_db()
    assert article.title == "Tiêu đề mới"
    assert article.body == "<p>Theo Chương trình 07-CTr/TU.</p>"
    assert list(article.programmes.values_list("code", flat=True)) == ["07-CTr/TU"]
    assert article.slug == slug  # the address does not move
    assert Article.objects.filter(legacy_id="a1").count() == 1
    assert "Bài không thay đổi: 1" in Run(tmp_path / "v2").out


def test_changed_file_leaves_an_article_an_editor_changed_and_reports_a_conflict(agency, tmp_path):
    write_legacy(tmp_path / "v1", "a1", legacy_text("Tiêu đề gốc", body=["Đoạn gốc."]))
    Run(tmp_path / "v1")
    article = Article.objects.get(legacy_id="a1")
    article.lead = "Sapo do biên tập viên sửa."
    article.save()

    write_legacy(tmp_path / "v2", "a1", legacy_text("Tiêu đề gốc", body=["Đoạn đã đổi trên cổng cũ."]))
    run = Run(tmp_path / "v2")
    assert run.status == 0
    assert "Xung đột (bài đã được sửa sau lần nhập trước, giữ nguyên): 1" in run.out
    assert "a1.txt: bài “Tiêu đề gốc” đã được sửa" in run.out
    article.refresh_from_db()
    assert article.lead == "Sapo do biên tập viên sửa."
    assert article.body == "<p>Đoạn gốc.</p>"


def test_editor_unpublishing_is_an_edit_too(agency, tmp_path):
    write_legacy(tmp_path / "v1", "a1", legacy_text("Tiêu đề", body=["Một."]))
    Run(tmp_path / "v1")
    article = Article.objects.get(legacy_id="a1")
    article.status = Article.Status.DRAFT
    article.save()
    write_legacy(tmp_path / "v2", "a1", legacy_text("Tiêu đề", body=["Hai."]))
    assert "giữ nguyên): 1" in Run(tmp_path / "v2").out
    assert Article.objects.get(legacy_id="a1").status == Article.Status.DRAFT


def related_files(folder: Path) -> None:
    write_legacy(folder, "a", legacy_text("Bài A về giao thông", body=["bai a ve giao thong Bài B về đô thị", "Một."]))
    write_legacy(
        folder,
        "b",
        legacy_text("Bài B về đô thị", body=["bai b ve do thi Bài A về giao thông", "bai b ve do thi Bài chưa có"]),
    )


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a")])
def test_related_links_do_not_depend_on_the_order_of_files(agency, tmp_path, order):
    related_files(tmp_path)
    for legacy_id in order:  # two separate imports, in either order
        Run(tmp_path / f"{legacy_id}.txt")
    a, b = Article.objects.get(legacy_id="a"), Article.objects.get(legacy_id="b")
    assert list(a.related.all()) == [b]
    assert list(b.related.all()) == [a]
    assert b.related_titles == ["Bài A về giao thông", "Bài chưa có"]


def test_related_links_within_one_import_and_unmatched_titles_on_the_page(agency, tmp_path, client):
    related_files(tmp_path)
    run = Run(tmp_path)
    assert "Liên kết bài liên quan mới: 2" in run.out
    b = Article.objects.get(legacy_id="b")
    page = client.get(reverse("public:article_detail", kwargs={"slug": b.slug})).content.decode()
    a = Article.objects.get(legacy_id="a")
    assert f'<a href="{a.get_absolute_url()}">Bài A về giao thông</a>' in page
    assert '<li class="unlinked">Bài chưa có</li>' in page


def test_link_an_editor_removed_between_untouched_articles_stays_removed(agency, tmp_path):
    related_files(tmp_path)
    Run(tmp_path)
    a = Article.objects.get(legacy_id="a")
    a.related.clear()
    write_legacy(tmp_path / "more", "c", legacy_text("Bài C", body=["Đoạn."]))
    Run(tmp_path / "more")
    assert not a.related.exists()


def test_zip_archive_input(agency, tmp_path):
    archive = tmp_path / "xuat.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in GOOD_SAMPLES[:3]:
            zipped.write(path, f"thang-6/{path.name}")
        zipped.write(SAMPLES / "bad" / "015_21da506188b95d86.txt", "015_21da506188b95d86.txt")
        zipped.writestr("__MACOSX/thang-6/._000_aa9be8dcd83bf31c.txt", b"\x00\x05\x16\x07")
        zipped.writestr("doc-truoc.pdf", b"%PDF")
    run = Run(archive, "--json")
    assert run.status == 1
    assert {line["legacy_id"] for line in run.json_lines()} == {p.stem for p in GOOD_SAMPLES[:3]} | {
        "015_21da506188b95d86"
    }
    assert set(Article.objects.values_list("legacy_id", flat=True)) == {p.stem for p in GOOD_SAMPLES[:3]}
    assert "xuat.zip:015_21da506188b95d86.txt: không tìm thấy dòng ngày giờ đăng" in run.err


def test_folder_input_reads_every_txt_below(agency, tmp_path):
    write_legacy(tmp_path / "2018" / "06", "deep", legacy_text("Bài sâu"))
    (tmp_path / "ghi-chu.md").write_text("không phải bài")
    assert Run(tmp_path).status == 0
    assert list(Article.objects.values_list("legacy_id", flat=True)) == ["deep"]


def test_missing_path_is_a_clear_error(agency, tmp_path):
    run = Run(tmp_path / "khong-co")
    assert run.status == 1
    assert "Không tìm thấy" in run.error


def fail_on(monkeypatch, legacy_id: str, error: BaseException) -> None:
    """Break the import of one file after its article row is written, before its links."""
    original = articles.legacy.importing.write_links

    def breaking(*, article, **kwargs):
        assert Article.objects.filter(pk=article.pk).exists()  # the row is written inside the transaction
        if article.legacy_id == legacy_id:
            raise error
        return original(article=article, **kwargs)

    monkeypatch.setattr(articles.legacy.importing, "write_links", breaking)


def test_a_file_failing_midway_leaves_no_partial_article_and_does_not_stop_the_others(agency, tmp_path, monkeypatch):
    make_programme("06-CTr/TU")
    for name in ("a", "b", "c"):
        write_legacy(tmp_path, name, legacy_text(f"Bài {name}", body=["Chương trình 07-CTr/TU."]))
    fail_on(monkeypatch, "b", RuntimeError("ổ đĩa đầy"))
    run = Run(tmp_path)
    assert run.status == 1
    assert "b.txt: lỗi khi ghi vào cơ sở dữ liệu (RuntimeError: ổ đĩa đầy)" in run.out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["a", "c"]
    assert not LegacyImport.objects.filter(article__legacy_id="b").exists()

    monkeypatch.undo()
    rerun = Run(tmp_path)
    assert rerun.status == 0
    assert "Bài nhập mới: 1" in rerun.out and "Bài không thay đổi: 2" in rerun.out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["a", "b", "c"]
    assert Programme.objects.filter(code="07-CTr/TU").count() == 1


def test_ctrl_c_midway_stops_cleanly_and_a_rerun_completes(agency, tmp_path, monkeypatch):
    for name in ("a", "b", "c"):
        write_legacy(tmp_path, name, legacy_text(f"Bài {name}"))
    fail_on(monkeypatch, "b", KeyboardInterrupt())
    run = Run(tmp_path)
    assert run.status == 130
    assert "Bị dừng giữa chừng" in run.out
    assert list(Article.objects.values_list("legacy_id", flat=True)) == ["a"]

    monkeypatch.undo()
    assert Run(tmp_path).status == 0
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == ["a", "b", "c"]


KILLED_IMPORT_DRIVER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.core.management import call_command
    import articles.legacy.importing
    from articles.newsroom.models import Agency

    call_command("migrate", verbosity=0)
    Agency.objects.get_or_create(slug="ubnd-thanh-pho-ha-noi", defaults={"name": "UBND thành phố Hà Nội"})
    folder, signal_file = sys.argv[1], sys.argv[2]
    if signal_file != "-":
        original, calls = articles.legacy.importing.write_links, []

        def hang_in_third_file(**kwargs):
            calls.append(1)
            if len(calls) == 3:  # the third article row is written, its transaction still open
                open(signal_file, "w").close()
                time.sleep(120)
            return original(**kwargs)

        articles.legacy.importing.write_links = hang_in_third_file
    call_command("import_legacy", folder)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_import_killed_with_sigkill_midway_then_rerun_ends_with_every_article_once(tmp_path):
    folder = tmp_path / "xuat"
    for i in range(6):
        write_legacy(folder, f"bai-{i}", legacy_text(f"Bài số {i}"))
    database = tmp_path / "killed.sqlite3"
    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "PYTHONPATH": str(root),
    }
    command = [sys.executable, "-c", KILLED_IMPORT_DRIVER, str(folder)]
    signal_file = tmp_path / "third-file-open"
    process = subprocess.Popen(
        [*command, str(signal_file)], cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not signal_file.exists():
        assert process.poll() is None, process.stderr.read().decode()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    process.send_signal(signal.SIGKILL)
    process.wait()
    process.stderr.close()

    def legacy_ids() -> list[str]:
        with sqlite3.connect(database) as db:
            return sorted(row[0] for row in db.execute("SELECT legacy_id FROM articles_article"))

    assert legacy_ids() == ["bai-0", "bai-1"]  # the third file's transaction died with the process

    finished = subprocess.run([*command, "-"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    assert "Bài nhập mới: 4" in finished.stdout
    assert legacy_ids() == [f"bai-{i}" for i in range(6)]


def test_summary_exit_status_and_json_stream(agency, tmp_path):
    write_legacy(tmp_path, "tot", legacy_text("Bài tốt"))
    write_legacy(tmp_path, "rong", "")
    run = Run(tmp_path, "--json")
    assert run.status == 1
    assert "Có 1 tệp không nhập được" in run.error
    lines = run.json_lines()  # standard output carries only JSON lines
    assert [line["legacy_id"] for line in lines] == ["rong", "tot"]
    assert lines[0] == {"legacy_id": "rong", "error": "empty"}
    assert "Bài nhập mới: 1" in run.err
    assert f"{tmp_path / 'rong.txt'}: tệp rỗng, không có nội dung" in run.err

    only_good = Run(tmp_path / "tot.txt")
    assert only_good.status == 0
    assert "Tệp bị từ chối: 0" in only_good.out


def test_dry_run_writes_nothing_but_previews_the_outcome(agency, tmp_path):
    write_legacy(tmp_path, "a", legacy_text("Bài A", body=["Chương trình 42-CTr/TU."]))
    with CaptureQueriesContext(connection) as queries:
        run = Run(tmp_path, "--dry-run")
    assert run.status == 0
    assert not Article.objects.exists() and not Programme.objects.exists()
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert "Bài sẽ nhập mới: 1" in run.out
    assert "Chương trình mới sẽ được tạo, cần biên tập viên xem lại: 42-CTr/TU" in run.out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(agency, tmp_path, monkeypatch):
    write_legacy(tmp_path, "a", legacy_text("Bài A"))
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    Run(tmp_path)
    assert "Đang nhập" in terminal.getvalue()

    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    run = Run(tmp_path)
    assert piped.getvalue() == "" and "Đang nhập" not in run.err


def test_json_record_lines_are_the_spec_records(agency):
    run = Run(SAMPLE_000, "--json")
    assert json.loads(run.out) == expected(SAMPLE_000)


def test_admin_shows_mentioned_agencies_and_legacy_related_titles(agency, tmp_path, client, django_user_model):
    make_agency("Sở Kế hoạch và Đầu tư")
    related_files(tmp_path)
    write_legacy(tmp_path, "c", legacy_text("Bài C", body=["Sở Kế hoạch và Đầu tư họp.", "bai c Bài chưa có"]))
    Run(tmp_path)
    client.force_login(django_user_model.objects.create_superuser("quantri", "qt@example.com", "mat-khau-dai-123"))
    article = Article.objects.get(legacy_id="c")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "cơ quan được nhắc đến" in page.lower()
    assert "Bài chưa có" in page
