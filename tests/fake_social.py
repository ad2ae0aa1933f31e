"""A local Mastodon + Bluesky that checks requests as strictly as the real services, and a
builder of social feeds (docs/social-feed.md) with their card files.

`FakeSocial` serves, on 127.0.0.1 and a free port, every endpoint Open Beat uses:

- Mastodon: POST /api/v2/media (multipart), GET /api/v1/media/:id, POST /api/v1/statuses
  (Idempotency-Key: a repeated key gives back the same status), DELETE /api/v1/statuses/:id,
  GET /api/v1/statuses/:id/context (60 descendants at most without a token, as Mastodon),
  GET /api/v1/accounts/verify_credentials, GET /api/v1/accounts/:id/statuses.
- Bluesky (one PDS that also answers for the AppView): createSession, uploadBlob,
  createRecord (a valid app.bsky.feed.post: known fields only, 300 characters, facets whose
  byte ranges hold exactly their hashtag or link, a thumb that was uploaded, reply refs
  that exist; an existing rkey gives the 500 the real PDS gives), getRecord, deleteRecord
  (a no-op for a missing record, as the PDS), app.bsky.feed.getPostThread (replies cut at
  `depth`, blocked and deleted replies as the AppView shows them).

Tests script it: `fail()` (an error before or after the request is carried out, or a
dropped connection), `redirect()`, `hold()` (the answer waits while the test kills the
client), `mastodon_reply()` / `bluesky_reply()` (residents answer), and read `requests`.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import threading
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import policy
from email.parser import BytesParser
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image

SITE = "https://police.example.gov"
MASTODON_TOKEN = "mastodon-secret-token-4f9a"
BLUESKY_HANDLE = "millbrookpd.test"
BLUESKY_DID = "did:plc:millbrookpd"
BLUESKY_PASSWORD = "abcd-efgh-ijkl-mnop"
TID = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
URL = re.compile(r"https?://[^\s<>\"]+")
POST_FIELDS = {"$type", "text", "createdAt", "langs", "facets", "embed", "reply", "tags", "labels"}
EXTERNAL_FIELDS = {"uri", "title", "description", "thumb"}


class Answer(Exception):
    """An HTTP answer other than the normal one, raised from a route."""

    def __init__(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(status)
        self.status, self.payload, self.headers = status, payload, headers or {}


@dataclass
class Seen:
    """One request as the fake received it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), "")

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass
class Failure:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    after: bool = False  # carry the request out, then fail (the answer is lost)
    drop: bool = False  # close the connection without an answer


class Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass

    def do_GET(self) -> None:
        self.server.fake.handle(self)

    def do_POST(self) -> None:
        self.server.fake.handle(self)

    def do_DELETE(self) -> None:
        self.server.fake.handle(self)


def mastodon_html(text: str) -> str:
    """Status text as Mastodon renders it: paragraphs, line breaks, links."""
    root = ET.Element("div")
    for paragraph in text.split("\n\n"):
        p = ET.SubElement(root, "p")
        last: ET.Element | None = None
        for line_number, line in enumerate(paragraph.split("\n")):
            if line_number:
                last = ET.SubElement(p, "br")
            position = 0
            for match in URL.finditer(line):
                append_text(p, last, line[position:match.start()])
                scheme, rest = match.group().split("://", 1)
                last = ET.SubElement(p, "a", {"href": match.group(), "target": "_blank", "rel": "nofollow noopener"})
                ET.SubElement(last, "span", {"class": "invisible"}).text = scheme + "://"
                ET.SubElement(last, "span", {"class": ""}).text = rest
                position = match.end()
            append_text(p, last, line[position:])
    return "".join(ET.tostring(child, encoding="unicode", method="html") for child in root)


def append_text(parent: ET.Element, last: ET.Element | None, text: str) -> None:
    """Text after `last` (ElementTree keeps it as the tail of the element before it)."""
    if last is None:
        parent.text = (parent.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def cid_of(data: bytes) -> str:
    return "bafyrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")[:52]


class FakeSocial:
    """The fake server; `start()` it, `close()` it (the fixture does both)."""

    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.fake = self
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.lock = threading.RLock()
        self.requests: list[Seen] = []
        self.failures: dict[str, list[Failure]] = {}
        self.redirects: dict[str, tuple[int, str]] = {}
        self.holds: set[str] = set()
        self.reached = threading.Event()
        self.release = threading.Event()
        self.clock = datetime.now(UTC).replace(microsecond=0)
        self.counter = 110000
        # Mastodon
        self.account = {"id": "1", "username": "millbrookpd", "acct": "millbrookpd"}
        self.statuses: dict[str, dict[str, Any]] = {}
        self.deleted_statuses: list[str] = []
        self.idempotency: dict[str, str] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.media_async = False
        # Bluesky
        self.sessions: set[str] = set()
        self.expired: set[str] = set()
        self.blobs: dict[str, dict[str, Any]] = {}
        self.records: dict[str, dict[str, Any]] = {}  # at:// URI -> {uri, cid, value, did, handle}
        self.deleted_records: list[str] = []
        self.blocked: set[str] = set()
        self.handles = {BLUESKY_DID: BLUESKY_HANDLE}

    # --- running -------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> FakeSocial:
        self.thread.start()
        return self

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)

    def env(self, mastodon: bool = True, bluesky: bool = True) -> dict[str, str]:
        """The environment variables that point Open Beat at this fake."""
        env = {}
        if mastodon:
            env |= {"MASTODON_BASE_URL": self.base, "MASTODON_TOKEN": MASTODON_TOKEN}
        if bluesky:
            env |= {"BLUESKY_HANDLE": BLUESKY_HANDLE, "BLUESKY_APP_PASSWORD": BLUESKY_PASSWORD, "BLUESKY_PDS": self.base}
        return env

    def tick(self) -> datetime:
        self.clock += timedelta(seconds=1)
        return self.clock

    def next_id(self) -> str:
        self.counter += 1
        return str(self.counter)

    # --- scripting -----------------------------------------------------------------------

    def fail(self, path: str, status: int = 500, *, times: int = 1, headers: dict[str, str] | None = None,
             body: Any = None, after: bool = False, drop: bool = False) -> None:
        with self.lock:
            self.failures.setdefault(path, []).extend(
                Failure(status, headers or {}, body, after, drop) for _ in range(times)
            )

    def redirect(self, path: str, location: str, status: int = 307) -> None:
        self.redirects[path] = (status, location)

    def hold(self, path: str) -> None:
        """Carry the next request to `path` out, signal `reached`, answer once `release` is set."""
        self.holds.add(path)

    def seen(self, path: str, method: str | None = None) -> list[Seen]:
        return [r for r in self.requests if r.path == path and (method is None or r.method == method)]

    def own_statuses(self) -> list[dict[str, Any]]:
        return [s for s in self.statuses.values() if s["account"]["id"] == self.account["id"]]

    def own_records(self) -> list[dict[str, Any]]:
        return [r for r in self.records.values() if r["did"] == BLUESKY_DID]

    def mastodon_reply(self, parent_id: str, text: str, acct: str = "resident@town.example",
                       visibility: str = "public") -> str:
        """A resident's (or, with acct="millbrookpd", our own) reply to a status."""
        with self.lock:
            account = self.account if acct == self.account["acct"] else {
                "id": str(int(hashlib.sha256(acct.encode()).hexdigest()[:8], 16) + 1000), "username": acct.split("@")[0], "acct": acct,
            }
            return self.new_status(account, text, parent_id, visibility, "en", [])["id"]

    def bluesky_reply(self, parent_uri: str, text: str, handle: str = "resident.test", blocked: bool = False) -> str:
        """A resident's (or, with handle=BLUESKY_HANDLE, our own) reply to a post."""
        with self.lock:
            did = BLUESKY_DID if handle == BLUESKY_HANDLE else f"did:plc:{hashlib.sha256(handle.encode()).hexdigest()[:16]}"
            self.handles[did] = handle
            parent = self.records[parent_uri]
            root = parent["value"].get("reply", {}).get("root") or {"uri": parent["uri"], "cid": parent["cid"]}
            rkey = f"3l{self.next_id()}aaaaaa"[:13]
            value = {
                "$type": "app.bsky.feed.post", "text": text, "createdAt": self.tick().isoformat().replace("+00:00", "Z"),
                "reply": {"root": root, "parent": {"uri": parent["uri"], "cid": parent["cid"]}},
            }
            uri = self.store_record(did, rkey, value)
            if blocked:
                self.blocked.add(uri)
            return uri

    def delete_bluesky(self, uri: str) -> None:
        with self.lock:
            self.records.pop(uri, None)

    # --- the exchange ----------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        seen = Seen(handler.command, parts.path, parse_qs(parts.query), dict(handler.headers.items()), body)
        with self.lock:
            self.requests.append(seen)
            redirect = self.redirects.pop(parts.path, None)
            queue = self.failures.get(parts.path) or []
            failure = queue.pop(0) if queue else None
            hold = parts.path in self.holds
            self.holds.discard(parts.path)
        if redirect is not None:
            self.send(handler, redirect[0], {}, {"Location": redirect[1]})
            return
        if failure is not None and not failure.after and not failure.drop:
            self.send(handler, failure.status, failure.body or {"error": "injected failure"}, failure.headers)
            return
        try:
            with self.lock:
                status, payload = self.route(seen)
            headers: dict[str, str] = {}
        except Answer as answer:
            status, payload, headers = answer.status, answer.payload, answer.headers
        if hold:
            self.reached.set()
            self.release.wait(timeout=60)
        if failure is not None and failure.drop:
            handler.close_connection = True
            return
        if failure is not None:
            self.send(handler, failure.status, failure.body or {"error": "injected failure"}, failure.headers)
            return
        self.send(handler, status, payload, headers)

    @staticmethod
    def send(handler: BaseHTTPRequestHandler, status: int, payload: Any, headers: dict[str, str]) -> None:
        data = json.dumps(payload).encode() if payload is not None else b""
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def route(self, seen: Seen) -> tuple[int, Any]:
        routes = [
            ("POST", r"/api/v2/media", self.post_media),
            ("GET", r"/api/v1/media/(\w+)", self.get_media),
            ("POST", r"/api/v1/statuses", self.post_status),
            ("DELETE", r"/api/v1/statuses/(\w+)", self.delete_status),
            ("GET", r"/api/v1/statuses/(\w+)/context", self.context),
            ("GET", r"/api/v1/accounts/verify_credentials", self.verify_credentials),
            ("GET", r"/api/v1/accounts/(\w+)/statuses", self.account_statuses),
            ("POST", r"/xrpc/com.atproto.server.createSession", self.create_session),
            ("POST", r"/xrpc/com.atproto.repo.uploadBlob", self.upload_blob),
            ("POST", r"/xrpc/com.atproto.repo.createRecord", self.create_record),
            ("GET", r"/xrpc/com.atproto.repo.getRecord", self.get_record),
            ("POST", r"/xrpc/com.atproto.repo.deleteRecord", self.delete_record),
            ("GET", r"/xrpc/app.bsky.feed.getPostThread", self.get_post_thread),
        ]
        for method, pattern, function in routes:
            match = re.fullmatch(pattern, seen.path)
            if match and seen.method == method:
                return function(seen, *match.groups())
        if seen.path.startswith("/xrpc/"):
            raise Answer(501, {"error": "MethodNotImplemented", "message": "Method Not Implemented"})
        raise Answer(404, {"error": "Record not found"})

    # --- Mastodon --------------------------------------------------------------------------

    def mastodon_auth(self, seen: Seen, required: bool = True) -> bool:
        value = seen.header("Authorization")
        if value == f"Bearer {MASTODON_TOKEN}":
            return True
        if required or value:
            raise Answer(401, {"error": "The access token is invalid"})
        return False

    def post_media(self, seen: Seen) -> tuple[int, Any]:
        self.mastodon_auth(seen)
        content_type = seen.header("Content-Type")
        if not content_type.startswith("multipart/form-data"):
            raise Answer(422, {"error": "Validation failed: File can't be blank"})
        message = BytesParser(policy=policy.HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + seen.body)
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_content_type(), part.get_payload(decode=True))
        if "file" not in fields:
            raise Answer(422, {"error": "Validation failed: File can't be blank"})
        mime, data = fields["file"]
        if mime not in ("image/jpeg", "image/png") or not (data.startswith(b"\xff\xd8") or data.startswith(b"\x89PNG")):
            raise Answer(422, {"error": "Validation failed: File content type is invalid"})
        description = fields.get("description", ("", b""))[1].decode("utf-8")
        if len(description) > 1500:
            raise Answer(422, {"error": "Validation failed: Description is too long (maximum is 1500 characters)"})
        media_id = self.next_id()
        self.media[media_id] = {"description": description, "mime": mime, "size": len(data), "ready": not self.media_async, "used": False}
        answer = {"id": media_id, "type": "image", "url": None if self.media_async else f"{self.base}/media/{media_id}.jpg", "description": description}
        return (202 if self.media_async else 200), answer

    def get_media(self, seen: Seen, media_id: str) -> tuple[int, Any]:
        self.mastodon_auth(seen)
        media = self.media.get(media_id)
        if media is None:
            raise Answer(404, {"error": "Record not found"})
        if not media["ready"]:
            media["ready"] = True
            return 206, {"id": media_id, "url": None}
        return 200, {"id": media_id, "url": f"{self.base}/media/{media_id}.jpg"}

    def post_status(self, seen: Seen) -> tuple[int, Any]:
        self.mastodon_auth(seen)
        key = seen.header("Idempotency-Key")
        if key and key in self.idempotency:
            return 200, self.statuses.get(self.idempotency[key]) or self.deleted_view(self.idempotency[key])
        if not seen.header("Content-Type").startswith("application/json"):
            raise Answer(422, {"error": "Validation failed: Text can't be blank"})
        params = seen.json()
        if not isinstance(params, dict):
            raise Answer(400, {"error": "Malformed JSON"})
        text, media_ids = params.get("status", ""), params.get("media_ids", [])
        if not isinstance(text, str) or (not text.strip() and not media_ids):
            raise Answer(422, {"error": "Validation failed: Text can't be blank"})
        if len(URL.sub("x" * 23, text)) > 500:
            raise Answer(422, {"error": "Validation failed: Text character limit of 500 exceeded"})
        if not isinstance(media_ids, list) or any(m not in self.media or self.media[m]["used"] for m in media_ids):
            raise Answer(422, {"error": "Validation failed: Media attachments are invalid"})
        if any(not self.media[m]["ready"] for m in media_ids):
            raise Answer(422, {"error": "Cannot attach files that have not finished processing. Try again in a moment!"})
        if params.get("visibility", "public") not in ("public", "unlisted", "private", "direct"):
            raise Answer(422, {"error": "Validation failed: Visibility is not included in the list"})
        language = params.get("language")
        if language is not None and not re.fullmatch(r"[a-z]{2,3}", str(language)):
            raise Answer(422, {"error": "Validation failed: Language is not a valid language"})
        reply_to = params.get("in_reply_to_id")
        if reply_to is not None and reply_to not in self.statuses:
            raise Answer(404, {"error": "Record not found"})
        unknown = set(params) - {"status", "media_ids", "visibility", "language", "in_reply_to_id", "sensitive", "spoiler_text"}
        if unknown:
            raise Answer(422, {"error": f"unknown parameters {sorted(unknown)}"})
        for media_id in media_ids:
            self.media[media_id]["used"] = True
        status = self.new_status(self.account, text, reply_to, params.get("visibility", "public"), language, media_ids)
        if key:
            self.idempotency[key] = status["id"]
        return 200, status

    def new_status(self, account: dict[str, str], text: str, reply_to: str | None, visibility: str,
                   language: str | None, media_ids: list[str]) -> dict[str, Any]:
        status_id = self.next_id()
        status = {
            "id": status_id, "created_at": self.tick().isoformat().replace("+00:00", "Z"),
            "in_reply_to_id": reply_to, "visibility": visibility, "language": language,
            "url": f"{self.base}/@{account['acct']}/{status_id}", "uri": f"{self.base}/users/{account['username']}/statuses/{status_id}",
            "content": mastodon_html(text), "text_source": text, "account": account,
            "media_attachments": [{"id": m, "description": self.media[m]["description"]} for m in media_ids],
        }
        self.statuses[status_id] = status
        return status

    def deleted_view(self, status_id: str) -> dict[str, Any]:
        return {"id": status_id, "url": f"{self.base}/@millbrookpd/{status_id}"}

    def delete_status(self, seen: Seen, status_id: str) -> tuple[int, Any]:
        self.mastodon_auth(seen)
        status = self.statuses.get(status_id)
        if status is None or status["account"]["id"] != self.account["id"]:
            raise Answer(404, {"error": "Record not found"})
        del self.statuses[status_id]
        self.deleted_statuses.append(status_id)
        return 200, {**status, "text": status["text_source"]}

    def context(self, seen: Seen, status_id: str) -> tuple[int, Any]:
        signed_in = self.mastodon_auth(seen, required=False)
        if status_id not in self.statuses:
            raise Answer(404, {"error": "Record not found"})
        descendants: list[dict[str, Any]] = []

        def below(parent: str) -> None:
            for status in sorted(self.statuses.values(), key=lambda s: int(s["id"])):
                if status["in_reply_to_id"] == parent:
                    if status["visibility"] in ("private", "direct") and not signed_in:
                        continue
                    descendants.append(status)
                    below(status["id"])

        below(status_id)
        return 200, {"ancestors": [], "descendants": descendants if signed_in else descendants[:60]}

    def verify_credentials(self, seen: Seen) -> tuple[int, Any]:
        self.mastodon_auth(seen)
        return 200, self.account

    def account_statuses(self, seen: Seen, account_id: str) -> tuple[int, Any]:
        self.mastodon_auth(seen, required=False)
        limit = min(int(seen.query.get("limit", ["20"])[0]), 40)
        mine = sorted((s for s in self.statuses.values() if s["account"]["id"] == account_id), key=lambda s: -int(s["id"]))
        return 200, mine[:limit]

    # --- Bluesky ---------------------------------------------------------------------------

    def bluesky_auth(self, seen: Seen) -> None:
        value = seen.header("Authorization")
        token = value.removeprefix("Bearer ")
        if token in self.expired:
            raise Answer(400, {"error": "ExpiredToken", "message": "Token has expired"})
        if not value.startswith("Bearer ") or token not in self.sessions:
            raise Answer(401, {"error": "AuthenticationRequired", "message": "Authentication Required"})

    def expire_sessions(self) -> None:
        with self.lock:
            self.expired |= self.sessions
            self.sessions = set()

    def body_json(self, seen: Seen) -> dict[str, Any]:
        if not seen.header("Content-Type").startswith("application/json"):
            raise Answer(400, {"error": "InvalidRequest", "message": "Wrong request encoding (Content-Type): expected application/json"})
        try:
            data = seen.json()
        except ValueError:
            raise Answer(400, {"error": "InvalidRequest", "message": "Request body is not valid JSON"}) from None
        if not isinstance(data, dict):
            raise Answer(400, {"error": "InvalidRequest", "message": "Input must be an object"})
        return data

    def create_session(self, seen: Seen) -> tuple[int, Any]:
        data = self.body_json(seen)
        if data.get("identifier") not in (BLUESKY_HANDLE, BLUESKY_DID) or data.get("password") != BLUESKY_PASSWORD:
            raise Answer(401, {"error": "AuthenticationRequired", "message": "Invalid identifier or password"})
        token = f"jwt-{uuid.uuid4().hex}"
        self.sessions.add(token)
        return 200, {"accessJwt": token, "refreshJwt": f"refresh-{uuid.uuid4().hex}", "handle": BLUESKY_HANDLE, "did": BLUESKY_DID, "active": True}

    def upload_blob(self, seen: Seen) -> tuple[int, Any]:
        self.bluesky_auth(seen)
        mime = seen.header("Content-Type")
        if not mime.startswith("image/") or not seen.body:
            raise Answer(400, {"error": "InvalidRequest", "message": "Blob must be an image with its Content-Type"})
        cid = cid_of(seen.body)
        self.blobs[cid] = {"mimeType": mime, "size": len(seen.body)}
        return 200, {"blob": {"$type": "blob", "ref": {"$link": cid}, "mimeType": mime, "size": len(seen.body)}}

    def create_record(self, seen: Seen) -> tuple[int, Any]:
        self.bluesky_auth(seen)
        data = self.body_json(seen)
        if data.get("repo") not in (BLUESKY_DID, BLUESKY_HANDLE):
            raise Answer(400, {"error": "InvalidRequest", "message": f"Could not find repo: {data.get('repo')}"})
        if data.get("collection") != "app.bsky.feed.post":
            raise Answer(400, {"error": "InvalidRequest", "message": "Invalid collection"})
        rkey = data.get("rkey") or f"3l{self.next_id()}bbbbbb"[:13]
        if not TID.match(rkey):
            raise Answer(400, {"error": "InvalidRequest", "message": f"Invalid record key: {rkey} is not a TID"})
        problem = self.check_post(data.get("record"))
        if problem:
            raise Answer(400, {"error": "InvalidRequest", "message": f"Invalid app.bsky.feed.post record: {problem}"})
        uri = f"at://{BLUESKY_DID}/app.bsky.feed.post/{rkey}"
        if uri in self.records:
            # What the real PDS answers (bluesky-social/atproto#3718): no proper error.
            raise Answer(500, {"error": "InternalServerError", "message": "Internal Server Error"})
        self.store_record(BLUESKY_DID, rkey, data["record"])
        record = self.records[uri]
        return 200, {"uri": uri, "cid": record["cid"], "commit": {"cid": cid_of(uri.encode()), "rev": rkey}, "validationStatus": "valid"}

    def store_record(self, did: str, rkey: str, value: dict[str, Any]) -> str:
        uri = f"at://{did}/app.bsky.feed.post/{rkey}"
        self.records[uri] = {"uri": uri, "cid": cid_of(json.dumps(value, sort_keys=True).encode()), "value": value, "did": did,
                             "indexedAt": self.tick().isoformat().replace("+00:00", "Z")}
        return uri

    def check_post(self, record: Any) -> str:
        """What is wrong with an app.bsky.feed.post record ("" when nothing)."""
        if not isinstance(record, dict) or record.get("$type") != "app.bsky.feed.post":
            return "$type must be app.bsky.feed.post"
        if set(record) - POST_FIELDS:
            return f"unknown fields {sorted(set(record) - POST_FIELDS)}"
        text = record.get("text")
        if not isinstance(text, str) or len(text) > 300 or len(text.encode()) > 3000:
            return "text must be a string of at most 300 graphemes"
        try:
            created = datetime.fromisoformat(str(record.get("createdAt", "")).replace("Z", "+00:00"))
        except ValueError:
            return "createdAt must be a datetime"
        if created.tzinfo is None:
            return "createdAt must carry a time zone"
        langs = record.get("langs", [])
        if not isinstance(langs, list) or len(langs) > 3 or not all(re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", str(x)) for x in langs):
            return "langs must be at most 3 language tags"
        data = text.encode("utf-8")
        for facet in record.get("facets", []):
            index = facet.get("index", {})
            start, end = index.get("byteStart"), index.get("byteEnd")
            if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(data):
                return f"facet byte range {start}-{end} is not within the text ({len(data)} bytes)"
            try:
                covered = data[start:end].decode("utf-8")
            except UnicodeDecodeError:
                return f"facet byte range {start}-{end} cuts a character"
            features = facet.get("features")
            if not isinstance(features, list) or not features:
                return "a facet needs features"
            for feature in features:
                kind = feature.get("$type")
                if kind == "app.bsky.richtext.facet#tag":
                    if covered != "#" + feature.get("tag", "") or len(feature["tag"]) > 64:
                        return f"tag facet {feature.get('tag')!r} covers {covered!r}"
                elif kind == "app.bsky.richtext.facet#link":
                    if covered != feature.get("uri"):
                        return f"link facet {feature.get('uri')!r} covers {covered!r}"
                else:
                    return f"unknown facet feature {kind}"
        embed = record.get("embed")
        if embed is not None:
            if embed.get("$type") != "app.bsky.embed.external" or set(embed) != {"$type", "external"}:
                return "embed must be an app.bsky.embed.external"
            external = embed["external"]
            if set(external) - EXTERNAL_FIELDS or not {"uri", "title", "description"} <= set(external):
                return f"external needs uri, title, description (and thumb) only, got {sorted(external)}"
            if not str(external["uri"]).startswith(("https://", "http://")):
                return "external.uri must be a URI"
            thumb = external.get("thumb")
            if thumb is not None:
                stored = self.blobs.get(thumb.get("ref", {}).get("$link", ""))
                if thumb.get("$type") != "blob" or stored is None or stored != {"mimeType": thumb.get("mimeType"), "size": thumb.get("size")}:
                    return "thumb must be a blob uploaded with uploadBlob"
                if not stored["mimeType"].startswith("image/") or stored["size"] > 1_000_000:
                    return "thumb must be an image of at most 1000000 bytes"
        reply = record.get("reply")
        if reply is not None:
            for end_name in ("root", "parent"):
                ref = reply.get(end_name) or {}
                target = self.records.get(ref.get("uri", ""))
                if target is None or target["cid"] != ref.get("cid"):
                    return f"reply.{end_name} must be a strong reference (uri and cid) to an existing post"
        return ""

    def get_record(self, seen: Seen) -> tuple[int, Any]:
        repo, collection, rkey = (seen.query.get(name, [""])[0] for name in ("repo", "collection", "rkey"))
        did = BLUESKY_DID if repo == BLUESKY_HANDLE else repo
        uri = f"at://{did}/{collection}/{rkey}"
        record = self.records.get(uri)
        if record is None:
            raise Answer(400, {"error": "RecordNotFound", "message": f"Could not locate record: {uri}"})
        return 200, {"uri": uri, "cid": record["cid"], "value": record["value"]}

    def delete_record(self, seen: Seen) -> tuple[int, Any]:
        self.bluesky_auth(seen)
        data = self.body_json(seen)
        if data.get("repo") not in (BLUESKY_DID, BLUESKY_HANDLE) or data.get("collection") != "app.bsky.feed.post" or not data.get("rkey"):
            raise Answer(400, {"error": "InvalidRequest", "message": "repo, collection and rkey are required"})
        uri = f"at://{BLUESKY_DID}/app.bsky.feed.post/{data['rkey']}"
        if uri not in self.records:
            return 200, {}
        del self.records[uri]
        self.deleted_records.append(uri)
        return 200, {"commit": {"cid": cid_of(uri.encode()), "rev": "x"}}

    def get_post_thread(self, seen: Seen) -> tuple[int, Any]:
        self.bluesky_auth(seen)
        uri = seen.query.get("uri", [""])[0]
        depth = int(seen.query.get("depth", ["6"])[0])
        if not 0 <= depth <= 1000:
            raise Answer(400, {"error": "InvalidRequest", "message": "depth must be between 0 and 1000"})
        if uri not in self.records:
            raise Answer(400, {"error": "NotFound", "message": f"Post not found: {uri}"})
        return 200, {"thread": self.thread_view(uri, depth)}

    def thread_view(self, uri: str, depth: int) -> dict[str, Any]:
        record = self.records[uri]
        if uri in self.blocked:
            return {"$type": "app.bsky.feed.defs#blockedPost", "uri": uri, "blocked": True, "author": {"did": record["did"]}}
        children = [r for r in self.records.values() if r["value"].get("reply", {}).get("parent", {}).get("uri") == uri]
        view: dict[str, Any] = {
            "$type": "app.bsky.feed.defs#threadViewPost",
            "post": {
                "uri": uri, "cid": record["cid"], "record": record["value"], "indexedAt": record["indexedAt"],
                "author": {"did": record["did"], "handle": self.handles.get(record["did"], "unknown.test")},
                "replyCount": len(children),
            },
        }
        if depth > 0:
            view["replies"] = [self.thread_view(child["uri"], depth - 1) for child in children]
        return view


# --- social feeds -------------------------------------------------------------------------

MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
ATOM_NS = "http://www.w3.org/2005/Atom"
ET.register_namespace("media", MEDIA_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("atom", ATOM_NS)
_CARD: list[bytes] = []


def card_bytes() -> bytes:
    """A real 1200x630 JPEG, made once."""
    if not _CARD:
        buffer = io.BytesIO()
        Image.new("RGB", (1200, 630), (20, 60, 110)).save(buffer, "JPEG", quality=80)
        _CARD.append(buffer.getvalue())
    return _CARD[0]


@dataclass(frozen=True)
class FeedItem:
    """One item of a test social feed (see docs/social-feed.md)."""

    guid: str
    title: str
    link: str
    description: str
    published: datetime
    lang: str = "en"
    kind: str = "stories"
    resolved: bool = False
    card: str = "cards/stories/card.4f2a9c1b.jpg"  # path in OUT
    alt: str = "Share card: the title on the department's colours"
    card_missing: bool = False


def item(slug: str, day: int, *, title: str = "", teaser: str = "", kind: str = "stories", lang: str = "en",
         resolved: bool = False, hour: int = 9, card_missing: bool = False, alt: str = "") -> FeedItem:
    """A post published on 2026-05-DAY at HOUR:00 UTC."""
    title = title or slug.replace("-", " ").capitalize()
    return FeedItem(
        guid=f"tag:police.example.gov,2026:urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, slug)}",
        title=title,
        link=f"{SITE}/{'es/' if lang == 'es' else ''}{kind}/{slug}/",
        description=f"{teaser or title + ': what happened and what to do.'} #MillbrookPD",
        published=datetime(2026, 5, day, hour, tzinfo=UTC),
        lang=lang, kind=kind, resolved=resolved,
        card=f"cards/{kind}/{slug}.{hashlib.sha256(slug.encode()).hexdigest()[:8]}.jpg",
        alt=alt or f"Share card: {title}",
        card_missing=card_missing,
    )


def update(parent: FeedItem, stamp: str, teaser: str) -> FeedItem:
    """An update of `parent` at STAMP (YYYYMMDDHHMM, UTC here)."""
    moment = datetime.strptime(stamp, "%Y%m%d%H%M").replace(tzinfo=UTC)
    return FeedItem(
        guid=f"{parent.guid}#update-{stamp}", title=f"Update: {parent.title}", link=f"{parent.link}#update-{stamp}",
        description=f"{teaser} #MillbrookPD", published=moment, lang=parent.lang, kind=parent.kind,
        card=parent.card, alt=parent.alt,
    )


def resolved(appeal: FeedItem, outcome: str) -> FeedItem:
    """The same appeal, resolved: the Outcome replaces the teaser, the card has no photo."""
    return FeedItem(
        guid=appeal.guid, title=appeal.title, link=appeal.link, description=f"{outcome} #MillbrookPD",
        published=appeal.published, lang=appeal.lang, kind=appeal.kind, resolved=True,
        card=appeal.card.replace(".jpg", ".resolved.jpg"), alt=f"Share card: {appeal.title}, resolved",
    )


def write_feed(out: Path, items: list[FeedItem], site: str = SITE) -> Path:
    """OUT/feeds/social.rss.xml with `items` (newest first, at most 50) and their card files."""
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = "Millbrook Police Department"
    ET.SubElement(channel, "link").text = site + "/"
    ET.SubElement(channel, "description").text = "Posts for social accounts"
    ET.SubElement(channel, f"{{{ATOM_NS}}}link", {"href": f"{site}/feeds/social.rss.xml", "rel": "self", "type": "application/rss+xml"})
    for entry in sorted(items, key=lambda i: i.published, reverse=True)[:50]:
        element = ET.SubElement(channel, "item")
        ET.SubElement(element, "title").text = entry.title
        ET.SubElement(element, "link").text = entry.link
        ET.SubElement(element, "description").text = entry.description
        ET.SubElement(element, "guid", {"isPermaLink": "false"}).text = entry.guid
        ET.SubElement(element, "pubDate").text = format_datetime(entry.published, usegmt=True)
        ET.SubElement(element, f"{{{DC_NS}}}language").text = entry.lang
        ET.SubElement(element, "category", {"domain": "openbeat:type"}).text = entry.kind
        if entry.resolved:
            ET.SubElement(element, "category", {"domain": "openbeat:state"}).text = "resolved"
        data = card_bytes()
        url = f"{site}/{entry.card}"
        ET.SubElement(element, "enclosure", {"url": url, "length": str(len(data)), "type": "image/jpeg"})
        media = ET.SubElement(element, f"{{{MEDIA_NS}}}content", {
            "url": url, "type": "image/jpeg", "medium": "image", "width": "1200", "height": "630", "fileSize": str(len(data)),
        })
        ET.SubElement(media, f"{{{MEDIA_NS}}}description", {"type": "plain"}).text = entry.alt
        if not entry.card_missing:
            card = out / entry.card
            card.parent.mkdir(parents=True, exist_ok=True)
            card.write_bytes(data)
    path = out / "feeds" / "social.rss.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(rss).write(path, encoding="utf-8", xml_declaration=True)
    return path
