"""Mastodon: post with the card, delete, find a post after a crash, and collect replies.

A post is two requests: `POST /api/v2/media` (the card, with its alt text as
`description`), then `POST /api/v1/statuses` with an `Idempotency-Key` chosen before the
first attempt and kept in the record. Mastodon remembers idempotency keys for about an
hour, so a run that resumes a pending post first looks for it among the account's latest
statuses (a status that links the item and is not older than the pending entry).
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from openbeat.social.errors import Refused, Stop
from openbeat.social.http import Client, Request
from openbeat.social.model import Collected, Post, Reply
from openbeat.social.text import html_to_text, mastodon_text, utc_stamp, utc_text

MEDIA_POLLS = 15  # seconds to wait for Mastodon to process an uploaded card
RECENT = 40  # statuses looked through when resuming a pending post
CLOCK_SKEW = timedelta(minutes=2)


def multipart(fields: dict[str, str], filename: str, data: bytes, mime: str) -> tuple[bytes, str]:
    """A multipart/form-data body with text `fields` and one `file`; (body, Content-Type)."""
    boundary = f"openbeat-{uuid.uuid4().hex}"
    safe_name = "".join(c for c in filename if c.isalnum() or c in "._-") or "card"
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n'
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n".encode() + value.encode("utf-8") + b"\r\n"
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def status_url(status: dict[str, Any]) -> str:
    """A status's web page (url), else its ActivityPub id (uri)."""
    return status.get("url") or status.get("uri", "")


def posted_fields(status: dict[str, Any]) -> dict[str, str]:
    """What the record keeps of a status we posted."""
    return {"id": str(status["id"]), "url": status_url(status)}


class Mastodon:
    name = "mastodon"
    label = "Mastodon"
    shown_auth = "Bearer <MASTODON_TOKEN>"  # what --dry-run prints for the Authorization header

    def __init__(self, base_url: str, token: str, client: Client) -> None:
        self.base = base_url.rstrip("/")
        self.client = client
        self.client.token = token
        self._account: dict[str, Any] | None = None

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    # --- the requests ------------------------------------------------------------------

    def media_request(self, post: Post) -> Request:
        body, content_type = multipart({"description": post.card.alt}, post.card.filename, post.card.data, post.card.mime)
        return Request(
            "POST", self.url("/api/v2/media"), data=body, headers={"Content-Type": content_type},
            summary={"description": post.card.alt, "file": f"{post.card.filename} ({len(post.card.data)} bytes, {post.card.mime})"},
        )

    def status_request(self, post: Post, media_id: str, key: str) -> Request:
        item = post.item
        status: dict[str, Any] = {
            "status": mastodon_text(item.title, item.description, item.link),
            "language": item.lang,
            "media_ids": [media_id],
            "visibility": "public",
        }
        if post.thread is not None:
            status["in_reply_to_id"] = post.thread.parent["id"]
        return Request("POST", self.url("/api/v1/statuses"), json=status, headers={"Idempotency-Key": key})

    def delete_request(self, status_id: str) -> Request:
        return Request("DELETE", self.url(f"/api/v1/statuses/{quote(status_id, safe='')}"))

    # --- posting -----------------------------------------------------------------------

    def pending(self, moment: datetime) -> dict[str, Any]:
        """The pending entry written before the first request: the key that makes a resend safe."""
        return {"state": "pending", "at": utc_stamp(moment), "idempotency_key": uuid.uuid4().hex}

    def plan(self, post: Post, pending: dict[str, Any]) -> list[Request]:
        return [self.media_request(post), self.status_request(post, "<id of the uploaded card>", pending["idempotency_key"])]

    def publish(self, post: Post, pending: dict[str, Any], resume: bool) -> dict[str, Any]:
        """Post; returns the fields of the posted entry (id, url)."""
        if resume:
            found = self.find(post.item.link, pending)
            if found is not None:
                return found
        media = self.client.send(self.media_request(post))
        media_id = str(media.json().get("id", ""))
        if media.status == 202:
            self.wait_for_media(media_id)
        return posted_fields(self.client.send(self.status_request(post, media_id, pending["idempotency_key"])).json())

    def wait_for_media(self, media_id: str) -> None:
        """Mastodon answers 202 while it processes an upload; a status can attach it at 200."""
        for _ in range(MEDIA_POLLS):
            self.client.sleep(1.0)
            answer = self.client.send(Request("GET", self.url(f"/api/v1/media/{quote(media_id, safe='')}")))
            if answer.status == 200:
                return
        raise Stop(f"Mastodon was still processing the card after {MEDIA_POLLS} seconds: run again later", self.label)

    def account(self) -> dict[str, Any]:
        if self._account is None:
            self._account = self.client.send(Request("GET", self.url("/api/v1/accounts/verify_credentials"))).json()
        return self._account

    def find(self, link: str, pending: dict[str, Any]) -> dict[str, Any] | None:
        """Our status linking `link` made since the pending entry was written, if the
        request before a crash went through."""
        since = datetime.fromisoformat(pending["at"]) - CLOCK_SKEW
        account_id = quote(str(self.account()["id"]), safe="")
        statuses = self.client.send(
            Request("GET", self.url(f"/api/v1/accounts/{account_id}/statuses?limit={RECENT}"))
        ).json()
        anchor = f'href="{link}"'
        for status in statuses if isinstance(statuses, list) else []:
            created = datetime.fromisoformat(str(status.get("created_at", "")).replace("Z", "+00:00"))
            if created >= since and anchor in html.unescape(str(status.get("content", ""))):
                return posted_fields(status)
        return None

    # --- deleting ----------------------------------------------------------------------

    def plan_delete(self, entry: dict[str, Any]) -> list[Request]:
        return [self.delete_request(str(entry.get("id", "<the post found after a crash>")))]

    def delete(self, entry: dict[str, Any], link: str) -> None:
        """Delete the post of `entry` (a pending one is looked for first); gone already is fine."""
        if entry.get("state") == "pending":
            found = self.find(link, entry)
            if found is None:
                return
            entry = {**entry, **found}
        try:
            self.client.send(self.delete_request(str(entry["id"])))
        except Refused as refused:
            if refused.status not in (404, 410):
                raise

    # --- listening ---------------------------------------------------------------------

    def collect(self, posts: dict[str, dict[str, Any]], titles: dict[str, str]) -> Collected:
        """The replies to our posts ({record key: entry}); our own statuses are left out.

        `GET /api/v1/statuses/:id/context` has no paging: signed in, it gives up to 4096
        descendants (60 without a token), more than a department's post gets.
        """
        own = str(self.account().get("id", ""))
        host = urlsplit(self.base).hostname or ""
        ours = {str(entry["id"]): key for key, entry in posts.items()}
        replies: dict[str, Reply] = {}
        problems: list[str] = []
        for key, entry in posts.items():
            status_id = quote(str(entry["id"]), safe="")
            try:
                context = self.client.send(Request("GET", self.url(f"/api/v1/statuses/{status_id}/context"))).json()
            except Refused as refused:
                gone = "was deleted or is not visible" if refused.status in (404, 410) else f"could not be read ({refused})"
                problems.append(f"Mastodon: our post of {titles.get(key, key)!r} ({entry.get('url', '')}) {gone}; its replies were not collected")
                continue
            descendants = [s for s in context.get("descendants", []) if isinstance(s, dict)]
            parents = {str(s["id"]): str(s.get("in_reply_to_id") or "") for s in descendants}
            for status in descendants:
                if str(status.get("account", {}).get("id", "")) == own or str(status["id"]) in replies:
                    continue
                replies[str(status["id"])] = Reply(
                    platform=self.name,
                    id=str(status["id"]),
                    url=status_url(status),
                    author=handle(status.get("account", {}), host),
                    at=utc_text(str(status.get("created_at", ""))),
                    text=html_to_text(str(status.get("content", ""))),
                    answers=answered(str(status.get("in_reply_to_id") or ""), parents, ours, key),
                    private=status.get("visibility") in ("private", "direct"),
                )
        return Collected(list(replies.values()), problems)


def handle(account: dict[str, Any], host: str) -> str:
    """@user@instance (Mastodon gives local accounts without their instance)."""
    acct = str(account.get("acct", "")) or "unknown"
    return f"@{acct}" if "@" in acct else f"@{acct}@{host}"


def answered(parent: str, parents: dict[str, str], ours: dict[str, str], fallback: str) -> str:
    """The record key of our nearest post above a status in its thread."""
    seen: set[str] = set()
    while parent and parent not in seen:
        if parent in ours:
            return ours[parent]
        seen.add(parent)
        parent = parents.get(parent, "")
    return fallback
