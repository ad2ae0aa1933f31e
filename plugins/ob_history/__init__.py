"""ob_history: each policy's revisions from git, a history page and a changes feed.

Sets on every published policy: `history` (revisions, oldest first),
`history_note` (why there is none), `last_revised`, and `extra_pages` (the
history page, for the sitemap). Writes /policies/SLUG/history/ and
/feeds/policy-changes.atom.xml. Content outside git, or in a shallow clone,
builds without history and says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from ob_feeds.writers import FeedInfo, base_feed, with_stylesheet
from ob_i18n import load_strings, translate
from ob_types.output import write_output
from ob_types.settings import declare

from .diff import Segment, counts, is_draft, public_text, word_diff
from .git import Commit, NoHistory, file_at, file_commits, repository

DEFAULTS = {
    # Show the git author's name beside each revision (off: names of staff stay private).
    "HISTORY_SHOW_AUTHORS": False,
}
FEED = "feeds/policy-changes.atom.xml"


@dataclass(frozen=True)
class Revision:
    commit: Commit
    segments: tuple[Segment, ...]  # empty for the first published version
    added: int
    removed: int
    first: bool


def check_settings(pelican: Any) -> None:
    configure(pelican.settings)


def configure(settings: dict[str, Any]) -> None:
    """Fill in this plugin's defaults and check its settings (also used by scripts)."""
    declare(settings, DEFAULTS, {"HISTORY_SHOW_AUTHORS": (lambda v: isinstance(v, bool), "True or False")})


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


def history_url(policy: Any) -> str:
    return policy.url + "history/"


def attach_history(generators: list[Any]) -> None:
    if not generators:
        return
    context = generators[0].context
    policies = [item for item in context.get("ob_items", []) if item.ob_type == "policies"]
    if not policies:
        return
    try:
        top = repository(context["PATH"])
        note = ""
    except NoHistory as reason:
        top, note = None, str(reason)
        console.print(f"Policy history: not shown, {note}")
    for policy in policies:
        policy.history, policy.history_note = [], note
        policy.last_revised = getattr(policy, "modified", None) or policy.date
        if top is None:
            continue
        try:
            policy.history = revisions(top, os.path.join(context["PATH"], policy.relative_source_path))
        except NoHistory as reason:
            policy.history_note = str(reason)
            continue
        if not policy.history:
            policy.history_note = "this policy has not been committed to git yet"
            continue
        policy.last_revised = policy.history[-1].commit.date
        policy.history_url = history_url(policy)
        policy.extra_pages = [(policy.history_url, policy.last_revised)]


def changes_feed(policies: list[Any], settings: dict[str, Any], strings: dict) -> bytes:
    """One Atom entry per revision of every policy, newest first; ids from the commits."""
    siteurl, lang = settings["SITEURL"], settings["DEFAULT_LANG"]
    entries = [(r, p) for p in policies for r in getattr(p, "history", [])]
    entries.sort(key=lambda pair: (pair[0].commit.date, pair[0].commit.sha), reverse=True)
    built = entries[0][0].commit.date if entries else settings["BUILD_TIME"]
    feed = base_feed(FeedInfo(
        title=f"{settings['SITENAME']}: {translate(strings, lang, 'policy_changes')}",
        subtitle=translate(strings, lang, "feed_subtitle_policy_changes"), siteurl=siteurl,
        page_url=f"{siteurl}/policies/", self_url=f"{siteurl}/{FEED}", lang=lang,
        stylesheet=f"{siteurl}/feeds/feed.xsl", built=built,
    ))
    policy_word = translate(strings, lang, "policy")
    for revision, policy in entries:
        entry = feed.add_entry(order="append")
        entry.id(f"{policy.ob_id}@{revision.commit.sha}")
        entry.title(f"{policy_word} {policy.number}: {policy.title} ({revision.commit.subject})")
        entry.link(href=f"{siteurl}/{policy.history_url}#rev-{revision.commit.sha[:12]}", rel="alternate")
        entry.published(revision.commit.date)
        entry.updated(revision.commit.date)
        summary = translate(strings, lang, "words_changed").format(added=revision.added, removed=revision.removed)
        entry.summary(f"{revision.commit.subject}. {summary}")
    return with_stylesheet(feed.atom_str(pretty=True), f"{siteurl}/feeds/feed.xsl")


class HistoryGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        policies = [i for i in self.context.get("ob_items", []) if i.ob_type == "policies"]
        for policy in policies:
            if policy.history:
                writer.write_file(
                    policy.history_url + "index.html", self.get_template("policy_history"), self.context,
                    article=policy, page_path=policy.history_url, history=policy.history,
                )
        feed = changes_feed(policies, self.settings, load_strings(self.settings["THEME"]))
        write_output(self.output_path, FEED, feed)


def get_generators(pelican: Any) -> type:
    return HistoryGenerator


def register() -> None:
    # initialized: settings are checked once, before anything is read.
    signals.initialized.connect(check_settings)
    # all_generators_finalized: only published policies get a history, and it
    # is known before the policy pages (which show "Last revised") are written.
    signals.all_generators_finalized.connect(attach_history)
    # get_generators: history pages and the feed go into the staging folder.
    signals.get_generators.connect(get_generators)
