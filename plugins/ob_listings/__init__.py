"""ob_listings: the home page, one index page per type and the Follow page, per language.

An index lists the items of its language, then the items that exist only in
another language (so every published item is on its type's index page).
Order: policies by Number, officers by name, everything else newest first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pelican import signals
from pelican.generators import Generator

from ob_types.model import TYPES, index_url

from .stats import AnswerStats, answer_stats

HOME_LATEST = 3  # items of each type on the home page


@dataclass
class Listing:
    folder: str  # "" for the home page
    lang: str
    url: str
    items: list[Any] = field(default_factory=list)
    sections: dict[str, list[Any]] = field(default_factory=dict)  # home page only
    translations: list[Any] = field(default_factory=list)  # the same listing in other languages
    stats: AnswerStats | None = None  # the Q&A index only

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def template(self) -> str:
        return {"": "home", "follow": "follow"}.get(self.folder, "listing")


def sort_items(items: list[Any], sort: str) -> list[Any]:
    if sort == "number":
        return sorted(items, key=lambda i: (i.number_key, i.title))
    if sort == "title":
        return sorted(items, key=lambda i: (i.title.split()[-1].lower(), i.title.lower()))
    return sorted(items, key=lambda i: (i.date, i.relative_source_path), reverse=True)


def for_language(items: list[Any], lang: str) -> list[Any]:
    """Items in lang, plus items with no version in lang at all."""
    return [
        item for item in items
        if item.lang == lang
        or (
            not any(t.lang == lang for t in item.translations)
            and (item.in_default_lang or lang == item.settings["DEFAULT_LANG"])
        )
    ]


def listing_pages(items: list[Any], default_lang: str) -> list[Listing]:
    """Every listing page of the site; the sitemap and the writer both use this."""
    langs = sorted({default_lang} | {item.lang for item in items}, key=lambda code: code != default_lang)
    listings = []
    for lang in langs:
        visible = for_language(items, lang)
        home = Listing("", lang, index_url("", lang, default_lang))
        for folder, spec in TYPES.items():
            if not spec.listed:
                continue
            of_type = sort_items([i for i in visible if i.ob_type == folder], spec.sort)
            listing = Listing(folder, lang, index_url(folder, lang, default_lang), of_type)
            if folder == "qa":
                listing.stats = answer_stats(of_type)
            listings.append(listing)
            home.sections[folder] = of_type if folder == "officers" else of_type[:HOME_LATEST]
        listings.append(home)
        listings.append(Listing("follow", lang, index_url("follow", lang, default_lang)))
    for listing in listings:
        listing.translations = [
            other for other in listings if other.folder == listing.folder and other.lang != listing.lang
        ]
    return listings


class ListingsGenerator(Generator):
    """Writes the home page and the type index pages."""

    def generate_output(self, writer: Any) -> None:
        items = self.context.get("ob_items", [])
        for listing in listing_pages(items, self.settings["DEFAULT_LANG"]):
            writer.write_file(
                listing.save_as,
                self.get_template(listing.template),
                self.context,
                listing=listing,
                page_lang=listing.lang,
                url=listing.url,
            )


def get_generators(pelican: Any) -> type:
    return ListingsGenerator


def register() -> None:
    # get_generators: listings are written with the items, into the same
    # staging folder, after every item's links and status are settled.
    signals.get_generators.connect(get_generators)
