import pytest

from articles.newsroom.text import fold, slugify_vi
from tests.factories import make_agency, make_article


def test_slug_folds_vietnamese_title():
    assert slugify_vi("Đẩy nhanh tiến độ") == "day-nhanh-tien-do"


@pytest.mark.parametrize("letter", ["đ", "Đ", "Ð"])
def test_slug_keeps_d_for_every_d_with_stroke(letter):
    assert slugify_vi(f"{letter}ường") == "duong"


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("aàáảãạăằắẳẵặâầấẩẫậ", "a" * 18),
        ("eèéẻẽẹêềếểễệ", "e" * 12),
        ("iìíỉĩị", "i" * 6),
        ("oòóỏõọôồốổỗộơờớởỡợ", "o" * 18),
        ("uùúủũụưừứửữự", "u" * 12),
        ("yỳýỷỹỵ", "y" * 6),
        ("AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ", "a" * 18),
        ("ƠỜỚỞỠỢƯỪỨỬỮỰ", "o" * 6 + "u" * 6),
    ],
)
def test_slug_strips_every_tone_and_vowel_mark(marked, plain):
    assert slugify_vi(marked) == plain


def test_fold_accepts_decomposed_text():
    decomposed = "\u0110a\u0302\u0309y nhanh"  # NFD spelling of "Đẩy nhanh"
    assert fold(decomposed) == "day nhanh"
    assert fold("Đẩy nhanh tiến độ!") == "day nhanh tien do"


@pytest.mark.django_db
def test_slugs_stay_unique_for_the_same_title():
    agency = make_agency()
    first = make_article("Đẩy nhanh tiến độ", agency=agency)
    second = make_article("Đẩy nhanh tiến độ", agency=agency)
    third = make_article("Day nhanh tien do", agency=agency)
    assert first.slug == "day-nhanh-tien-do"
    assert second.slug == "day-nhanh-tien-do-2"
    assert third.slug == "day-nhanh-tien-do-3"


@pytest.mark.django_db
def test_agency_slug_is_folded():
    assert make_agency("Sở Kế hoạch và Đầu tư").slug == "so-ke-hoach-va-dau-tu"
