"""Reading the content folder's history from git, in a fixed number of processes per build.

- `repository()`: one `git rev-parse` (the work tree's top, shallow or not, HEAD).
- `log()`: one `git log` over the whole content folder, with each change's blobs and renames;
  `file_chains()` then follows every file through its renames, in Python (`git log --follow`
  takes a single path: one process per file).
- `BlobReader`: one `git cat-file --batch` process for every file version the build reads.

Only what the public may see is asked for: commit ids, committer dates and author names
(shown with HISTORY_SHOW_AUTHORS). Commit messages and e-mail addresses are never read.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

logger = logging.getLogger(__name__)

FIELD, RECORD = "\x1f", "\x1e"
TIMEOUT = 300  # seconds: a git process that takes longer is stuck
# Environment variables that would make git read another repository, index or object store than
# the one that holds the content folder (a build run from a git hook inherits them).
REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
                        "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX")
# Configuration that would change the output this module parses.
CONFIG = ("log.showSignature=false", "log.follow=false", "color.ui=never", "core.quotePath=false")
FILE_MODES = ("100644", "100755")  # regular files (not symlinks, not submodules)


class NoHistory(Exception):
    """There is no history to read; the message says why, for the public (a lower-case clause)."""


@dataclass(frozen=True)
class Repository:
    top: str  # the top of the work tree (real path)
    head: str  # the commit HEAD names; "" when nothing has been committed yet


@dataclass(frozen=True)
class Change:
    """One file a commit changed: git's status letter, the paths before and after, the blobs."""

    status: str  # "A", "M", "D", "T" or "R" (renamed, maybe also changed)
    old_path: str
    new_path: str
    old_blob: str  # "" when the file is new
    new_blob: str  # "" when the file was deleted, or is not a regular file any more


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime  # committer date: when the change entered the published branch
    author: str  # the author's name as git records it (mailmap applied); never the e-mail address
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Version:
    """One version of a file in a chain: the commit that made it, and its blob ("" once deleted)."""

    commit: Commit
    path: str  # the file's path in the repository at that commit
    blob: str


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in REPOSITORY_VARIABLES}
    env["GIT_NO_LAZY_FETCH"] = "1"  # a partial clone must not fetch old versions over the network, one by one
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    return env


def command(top: str, *args: str) -> list[str]:
    config = [part for item in CONFIG for part in ("-c", item)]
    return ["git", "--literal-pathspecs", "-C", top, *config, *args]


def call(top: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command(top, *args), capture_output=True, env=environment(), timeout=TIMEOUT,
                              check=False)
    except FileNotFoundError:
        raise NoHistory("git is not installed where the site is built") from None
    except subprocess.TimeoutExpired:
        raise NoHistory("git took too long to read the history") from None


def run(top: str, *args: str) -> str:
    """The output of one git command; NoHistory when git is missing or the command fails (git's own
    message goes to the log: it may name folders of the machine, which the public page must not)."""
    result = call(top, *args)
    if result.returncode != 0:
        logger.warning("git %s failed in %s: %s", args[0], top, result.stderr.decode("utf-8", "replace").strip())
        raise NoHistory("git could not read the history")
    return result.stdout.decode("utf-8", "surrogateescape")


def repository(folder: str) -> Repository:
    """The repository that holds folder, in one process; NoHistory outside git or in a shallow clone."""
    result = call(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--verify", "-q",
                  "HEAD^{commit}")
    lines = result.stdout.decode("utf-8", "surrogateescape").splitlines()
    if len(lines) < 2 or result.returncode not in (0, 1) or (result.returncode == 0) != (len(lines) == 3):
        raise NoHistory("the content is not in a git repository")
    if lines[1] == "true":
        raise NoHistory("this is a shallow clone (fetch the full history to show revisions)")
    return Repository(os.path.realpath(lines[0]), lines[2] if len(lines) == 3 else "")


def log(repo: Repository, prefix: str) -> list[Commit]:
    """Every commit of the published branch that changed a file under prefix, newest first.

    `--first-parent` with `-m` reads the branch the site is built from: a merged pull request is one
    revision, dated when it was merged, and a commit of a branch that was never merged is not read."""
    if not repo.head:
        return []
    fmt = f"{RECORD}%H{FIELD}%cI{FIELD}%aN"
    output = run(repo.top, "log", "--first-parent", "-m", "-M", "--raw", "--no-abbrev", "-z", "--no-color",
                 f"--format={fmt}", repo.head, "--", prefix or ".")
    return parse_log(output)


def parse_log(output: str) -> list[Commit]:
    """`git log -z --raw --format=RS%H FS %cI FS %aN`: a header, NUL, then `:modes blobs status NUL path(s)`."""
    commits = []
    for chunk in output.split(RECORD)[1:]:
        header, _, rest = chunk.partition("\0")
        sha, date, author = header.split(FIELD, 2)
        fields = rest.split("\0")
        changes, index = [], 0
        while index < len(fields):
            meta = fields[index].strip("\n")
            index += 1
            if not meta.startswith(":"):
                continue
            old_mode, new_mode, old_blob, new_blob, status = meta[1:].split(" ", 4)
            status = status[:1]
            paths = fields[index: index + (2 if status in ("R", "C") else 1)]
            index += len(paths)
            old_path, new_path = (paths[0], paths[-1])
            changes.append(Change(
                status, old_path, new_path,
                old_blob if old_mode in FILE_MODES and status not in ("A", "C") else "",
                new_blob if new_mode in FILE_MODES and status != "D" else "",
            ))
        commits.append(Commit(sha, datetime.fromisoformat(date), author, tuple(changes)))
    return commits


def file_chains(commits: list[Commit], keep: Callable[[str], bool]) -> dict[str, list[Version]]:
    """Every version of each file that exists at HEAD (and that keep() wants), oldest first, by its
    path at HEAD, following renames back as `git log --follow` does for one file.

    Walking from HEAD back, a rename `R old -> new` means the file was called `old` before that commit.
    A deletion followed, later, by an addition at the same path is one file with a gap: the same URL."""
    name_of: dict[str, str] = {}  # the path at this point of the walk -> the file's path at HEAD
    passed: set[str] = set()  # paths whose newest state the walk has passed
    chains: dict[str, list[Version]] = {}
    for commit in commits:  # newest first
        renamed: list[tuple[str, str, str | None]] = []  # (old path, new path, the file at HEAD it is)
        for change in commit.changes:
            path = change.old_path if change.status == "D" else change.new_path
            identity = name_of.get(path)
            if identity is None and path not in passed:
                passed.add(path)
                if change.status != "D" and keep(path):
                    identity = name_of[path] = path
                    chains[path] = []
            if change.status == "R":
                renamed.append((change.old_path, change.new_path, identity))
            if identity is not None:
                chains[identity].append(Version(commit, path, change.new_blob))
        for old_path, new_path, identity in renamed:  # before this commit, the file had its old name
            passed.add(old_path)
            name_of.pop(old_path, None)
            if identity is not None:
                if name_of.get(new_path) == identity:
                    del name_of[new_path]
                name_of[old_path] = identity
    return {path: chain[::-1] for path, chain in chains.items()}


class BlobReader:
    """The contents of the blobs named up front, in that order, through one `git cat-file --batch`.

    The requests are written to a temporary file that is the process's input, so git answers them
    one after the other while this side reads: no round trip per blob, and no pipe both sides wait on."""

    def __init__(self, top: str, blobs: list[str]):
        self.top, self.blobs = top, blobs
        self.process: subprocess.Popen[bytes] | None = None
        self.position = 0

    def __enter__(self) -> BlobReader:
        if not self.blobs:
            return self
        with tempfile.TemporaryFile() as requests:
            requests.write("".join(f"{blob}\n" for blob in self.blobs).encode("ascii"))
            requests.seek(0)
            try:
                self.process = subprocess.Popen(command(self.top, "cat-file", "--batch", "--buffer"), stdin=requests,
                                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment())
            except FileNotFoundError:
                raise NoHistory("git is not installed where the site is built") from None
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def read(self, blob: str) -> bytes:
        """The next blob's content (blob must be the next one named); NoHistory when the clone does not
        hold it (a partial clone)."""
        if self.process is None or self.process.stdout is None or self.position >= len(self.blobs):
            raise ValueError(f"blob {blob} was not requested")
        if self.blobs[self.position] != blob:
            raise ValueError(f"blob {blob} read out of order (expected {self.blobs[self.position]})")
        self.position += 1
        stdout = self.process.stdout
        header = stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise NoHistory("this clone lacks old versions of the files (fetch the full history to show revisions)")
        data = stdout.read(int(header[2]))
        stdout.read(1)  # the newline after each object
        return data

    def close(self) -> None:
        if self.process is None:
            return
        process, self.process = self.process, None
        if process.stdout is not None:
            process.stdout.close()
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
