"""Updates to a post as an incident unfolds (contract section 8).

A level-2 heading `## Update YYYY-MM-DD HH:MM` (`## Actualización ...` in
Spanish) starts an update, which runs to the next heading of its level. The
page shows the updates newest first above the original text; an update dated
after the build clock is removed before anything else reads the text, so no
trace of it is published.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from ..errors import Problem
from ..markup import document
from ..values import format_date, parse_date

HEADING_RE = re.compile(r"^(?:Update|Actualización)\b\s*(.*)$", re.IGNORECASE)
SOURCE_RE = re.compile(r"^##\s+(?:Update|Actualización)\b\s*(.*?)\s*#*\s*$", re.IGNORECASE)
TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$")
FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
MARK = "data-ob-update"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Update:
    time: datetime
    anchor: str  # update-YYYYMMDDHHMM: the page's anchor and the social item's link
    html: str  # the update's text as the page shows it
    feed_html: str  # the same for feeds: links absolute
    text: str  # its first paragraph, plain: the social item's teaser


@dataclass(frozen=True)
class Updates:
    entries: tuple[Update, ...]  # newest first
    latest: datetime | None  # the latest published update: the item's "Updated" time

    @property
    def social_entries(self) -> tuple[Update, ...]:
        """Each update is an item of the social feed of its own (contract section 8)."""
        return self.entries


def anchor(time: datetime) -> str:
    return "update-" + time.strftime("%Y%m%d%H%M")


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    """An update heading's time must be a real time, written YYYY-MM-DD HH:MM, and each update its own."""
    timezone = context.settings["TIMEZONE"]
    try:
        date = parse_date(entry.post.get("date"), timezone) if entry.post.get("date") else None
    except ValueError:
        date = None
    seen: dict[str, int] = {}
    fence = ""
    for number, line in entry.post.body_lines():
        marker = FENCE_RE.match(line)
        if marker and (not fence or marker.group(1)[0] == fence):
            fence = "" if fence else marker.group(1)[0]
            continue
        match = None if fence else SOURCE_RE.match(line)
        if not match:
            continue
        when = match.group(1)
        if not any(c.isdigit() for c in when):
            yield Problem(entry.path, number, f'the heading "{line.strip()}" has no time, so it is shown as an '
                                              "ordinary heading: to make it an update, write ## Update YYYY-MM-DD "
                                              "HH:MM, like ## Update 2026-11-16 07:30", "warning" if when else "error")
            continue
        if not TIME_RE.match(when):
            yield Problem(entry.path, number, f'the update heading has "{when}" where its time goes: write it as '
                                              "## Update YYYY-MM-DD HH:MM, like ## Update 2026-11-16 07:30")
            continue
        try:
            time = parse_date(when, timezone)
        except ValueError as error:
            yield Problem(entry.path, number, f"the update heading's time {error}")
            continue
        if when in seen:
            yield Problem(entry.path, number, f"two updates have the time {when} (line {seen[when]} too): give each "
                                              "update its own time")
        seen[when] = number
        if date is not None and time < date:
            yield Problem(entry.path, number, f"the update's time {when} is before the post's Date "
                                              f"({entry.post.get('date')}): check both", "warning")


def time_points(entry: Any, fields: dict[str, Any], build: Any) -> list[datetime]:
    """The time of every update heading: the view changes when one comes due (openbeat.model caches items)."""
    points = []
    for _number, line in entry.post.body_lines():
        match = SOURCE_RE.match(line)
        time = match and _heading_time(match.group(1), build.settings["TIMEZONE"])
        if time:
            points.append(time)
    return points


def _time_of(heading: etree._Element, timezone: str) -> datetime | None:
    match = HEADING_RE.match(document.plain_text_of(heading))
    return _heading_time(match.group(1), timezone) if match else None


def _heading_time(when: str, timezone: str) -> datetime | None:
    """The time an update heading gives after its word; None when it gives none it can be read by
    (the checks say why)."""
    when = when.strip()
    if not TIME_RE.match(when):
        return None
    try:
        return parse_date(when, timezone)
    except ValueError:
        return None


def _section(heading: etree._Element) -> list[etree._Element]:
    """The nodes after an update heading, up to the next heading of its level or above."""
    level = int(heading.tag[1])
    nodes = []
    node = heading.getnext()
    while node is not None and not (node.tag in HEADINGS and int(node.tag[1]) <= level):
        nodes.append(node)
        node = node.getnext()
    return nodes


def prepare(root: etree._Element, entry: Any, builder: Any) -> None:
    """Mark the update headings; remove each update dated after the build clock, with its text."""
    timezone = builder.build.settings["TIMEZONE"]
    for heading in list(root.iterchildren("h2")):
        time = _time_of(heading, timezone)
        if time is None:
            continue
        if time > builder.build.now:
            for node in _section(heading) + [heading]:
                root.remove(node)
            continue
        heading.set(MARK, format_date(time))


def view(root: etree._Element, entry: Any, builder: Any) -> Updates:
    """Take the updates out of the body, newest first."""
    timezone = builder.build.settings["TIMEZONE"]
    found = []
    for heading in [node for node in root.iterchildren() if node.get(MARK)]:
        time = parse_date(heading.get(MARK), timezone)
        nodes = _section(heading)
        root.remove(heading)
        for node in nodes:
            root.remove(node)
        holder = etree.Element("div")
        for node in nodes:
            holder.append(node)
        text = document.first_paragraph(holder)
        html, feed_html = builder.render_nodes(list(holder))
        found.append(Update(time, anchor(time), html, feed_html, text))
    found.sort(key=lambda u: u.time, reverse=True)
    return Updates(tuple(found), found[0].time if found else None)
