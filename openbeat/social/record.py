"""The syndication record, `syndication.json`: what was posted where (contract section 11).

It lives at the project root (the folder of `pelicanconf.py`), never in `content/` or in
an output folder; CI commits it back so that it survives CI runs. It never holds a
credential. Its format (version 1):

    {
      "version": 1,
      "site": "https://police.example.gov",
      "posts": {
        "GUID": {
          "title": "Bike unit returns",
          "link": "https://police.example.gov/stories/bike-unit/",
          "mastodon": {"state": "posted", "id": "110293", "url": "https://social.example/@pd/110293",
                       "at": "2026-06-01T12:00:03Z", "idempotency_key": "5f0c…"},
          "bluesky": {"state": "posted", "id": "at://did:plc:…/app.bsky.feed.post/3lbc…", "cid": "bafyrei…",
                      "rkey": "3lbc…", "url": "https://bsky.app/profile/pd.example/post/3lbc…",
                      "at": "2026-06-01T12:00:04Z", "created_at": "2026-06-01T12:00:04.120Z"}
        },
        "GUID#update-202606011430": {"title": "Update: Bridge closed", "link": "…#update-202606011430", "mastodon": {…}},
        "GUID#outcome": {"title": "Missing man found safe", "link": "…", "mastodon": {…}, "bluesky": {…}}
      }
    }

Keys of "posts" are the feed's guids: a post's, an update's (`GUID#update-YYYYMMDDHHMM`),
and the outcome post of a resolved appeal (`GUID#outcome`). "site" is the channel `<link>`
of the feed that was posted; a record of another site is refused. Per platform, "state":

| state | meaning | other fields |
|---|---|---|
| `seen` | in the feed before the first run (or before --since): never posted | `at` |
| `pending` | a request is being sent; what resends it without a duplicate | `at`, `idempotency_key` (Mastodon) or `rkey` and `created_at` (Bluesky) |
| `posted` | on the platform | `id`, `url`, `at` (+ `cid`, `rkey` on Bluesky) |
| `refused` | refused for good (a 4xx); never tried again | `status`, `reason`, `at` |
| `deleted` | taken down (its appeal was resolved) | what `posted` had, `deleted_at` |

Each change is written at once, crash-safely (a temporary file, fsync, os.replace), and
merged with the file on disk: entries another run wrote meanwhile are kept.
The old `.syndicate-state.json` of earlier versions is not read (see docs/deploying.md).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from openbeat.social.errors import RecordError
from openbeat.social.feed import OUTCOME_MARK, UPDATE_MARK, thread_root

__all__ = ["PLATFORMS", "Record", "RecordError", "discussions", "normalise_site", "write_json"]

VERSION = 1
PLATFORMS = ("mastodon", "bluesky")
FILE_NAME = "syndication.json"


def normalise_site(url: str) -> str:
    """A site URL to compare: lower-case scheme and host, no default port, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    port = f":{parts.port}" if parts.port and parts.port != default else ""
    return f"{parts.scheme.lower()}://{host}{port}{parts.path.rstrip('/')}"


def write_json(path: Path, data: Any) -> None:
    """Write JSON so that a crash leaves the old file or the new one, never half of one."""
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def write_text(path: Path, text: str) -> None:
    """Write a file so that a crash leaves the old file or the new one, never half of one."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return  # a platform without directory handles (Windows): the replace is done
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def read_json(path: Path) -> dict[str, Any]:
    """The record file as it is on disk, checked for shape."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except ValueError as error:
        raise RecordError(f"{path}: not valid JSON ({error}): restore it from git (git checkout -- {Path(path).name})") from None
    except OSError as error:
        raise RecordError(f"{path}: cannot be read ({error.strerror})") from None
    if not isinstance(data, dict) or not isinstance(data.get("posts"), dict):
        raise RecordError(f"{path}: not a syndication record (no \"posts\"): give the syndication.json this tool wrote")
    if data.get("version") != VERSION:
        raise RecordError(f"{path}: record version {data.get('version')!r}, this Open Beat reads version {VERSION}: update Open Beat")
    return data


def check_site(path: Path, recorded: str, site: str) -> None:
    if recorded and site and normalise_site(recorded) != normalise_site(site):
        raise RecordError(
            f"{path} is the record of {recorded}, not of {site}: give this site's own record with --record FILE, "
            "or build with the SITEURL the record was made for"
        )


class Record:
    """The record in memory; every change goes to disk at once (`set`)."""

    def __init__(self, path: Path, site: str, posts: dict[str, dict[str, Any]]) -> None:
        self.path = Path(path)
        self.site = site
        self.posts = posts
        self.dirty: set[tuple[str, str]] = set()

    @classmethod
    def load(cls, path: str | Path, site: str) -> Record:
        """The record at `path` (empty when there is none); RecordError when it is another site's."""
        path = Path(path)
        if not path.exists():
            return cls(path, site, {})
        data = read_json(path)
        check_site(path, str(data.get("site", "")), site)
        return cls(path, site or str(data.get("site", "")), data["posts"])

    def entry(self, guid: str, platform: str) -> dict[str, Any]:
        """The platform's entry for `guid` ({} when there is none)."""
        return dict(self.posts.get(guid, {}).get(platform) or {})

    def state(self, guid: str, platform: str) -> str:
        return str(self.entry(guid, platform).get("state", ""))

    def posted(self, platform: str) -> dict[str, dict[str, Any]]:
        """{guid: entry} of everything posted on the platform."""
        return {guid: self.entry(guid, platform) for guid in self.posts if self.state(guid, platform) == "posted"}

    def used(self, platform: str) -> bool:
        """Whether any item has an entry for the platform (else its first run is still to come)."""
        return any(platform in post for post in self.posts.values())

    def thread(self, guid: str) -> list[str]:
        """The record keys of a post's thread: the post and its updates, in time order."""
        updates = sorted(key for key in self.posts if key.startswith(guid + UPDATE_MARK))
        return [guid, *updates] if guid in self.posts else updates

    def set(self, guid: str, platform: str, entry: dict[str, Any], *, title: str = "", link: str = "", save: bool = True) -> None:
        """Record `entry` for the platform, with the item's title and link, and write the
        file (unless save=False: several changes, then one save())."""
        post = self.posts.setdefault(guid, {})
        post[platform] = entry
        self.dirty.add((guid, platform))
        for key, value in (("title", title), ("link", link)):
            if value and post.get(key) != value:
                post[key] = value
                self.dirty.add((guid, key))
        if save:
            self.save()

    def save(self) -> None:
        """Merge with the file on disk (keeping what another run wrote), then write it."""
        if self.path.exists():
            disk = read_json(self.path)
            check_site(self.path, str(disk.get("site", "")), self.site)
            for guid, fields in disk["posts"].items():
                mine = self.posts.setdefault(guid, {})
                for key, value in fields.items():
                    if (guid, key) not in self.dirty:
                        mine[key] = value
        write_json(self.path, {"version": VERSION, "site": self.site, "posts": self.posts})


def discussions(path: str, siteurl: str) -> dict[str, dict[str, str]]:
    """{guid: {platform: URL of its post}} for the build's "Discuss on …" links.

    Only posts in state "posted" count. For a resolved appeal whose posts were deleted,
    the URL of its outcome post (`GUID#outcome`) stands under GUID. Updates are not
    listed: an item's page links the first post of its thread. {} when the file does not
    exist. RecordError when it belongs to another site (not compared when `siteurl` is
    "", a local preview).
    """
    record_path = Path(path)
    if not record_path.exists():
        return {}
    data = read_json(record_path)
    check_site(record_path, str(data.get("site", "")), siteurl)
    posts: dict[str, dict[str, Any]] = data["posts"]
    links: dict[str, dict[str, str]] = {}
    for guid in sorted({thread_root(key) for key in posts}):
        post = posts.get(guid, {})
        outcome = posts.get(guid + OUTCOME_MARK, {})
        for platform in PLATFORMS:
            for entry in (post.get(platform) or {}, outcome.get(platform) or {}):
                if entry.get("state") == "posted" and entry.get("url"):
                    links.setdefault(guid, {})[platform] = str(entry["url"])
                    break
    return links
