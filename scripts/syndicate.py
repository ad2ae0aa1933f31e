#!/usr/bin/env python3
"""Post the new items of the built social feed to Mastodon and Bluesky (POSSE).

    .venv/bin/python scripts/syndicate.py output/feeds/social.rss.xml [--dry-run]
    make syndicate

Run it after the site is deployed, so that the links work. Credentials come from
the environment only; a network is used when its variables are set:

    MASTODON_BASE_URL   e.g. https://mastodon.example     MASTODON_TOKEN
    BLUESKY_HANDLE      e.g. millbrookpd.example          BLUESKY_APP_PASSWORD
    BLUESKY_PDS         default https://bsky.social

The state file (--state, default .syndicate-state.json) records every item posted
to every network, so nothing is posted twice. It is written before and after each
post; an item left "pending" by a crash is sent again with the same
Idempotency-Key (Mastodon) or record key (Bluesky), which the network refuses to
duplicate. The first run posts nothing published before --since (default: the
first run marks every item already in the feed as seen). 429 and 5xx answers are retried with back-off; 401 and
403 stop the run with a message saying which credential to check.

Written on the standard library: Mastodon.py and the atproto SDK are large, and
neither gives the control over idempotency keys, record keys and retries needed here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
import unicodedata
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import feedparser

MASTODON_LIMIT = 500
MASTODON_URL_LENGTH = 23  # Mastodon counts every link as 23 characters
BLUESKY_LIMIT = 300  # graphemes
RETRIES = 4
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


class Stop(Exception):
    """The run must stop; the message says why and what to do."""


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    link: str
    teaser: str
    published: datetime
    card_url: str
    card_type: str


@dataclass(frozen=True)
class Card:
    data: bytes
    mime: str
    alt: str


# --- reading the feed ----------------------------------------------------------------


def read_feed(path: str) -> list[Item]:
    """The items of the social feed, oldest first."""
    feed = feedparser.parse(path)
    if feed.bozo and not feed.entries:
        raise Stop(f"{path}: cannot read the feed ({feed.bozo_exception}): run make publish first")
    items = []
    for entry in feed.entries:
        enclosure = (entry.get("enclosures") or [{}])[0]
        items.append(Item(
            guid=entry.id, title=entry.title, link=entry.link, teaser=entry.get("description", ""),
            published=parsedate_to_datetime(entry.published).astimezone(UTC),
            card_url=enclosure.get("href", ""), card_type=enclosure.get("type", "image/jpeg"),
        ))
    return sorted(items, key=lambda i: (i.published, i.guid))


def load_card(item: Item, feed_path: str) -> Card | None:
    """The share card from the built site beside the feed (OUT/feeds/social.rss.xml)."""
    if not item.card_url:
        return None
    site_root = Path(feed_path).resolve().parent.parent
    marker = "/cards/"
    relative = "cards/" + item.card_url.split(marker, 1)[1] if marker in item.card_url else ""
    path = site_root / relative
    if not relative or not path.is_file():
        return None
    return Card(path.read_bytes(), item.card_type, f"Share card: {item.title}")


# --- text within each network's limits ----------------------------------------------


def graphemes(text: str) -> int:
    """User-perceived characters, as Bluesky counts them (combining marks, ZWJ
    sequences, variation selectors, skin tones and flag pairs join the previous one)."""
    count, join_next, regional_open = 0, False, False
    for char in text:
        code = ord(char)
        if join_next or unicodedata.combining(char) or code in (0x200D, 0xFE0E, 0xFE0F) or 0x1F3FB <= code <= 0x1F3FF:
            join_next = code == 0x200D
            continue
        if 0x1F1E6 <= code <= 0x1F1FF:
            if regional_open:
                regional_open = False
                continue
            regional_open = True
        else:
            regional_open = False
        count += 1
    return count


def shorten(text: str, fits) -> str:
    """text, or its longest word-boundary prefix plus … for which fits(prefix) holds."""
    if fits(text):
        return text
    words = text.split(" ")
    while words:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:.-") + "…"
        if fits(candidate):
            return candidate
    return ""


def mastodon_text(item: Item) -> str:
    def length(teaser: str) -> int:
        return len(f"{item.title}\n\n{teaser}\n\n") + MASTODON_URL_LENGTH

    teaser = shorten(item.teaser, lambda t: length(t) <= MASTODON_LIMIT)
    return f"{item.title}\n\n{teaser}\n\n{item.link}" if teaser else f"{item.title}\n\n{item.link}"


def bluesky_text(item: Item) -> str:
    """Title and teaser; the link travels as the external embed card."""
    full = f"{item.title}\n\n{item.teaser}"
    text = shorten(full, lambda t: graphemes(t) <= BLUESKY_LIMIT)
    return text or shorten(item.title, lambda t: graphemes(t) <= BLUESKY_LIMIT)


# --- HTTP -----------------------------------------------------------------------------


def request(method: str, url: str, *, body: bytes | None = None, headers: dict | None = None,
            network: str, sleep=time.sleep) -> dict:
    """JSON request with retries on 429/5xx and network errors; 401/403 stop the run."""
    delay = 1.0
    for attempt in range(RETRIES + 1):
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as response:
                payload = response.read()
                return json.loads(payload) if payload else {}
        except urllib.error.HTTPError as error:
            detail = error.read().decode("utf-8", "replace")[:300]
            if error.code in (401, 403):
                raise Stop(
                    f"{network} refused the credentials ({error.code}): check the {network.upper()}_* "
                    f"environment variables and the token's permissions. Answer: {detail}"
                ) from None
            if error.code == 409 or "already exists" in detail.lower():
                return {"duplicate": True}
            if error.code != 429 and error.code < 500:
                raise Stop(f"{network} rejected the request ({error.code}): {detail}") from None
            wait = float(error.headers.get("Retry-After") or delay) if error.headers else delay
        except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
            wait, detail = delay, str(error)
        if attempt == RETRIES:
            raise Stop(f"{network} kept failing after {RETRIES + 1} tries ({detail}): run again later")
        sleep(min(wait, 60))
        delay *= 2
    raise AssertionError("unreachable")


def multipart(fields: dict[str, str], file_field: str, filename: str, data: bytes, mime: str) -> tuple[bytes, str]:
    boundary = f"openbeat-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- networks ---------------------------------------------------------------------------


def idempotency_key(guid: str) -> str:
    return hashlib.sha256(f"openbeat:{guid}".encode()).hexdigest()[:32]


def record_key(item: Item) -> str:
    """A valid TID for Bluesky, derived from the item alone: a retry reuses it."""
    micros = int(item.published.timestamp() * 1_000_000)
    clock = int(hashlib.sha256(item.guid.encode()).hexdigest(), 16) % 1024
    value = (micros << 10) | clock
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


class Mastodon:
    name = "mastodon"

    def __init__(self, base_url: str, token: str, sleep=time.sleep):
        self.base, self.token, self.sleep = base_url.rstrip("/"), token, sleep

    def payloads(self, item: Item, card: Card | None) -> list[dict]:
        steps = []
        if card:
            steps.append({"POST": "/api/v2/media", "file": f"{len(card.data)} bytes {card.mime}", "description": card.alt})
        steps.append({"POST": "/api/v1/statuses", "Idempotency-Key": idempotency_key(item.guid),
                      "status": mastodon_text(item), "visibility": "public", "media_ids": ["<from the upload>"] if card else []})
        return steps

    def post(self, item: Item, card: Card | None) -> str:
        auth = {"Authorization": f"Bearer {self.token}"}
        media_ids = []
        if card:
            body, content_type = multipart({"description": card.alt}, "file", "card.jpg", card.data, card.mime)
            media = request("POST", f"{self.base}/api/v2/media", body=body,
                            headers={**auth, "Content-Type": content_type}, network=self.name, sleep=self.sleep)
            media_ids.append(media["id"])
        status = {"status": mastodon_text(item), "visibility": "public", "media_ids": media_ids}
        answer = request(
            "POST", f"{self.base}/api/v1/statuses", body=json.dumps(status).encode(),
            headers={**auth, "Content-Type": "application/json", "Idempotency-Key": idempotency_key(item.guid)},
            network=self.name, sleep=self.sleep,
        )
        return answer.get("url", "")


class Bluesky:
    name = "bluesky"

    def __init__(self, pds: str, handle: str, password: str, sleep=time.sleep):
        self.pds, self.handle, self.password, self.sleep = pds.rstrip("/"), handle, password, sleep
        self.session: dict | None = None

    def login(self) -> dict:
        if self.session is None:
            self.session = request(
                "POST", f"{self.pds}/xrpc/com.atproto.server.createSession",
                body=json.dumps({"identifier": self.handle, "password": self.password}).encode(),
                headers={"Content-Type": "application/json"}, network=self.name, sleep=self.sleep,
            )
        return self.session

    def record(self, item: Item, thumb: dict | None) -> dict:
        external = {"uri": item.link, "title": item.title, "description": item.teaser}
        if thumb:
            external["thumb"] = thumb
        return {
            "$type": "app.bsky.feed.post",
            "text": bluesky_text(item),
            "createdAt": item.published.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "embed": {"$type": "app.bsky.embed.external", "external": external},
        }

    def payloads(self, item: Item, card: Card | None) -> list[dict]:
        steps = [{"POST": "/xrpc/com.atproto.server.createSession", "identifier": self.handle}]
        if card:
            steps.append({"POST": "/xrpc/com.atproto.repo.uploadBlob", "file": f"{len(card.data)} bytes {card.mime}"})
        steps.append({"POST": "/xrpc/com.atproto.repo.createRecord", "collection": "app.bsky.feed.post",
                      "rkey": record_key(item), "record": self.record(item, {"blob": "<from the upload>"} if card else None)})
        return steps

    def post(self, item: Item, card: Card | None) -> str:
        session = self.login()
        auth = {"Authorization": f"Bearer {session['accessJwt']}"}
        thumb = None
        if card:
            thumb = request("POST", f"{self.pds}/xrpc/com.atproto.repo.uploadBlob", body=card.data,
                            headers={**auth, "Content-Type": card.mime}, network=self.name, sleep=self.sleep)["blob"]
        body = {"repo": session["did"], "collection": "app.bsky.feed.post", "rkey": record_key(item),
                "record": self.record(item, thumb)}
        answer = request("POST", f"{self.pds}/xrpc/com.atproto.repo.createRecord", body=json.dumps(body).encode(),
                         headers={**auth, "Content-Type": "application/json"}, network=self.name, sleep=self.sleep)
        return answer.get("uri", "already posted" if answer.get("duplicate") else "")


def networks_from_env(environ: dict[str, str], sleep=time.sleep) -> list:
    found = []
    if environ.get("MASTODON_BASE_URL") and environ.get("MASTODON_TOKEN"):
        found.append(Mastodon(environ["MASTODON_BASE_URL"], environ["MASTODON_TOKEN"], sleep))
    if environ.get("BLUESKY_HANDLE") and environ.get("BLUESKY_APP_PASSWORD"):
        found.append(Bluesky(environ.get("BLUESKY_PDS", "https://bsky.social"), environ["BLUESKY_HANDLE"],
                             environ["BLUESKY_APP_PASSWORD"], sleep))
    return found


# --- state --------------------------------------------------------------------------------


def load_state(path: str) -> dict | None:
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def first_state(items: list[Item], networks: list, since: datetime | None) -> dict:
    """The first run posts nothing published before since; without since, nothing at all
    of what is already in the feed (it is marked as seen)."""
    posted = {}
    for network in networks:
        posted[network.name] = {
            item.guid: {"status": "seen on the first run"}
            for item in items if since is None or item.published < since
        }
    return {"posted": posted}


def save_state(path: str, state: dict) -> None:
    """Atomic: a crash leaves the old file or the new one, never half of one."""
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def run(feed_path: str, state_path: str, networks: list, dry_run: bool, since: datetime | None, out=sys.stdout) -> int:
    items = read_feed(feed_path)
    state = load_state(state_path) or first_state(items, networks, since)
    sent = 0
    for network in networks:
        if network.name not in state["posted"]:  # a network added after the first run
            state["posted"].update(first_state(items, [network], since)["posted"])
        done = state["posted"][network.name]
        for item in items:
            if done.get(item.guid, {}).get("status", "pending") != "pending":
                continue
            card = load_card(item, feed_path)
            if dry_run:
                print(json.dumps({"network": network.name, "guid": item.guid, "requests": network.payloads(item, card)},
                                 ensure_ascii=False, indent=1), file=out)
                continue
            done[item.guid] = {"status": "pending"}
            save_state(state_path, state)
            url = network.post(item, card)
            done[item.guid] = {"status": "posted", "url": url, "at": datetime.now(UTC).isoformat()}
            save_state(state_path, state)
            sent += 1
            print(f"{network.name}: posted {item.title} ({url})", file=out)
    if not dry_run:
        save_state(state_path, state)
    print(f"{sent} post(s) sent" + (" (dry run: nothing was sent)" if dry_run else ""), file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("feed", help="the built social feed, e.g. output/feeds/social.rss.xml")
    parser.add_argument("--state", default=".syndicate-state.json", help="the file that records what was posted")
    parser.add_argument("--dry-run", action="store_true", help="print exactly what would be sent; send nothing")
    parser.add_argument("--since", type=lambda s: datetime.fromisoformat(s).replace(tzinfo=UTC),
                        help="first run only: post nothing published before this date (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    networks = networks_from_env(dict(os.environ))
    if not networks:
        print("No network is configured: set MASTODON_BASE_URL and MASTODON_TOKEN, "
              "or BLUESKY_HANDLE and BLUESKY_APP_PASSWORD", file=sys.stderr)
        return 2
    try:
        return run(args.feed, args.state, networks, args.dry_run, args.since)
    except Stop as stop:
        print(f"syndicate: {stop}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
