"""Bluesky (the AT Protocol): post with the card, delete, find a post after a crash, replies.

A session (`com.atproto.server.createSession` with the handle and an app password) gives
the access token. A post is `com.atproto.repo.uploadBlob` (the card) then
`com.atproto.repo.createRecord` of an `app.bsky.feed.post` whose record key (`rkey`, a TID
made from the time of the first attempt) is chosen before the first attempt and kept in
the record: a resumed run asks `getRecord` for that key before sending again. The PDS
answers a create on an existing key with a 500, so a lost answer is recovered the same
way, never by a blind resend.

The card is an `app.bsky.embed.external` (uri, title, description, thumb). That lexicon
has no alt-text field (only `app.bsky.embed.images` has one), so the card's alt text
cannot travel with it; the card repeats the title that the post's text already carries.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from openbeat.social.errors import CardError, Refused, Stop
from openbeat.social.http import Client, Request
from openbeat.social.model import Collected, Post, Reply
from openbeat.social.text import bluesky_text, facets, iso_z, split_hashtags, tid, utc_stamp, utc_text

COLLECTION = "app.bsky.feed.post"
THUMB_LIMIT = 1_000_000  # app.bsky.embed.external#external thumb maxSize, bytes
THREAD_DEPTH = 10  # levels of replies per getPostThread; deeper ones are fetched from their own node
THREAD_FETCHES = 50  # getPostThread calls per post at most
EXPIRED = ("ExpiredToken", "InvalidToken")


class Bluesky:
    name = "bluesky"
    label = "Bluesky"
    shown_auth = "Bearer <session token>"  # what --dry-run prints for the Authorization header

    def __init__(self, pds: str, handle: str, password: str, client: Client) -> None:
        self.pds = pds.rstrip("/")
        self.handle = handle.lstrip("@")
        self.password = password
        self.client = client
        self.client.secrets.add(password)
        self.did = ""

    def url(self, method: str, query: dict[str, Any] | None = None) -> str:
        return f"{self.pds}/xrpc/{method}" + (f"?{urlencode(query)}" if query else "")

    # --- the session -------------------------------------------------------------------

    def session_request(self, password: str) -> Request:
        return Request(
            "POST", self.url("com.atproto.server.createSession"),
            json={"identifier": self.handle, "password": password}, auth=False,
        )

    def login(self) -> None:
        try:
            session = self.client.send(self.session_request(self.password)).json()
        except Refused as refused:
            raise Stop(f"Bluesky did not open a session ({refused}): check {self.client.credentials}", self.label) from None
        for name in ("accessJwt", "refreshJwt"):
            self.client.secrets.add(str(session.get(name, "")))
        self.client.token = str(session.get("accessJwt", ""))
        self.did = str(session.get("did", ""))
        self.handle = str(session.get("handle", "") or self.handle)

    def ensure_session(self) -> None:
        if not self.did:
            self.login()

    def call(self, request: Request, recover: Callable[[], Any] | None = None) -> Any:
        """Send with the session (opened on first use, reopened once when it expired)."""
        self.ensure_session()
        try:
            return self.client.send(request, recover=recover).json()
        except Refused as refused:
            if refused.error not in EXPIRED:
                raise
        self.login()
        return self.client.send(request, recover=recover).json()

    # --- the requests ------------------------------------------------------------------

    def blob_request(self, post: Post) -> Request:
        return Request(
            "POST", self.url("com.atproto.repo.uploadBlob"), data=post.card.data,
            headers={"Content-Type": post.card.mime},
            summary={"file": f"{post.card.filename} ({len(post.card.data)} bytes, {post.card.mime})"},
        )

    def post_record(self, post: Post, created_at: str, blob: Any) -> dict[str, Any]:
        item = post.item
        text = bluesky_text(item.title, item.description)
        teaser, _tags = split_hashtags(item.description)
        record: dict[str, Any] = {
            "$type": COLLECTION,
            "text": text,
            "createdAt": created_at,
            "langs": [item.lang],
            # No alt text here: app.bsky.embed.external has no field for it (see the module docstring).
            "embed": {
                "$type": "app.bsky.embed.external",
                "external": {"uri": item.link, "title": item.title, "description": teaser, "thumb": blob},
            },
        }
        found = facets(text)
        if found:
            record["facets"] = found
        if post.thread is not None:
            record["reply"] = {
                "root": {"uri": post.thread.root["id"], "cid": post.thread.root["cid"]},
                "parent": {"uri": post.thread.parent["id"], "cid": post.thread.parent["cid"]},
            }
        return record

    def create_request(self, repo: str, rkey: str, record: dict[str, Any]) -> Request:
        return Request(
            "POST", self.url("com.atproto.repo.createRecord"),
            json={"repo": repo, "collection": COLLECTION, "rkey": rkey, "record": record},
        )

    def delete_request(self, repo: str, rkey: str) -> Request:
        return Request(
            "POST", self.url("com.atproto.repo.deleteRecord"),
            json={"repo": repo, "collection": COLLECTION, "rkey": rkey},
        )

    # --- posting -----------------------------------------------------------------------

    def pending(self, moment: datetime) -> dict[str, Any]:
        """The pending entry written before the first request: the record key (a TID of the
        time of posting) and createdAt, both reused by a resumed run."""
        return {
            "state": "pending", "at": utc_stamp(moment),
            "rkey": tid(moment, random.SystemRandom().randrange(1024)), "created_at": iso_z(moment),
        }

    def check_card(self, post: Post) -> None:
        if len(post.card.data) > THUMB_LIMIT:
            raise CardError(
                f"{post.key}: the card {post.card.filename} is {len(post.card.data)} bytes; Bluesky takes at most "
                f"{THUMB_LIMIT} for a link card: make the site's cards smaller (a lower JPEG quality)"
            )

    def plan(self, post: Post, pending: dict[str, Any]) -> list[Request]:
        self.check_card(post)
        blob = {"$type": "blob", "ref": {"$link": "<from the upload>"}, "mimeType": post.card.mime, "size": len(post.card.data)}
        return [
            self.session_request("<BLUESKY_APP_PASSWORD>"),
            self.blob_request(post),
            self.create_request("<did of the session>", pending["rkey"], self.post_record(post, pending["created_at"], blob)),
        ]

    def publish(self, post: Post, pending: dict[str, Any], resume: bool) -> dict[str, Any]:
        """Post; returns the fields of the posted entry (id = at:// URI, cid, rkey, url)."""
        self.check_card(post)
        rkey = pending["rkey"]
        found = self.get_record(rkey) if resume else None
        if found is None:
            blob = self.call(self.blob_request(post))["blob"]
            record = self.post_record(post, pending["created_at"], blob)
            found = self.call(self.create_request(self.did, rkey, record), recover=lambda: self.get_record(rkey))
        return {"id": found["uri"], "cid": found["cid"], "rkey": rkey, "url": self.web_url(self.handle, rkey)}

    def get_record(self, rkey: str) -> dict[str, Any] | None:
        """{uri, cid} of our post with that record key, or None when there is none."""
        self.ensure_session()
        query = {"repo": self.did, "collection": COLLECTION, "rkey": rkey}
        try:
            return self.call(Request("GET", self.url("com.atproto.repo.getRecord", query), auth=False))
        except Refused as refused:
            if refused.status in (400, 404) and refused.error in ("RecordNotFound", "NotFound", ""):
                return None
            raise

    @staticmethod
    def web_url(handle: str, rkey: str) -> str:
        return f"https://bsky.app/profile/{handle}/post/{rkey}"

    # --- deleting ----------------------------------------------------------------------

    def plan_delete(self, entry: dict[str, Any]) -> list[Request]:
        return [self.session_request("<BLUESKY_APP_PASSWORD>"), self.delete_request("<did of the session>", str(entry.get("rkey", "")))]

    def delete(self, entry: dict[str, Any], link: str) -> None:
        """Delete the record of `entry` (pending or posted: its rkey is known); deleting a
        record that is not there is a no-op on the PDS."""
        rkey = str(entry.get("rkey") or str(entry.get("id", "")).rsplit("/", 1)[-1])
        self.ensure_session()
        self.call(self.delete_request(self.did, rkey))

    # --- listening ---------------------------------------------------------------------

    def collect(self, posts: dict[str, dict[str, Any]], titles: dict[str, str]) -> Collected:
        """The replies to our posts ({record key: entry}), nested ones included, from
        `app.bsky.feed.getPostThread` on the PDS (which asks the AppView for us)."""
        self.ensure_session()
        ours = {str(entry["id"]): key for key, entry in posts.items()}
        replies: dict[str, Reply] = {}
        problems: list[str] = []
        for key, entry in posts.items():
            hidden = 0
            queue = [(str(entry["id"]), key)]
            for fetch in range(THREAD_FETCHES + 1):
                if not queue:
                    break
                if fetch == THREAD_FETCHES:
                    problems.append(f"Bluesky: the thread of {titles.get(key, key)!r} is too deep; its deepest replies were not collected")
                    break
                uri, answering = queue.pop(0)
                query = {"uri": uri, "depth": THREAD_DEPTH, "parentHeight": 0}
                try:
                    thread = self.call(Request("GET", self.url("app.bsky.feed.getPostThread", query)))["thread"]
                except Refused as refused:
                    gone = "was deleted" if refused.error == "NotFound" else f"could not be read ({refused})"
                    problems.append(f"Bluesky: the post of {titles.get(key, key)!r} ({entry.get('url', '')}) {gone}; its replies were not collected")
                    continue
                if thread.get("$type") != "app.bsky.feed.defs#threadViewPost":
                    problems.append(f"Bluesky: the post of {titles.get(key, key)!r} ({entry.get('url', '')}) is deleted or blocked; its replies were not collected")
                    continue
                hidden += self.walk(thread, answering, ours, replies, queue)
            if hidden:
                problems.append(f"Bluesky: {hidden} reply(ies) to {titles.get(key, key)!r} are deleted or from blocked accounts and were left out")
        return Collected(list(replies.values()), problems)

    def walk(self, node: dict[str, Any], answering: str, ours: dict[str, str], replies: dict[str, Reply], queue: list[tuple[str, str]]) -> int:
        """Collect the replies below `node`; queue nodes whose replies were cut at the depth
        limit; return how many replies were blocked or not found."""
        hidden = 0
        for child in node.get("replies") or []:
            kind = child.get("$type", "")
            if kind != "app.bsky.feed.defs#threadViewPost":
                hidden += 1
                continue
            post = child.get("post", {})
            uri = str(post.get("uri", ""))
            below = ours.get(uri, answering)
            author = post.get("author", {})
            if author.get("did") != self.did and uri not in replies:
                record = post.get("record", {})
                replies[uri] = Reply(
                    platform=self.name, id=uri, url=self.web_url(str(author.get("handle", "")), uri.rsplit("/", 1)[-1]),
                    author=f"@{author.get('handle', 'unknown')}", at=utc_text(str(record.get("createdAt") or post.get("indexedAt", ""))),
                    text=str(record.get("text", "")), answers=answering,
                )
            if "replies" in child:
                hidden += self.walk(child, below, ours, replies, queue)
            elif post.get("replyCount", 0):
                queue.append((uri, below))
        return hidden
