"""The legacy `Nguồn :` line files an article under the agency it names (names and aliases, folded), `--agency`
otherwise; the summary lists unknown names, and the next run re-files their articles once an editor adds them."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.legacy.models import LegacyImport
from articles.newsroom.models import Agency, Article
from tests.factories import make_agency
from tests.legacy_helpers import GOOD_SAMPLES, SAMPLES, Run, default_agency, legacy_text, write_legacy

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples(tmp_path):
    folder = tmp_path / "samples"
    folder.mkdir()
    for path in GOOD_SAMPLES:
        shutil.copy(path, folder)
    return folder


def agency_of(legacy_prefix: str) -> str:
    return Article.objects.select_related("agency").get(legacy_id__startswith=legacy_prefix).agency.name


def test_the_three_agencies_the_samples_name_get_their_articles(samples):
    fallback = default_agency()
    make_agency("Sở Giao thông vận tải Hà Nội")  # by its name
    make_agency("Sở Nông nghiệp và Phát triển nông thôn", aliases="so nong nghiep va PTNT ha noi")  # folded alias
    make_agency("Thành ủy Hà Nội", aliases="Thành ủy")
    run = Run(samples)
    assert run.status == 0, run.out + run.error
    assert agency_of("001_") == "Sở Giao thông vận tải Hà Nội"
    assert agency_of("007_") == "Sở Nông nghiệp và Phát triển nông thôn"
    assert agency_of("004_") == "Thành ủy Hà Nội"
    # No `Nguồn` line, or a name no agency has: the fallback agency (--agency, here the default).
    assert agency_of("000_") == agency_of("005_") == fallback.name
    summary = run.out
    assert "chưa khớp cơ quan nào" in summary
    for unknown in ["Sở Xây dựng Hà Nội", "Văn phòng UBND thành phố", "Ban Tuyên giáo Thành ủy Hà Nội",
                    "Sở Tài nguyên và Môi trường Hà Nội"]:  # fmt: skip
        assert f"    - {unknown} (1 bài)" in summary
    assert "Sở Giao thông vận tải Hà Nội (" not in summary


def test_a_name_added_as_an_alias_re_files_its_articles_on_the_next_run(samples, client):
    default_agency()
    construction = make_agency("Sở Xây dựng")
    assert Run(samples).status == 0
    assert agency_of("005_") != construction.name
    construction.aliases = "Sở Xây dựng Hà Nội"
    construction.save()
    client.get(construction.get_absolute_url())  # cached now
    again = Run(samples)
    assert again.status == 0
    assert "Bài không thay đổi: 12" in again.out  # the files did not change, the attribution did
    assert "chuyển về đúng cơ quan theo dòng “Nguồn” (tên vừa được bổ sung): 1" in again.out
    assert agency_of("005_") == construction.name
    assert "Sở Xây dựng Hà Nội (" not in again.out
    assert "Rà soát an toàn các chung cư cũ" in client.get(construction.get_absolute_url()).content.decode()


def test_an_article_an_editor_moved_stays_where_the_editor_put_it(samples):
    default_agency()
    assert Run(samples).status == 0
    chosen = make_agency("Cơ quan do biên tập viên chọn")
    article = Article.objects.get(legacy_id__startswith="005_")
    article.agency = chosen
    article.save()
    make_agency("Sở Xây dựng", aliases="Sở Xây dựng Hà Nội")
    assert Run(samples).status == 0
    assert agency_of("005_") == chosen.name
    assert not LegacyImport.objects.filter(article=article).exclude(unmatched_source="").exists()


def test_the_fallback_is_the_agency_option(tmp_path):
    default_agency()
    other = make_agency("Sở Thử nghiệm khác")
    write_legacy(tmp_path, "khong-ro", legacy_text("Bài không rõ nguồn", source="Nguồn : Một cơ quan lạ"))
    write_legacy(tmp_path, "khong-co", legacy_text("Bài không có dòng nguồn", source=None))
    run = Run(tmp_path, "--agency", other.slug)
    assert run.status == 0
    assert agency_of("khong-ro") == agency_of("khong-co") == other.name
    assert "    - Một cơ quan lạ (1 bài)" in run.out


def test_a_dry_run_lists_the_unknown_names_and_writes_nothing(samples):
    default_agency()
    run = Run(samples, "--dry-run")
    assert "    - Sở Giao thông vận tải Hà Nội (1 bài)" in run.out
    assert not Article.objects.exists()


def test_articles_imported_before_attribution_are_re_filed_by_the_next_run(samples):
    """Migration legacy 0002 marks every earlier import as pending under its `Nguồn` name."""
    fallback = default_agency()
    assert Run(samples).status == 0
    LegacyImport.objects.update(unmatched_source="", filed_agency=None)
    article = Article.objects.get(legacy_id__startswith="001_")
    LegacyImport.objects.filter(article=article).update(unmatched_source=article.source, filed_agency=fallback)
    Article.objects.filter(pk=article.pk).update(agency=fallback)
    transport = make_agency("Sở Giao thông vận tải Hà Nội")
    assert Run(samples).status == 0
    assert agency_of("001_") == transport.name


def test_a_dateline_without_a_time_shows_the_date_alone(samples, client):
    default_agency()
    assert Run(samples).status == 0
    dated = Article.objects.get(legacy_id__startswith="007_")
    timed = Article.objects.get(legacy_id__startswith="001_")
    assert dated.date_only and not timed.date_only
    page = client.get(dated.get_absolute_url()).content.decode()
    assert '<time datetime="2019-09-15">Chủ Nhật, 15/09/2019</time>' in page
    main = page[page.index("<main") : page.index("</main>")]
    assert "00:00" not in main
    assert "Thứ Sáu, 27/12/2019 14:35" in client.get(timed.get_absolute_url()).content.decode()
    listing = client.get(reverse("public:latest")).content.decode()
    assert ">15/09/2019</time>" in listing


def test_demo_data_and_the_imported_samples_show_each_story_once(client):
    """`make run` loads the demo; its seed article is sample 000, so importing the samples does not repeat it."""
    call_command("load_demo", verbosity=0)
    run = Run(SAMPLES)
    assert (
        "Bài không thay đổi: 1" in run.out and "Xung đột (bài đã được sửa sau lần nhập trước, giữ nguyên): 0" in run.out
    )
    assert Article.objects.filter(title="Đẩy nhanh tiến độ các dự án trọng điểm").count() == 1
    # The demo directory knows three of the agencies the samples name.
    assert agency_of("001_") == "Sở Giao thông vận tải Hà Nội"
    assert agency_of("007_") == "Sở Nông nghiệp và Phát triển nông thôn Hà Nội"
    assert agency_of("005_") == "Sở Xây dựng Hà Nội"
    html = client.get("/").content.decode()
    latest = client.get(reverse("public:latest")).content.decode()
    for article in Article.objects.published():
        assert html.count(f">{article.title}<") <= 1, article.title
        assert latest.count(f">{article.title}</a>") == 1, article.title
    assert Agency.objects.filter(slug="so-xay-dung-ha-noi").exists()
