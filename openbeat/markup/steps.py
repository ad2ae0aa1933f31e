"""One small step per concern, each on the parsed body of one post (openbeat.markup.document).

Content steps change what the post says (links resolved, images as pictures,
figures, tables, contact links); page steps add what a page needs around it
(heading anchors, external link notes). Feeds carry the HTML after the content
steps only, so screen-reader notes never reach a feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pelican.utils import slugify

from .document import iter_text_nodes, plain_text_of
from .sanitize import ALIGN_RE

EMAIL_RE = re.compile(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b")
EMERGENCY = "911"
SKIP_TEXT_IN = frozenset({"a", "code", "pre", "kbd", "samp"})
IGNORED = "data-pagefind-ignore"  # kept out of the search index and its result titles


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int


def element(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    node = etree.Element(tag, {k: v for k, v in (attrs or {}).items()})
    node.text = text
    return node


def hidden_text(text: str) -> etree._Element:
    return element("span", {"class": "ob-visually-hidden", IGNORED: ""}, text)


def demote_headings(root: etree._Element) -> None:
    """The page's title is its only <h1>: a `# Heading` in the text moves down one level."""
    if next(root.iter("h1"), None) is None:
        return
    for level in range(5, 0, -1):
        for heading in root.iter(f"h{level}"):
            heading.tag = f"h{level + 1}"


def resolve_links(root: etree._Element, resolve: Callable[[str], str | None]) -> None:
    """`{static}`/`{filename}` links become site URLs; a link resolve() refuses loses its href."""
    for link in root.iter("a"):
        href = link.get("href")
        if href is None:
            continue
        url = resolve(href)
        if url is None:
            del link.attrib["href"]
        else:
            link.set("href", url)


def pictures(root: etree._Element, picture: Callable[[str, str, bool], etree._Element | None], eager: bool) -> None:
    """Every `<img>` becomes the `<picture>` picture(src, alt, eager) makes; the first may load eagerly."""
    for img in list(root.iter("img")):
        replacement = picture(img.get("src", ""), img.get("alt", ""), eager)
        eager = False
        if replacement is None:
            img.drop_tree()  # keeps the text after it
            continue
        title = img.get("title")
        if title:
            replacement.find("img").set("title", title)
        replacement.tail = img.tail
        img.getparent().replace(img, replacement)


def figures(root: etree._Element) -> None:
    """An image with a title (`![alt](src "Caption")`) becomes a figure with that caption."""
    for img in list(root.iter("img")):
        caption = (img.get("title") or "").strip()
        if not caption:
            continue
        del img.attrib["title"]
        media = img.getparent() if img.getparent() is not None and img.getparent().tag == "picture" else img
        paragraph = media.getparent()
        figure = element("figure", {"class": "ob-figure"})
        figcaption = element("figcaption", text=caption)
        alone = paragraph.tag == "p" and len(paragraph) == 1 and not (paragraph.text or "").strip() \
            and not (media.tail or "").strip()
        tail, media.tail = media.tail, None
        if alone:  # a figure may not sit inside a paragraph: it takes the paragraph's place
            figure.tail = paragraph.tail
            paragraph.getparent().replace(paragraph, figure)
        elif paragraph.tag == "p":  # text around it: the figure follows the paragraph
            before = media.getprevious()
            paragraph.remove(media)
            if before is not None:
                before.tail = (before.tail or "") + (tail or "")
            else:
                paragraph.text = (paragraph.text or "") + (tail or "")
            paragraph.addnext(figure)
        else:
            paragraph.replace(media, figure)
            figure.tail = tail
        figure.append(media)
        figure.append(figcaption)


def tables(root: etree._Element, label: str) -> None:
    """Tables scroll sideways on phones; header cells say what they head; alignment is a class."""
    for table in list(root.iter("table")):
        table.set("class", " ".join(filter(None, [table.get("class"), "ob-table"])))
        for th in table.iterfind("thead/tr/th"):
            th.set("scope", "col")
        for row in table.iterfind("tbody/tr"):
            first = next(iter(row), None)
            if first is not None and first.tag == "th":
                first.set("scope", "row")
        for cell in list(table.iter("td")) + list(table.iter("th")):
            style = cell.attrib.pop("style", None)
            align = ALIGN_RE.match(style or "")
            if align:
                cell.set("class", f"ob-align-{align.group(1)}")
        caption = table.find("caption")
        wrapper = element("div", {"class": "ob-table-wrap", "role": "region", "tabindex": "0",
                                  "aria-label": plain_text_of(caption) if caption is not None else label})
        wrapper.tail, table.tail = table.tail, None
        table.getparent().replace(table, wrapper)
        wrapper.append(table)


def contact_links(root: etree._Element, public_phones: list[str]) -> None:
    """tel: links hold digits only; department numbers and e-mail addresses in text become links.

    911 is never a link (contract section 3): one tap must not dial it.
    """
    for link in list(root.iter("a")):
        href = link.get("href", "")
        if href.lower().startswith("tel:"):
            digits = re.sub(r"[^\d+]", "", href[4:])
            if re.sub(r"^\+?1?", "", digits) == EMERGENCY:
                link.drop_tag()  # keeps its text
            else:
                link.set("href", "tel:" + digits)
        elif href.lower().startswith("mailto:"):
            link.set("href", "mailto:" + href[7:].strip().lower())
    phones = [re.escape(p) for p in sorted(public_phones, key=len, reverse=True) if p.strip()]
    patterns = [EMAIL_RE.pattern] + ([r"(?<![\w-])(?:" + "|".join(phones) + r")(?![\w-])"] if phones else [])
    combined = re.compile("(" + "|".join(patterns) + ")")
    for node, where in list(iter_text_nodes(root, SKIP_TEXT_IN)):
        text = getattr(node, where)
        pieces = combined.split(text)
        if len(pieces) == 1:
            continue
        links = []
        for index in range(1, len(pieces), 2):
            piece = pieces[index]
            href = f"mailto:{piece.lower()}" if EMAIL_RE.fullmatch(piece) else "tel:" + re.sub(r"[^\d+]", "", piece)
            link = element("a", {"href": href}, piece)
            link.tail = pieces[index + 1]
            links.append(link)
        setattr(node, where, pieces[0])
        if where == "text":
            for offset, link in enumerate(links):
                node.insert(offset, link)
        else:
            parent, position = node.getparent(), node.getparent().index(node)
            for offset, link in enumerate(links, start=1):
                parent.insert(position + offset, link)


def heading_ids(root: etree._Element, slug_subs: list[Any]) -> list[Section]:
    """Stable ids from the heading text on h2 and h3 (an id already set is kept)."""
    used = {node.get("id") for node in root.iter() if isinstance(node.tag, str) and node.get("id")}
    sections = []
    for heading in root.iter("h2", "h3"):
        text = plain_text_of(heading)
        if not heading.get("id"):
            base = slugify(text, regex_subs=slug_subs) or "section"
            candidate, number = base, 2
            while candidate in used:
                candidate, number = f"{base}-{number}", number + 1
            heading.set("id", candidate)
            used.add(candidate)
        sections.append(Section(heading.get("id"), text, int(heading.tag[1])))
    return sections


def heading_anchors(root: etree._Element, link_text: str) -> None:
    """A self-link after each h2 and h3 that has an id, named for screen readers, kept out of search."""
    for heading in root.iter("h2", "h3"):
        if not heading.get("id"):
            continue
        text = plain_text_of(heading)
        anchor = element("a", {"href": f"#{heading.get('id')}", "class": "ob-anchor", IGNORED: "all"})
        mark = element("span", {"aria-hidden": "true"}, "#")
        anchor.append(mark)
        anchor.append(hidden_text(f"{link_text}: {text}"))
        if len(heading):
            heading[-1].tail = (heading[-1].tail or "") + " "
        else:
            heading.text = (heading.text or "") + " "
        heading.append(anchor)


def external_links(root: etree._Element, siteurl: str, note: str) -> None:
    """Links to other sites are marked, open nothing with our page's access, send no referrer."""
    for link in root.iter("a"):
        href = link.get("href", "")
        if not re.match(r"^https?://", href, re.IGNORECASE):
            continue
        if siteurl and (href == siteurl or href.startswith(siteurl + "/")):
            continue
        link.set("rel", "external noopener noreferrer")
        link.set("class", " ".join(filter(None, [link.get("class"), "ob-external"])))
        link.append(hidden_text(f" ({note})"))
