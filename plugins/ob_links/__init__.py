"""ob_links: officers and the stories that name them; policies and the answers that cite them.

Sets `officer_pages` on stories, `stories` on officers, `policy_pages` on answers
and `questions` on policies.
"""

from __future__ import annotations

from typing import Any

from pelican import signals


def by_slug(items: list[Any], folder: str) -> dict[tuple[str, str], Any]:
    return {(item.slug, item.lang): item for item in items if item.ob_type == folder}


def pick(index: dict[tuple[str, str], Any], slug: str, lang: str, default_lang: str) -> Any | None:
    """The item with that slug in the reader's language, else in the default one."""
    return index.get((slug, lang)) or index.get((slug, default_lang))


def link_items(items: list[Any], default_lang: str) -> None:
    """Fill both directions of officer<->story and policy<->answer links."""
    officers, policies = by_slug(items, "officers"), by_slug(items, "policies")
    for item in items:
        if item.ob_type in ("officers", "policies"):
            item.stories, item.questions = [], []
    for item in items:
        if item.ob_type == "stories":
            item.officer_pages = [
                found for slug in item.officer_slugs
                if (found := pick(officers, slug, item.lang, default_lang)) is not None
            ]
            for officer in item.officer_pages:
                officer.stories.append(item)
        if item.ob_type == "qa":
            item.policy_pages = [
                found for slug in item.policy_slugs
                if (found := pick(policies, slug, item.lang, default_lang)) is not None
            ]
            for policy in item.policy_pages:
                policy.questions.append(item)
    for item in items:
        for name in ("stories", "questions"):
            if hasattr(item, name):
                getattr(item, name).sort(key=lambda other: other.date, reverse=True)


def link_published(generators: list[Any]) -> None:
    if generators:  # ob_types (earlier in PLUGINS) has put the published items in the context
        link_items(generators[0].context["ob_items"], generators[0].settings["DEFAULT_LANG"])


def register() -> None:
    # all_generators_finalized: every item is read and its status settled, so
    # drafts and future posts are never linked from a published page.
    signals.all_generators_finalized.connect(link_published)
