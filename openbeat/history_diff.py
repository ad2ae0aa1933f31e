"""Word-level differences between two versions of a policy, as segments for a template."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .header import read_post as read_header

TOKEN_RE = re.compile(r"\s+|[^\s]+")
CONTEXT = 12  # unchanged words kept on each side of a change
# Header keys that are part of the policy's public text (Id, Status and the like are not).
SHOWN_KEYS = ("title", "number", "effective", "review-due", "supersedes", "summary")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "del", "ins" or "gap" (unchanged words left out)
    text: str


def public_text(source: str) -> str:
    """The words a resident sees: the shown header keys, then the body."""
    header = read_header(source)
    lines = [f"{key.title()}: {header.values[key]}" for key in SHOWN_KEYS if header.values.get(key)]
    body = "\n".join(source.splitlines()[header.body_start - 1 :])
    return "\n".join(lines) + "\n\n" + body.strip() + "\n"


def is_draft(source: str) -> bool:
    return read_header(source).values.get("status", "").strip().lower() == "draft"


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn old into new, word by word; long unchanged runs shortened."""
    before, after = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    segments: list[Segment] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("same", "".join(before[a1:a2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("del", "".join(before[a1:a2])))
        if op in ("insert", "replace"):
            segments.append(Segment("ins", "".join(after[b1:b2])))
    return shorten_unchanged(segments)


def shorten_unchanged(segments: list[Segment]) -> list[Segment]:
    shortened = []
    for index, segment in enumerate(segments):
        words = TOKEN_RE.findall(segment.text)
        if segment.kind != "same" or len(words) <= 4 * CONTEXT:
            shortened.append(segment)
            continue
        keep_start = words[: 2 * CONTEXT] if index > 0 else []
        keep_end = words[-2 * CONTEXT :] if index < len(segments) - 1 else []
        if keep_start:
            shortened.append(Segment("same", "".join(keep_start)))
        shortened.append(Segment("gap", "…"))
        if keep_end:
            shortened.append(Segment("same", "".join(keep_end)))
    return shortened


def counts(segments: list[Segment]) -> tuple[int, int]:
    """Words added and removed."""
    added = sum(len(s.text.split()) for s in segments if s.kind == "ins")
    removed = sum(len(s.text.split()) for s in segments if s.kind == "del")
    return added, removed
