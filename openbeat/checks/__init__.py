"""The content rule set of contract section 6: `check_folder()` is the one entry point.

`scripts/lint.py` prints what it returns; the build (plugins/ob_checks) runs the
same function before it reads anything and fails on the same errors, so lint
and the build cannot disagree. Rules are plain functions over `Context`; the
ones only some types have live in their behaviour module (`checks()`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from ..digests import digest
from ..errors import Problem
from ..header import Post
from ..markup.sanitize import Violation, violations
from ..parallel import fork_map
from ..reading import ContentFile, Renderer, RenderRefused, walk
from ..types import TypeTable, type_table
from . import files as file_rules
from . import items as item_rules
from .context import Context, Entry

__all__ = ["Context", "Entry", "check_folder", "html_problems", "as_draft_warnings", "lint_renderer"]

# Problems that make a file unreadable stay errors even in a draft.
UNREADABLE = ("is not UTF-8", "control character", "starts with a tab", 'is not a "Key: value" line',
              "does not start with", "is given twice", "characters long", "nests quotes", "is hidden",
              "leads outside", "bytes, over the limit", "is a link", "takes too long")


def read_entries(root: str, types: TypeTable, settings: dict[str, Any], problems: list[Problem]) -> tuple[list[Entry], list[ContentFile]]:
    """Every readable post as an Entry; every other file classified, its problems reported."""
    entries, others = [], []
    for found in walk(root, types):
        problem = file_rules.file_problem(root, found)
        if problem is not None:
            problems.append(problem)
            continue
        if found.role != "post":
            others.append(found)
            continue
        entry = file_rules.read_entry(root, found.path, types, settings, problems)
        if entry is not None:
            entries.append(entry)
    return entries, others


def check_folder(root: str, settings: dict[str, Any], now: datetime,
                 render: Callable[[Post], str] | None = None,
                 memo: dict[str, list[Problem]] | None = None) -> list[Problem]:
    """Every problem in a content folder, sorted by file and line.

    With render (Markdown to HTML, as lint does), every post is rendered as the
    build's reader renders it (a post too slow or too deep to render is an error
    in both), and posts with raw HTML or odd link schemes are checked against the
    HTML allowlist too; the build checks the HTML it reads instead (html_problems).

    With memo (the preview keeps one between rebuilds), a post's problems are reused
    while its text and everything else it is checked against are unchanged
    (Context.signature); the rules that read the clock run every time.
    """
    types = type_table(settings)
    problems: list[Problem] = []
    entries, others = read_entries(root, types, settings, problems)
    context = Context(root, settings, now, types, entries, others)

    def check(entry: Entry) -> list[Problem]:
        found = list(item_rules.check_entry(entry, context))
        if render is not None:
            try:
                html = render(entry.post)
            except RenderRefused as refused:  # too slow or too deep: the build's reader refuses it too
                return [*found, Problem(entry.path, refused.line, str(refused))]
            if file_rules.may_hold_html(entry.post):
                found.extend(html_problems(entry.path, entry.post, violations(html)))
        return found

    if memo is None:  # each post checked once: its path names it
        keys = [e.path for e in entries]
    else:
        signature = context.signature()
        keys = [digest(signature, e.path, e.post.text) for e in entries]
    known = memo if memo is not None else {}
    todo = [(key, e) for key, e in zip(keys, entries, strict=True) if key not in known]
    # One post's rules read only that post and the folder (images are decoded to the end): every core.
    made = dict(zip((key for key, _ in todo), fork_map(check, [e for _, e in todo]), strict=True))
    current = {key: made[key] if key in made else known[key] for key in keys}
    if memo is not None:
        memo.clear()
        memo.update(current)
    for key, entry in zip(keys, entries, strict=True):
        problems.extend(current[key])
        problems.extend(item_rules.check_schedule(entry, context))
    problems.extend(item_rules.check_site(context))
    return as_draft_warnings(sorted(set(problems), key=lambda p: (p.path, p.line, p.message)), context.drafts)


def html_problems(path: str, post: Post, found: Iterable[Violation], level: str = "error") -> list[Problem]:
    """HTML outside the allowlist (violations() of the post's HTML), each piece named at the first line
    that holds it: errors in lint and a publish build, warnings in a preview (which drops it)."""
    lines = [(number, text.lower()) for number, text in post.body_lines()]
    problems = []
    for violation in found:
        needle = violation.needle.lower()
        line = next((number for number, text in lines if needle in text), post.body_start)
        problems.append(Problem(path, line, violation.message, level))
    return problems


def as_draft_warnings(problems: list[Problem], drafts: set[str]) -> list[Problem]:
    """A draft is unfinished work: its problems are warnings until Status: draft is removed,
    except the ones that make the file unreadable."""
    result = []
    for problem in problems:
        if problem.path in drafts and problem.level == "error" and not any(m in problem.message for m in UNREADABLE):
            problem = Problem(problem.path, problem.line, f"(draft) {problem.message}", "warning")
        result.append(problem)
    return result


def lint_renderer(settings: dict[str, Any]) -> Callable[[Post], str]:
    """Markdown to HTML for lint's allowlist check, with the build's options."""
    renderer = Renderer(settings)
    return lambda post: renderer.render(post.body, post.body_start)
