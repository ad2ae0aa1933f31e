"""Events as iCalendar (contract section 9), written with the `icalendar` library.

`/events/SLUG.ics` holds one `VEVENT`, `/events/calendar.ics` every published
event (a calendar residents can subscribe to). Both carry the `VTIMEZONE` of
the site's `TIMEZONE`, and every time is written with its `TZID`. The `UID`
of an event is its feed id (`Item.guid`), so it never changes when the title,
slug or date changes. Nothing depends on the clock: `DTSTAMP` is the item's
last change, and every calendar gets an explicit `UID` (the library would
otherwise invent random ones), so the same content makes the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date
from typing import Any

from icalendar import Calendar, Event, Timezone

from .item import Item
from .keys import key

CALENDAR = "events/calendar.ics"  # every event; an event may not take the slug "calendar"
STATUS = {"scheduled": "CONFIRMED", "postponed": "CONFIRMED", "cancelled": "CANCELLED"}


def ics_path(item: Item) -> str:
    """Where one event's calendar file is published: /events/SLUG.ics, /es/events/SLUG.ics."""
    return item.parts["events"].ics


def description(item: Item) -> str:
    """Plain text: a postponed event says so first, then its text."""
    event = item.parts["events"]
    parts = []
    if event.status == "postponed":
        parts.append(key("event-status").choice_label("postponed", item.lang) + ".")
    parts.append(item.text or item.teaser)
    return " ".join(p for p in parts if p)


def vevent(item: Item, page_url: str) -> Event:
    event = item.parts["events"]
    changed = (item.updated or event.starts).astimezone(UTC)
    return Event.new(
        uid=item.guid, stamp=changed, last_modified=changed,
        created=item.date.astimezone(UTC) if item.date else None,
        start=event.starts, end=event.ends, summary=item.title, location=event.location or None,
        url=page_url, status=STATUS[event.status], description=description(item) or None,
    )


def timezone(tzid: str, events: list[Item]) -> Timezone:
    """The VTIMEZONE of tzid over the years the events span (its rules for those years only)."""
    starts = [i.parts["events"].starts for i in events]
    ends = [i.parts["events"].ends for i in events]
    first = date(min(starts).year, 1, 1) if starts else date(2026, 1, 1)
    last = date(max(ends).year + 2, 1, 1) if ends else date(2028, 1, 1)
    return Timezone.from_tzid(tzid, first_date=first, last_date=last)


def calendar_bytes(events: Iterable[Item], settings: dict[str, Any], uid: str, absolute: Any,
                   name: str = "", url: str = "", source: str = "") -> bytes:
    """A VCALENDAR of events (ordered by start, then id), with the VTIMEZONE its times name.

    absolute(path) gives the absolute URL of a path of the site."""
    chosen = sorted(events, key=lambda i: (i.parts["events"].starts, i.guid))
    calendar = Calendar.new(
        prodid=f"-//{settings['SITENAME']}//Open Beat//EN", uid=uid, name=name or None, url=url or None,
        source=source or None, method="PUBLISH",
    )
    calendar.add("calscale", "GREGORIAN")
    calendar.add_component(timezone(settings["TIMEZONE"], chosen))
    for item in chosen:
        calendar.add_component(vevent(item, absolute(item.url)))
    return calendar.to_ical()


def ics_files(item: Item, settings: dict[str, Any], absolute: Any) -> dict[str, bytes]:
    """The calendar file of one event."""
    path = ics_path(item)
    return {path: calendar_bytes([item], settings, f"{item.guid}/calendar", absolute)}


def subscription(events: list[Item], settings: dict[str, Any], uid: str, name: str, absolute: Any) -> dict[str, bytes]:
    """/events/calendar.ics: every published event."""
    return {CALENDAR: calendar_bytes(events, settings, uid, absolute, name=name, url=absolute("events/"),
                                     source=absolute(CALENDAR))}
