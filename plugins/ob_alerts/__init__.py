"""ob_alerts: urgent alerts become a banner on every page until they expire.

Sets `expired` on every alert and `urgent_alerts` (per language) in the context
that every template receives.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pelican import signals


def mark_alerts(items: list[Any], now: datetime, langs: list[str]) -> dict[str, list[Any]]:
    """Mark expired alerts; return the active urgent ones for each language.

    A page in a language shows the alert in that language when it exists, else
    the original.
    """
    alerts = [item for item in items if item.ob_type == "alerts"]
    for alert in alerts:
        alert.expired = alert.expires is not None and alert.expires <= now
    active = [a for a in alerts if a.severity == "urgent" and not a.expired]
    banners: dict[str, list[Any]] = {}
    for lang in langs:
        chosen = []
        for alert in active:
            if alert.lang == lang:
                chosen.append(alert)
            elif not any(t.lang == lang for t in alert.translations) and alert.in_default_lang:
                chosen.append(alert)
        banners[lang] = sorted(chosen, key=lambda a: a.date, reverse=True)
    return banners


def share_banners(generators: list[Any]) -> None:
    if not generators:
        return
    items = generators[0].context["ob_items"]  # put there by ob_types, earlier in PLUGINS
    settings = generators[0].settings
    langs = sorted({settings["DEFAULT_LANG"]} | {item.lang for item in items})
    generators[0].context["urgent_alerts"] = mark_alerts(items, settings["BUILD_TIME"], langs)


def register() -> None:
    # all_generators_finalized: the banner must be known before the first
    # page is written, and only published alerts may appear in it.
    signals.all_generators_finalized.connect(share_banners)
