"""The newsroom's directory as the import matches names against it: officials, agencies, programmes, and the
documents of the register by number."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from articles.documents.linking import NumberIndex
from articles.legacy import attribution
from articles.newsroom.models import Agency, ArticleType, Official, Programme
from articles.newsroom.text import nfc


def _name_key(name: str) -> str:
    return " ".join(nfc(name).split()).lower()


def _trie_pattern(keys: Iterable[str]) -> str:
    """One regex alternative for many names, sharing prefixes so that matching stays fast for a big directory."""
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for ch in key:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@dataclass
class Directory:
    """Officials and agencies by name (and alias), programmes by code; loaded once, matched without queries."""

    officials: dict[str, list[int]]
    agencies: dict[str, list[int]]
    programmes: dict[str, int]
    pattern: re.Pattern[str] | None
    # Documents of the register by number (articles/documents/linking.py).
    documents: NumberIndex = field(default_factory=lambda: NumberIndex([]))
    sources: attribution.SourceAgencies = field(default_factory=dict)  # agencies by folded name, for `Nguồn`
    default_type_id: int | None = None

    @classmethod
    def load(cls) -> Directory:
        officials: dict[str, list[int]] = {}
        for pk, full_name in Official.objects.values_list("pk", "full_name"):
            if key := _name_key(full_name):
                officials.setdefault(key, []).append(pk)
        agencies: dict[str, list[int]] = {}
        all_agencies = list(Agency.objects.only("pk", "name", "aliases"))
        for agency in all_agencies:
            for name in {agency.name, *agency.alias_list}:
                if (key := _name_key(name)) and agency.pk not in agencies.get(key, []):
                    agencies.setdefault(key, []).append(agency.pk)
        programmes = dict(Programme.objects.values_list("code", "pk"))
        names = officials.keys() | agencies.keys()
        pattern = re.compile(rf"(?<!\w)(?:{_trie_pattern(names)})(?!\w)", re.IGNORECASE) if names else None
        default_type = ArticleType.objects.default()
        return cls(
            officials=officials,
            agencies=agencies,
            programmes=programmes,
            pattern=pattern,
            documents=NumberIndex.load(),
            sources=attribution.source_agencies(all_agencies),
            default_type_id=default_type.pk if default_type else None,
        )

    def mentions(self, text: str) -> tuple[set[int], set[int]]:
        """The officials and the agencies named in the text (by name or alias, any case)."""
        officials: set[int] = set()
        agencies: set[int] = set()
        if self.pattern is not None:
            for key in {_name_key(match) for match in self.pattern.findall(text)}:
                officials.update(self.officials.get(key, ()))
                agencies.update(self.agencies.get(key, ()))
        return officials, agencies


# --- one file ----------------------------------------------------------------------------------------------------
