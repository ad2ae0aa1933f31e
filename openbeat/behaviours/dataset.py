"""Published data sets: a post beside its CSV (`data/SLUG.md` + `data/SLUG.csv`).

The CSV is checked cell by cell like any text (personal data, contract section
6); the page shows it as a table and, with `Chart`, an SVG chart; the download is
written again with every formula cell quoted, so a spreadsheet never runs it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..chart import Chart, build_chart
from ..checks.personal import find_personal_data
from ..errors import Problem
from ..paths import PathRefused, content_file
from ..render import Output

NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Dataset:
    source: str  # content-relative path of the CSV
    csv_url: str  # URL of the published copy, relative to the site
    csv_name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    chart: Chart | None


def csv_path(item_path: str) -> str:
    return os.path.splitext(item_path)[0] + ".csv"


def read_rows(full: str) -> list[list[str]]:
    return [row for _number, row in numbered_rows(full)]


def numbered_rows(full: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of every row that is not empty; rows are numbered as a spreadsheet shows them
    (a blank line is an empty row, a quoted cell over several lines is one row), 1 being the header row."""
    with open(full, encoding="utf-8-sig", newline="") as handle:
        return [(number, row) for number, row in enumerate(csv.reader(handle), start=1) if row]


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    """A data set's CSV exists beside it, is a plain file of the folder, rectangular, free of
    personal data; charted columns are numbers."""
    path = csv_path(entry.path)
    try:
        content_file(context.root, path, "")
    except PathRefused as refused:
        yield Problem(entry.path, 1, f"its data file {os.path.basename(path)}: {refused} (put the CSV file beside the "
                                     ".md file, with the same name)")
        return
    try:
        numbered = numbered_rows(os.path.join(context.root, path))
    except UnicodeDecodeError:
        yield Problem(path, 1, "is not UTF-8 text: export the CSV again as UTF-8")
        return
    except csv.Error as error:
        yield Problem(path, 1, f"cannot be read as CSV ({error}): export it again")
        return
    if len(numbered) < 2:
        yield Problem(path, 1, "needs a header row and at least one row of data")
        return
    rows = [row for _number, row in numbered]
    width = len(rows[0])
    charted = bool(entry.post.get("chart"))
    phones = context.public_phones
    for index, (number, row) in enumerate(numbered):
        for cell in row:
            for message in find_personal_data(cell, phones):
                yield Problem(path, number, message)
        if index == 0:
            continue
        if len(row) != width:
            yield Problem(path, number, f"has {len(row)} values, but the header has {width}: every row needs one value "
                                        "per column")
            continue
        if charted:
            for column, value in zip(rows[0][1:], row[1:], strict=True):
                if not NUMBER_RE.match(value.strip().replace(",", "")):
                    yield Problem(path, number, f'"{value}" in column "{column}" is not a number, and the data set has '
                                                "a Chart: write a number, or remove Chart")


def inputs(entry: Any, build: Any) -> tuple[Any, ...]:
    """The CSV's size and time: an edited CSV makes the data page again."""
    try:
        info = os.stat(os.path.join(build.root, csv_path(entry.path)))
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns)


def view(root: Any, entry: Any, builder: Any) -> Dataset | None:
    source = csv_path(entry.path)
    try:
        rows = read_rows(os.path.join(builder.build.root, source))
    except (OSError, ValueError, csv.Error):
        return None  # the checks reported it
    header, body = tuple(rows[0]), tuple(tuple(r) for r in rows[1:])
    kind = builder.fields.get("chart")
    chart = build_chart(kind, list(header), [list(r) for r in body], entry.post.get("title")) if kind else None
    name = os.path.basename(source)
    return Dataset(source, builder.url + name, name, header, body, chart)


def is_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: it starts with = + - @ (or a tab or CR) and is not a number."""
    if not cell.startswith(FORMULA_START):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def safe_csv(full: str, path: str) -> dict[str, bytes]:
    """The CSV again, each formula cell written with a leading ' (contract section 6)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in read_rows(full):
        writer.writerow([f"'{cell}" if is_formula(cell) else cell for cell in row])
    return {path: buffer.getvalue().encode("utf-8")}


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """Each published data set's CSV download."""
    for item in site.items:
        dataset = item.parts.get("dataset")
        if dataset is None:
            continue
        full = os.path.join(site.build.root, dataset.source)
        with open(full, "rb") as handle:
            key = hashlib.sha256(b"safe-csv-1" + handle.read()).hexdigest()
        yield Output((dataset.csv_url,), key, functools.partial(safe_csv, full, dataset.csv_url))
