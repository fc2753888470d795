"""The legacy export format: every sample gives exactly its record, every bad file its reason, in every encoding."""

import codecs
import datetime
import shutil
import unicodedata
from zoneinfo import ZoneInfo

import pytest

from articles.legacy.parse import LegacyRejected, decode, parse, read_record
from articles.newsroom.models import Article
from tests.legacy_helpers import (
    BAD_SAMPLES,
    GOOD_SAMPLES,
    SAMPLES,
    TOO_LARGE_ID,
    Run,
    default_agency,
    expected,
    legacy_text,
    make_too_large,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def agency(db):
    return default_agency()


@pytest.mark.parametrize("path", GOOD_SAMPLES, ids=lambda p: p.stem)
def test_sample_gives_exactly_its_record_in_a_dry_run(agency, path):
    run = Run(path, "--dry-run", "--json")
    assert run.status == 0, run.err
    assert run.json_lines() == [expected(path)]
    assert not Article.objects.exists()


@pytest.mark.parametrize("path", BAD_SAMPLES, ids=lambda p: p.stem)
def test_bad_sample_is_rejected_with_its_reason_and_imports_nothing(agency, path):
    preview = Run(path, "--dry-run", "--json")
    assert preview.json_lines() == [expected(path)]
    assert preview.status == 1

    run = Run(path)
    assert run.status == 1
    assert path.name in run.out
    assert not Article.objects.exists()


def test_too_large_file_is_rejected_without_importing(agency, tmp_path):
    folder = tmp_path / "bad"
    shutil.copytree(SAMPLES / "bad", folder)
    path = make_too_large(folder)
    assert path.stat().st_size == 5 * 1024 * 1024 + 1

    run = Run(folder, "--dry-run", "--json")
    assert {"legacy_id": TOO_LARGE_ID, "error": "too-large"} in run.json_lines()
    assert [line for line in run.json_lines() if line["legacy_id"] == TOO_LARGE_ID] == [expected(path)]

    run = Run(path)
    assert run.status == 1
    assert "tệp lớn hơn 5 MiB" in run.out
    assert not Article.objects.exists()


def test_exactly_5_mib_is_not_too_large():
    head = (SAMPLES / "000_aa9be8dcd83bf31c.txt").read_bytes() + b"\n"
    raw = head + b"x" * (5 * 1024 * 1024 - len(head))
    assert read_record(raw, legacy_id="x").title == "Đẩy nhanh tiến độ các dự án trọng điểm"


# --- encodings and line endings the samples do not all cover ----------------------------------------------------

SIMPLE = legacy_text("Hà Nội đẩy mạnh cải cách hành chính", body=["Đoạn thứ nhất của bài."])


@pytest.mark.parametrize(
    "raw",
    [
        codecs.BOM_UTF8 + SIMPLE.encode(),
        SIMPLE.encode("utf-16"),
        codecs.BOM_UTF16_BE + SIMPLE.encode("utf-16-be"),
        SIMPLE.replace("\n", "\r").encode(),
        SIMPLE.replace("\n", "\r\n").encode(),
        unicodedata.normalize("NFD", SIMPLE).encode(),
    ],
    ids=["utf8-bom", "utf16-le", "utf16-be", "cr", "crlf", "nfd"],
)
def test_every_allowed_encoding_and_line_ending_gives_the_same_nfc_record(raw):
    record = read_record(raw, legacy_id="x")
    assert record.title == "Hà Nội đẩy mạnh cải cách hành chính"
    assert unicodedata.is_normalized("NFC", record.lead)
    assert record.as_dict() == read_record(SIMPLE.encode(), legacy_id="x").as_dict()


def test_windows_1258_needs_vietnamese_text():
    latin1 = "19:52 | 18/06/2018\n\nÉtude àéèçù ÿ ñ ß\n".encode("latin-1")
    with pytest.raises(LegacyRejected) as rejected:
        decode(latin1)
    assert rejected.value.reason == "encoding"


def test_utf8_bom_with_invalid_bytes_is_an_encoding_error():
    with pytest.raises(LegacyRejected) as rejected:
        decode(codecs.BOM_UTF8 + b"19:52 | 18/06/2018\n\nT\xc3\x28\n")
    assert rejected.value.reason == "encoding"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty"),
        (b" \n\r\n\t ", "empty"),
        (codecs.BOM_UTF8 + b"\n  \n", "empty"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "empty"),
        (b"abc\x00def", "binary"),
        (b"\x01\x02\x03\x04\x05a\n", "binary"),
        (codecs.BOM_UTF16_LE + "a\x00b".encode("utf-16-le"), "binary"),
    ],
)
def test_empty_and_binary_files(raw, reason):
    with pytest.raises(LegacyRejected) as rejected:
        decode(raw)
    assert rejected.value.reason == reason


# --- the dateline -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "when"),
    [
        ("19:52 | 18/06/2018", (2018, 6, 18, 19, 52)),
        ("18/6/2018 - 7:05", (2018, 6, 18, 7, 5)),
        ("THỨ HAI, 18/06/2018 | 19:52", (2018, 6, 18, 19, 52)),
        ("Chủ nhật 1/7/2018", (2018, 7, 1, 0, 0)),
        ("thứ bảy, 19:52, 18/06/2018", (2018, 6, 18, 19, 52)),
    ],
)
def test_dateline_shapes_in_hanoi_time(line, when):
    record = parse(f"Tin tức\n{line}\n\nTiêu đề\n", legacy_id="x")
    assert record.published_at == datetime.datetime(*when, tzinfo=HANOI)
    assert record.as_dict()["published_at"].endswith("+07:00")


@pytest.mark.parametrize("line", ["19:52 | 31/02/2018", "25:00 | 18/06/2018", "10:60 18/06/2018"])
def test_impossible_date_or_time_is_bad_date(line):
    with pytest.raises(LegacyRejected) as rejected:
        parse(f"M\n{line}\n\nTiêu đề\n", legacy_id="x")
    assert rejected.value.reason == "bad-date"


@pytest.mark.parametrize("line", ["19:52 | 18/06/18", "Thứ Tám, 18/06/2018", "10:00 11:00 18/06/2018", "18/06/2018 x"])
def test_lines_not_of_the_dateline_shape(line):
    with pytest.raises(LegacyRejected) as rejected:
        parse(f"M\n{line}\n\nTiêu đề\n", legacy_id="x")
    assert rejected.value.reason == "no-dateline"


# --- markers, pictures, related articles, lead, source, programmes ----------------------------------------------

TITLE = "Đẩy nhanh tiến độ dự án"


def body_record(*lines: str, source: str | None = None):
    text = legacy_text(TITLE, lead="Sapo.", body=list(lines), source=source)
    return parse(text, legacy_id="x")


def test_marker_variants_and_what_follows_them():
    record = body_record(
        "Day Nhanh Tien Do Du An\nChú thích ảnh một.",
        "day-nhanh-tien-do-du-an: Bài liên quan một",
        "day nhanh tien do du an - Bài liên quan hai",
        "Đẩy nhanh tiến độ dự án là yêu cầu cấp bách.",
        "day nhanh tien do du anh là một câu bình thường.",
        "day nhanh tien do du an\n\nĐoạn sau ảnh không chú thích.",
        "day nhanh tien do du an\nday nhanh tien do du an\nChú thích ảnh thứ ba.",
    )
    assert record.related_titles == ("Bài liên quan một", "Bài liên quan hai")
    assert record.captions == ["Chú thích ảnh một.", "", "", "Chú thích ảnh thứ ba."]
    assert record.paragraphs == [
        "Đẩy nhanh tiến độ dự án là yêu cầu cấp bách.",
        "day nhanh tien do du anh là một câu bình thường.",
        "Đoạn sau ảnh không chú thích.",
    ]


def test_lead_skips_marker_lines_and_captions_and_may_be_empty():
    text = "M\n19:52 | 18/06/2018\n\nĐẩy nhanh\n\nday nhanh\nChú thích.\n\nday nhanh Bài khác\n\nSapo thật.\n\nĐoạn.\n"
    record = parse(text, legacy_id="x")
    assert record.lead == "Sapo thật."
    assert record.paragraphs == ["Đoạn."]
    assert parse("M\n19:52 | 18/06/2018\n\nTiêu đề\n", legacy_id="x").lead == ""


def test_source_only_from_the_last_line():
    record = body_record("Nguồn: giữa bài là một đoạn.", "Đoạn cuối.", source="nguồn  :   Báo Hà Nội Mới  ")
    assert record.source == "Báo Hà Nội Mới"
    assert record.paragraphs == ["Nguồn: giữa bài là một đoạn.", "Đoạn cuối."]
    assert body_record("Đoạn cuối.", source=None).source == ""
    assert body_record("Đoạn cuối.", source="NGUỒN:").source == ""


def test_source_line_is_not_a_caption():
    record = body_record("day nhanh tien do du an", source="Nguồn: Sở Xây dựng")
    assert record.captions == [""]
    assert record.source == "Sở Xây dựng"


def test_programmes_from_title_lead_and_paragraphs_only_sorted_once():
    text = legacy_text(
        "Triển khai Chương trình 10-CTr/TU",
        lead="Thực hiện Chương trình 06-CTr/TU và 06-CTr/TU.",
        body=[
            "Theo 03-CTr/TU, ...",
            "trien khai chuong trinh 10 ctr tu\nẢnh về Chương trình 07-CTr/TU.",
            "trien khai chuong trinh 10 ctr tu Bài về Chương trình 08-CTr/TU",
        ],
    )
    assert parse(text, legacy_id="x").programmes == ("03-CTr/TU", "06-CTr/TU", "10-CTr/TU")


def test_text_is_kept_as_written_typos_included():
    record = body_record("tích cực hộinhập  kinh tế   quốc tế  ")
    assert record.paragraphs == ["tích cực hộinhập  kinh tế   quốc tế"]


def test_body_html_escapes_text_and_keeps_pictures_in_place():
    record = body_record("Đoạn <một> & “hai”.", "day nhanh tien do du an\nẢnh <b>.", "Đoạn ba.")
    assert record.body_html() == (
        "<p>Đoạn &lt;một&gt; &amp; “hai”.</p>\n"
        '<figure class="image-captioned"><img src="/static/img/anh-con-thieu.svg" alt="">'
        "<figcaption>Ảnh &lt;b&gt;.</figcaption></figure>\n"
        "<p>Đoạn ba.</p>"
    )
