"""Policy history from git (contract section 3): the published revisions of every policy.

The history of a content folder is read once per HEAD commit, whatever the number of
policies: one `git rev-parse` per build, one `git log` for the whole folder, one
`git cat-file --batch` for the file versions (none when the cache has every policy).

- `git`: the git processes and what they print, renames followed in Python.
- `revisions`: which versions were public; each revision's date, note and word diff.
- `diff`: the word diff.
- `store`: the cache on disk (CACHE_PATH/history/), keyed by content.

In the process, a snapshot is kept per (repository, HEAD, content folder, timezone): what it
holds is made of git objects, which never change, so it cannot go stale; a new commit is
another HEAD. The repository of a build is looked up once per build (by the build object,
held weakly).
"""

from __future__ import annotations

import os
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .. import header, values
from . import diff as diff_module
from . import git
from . import revisions as revisions_module
from .diff import Segment
from .git import NoHistory, Repository, Version
from .revisions import Revision, compute_diff, read_text, revisions
from .store import Store, code_version, key

__all__ = ["NoHistory", "Revision", "Segment", "forget", "history_of"]

SNAPSHOTS = 4  # snapshots kept in the process (a preview server's last few HEADs)


class Snapshot:
    """The revisions of the files of one content folder at one HEAD, computed on demand, in batches."""

    def __init__(self, repo: Repository, prefix: str, timezone: ZoneInfo):
        self.repo, self.prefix, self.timezone = repo, prefix, timezone
        self.chains: dict[str, list[Version]] | None = None
        self.computed: dict[str, tuple[Revision, ...]] = {}
        self.failure = ""

    def repository_path(self, path: str) -> str:
        return f"{self.prefix}/{path}" if self.prefix else path

    def file_chains(self) -> dict[str, list[Version]]:
        if self.chains is None:
            under = f"{self.prefix}/" if self.prefix else ""
            commits = git.log(self.repo, self.prefix)
            self.chains = git.file_chains(commits, lambda p: p.startswith(under) and p.endswith(".md"))
        return self.chains

    def revisions(self, path: str, wanted: Callable[[], Iterable[str]], cache_path: str | None
                  ) -> tuple[Revision, ...]:
        """The revisions of one content-relative path; the first call computes every wanted path."""
        if self.failure:
            raise NoHistory(self.failure)
        if path not in self.computed:
            try:
                self.compute(dict.fromkeys([path, *wanted()]), cache_path)
            except NoHistory as reason:
                self.failure = str(reason)
                raise
        return self.computed[path]

    def compute(self, paths: Iterable[str], cache_path: str | None) -> None:
        """The revisions of paths: from the cache where a file's chain of versions is the same, else
        computed, all file versions read through one git process."""
        chains = self.file_chains()
        store = Store(cache_path, "files")
        code = files_version()
        missing: list[tuple[str, list[Version], str, str, dict[str, Any]]] = []
        for path in paths:
            if path in self.computed:
                continue
            chain = chains.get(self.repository_path(path), [])
            name = key(code, self.repo.top, self.repository_path(path))
            chain_key = chain_digest(chain, self.timezone)
            entry = store.get(name)
            entry = entry if isinstance(entry, dict) else {}
            pairs = entry.get("pairs") if isinstance(entry.get("pairs"), dict) else {}
            if entry.get("chain") == chain_key:
                try:
                    self.computed[path] = tuple(from_json(r, pairs, self.timezone) for r in entry["revisions"])
                    continue
                except (KeyError, TypeError, ValueError):
                    pass
            missing.append((path, chain, name, chain_key, pairs))
        blobs = [blob for _path, chain, *_rest in missing for blob in chain_blobs(chain)]
        with git.BlobReader(self.repo.top, blobs) as reader:
            for path, chain, name, chain_key, pairs in missing:
                self.computed[path] = self.compute_file(chain, reader, store, name, chain_key, pairs)

    def compute_file(self, chain: list[Version], reader: git.BlobReader, store: Store, name: str, chain_key: str,
                     pairs: dict[str, Any]) -> tuple[Revision, ...]:
        """One file's revisions; the word diffs its cache entry has (by the two texts) are not made again."""
        texts = {blob: read_text(reader.read(blob)) for blob in chain_blobs(chain)}  # in the order asked for
        used: dict[str, Any] = {}  # pair key -> diff, for the new entry
        calls: list[str] = []  # the pair key of each diff, in the order of the revisions after the first

        def diff(old: str, new: str) -> tuple[tuple[Segment, ...], int, int]:
            pair = key(old, new)
            if pair not in used:
                hit = pairs.get(pair)
                used[pair] = hit if _is_diff(hit) else diff_to_json(compute_diff(old, new))
            calls.append(pair)
            return diff_from_json(used[pair])

        found = revisions(chain, texts.__getitem__, self.timezone, diff)
        order = iter(calls)
        store.put(name, {"chain": chain_key, "pairs": used,
                         "revisions": [to_json(r, "" if r.first else next(order)) for r in found]})
        return found


def chain_digest(chain: list[Version], timezone: ZoneInfo) -> str:
    return key(timezone.key, repr([(v.commit.sha, v.commit.date.isoformat(), v.commit.author, v.path, v.blob)
                                   for v in chain]))


def files_version() -> str:
    """The code a file's revisions come from: a change to any of it is another cache key."""
    return code_version(git, revisions_module, diff_module, header, values)


def _is_diff(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 3 and isinstance(value[0], list)


def diff_to_json(found: tuple[tuple[Segment, ...], int, int]) -> list[Any]:
    return [[[s.kind, s.text] for s in found[0]], found[1], found[2]]


def diff_from_json(data: list[Any]) -> tuple[tuple[Segment, ...], int, int]:
    return tuple(Segment(kind, text) for kind, text in data[0]), int(data[1]), int(data[2])


def to_json(revision: Revision, pair: str) -> dict[str, Any]:
    return {"sha": revision.sha, "date": revision.date.isoformat(), "author": revision.author, "note": revision.note,
            "first": revision.first, "pair": pair}


def from_json(data: dict[str, Any], pairs: dict[str, Any], timezone: ZoneInfo) -> Revision:
    segments, added, removed = diff_from_json(pairs[data["pair"]]) if data["pair"] else ((), 0, 0)
    return Revision(data["sha"], datetime.fromisoformat(data["date"]).astimezone(timezone), data["author"],
                    data["note"], bool(data["first"]), segments, added, removed)


def chain_blobs(chain: list[Version]) -> list[str]:
    """The blobs of a file's versions, each once, oldest first: the order git.BlobReader hands them back."""
    return list(dict.fromkeys(v.blob for v in chain if v.blob))


_snapshots: OrderedDict[tuple[str, str, str, str], Snapshot] = OrderedDict()
_repositories: list[tuple[weakref.ref[Any], str, Repository | NoHistory]] = []


def repository_of(build: Any) -> Repository:
    """The repository of the content folder, looked up once per build (held weakly: never stale)."""
    folder = os.path.realpath(build.root)
    known = next((found for owner, root, found in _repositories if owner() is build and root == folder), None)
    if known is None:
        try:
            known = git.repository(folder)
        except NoHistory as reason:
            known = reason
        _repositories[:] = [entry for entry in _repositories if entry[0]() is not None][-(SNAPSHOTS - 1):]
        _repositories.append((weakref.ref(build), folder, known))
    if isinstance(known, NoHistory):
        raise NoHistory(str(known))  # a new one: raising the kept one again would lengthen its traceback
    return known


def snapshot_of(repo: Repository, prefix: str, timezone: str) -> Snapshot:
    name = (repo.top, repo.head, prefix, timezone)
    if name in _snapshots:
        _snapshots.move_to_end(name)
        return _snapshots[name]
    snapshot = _snapshots[name] = Snapshot(repo, prefix, ZoneInfo(timezone))
    while len(_snapshots) > SNAPSHOTS:
        _snapshots.popitem(last=False)
    return snapshot


def forget() -> None:
    """Forget every snapshot and repository of this process (a test of the cache on disk)."""
    _snapshots.clear()
    _repositories.clear()


def history_of(build: Any, path: str, wanted: Callable[[], Iterable[str]]) -> tuple[Revision, ...]:
    """The published revisions of one file of build.root (content-relative path), oldest first.

    `wanted()` names the other files whose history the build will ask for: they are computed in the
    same batch. NoHistory (with the reason, for the public) when git cannot say."""
    folder = os.path.realpath(build.root)
    repo = repository_of(build)
    prefix = os.path.relpath(folder, repo.top).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix
    if prefix.startswith("../"):
        raise NoHistory("the content is not in a git repository")
    snapshot = snapshot_of(repo, prefix, build.settings["TIMEZONE"])
    return snapshot.revisions(path, wanted, build.settings.get("CACHE_PATH"))
