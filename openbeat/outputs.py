"""Every file of a built site, as outputs of the site model (openbeat.render writes them).

Pages are rendered by the theme's templates with an explicit context: the page's
item or listing, the chrome of its language, the assets. An output's key hashes
exactly that context (plus the theme, the settings and this package's code), so
an output is made again only when something it shows has changed.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from jinja2 import Environment, TemplateNotFound
from PIL import Image, ImageDraw

from . import cards, feeds, images, jsonld, search
from .behaviours import behaviour
from .behaviours.dataset import safe_csv
from .digests import code_digest, digest, plain_settings, theme_digest
from .i18n import translate
from .item import Item
from .keys import TEASER_LIMIT
from .model import Build
from .reading import IMAGE_EXTENSIONS
from .render import Output
from .site import Site
from .sitemap import robots_txt, sitemap_entries, sitemap_xml
from .text import with_suffix

CSS_FOLDER = "css"
TEMPLATES = {"home": "home", "index": "listing", "follow": "follow", "search": "search", "sitemap": "sitemap"}


@dataclass(frozen=True)
class Assets:
    """URLs (relative to the site root) of the files every page links."""

    css: str  # theme/css/site.HASH.css
    favicon: str
    logo: str  # "" without a LOGO


def bundle_css(folder: str) -> bytes:
    """The theme's component files, in name order, as one stylesheet (one request on a phone)."""
    import re

    comment = re.compile(r"/\*.*?\*/", re.DOTALL)
    parts = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".css") and not name.startswith("site."):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                parts.append(comment.sub("", handle.read()))
    lines = (line.strip() for part in parts for line in part.splitlines())
    return ("\n".join(line for line in lines if line) + "\n").encode()


def favicon(background: str, accent: str) -> bytes:
    """A 32x32 shield in the site's colours (no request for a missing /favicon.ico)."""
    image = Image.new("RGBA", (32, 32), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(4, 3), (28, 3), (28, 16), (16, 30), (4, 16)], fill=background)
    draw.polygon([(10, 9), (22, 9), (22, 16), (16, 23), (10, 16)], fill=accent)
    buffer = io.BytesIO()
    images.pixels_only(image).save(buffer, "ICO", sizes=[(32, 32)])
    return buffer.getvalue()


class SiteOutputs:
    """Makes the outputs of one site model."""

    def __init__(self, site: Site, build: Build, env: Environment, writer_cache: Callable[[str, int], str | None]):
        self.site, self.build, self.env = site, build, env
        self.writer_cache = writer_cache  # (key, index) -> that file of a made output, or None (Writer.cached)
        self.settings = build.settings
        self.context = plain_settings(build.settings)
        theme = build.settings["THEME"]
        self.global_key = digest(code_digest(), theme_digest(theme), self.context)
        css = bundle_css(os.path.join(theme, CSS_FOLDER))
        self.css = css
        self.assets = Assets(f"theme/css/site.{hashlib.sha256(css).hexdigest()[:10]}.css", "favicon.ico",
                             self.logo_path())
        self._templates: dict[tuple[str, str], str] = {}  # the names template_for tried -> the one it found

    def logo_path(self) -> str:
        logo = self.settings.get("LOGO") or ""
        if not logo:
            return ""
        with open(logo, "rb") as handle:
            data = handle.read()
        return f"theme/logo.{hashlib.sha256(data).hexdigest()[:10]}{os.path.splitext(logo)[1].lower()}"

    # pages

    def template_for(self, item: Item, prefix: str = "") -> str:
        """The first of PREFIX+FOLDER.html and PREFIX+TEMPLATE.html the theme has, else PREFIX+item.html
        (looked up once per type, not once per page)."""
        names = (f"{prefix}{item.type.folder}.html", f"{prefix}{item.type.template}.html")
        if names not in self._templates:
            self._templates[names] = next((name for name in names if self._has_template(name)), f"{prefix}item.html")
        return self._templates[names]

    def _has_template(self, name: str) -> bool:
        try:
            self.env.get_template(name)
        except TemplateNotFound:
            return False
        return True

    def page(self, path: str, template: str, lang: str, key_data: object, **context: Any) -> Output:
        """An HTML page rendered by a template, with the chrome of its language."""
        chrome = self.site.chrome.get(lang) or self.site.chrome[self.site.default_lang]
        key = digest(self.global_key, path, template, chrome, self.assets, key_data)
        return Output((path,), key, functools.partial(self._render, path, template, lang, chrome, context))

    def _render(self, path: str, template: str, lang: str, chrome: Any, context: dict[str, Any]) -> dict[str, bytes]:
        """The page's whole context is put together only when it is made (thousands wait at once)."""
        item = context.get("item")
        data = (jsonld.item_data(item, self.settings, self.assets.logo) if item is not None and "page_path" not in context
                else jsonld.site_data(self.settings, self.assets.logo))
        full = {**self.context, **context, "chrome": chrome, "assets": self.assets, "page_lang": lang,
                "jsonld": data, "default_card": self.default_card, "theme_strings": self.build.strings}
        return {path: self.env.get_template(template).render(full).encode("utf-8")}

    def item_pages(self) -> Iterator[Output]:
        for item in self.site.items:
            yield self.page(item.url + "index.html", self.template_for(item), item.lang, item.key, item=item)

    def listing_pages(self) -> Iterator[Output]:
        for listing in self.site.listings:
            keys = tuple(i.key for i in listing.items)
            yield self.page(listing.url + "index.html", TEMPLATES[listing.kind] + ".html", listing.lang,
                            (listing.kind, listing.type, listing.page, listing.pages, listing.prev_url,
                             listing.next_url, listing.translations, listing.parts,
                             tuple(s.key for s in listing.sections), keys), listing=listing)

    # feeds

    def feed_info(self, name: str, title: str, subtitle: str, page: str, updated: datetime) -> feeds.FeedInfo:
        """What the head of /feeds/NAME says: its permanent id, title, pages, language, last change, note."""
        siteurl, lang = self.build.siteurl, self.site.default_lang
        note = translate(self.build.strings, lang, "feed_note").format(url=f"{siteurl}/{self.site.chrome[lang].follow_url}")
        return feeds.FeedInfo(
            id=self.build.guid(f"feeds/{name}"), title=f"{self.settings['SITENAME']}: {title}",
            subtitle=subtitle, page_url=f"{siteurl}/{page}", self_url=f"{siteurl}/feeds/{name}", lang=lang,
            author=self.settings["SITENAME"], email=self.settings.get("CONTACT_EMAIL", ""), updated=updated, note=note,
        )

    def feed_content(self, item: Item) -> str:
        template = self.env.get_template(self.template_for(item, "feed/"))
        return template.render(**self.context, item=item, page_lang=item.lang, theme_strings=self.build.strings)

    def make_feeds(self, name: str, atom: feeds.FeedInfo, rss: feeds.FeedInfo, items: list[Item]) -> dict[str, bytes]:
        """/feeds/NAME.atom.xml and /feeds/NAME.rss.xml of the same items: each entry's HTML rendered once, for both."""
        html = {item.guid: self.feed_content(item) for item in items}
        return {f"feeds/{name}.atom.xml": feeds.atom(atom, items, lambda i: html[i.guid], self.link),
                f"feeds/{name}.rss.xml": feeds.rss(rss, items, lambda i: html[i.guid], self.link)}

    def link(self, item: Item) -> str:
        return self.build.absolute(item.url)

    def feed_outputs(self) -> Iterator[Output]:
        strings, lang = self.build.strings, self.site.default_lang
        limit = self.settings["FEED_MAX_ITEMS"]
        posts = [i for i in self.site.items if i.type.feeds]
        groups = [("all", translate(strings, lang, "feed_all"), translate(strings, lang, "feed_subtitle_all"), "", posts)]
        for spec in self.site.types.in_feeds:
            groups.append((spec.folder, spec.label(lang, plural=True),
                           translate(strings, lang, "feed_subtitle_type").format(name=spec.label(lang, plural=True)),
                           f"{spec.folder}/", [i for i in posts if i.type is spec]))
        for name, title, subtitle, page, items in groups:
            chosen = feeds.newest(items, limit)
            updated = max((i.updated for i in chosen), default=self.site.now)
            atom, rss = (self.feed_info(f"{name}.{kind}.xml", title, subtitle, page, updated) for kind in ("atom", "rss"))
            yield Output((f"feeds/{name}.atom.xml", f"feeds/{name}.rss.xml"),
                         digest(self.global_key, "feed", name, tuple(i.key for i in chosen)),
                         functools.partial(self.make_feeds, name, atom, rss, chosen))
        social = self.social_items(posts)[:limit]
        info = self.feed_info("social.rss.xml", translate(strings, lang, "feed_social"),
                              translate(strings, lang, "feed_subtitle_social"), "",
                              max((s.published for s in social), default=self.site.now))
        yield Output(("feeds/social.rss.xml",), digest(self.global_key, "social", social, info),
                     functools.partial(self.make_social, info, social), late=True)

    def social_items(self, posts: list[Item]) -> list[feeds.SocialItem]:
        """One item per post and one per published update, newest first (contract sections 4 and 8).
        Card sizes are filled in when the feed is made, after the cards (card_length=0 here)."""
        found = []
        hashtags = self.build.hashtags
        for item in posts:
            # A behaviour's part may give the item a state ("resolved") and items of its own (updates).
            state = next((p.state for p in item.parts.values() if getattr(p, "state", "")), "")
            common = dict(lang=item.lang, folder=item.type.folder, card_url=self.build.absolute(item.card.path),
                          card_length=0, card_alt=item.card.alt, card_width=item.card.width,
                          card_height=item.card.height, card_mime=item.card.mime)
            found.append(feeds.SocialItem(item.guid, item.title, self.link(item), item.social_text, item.date,
                                          state=state, **common))
            prefix = translate(self.build.strings, item.lang, "update_title")
            for part in item.parts.values():
                for entry in getattr(part, "social_entries", ()):
                    found.append(feeds.SocialItem(
                        f"{item.guid}#{entry.anchor}", f"{prefix}: {item.title}", f"{self.link(item)}#{entry.anchor}",
                        with_suffix(entry.text, hashtags, TEASER_LIMIT), entry.time, state="", **common))
        return sorted(found, key=lambda s: (s.published, s.guid), reverse=True)

    def make_social(self, info: feeds.FeedInfo, items: list[feeds.SocialItem]) -> dict[str, bytes]:
        """The social feed, each enclosure with its card's length (the cards are made before the feeds)."""
        sized = []
        for social_item in items:
            path = social_item.card_url[len(self.build.siteurl) + 1:]
            cached = self.writer_cache(*self.card_places.get(path, (card_key(path), 0)))
            sized.append(dataclasses.replace(social_item, card_length=os.path.getsize(cached) if cached else 0))
        return {"feeds/social.rss.xml": feeds.social(info, sized)}

    # images, cards, files

    def card_outputs(self) -> Iterator[Output]:
        """The site's card and each item's card without a photo (a photo's cards come with its copies)."""
        default = self.default_card
        max_pixels = self.settings["IMAGES_MAX_PIXELS"]
        yield Output((default.path,), card_key(default.path), functools.partial(
            draw, default, self.build.design, self.settings.get("CITY", ""), self.build.root, max_pixels),
            cost=cards.cost(default.photo))
        for item in self.site.items:
            if item.card.photo not in self.image_plans:  # a photo card's photo is always its item's lead image
                yield Output((item.card.path,), card_key(item.card.path), functools.partial(
                    draw, item.card, self.build.design, self.settings["SITENAME"], self.build.root, max_pixels),
                    cost=cards.cost(item.card.photo))

    @functools.cached_property
    def default_card(self) -> Any:
        from .item import Card

        site = self.settings["SITENAME"]
        key = cards.card_digest(self.build.design, site, self.settings.get("CITY", ""), "", "")
        extension, mime = cards.card_format(None)
        return Card(f"cards/site.{key}.{extension}", site, site, "", self.site.default_lang, None, mime=mime)

    @functools.cached_property
    def image_plans(self) -> dict[str, images.ImagePlan]:
        """Every image the published items show, by source path."""
        return {p.source: p for item in self.site.items for p in item.images}

    @functools.cached_property
    def photo_cards(self) -> dict[str, tuple[Any, ...]]:
        """The cards drawn on each image, by its source path, in path order."""
        found: dict[str, dict[str, Any]] = {}
        for item in self.site.items:
            if item.card.photo in self.image_plans:
                found.setdefault(item.card.photo, {})[item.card.path] = item.card
        return {source: tuple(by_path[p] for p in sorted(by_path)) for source, by_path in found.items()}

    @functools.cached_property
    def image_outputs(self) -> list[Output]:
        """Each image's copies and the cards drawn on it, made from one decode."""
        s = self.settings
        found = []
        for source in sorted(self.image_plans):
            image_plan, photo_cards = self.image_plans[source], self.photo_cards.get(source, ())
            found.append(Output(
                image_plan.paths + tuple(c.path for c in photo_cards),
                digest("image", image_plan, tuple(c.path for c in photo_cards)),  # a card's name: all it shows
                functools.partial(copies_and_cards, self.build.root, image_plan, s["IMAGES_QUALITY"],
                                  s["IMAGES_MAX_BYTES"], s["IMAGES_MAX_PIXELS"], photo_cards, self.build.design,
                                  self.settings["SITENAME"]),
                cost=images.cost(image_plan) + cards.SHARED_PHOTO_COST * len(photo_cards)))
        return found

    @functools.cached_property
    def card_places(self) -> dict[str, tuple[str, int]]:
        """Where each photo card is in the cache of made outputs: (key, index) of its image's output."""
        on_photos = {card.path for photo_cards in self.photo_cards.values() for card in photo_cards}
        return {path: (output.key, index) for output in self.image_outputs
                for index, path in enumerate(output.paths) if path in on_photos}

    def static_outputs(self) -> Iterator[Output]:
        """files/ as it is, except that images lose their metadata; images/ only through the items. An image
        of files/ that a post names is published only when a published item uses it."""
        root = self.build.root
        used = self.image_plans
        for path in sorted(self.build.statics):
            if not path.startswith("files/") or (path in self.build.named_images and path not in used):
                continue
            full = os.path.join(root, path)
            with open(full, "rb") as handle:
                key = digest("static", hashlib.sha256(handle.read()).hexdigest(), path)
            extension = os.path.splitext(path)[1].lower()
            if extension in IMAGE_EXTENSIONS:
                yield Output((path,), key, functools.partial(strip_file, full, path, self.settings["IMAGES_MAX_PIXELS"]),
                             cost=images.STRIP_COST)
            elif extension == ".csv":  # a spreadsheet never runs a formula cell of a download
                yield Output((path,), key, functools.partial(safe_csv, full, path))
            else:
                yield Output((path,), key, functools.partial(read_file, full, path))

    def asset_outputs(self) -> Iterator[Output]:
        css = self.css
        yield Output((self.assets.css,), digest("css", css), lambda: {self.assets.css: css})
        ico = favicon(self.settings["CARDS_BACKGROUND"], self.settings["CARDS_ACCENT"])
        yield Output(("favicon.ico",), digest("favicon", ico), lambda: {"favicon.ico": ico})
        script = self.settings.get(search.SCRIPT_SETTING)
        if script:  # the search page's own script (the only page with one)
            source = search.script_source(self.settings["THEME"])
            yield Output((script,), digest("script", script), lambda: {script: source})
        if self.assets.logo:
            logo = self.settings["LOGO"]
            yield Output((self.assets.logo,), digest("logo", self.assets.logo), functools.partial(
                read_file, logo, self.assets.logo))

    def sitemap_outputs(self) -> Iterator[Output]:
        entries = sitemap_entries(self.site, self.build.siteurl, [p for o in self.behaviour_pages for p in o.pages])
        yield Output(("sitemap.xml",), digest("sitemap", entries), lambda: {"sitemap.xml": sitemap_xml(entries)})
        robots = robots_txt(self.build.siteurl)
        yield Output(("robots.txt",), digest("robots", robots), lambda: {"robots.txt": robots.encode()})

    @functools.cached_property
    def behaviour_pages(self) -> list[Output]:
        found: list[Output] = []
        names = dict.fromkeys(name for spec in self.site.types for name in spec.behaviours)
        for name in names:
            hook = getattr(behaviour(name), "outputs", None)
            if hook is not None:
                found.extend(hook(self.site, self))
        return found

    def editor_outputs(self) -> Iterator[Output]:
        """The browser editor for the git host of EDITOR_BACKEND, under admin/ (none without the setting)."""
        if not self.settings.get("EDITOR_BACKEND"):
            return
        from .editor.admin import admin_files

        for name, data in sorted(admin_files(self.settings, self.site.types, local=False).items()):
            path = f"admin/{name}"
            yield Output((path,), digest("editor", path, hashlib.sha256(data).hexdigest()),
                         functools.partial(lambda p, d: {p: d}, path, data))

    def all(self) -> list[Output]:
        found = list(self.asset_outputs())
        found += self.card_outputs()
        found += self.image_outputs
        found += self.static_outputs()
        found += self.item_pages()
        found += self.listing_pages()
        found += self.behaviour_pages
        found += self.feed_outputs()
        found += self.sitemap_outputs()
        found += self.editor_outputs()
        return found


def card_key(path: str) -> str:
    """A card's name carries the digest of its inputs: the key is that name."""
    return digest("card", path)


def draw(card: Any, design: cards.CardDesign, site_name: str, root: str, max_pixels: int) -> dict[str, bytes]:
    photo = os.path.join(root, card.photo) if card.photo else None
    return {card.path: cards.draw_card(card.title, site_name, card.badge, photo, design, max_pixels)}


def copies_and_cards(root: str, image_plan: images.ImagePlan, quality: int, max_bytes: int, max_pixels: int,
                     photo_cards: tuple[Any, ...], design: cards.CardDesign, site_name: str) -> dict[str, bytes]:
    """An image's copies and the cards drawn on it: the cards from its largest copy when that covers them
    or is the whole photo, so that the photo is decoded once."""
    by_width = images.resized(root, image_plan, max_pixels)
    files = images.render(root, image_plan, quality, max_bytes, max_pixels, by_width)
    largest = by_width[max(by_width)]
    decoded = largest if image_plan.whole or cards.covers(largest.size) else None
    photo = os.path.join(root, image_plan.source)
    for card in photo_cards:
        files[card.path] = cards.draw_card(card.title, site_name, card.badge, photo, design, max_pixels, decoded)
    return files


def strip_file(full: str, path: str, max_pixels: int) -> dict[str, bytes]:
    return {path: images.strip(full, max_pixels)}


def read_file(full: str, path: str) -> dict[str, bytes]:
    with open(full, "rb") as handle:
        return {path: handle.read()}
