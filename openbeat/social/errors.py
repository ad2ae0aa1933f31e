"""The exceptions of the social package. Every message says what to do about it."""

from __future__ import annotations


class SocialError(Exception):
    """Base class: something the person running the script has to read."""


class ConfigError(SocialError, ValueError):
    """The environment or the command line asks for something that cannot work."""


class Stop(SocialError):
    """The run must stop now (bad credentials, a long rate limit, a server that stays down).

    `platform` names the platform ("Mastodon", "Bluesky") so that a caller collecting from
    several platforms can report it and go on with the others.
    """

    def __init__(self, message: str, platform: str = "") -> None:
        super().__init__(message)
        self.platform = platform


class Refused(SocialError):
    """A platform refused one request for good (a 4xx answer other than 401, 403 and 429).

    Retrying the same request cannot help; `status` is the HTTP status, `error` the
    platform's error name when it gave one (e.g. Bluesky's "RecordNotFound").
    """

    def __init__(self, message: str, status: int, error: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.error = error


class FeedError(SocialError, ValueError):
    """The social feed is missing or is not what docs/social-feed.md describes."""


class CardError(SocialError, ValueError):
    """The share card an item names cannot be used (missing from OUT, outside it, too big)."""


class RecordError(SocialError, ValueError):
    """The syndication record cannot be used: another site's, unreadable, or in a wrong place."""


class InboxError(SocialError, ValueError):
    """The inbox cannot be used, or does not hold the reply asked for."""
