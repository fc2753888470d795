"""Numbers and symbols of Vietnamese documents (số, ký hiệu): as printed, as people type them, as found in text.

Three families are printed (../shared/vietnamese-documents.md, Decree 30/2020 and the Party's rules):

    administrative  1234/QĐ-UBND       number / type - issuer
    legal (QPPL)    12/2023/QĐ-UBND    number / year / type - issuer
    official letter 3456/UBND-ĐT       number / issuer - drafting unit (no type)
    Party           06-CTr/TU          number - type / issuer

Whatever the family, a number is matched by its **key**: the number without leading zeros, the folded type symbol
and the folded issuer symbols (`6:ctr:tu`, `1234:qd:ubnd`, `3456::ubnd-dt`). The order of the parts, case, `Đ`/`D`
(and the look-alike `Ð`), dashes and spaces do not change the key, so `06-CTr/TU`, `06/CTr-TU` and `06 ctr tu` are one
number. Numbers restart each year, so a key names a document only together with its issuer and year of issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.newsroom.text import fold, nfc

# Type symbols (Decree 30/2020 appendix; the Party's KL), and the type names people type instead of them.
TYPE_SYMBOLS = (
    "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ",
    "GN", "TTh", "UQ", "GM", "GT", "KL",
)  # fmt: skip
TYPE_KEYS = frozenset(fold(symbol) for symbol in TYPE_SYMBOLS)
TYPE_NAMES = {
    "nghi quyet": "nq", "quyet dinh": "qd", "chi thi": "ct", "quy che": "qc", "quy dinh": "qyd", "thong cao": "tc",
    "thong bao": "tb", "huong dan": "hd", "chuong trinh": "ctr", "ke hoach": "kh", "phuong an": "pa", "de an": "da",
    "du an": "da", "bao cao": "bc", "bien ban": "bb", "to trinh": "ttr", "hop dong": "hd", "cong dien": "cd",
    "ket luan": "kl", "cong van": "",
}  # fmt: skip
# Words around a number that say nothing about it: "số 06-CTr/TU", "văn bản số …", "ký hiệu …".
FILLER_WORDS = frozenset({"so", "van", "ban", "ky", "hieu", "cua"})
FIRST_YEAR, LAST_YEAR = 1945, 2100

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "Ð": "Đ", "ð": "đ"})
_SYMBOL = r"[A-Za-zĐđ][A-Za-zĐđ0-9]*"
_PARTY_RE = re.compile(rf"^(\d{{1,5}})-({_SYMBOL})/({_SYMBOL}(?:-{_SYMBOL})*)$")
_STATE_RE = re.compile(rf"^(\d{{1,5}})/(?:(\d{{4}})/)?({_SYMBOL})-({_SYMBOL}(?:-{_SYMBOL})*)$")
# In running text: symbols start with a capital letter (a date such as 18/6 or a ratio has none).
_UPPER = r"[A-ZĐ][A-Za-zĐđ0-9]*"
_TEXT_RE = re.compile(
    rf"(?<![\w/.-])(?:\d{{1,5}}-{_UPPER}/{_UPPER}(?:-{_UPPER})*|\d{{1,5}}/(?:\d{{4}}/)?{_UPPER}-{_UPPER}(?:-{_UPPER})*)"
    r"(?![\w/-])"
)

INVALID = (
    "Số, ký hiệu “{text}” không đúng dạng văn bản: hãy ghi như trên văn bản, ví dụ 1234/QĐ-UBND, 12/2023/QĐ-UBND, "
    "3456/UBND-ĐT hoặc 06-CTr/TU."
)


@dataclass(frozen=True)
class DocumentNumber:
    """A number and symbol as printed, read into its parts."""

    printed: str  # normalised: NFC, plain hyphens, no spaces
    number: int
    year: int | None  # printed in the number (legal documents) only
    type_key: str  # folded type symbol; "" for an official letter
    issuer_key: str  # folded issuer symbols joined by "-"

    @property
    def key(self) -> str:
        return make_key(self.number, self.type_key, self.issuer_key)


def make_key(number: int, type_key: str, issuer_key: str) -> str:
    return f"{number}:{type_key}:{issuer_key}"


def _folded_symbols(text: str) -> str:
    return "-".join(fold(text).split())


def normalise(text: str) -> str:
    """The printed form as stored: NFC, `Ð` read as `Đ`, any dash a hyphen, no spaces, no leading "Số"."""
    text = nfc(text or "").translate(_DASHES).strip()
    text = re.sub(r"^(?:số|Số|SỐ)\s*:?\s*", "", text)
    return re.sub(r"\s*([-/])\s*", r"\1", text).replace(" ", "")


def parse_printed(text: str) -> DocumentNumber | None:
    """The parts of a number written as printed on a document, or None when it is not one."""
    printed = normalise(text)
    if match := _PARTY_RE.match(printed):
        number, type_symbol, issuer = match.groups()
        if fold(type_symbol) not in TYPE_KEYS:
            return None
        return DocumentNumber(printed, int(number), None, fold(type_symbol), _folded_symbols(issuer))
    if match := _STATE_RE.match(printed):
        number, year, first, rest = match.groups()
        if year is not None and not FIRST_YEAR <= int(year) <= LAST_YEAR:
            return None
        if fold(first) in TYPE_KEYS:
            return DocumentNumber(printed, int(number), int(year) if year else None, fold(first), _folded_symbols(rest))
        if year is None:  # an official letter: issuer and drafting unit
            return DocumentNumber(printed, int(number), None, "", _folded_symbols(f"{first}-{rest}"))
    return None


def find_in_text(text: str) -> list[DocumentNumber]:
    """The document numbers named in running text, in order, each once."""
    found: dict[str, DocumentNumber] = {}
    for match in _TEXT_RE.finditer(nfc(text or "").translate(_DASHES)):
        parsed = parse_printed(match.group())
        if parsed is not None:
            found.setdefault(parsed.key + f":{parsed.year or ''}", parsed)
    return list(found.values())


@dataclass(frozen=True)
class TypedNumber:
    """What a person typed to find a document by its number: the parts they gave."""

    number: int
    type_key: str | None = None
    issuer_key: str | None = None  # folded issuer symbols joined by "-"; matches a prefix of the document's
    year: int | None = None


def parse_typed(text: str, *, need_symbol: bool = False) -> TypedNumber | None:
    """A query read as a document number, or None when it is something else (words to search for).

    Accepts the forms of ../shared/vietnamese-documents.md: `06-CTr/TU`, `06/CTr-TU`, `06 ctr tu`, `6-CTr/TU`,
    `ctr 06`, `chương trình 06`, `số 06-CTr/TU`, `1234/qd-ubnd`, `QĐ 1234`, `quyết định 1234`, `12/2023/QĐ-UBND`.
    With `need_symbol`, a bare number (`06`) is not taken for a document number.
    """
    folded = f" {fold(text)} "
    for name, symbol in TYPE_NAMES.items():
        folded = folded.replace(f" {name} ", f" {symbol} ")
    tokens = [token for token in folded.split() if token not in FILLER_WORDS]
    numbers = [token for token in tokens if token.isdigit()]
    symbols = [token for token in tokens if token.isalpha()]
    if len(numbers) + len(symbols) != len(tokens) or not 1 <= len(numbers) <= 2 or len(symbols) > 4:
        return None
    if any(len(symbol) > 8 for symbol in symbols) or (need_symbol and not symbols):
        return None
    year = None
    if len(numbers) == 2:
        year = int(numbers[1])
        if not FIRST_YEAR <= year <= LAST_YEAR or len(numbers[1]) != 4:
            return None
    number = int(numbers[0])
    if len(numbers[0]) > 5:
        return None
    type_key = next((symbol for symbol in symbols if symbol in TYPE_KEYS), None)
    issuers = list(symbols)
    if type_key is not None:
        issuers.remove(type_key)
    return TypedNumber(number=number, type_key=type_key, issuer_key="-".join(issuers) or None, year=year)
