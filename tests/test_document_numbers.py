"""Document numbers: read as printed, as people type them, and as they appear in running text
(forms from ../shared/vietnamese-documents.md)."""

import pytest

from articles.documents import numbers

TYPED_FOR_06_CTR_TU = ["06-CTr/TU", "06-ctr/tu", "06/CTr-TU", "06 CTr TU", "06 ctr tu", "6-CTr/TU", "ctr 06",
                       "chương trình 06", "chuong trinh 06", "số 06-CTr/TU", "06–CTr/TU"]  # fmt: skip
TYPED_FOR_1234_QD_UBND = ["1234/QĐ-UBND", "1234/QD-UBND", "1234/qđ-ubnd", "1234/qd-ubnd", "QĐ 1234", "quyết định 1234",
                          "quyet dinh 1234", "1234 QĐ UBND", "1234/QÐ-UBND"]  # fmt: skip


@pytest.mark.parametrize(
    ("printed", "key", "year"),
    [
        ("06-CTr/TU", "6:ctr:tu", None),
        ("1234/QĐ-UBND", "1234:qd:ubnd", None),
        ("12/2023/QĐ-UBND", "12:qd:ubnd", 2023),
        ("3456/UBND-ĐT", "3456::ubnd-dt", None),
        ("12/TB-SKHĐT", "12:tb:skhdt", None),
        ("05/2021/NQ-HĐND", "5:nq:hdnd", 2021),
        ("Số: 56/KH-UBND", "56:kh:ubnd", None),
        ("15 - NQ / TW", "15:nq:tw", None),
        ("1234/QÐ-UBND", "1234:qd:ubnd", None),  # U+00D0, the look-alike of Đ
    ],
)
def test_printed_numbers_of_every_family_are_read_into_one_key(printed, key, year):
    parsed = numbers.parse_printed(printed)
    assert parsed is not None and parsed.key == key and parsed.year == year


@pytest.mark.parametrize("text", ["", "1234", "abc", "18/6", "06-XYZ/TU", "12/1800/QĐ-UBND", "1234/QĐ", "QĐ-UBND"])
def test_what_is_not_a_number_is_refused(text):
    assert numbers.parse_printed(text) is None


@pytest.mark.parametrize("typed", TYPED_FOR_06_CTR_TU)
def test_every_way_of_typing_06_ctr_tu_reads_as_that_number(typed):
    parsed = numbers.parse_typed(typed)
    assert parsed is not None
    assert parsed.number == 6 and parsed.type_key == "ctr"
    assert parsed.issuer_key in (None, "tu")


@pytest.mark.parametrize("typed", TYPED_FOR_1234_QD_UBND)
def test_every_way_of_typing_1234_qd_ubnd_reads_as_that_number(typed):
    parsed = numbers.parse_typed(typed)
    assert parsed is not None
    assert parsed.number == 1234 and parsed.type_key == "qd" and parsed.issuer_key in (None, "ubnd")


def test_a_typed_legal_number_keeps_its_year():
    assert numbers.parse_typed("12/2023/QĐ-UBND") == numbers.TypedNumber(12, "qd", "ubnd", 2023)


@pytest.mark.parametrize("words", ["dự án trọng điểm", "giải ngân vốn đầu tư công năm 2024", "hà nội"])
def test_ordinary_words_are_not_taken_for_a_number(words):
    assert numbers.parse_typed(words, need_symbol=True) is None


def test_a_bare_number_is_a_number_only_where_asked_for():
    assert numbers.parse_typed("06") == numbers.TypedNumber(6)
    assert numbers.parse_typed("06", need_symbol=True) is None


def test_numbers_are_found_in_running_text_once_each():
    text = (
        "Thực hiện Chương trình số 06-CTr/TU của Thành ủy và Quyết định số 1234/QĐ-UBND ngày 18/6/2018, "
        "Kế hoạch 56/KH-UBND, Quyết định 12/2023/QĐ-UBND; công văn 3456/UBND-ĐT. Nhắc lại 06-CTr/TU."
    )
    found = [number.printed for number in numbers.find_in_text(text)]
    assert found == ["06-CTr/TU", "1234/QĐ-UBND", "56/KH-UBND", "12/2023/QĐ-UBND", "3456/UBND-ĐT"]


def test_dates_and_fractions_in_text_are_not_numbers():
    assert numbers.find_in_text("Ngày 18/6/2018, đạt 3/4 kế hoạch, tỷ lệ 50/50, mã 2024/06.") == []
