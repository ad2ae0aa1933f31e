"""Alerts: expired ones are marked, urgent ones are a banner on every page until they expire.

CAP messages for alerts (contract section 10) are written by openbeat.cap.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


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
    current = [i for i in items if not i.parts["alerts"].expired]
    return sorted(current, key=lambda i: (i.date, i.source), reverse=True)[:count]


def chrome(items: list[Any], lang: str, default_lang: str) -> dict[str, Any]:
    """The urgent banner of pages in lang: active urgent alerts, in lang when translated."""
    active = [i for i in items if i.parts["alerts"].severity == "urgent" and not i.parts["alerts"].expired]
    chosen = []
    for alert in active:
        if alert.lang == lang or (not any(t.lang == lang for t in alert.translations) and alert.lang == default_lang):
            chosen.append(alert)
    return {"banner": tuple(sorted(chosen, key=lambda a: (a.date, a.source), reverse=True))}


def jsonld(item: Any, data: dict[str, Any]) -> None:
    alert = item.parts["alerts"]
    if alert.expires is not None:
        data["expires"] = alert.expires.isoformat()
    data["datePosted"] = data.get("datePublished")
    if alert.area:
        data["spatialCoverage"] = {"@type": "Place", "name": alert.area}
