"""Reading a file's history from git: plain functions around `git log` and `git show`."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import datetime

SEPARATOR = "\x1f"
RECORD = "\x1e"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: datetime  # committer date: when the change entered the manual's history
    author: str
    subject: str
    body: str
    path: str  # the file's path in the repository at this commit (renames followed)


class NoHistory(Exception):
    """The content is not in git, or the clone is shallow; the message says which."""


def git(repo: str, *args: str) -> str:
    result = subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise NoHistory(result.stderr.strip() or f"git {' '.join(args)} failed")
    return result.stdout


def repository(path: str) -> str:
    """The top of the git work tree that holds path; NoHistory when there is none or it is shallow."""
    folder = path if os.path.isdir(path) else os.path.dirname(path)
    try:
        top = git(folder, "rev-parse", "--show-toplevel").strip()
    except (NoHistory, FileNotFoundError):
        raise NoHistory("the content is not in a git repository") from None
    if git(top, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise NoHistory("this is a shallow clone (fetch the full history to show revisions)")
    return top


def file_commits(top: str, path: str) -> list[Commit]:
    """Every commit that changed the file, oldest first, following renames."""
    relative = os.path.relpath(os.path.realpath(path), os.path.realpath(top))
    fmt = RECORD + SEPARATOR.join(["%H", "%cI", "%an", "%s", "%b"])
    output = git(top, "log", "--follow", "--name-only", f"--format={fmt}", "--", relative)
    commits = []
    for chunk in output.split(RECORD)[1:]:
        # "fields\x1fbody" then a blank line, then the file's name at that commit
        head, _, name = chunk.rstrip("\n").rpartition("\n\n")
        sha, date, author, subject, body = head.split(SEPARATOR, 4)
        commits.append(Commit(sha, datetime.fromisoformat(date), author, subject, body.strip(), name.strip() or relative))
    return list(reversed(commits))


def file_at(top: str, commit: Commit) -> str:
    return git(top, "show", f"{commit.sha}:{commit.path}")
