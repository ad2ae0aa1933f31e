"""The HTML allowlist of contract section 2: what a writer needs, and nothing that runs.

`clean()` cuts a post's HTML to the allowlist with nh3 (Python's binding of
Rust's ammonia, a maintained sanitiser). `violations()` lists what `clean()`
would remove, so that lint and the publish build can name each piece as an
error before anything is dropped; it reads the same allowlist.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
})
GLOBAL_ATTRIBUTES = frozenset({"lang", "dir", "title", "class", "id"})
ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan", "style"}, "th": {"colspan", "rowspan", "scope", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"},
}
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
# Content is removed with these tags, not only the tags.
REMOVED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "textarea", "title"})
# Class names a writer's HTML may carry: what Python-Markdown itself writes. Others could
# dress text up as the site's own parts (an urgent banner), so they are dropped.
CLASS_RE = re.compile(r"^(footnote|footnote-ref|footnote-backref|footnote-backref-\w+|language-[\w+-]+|codehilite|"
                      r"toc|admonition|admonition-title|note|warning)$")
# Ids Python-Markdown's footnotes use; other ids could take the page's own (main, ob-...).
ID_RE = re.compile(r"^(fn|fnref)(:|-)[\w:.-]+$")
ALIGN_RE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$")
SCHEME_RE = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
RAW_ATTRIBUTE_RE = re.compile(r"""(?<![\w-])([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


@dataclass(frozen=True)
class Violation:
    kind: str  # "tag", "attribute", "url" or "class"
    name: str  # the tag, attribute, URL scheme or class as written
    needle: str  # text to look for in the source, to find the line

    @property
    def message(self) -> str:
        if self.kind == "tag":
            return (f"<{self.name}> is not allowed in a post and is removed from the page: delete it "
                    "(posts may use emphasis, links, lists, tables, abbr, details and figures)")
        if self.kind == "url":
            return (f'a link or image uses "{self.name}:", which is not allowed (only https:, http:, mailto: and '
                    "tel:): link to a web page, or put the file in files/ or images/")
        if self.kind == "class":
            return f'class="{self.name}" is not allowed in a post and is removed: delete it'
        return f'the attribute {self.name}= is not allowed in a post and is removed: delete it'


def _attribute_ok(tag: str, name: str, value: str) -> bool:
    """Whether an attribute other than class (kept or dropped token by token) is allowed as it is."""
    if name == "id":
        return bool(ID_RE.match(value))
    if name == "style":
        return bool(ALIGN_RE.match(value))
    return name in GLOBAL_ATTRIBUTES or name in ATTRIBUTES.get(tag, ())


def _filter(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: keep an attribute only when the allowlist lets it through."""
    if name == "class":
        kept = [token for token in value.split() if CLASS_RE.match(token)]
        return " ".join(kept) or None
    return value if _attribute_ok(tag, name, value) else None


def clean(html: str) -> str:
    """The HTML cut to the allowlist: other tags, attributes and URL schemes removed."""
    return nh3.clean(
        html,
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{t: set(a) for t, a in ATTRIBUTES.items()}},
        attribute_filter=_filter,
        url_schemes=set(SCHEMES),
        link_rel=None,  # the site marks external links itself (openbeat.markup.steps)
        strip_comments=True,
    )


def raw_value(tag: str, attribute: str) -> str | None:
    """An attribute's value as written in a start tag, before character references are decoded."""
    for match in RAW_ATTRIBUTE_RE.finditer(tag):
        if match.group(1).lower() == attribute:
            return next(v for v in match.groups()[1:] if v is not None)
    return None


class _Finder(HTMLParser):
    """Lists what the allowlist removes, tag by tag, with the text to search the source for."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Violation] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            self.found.append(Violation("tag", tag, f"<{tag}"))
            return
        for name, value in attrs:
            value = value or ""
            if name in URL_ATTRIBUTES:
                scheme = SCHEME_RE.match(re.sub(r"[\x00-\x20]", "", value))
                if scheme and scheme.group(1).lower() not in SCHEMES:
                    self.found.append(Violation("url", scheme.group(1).lower(), self._needle(name, scheme.group(1))))
                    continue
            if name == "class":
                for token in value.split():
                    if not CLASS_RE.match(token):
                        self.found.append(Violation("class", token, token))
            elif not _attribute_ok(tag, name, value):
                written = raw_value(self.get_starttag_text() or "", name) is not None
                self.found.append(Violation("attribute", name, f"{name}=" if written else name))

    handle_startendtag = handle_starttag

    def _needle(self, attribute: str, scheme: str) -> str:
        """What to search the source for: the value as written when it hides its scheme behind character
        references (`&#106;avascript:`), else the scheme."""
        written = (raw_value(self.get_starttag_text() or "", attribute) or "").split("\n")[0]
        return written if "&" in written.split(":", 1)[0] else scheme


def violations(html: str) -> tuple[Violation, ...]:
    """What clean() removes from this HTML, in document order, each once."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return tuple(dict.fromkeys(finder.found))
