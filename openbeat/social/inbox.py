"""The inbox: residents' replies to our posts, for staff (contract section 11).

`inbox/replies.json` (version 1) holds every reply collected so far:

    {"version": 1, "updated": "2026-06-01T12:00:00Z", "replies": [
      {"platform": "mastodon", "id": "1103", "url": "https://…", "author": "@resident@mastodon.example",
       "at": "2026-06-01T11:02:00Z", "text": "Why …?", "question": true, "private": false,
       "item": {"guid": "tag:…", "title": "Bike unit returns", "link": "https://…"},
       "first_seen": "2026-06-01T12:00:00Z", "new": true}]}

`inbox/index.html` shows the same for reading: new questions first. The folder holds
residents' handles and words: it is never published (not in content/, not in an output
folder) and not committed (.gitignore). Replies are text, always escaped on the page.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from openbeat.social.errors import InboxError
from openbeat.social.paths import forbidden_parent
from openbeat.social.record import write_json, write_text

VERSION = 1
REPLIES = "replies.json"
PAGE = "index.html"
TEMPLATES = Path(__file__).resolve().parent / "templates"
PLATFORM_NAMES = {"mastodon": "Mastodon", "bluesky": "Bluesky"}
QUESTION_WORDS = {
    # English
    "who", "whom", "whose", "what", "when", "where", "why", "how", "which", "is", "are", "was", "were",
    "can", "could", "do", "does", "did", "will", "would", "should", "shall", "may", "might", "has", "have",
    "any", "anyone", "anybody",
    # Spanish, when the ¿ (a question mark by itself) is left out; the words without their
    # accent ("que", "como", "cuando") start statements too often to count
    "qué", "quién", "quiénes", "cómo", "dónde", "cuándo", "cuál", "cuáles", "cuánto", "cuánta",
    "cuántos", "cuántas", "por qué", "puedo", "pueden", "podrían", "hay",
}
MENTION = re.compile(r"^(?:@[\w.\-]+(?:@[\w.\-]+)?[\s,:]*)+")
URL = re.compile(r"https?://\S+")
TITLE_LENGTH = 90


def without_mentions(text: str) -> str:
    """The text without the @mentions a reply starts with (Mastodon puts them there)."""
    return MENTION.sub("", text.strip()).strip()


def is_question(text: str) -> bool:
    """A reply asks something: it has a ? (or Spanish ¿), or starts with a question word."""
    body = without_mentions(text)
    body = re.sub(r"(?:\s+#\S+)+$", "", body).strip()  # trailing hashtags
    if "?" in body or "¿" in body:
        return True
    words = re.findall(r"[\wáéíóúñü]+", body.lower())
    if not words:
        return False
    return words[0] in QUESTION_WORDS or " ".join(words[:2]) in QUESTION_WORDS


def check_inbox_location(folder: Path, root: Path) -> None:
    parent = forbidden_parent(folder, root)
    if parent is not None:
        raise InboxError(
            f"{folder} is inside {parent}, which is content or a built site: the inbox holds residents' handles "
            f"and must never be published; use the default ({root / 'inbox'}) or another folder with --inbox DIR"
        )


def load_replies(folder: Path) -> list[dict[str, Any]]:
    """The replies collected so far ([] when there is no inbox yet)."""
    path = Path(folder) / REPLIES
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise InboxError(f"{path}: not valid JSON ({error}): delete it and run make listen again") from None
    if not isinstance(data, dict) or not isinstance(data.get("replies"), list):
        raise InboxError(f"{path}: not an inbox (no \"replies\"): delete it and run make listen again")
    return [reply for reply in data["replies"] if isinstance(reply, dict)]


def merge(old: list[dict[str, Any]], fresh: list[dict[str, Any]], now: str) -> list[dict[str, Any]]:
    """One list without duplicates (a reply is platform + id): a reply first collected now
    is new; older ones keep their first_seen; replies no longer found stay."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for reply in old:
        merged[(reply["platform"], reply["id"])] = {**reply, "new": False}
    for reply in fresh:
        key = (reply["platform"], reply["id"])
        first_seen = merged[key]["first_seen"] if key in merged else now
        merged[key] = {**reply, "first_seen": first_seen, "new": first_seen == now}
    return sort_replies(list(merged.values()))


def sort_replies(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New questions first, then other new replies, then older questions, then the rest;
    newest first within each."""
    newest = sorted(replies, key=lambda r: (r.get("at", ""), r.get("id", "")), reverse=True)
    return sorted(newest, key=lambda r: (not (r.get("new") and r.get("question")), not r.get("new"), not r.get("question")))


def web_link(url: str) -> str:
    """The URL when it is an http(s) address, else "" (a reply's URL comes from a server we
    do not control: never a javascript: link on the page)."""
    return url if urlsplit(url).scheme in ("http", "https") else ""


def render_page(replies: list[dict[str, Any]], problems: list[str], updated: str) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["web_link"] = web_link
    template = environment.get_template("inbox.html")
    return template.render(
        replies=replies, problems=problems, updated=updated, platforms=PLATFORM_NAMES,
        new_questions=sum(1 for r in replies if r.get("new") and r.get("question")),
        new_replies=sum(1 for r in replies if r.get("new")),
    )


def write_inbox(folder: Path, replies: list[dict[str, Any]], problems: list[str], updated: str) -> None:
    """replies.json, then index.html, each written crash-safely."""
    folder.mkdir(parents=True, exist_ok=True)
    write_json(folder / REPLIES, {"version": VERSION, "updated": updated, "replies": replies})
    write_text(folder / PAGE, render_page(replies, problems, updated))


def shorten_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def title_from_question(text: str) -> str:
    """A title for the answer: the reply's first question sentence (else its first sentence),
    without @mentions, links and trailing hashtags, at most 90 characters."""
    body = " ".join(word for word in without_mentions(text).split() if not word.startswith("@") and not URL.match(word))
    body = re.sub(r"(?:\s*#\S+)+$", "", body).strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+", body) if s.strip()]
    if not sentences:
        return "Question from a resident"
    chosen = next((s for s in sentences if "?" in s), sentences[0])
    index = next((i for i, c in enumerate(chosen) if c.isalpha()), 0)
    chosen = chosen[:index] + chosen[index:index + 1].upper() + chosen[index + 1:]
    return shorten_words(chosen, TITLE_LENGTH)


def question_from_reply(inbox_dir: str, url: str, timezone: str) -> dict[str, str]:
    """What a Q&A draft needs from a reply in the inbox, found by its URL.

    Returns {"title", "question" (the reply's text without the @mentions it starts with),
    "asked" (YYYY-MM-DD, the reply's date in `timezone`, the site's TIMEZONE),
    "asker" ("Resident, via Mastodon" or "Resident, via Bluesky": never the handle),
    "source" (the reply's URL)}. InboxError when the URL is not in the inbox.
    """
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InboxError(f"{timezone!r} is not a time zone name: give the site's TIMEZONE, e.g. America/Chicago") from None
    folder = Path(inbox_dir)
    replies = load_replies(folder)
    wanted = url.strip()
    reply = next((r for r in replies if wanted in (r.get("url"), r.get("id"))), None)
    if reply is None:
        raise InboxError(
            f"{wanted} is not a reply in {folder / REPLIES}: run make listen, then copy the reply's address "
            f"from {folder / PAGE}"
        )
    try:
        moment = datetime.fromisoformat(str(reply.get("at", "")).replace("Z", "+00:00"))
    except ValueError:
        raise InboxError(f"{wanted}: the inbox has no time for this reply: run make listen again") from None
    platform = PLATFORM_NAMES.get(str(reply.get("platform")), str(reply.get("platform", "")).title())
    return {
        "title": title_from_question(str(reply.get("text", ""))),
        "question": without_mentions(str(reply.get("text", ""))),
        "asked": moment.astimezone(zone).date().isoformat(),
        "asker": f"Resident, via {platform}",
        "source": str(reply.get("url", wanted)),
    }
