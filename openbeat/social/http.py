"""One HTTP client for both platforms, on the standard library.

- 429, 5xx and network errors are retried with back-off (1, 2, 4, 8 s); a `Retry-After`
  (seconds or an HTTP date), Bluesky's `RateLimit-Reset` or Mastodon's
  `X-RateLimit-Reset` says how long; a wait longer than `max_wait` (300 s) stops the run
  with a message instead of sleeping.
- 401 and 403 stop the run with a message naming the credentials to check; any other 4xx
  is `Refused` (retrying cannot help).
- Each attempt has a deadline for the whole request (connect, headers and body), on top
  of the socket timeout that bounds each single read.
- Redirects: urllib's default handler would resend the Authorization header to wherever
  a server points. Here a redirect to another origin (scheme, host, port) stops the run;
  a same-origin one is followed for GET, and for 307/308 with the same method and body.
- Credentials (the token, the password, a session token) are removed from any text the
  client puts in an error message, e.g. a server's answer that echoes them.
"""

from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from openbeat.social.errors import Refused, Stop

USER_AGENT = "OpenBeat-syndicate/1 (+https://github.com/open-beat)"
MAX_BODY = 8 * 1024 * 1024  # an API answer larger than this is not an API answer
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Request:
    """What to send. `auth` adds `Authorization: Bearer <the client's token>` at send time,
    so a Request can be printed (--dry-run) without any credential in it."""

    method: str
    url: str
    json: Any = None
    data: bytes | None = None  # a raw body (multipart, image bytes)
    headers: dict[str, str] = field(default_factory=dict)
    auth: bool = True
    summary: dict[str, Any] | None = None  # how to print a raw body (e.g. the multipart fields)

    def body(self) -> bytes | None:
        if self.json is not None:
            return json.dumps(self.json, ensure_ascii=False).encode("utf-8")
        return self.data

    def all_headers(self) -> dict[str, str]:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **self.headers}
        if self.json is not None:
            headers["Content-Type"] = "application/json"
        return headers


def lower_keys(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError:
            return {}


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port or default


def redact(text: str, secrets: Iterable[str]) -> str:
    """`text` with every credential replaced by ***."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


def wait_from_headers(headers: dict[str, str], now: datetime) -> float | None:
    """Seconds the server asks us to wait: Retry-After (seconds or HTTP date), else
    RateLimit-Reset (Bluesky: epoch seconds), else X-RateLimit-Reset (Mastodon: ISO time)."""
    lower = {name.lower(): value.strip() for name, value in headers.items()}
    value = lower.get("retry-after")
    if value:
        if value.isdigit():
            return float(value)
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            moment = None
        if moment is not None:
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            return max(0.0, (moment - now).total_seconds())
    value = lower.get("ratelimit-reset")
    if value and value.isdigit():
        return max(0.0, int(value) - now.timestamp())
    value = lower.get("x-ratelimit-reset")
    if value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - now).total_seconds())
    return None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand every redirect back to the Client, which decides (urllib's own handler would
    forward the Authorization header to any host)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class Transient(Exception):
    """A failure worth retrying (429, 5xx, network); `wait` is what the server asked for."""

    def __init__(self, detail: str, wait: float | None = None) -> None:
        super().__init__(detail)
        self.wait = wait


class Client:
    """Sends Requests to one platform.

    platform: its name in messages ("Mastodon"); credentials: what to check when it refuses
    them (e.g. "MASTODON_TOKEN and MASTODON_BASE_URL"); address: the variable that holds
    its base address (e.g. "MASTODON_BASE_URL").
    `token` is the bearer token Requests with auth=True carry; `secrets` every value that
    must never be printed (the client adds `token` to it when it is set).
    """

    def __init__(
        self,
        platform: str,
        credentials: str,
        address: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
        timeout: float = 20.0,
        deadline: float = 60.0,
        retries: int = 4,
        max_wait: float = 300.0,
    ) -> None:
        self.platform = platform
        self.credentials = credentials
        self.address = address
        self.secrets: set[str] = set()  # what the platform adds (token, password, session tokens): never printed
        self._token = ""
        self.sleep, self.now, self.monotonic = sleep, now, monotonic
        self.timeout, self.deadline, self.retries, self.max_wait = timeout, deadline, retries, max_wait
        self.opener = urllib.request.build_opener(NoRedirect)

    @property
    def token(self) -> str:
        return self._token

    @token.setter
    def token(self, value: str) -> None:
        self._token = value
        if value:
            self.secrets.add(value)

    def clean(self, text: str) -> str:
        return redact(text, self.secrets)

    def send(self, request: Request, *, recover: Callable[[], Any] | None = None) -> Response:
        """The answer to `request` (2xx), after retries.

        recover: called before each retry of a request that may have been carried out
        although its answer was lost; when it returns something, that is the answer
        (e.g. Bluesky's getRecord finding the record a lost createRecord made).
        """
        delay = 1.0
        for attempt in range(self.retries + 1):
            if attempt and recover is not None:
                found = recover()
                if found is not None:
                    return Response(200, {}, json.dumps(found).encode("utf-8"))
            try:
                return self.attempt(request)
            except Transient as failure:
                if attempt == self.retries:
                    raise Stop(
                        f"{self.platform} kept failing after {self.retries + 1} tries ({self.clean(str(failure))}): "
                        "nothing was lost; run again later",
                        self.platform,
                    ) from None
                wait = failure.wait if failure.wait is not None else delay
                if wait > self.max_wait:
                    raise Stop(
                        f"{self.platform} asks to wait {wait:.0f} seconds before the next request (rate limit): "
                        "stopping rather than waiting; run again after that",
                        self.platform,
                    ) from None
                self.sleep(wait)
                delay *= 2
        raise AssertionError("unreachable")

    def attempt(self, request: Request) -> Response:
        """One try, following same-origin redirects."""
        url, method, body = request.url, request.method, request.body()
        for _ in range(MAX_REDIRECTS + 1):
            response = self.exchange(method, url, body, request)
            if response.status not in (301, 302, 303, 307, 308):
                return self.check(response, url)
            location = urljoin(url, response.headers.get("location", ""))
            if not response.headers.get("location"):
                raise Stop(f"{self.platform} answered {method} {urlsplit(url).path} with a {response.status} redirect to nowhere: check {self.address}", self.platform)
            if origin(location) != origin(request.url):
                raise Stop(
                    f"{self.platform} answered {method} {urlsplit(url).path} with a redirect to another address "
                    f"({urlsplit(location).scheme}://{urlsplit(location).netloc}); it was not followed, so the credentials "
                    f"stay with {self.platform}: set {self.address} to the address the server uses",
                    self.platform,
                )
            if response.status in (307, 308) or method in ("GET", "HEAD"):
                url = location
                continue
            raise Stop(
                f"{self.platform} answered {method} {urlsplit(url).path} with a {response.status} redirect, which would "
                f"turn it into a GET: set {self.address} to the address the server uses (no redirect)",
                self.platform,
            )
        raise Stop(f"{self.platform} redirected {request.url} more than {MAX_REDIRECTS} times: check {self.address}", self.platform)

    def exchange(self, method: str, url: str, body: bytes | None, request: Request) -> Response:
        headers = request.all_headers()
        if request.auth and self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        raw = urllib.request.Request(url, data=body, method=method, headers=headers)
        end = self.monotonic() + self.deadline
        try:
            with self.opener.open(raw, timeout=min(self.timeout, self.deadline)) as answer:
                return Response(answer.status, lower_keys(answer.headers.items()), self.read(answer, end))
        except urllib.error.HTTPError as error:
            with error:
                try:
                    data = self.read(error, end)
                except Transient:
                    data = b""
                return Response(error.code, lower_keys(error.headers.items()) if error.headers else {}, data)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            raise Transient(f"{method} {urlsplit(url).path}: {reason}") from None

    def read(self, answer: Any, end: float) -> bytes:
        """The body, one socket read at a time, within the deadline and the size limit."""
        chunks, size = [], 0
        reader = answer.read1 if hasattr(answer, "read1") else answer.read
        while True:
            if self.monotonic() > end:
                raise Transient(f"no complete answer within {self.deadline:.0f} seconds")
            chunk = reader(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_BODY:
                raise Transient(f"an answer larger than {MAX_BODY} bytes")
            chunks.append(chunk)

    def check(self, response: Response, url: str) -> Response:
        """Sort an answer: 2xx back to the caller, the rest into Stop, Refused or Transient."""
        status = response.status
        if 200 <= status < 300:
            return response
        answer = response.json()
        error = answer.get("error", "") if isinstance(answer, dict) else ""
        message = answer.get("message", "") if isinstance(answer, dict) else ""
        detail = self.clean(" ".join(str(p) for p in (error, message) if p) or response.body[:300].decode("utf-8", "replace"))
        path = urlsplit(url).path
        if status in (401, 403):
            raise Stop(
                f"{self.platform} refused the credentials ({status} on {path}: {detail}): check {self.credentials}",
                self.platform,
            )
        if status == 429 or status >= 500:
            raise Transient(f"{status} on {path}: {detail}", wait_from_headers(response.headers, self.now()))
        raise Refused(f"{self.platform} refused {path} ({status}): {detail}", status, str(error))
