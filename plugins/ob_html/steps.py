"""One small bs4 step per concern; each takes the parsed body of one item."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString
from pelican.utils import slugify

EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
SKIP_TEXT_IN = ("a", "code", "pre", "script", "style")


def hidden(soup: BeautifulSoup, text: str):
    span = soup.new_tag("span", attrs={"class": "ob-visually-hidden"})
    span.string = text
    return span


def demote_headings(soup: BeautifulSoup) -> None:
    """The page's title is its only <h1>: a `# Heading` in the text moves down one level."""
    if soup.find("h1") is None:
        return
    for level in range(5, 0, -1):
        for heading in soup.find_all(f"h{level}"):
            heading.name = f"h{level + 1}"


def figures(soup: BeautifulSoup) -> None:
    """An image with a title (`![alt](src "Caption")`) becomes a figure with that caption."""
    for img in soup.find_all("img", title=True):
        caption = img["title"].strip()
        del img["title"]
        media = img.parent if img.parent and img.parent.name == "picture" else img
        paragraph = media.parent
        alone = paragraph is not None and paragraph.name == "p" and not paragraph.get_text(strip=True)
        figure = soup.new_tag("figure", attrs={"class": "ob-figure"})
        media.wrap(figure)
        figcaption = soup.new_tag("figcaption")
        figcaption.string = caption
        figure.append(figcaption)
        if alone:  # a figure may not sit inside a paragraph
            paragraph.unwrap()


def tables(soup: BeautifulSoup, label: str) -> None:
    """Tables scroll sideways on phones; header cells say what they head."""
    for table in soup.find_all("table"):
        classes = table.get("class", [])
        table["class"] = classes + ["ob-table"] if "ob-table" not in classes else classes
        for th in table.select("thead th"):
            th["scope"] = "col"
        for row in table.select("tbody tr"):
            first = row.find(["td", "th"])
            if first is not None and first.name == "th":
                first["scope"] = "row"
        caption = table.find("caption")
        wrapper = soup.new_tag("div", attrs={"class": "ob-table-wrap", "role": "region", "tabindex": "0"})
        wrapper["aria-label"] = caption.get_text(strip=True) if caption else label
        table.wrap(wrapper)


def heading_anchors(soup: BeautifulSoup, link_text: str, slug_subs: list) -> list[tuple[str, str]]:
    """Stable ids from the heading text, and a self-link, on h2 and h3; returns the h2s."""
    used: set[str] = {tag["id"] for tag in soup.find_all(id=True)}
    sections = []
    for heading in soup.find_all(["h2", "h3"]):
        text = heading.get_text(" ", strip=True)
        if not heading.get("id"):
            base = slugify(text, regex_subs=slug_subs) or "section"
            candidate, number = base, 2
            while candidate in used:
                candidate, number = f"{base}-{number}", number + 1
            heading["id"] = candidate
            used.add(candidate)
        anchor = soup.new_tag("a", href=f"#{heading['id']}", attrs={"class": "ob-anchor"})
        mark = soup.new_tag("span", attrs={"aria-hidden": "true"})
        mark.string = "#"
        anchor.append(mark)
        anchor.append(hidden(soup, f"{link_text}: {text}"))
        heading.append(" ")
        heading.append(anchor)
        if heading.name == "h2":
            sections.append((heading["id"], text))
    return sections


def external_links(soup: BeautifulSoup, siteurl: str, note: str) -> None:
    """Links to other sites are marked, open nothing with our page's access, send no referrer."""
    for link in soup.find_all("a", href=True):
        href = link["href"]
        if not re.match(r"^https?://", href) or (siteurl and href.startswith(siteurl + "/")) or href == siteurl:
            continue
        link["rel"] = ["external", "noopener", "noreferrer"]
        link["class"] = link.get("class", []) + ["ob-external"]
        link.append(hidden(soup, f" ({note})"))


def contact_links(soup: BeautifulSoup, public_phones: list[str]) -> None:
    """tel: links hold digits only; department numbers and e-mail addresses in text become links."""
    for link in soup.find_all("a", href=True):
        if link["href"].startswith("tel:"):
            link["href"] = "tel:" + re.sub(r"[^\d+]", "", link["href"][4:])
        elif link["href"].lower().startswith("mailto:"):
            link["href"] = "mailto:" + link["href"][7:].strip().lower()
    patterns = [re.escape(p) for p in sorted(public_phones, key=len, reverse=True)] + ["911"]
    phone = r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])"
    combined = re.compile(f"({phone}|{EMAIL_RE.pattern})")
    for text in list(soup.find_all(string=True)):
        if not isinstance(text, NavigableString) or any(p.name in SKIP_TEXT_IN for p in text.parents):
            continue
        pieces = combined.split(str(text))
        if len(pieces) == 1:
            continue
        nodes = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                if piece:
                    nodes.append(NavigableString(piece))
                continue
            if EMAIL_RE.fullmatch(piece):
                link = soup.new_tag("a", href=f"mailto:{piece.lower()}")
            else:
                link = soup.new_tag("a", href="tel:" + re.sub(r"[^\d+]", "", piece))
            link.string = piece
            nodes.append(link)
        text.replace_with(*nodes)
