"""ob_html: post-process each item's HTML with beautifulsoup4, one step per concern.

One <h1> per page, figures with captions, scrollable tables with scoped headers, heading anchors with
a self-link (and `toc`, the list of sections, on long policies), marked external
links, and consistent tel:/mailto: links. Sets `toc` on items.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup
from pelican import signals
from pelican.contents import Article, Page

from ob_i18n import load_strings, translate

from .steps import contact_links, demote_headings, external_links, figures, heading_anchors, tables

TOC_MIN_SECTIONS = 4  # a policy with at least this many sections gets a table of contents


def process(html: str, item_type: str, lang: str, settings: dict[str, Any], strings: dict) -> tuple[str, list]:
    """The item's HTML after every step, and its sections (for a table of contents)."""
    soup = BeautifulSoup(html, "html.parser")
    demote_headings(soup)
    figures(soup)
    tables(soup, translate(strings, lang, "table"))
    sections = []
    if item_type == "policies":
        link_text = translate(strings, lang, "link_to_section")
        sections = heading_anchors(soup, link_text, settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    external_links(soup, settings["SITEURL"], translate(strings, lang, "external_site"))
    contact_links(soup, settings.get("PUBLIC_PHONES", []))
    return str(soup), sections


def post_process(instance: Any) -> None:
    if not isinstance(instance, (Article, Page)) or not getattr(instance, "ob_type", None) or not instance._content:
        return
    strings = load_strings(instance.settings["THEME"])
    html, sections = process(instance._content, instance.ob_type, instance.lang, instance.settings, strings)
    instance._content = html
    instance.toc = sections if len(sections) >= TOC_MIN_SECTIONS else []


def register() -> None:
    # content_object_init (after ob_images has turned images into pictures):
    # the HTML is final before any template or feed reads it.
    signals.content_object_init.connect(post_process)
