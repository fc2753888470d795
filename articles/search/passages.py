"""Showing results: the query's phrase marked in a title, and the passage of a text around its first occurrence.

What is marked: runs of two or more words that follow each other as in the query (the phrase typed, or part of
it). Only a text where no such run occurs (or a query of one word) has single words marked, and then not the common
ones (`trong`, `của`, `và`…): in `du an trong diem` the reader looks for the phrase, not for every `trong` or `dự`
of the text.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator

from django.utils.safestring import SafeString, mark_safe

from articles.newsroom.search_columns import folded_words
from articles.newsroom.text import nfc
from articles.search.query import ParsedQuery

_TOKEN_RE = re.compile(r"([^\W_]+)")
_HTML_SPECIAL_RE = re.compile(r"[&<>\"']")
# Folded Vietnamese function words: marked only inside a run of the query's words (or when the query has no
# other word).
COMMON_WORDS = frozenset({
    "trong", "cua", "va", "cac", "la", "co", "duoc", "cho", "voi", "tai", "nhung", "mot", "nay", "de", "tu", "da",
    "se", "ve", "theo", "tren", "khi", "den", "nhu", "ra", "vao", "o", "thi", "ma", "cung", "khong", "con", "hay",
    "hoac", "bang", "qua", "sau", "truoc", "giua", "neu", "vi", "do", "nen",
})  # fmt: skip


@functools.lru_cache(maxsize=65536)
def _folded_token(token: str) -> frozenset[str]:
    """The folded words of one token of text (a search page folds a few thousand; most recur)."""
    return frozenset(folded_words(token))


class _Marker:
    """Reads words one by one and tells which belong to a run of the query's words or stand out on their own."""

    def __init__(self, query: ParsedQuery) -> None:
        self.words = query.folded
        self.meaningful = {w for w in self.words if w not in COMMON_WORDS} or set(self.words)
        self.active: set[tuple[int, int]] = set()  # (index where a run started, position in the query next)

    def positions(self, token: str) -> set[int]:
        folded = _folded_token(token)
        return {k for k, word in enumerate(self.words) if word in folded}

    def read(self, index: int, token: str) -> tuple[int | None, bool]:
        """(start of the run of two words or more this word ends, if any; whether the word counts alone)."""
        found = self.positions(token)
        self.active = {(start, k + 1) for start, k in self.active if k in found} | {(index, k + 1) for k in found}
        run_start = min((start for start, _ in self.active if start < index), default=None)
        alone = any(self.words[k] in self.meaningful for k in found)
        return run_start, alone


def _marked(tokens: list[str], query: ParsedQuery) -> set[int]:
    marker = _Marker(query)
    runs: set[int] = set()
    singles: set[int] = set()
    for index, token in enumerate(tokens):
        run_start, alone = marker.read(index, token)
        if run_start is not None:
            runs.update(range(run_start, index + 1))
        elif alone:
            singles.add(index)
    return runs or singles


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escaped text with the query's phrase (and its meaningful words) wrapped in <mark>, compared folded."""
    parts = _TOKEN_RE.split(nfc(text or ""))
    marked = _marked(parts[1::2], query) if query.folded else set()
    out = []
    for i, part in enumerate(parts):
        if not i % 2:  # what lies between words: the only parts that can hold & < > " '
            out.append(html.escape(part) if _HTML_SPECIAL_RE.search(part) else part)
        elif i // 2 in marked:
            out.append(f"<mark>{part}</mark>")
        else:
            out.append(part)  # a word: letters and digits only
    return mark_safe("".join(out))


def _focus(words: Iterator[re.Match], query: ParsedQuery, read: list[re.Match]) -> int:
    """Index (in `read`) of the word the passage centres on: the start of the first run of the query's words,
    else the first meaningful word, else the first word. Reads words only until a run is found."""
    marker = _Marker(query)
    first_alone = None
    for match in words:
        read.append(match)
        index = len(read) - 1
        run_start, alone = marker.read(index, match.group())
        if run_start is not None:
            return run_start
        if alone and first_alone is None:
            first_alone = index
            if len(query.folded) < 2:  # no run to wait for
                return index
    return first_alone or 0


def snippet(text: str, query: ParsedQuery, *, before: int = 12, after: int = 28) -> SafeString:
    """A short passage of `text` around the first occurrence of the query's phrase, highlighted.

    Reads the words only as far as the passage reaches: a result's text is 3-8 KB and its first match is
    usually near the start; splitting the whole of it, for 20 results a page, was a tenth of the search.
    """
    text = nfc(text or "").replace("\n", " ")
    words = _TOKEN_RE.finditer(text)
    read: list[re.Match] = []
    first = _focus(words, query, read) if query.folded else 0
    if not read:
        for match in words:
            read.append(match)
            if len(read) > first + after:
                break
    if not read:
        return highlight(text, query)
    start_word = max(0, first - before)
    end_word = first + after
    for match in words:  # the words after the focus, and one more to know whether the text goes on
        if len(read) > end_word:
            break
        read.append(match)
    more = len(read) > end_word
    end_word = min(end_word, len(read))
    start = read[start_word].start() if start_word else 0
    end = read[end_word - 1].end() if more else len(text)
    passage = highlight(text[start:end], query)
    prefix = "… " if start_word else ""
    suffix = " …" if more else ""
    return mark_safe(f"{prefix}{passage}{suffix}")
