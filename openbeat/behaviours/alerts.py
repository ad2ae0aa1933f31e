"""Alerts: expired ones are marked, urgent ones are a banner on every page until they expire.

CAP messages for alerts (contract section 10) are written by openbeat.cap; `outputs`
publishes one per alert that has not expired, and the Atom feed that lists them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .. import cap
from ..digests import digest
from ..i18n import translate
from ..item import newest_first
from ..render import Output

FEEDS = (("alerts_cap", cap.FEED),)  # (theme string of its name, path): on the Follow page


@dataclass(frozen=True)
class Alert:
    severity: str  # info, warning, urgent
    expires: datetime | None
    expired: bool
    area: str


def view(root: Any, entry: Any, builder: Any) -> Alert:
    fields, now = builder.fields, builder.build.now
    expires = fields.get("expires")
    return Alert(fields.get("severity") or "info", expires, expires is not None and expires <= now,
                 fields.get("area") or "")


def home(items: list[Any], now: datetime, count: int) -> list[Any]:
    """Expired alerts never appear on the home page."""
    return newest_first(i for i in items if not i.parts["alerts"].expired)[:count]


def chrome(items: list[Any], lang: str, default_lang: str) -> dict[str, Any]:
    """The urgent banner of pages in lang: active urgent alerts, in lang when translated."""
    active = [i for i in items if i.parts["alerts"].severity == "urgent" and not i.parts["alerts"].expired]
    chosen = []
    for alert in active:
        if alert.lang == lang or (not any(t.lang == lang for t in alert.translations) and alert.lang == default_lang):
            chosen.append(alert)
    return {"banner": tuple(newest_first(chosen))}


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    alert = item.parts["alerts"]
    if alert.expires is not None:
        data["expires"] = alert.expires.isoformat()
    data["datePosted"] = data.get("datePublished")
    if alert.area:
        data["spatialCoverage"] = {"@type": "Place", "name": alert.area}


def _cap_message(path: str, item: Any, settings: dict[str, Any], page_url: str, word: str) -> dict[str, bytes]:
    return {path: cap.message_xml(item, settings, page_url, word)}


def _cap_feed(alerts: list[Any], info: Any, link: Any) -> dict[str, bytes]:
    return {cap.FEED: cap.feed_xml(alerts, info, link)}


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """`cap.xml` beside each alert that has not expired, and /feeds/alerts.cap.atom.xml (contract section 10).
    Neither is a page: no sitemap entry."""
    build = site.build
    current = cap.current(site.items)
    for item in current:
        path = cap.cap_path(item)
        word = translate(build.strings, item.lang, "update_title", site.default_lang)
        key = digest(pages.global_key, "cap", item.key, word)
        yield Output((path,), key, functools.partial(_cap_message, path, item, build.settings,
                                                     build.absolute(item.url), word))
    lang = site.default_lang
    newest = cap.messages(current[0])[-1].sent if current else site.now  # current: newest message first
    info = pages.feed_info(cap.FEED.removeprefix("feeds/"), translate(build.strings, lang, "alerts_cap"),
                           translate(build.strings, lang, "feed_subtitle_alerts_cap"), "alerts/", newest)
    key = digest(pages.global_key, "cap-feed", info, tuple(i.key for i in current))
    yield Output((cap.FEED,), key, functools.partial(_cap_feed, current, info, build.absolute))
