"""One syndication run: post the new items of the social feed, thread the updates, take
down the posts of resolved appeals and post their outcome (contract sections 7, 8, 11).

The order of a run:

1. A platform with no entry in the record yet, without --since, is on its first run:
   every item of the feed is recorded "seen" for it, and nothing is posted there. With
   --since, the items published before it are recorded "seen" (never posted).
2. Every post of a resolved appeal's thread (the appeal and its updates) that was posted
   (or may have been: "pending") is deleted and recorded "deleted". Deleting is never
   held back by --max-posts: a found person's photo must stop circulating.
3. The items still to post, oldest first: at most --max-posts of them get a new post
   (a resumed "pending" one counts). Per platform:
   - an update (`GUID#update-…`) answers the latest earlier post of its thread, so the
     updates form one thread. When the post was never posted on that platform (seen on
     the first run, refused), the update starts the thread itself; while the post is in
     the feed but not posted yet, the update waits for it;
   - a resolved appeal gets one outcome post (`GUID#outcome`: its title, the Outcome and
     the link, with its photo-free card) when we posted the appeal on that platform, or
     when the appeal was never in the record (it was resolved before we posted it).
     An appeal recorded "seen" or "refused" gets no outcome post;
   - a refusal for good (4xx) is recorded "refused", reported, never tried again and
     does not count; a missing card is an error for that item, which waits for the next
     run (a post never goes out without its card).

Crash safety: before the first request of a post the record gets a "pending" entry with
what makes a resend safe (Mastodon's Idempotency-Key, Bluesky's record key and
createdAt); a resumed run first looks for the post that request may have made.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from openbeat.social.errors import CardError, RecordError, Refused
from openbeat.social.feed import OUTCOME_MARK, Card, Feed, Item, load_card, read_feed
from openbeat.social.http import Request, redact
from openbeat.social.model import Post, Thread
from openbeat.social.paths import PROJECT_ROOT, forbidden_parent
from openbeat.social.platforms import Platform, secrets_of
from openbeat.social.record import Record
from openbeat.social.text import utc_stamp

DEFAULT_MAX_POSTS = 5


@dataclass
class Result:
    """What a run did, for the caller and the tests; `planned` holds the --dry-run requests."""

    posted: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    seen: int = 0
    waiting: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.refused else 0


class Reporter:
    """Prints lines for the person running the script, without any credential in them."""

    def __init__(self, out: TextIO, platforms: list[Platform]) -> None:
        self.out = out
        self.platforms = platforms

    def say(self, line: str) -> None:
        print(redact(line, secrets_of(self.platforms)), file=self.out)


def check_record_location(record_path: Path, out: Path, root: Path) -> None:
    """The record never goes into content/ or an output folder (it would be published)."""
    folder = forbidden_parent(record_path, root, [out])
    if folder is not None:
        raise RecordError(
            f"{record_path} is inside {folder}, which is content or a built site: keep the record at the "
            f"project root ({root / 'syndication.json'}), or give another place with --record FILE"
        )


def describe(request: Request, platform: Platform) -> dict[str, Any]:
    """A request as --dry-run prints it: everything that is sent, credentials replaced."""
    headers = dict(request.headers)
    if request.auth:
        headers["Authorization"] = platform.shown_auth
    shown: dict[str, Any] = {"platform": platform.name, "method": request.method, "url": request.url, "headers": headers}
    if request.json is not None:
        shown["json"] = request.json
    elif request.summary is not None:
        shown["body"] = request.summary
    return shown


def thread_for(record: Record, key: str, item: Item, platform: str) -> Thread | None:
    """Where an update goes on a platform: after the latest earlier post of its thread."""
    if item.parent is None:
        return None
    earlier = [k for k in record.thread(item.parent) if k < key and record.state(k, platform) == "posted"]
    if not earlier:
        return None
    return Thread(root=record.entry(earlier[0], platform), parent=record.entry(earlier[-1], platform))


def action(record: Record, feed_items: dict[str, Item], item: Item, key: str, platform: str) -> str:
    """What to do with an item on a platform: "post", "resume", "wait" or "skip"."""
    state = record.state(key, platform)
    if state == "pending":
        return "resume"
    if state:
        return "skip"
    if item.resolved and item.parent is None:
        states = {record.state(k, platform) for k in record.thread(item.guid)}
        if states & {"posted", "pending", "deleted"}:
            return "post"
        return "skip" if states & {"seen", "refused"} else "post"
    if item.parent is not None:
        parent = feed_items.get(item.parent)
        if (parent is not None and parent.resolved) or record.posts.get(item.parent + OUTCOME_MARK):
            return "skip"  # the appeal is resolved: its updates are not posted
        if parent is not None and record.state(item.parent, platform) in ("", "pending"):
            return "wait"
    return "post"


class Run:
    """The state of one run; `execute()` does steps 1-3 of the module docstring."""

    def __init__(
        self, feed: Feed, record: Record, platforms: list[Platform], *, since: datetime | None,
        max_posts: int, dry_run: bool, reporter: Reporter, now: Callable[[], datetime],
    ) -> None:
        self.feed, self.record, self.platforms = feed, record, platforms
        self.since, self.max_posts, self.dry_run = since, max_posts, dry_run
        self.reporter, self.now = reporter, now
        self.result = Result()
        self.items = {item.guid: item for item in feed.items}

    def stamp(self) -> str:
        return utc_stamp(self.now())

    def write(self, key: str, platform: str, entry: dict[str, Any], item: Item | None) -> None:
        """Record an entry, with the title and link of the item it posts (in memory only on a dry run)."""
        title, link = (item.title, item.link) if item else ("", "")
        self.record.set(key, platform, entry, title=title, link=link, save=not self.dry_run)

    def execute(self) -> Result:
        self.mark_seen()
        self.delete_resolved()
        self.post_new()
        return self.result

    # --- step 1 --------------------------------------------------------------------------

    def mark_seen(self) -> None:
        for platform in self.platforms:
            first = not self.record.used(platform.name) and self.since is None
            marked = 0
            for item in self.feed.items:
                if self.record.state(item.guid, platform.name):
                    continue
                if first or (self.since is not None and item.published < self.since):
                    entry = {"state": "seen", "at": self.stamp()}
                    self.record.set(item.guid, platform.name, entry, title=item.title, link=item.link, save=False)
                    marked += 1
            if marked and not self.dry_run:
                self.record.save()
            self.result.seen += marked
            if first:
                self.reporter.say(
                    f"{platform.label}: first run: the {marked} item(s) already in the feed are recorded as seen and "
                    "not posted (give --since YYYY-MM-DD to post the items published from that day on)"
                )
            elif marked:
                self.reporter.say(f"{platform.label}: {marked} item(s) published before --since recorded as seen, not posted")

    # --- step 2 --------------------------------------------------------------------------

    def delete_resolved(self) -> None:
        for item in self.feed.items:
            if not item.resolved or item.parent is not None:
                continue
            for platform in self.platforms:
                for key in self.record.thread(item.guid):
                    entry = self.record.entry(key, platform.name)
                    if entry.get("state") not in ("posted", "pending"):
                        continue
                    self.delete_one(platform, key, entry, item)

    def delete_one(self, platform: Platform, key: str, entry: dict[str, Any], item: Item) -> None:
        title = self.record.posts.get(key, {}).get("title", item.title)
        link = str(self.record.posts.get(key, {}).get("link", item.link))
        if self.dry_run:
            self.show(platform, platform.plan_delete(entry))
        else:
            try:
                platform.delete(entry, link)
            except Refused as refused:
                self.result.errors.append(f"{platform.label}: {key}: {refused}")
                self.reporter.say(f"{platform.label}: could not delete the post of {title!r} ({refused}); the next run tries again")
                return
        self.write(key, platform.name, {**entry, "state": "deleted", "deleted_at": self.stamp()}, None)
        self.result.deleted.append(f"{platform.name} {key}")
        self.reporter.say(f"{platform.label}: deleted the post of {title!r} {entry.get('url', '')} (the appeal is resolved)")

    # --- step 3 --------------------------------------------------------------------------

    def post_new(self) -> None:
        made = 0
        for item in self.feed.items:
            key = item.guid + OUTCOME_MARK if item.resolved and item.parent is None else item.guid
            todo = [p for p in self.platforms if action(self.record, self.items, item, key, p.name) in ("post", "resume")]
            if not todo:
                continue
            if made >= self.max_posts:
                self.result.waiting += 1
                continue
            try:
                card = load_card(item, self.feed)
            except CardError as error:
                self.result.errors.append(str(error))
                self.reporter.say(f"error: {error}")
                continue
            if any([self.post_one(platform, key, item, card) for platform in todo]):
                made += 1
        if self.result.waiting:
            self.reporter.say(f"{self.result.waiting} item(s) wait for the next run (at most {self.max_posts} per run: --max-posts)")

    def post_one(self, platform: Platform, key: str, item: Item, card: Card) -> bool:
        """Post `item` under `key` on one platform; True when a post was made (or resumed)."""
        post = Post(key=key, item=item, card=card, thread=thread_for(self.record, key, item, platform.name))
        entry = self.record.entry(key, platform.name)
        resume = entry.get("state") == "pending"
        try:
            if self.dry_run:
                return self.plan_one(platform, post)
            if not resume:
                entry = platform.pending(self.now())
                self.write(key, platform.name, entry, item)
            fields = platform.publish(post, entry, resume)
        except Refused as refused:
            self.write(key, platform.name, {"state": "refused", "status": refused.status, "reason": str(refused)[:300], "at": self.stamp()}, item)
            self.result.refused.append(f"{platform.name} {key}")
            self.reporter.say(f"{platform.label}: refused {item.title!r} for good ({refused}); it will not be tried again")
            return False
        except CardError as error:
            self.result.errors.append(str(error))
            self.reporter.say(f"error: {platform.label}: {error}")
            return False
        self.write(key, platform.name, {**entry, **fields, "state": "posted", "at": self.stamp()}, item)
        self.result.posted.append(f"{platform.name} {key}")
        kind = "outcome of " if key.endswith(OUTCOME_MARK) else ("reply in the thread: " if post.thread else "")
        self.reporter.say(f"{platform.label}: posted {kind}{item.title!r} {fields.get('url', '')}")
        return True

    def show(self, platform: Platform, requests: list[Request]) -> None:
        """A dry run: the requests as they would be sent (credentials shown by name), printed and kept."""
        for request in requests:
            shown = describe(request, platform)
            self.result.planned.append(shown)
            self.reporter.say(json.dumps(shown, ensure_ascii=False, indent=2))

    def plan_one(self, platform: Platform, post: Post) -> bool:
        self.show(platform, platform.plan(post, platform.pending(self.now())))
        placeholder = f"<the post of {post.key}>"
        self.write(post.key, platform.name, {"state": "posted", "id": placeholder, "cid": placeholder}, None)
        return True


def run(
    feed_path: str | Path,
    record_path: str | Path,
    platforms: list[Platform],
    *,
    since: datetime | None = None,
    max_posts: int = DEFAULT_MAX_POSTS,
    dry_run: bool = False,
    out: TextIO = sys.stdout,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    root: Path = PROJECT_ROOT,
) -> Result:
    """One run (see the module docstring). Raises FeedError and RecordError before anything
    is sent, Stop when the run must end (already recorded posts stay recorded)."""
    feed = read_feed(feed_path)
    record_path = Path(record_path)
    check_record_location(record_path, feed.out, root)
    record = Record.load(record_path, feed.site)
    reporter = Reporter(out, platforms)
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    result = Run(
        feed, record, platforms, since=since, max_posts=max_posts, dry_run=dry_run, reporter=reporter, now=now
    ).execute()
    if dry_run:
        reporter.say(f"dry run: nothing was sent or recorded; {len(result.planned)} request(s) above, {len(result.errors)} error(s)")
    else:
        reporter.say(
            f"{len(result.posted)} post(s) made, {len(result.deleted)} deleted, "
            f"{len(result.refused)} refused, {len(result.errors)} error(s)"
        )
    return result
