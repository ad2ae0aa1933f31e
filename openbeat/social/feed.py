"""Reads the built social feed, `OUT/feeds/social.rss.xml` (format: docs/social-feed.md).

The build writes the feed; this module only reads it, with ElementTree, and turns each
`<item>` into an `Item`. The share card of an item is a file of the built site: its
`<enclosure url>` is SITEURL + the path of the card inside OUT.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from openbeat.social.errors import CardError, FeedError

MEDIA = "{http://search.yahoo.com/mrss/}"
DC = "{http://purl.org/dc/elements/1.1/}"
UPDATE_MARK = "#update-"
OUTCOME_MARK = "#outcome"


@dataclass(frozen=True)
class Item:
    """One `<item>` of the social feed.

    guid: the permanent id; an update's is its post's guid + `#update-YYYYMMDDHHMM`.
    description: the plain-text teaser with the site's hashtags at its end (for a
    resolved appeal, the Outcome). card_url and card_type come from `<enclosure>`,
    card_alt from `<media:description>` (the card's alt text, in the item's language).
    """

    guid: str
    title: str
    link: str
    description: str
    published: datetime
    lang: str
    kind: str
    resolved: bool
    card_url: str
    card_type: str
    card_alt: str

    @property
    def parent(self) -> str | None:
        """The guid of the post this update belongs to; None for a post."""
        return self.guid.split(UPDATE_MARK, 1)[0] if UPDATE_MARK in self.guid else None


@dataclass(frozen=True)
class Feed:
    site: str  # the channel's <link> without its trailing slash, e.g. https://police.example.gov
    items: list[Item]  # oldest first
    out: Path  # the built output folder the feed is in


@dataclass(frozen=True)
class Card:
    """The card file's bytes, ready to upload."""

    data: bytes
    mime: str
    alt: str
    filename: str


def thread_root(guid: str) -> str:
    """The guid of the post a record key belongs to: itself, or the post of an update/outcome."""
    return guid.split("#", 1)[0]


def read_feed(path: str | Path) -> Feed:
    """The feed at OUT/feeds/social.rss.xml; its items oldest first (then by guid)."""
    path = Path(path)
    if not path.is_file():
        raise FeedError(f"{path}: no social feed there: build the site first (make publish), then give OUT/feeds/social.rss.xml")
    try:
        channel = ET.parse(path).getroot().find("channel")
    except ET.ParseError as error:
        raise FeedError(f"{path}: not a readable RSS feed ({error}): build the site again (make publish)") from None
    if channel is None:
        raise FeedError(f"{path}: no <channel>: this is not the social feed; give OUT/feeds/social.rss.xml")
    site = (channel.findtext("link") or "").strip().rstrip("/")
    if not urlsplit(site).scheme.startswith("http"):
        raise FeedError(f"{path}: the channel <link> {site!r} is not the site's address: build with publishconf.py and SITEURL set")
    items = [read_item(element, path) for element in channel.findall("item")]
    items.sort(key=lambda item: (item.published, item.guid))
    return Feed(site=site, items=items, out=path.resolve().parent.parent)


def read_item(element: ET.Element, path: Path) -> Item:
    guid = (element.findtext("guid") or "").strip()
    if not guid:
        raise FeedError(f"{path}: an item without <guid>: build the site again with this version of Open Beat")
    try:
        published = parsedate_to_datetime((element.findtext("pubDate") or "").strip()).astimezone(UTC)
    except (TypeError, ValueError):
        raise FeedError(f"{path}: item {guid}: <pubDate> is not an RFC 822 date: build the site again") from None
    enclosure = element.find("enclosure")
    enclosure = enclosure.attrib if enclosure is not None else {}
    media = element.find(f"{MEDIA}content")
    alt = (media.findtext(f"{MEDIA}description") or "").strip() if media is not None else ""
    categories = {c.get("domain", ""): (c.text or "").strip() for c in element.findall("category")}
    return Item(
        guid=guid,
        title=(element.findtext("title") or "").strip(),
        link=(element.findtext("link") or "").strip(),
        description=(element.findtext("description") or "").strip(),
        published=published,
        lang=(element.findtext(f"{DC}language") or "en").strip(),
        kind=categories.get("openbeat:type", ""),
        resolved=categories.get("openbeat:state", "") == "resolved",
        card_url=enclosure.get("url", ""),
        card_type=enclosure.get("type", ""),
        card_alt=alt,
    )


def card_path(item: Item, feed: Feed) -> Path:
    """The card file inside OUT that the item's `<enclosure url>` names.

    Raises CardError when the item names none, when the URL is not on the site, when it
    leads outside OUT, or when the file is missing: a post never goes out without its card.
    """
    if not item.card_url:
        raise CardError(f"{item.guid}: the feed item has no <enclosure> card: build the site again with this version of Open Beat")
    if not item.card_url.startswith(feed.site + "/"):
        raise CardError(f"{item.guid}: the card {item.card_url} is not on the site {feed.site}: build with the same SITEURL")
    relative = PurePosixPath(unquote(urlsplit(item.card_url[len(feed.site):]).path).lstrip("/"))
    if not relative.parts or ".." in relative.parts:
        raise CardError(f"{item.guid}: the card URL {item.card_url} does not name a file of the site")
    path = feed.out.joinpath(*relative.parts)
    if not path.is_file():
        raise CardError(
            f"{item.guid}: the card {relative} is missing from {feed.out}: post nothing without its card; "
            "build the site again (make publish) and syndicate the folder that was deployed"
        )
    return path


def load_card(item: Item, feed: Feed) -> Card:
    """The card's bytes with its type and alt text (see card_path for the errors)."""
    path = card_path(item, feed)
    mime = item.card_type or ("image/png" if path.suffix.lower() == ".png" else "image/jpeg")
    return Card(data=path.read_bytes(), mime=mime, alt=item.card_alt, filename=path.name)
