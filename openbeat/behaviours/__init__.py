"""Behaviour that only some types have, one module each, named in the type table.

A behaviour module may define any of these; the model calls each that exists,
for the items of every type that names the behaviour (entry: openbeat.checks.Entry;
builder: openbeat.model.ItemBuilder; pages: openbeat.outputs.SiteOutputs):

- `checks(entry, context) -> Iterator[Problem]`: rules beyond the generic ones (contract section 6).
- `hides_body(entry, build) -> bool`: the body is never read (a resolved appeal).
- `time_points(entry, fields, build) -> list[datetime]`: times at which the view changes by itself (the item cache).
- `inputs(entry, build) -> tuple`: what the view reads besides the post (a CSV, the git commit): the item cache's key.
- `prepare(root, entry, builder)`: change the parsed body before anything reads it (drop future updates).
- `view(root, entry, builder) -> object`: what the behaviour adds to one item's view (`item.parts[NAME]`).
- `order(items, now) -> list[(section key, items)]`: the listing order (when the type's `sort` names it).
- `home(items, now, count) -> list`: which items the home page shows; `HOME_FIRST` puts them on top.
- `listing(items) -> object`: what the type's index shows above its list (`listing.parts[NAME]`).
- `chrome(items, lang, default_lang) -> dict`: what every page shows (`banner`: the urgent alerts).
- `jsonld(item, data, absolute)`: add to (or change) the schema.org data of the item's page (absolute(path):
  the URL of a path of the site).
- `outputs(site, pages) -> Iterator[Output]`: files of its own (history pages, calendars, CAP messages).
- `FEEDS`: (theme string of its name, path) of feeds of its own, for the Follow page.

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
