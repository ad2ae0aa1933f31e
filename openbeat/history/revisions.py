"""The published revisions of one policy file, from its versions in git.

A version is public when its file was not `Status: draft` and its `Date` had come before the
next version replaced it: a draft, or a scheduled version replaced before its date, was never
public, and neither it nor its text appears. Each revision carries the `Change-Note` it gave,
or none (a minor edit) when it gave none or kept the previous version's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from ..header import read_post
from ..values import parse_date
from .diff import Segment, counts, word_diff
from .git import Version

# Header keys that are part of the policy's public text (Id, Status, Change-Note and the like are not).
SHOWN_KEYS = ("title", "number", "effective", "review-due", "supersedes", "summary")


@dataclass(frozen=True)
class Revision:
    """One published revision of a policy."""

    sha: str  # the commit
    date: datetime  # when it was published: the commit's date, or its Date when that came later (site's timezone)
    author: str  # the git author's name ("" when it is an e-mail address); shown only with HISTORY_SHOW_AUTHORS
    note: str  # the Change-Note it gave; "" for a minor edit (or a first version without one)
    first: bool  # the first published version (no diff)
    segments: tuple[Segment, ...]  # the word diff from the previous revision
    added: int  # words
    removed: int

    @property
    def anchor(self) -> str:
        return f"rev-{self.sha[:12]}"

    @property
    def minor(self) -> bool:
        return not self.first and not self.note


@dataclass(frozen=True)
class Text:
    """What the history needs of one version of the file."""

    draft: bool
    note: str  # Change-Note, spaces normalised
    date: str  # Date as written
    text: str  # the words a resident sees: the shown header keys, then the body


def read_text(data: bytes) -> Text | None:
    """The parts of a file version; None when it is not UTF-8 (such a version never built)."""
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    post = read_post(source)
    lines = [f"{key.title()}: {post.values[key]}" for key in SHOWN_KEYS if post.values.get(key)]
    text = "\n".join(lines) + "\n\n" + post.body.strip() + "\n"
    return Text(post.draft, " ".join(post.get("change-note").split()),
                post.get("date"), text)


def author_name(name: str) -> str:
    """An author's name for the page: never an e-mail address (some set their name to one)."""
    return "" if "@" in name else " ".join(name.split())


def public_from(version: Version, text: Text, timezone: ZoneInfo) -> datetime:
    """When a version became public: its commit, or its Date when that came later (a scheduled post)."""
    committed = version.commit.date.astimezone(timezone)
    try:
        scheduled = parse_date(text.date, timezone.key) if text.date else None
    except ValueError:
        scheduled = None
    return max(committed, scheduled) if scheduled else committed


def public_versions(chain: list[Version], read: Callable[[str], Text | None],
                    timezone: ZoneInfo) -> list[tuple[Version, Text, datetime]]:
    """The versions that were public at some time, oldest first, with the time they became public."""
    found: list[tuple[Version, Text, datetime]] = []
    for index, version in enumerate(chain):
        text = read(version.blob) if version.blob else None
        if text is None or text.draft:
            continue
        start = public_from(version, text, timezone)
        if start > version.commit.date and index + 1 < len(chain) and chain[index + 1].commit.date <= start:
            continue  # scheduled, then replaced before its date came
        found.append((version, text, start))
    return found


DiffFunction = Callable[[str, str], tuple[tuple[Segment, ...], int, int]]


def compute_diff(old: str, new: str) -> tuple[tuple[Segment, ...], int, int]:
    found = word_diff(old, new)
    added, removed = counts(found)
    return tuple(found), added, removed


def revisions(chain: list[Version], read: Callable[[str], Text | None], timezone: ZoneInfo,
              diff: DiffFunction = compute_diff) -> tuple[Revision, ...]:
    """The published revisions of one file, oldest first, each with its note and its word diff.

    A version that changed only what the public does not see (Id, Status, Tags) is no revision; when
    it changed only the Change-Note, the new note corrects the note of the revision before."""
    result: list[Revision] = []
    previous: Text | None = None
    for version, text, start in public_versions(chain, read, timezone):
        note = text.note if text.note and (previous is None or text.note != previous.note) else ""
        if previous is not None and text.text == previous.text:
            if note and result:
                result[-1] = replace(result[-1], note=note)
            previous = text
            continue
        segments, added, removed = diff(previous.text, text.text) if previous is not None else ((), 0, 0)
        result.append(Revision(version.commit.sha, start, author_name(version.commit.author), note,
                               previous is None, segments, added, removed))
        previous = text
    return tuple(result)
