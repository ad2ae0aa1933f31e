"""Community events (contract section 9): upcoming ones soonest first, then past ones.

Calendars (`/events/SLUG.ics`, `/events/calendar.ics`) are written by openbeat.calendar;
`outputs` publishes them (files, not pages: no sitemap entry).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .. import calendar
from ..digests import digest
from ..errors import Problem
from ..i18n import translate
from ..render import Output

DEFAULT_LENGTH = timedelta(hours=1)
SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}
RESERVED_SLUG = "calendar"  # /events/calendar.ics is the calendar of every event


@dataclass(frozen=True)
class Event:
    starts: datetime
    ends: datetime  # Ends, else one hour after Starts
    location: str
    status: str  # scheduled, cancelled, postponed
    upcoming: bool  # has not ended at build time
    ics: str  # the event's calendar file, relative to the site: events/SLUG.ics


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    if entry.slug == RESERVED_SLUG:
        yield Problem(entry.path, entry.post.line("slug"), f"/events/{RESERVED_SLUG}.ics is the calendar of every "
                                                           "event: give this event another file name or Slug")


def time_points(entry: Any, fields: dict[str, Any], build: Any) -> list[datetime]:
    """An event without Ends is over an hour after it starts: it moves from upcoming to past then."""
    starts = fields.get("starts")
    return [starts + DEFAULT_LENGTH] if starts is not None and fields.get("ends") is None else []


def view(root: Any, entry: Any, builder: Any) -> Event:
    fields = builder.fields
    starts = fields["starts"]
    ends = fields.get("ends") or starts + DEFAULT_LENGTH
    return Event(starts, ends, fields.get("location") or "", fields.get("event_status") or "scheduled",
                 ends > builder.build.now, builder.url.rstrip("/") + ".ics")


def order(items: list[Any], now: datetime) -> list[tuple[str, list[Any]]]:
    upcoming = sorted((i for i in items if i.parts["events"].upcoming), key=lambda i: (i.parts["events"].starts, i.source))
    past = sorted((i for i in items if not i.parts["events"].upcoming), key=lambda i: (i.parts["events"].starts, i.source),
                  reverse=True)
    return [("events_upcoming", upcoming), ("events_past", past)]


def home(items: list[Any], now: datetime, count: int) -> list[Any]:
    """The next three upcoming events."""
    return order(items, now)[0][1][:3]


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    event = item.parts["events"]
    data.pop("headline", None)
    data.update({
        "name": item.title,
        "startDate": event.starts.isoformat(),
        "endDate": event.ends.isoformat(),
        "eventStatus": SCHEMA_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": event.location, "address": event.location},
        "organizer": data.get("publisher"),
        "image": absolute(item.image.display.path if item.image else item.card.path),
    })


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """/events/SLUG.ics for each published event and /events/calendar.ics for all of them."""
    build = site.build
    events = [i for i in site.items if i.parts.get("events") is not None]
    for item in events:
        key = digest(pages.global_key, "ics", item.key)
        yield Output((item.parts["events"].ics,), key,
                     functools.partial(calendar.ics_files, item, build.settings, build.absolute))
    lang = site.default_lang
    name = f"{build.settings['SITENAME']}: {translate(build.strings, lang, 'events_calendar')}"
    uid = build.guid(calendar.CALENDAR)
    key = digest(pages.global_key, "calendar", name, uid, tuple(i.key for i in events))
    yield Output((calendar.CALENDAR,), key, functools.partial(calendar.subscription, events, build.settings, uid, name,
                                                              build.absolute))
