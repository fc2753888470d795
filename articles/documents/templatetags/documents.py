"""Template helpers of the register's pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def vn_number(value: Decimal | int | None) -> str:
    """A number as Vietnamese write it, without trailing zeros: 90,5 · 1.234 · 12."""
    if value is None:
        return ""
    number = Decimal(value).normalize()
    whole, _, fraction = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(reversed([digits[max(0, i - 3) : i] for i in range(len(digits), 0, -3)]))
    return f"{sign}{grouped}{',' + fraction if fraction else ''}"
