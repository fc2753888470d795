"""Showing results: the query's words marked in a title, and the passage of a text around the first of them."""

from __future__ import annotations

import functools
import html
import re

from django.utils.safestring import SafeString, mark_safe

from articles.newsroom.search_columns import folded_words
from articles.newsroom.text import nfc
from articles.search.query import ParsedQuery

_TOKEN_RE = re.compile(r"([^\W_]+)")
_HTML_SPECIAL_RE = re.compile(r"[&<>\"']")


@functools.lru_cache(maxsize=65536)
def _folded_token(token: str) -> frozenset[str]:
    """The folded words of one token of text (a search page folds a few thousand; most recur)."""
    return frozenset(folded_words(token))


def highlight(text: str, query: ParsedQuery) -> SafeString:
    """Escaped text with the query's words (folded comparison) wrapped in <mark>."""
    wanted = set(query.folded)
    parts = _TOKEN_RE.split(nfc(text or ""))
    out = []
    for i, part in enumerate(parts):
        if not i % 2:  # what lies between words: the only parts that can hold & < > " '
            out.append(html.escape(part) if _HTML_SPECIAL_RE.search(part) else part)
        elif wanted and not wanted.isdisjoint(_folded_token(part)):
            out.append(f"<mark>{part}</mark>")
        else:
            out.append(part)  # a word: letters and digits only
    return mark_safe("".join(out))


def snippet(text: str, query: ParsedQuery, *, before: int = 12, after: int = 28) -> SafeString:
    """A short passage of `text` around the first word of the query, highlighted.

    Reads the words only as far as the passage reaches: a result's text is 3-8 KB and its first match is
    usually near the start; splitting the whole of it, for 20 results a page, was a tenth of the search.
    """
    text = nfc(text or "").replace("\n", " ")
    wanted = set(query.folded)
    words = _TOKEN_RE.finditer(text)
    read: list[re.Match] = []
    first = None
    for match in words:
        read.append(match)
        if wanted and not wanted.isdisjoint(_folded_token(match.group())):
            first = len(read) - 1
            break
    if not read:
        return highlight(text, query)
    if first is None:  # no word of the query (every word was read): the start of the text
        first = 0
    start_word = max(0, first - before)
    end_word = first + after
    for match in words:  # the words after the first match, and one more to know whether the text goes on
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
