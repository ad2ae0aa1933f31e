"""The feeds of contract section 4: Atom and RSS with feedgen, the social feed with lxml.

Every feed is written from the items' views, so feeds cannot disagree about an
item: ids are the items' `guid`s (tag: IRIs), links are absolute, content is the
item's feed HTML (no screen-reader notes), teasers are computed once per item.
Browsers no longer apply XSLT to feeds, so a feed that is opened in a browser
says in an XML comment where the Follow page is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from .item import Item

GENERATOR = "Open Beat"
MEDIA = "http://search.yahoo.com/mrss/"
DC = "http://purl.org/dc/elements/1.1/"
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TYPE_DOMAIN = "openbeat:type"  # social feed categories: the item's type folder
STATE_DOMAIN = "openbeat:state"  # "resolved" for a resolved appeal


@dataclass(frozen=True)
class FeedInfo:
    id: str  # the feed's own IRI
    title: str
    subtitle: str
    page_url: str  # absolute URL of the page the feed mirrors
    self_url: str  # absolute URL of the feed itself
    lang: str
    author: str  # the department
    email: str
    updated: datetime  # the newest entry's: reproducible output
    note: str  # the XML comment a browser shows: where to follow the feed


@dataclass(frozen=True)
class SocialItem:
    """One item of the social feed: a post, or one update of a post (contract section 8)."""

    guid: str
    title: str
    link: str
    teaser: str  # plain text with the hashtags, at most 250 characters
    published: datetime
    lang: str
    folder: str
    state: str  # "" or the item's state, such as "resolved" (a resolved appeal)
    card_url: str
    card_length: int
    card_alt: str
    card_width: int
    card_height: int
    card_mime: str


def newest(items: Iterable[Item], limit: int) -> list[Item]:
    """Newest first by publication date (ties by id: a stable order), at most limit."""
    return sorted(items, key=lambda i: (i.date, i.guid), reverse=True)[:limit]


def _base(info: FeedInfo) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(info.id)
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.author(name=info.author, email=info.email or None)
    # RSS takes the last link as the channel's <link>: the page, not the feed.
    feed.link(href=info.self_url, rel="self")
    feed.link(href=info.page_url, rel="alternate")
    feed.language(info.lang)
    feed.generator(GENERATOR)
    feed.updated(info.updated)
    feed.lastBuildDate(info.updated)
    return feed


def _with_note(xml: bytes, note: str) -> bytes:
    declaration, rest = xml.split(b"?>", 1)
    comment = etree.tostring(etree.Comment(f" {note} ")) if note else b""
    return declaration + b"?>\n" + comment + rest


def _entries(feed: FeedGenerator, items: list[Item], content: Callable[[Item], str], link: Callable[[Item], str]) -> None:
    for item in items:
        entry = feed.add_entry(order="append")
        entry.id(item.guid)
        entry.guid(item.guid, permalink=False)
        entry.title(item.title)
        entry.link(href=link(item), rel="alternate")
        entry.published(item.date)
        entry.updated(item.updated)
        entry.summary(item.teaser)
        entry.description(item.teaser)
        entry.content(content(item), type="html")
        for name in item.get("authors", ()):
            entry.author(name=name)
        for tag in item.get("tags", ()):
            entry.category(term=tag)


def atom(info: FeedInfo, items: list[Item], content: Callable[[Item], str], link: Callable[[Item], str]) -> bytes:
    """An Atom feed; entries in another language than the feed's carry xml:lang."""
    feed = _base(info)
    _entries(feed, items, content, link)
    return atom_bytes(feed, info, [item.lang for item in items])


def atom_bytes(feed: FeedGenerator, info: FeedInfo, langs: list[str]) -> bytes:
    """feedgen's Atom with the feed's xml:lang, and each entry's where it differs (langs: the entries'
    languages, in order), then the note for readers."""
    root = etree.fromstring(feed.atom_str(pretty=False))
    root.set(XML_LANG, info.lang)
    for entry, lang in zip(root.iterfind(f"{{{ATOM}}}entry"), langs, strict=True):
        if lang != info.lang:
            entry.set(XML_LANG, lang)
    return xml_bytes(root, info.note)


def xml_bytes(root: etree._Element, note: str) -> bytes:
    """A feed's document with its XML declaration and the note for readers."""
    return _with_note(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True), note)


def rss(info: FeedInfo, items: list[Item], content: Callable[[Item], str], link: Callable[[Item], str]) -> bytes:
    """An RSS 2.0 feed; each item says its language with dc:language."""
    feed = _base(info)
    feed.load_extension("dc", atom=False, rss=True)
    _entries(feed, items, content, link)
    for entry, item in zip(feed.entry(), items, strict=True):
        entry.dc.dc_language(item.lang)
    return _with_note(feed.rss_str(pretty=True), info.note)


def social(info: FeedInfo, items: list[SocialItem]) -> bytes:
    """/feeds/social.rss.xml for auto-share tools (docs/social-feed.md describes every element)."""
    nsmap = {"atom": ATOM, "dc": DC, "media": MEDIA}
    root = etree.Element("rss", version="2.0", nsmap=nsmap)
    channel = etree.SubElement(root, "channel")
    for tag, text in (("title", info.title), ("link", info.page_url), ("description", info.subtitle),
                      ("language", info.lang), ("generator", GENERATOR),
                      ("lastBuildDate", rfc822(info.updated))):
        etree.SubElement(channel, tag).text = text
    etree.SubElement(channel, f"{{{ATOM}}}link", href=info.self_url, rel="self", type="application/rss+xml")
    for item in items:
        node = etree.SubElement(channel, "item")
        etree.SubElement(node, "title").text = item.title
        etree.SubElement(node, "link").text = item.link
        etree.SubElement(node, "description").text = item.teaser
        etree.SubElement(node, "guid", isPermaLink="false").text = item.guid
        etree.SubElement(node, "pubDate").text = rfc822(item.published)
        etree.SubElement(node, f"{{{DC}}}language").text = item.lang
        etree.SubElement(node, "category", domain=TYPE_DOMAIN).text = item.folder
        if item.state:
            etree.SubElement(node, "category", domain=STATE_DOMAIN).text = item.state
        etree.SubElement(node, "enclosure", url=item.card_url, length=str(item.card_length), type=item.card_mime)
        media = etree.SubElement(node, f"{{{MEDIA}}}content", url=item.card_url, type=item.card_mime, medium="image",
                                 width=str(item.card_width), height=str(item.card_height),
                                 fileSize=str(item.card_length))
        etree.SubElement(media, f"{{{MEDIA}}}description", type="plain").text = item.card_alt
    return xml_bytes(root, info.note)


def rfc822(value: datetime) -> str:
    from email.utils import format_datetime

    return format_datetime(value)
