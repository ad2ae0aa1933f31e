"""Plain text for social accounts and link previews: the teaser, cut at a word boundary."""

from __future__ import annotations

import re

ELLIPSIS = "…"
SPACE_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    return SPACE_RE.sub(" ", text).strip()


def cut(text: str, limit: int) -> str:
    """text, or its longest prefix ending at a word boundary plus an ellipsis, within limit."""
    text = fold(text)
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    head = room.rsplit(" ", 1)[0] if " " in room else room[: limit - len(ELLIPSIS)]
    return head[: limit - len(ELLIPSIS)].rstrip(" ,;:.-–—") + ELLIPSIS


def with_suffix(text: str, suffix: str, limit: int) -> str:
    """text cut so that text + " " + suffix fits in limit (suffix: hashtags, kept whole)."""
    if not suffix:
        return cut(text, limit)
    return f"{cut(text, limit - len(suffix) - 1)} {suffix}"
