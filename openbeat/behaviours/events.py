"""Community events (contract section 9): upcoming ones soonest first, then past ones.

Calendars (`/events/SLUG.ics`, `/events/calendar.ics`) are written by openbeat.calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

DEFAULT_LENGTH = timedelta(hours=1)
SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
}


@dataclass(frozen=True)
class Event:
    starts: datetime
    ends: datetime  # Ends, else one hour after Starts
    location: str
    status: str  # scheduled, cancelled, postponed
    upcoming: bool  # has not ended at build time


def view(root: Any, entry: Any, builder: Any) -> Event:
    fields = builder.fields
    starts = fields["starts"]
    ends = fields.get("ends") or starts + DEFAULT_LENGTH
    return Event(starts, ends, fields.get("location") or "", fields.get("event_status") or "scheduled",
                 ends > builder.build.now)


def order(items: list[Any], now: datetime) -> list[tuple[str, list[Any]]]:
    upcoming = sorted((i for i in items if i.parts["events"].upcoming), key=lambda i: (i.parts["events"].starts, i.source))
    past = sorted((i for i in items if not i.parts["events"].upcoming), key=lambda i: (i.parts["events"].starts, i.source),
                  reverse=True)
    return [("events_upcoming", upcoming), ("events_past", past)]


def home(items: list[Any], now: datetime, count: int) -> list[Any]:
    """The next three upcoming events."""
    return order(items, now)[0][1][:3]


def jsonld(item: Any, data: dict[str, Any]) -> None:
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
    })
