"""Building the item views (openbeat.item) from the posts Pelican read.

`build_items()` is called once per build, after every post is read: it decides
what is published (drafts, future posts and future updates are not), makes one
`Item` per published post, then links items to each other. Each item's HTML is
parsed once; every derived value (teaser, plain text, feed HTML, images, card)
comes from that one parse.
"""

from __future__ import annotations

import dataclasses
import os
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any
from urllib.parse import quote, urlsplit

from lxml import etree

from . import keys as K
from .behaviours import behaviour
from .cards import CardDesign, card_digest, card_format
from .checks.context import Entry
from .checks.files import make_entry
from .checks.personal import department_phones
from .digests import code_digest, digest, plain_settings
from .errors import Problem
from .header import Post
from .i18n import lang_prefix, load_strings, translate
from .images import ImagePlan, ImageProblem, inspect, plan, settings_key
from .item import Card, Item, PackedBody
from .markup import document, steps
from .markup.sanitize import Violation, clean, violations
from .parallel import fork_map
from .paths import PathRefused, content_file, is_external, strip_link_prefix
from .reading import Renderer
from .text import cut, with_suffix
from .types import TypeTable
from .values import typed_value

PICTURE_SIZES = "(min-width: 62em) 42em, (min-width: 48em) 44em, 100vw"
DOUBLE_STOP_RE = re.compile(r"([.?!…])\.(?=\s|$)")


@dataclass(frozen=True)
class Source:
    """One post as read: its path, its header, the HTML Markdown made of its body."""

    path: str
    post: Post
    html: str

    @cached_property
    def violations(self) -> tuple[Violation, ...]:
        """What the HTML allowlist removes from html (found once per source: the preview keeps a source
        while its file is unchanged)."""
        return violations(self.html)


@dataclass
class Build:
    """What building the items needs, read once per build."""

    root: str  # the content folder
    settings: dict[str, Any]
    now: datetime
    types: TypeTable
    statics: frozenset[str]  # content-relative paths of the files of images/ and files/
    discussions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # guid -> platform -> URL
    named_images: frozenset[str] = frozenset()  # images some post names, whether it is published or not
    problems: list[Problem] = field(default_factory=list)  # found while building (the checks found the rest)
    plans: dict[str, ImagePlan | None] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)  # source path -> URL of each published item

    @cached_property
    def strings(self) -> dict[str, dict[str, str]]:
        return load_strings(self.settings["THEME"])

    @cached_property
    def markdown(self) -> Renderer:
        """For Summary, a little Markdown in a header."""
        return Renderer(self.settings)

    @cached_property
    def siteurl(self) -> str:
        return self.settings["SITEURL"].rstrip("/")

    @cached_property
    def default_lang(self) -> str:
        return self.settings.get("DEFAULT_LANG", "en")

    @cached_property
    def image_settings(self) -> str:
        s = self.settings
        return settings_key(s["IMAGES_WIDTHS"], s["IMAGES_QUALITY"], s["IMAGES_MAX_BYTES"])

    @cached_property
    def design(self) -> CardDesign:
        s = self.settings
        logo = s.get("LOGO") or ""
        return CardDesign(s["CARDS_BACKGROUND"], s["CARDS_ACCENT"], s["CARDS_TEXT"],
                          os.path.join(s["THEME"], "fonts"), logo if logo.lower().endswith(".png") else "")

    @cached_property
    def public_phones(self) -> list[str]:
        return department_phones(self.settings)

    @cached_property
    def hashtags(self) -> str:
        """FEEDS_HASHTAGS as social posts end with them."""
        return " ".join(self.settings.get("FEEDS_HASHTAGS", []))

    def t(self, lang: str, key: str) -> str:
        return translate(self.strings, lang, key, self.default_lang)

    def feed_authority(self) -> str:
        return self.settings.get("FEED_ID_AUTHORITY") or urlsplit(self.siteurl).hostname or "localhost"

    def guid(self, item_id: str) -> str:
        """tag:AUTHORITY,YEAR:ID (RFC 4151): an IRI that never changes (contract section 4)."""
        specific = quote(item_id, safe=":/?@!$&'()*+,;=-._~#")
        return f"tag:{self.feed_authority()},{self.settings['FEED_ID_YEAR']}:{specific}"

    def image(self, relative: str) -> ImagePlan | None:
        """The plan of an image of the folder (None when it cannot be published: the checks said why)."""
        if relative not in self.plans:
            try:
                size = inspect(os.path.join(self.root, relative), self.settings["IMAGES_MAX_PIXELS"], decode=False)
                self.plans[relative] = plan(self.root, relative, size, self.settings["IMAGES_WIDTHS"],
                                            self.image_settings)
            except ImageProblem:
                self.plans[relative] = None
        return self.plans[relative]

    def absolute(self, url: str) -> str:
        return f"{self.siteurl}/{url}"

    @cached_property
    def fingerprint(self) -> str:
        """What every item depends on besides its own text: settings, strings, code, and the files
        of images/ and files/ (by size and time: an image changed, every item is built again)."""
        stats = []
        for path in sorted(self.statics):
            info = os.stat(os.path.join(self.root, path))
            stats.append((path, info.st_size, info.st_mtime_ns))
        return digest(code_digest(), plain_settings(self.settings), self.strings, stats)

    @cached_property
    def urls_fingerprint(self) -> str:
        return digest(sorted(self.urls.items()))


# --- which posts are published -------------------------------------------------------


def item_id(entry: Entry) -> str:
    """The permanent id: Id, else the file's path in the content folder (contract section 4)."""
    return entry.post.get("id") or entry.path


def entry_of(source: Source, build: Build) -> Entry:
    return make_entry(source.path, build.types[source.path.split("/")[0]], source.post, build.settings)


def typed_fields(entry: Entry, build: Build) -> dict[str, Any] | None:
    """Every key of the type (and the common ones) as a typed value; None when a value does not read
    (the checks reported it; only a draft gets this far with one)."""
    values: dict[str, Any] = {}
    names = list(K.COMMON_KEYS) + list(entry.spec.required) + list(entry.spec.optional)
    for name in dict.fromkeys(names):
        key = entry.spec.key(name)
        raw = entry.post.get(name)
        if not raw:
            values[key.id] = () if key.kind in (K.LIST, K.REFS) else (key.default or None)
            continue
        try:
            values[key.id] = typed_value(key, raw, build.settings["TIMEZONE"])
        except ValueError:
            return None
    return values


def is_published(entry: Entry, fields: dict[str, Any] | None, build: Build) -> bool:
    """Drafts and posts dated after the build clock are published nowhere (contract section 3)."""
    if fields is None or entry.draft:
        return False
    date = fields.get("date")
    return date is None or date <= build.now


def item_url(spec_url: str, folder: str, slug: str, lang: str, default_lang: str) -> str:
    middle = "" if spec_url == "root" else f"{folder}/"
    return f"{lang_prefix(lang, default_lang)}{middle}{slug}/"


# --- one item ----------------------------------------------------------------------


class Body:
    """One post's body, parsed once: content steps, behaviour steps, then the page's own steps."""

    def __init__(self, html: str):
        self.root = document.parse(clean(html))
        self.pictures: list[tuple[etree._Element, ImagePlan]] = []

    def images(self) -> tuple[ImagePlan, ...]:
        """The plans of the body's pictures, once each. (Text that is not published, such as a future
        update, is removed by the behaviours' `prepare` step, before any picture is made.)"""
        found: dict[str, ImagePlan] = {}
        for _node, image_plan in self.pictures:
            found.setdefault(image_plan.source, image_plan)
        return tuple(found.values())


class ItemBuilder:
    """Builds the Item of one published post (first pass: no links to other items)."""

    def __init__(self, entry: Entry, fields: dict[str, Any], source: Source, build: Build):
        self.entry, self.fields, self.source, self.build = entry, fields, source, build
        self.spec = entry.spec
        self.lang = entry.lang
        self.url = build.urls[entry.path]
        self.item_id = item_id(entry)
        self.summary_text = ""  # Summary as plain text, set by summary_html()

    # links and images the body names

    def resolve_link(self, href: str) -> str | None:
        prefix, _ = strip_link_prefix(href)
        if not prefix:
            return href
        try:
            relative = content_file(self.build.root, href, self.entry.path)
        except PathRefused as refused:
            self.build.problems.append(Problem(self.entry.path, self.entry.post.body_start, f"the link {refused}"))
            return None
        fragment = ("#" + href.split("#", 1)[1]) if "#" in href else ""
        if relative in self.build.urls:
            return self.build.absolute(self.build.urls[relative]) + fragment
        if relative in self.build.statics:
            image_plan = self.build.image(relative) if relative.startswith("images/") else None
            return self.build.absolute(image_plan.display.path if image_plan else relative) + fragment
        return None  # a draft or a future post: no link until it is published

    def picture_for(self, body: Body) -> Callable[[str, str, bool], etree._Element | None]:
        def picture(src: str, alt: str, eager: bool) -> etree._Element | None:
            if not src or is_external(src):
                return None
            try:
                relative = content_file(self.build.root, src, self.entry.path)
            except PathRefused:
                return None
            image_plan = self.build.image(relative)
            if image_plan is None:
                return None
            node = picture_element(image_plan, alt, self.build.siteurl, eager)
            body.pictures.append((node, image_plan))
            return node
        return picture

    def rewrite_absolute(self, attribute: str, value: str) -> str:
        """Feed readers resolve nothing: every link and image URL of a feed's HTML is absolute."""
        base = self.build.siteurl
        if attribute == "srcset":
            return ", ".join(base + p.strip() if p.strip().startswith("/") else p.strip() for p in value.split(","))
        if value.startswith("#"):
            return self.build.absolute(self.url) + value
        if value.startswith("/") and not value.startswith("//"):
            return base + value
        return value

    def content_steps(self, body: Body, eager: bool) -> None:
        root = body.root
        steps.demote_headings(root)
        steps.resolve_links(root, self.resolve_link)
        steps.pictures(root, self.picture_for(body), eager)
        steps.figures(root)
        steps.tables(root, self.build.t(self.lang, "table"))
        tip = self.fields.get("tip_phone")
        steps.contact_links(root, self.build.public_phones + ([tip] if tip else []))

    def page_steps(self, root: etree._Element) -> None:
        steps.heading_anchors(root, self.build.t(self.lang, "link_to_section"))
        steps.external_links(root, self.build.siteurl, self.build.t(self.lang, "external_site"))

    def render_nodes(self, nodes: list[etree._Element]) -> tuple[str, str]:
        """(page HTML, feed HTML) of some nodes taken out of the body (an update's text)."""
        holder = etree.Element("div")
        for node in nodes:
            holder.append(node)
        feed_html = document.serialize(holder, self.rewrite_absolute)
        steps.external_links(holder, self.build.siteurl, self.build.t(self.lang, "external_site"))
        return document.serialize(holder), feed_html

    def build_item(self) -> Item:
        entry, build, spec = self.entry, self.build, self.spec
        modules = {name: behaviour(name) for name in spec.behaviours}
        hidden = any(getattr(m, "hides_body", lambda e, b: False)(entry, build) for m in modules.values())
        body = Body("" if hidden else self.source.html)
        for module in modules.values():
            prepare = getattr(module, "prepare", None)
            if prepare is not None:
                prepare(body.root, entry, self)
        lead, lead_alt = self.lead_image(hidden)
        self.content_steps(body, eager=lead is None)
        parts: dict[str, Any] = {}
        for name, module in modules.items():
            view = getattr(module, "view", None)
            if view is not None:
                parts[name] = view(body.root, entry, self)
        sections = tuple(steps.heading_ids(body.root, build.settings.get("SLUG_REGEX_SUBSTITUTIONS", [])))
        text = document.plain_text(body.root)
        first = document.first_paragraph(body.root)
        feed_html = document.serialize(body.root, self.rewrite_absolute)
        self.page_steps(body.root)
        html = document.serialize(body.root)
        images = ((lead,) if lead else ()) + tuple(p for p in body.images() if not lead or p.source != lead.source)
        summary_html = self.summary_html()
        teaser = self.teaser(summary_html, first, parts)
        hashtags = build.hashtags
        updated_times = [t for t in (self.fields.get("date"), self.fields.get("modified")) if t]
        updated_times += [getattr(part, "latest", None) for part in parts.values() if getattr(part, "latest", None)]
        guid = build.guid(self.item_id)
        return Item(
            type=spec, source=entry.path, id=self.item_id, guid=guid, slug=entry.slug, lang=self.lang,
            title=entry.post.get("title"), url=self.url, date=self.fields.get("date"),
            modified=self.fields.get("modified"), fields=self.fields, body=PackedBody.of(html, feed_html, text),
            teaser=teaser, social_text=with_suffix(teaser, hashtags, K.TEASER_LIMIT), summary_html=summary_html,
            sections=sections, image=lead, image_alt=lead_alt if lead else "", images=images,
            card=self.card(lead, hidden), parts=parts, updated=max(updated_times) if updated_times else None,
            discussions=tuple(sorted(build.discussions.get(guid, {}).items())),
        )

    def lead_image(self, hidden: bool) -> tuple[ImagePlan | None, str]:
        key = self.spec.image_key
        if key is None or hidden:
            return None, ""
        reference = self.entry.post.get(key.name.lower())
        if not reference:
            return None, ""
        try:
            relative = content_file(self.build.root, reference, self.entry.path)
        except PathRefused:
            return None, ""
        return self.build.image(relative), self.entry.post.get(key.alt_key)

    def summary_html(self) -> str:
        summary = self.entry.post.get("summary")
        if not summary:
            return ""
        root = document.parse(clean(self.build.markdown.render(summary)))
        steps.contact_links(root, self.build.public_phones)
        self.summary_text = document.plain_text(root)  # the teaser's source when there is no Teaser
        return document.serialize(root)

    def teaser(self, summary_html: str, first_paragraph: str, parts: dict[str, Any]) -> str:
        for part in parts.values():
            replacement = getattr(part, "teaser", None)
            if replacement:
                return cut(replacement, K.TEASER_LIMIT)
        explicit = self.entry.post.get("teaser")
        if explicit:
            return cut(explicit, K.TEASER_LIMIT)
        if summary_html:
            return cut(self.summary_text, K.TEASER_LIMIT)
        return cut(first_paragraph, K.TEASER_LIMIT)

    def card(self, lead: ImagePlan | None, hidden: bool) -> Card:
        build, spec = self.build, self.spec
        badge_text = spec.badge_es if self.lang == "es" else spec.badge
        badge = string.Formatter().vformat(badge_text, (), _Fields(self.fields)).strip(" :")
        site = build.settings["SITENAME"]
        title = self.entry.post.get("title")
        photo = None if hidden or lead is None else lead.source
        digest = card_digest(build.design, title, site, badge, lead.digest if photo and lead else "")
        alt = build.t(self.lang, "card_alt").format(badge=badge, title=title, site=site)
        alt = DOUBLE_STOP_RE.sub(r"\1", alt)  # "Why?." after a title that ends in ? or !: one stop is enough
        extension, mime = card_format(photo)
        return Card(f"cards/{self.url.strip('/')}.{digest}.{extension}", alt, title, badge, self.lang, photo,
                    mime=mime)


class _Fields(dict):
    """Values for a badge such as "Policy {number}": a key the item does not have is empty."""

    def __init__(self, fields: Mapping[str, Any]):
        super().__init__({k: v for k, v in fields.items() if isinstance(v, str)})

    def __missing__(self, key: str) -> str:
        return ""


def picture_element(image_plan: ImagePlan, alt: str, siteurl: str, eager: bool) -> etree._Element:
    """A `<picture>`: the WebP copies, then the JPEG/PNG `<img>` with its size."""
    node = steps.element("picture")
    node.append(steps.element("source", {"type": "image/webp", "srcset": image_plan.srcset("image/webp", siteurl),
                                         "sizes": PICTURE_SIZES}))
    attrs = {"src": f"{siteurl}/{image_plan.fallback.path}", "srcset": image_plan.srcset(image_plan.fallback.mime, siteurl),
             "sizes": PICTURE_SIZES, "alt": alt, "width": str(image_plan.width), "height": str(image_plan.height),
             "decoding": "async"}
    if not eager:
        attrs["loading"] = "lazy"
    node.append(steps.element("img", attrs))
    return node


# --- every item, and the links between them ------------------------------------------------


def time_points(entry: Entry, fields: dict[str, Any], build: Build) -> list[datetime]:
    """The times at which this item's view changes by itself: its dates, and what its behaviours name
    (an update's time, an event's end)."""
    points = [v for v in fields.values() if isinstance(v, datetime)]
    for name in entry.spec.behaviours:
        hook = getattr(behaviour(name), "time_points", None)
        if hook is not None:
            points += hook(entry, fields, build)
    return sorted(points)


def cache_key(entry: Entry, fields: dict[str, Any], source: Source, build: Build) -> str:
    """Everything the first-pass view of one item is made of: the same key, the same Item."""
    text = source.post.text
    linked = build.urls_fingerprint if "{" in text else ""
    guid = build.guid(item_id(entry))
    now = tuple(point <= build.now for point in time_points(entry, fields, build))
    inputs = [hook(entry, build) for name in entry.spec.behaviours if (hook := getattr(behaviour(name), "inputs", None))]
    return digest(entry.path, text, build.fingerprint, linked, sorted(build.discussions.get(guid, {}).items()), now,
                  inputs)


def build_items(sources: list[Source], build: Build, cache: dict[str, Item] | None = None) -> tuple[Item, ...]:
    """The view of every published post, linked to each other, sorted by source path.

    With cache (key -> first-pass Item, see cache_key), an item whose inputs did not change is not
    built again; the cache is left holding exactly this build's items."""
    published: list[tuple[Entry, dict[str, Any], Source]] = []
    for source in sorted(sources, key=lambda s: s.path):
        entry = entry_of(source, build)
        fields = typed_fields(entry, build)
        if is_published(entry, fields, build):
            published.append((entry, fields, source))
    for entry, _fields, _source in published:
        build.urls[entry.path] = item_url(entry.spec.url, entry.spec.folder, entry.slug, entry.lang, build.default_lang)
    keys = [cache_key(entry, fields, source, build) for entry, fields, source in published]
    known = cache or {}
    todo = [n for n, key in enumerate(keys) if key not in known]
    made = dict(zip(todo, fork_map(lambda n: build_one(published[n], build), todo), strict=True))
    first = []
    kept: dict[str, Item] = {}
    for n, (entry, _fields, _source) in enumerate(published):
        if n in made:
            item, problems = made[n]
            build.problems.extend(problems)
        else:
            item = known[keys[n]]
        # The type as this build's table holds it: items are grouped by their type (a view made in a
        # worker process, or kept from an earlier build, holds a copy).
        item = dataclasses.replace(item, type=entry.spec, key=keys[n])
        kept[keys[n]] = item
        first.append(item)
    if cache is not None:
        cache.clear()
        cache.update(kept)
    return link_items(first, build)


def build_one(published: tuple[Entry, dict[str, Any], Source], build: Build) -> tuple[Item, list[Problem]]:
    """One item's first-pass view, and the problems found making it (run in a worker process)."""
    before = len(build.problems)
    item = ItemBuilder(*published, build).build_item()
    return item, build.problems[before:]


def link_items(items: list[Item], build: Build) -> tuple[Item, ...]:
    """Second pass: translations, the items each REFS key names, and the items that name each item."""
    versions: dict[tuple[str, str], list[Item]] = {}  # (folder, slug) -> the item in each language
    for item in items:
        versions.setdefault((item.type.folder, item.slug), []).append(item)

    def pick(folder: str, slug: str, lang: str) -> Item | None:
        """The item with that slug in lang, else in the default language, else in any."""
        found = sorted(versions.get((folder, slug), []), key=lambda i: (i.lang != lang, i.lang != build.default_lang,
                                                                         i.lang))
        return found[0] if found else None

    forward: dict[int, dict[str, list[Item]]] = {}
    backward: dict[tuple[str, str], dict[str, list[Item]]] = {}
    for item in items:
        relations: dict[str, list[Item]] = {}
        for key in item.type.keys:
            if key.kind != K.REFS:
                continue
            named = [found for slug in item.fields.get(key.id, ()) if (found := pick(key.refers_to, slug, item.lang))]
            relations[key.id] = named
            for target in named:
                backward.setdefault((target.type.folder, target.slug), {}).setdefault(item.type.folder, []).append(item)
        forward[id(item)] = relations
    linked = []
    for item in items:
        links = {name: tuple(found) for name, found in forward[id(item)].items()}
        for folder, naming in backward.get((item.type.folder, item.slug), {}).items():
            same_lang = [i for i in naming if i.lang == item.lang] or naming
            links[folder] = tuple(sorted(same_lang, key=lambda i: (i.date or build.now, i.source), reverse=True))
        translations = tuple(sorted((other for other in versions[(item.type.folder, item.slug)] if other is not item),
                                    key=lambda i: i.lang))
        key = digest(item.key, [(name, [i.key for i in found]) for name, found in links.items()],
                     [i.key for i in translations])
        linked.append(dataclasses.replace(item, links=links, translations=translations, key=key))
    return tuple(linked)
