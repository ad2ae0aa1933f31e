"""ob_sitemap: sitemap.xml lists every published URL and nothing else; robots.txt points to it.

Written by hand because pelican-sitemap lists Pelican's own archive, tag and
category pages (which this site does not publish) and knows nothing of the
type index pages; here the list comes from the same published items and
listings that are written.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.etree import ElementTree

from pelican import signals
from pelican.generators import Generator

from ob_listings import listing_pages
from ob_types.output import write_output

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def absolute(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}"


def sitemap_entries(items: list[Any], default_lang: str, siteurl: str) -> list[tuple[str, datetime | None]]:
    """(absolute URL, last change) of every published page, sorted by URL."""
    entries = {}
    for item in items:
        changed = getattr(item, "modified", None) or getattr(item, "date", None)
        entries[absolute(siteurl, item.url)] = changed
    for listing in listing_pages(items, default_lang):
        dates = [i.date for i in listing.items if hasattr(i, "date")]
        entries[absolute(siteurl, listing.url)] = max(dates) if dates else None
    extra = [page for item in items for page in getattr(item, "extra_pages", [])]
    for url, changed in extra:
        entries[absolute(siteurl, url)] = changed
    return sorted(entries.items())


def sitemap_xml(entries: list[tuple[str, datetime | None]]) -> bytes:
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}urlset")
    for url, changed in entries:
        node = ElementTree.SubElement(root, f"{{{NAMESPACE}}}url")
        ElementTree.SubElement(node, f"{{{NAMESPACE}}}loc").text = url
        if changed is not None:
            ElementTree.SubElement(node, f"{{{NAMESPACE}}}lastmod").text = changed.date().isoformat()
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(siteurl: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"


class SitemapGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        entries = sitemap_entries(self.context.get("ob_items", []), settings["DEFAULT_LANG"], settings["SITEURL"])
        write_output(self.output_path, "sitemap.xml", sitemap_xml(entries))
        write_output(self.output_path, "robots.txt", robots_txt(settings["SITEURL"]))


def get_generators(pelican: Any) -> type:
    return SitemapGenerator


def register() -> None:
    # get_generators: written last among the plugins' generators, into the
    # staging folder, from the same list of published items as every page.
    signals.get_generators.connect(get_generators)
