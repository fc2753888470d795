"""What makes `import_legacy` fast, pinned as behaviour: several writing processes on PostgreSQL (with their races
and failures handled), lost races retried, cached pages refreshed once per chunk, vectors of folded words."""

import datetime
import importlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from django.db import connection

import articles.legacy.importing
import articles.pagecache.invalidation
import articles.pagecache.store
from articles.legacy.workers import worker_for
from articles.newsroom import search_columns
from articles.newsroom.models import Article, Programme
from articles.newsroom.text import fold, slug_base
from tests.factories import make_article, make_programme
from tests.legacy_helpers import Run, default_agency, legacy_text, write_legacy

ROOT = Path(__file__).resolve().parent.parent
postgresql_only = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="several writers need PostgreSQL"
)


def ids_for_each_worker(count: int, prefix: str) -> tuple[list[str], list[str]]:
    """`count` legacy ids that the first of two workers gets, and `count` that the second gets."""
    first, second, n = [], [], 0
    while len(first) < count or len(second) < count:
        legacy_id = f"{prefix}{n}"
        (first if worker_for(legacy_id, 2) == 0 else second).append(legacy_id)
        n += 1
    return first[:count], second[:count]


# --- several processes (PostgreSQL) ------------------------------------------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_import_every_file_once_with_the_same_summary_as_one(tmp_path):
    default_agency()
    make_programme("06-CTr/TU")
    first, second = ids_for_each_worker(30, "w")
    for n, legacy_id in enumerate(first + second):
        # The same titles in both workers' shares (their slugs collide), one new programme mentioned everywhere,
        # and a related-article line in one worker's file naming an article of the other's.
        title = "Bài đích" if n == 59 else f"Bài chung số {n % 30}"
        body = ["Thực hiện Chương trình 06-CTr/TU và Chương trình 77-CTr/TU."]
        if n == 0:
            body.append(f"{fold(title)} Bài đích")
        write_legacy(tmp_path, legacy_id, legacy_text(title, body=body))
    write_legacy(tmp_path, "rong", "")

    run = Run(tmp_path, "--workers", "2")
    assert run.status == 1, run.out + run.err  # the empty file
    assert "Bài nhập mới: 60" in run.out
    assert "rong.txt: tệp rỗng" in run.out
    assert "Tệp lỗi khi ghi" not in run.out
    assert "Chương trình mới được tạo, cần biên tập viên xem lại: 77-CTr/TU" in run.out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == sorted(first + second)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 60
    assert Programme.objects.filter(code="77-CTr/TU").count() == 1
    assert Programme.objects.get(code="77-CTr/TU").articles.count() == 60
    assert Article.objects.get(legacy_id=first[0]).related.get().legacy_id == second[-1]

    rerun = Run(tmp_path, "--workers", "2")
    assert "Bài nhập mới: 0" in rerun.out and "Bài không thay đổi: 60" in rerun.out


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_files_of_a_worker_that_dies_are_reported_failed_and_a_rerun_imports_them(tmp_path, monkeypatch):
    default_agency()
    first, second = ids_for_each_worker(5, "d")
    for legacy_id in first + second:
        write_legacy(tmp_path, legacy_id, legacy_text(f"Bài {legacy_id}"))
    original = articles.legacy.importing.write_links

    def dying(*, article, **kwargs):
        if article.legacy_id == first[2]:
            os._exit(3)  # the worker process dies in the middle of this file's transaction
        return original(article=article, **kwargs)

    monkeypatch.setattr(articles.legacy.importing, "write_links", dying)  # inherited by the forked workers
    run = Run(tmp_path, "--workers", "2")
    assert run.status == 1
    assert f"{first[2]}.txt: tiến trình nhập số 1 dừng bất thường (mã 3)" in run.out
    imported = set(Article.objects.values_list("legacy_id", flat=True))
    assert set(second) <= imported
    assert first[2] not in imported  # nothing half-done
    lost = [line for line in run.out.splitlines() if "dừng bất thường" in line]
    assert len(lost) + len(imported) == 10  # every file is either imported or reported

    monkeypatch.undo()
    rerun = Run(tmp_path, "--workers", "2")
    assert rerun.status == 0, rerun.out
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == sorted(first + second)


KILLED_DRIVER = textwrap.dedent(
    """
    import os, sys, time
    import django
    django.setup()
    from django.core.management import execute_from_command_line
    import articles.legacy.importing

    folder, signal_file = sys.argv[1], sys.argv[2]
    if signal_file != "-":
        original = articles.legacy.importing.write_links

        def hang(**kwargs):
            if kwargs["article"].legacy_id == "treo":
                with open(signal_file, "w") as marker:
                    marker.write(str(os.getpid()))
                time.sleep(120)  # in a worker, its transaction open
            return original(**kwargs)

        articles.legacy.importing.write_links = hang
    execute_from_command_line(["manage.py", "import_legacy", folder, "--workers", "2"])  # exit status as manage.py
    """
)


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["kill -9 of the main process", "Ctrl-C"])
def test_stopping_the_import_stops_its_workers_and_a_rerun_ends_with_every_article_once(tmp_path, how):
    default_agency()
    folder = tmp_path / "xuat"
    for i in range(8):
        write_legacy(folder, f"bai-{i}", legacy_text(f"Bài số {i}"))
    write_legacy(folder, "treo", legacy_text("Bài làm treo tiến trình"))
    settings = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}",
        "DJANGO_SETTINGS_MODULE": "cms.settings",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-c", KILLED_DRIVER, str(folder)]
    signal_file = tmp_path / "worker-hanging"
    process = subprocess.Popen(
        [*command, str(signal_file)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal would give it
    )
    deadline = time.monotonic() + 60
    while not (signal_file.exists() and signal_file.read_text()):
        assert process.poll() is None, process.stderr.read()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    worker = int(signal_file.read_text())
    if how == "Ctrl-C":
        os.killpg(process.pid, signal.SIGINT)  # the terminal sends it to every process of the group
        out, _ = process.communicate(timeout=30)
        assert process.returncode == 130
        assert "Bị dừng giữa chừng" in out
    else:
        process.send_signal(signal.SIGKILL)
        process.communicate()

    deadline = time.monotonic() + 10
    while True:  # the worker stops too (and the database rolls back its open transaction)
        try:
            os.kill(worker, 0)
        except ProcessLookupError:
            break
        assert time.monotonic() < deadline, "the import's worker outlived the stopped import"
        time.sleep(0.1)
    assert not Article.objects.filter(legacy_id="treo").exists()

    finished = subprocess.run([*command, "-"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert sorted(Article.objects.values_list("legacy_id", flat=True)) == sorted(
        [f"bai-{i}" for i in range(8)] + ["treo"]
    )


@pytest.mark.django_db
def test_workers_option_must_be_positive(tmp_path):
    default_agency()
    run = Run(tmp_path, "--workers", "0")
    assert run.status == 1
    assert "--workers phải là số nguyên dương" in run.error


@pytest.mark.django_db
def test_inside_a_transaction_the_import_stays_in_one_process(tmp_path, monkeypatch):
    """Other processes could not see the uncommitted rows (the agency, the directory) of an open transaction."""
    default_agency()
    write_legacy(tmp_path, "mot", legacy_text("Bài một"))
    monkeypatch.setattr("articles.legacy.workers.parallel_results", None)  # would fail if called
    assert Run(tmp_path, "--workers", "2").status == 0
    assert Article.objects.filter(legacy_id="mot").exists()


# --- lost races are retried (any database) ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_slug_taken_meanwhile_is_retried_with_a_free_one(tmp_path, monkeypatch):
    default_agency()
    make_article("Bài trùng tên", slug=slug_base("Bài trùng tên"))
    write_legacy(tmp_path, "trung", legacy_text("Bài trùng tên"))
    # As if another worker committed that slug after this chunk looked the slugs up.
    monkeypatch.setattr(articles.legacy.importing._Importer, "_taken_slugs", lambda self, titles: set())
    run = Run(tmp_path)
    assert run.status == 0, run.out
    assert Article.objects.get(legacy_id="trung").slug == "bai-trung-ten-2"


@pytest.mark.django_db
def test_a_programme_created_meanwhile_is_linked_not_created_again(tmp_path, monkeypatch):
    default_agency()
    write_legacy(tmp_path, "ctr", legacy_text("Bài chương trình", body=["Thực hiện Chương trình 55-CTr/TU."]))
    load = articles.legacy.importing.Directory.load

    def stale_directory():
        directory = load()
        make_programme("55-CTr/TU")  # another worker created it after this one loaded the directory
        return directory

    monkeypatch.setattr(articles.legacy.importing.Directory, "load", stale_directory)
    run = Run(tmp_path)
    assert run.status == 0, run.out
    assert Programme.objects.filter(code="55-CTr/TU").count() == 1
    assert list(Article.objects.get(legacy_id="ctr").programmes.values_list("code", flat=True)) == ["55-CTr/TU"]
    assert "Chương trình mới" not in run.out


# --- cached pages ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cached_pages_are_refreshed_once_per_chunk_not_per_file(tmp_path, monkeypatch, client):
    default_agency()
    client.get("/")  # cached before the import
    for i in range(5):
        write_legacy(tmp_path, f"bai-{i}", legacy_text(f"Bài thứ {i} được nhập"))
    bumps = []
    original = articles.pagecache.store.bump
    monkeypatch.setattr(articles.pagecache.store, "bump", lambda: (bumps.append(1), original()))
    monkeypatch.setattr(articles.legacy.importing, "CHUNK_SIZE", 2)
    assert Run(tmp_path).status == 0
    assert len(bumps) == 3  # chunks of 2, 2 and 1 files
    assert "Bài thứ 4 được nhập" in client.get("/").content.decode()


@pytest.mark.django_db
def test_changes_inside_a_batch_make_pages_stale_once_at_its_end(monkeypatch):
    bumps = []
    monkeypatch.setattr(articles.pagecache.store, "bump", lambda: bumps.append(1))
    with articles.pagecache.invalidation.invalidation_batched():
        make_article("Một")
        make_article("Hai")
        assert bumps == []
    assert bumps == [1]
    with articles.pagecache.invalidation.invalidation_batched():
        pass
    assert bumps == [1]  # nothing changed, nothing to refresh


# --- search vectors ------------------------------------------------------------------------------------------------


def test_vector_words_are_folded():
    title, lead, text = "Đẩy nhanh tiến độ", "Dự án, trọng điểm!", "Thủ đô Hà Nội\n2018"
    folded_title, folded_lead, folded_text = search_columns.vector_params(title, lead, text)
    assert (folded_title, folded_lead, folded_text) == ("day nhanh tien do", "du an trong diem", "thu do ha noi 2018")
    assert folded_text == fold(text)


@postgresql_only
@pytest.mark.django_db
def test_migration_rewrites_vectors_of_unfolded_words():
    article = make_article("Đẩy nhanh tiến độ")
    Article.objects.filter(pk=article.pk).update(search_vector=None)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET search_vector = to_tsvector('simple', 'đẩy nhanh') WHERE id = %s",
            [article.pk],
        )
    migration = importlib.import_module("articles.newsroom.migrations.0009_vectors_of_folded_words")
    from django.apps import apps

    with connection.schema_editor() as editor:
        migration.rebuild_vectors(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [article.pk])
        vector = cursor.fetchone()[0]
    assert "'day'" in vector and "đẩy" not in vector


@pytest.mark.parametrize(
    "body",
    [
        '<p>Đẩy <strong>nhanh</strong> tiến độ &amp; dự án</p>\n<figure class="image-captioned"><img alt="a > b" '
        'src="/media/x.jpg"><figcaption>Ảnh: 1 &lt; 2</figcaption></figure><ul><li>một</li><li>hai</li></ul>',
        "<p>Không có thẻ đóng<br>dòng hai</p><p></p><h2>Tiêu đề</h2><blockquote>trích</blockquote>",
    ],
)
def test_body_text_of_a_sanitised_body_is_what_strip_tags_gives(body):
    from django.utils.html import strip_tags

    from articles.newsroom.sanitize import clean_html

    clean = clean_html(body)
    reference = search_columns.html.unescape(strip_tags(search_columns._BLOCK_END_RE.sub("\n", clean)))
    expected = "\n".join(
        line for line in (search_columns._SPACES_RE.sub(" ", line).strip() for line in reference.splitlines()) if line
    )
    assert search_columns.body_text(clean) == expected
    assert 'b"' not in search_columns.body_text(clean) and ">" not in search_columns.body_text(clean)


# --- the import's INSERT ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_article_inserted_by_the_import_is_the_row_save_writes(monkeypatch):
    from django.db.models.signals import post_save

    agency = default_agency()
    fields = {
        "title": "Đẩy nhanh <b>tiến độ</b> dự án",
        "lead": "Sáng 18/6, Thành phố họp.",
        "body": '<p>Đoạn một &amp; hai</p><figure class="image-captioned"><figcaption>Ảnh</figcaption></figure>'
        "<script>alert(1)</script>",
        "source": "Nguồn: Sở Thử nghiệm",
        "status": Article.Status.PUBLISHED,
        "related_titles": ["Bài khác"],
        "agency": agency,
        "published_at": datetime.datetime(2018, 6, 18, 19, 52, tzinfo=datetime.UTC),
    }
    saved = Article(legacy_id="qua-save", **fields)
    saved.save()
    signals = []
    post_save.connect(lambda **kwargs: signals.append(kwargs), sender=Article, weak=False, dispatch_uid="spy")
    try:
        inserted = Article(legacy_id="qua-insert", **fields)
        articles.legacy.importing.insert_new_article(inserted)
    finally:
        post_save.disconnect(sender=Article, dispatch_uid="spy")
    assert inserted.pk and not inserted._state.adding
    assert [(s["instance"], s["created"]) for s in signals] == [(inserted, True)]

    skipped = {"id", "slug", "legacy_id", "created_at", "updated_at"}
    columns = [f.column for f in Article._meta.concrete_fields if f.column not in skipped]
    with connection.cursor() as cursor:
        select = ", ".join(f"CAST({connection.ops.quote_name(column)} AS text)" for column in columns)
        cursor.execute(
            f"SELECT {select} FROM articles_article WHERE id IN (%s, %s) ORDER BY id", [saved.pk, inserted.pk]
        )
        from_save, from_insert = cursor.fetchall()
    assert dict(zip(columns, from_insert, strict=True)) == dict(zip(columns, from_save, strict=True))
    assert inserted.slug == "day-nhanh-tien-do-du-an-2"  # the title's slug was taken by the first one
    assert "<script>" not in Article.objects.get(pk=inserted.pk).body


@postgresql_only
@pytest.mark.django_db
def test_the_import_refreshes_the_planner_statistics_of_the_tables_it_fills(tmp_path, monkeypatch):
    """Foreign-key checks planned on a nearly empty table would scan it whole for every link written."""
    default_agency()
    make_programme("06-CTr/TU")
    for i in range(6):
        write_legacy(tmp_path, f"bai-{i}", legacy_text(f"Bài {i}", body=["Chương trình 06-CTr/TU."]))
    monkeypatch.setattr(articles.legacy.importing, "CHUNK_SIZE", 2)
    monkeypatch.setattr(articles.legacy.importing, "FIRST_ANALYZE", 2)

    def reltuples(table: str) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    assert Run(tmp_path).status == 0
    # Analyzed after 2 and after 4 new articles (not after 6: the next is due at 8).
    assert reltuples("articles_article") == 4
    assert reltuples("articles_article_programmes") == 4


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_json_lines_of_a_parallel_import_carry_every_record(tmp_path):
    default_agency()
    first, second = ids_for_each_worker(2, "j")
    for legacy_id in first + second:
        write_legacy(tmp_path, legacy_id, legacy_text(f"Bài {legacy_id}"))
    write_legacy(tmp_path, "rong", "")
    run = Run(tmp_path, "--json", "--workers", "2")
    lines = {line["legacy_id"]: line for line in run.json_lines()}
    assert {legacy_id: lines[legacy_id]["title"] for legacy_id in first + second} == {
        legacy_id: f"Bài {legacy_id}" for legacy_id in first + second
    }
    assert lines["rong"] == {"legacy_id": "rong", "error": "empty"}
