"""The content rule set of contract section 6, as plain functions.

`check_folder` is the one entry point: scripts/lint.py prints what it returns,
and the build (ob_checks) fails on the same errors, so the two cannot disagree.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pelican.utils import slugify

from ob_images.pipeline import ImageProblem, inspect
from ob_types.model import (
    CHARTS,
    COMMON_KEYS,
    DATE_KEYS,
    LANGS,
    SEVERITIES,
    STATUSES,
    TEASER_LIMIT,
    TYPES,
    ContentType,
    is_external,
    is_policy_number,
    item_url,
    parse_date,
    resolve_reference,
    split_list,
)

from .header import Header, read_header
from .personal import find_personal_data

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
STATIC_FOLDERS = ("images", "files")
TEASER_WARN = 200
# URLs the site makes itself: a page may not take them.
RESERVED_PAGE_SLUGS = set(TYPES) | {"follow", "feeds", "es", "en", "images", "files", "theme", "cards"}
# Problems Pelican itself stumbles on stay errors even in a draft.
READ_ERRORS = ("is not a valid date", "is not a \"Key: value\" line", "does not start with", "is given twice")
# What to write for a missing required key.
HINTS = {
    "title": 'add "Title: ..." on the first line',
    "date": 'add "Date: YYYY-MM-DD" (the day it is published)',
    "number": 'add "Number: 300" (the number in the policy manual)',
    "effective": 'add "Effective: YYYY-MM-DD" (the day the policy takes effect)',
    "question": "add \"Question: ...\" with the resident's words",
    "asked": 'add "Asked: YYYY-MM-DD" (the day the question came in)',
    "expires": 'add "Expires: YYYY-MM-DD HH:MM" (when the alert ends)',
    "rank": 'add "Rank: ..." (for example Officer, Sergeant)',
    "photo": 'add "Photo: images/NAME.jpg"',
    "photo-alt": 'add "Photo-Alt: ..." describing the photo for people who cannot see it',
    "image-alt": 'add "Image-Alt: ..." describing the photo for people who cannot see it',
    "source": 'add "Source: ..." (where the numbers come from)',
}
MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ATTR_RE = re.compile(r"""\b(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the content folder, posix
    line: int
    message: str
    level: str = "error"  # or "warning"

    def __str__(self) -> str:
        prefix = "warning: " if self.level == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


@dataclass
class Item:
    path: str
    spec: ContentType
    header: Header
    lines: list[str]  # every line of the file
    slug: str  # as Pelican makes it: Slug, else the file name slugified

    @property
    def body(self) -> list[tuple[int, str]]:
        """(line number, text) of each line after the header."""
        start = self.header.body_start
        return list(enumerate(self.lines[start - 1 :], start=start))

    @property
    def lang(self) -> str:
        return self.header.values.get("lang", "en").strip().lower() or "en"


def content_files(root: str) -> Iterator[str]:
    """Every Markdown file under root, relative and sorted (static folders skipped)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        relative_folder = os.path.relpath(folder, root).replace(os.sep, "/")
        if relative_folder.split("/")[0] in STATIC_FOLDERS:
            continue
        for name in sorted(files):
            if name.lower().endswith(MARKDOWN_EXTENSIONS) and not name.startswith("."):
                yield name if relative_folder == "." else f"{relative_folder}/{name}"


def file_slug(path: str, settings: dict[str, Any]) -> str:
    """The slug Pelican gives a file without a Slug key (SLUGIFY_SOURCE = "basename")."""
    return slugify(
        os.path.splitext(os.path.basename(path))[0],
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def read_item(root: str, path: str, problems: list[Problem], settings: dict[str, Any]) -> Item | None:
    """Read one file; problems that stop any further check are added here."""
    with open(os.path.join(root, path), "rb") as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(path, line, "is not UTF-8 text: open it in your editor and save it with UTF-8 encoding"))
        return None
    text = text.removeprefix("\ufeff")
    header = read_header(text)
    for line, message in header.problems:
        problems.append(Problem(path, line, message))
    parts = path.split("/")
    spec = TYPES.get(parts[0]) if len(parts) > 1 else None
    if spec is None:
        folders = ", ".join(f"{name}/" for name in TYPES)
        problems.append(Problem(path, 1, f"is not in a content folder: move it into one of {folders}"))
        return None
    slug = header.values.get("slug", "").strip() or file_slug(path, settings)
    return Item(path, spec, header, text.splitlines(), slug)


def check_keys(item: Item, settings: dict[str, Any], now: datetime) -> Iterator[Problem]:
    values, header = item.header.values, item.header
    for key in ("title",) + item.spec.required:
        if not values.get(key, "").strip():
            where = header.line(key) if key in values else 1
            name = key.title()
            yield Problem(item.path, where, f"{name} is missing: {HINTS.get(key, f'add {name}: ...')}")
    known = set(COMMON_KEYS) | set(item.spec.required) | set(item.spec.optional)
    for key in values:
        if key not in known:
            yield Problem(
                item.path, header.line(key),
                f"{key.title()} is not a key of {item.spec.folder}/ and is ignored: check its spelling",
                "warning",
            )
    dates = {}
    for key in DATE_KEYS:
        if values.get(key, "").strip():
            try:
                dates[key] = parse_date(values[key], settings["TIMEZONE"])
            except ValueError:
                yield Problem(
                    item.path, header.line(key),
                    f'{key.title()} "{values[key]}" is not a valid date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM',
                )
    yield from check_choices(item)
    if "asked" in dates and "date" in dates and dates["asked"] > dates["date"]:
        yield Problem(item.path, header.line("asked"), "Asked is after Date: a question is asked before it is answered")
    if "review-due" in dates and dates["review-due"] < now:
        yield Problem(item.path, header.line("review-due"), "Review-Due has passed: review the policy and set the next date", "warning")
    if item.spec.folder == "qa" and not values.get("authors", "").strip():
        yield Problem(item.path, 1, 'no Authors: add "Authors: ..." so residents know who answered', "warning")
    teaser = values.get("teaser", "")
    if len(teaser) > TEASER_LIMIT:
        yield Problem(
            item.path, header.line("teaser"),
            f"Teaser is {len(teaser)} characters, over the limit of {TEASER_LIMIT}: shorten it",
        )
    elif len(teaser) > TEASER_WARN:
        yield Problem(
            item.path, header.line("teaser"),
            f"Teaser is {len(teaser)} characters: some networks cut after {TEASER_WARN}",
            "warning",
        )


def check_choices(item: Item) -> Iterator[Problem]:
    """Keys that take one of a few values."""
    values, header = item.header.values, item.header
    choices = {"status": STATUSES, "lang": LANGS, "severity": SEVERITIES, "chart": CHARTS}
    for key, allowed in choices.items():
        value = values.get(key, "").strip().lower()
        if value and value not in allowed:
            yield Problem(
                item.path, header.line(key),
                f'{key.title()} "{values[key]}" is not one of: {", ".join(allowed)}',
            )
    number = values.get("number", "").strip()
    if number and not is_policy_number(number):
        yield Problem(item.path, header.line("number"), f'Number "{number}" is not a policy number: write it like 300 or 300.2')
    joined = values.get("joined", "").strip()
    if joined and not re.fullmatch(r"(19|20)\d\d", joined):
        yield Problem(item.path, header.line("joined"), f'Joined "{joined}" is not a year: write it like 2019')


def image_references(item: Item) -> Iterator[tuple[int, str, str | None, str]]:
    """(line, path, alt text or None when missing, key name) of every image an item uses."""
    values, header = item.header.values, item.header
    key, alt_key = ("photo", "photo-alt") if item.spec.folder == "officers" else ("image", "image-alt")
    if values.get(key, "").strip():
        yield header.line(key), values[key].strip(), values.get(alt_key, "").strip() or None, alt_key
    for number, line in item.body:
        for match in MD_IMAGE_RE.finditer(line):
            yield number, match.group("src"), match.group("alt").strip() or None, "alt"
        for tag in HTML_IMG_RE.findall(line):
            attrs = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in HTML_ATTR_RE.finditer(tag)}
            yield number, attrs.get("src", ""), (attrs.get("alt") or "").strip() or None, "alt"


def check_images(item: Item, root: str, settings: dict[str, Any], seen: dict[str, str | None]) -> Iterator[Problem]:
    for line, reference, alt, alt_key in image_references(item):
        if is_external(reference):
            yield Problem(item.path, line, f"image {reference} is on another site: save it in images/ and use that path (no third-party requests)")
            continue
        if alt is None:
            message = (
                f"{alt_key.title()} is missing: describe the photo for people who cannot see it"
                if alt_key != "alt"
                else f"image {reference} has no alt text: write a description between the brackets, ![like this]({reference})"
            )
            yield Problem(item.path, line, message)
        source = resolve_reference(reference, item.path, root)
        if source not in seen:
            try:
                inspect(os.path.join(root, source), settings["IMAGES_MAX_PIXELS"])
                seen[source] = None
            except ImageProblem as problem:
                seen[source] = str(problem)
        if seen[source]:
            yield Problem(item.path, line, f"image {reference} {seen[source]}")


def check_dataset(item: Item, root: str) -> Iterator[Problem]:
    """A data set's CSV exists beside it, is rectangular, and charted columns are numbers."""
    csv_path = os.path.splitext(item.path)[0] + ".csv"
    full = os.path.join(root, csv_path)
    if not os.path.exists(full):
        yield Problem(item.path, 1, f"{os.path.basename(csv_path)} is missing: put the CSV file beside the .md file, with the same name")
        return
    try:
        with open(full, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
    except UnicodeDecodeError:
        yield Problem(csv_path, 1, "is not UTF-8 text: export the CSV again as UTF-8")
        return
    except csv.Error as error:
        yield Problem(csv_path, 1, f"cannot be read as CSV ({error}): export it again")
        return
    if len(rows) < 2:
        yield Problem(csv_path, 1, "needs a header row and at least one row of data")
        return
    width = len(rows[0])
    charted = bool(item.header.values.get("chart", "").strip())
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            yield Problem(csv_path, number, f"has {len(row)} values, but the header has {width}: every row needs one value per column")
            continue
        if charted:
            for column, value in zip(rows[0][1:], row[1:], strict=True):
                if not re.fullmatch(r"-?\d+(\.\d+)?", value.strip().replace(",", "")):
                    yield Problem(csv_path, number, f'"{value}" in column "{column}" is not a number, and the data set has a Chart: write a number, or remove Chart')


def check_personal_data(item: Item, settings: dict[str, Any]) -> Iterator[Problem]:
    for number, line in enumerate(item.lines, start=1):
        for message in find_personal_data(line, settings.get("PUBLIC_PHONES", [])):
            yield Problem(item.path, number, message)


def as_draft_warnings(problems: list[Problem], drafts: set[str]) -> list[Problem]:
    """A draft is unfinished work: its problems are warnings until Status: draft is removed,
    except the ones that stop Pelican from reading the file at all."""
    result = []
    for problem in problems:
        if problem.path in drafts and problem.level == "error" and not any(m in problem.message for m in READ_ERRORS):
            problem = Problem(problem.path, problem.line, f"(draft) {problem.message}", "warning")
        result.append(problem)
    return result


def check_folder(root: str, settings: dict[str, Any], now: datetime) -> list[Problem]:
    """Every problem in a content folder, sorted by file and line."""
    problems: list[Problem] = []
    items: list[Item] = []
    for path in content_files(root):
        item = read_item(root, path, problems, settings)
        if item is not None:
            items.append(item)
    image_cache: dict[str, str | None] = {}
    slugs = {folder: {i.slug for i in items if i.spec.folder == folder} for folder in ("officers", "policies")}
    urls: dict[str, str] = {}
    ids: dict[str, str] = {}
    for item in items:
        problems.extend(check_keys(item, settings, now))
        problems.extend(check_images(item, root, settings, image_cache))
        problems.extend(check_personal_data(item, settings))
        if item.spec.folder == "data":
            problems.extend(check_dataset(item, root))
        for key, folder in (("officers", "officers"), ("policies", "policies")):
            for slug in split_list(item.header.values.get(key, "")):
                if slug not in slugs[folder]:
                    problems.append(Problem(
                        item.path, item.header.line(key),
                        f'{key.title()} names "{slug}", but there is no {folder}/{slug}.md: use the file name (slug) of an existing {folder[:-1] if folder != "policies" else "policy"}',
                    ))
        url = item_url(item.spec.folder, item.slug, item.lang)
        if item.spec.folder == "pages" and item.slug in RESERVED_PAGE_SLUGS:
            problems.append(Problem(item.path, item.header.line("slug"), f"/{url} is a page the site makes itself: give this page another Slug or file name"))
        if url in urls:
            problems.append(Problem(item.path, item.header.line("slug"), f"has the same URL /{url} as {urls[url]}: give one of them another Slug or file name"))
        else:
            urls[url] = item.path
        item_id = item.header.values.get("id", "").strip()
        if item_id:
            if item_id in ids:
                problems.append(Problem(item.path, item.header.line("id"), f'has the same Id "{item_id}" as {ids[item_id]}: every item needs its own Id (scripts/new.py writes one)'))
            else:
                ids[item_id] = item.path
    drafts = {i.path for i in items if i.header.values.get("status", "").strip().lower() == "draft"}
    problems = as_draft_warnings(problems, drafts)
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
