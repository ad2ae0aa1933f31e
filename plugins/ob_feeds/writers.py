"""Feeds written with feedgen from FeedEntry values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bs4 import BeautifulSoup
from feedgen.feed import FeedGenerator

from .entries import FeedEntry

GENERATOR = "Open Beat"


@dataclass(frozen=True)
class FeedInfo:
    title: str
    subtitle: str
    siteurl: str
    page_url: str  # absolute URL of the page the feed mirrors
    self_url: str  # absolute URL of the feed itself
    lang: str
    stylesheet: str  # absolute URL of the XSL that makes the feed readable in a browser
    built: datetime  # feed-level updated: the newest entry's, for reproducible output


def absolute_links(html: str, siteurl: str) -> str:
    """Feed readers resolve nothing: root-relative href/src become absolute."""
    if not siteurl or ("href=\"/" not in html and "src=\"/" not in html and "srcset=" not in html):
        return html
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        for attr in ("href", "src"):
            value = tag.get(attr)
            if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                tag[attr] = siteurl + value
        if tag.get("srcset"):
            parts = [p.strip() for p in tag["srcset"].split(",")]
            tag["srcset"] = ", ".join(siteurl + p if p.startswith("/") else p for p in parts)
    return str(soup)


def with_stylesheet(xml: bytes, href: str) -> bytes:
    """Insert the xml-stylesheet processing instruction after the XML declaration."""
    declaration, rest = xml.split(b"?>", 1)
    instruction = f'<?xml-stylesheet type="text/xsl" href="{href}"?>'.encode()
    return declaration + b"?>\n" + instruction + rest


def base_feed(info: FeedInfo) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(info.page_url)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    # RSS takes the last link as the channel's <link>: the page, not the feed.
    feed.link(href=info.self_url, rel="self")
    feed.link(href=info.page_url, rel="alternate")
    feed.language(info.lang)
    feed.generator(GENERATOR)
    feed.updated(info.built)
    feed.lastBuildDate(info.built)
    return feed


def full_feed(info: FeedInfo, entries: Iterable[FeedEntry]) -> FeedGenerator:
    """All, or one type: title, link, teaser as summary, the full text as content."""
    feed = base_feed(info)
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate")
        item.published(entry.published)
        item.updated(entry.updated)
        item.summary(entry.teaser)
        item.description(entry.teaser)
        item.content(absolute_links(entry.content, info.siteurl), type="html")
        for author in entry.authors:
            item.author(name=author)
        for tag in entry.tags:
            item.category(term=tag)
    return feed


def social_feed(info: FeedInfo, entries: Iterable[FeedEntry]) -> FeedGenerator:
    """For auto-share tools: plain-text teaser, share card as enclosure and media:content."""
    feed = base_feed(info)
    feed.load_extension("media", atom=False, rss=True)
    for entry in entries:
        item = feed.add_entry(order="append")
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link)
        item.description(entry.social_text)
        item.pubDate(entry.published)
        if entry.card_url:
            item.enclosure(entry.card_url, str(entry.card_length), entry.card_mime)
            item.media.content(
                group=None,  # a direct child of <item>, as most auto-share tools expect
                url=entry.card_url, type=entry.card_mime, medium="image",
                width=str(entry.card_width), height=str(entry.card_height), fileSize=str(entry.card_length),
            )
    return feed
