#!/usr/bin/env python3
"""Start a new post: a draft with every key its type has, a fresh Id, today's date and a slug.

    .venv/bin/python scripts/new.py stories "The bike unit is back"
    make new TYPE=qa TITLE="Why are patrol cars on Elm Street?"
    make new TYPE=qa FROM=https://mastodon.example/@someone/1234   (a reply from the inbox)

TYPE is a folder of the type table (policies, qa, stories, ..., and the site's
own types) or its name (policy, story, ...). The file starts as `Status: draft`:
it is published only once that line is removed. Values to fill in say TODO;
scripts/lint.py points at each until it is done. Never overwrites a file.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.utils import slugify

from openbeat.clock import build_time
from openbeat.config import DEFAULT_SETTINGS, ROOT, site_settings
from openbeat.scaffold import header_lines
from openbeat.social.inbox import InboxError, question_from_reply
from openbeat.types import TypeSpec, type_table


def find_type(kind: str, settings: dict) -> TypeSpec | None:
    """A type by folder, or by its name in English or Spanish, singular or plural."""
    kind = kind.strip().lower()
    for spec in type_table(settings):
        names = {spec.folder, spec.name.lower(), spec.name_es.lower(), spec.plural.lower(), spec.plural_es.lower()}
        if kind in names or kind.rstrip("s") == spec.folder.rstrip("s"):
            return spec
    return None


def file_text(spec: TypeSpec, title: str, now: datetime, values: dict[str, str] | None = None) -> str:
    """The draft's text: the type's starter with values (by key name) filled in."""
    values = {k.lower(): v for k, v in (values or {}).items()}
    lines = [(name, values.pop(name.lower(), value)) for name, value in header_lines(spec, title, now)]
    status = lines.pop()
    lines += [(name.title(), value) for name, value in values.items()] + [status]
    return "\n".join(f"{name}: {value}".rstrip() for name, value in lines) + "\n\n" + spec.body


def create(spec: TypeSpec, title: str, content: str, settings: dict, values: dict[str, str] | None = None) -> str:
    """Write the new file; return its path. Raises FileExistsError."""
    now = build_time(os.environ).astimezone(ZoneInfo(settings["TIMEZONE"]))
    slug = slugify(title, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))[:60].strip("-") or "untitled"
    path = os.path.join(content, spec.folder, f"{slug}.md")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(file_text(spec, title, now, values))
    if spec.has("dataset"):
        with open(os.path.splitext(path)[0] + ".csv", "x", encoding="utf-8") as handle:
            handle.write("Period,Count\n2026 Q1,0\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("type", help="a type's folder, such as stories, qa, appeals, or the site's own types")
    parser.add_argument("title", nargs="?", default="", help="the title, in quotes")
    parser.add_argument("--content", default=os.path.join(ROOT, "content"), help="content folder")
    parser.add_argument("-s", "--settings", default=DEFAULT_SETTINGS)
    parser.add_argument("--from", dest="reply", help="the URL of a reply in the inbox: a Q&A draft from it")
    parser.add_argument("--inbox", default=os.path.join(ROOT, "inbox"), help="the inbox folder (make listen)")
    args = parser.parse_args(argv)
    try:
        settings = site_settings(args.settings)
    except ValueError as error:  # a SettingError, or Pelican's word on a settings file it cannot use
        print(f"{args.settings}: {error}", file=sys.stderr)
        return 2
    spec = find_type(args.type, settings)
    if spec is None:
        print(f"{args.type!r} is not a type: use one of {', '.join(type_table(settings).folders)}", file=sys.stderr)
        return 2
    values, title = {}, args.title.strip()
    if args.reply:
        try:
            reply = question_from_reply(args.inbox, args.reply, settings["TIMEZONE"])
        except InboxError as error:
            print(f"{args.reply}: {error}", file=sys.stderr)
            return 2
        title = title or reply["title"]
        values = {"Question": reply["question"], "Asked": reply["asked"], "Asker": reply["asker"],
                  "Reply-Url": reply["source"]}
    if not title:
        print('Give a title: scripts/new.py stories "The bike unit is back"', file=sys.stderr)
        return 2
    try:
        path = create(spec, title, args.content, settings, values)
    except FileExistsError as error:
        print(f"{error.filename} already exists: choose another title, or edit that file", file=sys.stderr)
        return 1
    print(f"Created {os.path.relpath(path)}: fill in each TODO, then remove the line 'Status: draft' to publish.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
