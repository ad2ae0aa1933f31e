"""Policy history (contract section 3): each published revision from git, a history page per
policy and the policy-changes feed.

Each revision shows its date, its word diff and the Change-Note it gave (a minor edit when it gave
none or kept the previous one). Commit messages, committer names and e-mail addresses are never
read; authors' names only with HISTORY_SHOW_AUTHORS, on the history page. Content outside git, or
in a shallow clone, builds without history and the policy page says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..digests import digest
from ..feeds import _base, atom_bytes
from ..history import NoHistory, Revision, history_of, repository_of
from ..i18n import translate
from ..render import Output

FEED = "feeds/policy-changes.atom.xml"
FEEDS = (("policy_changes", FEED),)  # (theme string of its name, path): on the Follow page
BEHAVIOUR = "history"
NOT_COMMITTED = "this policy has not been committed to git yet"


@dataclass(frozen=True)
class History:
    """What a policy's page and its history page show (`item.parts["history"]`)."""

    revisions: tuple[Revision, ...]  # oldest first
    note: str  # why there is no history, when there is none
    last_revised: datetime | None  # Modified when set, else the latest revision's date
    first_published: datetime | None  # the first published revision's date
    url: str  # the history page, relative to the site ("" without revisions)


def wanted(build: Any) -> list[str]:
    """The published files of every type with a history: computed together, on the first one's view."""
    found = []
    for path in build.urls:
        spec = build.types.get(path.split("/")[0])
        if spec is not None and spec.has(BEHAVIOUR):
            found.append(path)
    return found


def inputs(entry: Any, build: Any) -> tuple[str, ...]:
    """The commit the repository is at: a new commit adds a revision though the file is unchanged."""
    try:
        repo = repository_of(build)
    except NoHistory as reason:
        return (str(reason),)
    return (repo.top, repo.head)


def view(root: Any, entry: Any, builder: Any) -> History:
    build = builder.build
    modified = builder.fields.get("modified")
    fallback = modified or builder.fields.get("date")
    try:
        found = history_of(build, entry.path, lambda: wanted(build))
    except NoHistory as reason:
        return History((), str(reason), fallback, None, "")
    if not found:
        return History((), NOT_COMMITTED, fallback, None, "")
    return History(found, "", modified or found[-1].date, found[0].date, builder.url + "history/")


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    """The policy's structured data says when it was last revised, as its page does."""
    history = item.parts.get(BEHAVIOUR)
    if history is not None and history.revisions and history.last_revised is not None:
        data["dateModified"] = max(history.last_revised, item.date or history.last_revised).isoformat()


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """The history page of every policy that has revisions, and the changes feed."""
    for item in site.items:
        history = item.parts.get(BEHAVIOUR)
        if history is None or not history.revisions:
            continue
        output = pages.page(history.url + "index.html", "policy_history.html", item.lang, item.key,
                            item=item, history=history, page_path=history.url)
        yield Output(output.paths, output.key, output.make, pages=((history.url, history.revisions[-1].date),))
    yield changes_feed(site, pages)


def summary(strings: dict[str, dict[str, str]], lang: str, revision: Revision) -> str:
    """The Change-Note (or Minor edit), and the words changed: never the commit message."""
    if revision.first:
        return revision.note or translate(strings, lang, "history_first")
    words = translate(strings, lang, "words_changed").format(added=revision.added, removed=revision.removed)
    change = revision.note or translate(strings, lang, "minor_edit")
    return translate(strings, lang, "revision_summary").format(change=change, counts=words)


def changes_feed(site: Any, pages: Any) -> Output:
    """/feeds/policy-changes.atom.xml: one entry per revision, newest first; ids from the policy's guid."""
    build, settings = pages.build, pages.settings
    lang = site.default_lang
    entries = [(r, i) for i in site.items if i.parts.get(BEHAVIOUR) for r in i.parts[BEHAVIOUR].revisions]
    entries.sort(key=lambda pair: (pair[0].date, pair[0].sha, pair[1].guid), reverse=True)
    entries = entries[: settings["FEED_MAX_ITEMS"]]
    folder = next((spec.folder for spec in site.types if spec.has(BEHAVIOUR)), "")
    info = pages.feed_info("policy-changes.atom.xml", translate(build.strings, lang, "policy_changes"),
                           translate(build.strings, lang, "feed_subtitle_policy_changes"),
                           f"{folder}/" if folder else "", entries[0][0].date if entries else site.now)
    key = digest(pages.global_key, "policy-changes", info,
                 tuple((r.sha, i.key) for r, i in entries))

    def make() -> dict[str, bytes]:
        feed = _base(info)
        for revision, policy in entries:
            entry = feed.add_entry(order="append")
            entry.id(f"{policy.guid}/revision/{revision.sha}")
            entry.title(f"{policy.type.label(policy.lang)} {policy.get('number')}: {policy.title}")
            entry.link(href=build.absolute(f"{policy.parts[BEHAVIOUR].url}#{revision.anchor}"), rel="alternate")
            entry.published(revision.date)
            entry.updated(revision.date)
            entry.summary(summary(build.strings, policy.lang, revision))
        return {FEED: atom_bytes(feed, info, [policy.lang for _revision, policy in entries])}

    return Output((FEED,), key, make)
