"""The platforms the environment configures, each with its own HTTP client.

    MASTODON_BASE_URL + MASTODON_TOKEN
    BLUESKY_HANDLE + BLUESKY_APP_PASSWORD (+ BLUESKY_PDS, default https://bsky.social)

A platform with only half of its variables set is an error, not silently skipped.
Credentials are sent over https only (http is accepted for this machine, for tests).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit

from openbeat.social.bluesky import Bluesky
from openbeat.social.errors import ConfigError
from openbeat.social.http import Client
from openbeat.social.mastodon import Mastodon

Platform = Mastodon | Bluesky
DEFAULT_PDS = "https://bsky.social"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
MASTODON_CREDENTIALS = (
    "MASTODON_TOKEN (an access token of the department's account, with the scopes write:statuses, "
    "write:media and read) and MASTODON_BASE_URL"
)
BLUESKY_CREDENTIALS = (
    "BLUESKY_HANDLE and BLUESKY_APP_PASSWORD (an app password made under Settings > Privacy and security > "
    "App passwords, not the account's password) and BLUESKY_PDS"
)


def base_url(name: str, value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"{name}={value!r} is not an address: write it like https://mastodon.example")
    if parts.scheme == "http" and parts.hostname not in LOCAL_HOSTS:
        raise ConfigError(f"{name}={value!r} uses http, so the credentials would travel unencrypted: use https://")
    return value.strip().rstrip("/")


def platforms_from_env(
    env: Mapping[str, str],
    *,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> list[Platform]:
    """The configured platforms (Mastodon first); [] when none is configured."""
    platforms: list[Platform] = []
    pairs = (("MASTODON_BASE_URL", "MASTODON_TOKEN"), ("BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"))
    for first, second in pairs:
        if bool(env.get(first, "").strip()) != bool(env.get(second, "").strip()):
            missing = second if env.get(first, "").strip() else first
            raise ConfigError(f"{first} and {second} go together: set {missing} too, or unset both")
    if env.get("MASTODON_BASE_URL", "").strip():
        token = env["MASTODON_TOKEN"].strip()
        client = Client("Mastodon", MASTODON_CREDENTIALS, "MASTODON_BASE_URL", sleep=sleep, now=now)
        platforms.append(Mastodon(base_url("MASTODON_BASE_URL", env["MASTODON_BASE_URL"]), token, client))
    if env.get("BLUESKY_HANDLE", "").strip():
        password = env["BLUESKY_APP_PASSWORD"].strip()
        pds = base_url("BLUESKY_PDS", env.get("BLUESKY_PDS", "").strip() or DEFAULT_PDS)
        client = Client("Bluesky", BLUESKY_CREDENTIALS, "BLUESKY_PDS", sleep=sleep, now=now)
        platforms.append(Bluesky(pds, env["BLUESKY_HANDLE"].strip(), password, client))
    return platforms


def secrets_of(platforms: list[Platform]) -> set[str]:
    """Every credential the platforms hold (tokens, passwords, session tokens)."""
    return set().union(*(p.client.secrets for p in platforms))


NONE_CONFIGURED = (
    "No platform is configured: set MASTODON_BASE_URL and MASTODON_TOKEN, and/or BLUESKY_HANDLE and "
    "BLUESKY_APP_PASSWORD (and BLUESKY_PDS when the account is not on bsky.social) in the environment"
)


def configured_platforms(env: Mapping[str, str]) -> list[Platform]:
    """The platforms a command talks to: ConfigError also when none is configured."""
    platforms = platforms_from_env(env)
    if not platforms:
        raise ConfigError(NONE_CONFIGURED)
    return platforms
