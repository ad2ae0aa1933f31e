"""Teasers: the plain-text line that social accounts and link previews show."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

ELLIPSIS = "…"


def html_text(html: str) -> str:
    """Plain text of an HTML fragment, whitespace folded."""
    text = BeautifulSoup(html or "", "html.parser").get_text(" ")
    return re.sub(r"\s+", " ", text).strip()


def first_paragraph(html: str) -> str:
    soup = BeautifulSoup(html or "", "html.parser")
    for paragraph in soup.find_all("p"):
        text = re.sub(r"\s+", " ", paragraph.get_text(" ")).strip()
        if text:
            return text
    return html_text(html)


def cut(text: str, limit: int) -> str:
    """text, or its longest prefix ending at a word boundary plus an ellipsis, within limit."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    room = text[: limit - len(ELLIPSIS) + 1]
    head = room.rsplit(" ", 1)[0] if " " in room else room[: limit - len(ELLIPSIS)]
    return head[: limit - len(ELLIPSIS)].rstrip(" ,;:.-–—") + ELLIPSIS


def make_teaser(explicit: str, summary_html: str, content_html: str, limit: int, suffix: str = "") -> str:
    """Teaser, else Summary, else the first paragraph; plain text within limit.

    suffix (hashtags) is kept whole and counted in the limit.
    """
    source = html_text(explicit) if explicit else html_text(summary_html) or first_paragraph(content_html)
    if not suffix:
        return cut(source, limit)
    return f"{cut(source, limit - len(suffix) - 1)} {suffix}"
