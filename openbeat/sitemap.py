"""sitemap.xml lists every published URL and nothing else; robots.txt points to it.

Written by hand because pelican-sitemap lists Pelican's own archive, tag and
category pages (which this site does not publish) and knows nothing of the type
index pages; here the list comes from the same site model every page is written from.
"""

from __future__ import annotations

from datetime import datetime
from xml.etree import ElementTree

from .site import Site

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_entries(site: Site, siteurl: str, extra: list[tuple[str, datetime | None]]) -> list[tuple[str, str | None]]:
    """(absolute URL, last change as YYYY-MM-DD) of every published page, sorted by URL."""
    entries: dict[str, datetime | None] = {}
    for item in site.items:
        entries[item.url] = item.updated
    for listing in site.listings:
        dates = [i.updated for i in listing.items if i.date]
        entries[listing.url] = max(dates) if dates else None
    for url, changed in extra:
        entries[url] = changed
    return sorted((f"{siteurl}/{url}", changed.date().isoformat() if changed else None)
                  for url, changed in entries.items())


def sitemap_xml(entries: list[tuple[str, str | None]]) -> bytes:
    ElementTree.register_namespace("", NAMESPACE)
    root = ElementTree.Element(f"{{{NAMESPACE}}}urlset")
    for url, changed in entries:
        node = ElementTree.SubElement(root, f"{{{NAMESPACE}}}url")
        ElementTree.SubElement(node, f"{{{NAMESPACE}}}loc").text = url
        if changed is not None:
            ElementTree.SubElement(node, f"{{{NAMESPACE}}}lastmod").text = changed
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots_txt(siteurl: str) -> str:
    return f"User-agent: *\nAllow: /\nDisallow: /admin/\n\nSitemap: {siteurl}/sitemap.xml\n"
