"""Directory text in the reader's language: a column and its English twin (`name`, `name_en`).

The English site shows the English text where an editor wrote one and the Vietnamese text otherwise, marked as such
(templates wrap it in `lang="vi"` with a "Vietnamese only" note); nothing is machine-translated.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

ENGLISH = "en"


def english_site() -> bool:
    return (get_language() or "").split("-")[0] == ENGLISH


def _english(obj: Any, field: str) -> str:
    # A list that loaded its rows with only() and left the English column out shows the Vietnamese text rather
    # than running one query per row.
    name = f"{field}_en"
    deferred = obj.get_deferred_fields() if hasattr(obj, "get_deferred_fields") else set()
    return "" if name in deferred else (getattr(obj, name, "") or "")


def text(obj: Any, field: str) -> str:
    """`obj.<field>` in the current language, falling back to the Vietnamese text."""
    if english_site():
        english = _english(obj, field)
        if english.strip():
            return english
    return getattr(obj, field) or ""


def falls_back(obj: Any, field: str) -> bool:
    """Whether the English site shows the Vietnamese text of `obj.<field>` for want of an English one."""
    return english_site() and bool((getattr(obj, field) or "").strip()) and not _english(obj, field).strip()
