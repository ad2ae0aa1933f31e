"""ob_feeds: the feeds of contract section 4, written with feedgen.

/feeds/all.{atom,rss}.xml, /feeds/TYPE.{atom,rss}.xml for policies, qa, stories
and alerts, and /feeds/social.rss.xml for auto-share tools, each with an XSL
stylesheet so that a feed opened in a browser explains itself.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from typing import Any

from pelican import signals
from pelican.generators import Generator

from ob_i18n import load_strings, translate
from ob_types.model import FEED_TYPES
from ob_types.output import write_output
from ob_types.settings import declare

from .entries import FeedEntry, feed_entries
from .writers import FeedInfo, full_feed, social_feed, with_stylesheet

DEFAULTS = {
    # Hashtags added to every teaser in the social feed, counted in the 250 limit.
    "FEEDS_HASHTAGS": [],
}
STYLESHEET = "feeds/feed.xsl"


def check_settings(pelican: Any) -> None:
    configure(pelican.settings)


def configure(settings: dict[str, Any]) -> None:
    """Fill in this plugin's defaults and check its settings (also used by scripts)."""
    declare(
        settings,
        DEFAULTS,
        {
            "FEEDS_HASHTAGS": (
                lambda v: isinstance(v, list) and all(isinstance(h, str) and h.startswith("#") and " " not in h for h in v)
                and len(" ".join(v)) <= 60,
                "a list of hashtags such as ['#MillbrookPD'], 60 characters at most in all",
            )
        },
    )


def newest(entries: list[FeedEntry], fallback: datetime) -> datetime:
    return max((e.updated for e in entries), default=fallback)


def feed_files(entries: list[FeedEntry], settings: dict[str, Any], strings: dict[str, Any]) -> dict[str, bytes]:
    """Every feed file: output path -> bytes."""
    siteurl, site, lang = settings["SITEURL"], settings["SITENAME"], settings["DEFAULT_LANG"]
    stylesheet = f"{siteurl}/{STYLESHEET}"
    built_fallback = settings["BUILD_TIME"]

    def info(name: str, title: str, page: str, subset: list[FeedEntry]) -> FeedInfo:
        return FeedInfo(
            title=f"{site}: {title}",
            subtitle=translate(strings, lang, "feed_subtitle_" + name.split(".")[0]),
            siteurl=siteurl,
            page_url=f"{siteurl}/{page}",
            self_url=f"{siteurl}/feeds/{name}",
            lang=lang,
            stylesheet=stylesheet,
            built=newest(subset, built_fallback),
        )

    files = {}
    groups = [("all", translate(strings, lang, "feed_all"), "", entries)]
    groups += [
        (name, translate(strings, lang, f"type_{name}"), f"{name}/", [e for e in entries if e.type == name])
        for name in FEED_TYPES
    ]
    for name, title, page, subset in groups:
        feed = full_feed(info(f"{name}.atom.xml", title, page, subset), subset)
        files[f"feeds/{name}.atom.xml"] = with_stylesheet(feed.atom_str(pretty=True), stylesheet)
        feed = full_feed(info(f"{name}.rss.xml", title, page, subset), subset)
        files[f"feeds/{name}.rss.xml"] = with_stylesheet(feed.rss_str(pretty=True), stylesheet)
    social = social_feed(info("social.rss.xml", translate(strings, lang, "feed_social"), "", entries), entries)
    files["feeds/social.rss.xml"] = with_stylesheet(social.rss_str(pretty=True), stylesheet)
    return files


class FeedsGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        entries = feed_entries(
            self.context.get("ob_items", []), settings["SITEURL"], self.output_path, settings["FEEDS_HASHTAGS"]
        )
        for path, data in feed_files(entries, settings, load_strings(settings["THEME"])).items():
            write_output(self.output_path, path, data)
        shutil.copyfile(os.path.join(settings["THEME"], "feed.xsl"), os.path.join(self.output_path, STYLESHEET))


def get_generators(pelican: Any) -> type:
    return FeedsGenerator


def register() -> None:
    # initialized: settings are checked once, before anything is read.
    signals.initialized.connect(check_settings)
    # get_generators: feeds are written after the cards (plugin order), so the
    # social feed can give each card's length, into the staging folder.
    signals.get_generators.connect(get_generators)
