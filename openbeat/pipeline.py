"""The steps of a build, shared by the Pelican plugins (a full build) and the preview (scripts/serve.py).

read the posts → build the site model (`make_site`) → list its outputs → write them. The
plugins run these steps once per Pelican run; the preview keeps their state between
edits (the item cache, the written files) so an edit rebuilds only what it changes.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from .checks import as_draft_warnings, html_problems
from .checks.context import Entry
from .checks.items import image_references
from .errors import ContentError, Problem
from .item import Item
from .model import Build, Source, build_items
from .paths import PathRefused, content_file
from .reading import ContentFile
from .site import Site, build_site
from .social.record import RecordError, discussions
from .types import TypeTable, type_table

ITEM_CACHE = "openbeat-items.pickle"  # the items of the last build
CHECK_CACHE = "openbeat-checks.pickle"  # the problems of each post the last build checked


def read_folder(files: Iterable[ContentFile], read: Callable[[str], Source]) -> tuple[list[Source], list[str]]:
    """Every post of a content folder's files (reading.walk) as read (read(path) gives its Source), and the
    static files."""
    sources, statics = [], []
    for found in files:
        if found.role in ("image", "static"):
            statics.append(found.path)
        elif found.role == "post":
            sources.append(read(found.path))
    return sources, statics


def make_site(root: str, settings: dict[str, Any], now: datetime, sources: list[Source], statics: list[str],
              cache: dict[str, Item] | None = None) -> tuple[Site, list[Problem]]:
    """The site model, and the problems found while building it (HTML outside the allowlist)."""
    types = type_table(settings)
    record = settings.get("SYNDICATION_RECORD") or ""
    try:
        known = discussions(record, settings["SITEURL"]) if record else {}
    except RecordError as error:
        raise ContentError(f"{os.path.basename(record)}: {error}") from None
    build = Build(root, settings, now, types, frozenset(statics), known, named_images=named_images(root, sources, types))
    problems: list[Problem] = []
    for source in sources:
        problems += html_problems(source.path, source.post, source.violations,
                                  "error" if settings["STRICT_HTML"] else "warning")
    items = build_items(sources, build, cache)
    drafts = {s.path for s in sources if s.post.draft}
    return build_site(items, build), as_draft_warnings(problems + build.problems, drafts)


def named_images(root: str, sources: list[Source], types: TypeTable) -> frozenset[str]:
    """Every image of the folder that some post names, published or not (an image in files/ that only a
    draft, a future post or a resolved appeal names is not published: contract sections 3 and 7)."""
    found = set()
    for source in sources:
        entry = Entry(source.path, types[source.path.split("/")[0]], source.post, "", "")
        for _line, reference, _alt, _key in image_references(entry):
            try:
                found.add(content_file(root, reference, source.path))
            except PathRefused:
                continue
    return frozenset(found)


def load_cache(settings: dict[str, Any], name: str) -> dict[str, Any]:
    """A cache of the last build in CACHE_PATH (ITEM_CACHE: see openbeat.model.cache_key; CHECK_CACHE: see
    check_folder's memo); empty when there is none or it is unreadable."""
    path = os.path.join(settings["CACHE_PATH"], name)
    try:
        with open(path, "rb") as handle:
            cache = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    return cache if isinstance(cache, dict) else {}


def save_cache(settings: dict[str, Any], name: str, cache: dict[str, Any]) -> None:
    os.makedirs(settings["CACHE_PATH"], exist_ok=True)
    path = os.path.join(settings["CACHE_PATH"], name)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "wb") as handle:
        pickle.dump(cache, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
