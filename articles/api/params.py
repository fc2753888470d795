"""Query parameters, with the bounds that keep every well-formed request a 200 and every other one a 400.

Every value the schema allows is meaningful: ids up to the database's integer range, days the database can store,
cursors of digits only (articles/api/pagination.py). An empty range of days gives an empty list, not an error.
"""

from __future__ import annotations

import datetime
import re
from enum import StrEnum
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field

from articles.api.pagination import ARTICLE_CURSOR_PATTERN, DOCUMENT_CURSOR_PATTERN, ID_CURSOR_PATTERN
from articles.documents import forms as register_form
from articles.documents import numbers
from articles.documents.validity import Validity
from articles.search.query import MAX_QUERY_LENGTH

MAX_ID = 2**63 - 1
# Days outside these bounds are read as these (no article is older or newer), so that a day's end stays a datetime.
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(9998, 12, 31)
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
_ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


def _iso_day(value: Any) -> Any:
    """Only YYYY-MM-DD: pydantic alone would also take a number of seconds since 1970 for a day."""
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError("not a YYYY-MM-DD day")
    return value


Day = Annotated[datetime.date, BeforeValidator(_iso_day)]


class Ordering(StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    RELEVANCE = "relevance"


def _id(description: str) -> int | None:
    return Field(None, ge=1, le=MAX_ID, description=description)


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Số mục một trang (1–{MAX_LIMIT}).")


class DirectoryPaging(Paging):
    cursor: str | None = Field(
        None, pattern=ID_CURSOR_PATTERN, description="Lấy từ `next_cursor` của trang trước; bỏ trống ở trang đầu."
    )


class ArticleFilters(Paging):
    cursor: str | None = Field(
        None,
        pattern=ARTICLE_CURSOR_PATTERN,
        description="Lấy từ `next_cursor` của trang trước (cùng bộ lọc và cách sắp xếp); bỏ trống ở trang đầu.",
    )
    q: str | None = Field(
        None,
        max_length=MAX_QUERY_LENGTH,
        description="Từ khóa tiếng Việt, có dấu hoặc không dấu, tìm như ô tìm kiếm của cổng thông tin.",
    )
    agency: int | None = _id("Mã cơ quan (`id` trong /agencies/): bài của cơ quan đó.")
    official: int | None = _id("Mã cán bộ (`id` trong /officials/): bài có nhắc đến cán bộ đó.")
    programme: int | None = _id("Mã chương trình (`id` trong /programmes/).")
    section: int | None = _id("Mã chuyên mục (`id` trong /sections/): bài thuộc chuyên mục đó.")
    type: int | None = _id("Mã loại tin (`id` trong /article-types/).")
    date_from: Day | None = Field(None, description="Đăng từ ngày này (giờ Hà Nội, tính cả ngày đó), YYYY-MM-DD.")
    date_to: Day | None = Field(None, description="Đăng đến hết ngày này (giờ Hà Nội), YYYY-MM-DD.")
    ordering: Ordering | None = Field(
        None,
        description="`newest` (mặc định khi không có `q`), `oldest`, hoặc `relevance` (mặc định khi có `q`: xếp "
        "như trang tìm kiếm, trong 200 bài khớp mới nhất; không có `q` thì như `newest`).",
    )


class AgencyFilters(DirectoryPaging):
    parent: int | None = _id("Chỉ các cơ quan trực thuộc cơ quan này.")


class OfficialFilters(DirectoryPaging):
    agency: int | None = _id("Chỉ các cán bộ từng giữ chức vụ tại cơ quan này.")


class DocumentFilters(Paging):
    """The register page's filters (/van-ban/), with the API's ids for agencies."""

    cursor: str | None = Field(
        None,
        pattern=DOCUMENT_CURSOR_PATTERN,
        description="Lấy từ `next_cursor` của trang trước (cùng bộ lọc); bỏ trống ở trang đầu.",
    )
    q: str | None = Field(
        None,
        max_length=register_form.MAX_QUERY_LENGTH,
        description="Số, ký hiệu (viết kiểu nào cũng được: `06-CTr/TU`, `06 ctr tu`, `QĐ 1234`) hoặc từ khóa trong "
        "trích yếu, có dấu hoặc không dấu; tìm như ô tìm kiếm của trang văn bản.",
    )
    type: str | None = Field(
        None, max_length=100, pattern=SLUG_PATTERN, description="Loại văn bản: `slug` của `document_type`."
    )
    agency: int | None = _id("Mã cơ quan (`id` trong /agencies/): văn bản do cơ quan đó ban hành hoặc cùng ban hành.")
    field: str | None = Field(
        None, max_length=150, pattern=SLUG_PATTERN, description="Lĩnh vực: `slug` của `field` của văn bản."
    )
    year: int | None = Field(None, ge=numbers.FIRST_YEAR, le=numbers.LAST_YEAR, description="Năm ban hành.")
    validity: Validity | None = Field(None, description="Tình trạng hiệu lực hôm nay.")
