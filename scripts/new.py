#!/usr/bin/env python3
"""Start a new post: a file with every required key, a fresh Id, today's date and a slug.

    .venv/bin/python scripts/new.py stories "The bike unit is back"
    make new TYPE=qa TITLE="Why are patrol cars on Elm Street?"

TYPE is a content folder (policies, qa, stories, alerts, officers, data, pages)
or its singular (policy, answer, story, alert, officer, dataset, page). The file
starts as `Status: draft`: it is published only once that line is removed.
Values to fill in say TODO; scripts/lint.py points at each until it is done.
Never overwrites a file.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from _paths import ROOT  # noqa: F401 (puts plugins/ on sys.path)
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.settings import read_settings
from pelican.utils import slugify

from ob_types.model import TYPES

ALIASES = {
    "policy": "policies", "answer": "qa", "question": "qa", "story": "stories", "alert": "alerts",
    "officer": "officers", "dataset": "data", "page": "pages",
}
# What each key starts as; {today} and {now} are filled in.
STARTERS = {
    "date": "{today}",
    "number": "TODO (the policy number, e.g. 300)",
    "effective": "{today}",
    "question": "TODO: the resident's words, exactly as asked",
    "asked": "TODO (YYYY-MM-DD, the day the question came in)",
    "expires": "TODO (YYYY-MM-DD HH:MM, when the alert ends)",
    "rank": "TODO (e.g. Officer, Sergeant)",
    "photo": "images/TODO.jpg",
    "photo-alt": "TODO: describe the photo for people who cannot see it",
    "source": "TODO: where the numbers come from",
}
OPTIONAL_STARTERS = {
    "qa": {"asker": "Resident, TODO neighborhood", "authors": "TODO: who answered"},
    "alerts": {"severity": "info"},
    "stories": {"teaser": ""},
}
BODIES = {
    "policies": "## Purpose\n\nTODO\n\n## Policy\n\nTODO\n",
    "qa": "TODO: the answer, in plain words.\n",
    "data": "TODO: what the numbers count, and what they do not.\n",
}


def file_text(folder: str, title: str, today: str, item_id: str) -> str:
    spec = TYPES[folder]
    lines = [f"Title: {title}"]
    if folder != "pages":
        lines.append(f"Id: {item_id}")
    for key in spec.required:
        lines.append(f"{key.title()}: {STARTERS.get(key, 'TODO').format(today=today)}")
    for key, value in OPTIONAL_STARTERS.get(folder, {}).items():
        if value:
            lines.append(f"{key.title()}: {value}")
    lines.append("Status: draft")
    return "\n".join(lines) + "\n\n" + BODIES.get(folder, "TODO: write the text here.\n")


def create(kind: str, title: str, content: str, settings_file: str) -> str:
    """Write the new file; return its path. Raises FileExistsError, KeyError."""
    folder = ALIASES.get(kind, kind)
    if folder not in TYPES:
        raise KeyError(kind)
    settings = read_settings(settings_file)
    today = datetime.now(ZoneInfo(settings["TIMEZONE"])).date().isoformat()
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", [])) or "untitled"
    path = os.path.join(content, folder, f"{slug}.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(file_text(folder, title, today, f"urn:uuid:{uuid.uuid4()}"))
    if folder == "data":
        csv_path = os.path.splitext(path)[0] + ".csv"
        with open(csv_path, "x", encoding="utf-8") as handle:
            handle.write("Period,Count\nTODO,0\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("type", help="policies, qa, stories, alerts, officers, data or pages")
    parser.add_argument("title", help="the title, in quotes")
    parser.add_argument("--content", default=os.path.join(ROOT, "content"), help="content folder")
    parser.add_argument("-s", "--settings", default=os.path.join(ROOT, "pelicanconf.py"))
    args = parser.parse_args(argv)
    if not args.title.strip():
        print('Give a title: scripts/new.py stories "The bike unit is back"', file=sys.stderr)
        return 2
    try:
        path = create(args.type, args.title.strip(), args.content, args.settings)
    except KeyError:
        print(f"{args.type!r} is not a type: use one of {', '.join(TYPES)}", file=sys.stderr)
        return 2
    except FileExistsError as error:
        print(f"{error.filename} already exists: choose another title, or edit that file", file=sys.stderr)
        return 1
    print(f"Created {os.path.relpath(path)}: fill in each TODO, then remove the line 'Status: draft' to publish.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
