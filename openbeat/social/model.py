"""The data passed between the modules: what to post, where it goes in a thread, a reply."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openbeat.social.feed import Card, Item


@dataclass(frozen=True)
class Thread:
    """Where a post goes: the record entries (of one platform) of the thread's first post
    and of the post it answers (the latest earlier post of the thread)."""

    root: dict[str, Any]
    parent: dict[str, Any]


@dataclass(frozen=True)
class Post:
    """One post to make on one platform.

    key: its record key (the item's guid, or GUID#outcome for a resolved appeal's outcome).
    card: the share card from OUT (every post carries it).
    thread: None for a post that starts a thread.
    """

    key: str
    item: Item
    card: Card
    thread: Thread | None = None


@dataclass(frozen=True)
class Reply:
    """A resident's reply to one of our posts, as a platform gave it.

    id: the platform's id (Mastodon status id, Bluesky at:// URI); url: where to read it;
    author: the handle, e.g. @resident@mastodon.example; at: ISO time in UTC;
    text: plain text (never HTML); answers: the record key of our post it answers;
    private: Mastodon only, a reply not visible to the public (followers-only or direct).
    """

    platform: str
    id: str
    url: str
    author: str
    at: str
    text: str
    answers: str
    private: bool = False


@dataclass(frozen=True)
class Collected:
    """What listening to one platform gave: the replies, and problems to report."""

    replies: list[Reply]
    problems: list[str]
