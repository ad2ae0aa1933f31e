"""Word-level differences between two versions of a policy, as segments for a template.

Words are compared without the spaces between them (a re-wrapped paragraph is not a change),
after the common beginning and end are set aside, and sentence by sentence before word by
word: the cost grows with the size of the change, not with the square of the policy's length.
A run of changed words is one deletion and one insertion ("~~shall use~~ must attempt"),
never interleaved word by word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

WORD_RE = re.compile(r"(\S+)(\s*)")
SENTENCE_END_RE = re.compile(r"([.:;?!]\s+|\n[^\S\n]*\n\s*)")
CONTEXT = 12  # unchanged words kept on each side of a change
CHANGE = ("del", "ins")


@dataclass(frozen=True)
class Segment:
    kind: str  # "same", "del", "ins" or "gap" (unchanged words left out)
    text: str


Token = tuple[str, str]  # (word, the spaces after it)
Opcode = tuple[str, int, int, int, int]  # as difflib.SequenceMatcher.get_opcodes()


def tokens(text: str) -> list[Token]:
    return WORD_RE.findall(text)


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments that turn old into new, word by word; long unchanged runs shortened.

    The common beginning and end are found on the characters (fast) and cut at a word boundary;
    the middle is compared sentence by sentence, and only the sentences that differ word by word."""
    start, end = common_ends(old, new)
    found = [Segment("same", new[:start])]
    found += changed_middle(old[start: len(old) - end], new[start: len(new) - end])
    found.append(Segment("same", new[len(new) - end:]))
    return shorten_unchanged(group_changes(found))


def common_ends(old: str, new: str) -> tuple[int, int]:
    """(prefix, suffix): the lengths of the common beginning and end, each ending (beginning) at a
    word boundary in both texts, not overlapping."""
    start = _common_length(old, new)
    while start and not old[start - 1].isspace():
        start -= 1
    limit = min(len(old), len(new)) - start
    end = _common_length(old[::-1][:limit], new[::-1][:limit])
    while end and not (_boundary(old, len(old) - end, start) and _boundary(new, len(new) - end, start)):
        end -= 1
    return start, end


def _boundary(text: str, index: int, start: int) -> bool:
    return index == start or text[index - 1].isspace()


def _common_length(a: str, b: str) -> int:
    """The length of the common prefix of a and b (a binary search on slices: it runs in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def sentences(text: str) -> list[str]:
    """The text cut after each sentence end (. : ; ? ! before spaces) and at each blank line; each
    piece keeps the spaces after it, so the pieces join back into the text."""
    pieces = SENTENCE_END_RE.split(text)
    joined = [pieces[i] + (pieces[i + 1] if i + 1 < len(pieces) else "") for i in range(0, len(pieces), 2)]
    return [piece for piece in joined if piece]


def changed_middle(old: str, new: str) -> list[Segment]:
    """Sentences are compared first (they are mostly unique: fast); the words of the sentences that
    differ are compared next. Sentences compare by their words, not their spaces: a re-wrapped
    paragraph is not a change."""
    a, b = sentences(old), sentences(new)
    matcher = SequenceMatcher(None, [" ".join(p.split()) for p in a], [" ".join(p.split()) for p in b],
                              autojunk=False)
    found: list[Segment] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            found.append(Segment("same", "".join(b[b1:b2])))
            continue
        before, after = tokens("".join(a[a1:a2])), tokens("".join(b[b1:b2]))
        words = SequenceMatcher(None, [w for w, _ in before], [w for w, _ in after], autojunk=False)
        found += segments(before, after, words.get_opcodes())
    return found


def segments(before: list[Token], after: list[Token], codes: Iterable[Opcode]) -> Iterator[Segment]:
    """Unchanged words with the new version's spaces; each change without its trailing spaces,
    which follow it as unchanged text."""
    for op, a1, a2, b1, b2 in codes:
        if op == "equal":
            yield Segment("same", "".join(word + space for word, space in after[b1:b2]))
            continue
        trailing = ""
        if a2 > a1:
            text = "".join(word + space for word, space in before[a1:a2])
            trailing = before[a2 - 1][1]
            yield Segment("del", text[: len(text) - len(trailing)])
        if b2 > b1:
            text = "".join(word + space for word, space in after[b1:b2])
            trailing = after[b2 - 1][1]
            yield Segment("ins", text[: len(text) - len(trailing)])
        if trailing:
            yield Segment("same", trailing)


def group_changes(found: Iterable[Segment]) -> list[Segment]:
    """Adjacent deletions and insertions, separated only by spaces, as one deletion then one insertion."""
    result: list[Segment] = []
    run: list[Segment] = []  # changes and the spaces between them, not yet written

    def flush() -> None:
        if not run:
            return
        tail = []
        while run and run[-1].kind == "same":
            tail.insert(0, run.pop())
        for kind in CHANGE:
            text = "".join(s.text for s in run if s.kind in (kind, "same")).strip()
            if text and any(s.kind == kind for s in run):
                result.append(Segment(kind, text))
        result.extend(tail)
        run.clear()

    for segment in found:
        if segment.kind in CHANGE or (run and segment.kind == "same" and not segment.text.strip()):
            run.append(segment)
        else:
            flush()
            result.append(segment)
    flush()
    return merge_same(result)


def merge_same(found: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in found:
        if not segment.text:
            continue
        if merged and merged[-1].kind == "same" and segment.kind == "same":
            merged[-1] = Segment("same", merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def shorten_unchanged(found: list[Segment]) -> list[Segment]:
    """Unchanged runs longer than 4 x CONTEXT words keep CONTEXT words on each side of a change.
    (str.split and rsplit with a limit: only the words kept are looked at.)"""
    shortened = []
    for index, segment in enumerate(found):
        if segment.kind != "same" or len(segment.text.split(None, 4 * CONTEXT)) <= 4 * CONTEXT:
            shortened.append(segment)
            continue
        text = segment.text
        keep_start = text[: len(text) - len(text.split(None, CONTEXT)[-1])] if index > 0 else ""
        keep_end = text[len(text.rsplit(None, CONTEXT)[0]):].lstrip() if index < len(found) - 1 else ""
        if keep_start:
            shortened.append(Segment("same", keep_start))
        shortened.append(Segment("gap", "…"))
        if keep_end:
            shortened.append(Segment("same", keep_end))
    return shortened


def counts(found: Iterable[Segment]) -> tuple[int, int]:
    """Words added and removed."""
    added = removed = 0
    for segment in found:
        if segment.kind == "ins":
            added += len(segment.text.split())
        elif segment.kind == "del":
            removed += len(segment.text.split())
    return added, removed
