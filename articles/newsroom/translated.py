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


def text(obj: Any, field: str) -> str:
    """`obj.<field>` in the current language, falling back to the Vietnamese text."""
    if english_site():
        english = getattr(obj, f"{field}_en", "") or ""
        if english.strip():
            return english
    return getattr(obj, field) or ""


def falls_back(obj: Any, field: str) -> bool:
    """Whether the English site shows the Vietnamese text of `obj.<field>` for want of an English one."""
    return (
        english_site()
        and bool((getattr(obj, field) or "").strip())
        and not (getattr(obj, f"{field}_en", "") or "").strip()
    )
