"""One place decides what a feed says about an item: id, dates, link, teaser.

Every feed (Atom, RSS, social) is written from FeedEntry values, so the feeds
cannot disagree about an item.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ob_types.model import FEED_TYPES, TEASER_LIMIT
from ob_types.teaser import make_teaser


@dataclass(frozen=True)
class FeedEntry:
    id: str  # permanent: Id, else the source path (contract section 4)
    title: str
    link: str  # absolute
    published: datetime  # Date, never changed by an edit
    updated: datetime  # Modified, else Date
    teaser: str  # plain text, at most 250 characters
    social_text: str  # the teaser with the hashtags, at most 250 characters
    content: str  # the item's HTML, links absolute
    type: str
    lang: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    card_url: str | None
    card_alt: str
    card_length: int
    card_width: int
    card_height: int
    card_mime: str


def feed_entry(item: Any, siteurl: str, output_path: str, hashtags: list[str]) -> FeedEntry:
    """The feed view of one published item."""
    card = getattr(item, "card", None)
    card_file = os.path.join(output_path, card.path) if card else ""
    length = os.path.getsize(card_file) if card and os.path.exists(card_file) else 0
    suffix = " ".join(hashtags)
    summary = item.metadata.get("summary", "")
    return FeedEntry(
        id=item.ob_id,
        title=item.title,
        link=f"{siteurl}/{item.url}",
        published=item.date,
        updated=getattr(item, "modified", None) or item.date,
        teaser=item.teaser,
        social_text=make_teaser(item.teaser_text, summary, item._content or "", TEASER_LIMIT, suffix),
        content=item.content,
        type=item.ob_type,
        lang=item.lang,
        authors=tuple(str(a) for a in getattr(item, "authors", []) or []),
        tags=tuple(str(t) for t in getattr(item, "tags", []) or []),
        card_url=f"{siteurl}/{card.path}" if card else None,
        card_alt=card.alt if card else "",
        card_length=length,
        card_width=card.width if card else 0,
        card_height=card.height if card else 0,
        card_mime=card.mime if card else "",
    )


def feed_entries(items: list[Any], siteurl: str, output_path: str, hashtags: list[str]) -> list[FeedEntry]:
    """Every published post, newest first (ties: by id, so the order is stable)."""
    posts = [item for item in items if item.ob_type in FEED_TYPES]
    entries = [feed_entry(item, siteurl, output_path, hashtags) for item in posts]
    return sorted(entries, key=lambda e: (e.published, e.id), reverse=True)
