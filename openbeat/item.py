"""The declared view of one item: everything derived from a post, computed once.

`Item` is what templates, feeds, cards, structured data, the sitemap and search
read; nothing is attached to Pelican's objects. `openbeat.model` builds one per
published post, in two passes: first every item on its own, then the links
between items (translations, related items), which hold the first-pass items.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from zlib_ng import zlib_ng

from .images import ImagePlan
from .markup.steps import Section
from .types import TypeSpec

CARD_WIDTH, CARD_HEIGHT = 1200, 630


@dataclass(frozen=True)
class Card:
    """A 1200x630 share card: where it is published, its text alternative, and what it shows."""

    path: str  # output path, relative to OUT; its name carries a digest of everything below
    alt: str
    title: str
    badge: str
    lang: str
    photo: str | None  # content-relative path of the photo behind the text, or None
    width: int = CARD_WIDTH
    height: int = CARD_HEIGHT
    mime: str = "image/jpeg"


@dataclass(frozen=True)
class PackedBody:
    """An item's body in its three forms, kept compressed together.

    They are most of an item's size, and the page and feed HTML are nearly the same text: compressed
    together they take a fifth of the memory (at 5,000 posts, 8 MB instead of 40), cross from the
    worker processes and the item cache five times faster, and come back in microseconds.
    """

    packed: bytes

    @classmethod
    def of(cls, html: str, feed_html: str, text: str) -> PackedBody:
        parts = [html.encode(), feed_html.encode(), text.encode()]
        header = struct.pack("<II", len(parts[0]), len(parts[1]))
        return cls(zlib_ng.compress(header + b"".join(parts), 1))

    def forms(self) -> tuple[str, str, str]:
        """(html, feed_html, text), decompressed at each call (a few microseconds: a page reads one)."""
        data = zlib_ng.decompress(self.packed)
        first, second = struct.unpack_from("<II", data)
        start = 8 + first
        return data[8:start].decode(), data[start:start + second].decode(), data[start + second:].decode()


@dataclass(frozen=True)
class Item:
    """One published item. Fields, in the order they are computed:"""

    type: TypeSpec  # its declared type (openbeat.types)
    source: str  # content-relative path of its file
    id: str  # permanent: the Id key, else the source path (contract section 4)
    guid: str  # the feed id: tag:AUTHORITY,YEAR:ID (also CAP, calendars, the syndication record)
    slug: str
    lang: str
    title: str
    url: str  # relative to the site root, e.g. "policies/use-of-force/" or "es/about/"
    date: datetime | None  # Date: first published (types without Date: None)
    modified: datetime | None  # Modified
    fields: Mapping[str, Any]  # typed values of the type's keys, by Key.id (number, review_due, tip_phone, ...)
    body: PackedBody  # the html, feed_html and text below, compressed
    teaser: str  # plain text, at most 250 characters (Teaser, else Summary, else the first paragraph)
    social_text: str  # the teaser with the site's hashtags, at most 250 characters
    summary_html: str  # Summary, rendered and sanitised
    sections: tuple[Section, ...]  # the body's h2 and h3 headings
    image: ImagePlan | None  # the lead image (Image, or Photo for officers)
    image_alt: str
    images: tuple[ImagePlan, ...]  # every image the page publishes: the lead image and the body's
    card: Card
    parts: Mapping[str, Any]  # what each behaviour of the type added (history, dataset, updates, ...)
    updated: datetime | None  # the latest of Date, Modified and the published updates (set whenever date is)
    discussions: tuple[tuple[str, str], ...] = ()  # (platform, post URL) from the syndication record
    translations: tuple[Item, ...] = ()  # the same item in other languages (first-pass items)
    links: Mapping[str, tuple[Item, ...]] = field(default_factory=dict)  # related items by relation name:
    # a REFS key's id for the items it names ("officers"), the naming type's folder for the others ("stories")
    key: str = ""  # what the item is made of, hashed (openbeat.model): the same key, the same item

    @property
    def html(self) -> str:
        """The body as the page shows it: sanitised, links resolved, pictures, anchors."""
        return self.body.forms()[0]

    @property
    def feed_html(self) -> str:
        """The body for feeds: links absolute, no screen-reader notes or anchors."""
        return self.body.forms()[1]

    @property
    def text(self) -> str:
        """The body as plain text."""
        return self.body.forms()[2]

    def get(self, key: str, default: Any = None) -> Any:
        """A field by key id, as templates write it: item.get("review_due")."""
        value = self.fields.get(key)
        return default if value in (None, "", ()) else value

    def label(self, lang: str | None = None) -> str:
        return self.type.label(lang or self.lang)


def newest_first(items: Iterable[Item]) -> list[Item]:
    """Items by date, newest first (the same date: by source path, descending), as every dated list shows them."""
    return sorted(items, key=lambda i: (i.date, i.source), reverse=True)
