"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as a Django feed type, beside RSS 2.0 and Atom.

A `Feed` subclass only sets `feed_type = JsonFeed`: the items, links and ids are the RSS feed's own.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils import timezone
from django.utils.feedgenerator import SyndicationFeed

from articles.newsroom.text import nfc

VERSION_URL = "https://jsonfeed.org/version/1.1"


def _time(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile: Any, encoding: str) -> None:
        outfile.write(json.dumps(self.document(), ensure_ascii=False, separators=(",", ":")))

    def document(self) -> dict[str, Any]:
        feed = self.feed
        document: dict[str, Any] = {
            "version": VERSION_URL,
            "title": nfc(feed["title"]),
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": nfc(feed["description"] or ""),
            "language": feed["language"],
            "items": [self.item(item) for item in self.items],
        }
        return {key: value for key, value in document.items() if value is not None}

    def item(self, item: dict[str, Any]) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": item["unique_id"] or item["link"],
            "url": item["link"],
            "title": nfc(item["title"]),
            # The lead, as the RSS description: JSON Feed wants content; the article page has the rest.
            "content_text": nfc(item["description"] or ""),
            "date_published": _time(item["pubdate"]),
            "date_modified": _time(item["updateddate"]),
        }
        if item.get("author_name"):
            entry["authors"] = [{"name": nfc(item["author_name"])}]
        return {key: value for key, value in entry.items() if value is not None}
