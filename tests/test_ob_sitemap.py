"""sitemap.xml lists every published URL and nothing else; robots.txt points to it."""

from xml.etree import ElementTree

from conftest import SITEURL, basic_site, html_pages

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_urls(output):
    tree = ElementTree.parse(output / "sitemap.xml")
    return {loc.text for loc in tree.findall(".//s:loc", NS)}


def page_urls(output):
    urls = set()
    for path in html_pages(output):
        relative = path.relative_to(output).as_posix()
        urls.add(f"{SITEURL}/{relative.removesuffix('index.html')}")
    return urls


def test_sitemap_lists_exactly_the_published_pages(site):
    files = basic_site()
    files["stories/draft.md"] = "Title: Draft\nDate: 2026-01-01\nStatus: draft\n\nDraft.\n"
    output = site(files)
    assert sitemap_urls(output) == page_urls(output)
    assert not any("draft" in url for url in sitemap_urls(output))


def test_robots_txt_points_to_the_sitemap(basic_output):
    robots = (basic_output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots.splitlines()
