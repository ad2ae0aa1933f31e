"""The site model: every published item, every listing page and what every page shows around
its content, built once per build after all items are read. Writers only render it.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .behaviours import behaviour
from .i18n import lang_prefix
from .item import Item, newest_first
from .model import Build
from .types import TypeSpec, TypeTable

# Pages the site makes itself, per language (their names are reserved: openbeat.types.RESERVED_NAMES).
FOLLOW, SEARCH, SITE_MAP = "follow", "search", "sitemap"
FOOTER_PAGES = ("about", "accessibility", "privacy")  # page slugs linked from every footer, when they exist
ASK_PAGE = "ask"


@dataclass(frozen=True)
class Section:
    """One part of a listing page: a heading (a theme string key, or "" for none) and its items."""

    key: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Listing:
    """A page that lists items: the home page, one page of a type's index, the Follow page, search,
    the site map."""

    kind: str  # "home", "index", "follow", "search" or "sitemap": also its template
    lang: str
    url: str  # relative to the site root: "", "es/", "policies/", "policies/page/2/"
    type: TypeSpec | None = None  # the type of an index page
    sections: tuple[Section, ...] = ()
    page: int = 1
    pages: int = 1
    prev_url: str | None = None
    next_url: str | None = None
    translations: tuple[tuple[str, str], ...] = ()  # (lang, URL) of the same listing in other languages
    parts: Mapping[str, Any] = field(default_factory=dict)  # what a behaviour adds (Q&A statistics)

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(i for s in self.sections for i in s.items)


@dataclass(frozen=True)
class NavLink:
    folder: str
    label: str
    url: str


@dataclass(frozen=True)
class FeedLink:
    """One feed, as the Follow page and the <link rel="alternate"> tags name it."""

    name: str  # "all", a type's folder, or a behaviour's feed
    label: str
    subtitle: str
    atom: str | None  # path relative to the site
    rss: str | None


@dataclass(frozen=True)
class Chrome:
    """What every page in one language shows around its content."""

    lang: str
    nav: tuple[NavLink, ...]
    banner: tuple[Item, ...]  # urgent alerts that have not expired
    footer: tuple[tuple[str, str], ...]  # (page slug, URL) of the about, accessibility and privacy pages
    ask_url: str | None
    home_url: str
    follow_url: str
    search_url: str | None  # None when the site is built without search
    sitemap_url: str
    langs: tuple[str, ...]  # every language of the site, default first
    feeds: tuple[FeedLink, ...] = ()  # every feed of the site, "all" first


@dataclass(frozen=True)
class Site:
    types: TypeTable
    items: tuple[Item, ...]  # every published item, by source path
    listings: tuple[Listing, ...]
    chrome: Mapping[str, Chrome]  # by language
    langs: tuple[str, ...]
    default_lang: str
    now: datetime  # the build clock
    build: Build  # what the items were built with: settings, content folder, strings


def for_language(items: list[Item], lang: str, default_lang: str) -> list[Item]:
    """Items in lang, plus items that have no version in lang at all (marked with their language)."""
    return [i for i in items if i.lang == lang or (
        not any(t.lang == lang for t in i.translations) and (i.lang == default_lang or lang == default_lang))]


def ordered(spec: TypeSpec, items: list[Item], now: datetime) -> list[tuple[str, list[Item]]]:
    """A type's items in its listing order, in sections."""
    if spec.sort == "date":
        return [("", newest_first(items))]
    if spec.sort == "number":
        return [("", sorted(items, key=lambda i: (number_key(i.get("number", "0")), i.title)))]
    if spec.sort == "surname":
        return [("", sorted(items, key=lambda i: (i.title.split()[-1].lower(), i.title.lower())))]
    if spec.sort == "title":
        return [("", sorted(items, key=lambda i: i.title.lower()))]
    return behaviour(spec.sort).order(items, now)


def number_key(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return (0,)


def home_items(spec: TypeSpec, items: list[Item], now: datetime) -> list[Item]:
    for name in spec.behaviours:
        chooser = getattr(behaviour(name), "home", None)
        if chooser is not None:
            return chooser(items, now, spec.home)
    if not spec.home:
        return []
    return [i for _, section in ordered(spec, items, now) for i in section][: spec.home]


def home_first(spec: TypeSpec) -> bool:
    return any(getattr(behaviour(name), "HOME_FIRST", False) for name in spec.behaviours)


def paginate(spec: TypeSpec, lang: str, sections: list[tuple[str, list[Item]]], per_page: int, default_lang: str,
             parts: Mapping[str, Any]) -> list[Listing]:
    """The pages of one type's index in one language: every item on one of them, sections kept."""
    flat = [(key, item) for key, items in sections for item in items]
    pages = max(1, math.ceil(len(flat) / per_page))
    base = f"{lang_prefix(lang, default_lang)}{spec.folder}/"
    urls = [base if n == 1 else f"{base}page/{n}/" for n in range(1, pages + 1)]
    listings = []
    for number in range(1, pages + 1):
        chunk = flat[(number - 1) * per_page: number * per_page]
        grouped: list[Section] = []
        for key, item in chunk:
            if grouped and grouped[-1].key == key:
                grouped[-1] = Section(key, grouped[-1].items + (item,))
            else:
                grouped.append(Section(key, (item,)))
        if not grouped:  # an empty index still shows its sections' headings
            grouped = [Section(key, ()) for key, _ in sections if key]
        listings.append(Listing(
            "index", lang, urls[number - 1], spec, tuple(grouped), number, pages,
            prev_url=urls[number - 2] if number > 1 else None, next_url=urls[number] if number < pages else None,
            parts=parts if number == 1 else {},
        ))
    return listings


def chrome_for(lang: str, items: tuple[Item, ...], types: TypeTable, build: Build, langs: tuple[str, ...],
               search: bool) -> Chrome:
    prefix = lang_prefix(lang, build.default_lang)
    nav = tuple(NavLink(t.folder, t.label(lang, plural=True), f"{prefix}{t.folder}/") for t in types.listed)
    banner: tuple[Item, ...] = ()
    for spec in types:
        for name in spec.behaviours:
            hook = getattr(behaviour(name), "chrome", None)
            if hook is not None:
                banner += hook([i for i in items if i.type is spec], lang, build.default_lang).get("banner", ())
    pages = {i.slug: i for i in sorted(items, key=lambda i: i.lang == lang) if i.type.url == "root"}  # this language last: it wins
    footer = tuple((slug, pages[slug].url) for slug in FOOTER_PAGES if slug in pages and
                   (pages[slug].lang == lang or not any(t.lang == lang for t in pages[slug].translations)))
    ask = pages.get(ASK_PAGE)
    return Chrome(lang, nav, banner, footer, ask.url if ask else None, prefix, f"{prefix}{FOLLOW}/",
                  f"{prefix}{SEARCH}/" if search else None, f"{prefix}{SITE_MAP}/", langs,
                  feed_links(types, lang, build))


def feed_links(types: TypeTable, lang: str, build: Build) -> tuple[FeedLink, ...]:
    """The feeds: everything, one per type with feeds, and those a behaviour adds (policy changes)."""
    links = [FeedLink("all", build.t(lang, "feed_all"), build.t(lang, "feed_subtitle_all"),
                      "feeds/all.atom.xml", "feeds/all.rss.xml")]
    for spec in types.in_feeds:
        label = spec.label(lang, plural=True)
        links.append(FeedLink(spec.folder, label, build.t(lang, "feed_subtitle_type").format(name=label),
                              f"feeds/{spec.folder}.atom.xml", f"feeds/{spec.folder}.rss.xml"))
    for name in dict.fromkeys(b for spec in types for b in spec.behaviours):
        for feed_name, path in getattr(behaviour(name), "FEEDS", ()):
            links.append(FeedLink(feed_name, build.t(lang, feed_name), build.t(lang, f"feed_subtitle_{feed_name}"),
                                  path, None))
    links.append(FeedLink("social", build.t(lang, "feed_social"), build.t(lang, "feed_subtitle_social"), None,
                          "feeds/social.rss.xml"))
    return tuple(links)


def build_site(items: tuple[Item, ...], build: Build) -> Site:
    types, now, default = build.types, build.now, build.default_lang
    langs = tuple(sorted({default} | {i.lang for i in items}, key=lambda code: (code != default, code)))
    search = bool(build.settings.get("SEARCH"))
    listings: list[Listing] = []
    for lang in langs:
        visible = for_language(list(items), lang, default)
        prefix = lang_prefix(lang, default)
        home_sections: list[tuple[bool, Section]] = []
        for spec in types.listed:
            of_type = [i for i in visible if i.type is spec]
            parts: dict[str, Any] = {}
            for name in spec.behaviours:
                hook = getattr(behaviour(name), "listing", None)
                if hook is not None:
                    parts[name] = hook(of_type)
            listings += paginate(spec, lang, ordered(spec, of_type, now), build.settings["LISTINGS_PER_PAGE"],
                                 default, parts)
            chosen = home_items(spec, of_type, now)
            if chosen:
                home_sections.append((home_first(spec), Section(spec.folder, tuple(chosen))))
        home = tuple(s for first, s in home_sections if first) + tuple(s for first, s in home_sections if not first)
        listings.append(Listing("home", lang, prefix, sections=home))
        for kind in (FOLLOW, SITE_MAP) + ((SEARCH,) if search else ()):
            url = f"{prefix}{kind}/"
            sections = (tuple(Section(spec.folder, tuple(i for i in visible if i.type is spec)) for spec in types)
                        if kind == SITE_MAP else ())
            listings.append(Listing(kind, lang, url, sections=sections))
    def name(listing: Listing) -> str:
        return listing.kind + (listing.type.folder if listing.type else "")

    first_pages = {(name(listing), listing.lang): listing.url for listing in listings if listing.page == 1}
    linked = []
    for listing in listings:
        others = tuple((lang, first_pages[name(listing), lang]) for lang in langs
                       if lang != listing.lang and (name(listing), lang) in first_pages)
        linked.append(dataclasses.replace(listing, translations=others))
    chrome = {lang: chrome_for(lang, items, types, build, langs, search) for lang in langs}
    return Site(types, items, tuple(linked), chrome, langs, default, now, build)
