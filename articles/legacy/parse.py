"""Reading the old portal's text export: bytes -> text -> a `LegacyRecord`.

Pure functions, no database: the import writes live in `articles/legacy/importing.py`. The format is specified in
`docs/import.md` (copied from the export's own description); every rule below cites it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.html import escape

from articles.newsroom.figures import captioned_placeholder
from articles.newsroom.text import fold, nfc

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
MAX_FILE_SIZE = 5 * 1024 * 1024  # 5 MiB: anything larger is `too-large`

# Reasons in the spec's order of checking, with what an editor reads in the summary.
REASONS: dict[str, str] = {
    "too-large": "tệp lớn hơn 5 MiB",
    "empty": "tệp rỗng, không có nội dung",
    "binary": "không phải tệp văn bản (tệp nhị phân)",
    "encoding": "không đọc được bảng mã (chỉ nhận UTF-8, UTF-16 có BOM hoặc Windows-1258)",
    "no-dateline": "không tìm thấy dòng ngày giờ đăng",
    "bad-date": "ngày hoặc giờ đăng không tồn tại",
    "no-title": "không có tiêu đề sau dòng ngày giờ đăng",
}


class LegacyRejected(Exception):
    """The file cannot be imported; `reason` is one of `REASONS`."""

    def __init__(self, reason: str) -> None:
        assert reason in REASONS, reason
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return REASONS[self.reason]


# --- decoding -------------------------------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Bytes that Windows-1258 leaves undefined: a file holding one of them is not Windows-1258.
_CP1258_UNDEFINED = frozenset(b"\x81\x8a\x8d\x8e\x8f\x90\x9a\x9d\x9e")
_HARMLESS_CONTROLS = frozenset("\t\n\r\x0b\x0c")
_ASCII_WHITESPACE = b" \t\n\r\x0b\x0c"


def _vietnamese_letters() -> frozenset[str]:
    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
    letters = {nfc(vowel + tone) for vowel in vowels for tone in tones} | {"đ"}
    return frozenset(letters | {letter.upper() for letter in letters})


VIETNAMESE_LETTERS = _vietnamese_letters()


# Unicode control characters (category Cc) other than tab, line breaks, vertical tab and form feed.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _mostly_controls(text: str) -> bool:
    return len(_CONTROL_CHARS.findall(text)) * 2 > len(text)


_CONTROL_BYTES = bytes(b for b in range(128) if b == 0x7F or (b < 0x20 and chr(b) not in _HARMLESS_CONTROLS))
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


def _mostly_control_bytes(body: bytes) -> bool:
    controls = len(body.translate(None, delete=_NOT_CONTROL_BYTES))
    return controls * 2 > len(body)


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _reads_as_vietnamese(text: str) -> bool:
    """At least 60% of the non-ASCII characters are Vietnamese letters."""
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return True
    vietnamese = sum(1 for ch in non_ascii if ch in VIETNAMESE_LETTERS)
    return vietnamese * 10 >= len(non_ascii) * 6


def decode(raw: bytes) -> str:
    """The file's text in NFC, or `LegacyRejected` (empty, binary, encoding) in the spec's order."""
    for bom, codec in _UTF16_BOMS.items():
        if raw.startswith(bom):
            body = raw[len(bom) :]
            lenient = body.decode(codec, errors="replace")
            if not lenient.strip():
                raise LegacyRejected("empty")
            if "\x00" in lenient or _mostly_controls(lenient):
                raise LegacyRejected("binary")
            try:
                return nfc(body.decode(codec))
            except UnicodeDecodeError:
                raise LegacyRejected("encoding") from None

    has_utf8_bom = raw.startswith(_UTF8_BOM)
    body = raw[len(_UTF8_BOM) :] if has_utf8_bom else raw
    if not body.strip(_ASCII_WHITESPACE):
        raise LegacyRejected("empty")
    if b"\x00" in body or _mostly_control_bytes(body):
        raise LegacyRejected("binary")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        if has_utf8_bom or not _CP1258_UNDEFINED.isdisjoint(body):
            raise LegacyRejected("encoding") from None
        text = nfc(body.decode("cp1258"))
        if not _reads_as_vietnamese(text):
            raise LegacyRejected("encoding") from None
        return text
    if not text.strip():
        raise LegacyRejected("empty")
    return nfc(text)


# --- the record -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Picture:
    caption: str


Block = Paragraph | Picture


@dataclass(frozen=True, slots=True)
class LegacyRecord:
    """One article of the export. `blocks` is the body after the lead, pictures at their place."""

    legacy_id: str
    title: str
    published_at: datetime.datetime
    lead: str
    blocks: tuple[Block, ...]
    related_titles: tuple[str, ...]
    source: str
    programmes: tuple[str, ...]
    # False when the dateline gave the day only (the article then shows no time); not part of the spec's record.
    has_time: bool = True

    @property
    def paragraphs(self) -> list[str]:
        return [block.text for block in self.blocks if isinstance(block, Paragraph)]

    @property
    def captions(self) -> list[str]:
        return [block.caption for block in self.blocks if isinstance(block, Picture)]

    def as_dict(self) -> dict[str, Any]:
        """The spec's JSON record, keys in the spec's order."""
        return {
            "legacy_id": self.legacy_id,
            "title": self.title,
            "published_at": self.published_at.isoformat(),
            "lead": self.lead,
            "paragraphs": self.paragraphs,
            "images": [{"caption": caption} for caption in self.captions],
            "related_titles": list(self.related_titles),
            "source": self.source,
            "programmes": list(self.programmes),
        }

    def fingerprint(self) -> str:
        """A hash of the record: the same source gives the same fingerprint, whatever its encoding."""
        canonical = json.dumps(self.as_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def body_html(self) -> str:
        """Paragraphs as <p>, pictures as a captioned placeholder an editor fills in later (no picture files)."""
        parts = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(f"<p>{escape(block.text)}</p>")
            else:
                parts.append(captioned_placeholder(block.caption))
        return "\n".join(parts)

    def mention_text(self) -> str:
        """Where officials and agencies are looked for: title, lead, paragraphs and captions."""
        texts = [block.text if isinstance(block, Paragraph) else block.caption for block in self.blocks]
        return "\n".join([self.title, self.lead, *texts])


# --- parsing --------------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEP = r"[\s|,\-]+"
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)"
_DATE = r"(?P<day>[0-9]{1,2})/(?P<month>[0-9]{1,2})/(?P<year>[0-9]{4})"
_DATELINE = re.compile(
    rf"(?:{_WEEKDAY}{_SEP})?"
    rf"(?:(?:(?P<hour1>[0-9]{{1,2}}):(?P<minute1>[0-9]{{2}}){_SEP})?{_DATE}"
    rf"|{_DATE.replace('P<', 'P<x')}{_SEP}(?P<hour2>[0-9]{{1,2}}):(?P<minute2>[0-9]{{2}}))",
    re.IGNORECASE,
)
_SOURCE = re.compile(r"nguồn\s*:\s*(?P<name>.*)", re.IGNORECASE | re.DOTALL)
_PROGRAMME = re.compile(r"(?<![0-9])[0-9]+-CTr/TU")
# What may separate the marker from a related article's title.
_TITLE_SEPARATORS = " \t-–—:|,.;/…>~_=+*"


def _dateline(line: str) -> tuple[datetime.datetime, bool] | None:
    """The line's date and time (and whether it gave a time) when it is a dateline; raises `bad-date` when they
    do not exist."""
    match = _DATELINE.fullmatch(line)
    if match is None:
        return None
    groups = match.groupdict()
    day, month, year = (groups["day"], groups["month"], groups["year"])
    if day is None:
        day, month, year = groups["xday"], groups["xmonth"], groups["xyear"]
    hour = groups["hour1"] or groups["hour2"]
    minute = groups["minute1"] or groups["minute2"] or "0"
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute), tzinfo=HANOI)
    except ValueError:
        raise LegacyRejected("bad-date") from None
    return moment, hour is not None


class _Marker:
    """The title folded to ASCII, and how a line that starts with it is read.

    Matched by hand rather than with a regex per title: compiling a pattern for every file costs more than
    parsing it.
    """

    PICTURE = "picture"
    RELATED = "related"

    def __init__(self, title: str) -> None:
        self.words = fold(title).split()

    def _end_of_marker(self, line: str) -> int | None:
        """Where the marker ends when the line starts with plain-ASCII text folding to it, else None."""
        if not self.words:
            return None
        position, length = 0, len(line)
        for number, word in enumerate(self.words):
            gap = position
            while position < length and line[position].isascii() and not line[position].isalnum():
                position += 1
            if number and position == gap:  # words must be apart: "daynhanh" is not "day nhanh"
                return None
            end = position + len(word)
            if end > length or not line[position:end].isascii() or line[position:end].lower() != word:
                return None
            position = end
        return position

    def classify(self, line: str) -> tuple[str, str] | None:
        """(PICTURE, "") or (RELATED, title) for a marker line, None for an ordinary line."""
        end = self._end_of_marker(line)
        if end is None:
            return None
        rest = line[end:]
        if rest and rest[0].isalnum():  # the marker was only the start of a longer word
            return None
        title = rest.lstrip(_TITLE_SEPARATORS).strip()
        return (self.RELATED, title) if title else (self.PICTURE, "")


def parse(text: str, *, legacy_id: str) -> LegacyRecord:
    """The record of one file's (decoded, NFC) text; raises `LegacyRejected` (no-dateline, bad-date, no-title)."""
    lines = [line.strip() for line in _LINE_BREAK.split(text)]

    for index, line in enumerate(lines):
        if line and (dated := _dateline(line)) is not None:
            published_at, has_time = dated
            dateline_index = index
            break
    else:
        raise LegacyRejected("no-dateline")

    title_index = next((i for i in range(dateline_index + 1, len(lines)) if lines[i]), None)
    if title_index is None:
        raise LegacyRejected("no-title")
    title = lines[title_index]

    end = len(lines)
    source = ""
    last = next((i for i in range(len(lines) - 1, title_index, -1) if lines[i]), None)
    if last is not None and (source_match := _SOURCE.fullmatch(lines[last])):
        source = source_match["name"].strip()
        end = last

    marker = _Marker(title)
    kinds = [marker.classify(line) if line else None for line in lines[: end + 1]]
    lead: str | None = None
    blocks: list[Block] = []
    related: list[str] = []
    captions: set[int] = set()
    for index in range(title_index + 1, end):
        line = lines[index]
        if not line or index in captions:
            continue
        kind = kinds[index]
        if kind is None:
            if lead is None:
                lead = line
            else:
                blocks.append(Paragraph(line))
        elif kind[0] == _Marker.RELATED:
            related.append(kind[1])
        else:
            following = index + 1
            if following < end and lines[following] and kinds[following] is None:
                captions.add(following)
                blocks.append(Picture(lines[following]))
            else:
                blocks.append(Picture(""))

    lead = lead or ""
    programme_text = "\n".join([title, lead, *(b.text for b in blocks if isinstance(b, Paragraph))])
    return LegacyRecord(
        legacy_id=legacy_id,
        title=title,
        published_at=published_at,
        lead=lead,
        blocks=tuple(blocks),
        related_titles=tuple(related),
        source=source,
        programmes=tuple(sorted(set(_PROGRAMME.findall(programme_text)))),
        has_time=has_time,
    )


def read_record(raw: bytes, *, legacy_id: str) -> LegacyRecord:
    """Decode and parse one file's bytes; raises `LegacyRejected` in the spec's order of checks."""
    if len(raw) > MAX_FILE_SIZE:
        raise LegacyRejected("too-large")
    return parse(decode(raw), legacy_id=legacy_id)
