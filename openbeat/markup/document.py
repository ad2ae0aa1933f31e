"""A post's HTML as one parsed tree, transformed in steps and written out as HTML5.

The tree is lxml's (fast, and already a dependency). lxml writes HTML with the
rules of HTML 4, which does not know HTML5's void elements (`<source>`, `<wbr>`)
and would write `<source></source>`; `serialize()` is a small HTML5 writer for
the fragments a post contains (no script, style or foreign content: the
sanitiser has removed them).
"""

from __future__ import annotations

import html as stdhtml
import re
from collections.abc import Callable, Iterator

import lxml.html
from lxml import etree

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
BLOCK = frozenset({
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "caption",
    "figure", "figcaption", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "section",
})
SPACE_RE = re.compile(r"\s+")


def parse(html: str) -> etree._Element:
    """A `<div>` holding the fragment's nodes."""
    if not html.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(html, create_parent="div")


def _attribute_text(value: str) -> str:
    return stdhtml.escape(value, quote=True)


def _text(value: str | None) -> str:
    return stdhtml.escape(value, quote=False) if value else ""


def _write(element: etree._Element, out: list[str], rewrite: Callable[[str, str], str] | None) -> None:
    if not isinstance(element.tag, str):  # a comment or processing instruction: never published
        out.append(_text(element.tail))
        return
    tag = element.tag
    out.append(f"<{tag}")
    for name, value in element.attrib.items():
        if rewrite is not None and name in ("href", "src", "srcset"):
            value = rewrite(name, value)
        out.append(f' {name}="{_attribute_text(value)}"' if value != "" or name not in BOOLEAN else f" {name}")
    out.append(">")
    if tag not in VOID:
        out.append(_text(element.text))
        for child in element:
            _write(child, out, rewrite)
        out.append(f"</{tag}>")
    out.append(_text(element.tail))


BOOLEAN = frozenset({"open", "reversed", "hidden", "data-pagefind-ignore"})


def serialize(root: etree._Element, rewrite: Callable[[str, str], str] | None = None) -> str:
    """The children of root as HTML5; rewrite(attribute, value) may change every href, src and srcset."""
    out = [_text(root.text)]
    for child in root:
        _write(child, out, rewrite)
    return "".join(out)


def plain_text(root: etree._Element) -> str:
    """The text a reader sees, whitespace folded, a space between blocks (none before punctuation)."""
    parts = [root.text or ""]
    for child in root:
        _text_parts(child, parts)
    return SPACE_RE.sub(" ", "".join(parts)).strip()


def _text_parts(element: etree._Element, parts: list[str], tail: bool = True) -> None:
    """Append the text of element (and of what follows it, with tail) to parts, a space around blocks."""
    if not isinstance(element.tag, str):  # a comment: only what follows it is text
        if tail:
            parts.append(element.tail or "")
        return
    block = element.tag in BLOCK
    if block:
        parts.append(" ")
    parts.append(element.text or "")
    for child in element:
        _text_parts(child, parts)
    if block:
        parts.append(" ")
    if tail:
        parts.append(element.tail or "")


def first_paragraph(root: etree._Element) -> str:
    """The text of the first paragraph that has any, else of the whole fragment."""
    for paragraph in root.iter("p"):
        text = plain_text_of(paragraph)
        if text:
            return text
    return plain_text(root)


def plain_text_of(element: etree._Element) -> str:
    """plain_text() of one element, without the text that follows it."""
    parts: list[str] = []
    _text_parts(element, parts, tail=False)
    return SPACE_RE.sub(" ", "".join(parts)).strip()


def iter_text_nodes(root: etree._Element, skip: frozenset[str]) -> Iterator[tuple[etree._Element, str]]:
    """(element, "text" or "tail") for every text node outside the tags in skip."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        skipped = any(a.tag in skip for a in element.iterancestors())  # its tail is inside a skipped tag
        if element is not root and element.tail and not skipped:
            yield element, "tail"
        if element.text and not (skipped or element.tag in skip):
            yield element, "text"
