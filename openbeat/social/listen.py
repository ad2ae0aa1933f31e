"""Collect the replies to every post in the syndication record into the inbox.

For each platform of the environment, the replies to each post the record has in state
"posted" (Mastodon: the status's context; Bluesky: app.bsky.feed.getPostThread, nested
replies followed). The department's own posts are left out. A platform that cannot be
reached is reported and the others are still collected; a post that was deleted or is
blocked is reported and the other posts are still collected.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from openbeat.social.errors import Stop
from openbeat.social.http import redact
from openbeat.social.inbox import check_inbox_location, is_question, load_replies, merge, write_inbox
from openbeat.social.paths import PROJECT_ROOT
from openbeat.social.platforms import Platform, secrets_of
from openbeat.social.record import PLATFORMS, Record
from openbeat.social.text import utc_stamp


@dataclass
class Heard:
    """What a listening run did."""

    replies: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)  # platforms not collected

    @property
    def exit_code(self) -> int:
        return 1 if self.unreachable else 0


def listen(
    record_path: str | Path,
    inbox_dir: str | Path,
    platforms: list[Platform],
    *,
    out: TextIO = sys.stdout,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    root: Path = PROJECT_ROOT,
) -> Heard:
    """Collect, merge with the inbox, write replies.json and index.html."""
    inbox = Path(inbox_dir)
    check_inbox_location(inbox, root)
    record = Record.load(record_path, "")
    stamp = utc_stamp(now())
    heard = Heard()
    secrets = secrets_of(platforms)
    if not Path(record_path).exists():
        heard.problems.append(f"There is no record at {record_path}: nothing was posted yet (scripts/syndicate.py writes it)")
    configured = {platform.name for platform in platforms}
    fresh: list[dict[str, Any]] = []
    for name in PLATFORMS:
        if name not in configured and record.posted(name):
            label = name.title()
            heard.problems.append(f"{label}: not configured in the environment ({name.upper()}_…): its replies were not collected")
            heard.unreachable.append(label)
    for platform in platforms:
        posts = record.posted(platform.name)
        titles = {key: str(record.posts[key].get("title", key)) for key in posts}
        try:
            collected = platform.collect(posts, titles)
        except Stop as stop:
            heard.problems.append(f"{platform.label}: not collected this time: {redact(str(stop), secrets)}")
            heard.unreachable.append(platform.label)
            continue
        heard.problems += [redact(problem, secrets) for problem in collected.problems]
        for reply in collected.replies:
            post = record.posts.get(reply.answers, {})
            fresh.append({
                "platform": reply.platform, "id": reply.id, "url": reply.url, "author": reply.author,
                "at": reply.at, "text": reply.text, "question": is_question(reply.text), "private": reply.private,
                "item": {"guid": reply.answers, "title": str(post.get("title", "")), "link": str(post.get("link", ""))},
            })
    heard.replies = merge(load_replies(inbox), fresh, stamp)
    write_inbox(inbox, heard.replies, heard.problems, stamp)
    for problem in heard.problems:
        print(f"listen: {problem}", file=out)
    new = [reply for reply in heard.replies if reply["new"]]
    questions = sum(1 for reply in new if reply["question"])
    print(f"{len(new)} new reply(ies), {questions} of them question(s); {len(heard.replies)} in all: {inbox / 'index.html'}", file=out)
    return heard
