"""Vietnamese text helpers shared by slugs, search and the legacy import."""

import re
import unicodedata

from django.db.models import Model
from django.utils.text import slugify

# Letters that NFD does not decompose into a base letter plus marks.
_EXTRA_FOLDS = {"đ": "d", "Đ": "D", "Ð": "D", "ð": "d"}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Every combining mark, matched in C by one regex: several times faster than testing each character of
# a decomposed text in Python, and folding runs on every saved article and every imported line.
_COMBINING = re.compile("[" + "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]")


def strip_marks(text: str) -> str:
    """Remove Vietnamese tone and vowel marks, keeping case: `Đẩy` -> `Day`."""
    for letter, bare in _EXTRA_FOLDS.items():
        text = text.replace(letter, bare)
    return _COMBINING.sub("", unicodedata.normalize("NFD", text))


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: `Đẩy nhanh!` -> `day nhanh`."""
    return _NON_ALNUM.sub(" ", strip_marks(text).lower()).strip()


def slugify_vi(text: str) -> str:
    """URL slug from Vietnamese text: `Đẩy nhanh tiến độ` -> `day-nhanh-tien-do`."""
    return slugify(fold(text).replace(" ", "-"))


def slug_base(text: str, *, max_length: int = 200) -> str:
    """The slug `unique_slug` tries first for `text`."""
    return slugify_vi(text)[:max_length].strip("-") or "bai-viet"


def unique_slug(instance: Model, text: str, *, field: str = "slug", max_length: int = 200) -> str:
    """A folded slug for `text` that no other row of the instance's model uses."""
    base = slug_base(text, max_length=max_length)
    model = type(instance)
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager.all()
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
