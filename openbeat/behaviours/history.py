"""Policy history: each revision from git, a history page and a changes feed.

Content outside git, or in a shallow clone, builds without history and says so.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..history_diff import Segment, counts, is_draft, public_text, word_diff
from ..history_git import Commit, NoHistory, file_at, file_commits, repository
from ..render import Output, digest

FEED = "feeds/policy-changes.atom.xml"
FEEDS = (("policy_changes", FEED),)  # (theme string of its name, path): on the Follow page


@dataclass(frozen=True)
class Revision:
    commit: Commit
    segments: tuple[Segment, ...]  # empty for the first published version
    added: int
    removed: int
    first: bool


@dataclass(frozen=True)
class History:
    revisions: tuple[Revision, ...]  # oldest first
    note: str  # why there is no history, when there is none
    last_revised: datetime | None
    url: str  # the history page, relative to the site ("" without revisions)


@functools.lru_cache(maxsize=8)
def _repository(path: str) -> tuple[str | None, str]:
    try:
        return repository(path), ""
    except NoHistory as reason:
        return None, str(reason)


def revisions(top: str, path: str) -> list[Revision]:
    """Published versions of the file, oldest first, each with its word diff."""
    result, previous = [], None
    for commit in file_commits(top, path):
        source = file_at(top, commit)
        if is_draft(source):
            continue  # a draft was never public: neither it nor its text appears
        text = public_text(source)
        if previous is not None and text == previous:
            continue  # a commit that changed only private keys (Id, Status, Tags)
        segments = word_diff(previous, text) if previous is not None else []
        added, removed = counts(segments)
        result.append(Revision(commit, tuple(segments), added, removed, previous is None))
        previous = text
    return result


def view(root: Any, entry: Any, builder: Any) -> History:
    build = builder.build
    fallback = builder.fields.get("modified") or builder.fields.get("date")
    top, note = _repository(os.path.realpath(build.root))
    if top is None:
        return History((), note, fallback, "")
    try:
        found = tuple(revisions(top, os.path.join(build.root, entry.path)))
    except NoHistory as reason:
        return History((), str(reason), fallback, "")
    if not found:
        return History((), "this policy has not been committed to git yet", fallback, "")
    last = builder.fields.get("modified") or found[-1].commit.date
    return History(found, "", last, builder.url + "history/")


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """The history page of every policy that has revisions, and the changes feed."""
    for item in site.items:
        history = item.parts.get("history")
        if history is None or not history.revisions:
            continue
        output = pages.page(history.url + "index.html", "policy_history.html", item.lang, pages.item_key(item),
                            item=item, history=history, page_path=history.url)
        yield Output(output.paths, output.key, output.make, pages=((history.url, history.last_revised),))
    yield changes_feed(site, pages)


def changes_feed(site: Any, pages: Any) -> Output:
    from feedgen.feed import FeedGenerator

    from ..feeds import FeedInfo, _with_note
    from ..i18n import translate

    build, settings = pages.build, pages.settings
    lang = site.default_lang
    entries = [(r, i) for i in site.items if i.parts.get("history") for r in i.parts["history"].revisions]
    entries.sort(key=lambda pair: (pair[0].commit.date, pair[0].commit.sha), reverse=True)
    entries = entries[: settings["FEED_MAX_ITEMS"]]
    info = pages.feed_info("policy-changes.atom.xml", translate(build.strings, lang, "policy_changes"),
                           translate(build.strings, lang, "feed_subtitle_policy_changes"), "", [])
    updated = entries[0][0].commit.date if entries else site.now
    info = FeedInfo(**{**info.__dict__, "updated": updated})
    key = digest(pages.global_key, "policy-changes", tuple((r.commit.sha, pages.item_key(i)) for r, i in entries))

    def make() -> dict[str, bytes]:
        feed = FeedGenerator()
        feed.id(info.id)
        feed.title(info.title)
        feed.subtitle(info.subtitle)
        feed.author(name=info.author, email=info.email or None)
        feed.link(href=info.self_url, rel="self")
        feed.link(href=info.page_url, rel="alternate")
        feed.language(lang)
        feed.updated(info.updated)
        word = translate(build.strings, lang, "policy")
        for revision, policy in entries:
            entry = feed.add_entry(order="append")
            entry.id(f"{policy.guid}/revision/{revision.commit.sha}")
            entry.title(f"{word} {policy.get('number')}: {policy.title}")
            entry.link(href=f"{build.siteurl}/{policy.parts['history'].url}#rev-{revision.commit.sha[:12]}",
                       rel="alternate")
            entry.published(revision.commit.date)
            entry.updated(revision.commit.date)
            summary = translate(build.strings, lang, "words_changed").format(added=revision.added,
                                                                            removed=revision.removed)
            entry.summary(summary)
        return {FEED: _with_note(feed.atom_str(pretty=True), info.note)}

    return Output((FEED,), key, make)
