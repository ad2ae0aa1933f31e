"""Reading header values into typed ones: dates, lists, policy numbers.

Each function raises ValueError with a message that says how to write the value;
the checks turn that into a FILE:LINE problem, the model into None.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from . import keys as K

DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
NUMBER_RE = re.compile(r"^\d{1,6}(?:\.\d{1,6}){0,4}$")
YEAR_RE = re.compile(r"^(19|20)\d\d$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def format_date(moment: datetime) -> str:
    """A time as a header writes it, `YYYY-MM-DD HH:MM` (what parse_date reads)."""
    return moment.strftime("%Y-%m-%d %H:%M")


def parse_date(text: str, timezone: str) -> datetime:
    """An ISO date `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` in the site's timezone."""
    match = DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, like 2026-03-04 14:30')
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    if not 1 <= month <= 12:
        raise ValueError(f'"{text}" has no month {month}: months go from 01 to 12')
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValueError(f'"{text}" is not a real day: {MONTHS[month - 1]} {year} has {last} days')
    if hour > 23 or minute > 59:
        raise ValueError(f'"{text}" is not a real time: write hours 00 to 23 and minutes 00 to 59')
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(timezone))


def has_time(text: str) -> bool:
    match = DATE_RE.match(text.strip())
    return bool(match and match.group(4))


def split_list(value: str) -> tuple[str, ...]:
    """A comma-separated value as a tuple of stripped items."""
    return tuple(item.strip() for item in value.split(",") if item.strip())


def number_key(text: str) -> tuple[int, ...]:
    """Sort key for policy numbers: 300 < 300.2 < 300.10 < 301."""
    if not NUMBER_RE.match(text.strip()):
        raise ValueError(f'"{text}" is not a policy number: write it like 300 or 300.2')
    return tuple(int(part) for part in text.strip().split("."))


def typed_value(key: K.Key, raw: str, timezone: str) -> Any:
    """The value of one header key as its kind reads it; ValueError when it does not read."""
    raw = raw.strip()
    if key.kind == K.DATE:
        return parse_date(raw, timezone)
    if key.kind in (K.LIST, K.REFS):
        return split_list(raw)
    if key.kind == K.CHOICE:
        value = raw.lower()
        if value not in key.choices:
            raise ValueError(f'"{raw}" is not one of: {", ".join(key.choices)}')
        return value
    if key.kind == K.NUMBER:
        number_key(raw)
        return raw
    if key.kind == K.YEAR:
        if not YEAR_RE.match(raw):
            raise ValueError(f'"{raw}" is not a year: write it like 2019')
        return raw
    if key.kind == K.URL and not re.match(r"^https?://[^\s/]+\S*$", raw):
        raise ValueError(f'"{raw}" is not a web address: write it starting with https://')
    return raw
