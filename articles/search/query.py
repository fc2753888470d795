"""A citizen's query, read into words with their marks and folded."""

from __future__ import annotations

from dataclasses import dataclass

from articles.newsroom.search_columns import folded_words, words
from articles.newsroom.text import fold, nfc

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12


@dataclass(frozen=True)
class ParsedQuery:
    text: str
    exact: tuple[str, ...]
    folded: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        return not self.folded

    @property
    def has_marks(self) -> bool:
        """True when the user typed diacritics, so exact matches should rank first."""
        return tuple(fold(word) for word in self.exact) != self.exact


def parse_query(text: str) -> ParsedQuery:
    """Words of a query in NFC; punctuation and operators (`%`, quotes, `&|!:*`) are only separators."""
    text = nfc(text or "").strip()[:MAX_QUERY_LENGTH]
    exact = tuple(words(text))[:MAX_WORDS]
    folded = tuple(folded for word in exact for folded in folded_words(word))[: MAX_WORDS * 2]
    return ParsedQuery(text=text, exact=exact, folded=folded)
