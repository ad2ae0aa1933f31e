"""Alerts in the Common Alerting Protocol, CAP 1.2 (contract section 10), written with lxml.

Each alert that has not expired has `/alerts/SLUG/cap.xml`: the latest message
about it. The first message is an `Alert`; each published update (contract
section 8) is a new message, an `Update`, with its own identifier and a
`references` that names the message before it. `/feeds/alerts.cap.atom.xml`
lists the current messages for alerting software.

CAP fixes the order of elements (the schema is a sequence) and the form of
times: `2026-11-16T07:00:00-06:00`, never `Z` and never fractions of a second;
UTC is written `-00:00`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from .feeds import ATOM, GENERATOR, XML_LANG, xml_bytes
from .item import Item
from .markup import document
from .values import format_date

NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
MIME = "application/cap+xml"
FEED = "feeds/alerts.cap.atom.xml"
FORBIDDEN_RE = re.compile(r"[\s,<&]")  # CAP identifiers and senders: no spaces, commas, < or &
# Severity key -> (urgency, severity, certainty) (contract section 10).
LEVELS = {
    "info": ("Future", "Minor", "Likely"),
    "warning": ("Expected", "Moderate", "Likely"),
    "urgent": ("Immediate", "Severe", "Observed"),
}


@dataclass(frozen=True)
class Message:
    """One CAP message about an alert: the first one, or one per update."""

    identifier: str
    sent: datetime
    anchor: str  # "" for the first message, else the update's anchor (update-YYYYMMDDHHMM)


def cap_time(value: datetime) -> str:
    """A CAP time: seconds, a numeric offset, UTC as -00:00."""
    text = value.replace(microsecond=0).isoformat(timespec="seconds")
    offset = value.utcoffset()
    if offset is None:
        raise ValueError("CAP times carry their offset: give a datetime with a timezone")
    if offset == timedelta(0):
        text = text.removesuffix("+00:00") + "-00:00"
    return text


def safe(text: str) -> str:
    """Text CAP allows in an identifier or sender: spaces, commas, < and & replaced by _."""
    return FORBIDDEN_RE.sub("_", text)


def sender(settings: Mapping[str, Any]) -> str:
    return safe(settings.get("CAP_SENDER") or urlsplit(settings["SITEURL"]).hostname or "localhost")


def area(item: Item, settings: Mapping[str, Any]) -> str:
    return item.parts["alerts"].area or settings.get("CAP_AREA") or settings["SITENAME"]


def messages(item: Item) -> list[Message]:
    """Every message about an alert, oldest first: the alert itself, then one per published update."""
    base = safe(item.id)
    found = [Message(base, item.date, "")]
    updates = item.parts.get("updates")
    for update in sorted(updates.entries if updates else (), key=lambda u: u.time):
        found.append(Message(f"{base}#{update.anchor}", update.time, update.anchor))
    return found


def current(items: tuple[Item, ...] | list[Item]) -> list[Item]:
    """Alerts that have not expired, newest message first (ties by id: a stable order)."""
    alive = [i for i in items if i.parts.get("alerts") is not None and not i.parts["alerts"].expired]
    return sorted(alive, key=lambda i: (messages(i)[-1].sent, i.guid), reverse=True)


def description(item: Item, strings_update: str) -> str:
    """Plain text: the updates newest first, each after its time, then the original text."""
    parts = []
    updates = item.parts.get("updates")
    for update in updates.entries if updates else ():
        text = document.plain_text(document.parse(update.feed_html))
        parts.append(f"{strings_update} {format_date(update.time)}: {text}")
    parts.append(item.text)
    return "\n\n".join(p for p in parts if p)


def _add(parent: etree._Element, name: str, text: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{NAMESPACE}}}{name}")
    node.text = text
    return node


def message_xml(item: Item, settings: Mapping[str, Any], page_url: str, update_word: str) -> bytes:
    """The latest CAP message about an alert, as bytes (UTF-8, with its XML declaration)."""
    alert = item.parts["alerts"]
    history = messages(item)
    latest = history[-1]
    who = sender(settings)
    root = etree.Element(f"{{{NAMESPACE}}}alert", nsmap={None: NAMESPACE})
    _add(root, "identifier", latest.identifier)
    _add(root, "sender", who)
    _add(root, "sent", cap_time(latest.sent))
    _add(root, "status", "Actual")
    _add(root, "msgType", "Update" if len(history) > 1 else "Alert")
    _add(root, "scope", "Public")
    if len(history) > 1:
        previous = history[-2]
        _add(root, "references", f"{who},{previous.identifier},{cap_time(previous.sent)}")
    info = etree.SubElement(root, f"{{{NAMESPACE}}}info")
    urgency, severity, certainty = LEVELS[alert.severity]
    _add(info, "language", item.lang)
    _add(info, "category", "Safety")
    _add(info, "event", item.title)
    _add(info, "urgency", urgency)
    _add(info, "severity", severity)
    _add(info, "certainty", certainty)
    if alert.expires is not None:
        _add(info, "expires", cap_time(alert.expires))
    _add(info, "senderName", settings["SITENAME"])
    _add(info, "headline", item.title)
    _add(info, "description", description(item, update_word))
    _add(info, "web", page_url)
    where = etree.SubElement(info, f"{{{NAMESPACE}}}area")
    _add(where, "areaDesc", area(item, settings))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def cap_path(item: Item) -> str:
    """Where an alert's CAP message is published, relative to the site."""
    return f"{item.url}cap.xml"


def feed_xml(alerts: list[Item], info: Any, link: Any) -> bytes:
    """The Atom feed of current CAP messages: one entry per alert, linking its cap.xml as application/cap+xml.

    info: an openbeat.feeds.FeedInfo; link(path) gives the absolute URL of a path of the site. Written with
    lxml: feedgen drops the rel and type of an entry's links, and the type is the point of this feed.
    """
    def add(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
        node = etree.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
        node.text = text
        return node

    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set(XML_LANG, info.lang)
    add(root, "id", info.id)
    add(root, "title", info.title)
    add(root, "subtitle", info.subtitle)
    add(root, "updated", info.updated.isoformat())
    author = add(root, "author")
    add(author, "name", info.author)
    if info.email:
        add(author, "email", info.email)
    add(root, "link", href=info.self_url, rel="self", type="application/atom+xml")
    add(root, "link", href=info.page_url, rel="alternate", type="text/html")
    add(root, "generator", GENERATOR)
    for item in alerts:
        latest = messages(item)[-1]
        entry = add(root, "entry")
        if item.lang != info.lang:
            entry.set(XML_LANG, item.lang)
        add(entry, "id", item.guid + (f"#{latest.anchor}" if latest.anchor else ""))
        add(entry, "title", item.title)
        add(entry, "link", href=link(cap_path(item)), rel="alternate", type=MIME)
        add(entry, "link", href=link(item.url), rel="related", type="text/html")
        add(entry, "published", item.date.isoformat())
        add(entry, "updated", latest.sent.isoformat())
        add(entry, "summary", item.teaser)
        category = add(entry, "category")
        category.set("term", item.parts["alerts"].severity)
    return xml_bytes(root, info.note)
