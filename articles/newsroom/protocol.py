"""The order in which Vietnamese portals list leaders: by position (protocol order), then by given name.

`position_rank` reads a title as written (`Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy`): each known
position it names has a rank, the smallest wins; an official with several titles is placed by the best of them,
then the next. The A–Z index groups officials by the first letter of their given name (tên, the last word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from articles.newsroom.text import fold, strip_marks

UNRANKED = 99
# (folded pattern, rank): national leaders first, then the city's Party committee, council and government.
_POSITIONS: list[tuple[str, int]] = [
    (r"tong bi thu", 0),
    (r"(?<!pho )chu tich nuoc", 1),
    (r"(?<!pho )thu tuong", 2),
    (r"(?<!pho )chu tich quoc hoi", 3),
    (r"(?<!tong )(?<!pho )bi thu", 10),
    (r"pho bi thu thuong truc", 11),
    (r"pho bi thu", 12),
    (r"(?<!pho )chu tich (?:hdnd|hoi dong nhan dan)", 13),
    (r"(?<!pho )chu tich (?:ubnd|uy ban nhan dan)", 14),
    (r"truong doan dai bieu quoc hoi", 15),
    (r"(?<!pho )chu tich (?:ubmttq|uy ban mat tran)", 16),
    (r"pho chu tich thuong truc", 17),
    (r"pho chu tich", 18),
    (r"uy vien (?:ban thuong vu|btv)", 19),
    (r"(?<!pho )truong ban", 20),
    (r"(?<!pho )giam doc", 21),
    (r"(?<!pho )chanh van phong", 22),
]
_COMPILED = [(re.compile(rf"(?<![a-z]){pattern}(?![a-z])"), rank) for pattern, rank in _POSITIONS]
# The letters of the index, in the order of the Vietnamese alphabet (marks set aside, Đ on its own).
INDEX_LETTERS = ["A", "B", "C", "D", "Đ", "E", "G", "H", "I", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
                 "U", "V", "X", "Y"]  # fmt: skip


def position_rank(title: str) -> int:
    folded = fold(title)
    return min((rank for pattern, rank in _COMPILED if pattern.search(folded)), default=UNRANKED)


def protocol_key(titles: Iterable[str], full_name: str) -> tuple:
    """Sort key of an official: the ranks of their titles, best first, then the given name."""
    # The end marker puts "Phó Bí thư, Chủ tịch UBND" (12, 14, end) before "Phó Bí thư" alone (12, end).
    ranks = (*sorted(position_rank(title) for title in titles), UNRANKED + 1)
    return ranks, given_name_key(full_name)


def given_name(full_name: str) -> str:
    words = full_name.split()
    return words[-1] if words else ""


def given_name_key(full_name: str) -> tuple[str, str]:
    return fold(given_name(full_name)), fold(full_name)


def index_letter(full_name: str) -> str:
    """The letter under which the A–Z index lists an official: the first of the given name, marks aside."""
    name = given_name(full_name)
    if not name:
        return "#"
    first = name[0].upper()
    return "Đ" if first in "ĐÐ" else strip_marks(first).upper()


def letter_order(letter: str) -> int:
    return INDEX_LETTERS.index(letter) if letter in INDEX_LETTERS else len(INDEX_LETTERS)
