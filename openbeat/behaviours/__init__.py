"""Behaviour that only some types have, one module each, named in the type table.

A behaviour module may define any of these plain functions; the model calls
each that exists, for the items of every type that names the behaviour:

- `checks(item, context) -> Iterator[Problem]`: rules beyond the generic ones (contract section 6).
- `view(item, context) -> object`: what the behaviour adds to one item's view (`item.parts[NAME]`).
- `order(items, now) -> list[Section]`: the listing order and sections (when the type's `sort` names it).
- `home(items, now) -> list`: which items the home page shows.
- `outputs(site) -> Iterator[Output]`: files of its own (history pages, calendars, CAP messages).

The registry below names every behaviour; `SORTERS` names the behaviours that order a listing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

BEHAVIOURS = {
    "history": "openbeat.behaviours.history",  # policy revisions from git
    "answers": "openbeat.behaviours.answers",  # Q&A: days to answer, statistics
    "dataset": "openbeat.behaviours.dataset",  # the CSV beside a data page: table, chart, download
    "alerts": "openbeat.behaviours.alerts",  # expiry, the urgent banner, CAP messages
    "updates": "openbeat.behaviours.updates",  # "## Update" sections (contract section 8)
    "appeals": "openbeat.behaviours.appeals",  # open and resolved appeals (contract section 7)
    "events": "openbeat.behaviours.events",  # upcoming and past events, calendars (contract section 9)
    "video": "openbeat.behaviours.video",  # a YouTube or Vimeo video as a click-to-play preview
}
SORTERS = ("appeals", "events")


def behaviour(name: str) -> ModuleType:
    return importlib.import_module(BEHAVIOURS[name])
