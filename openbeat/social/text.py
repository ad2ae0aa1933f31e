"""Post texts within each platform's limit, Bluesky's facets, and Bluesky record keys.

Mastodon: `TITLE`, a blank line, the description (teaser and hashtags), a blank line, the
link; at most 500 characters where every URL counts as 23.
Bluesky: `TITLE`, a blank line, the description; at most 300 graphemes. The link travels as
the external embed (the card), as the Bluesky app does when it turns a pasted link into a
card; links and hashtags inside the text get facets with UTF-8 byte offsets.
When a text is too long, the teaser is cut at a word and ends with "…"; the hashtags stay.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from html.parser import HTMLParser

MASTODON_LIMIT = 500
MASTODON_URL_LENGTH = 23  # Mastodon counts every link as 23 characters, whatever its length
BLUESKY_LIMIT = 300  # graphemes (app.bsky.feed.post#text maxGraphemes)
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"  # base32-sortable, as atproto TIDs use
URL_PATTERN = re.compile(r"https?://[^\s<>\"]+")
# Characters that continue a hashtag's run but never end it (Bluesky's detectFacets rules).
TAG_STOP = "\u00ad\u2060\u200a\u200b\u200c\u200d\u20e2"
TAG_MAX = 64


def graphemes(text: str) -> int:
    """User-perceived characters, as Bluesky and Mastodon count them.

    An approximation of Unicode extended grapheme clusters that never counts fewer than
    there are for the texts posts carry: combining marks, zero-width joiner sequences,
    variation selectors, skin tones, emoji tag sequences and regional-indicator pairs
    (flags) join the character before them; CR LF is one.
    """
    count, join_next, flag_open, previous = 0, False, False, ""
    for char in text:
        code = ord(char)
        joins = (
            join_next
            or unicodedata.category(char) in ("Mn", "Me", "Mc")
            or code in (0x200D, 0xFE0E, 0xFE0F)
            or 0x1F3FB <= code <= 0x1F3FF
            or 0xE0020 <= code <= 0xE007F
            or (char == "\n" and previous == "\r")
        )
        previous = char
        if joins:
            join_next = code == 0x200D
            continue
        join_next = False
        if 0x1F1E6 <= code <= 0x1F1FF:
            if flag_open:
                flag_open = False
                continue
            flag_open = True
        else:
            flag_open = False
        count += 1
    return count


def split_hashtags(description: str) -> tuple[str, str]:
    """(teaser, hashtags): the trailing `#tags` the build appended, split off the teaser."""
    description = " ".join(description.split())
    match = re.search(r"(?:^|\s)((?:#\S+\s?)+)$", description)
    if not match:
        return description, ""
    return description[: match.start(1)].rstrip(), match.group(1).strip()


def shorten(text: str, fits: Callable[[str], bool]) -> str:
    """`text`, or its longest word-boundary prefix + "…" for which fits() holds ("" if none)."""
    if fits(text):
        return text
    words = text.split(" ")
    while words:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:.-–—") + "…"
        if len(candidate) > 1 and fits(candidate):
            return candidate
    return ""


def mastodon_length(text: str) -> int:
    """Mastodon's count: graphemes, with every URL counted as 23."""
    return graphemes(URL_PATTERN.sub("x" * MASTODON_URL_LENGTH, text))


def compose(title: str, description: str, link: str | None, fits: Callable[[str], bool]) -> str:
    """TITLE\n\nTEASER #tags[\n\nLINK]: the teaser, then the hashtags, then the title give
    way until the text fits."""
    teaser, tags = split_hashtags(description)

    def build(title_part: str, teaser_part: str, tags_part: str) -> str:
        body = " ".join(part for part in (teaser_part, tags_part) if part)
        return "\n\n".join(part for part in (title_part, body, link or "") if part)

    if fits(build(title, teaser, tags)):
        return build(title, teaser, tags)
    cut = shorten(teaser, lambda t: fits(build(title, t, tags))) if teaser else ""
    if cut:
        return build(title, cut, tags)
    for tags_part in (tags, ""):
        if fits(build(title, "", tags_part)):
            return build(title, "", tags_part)
    return build(shorten(title, lambda t: fits(build(t, "", ""))), "", "")


def mastodon_text(title: str, description: str, link: str) -> str:
    return compose(title, description, link, lambda t: mastodon_length(t) <= MASTODON_LIMIT)


def bluesky_text(title: str, description: str) -> str:
    return compose(title, description, None, lambda t: graphemes(t) <= BLUESKY_LIMIT)


def byte_offset(text: str, index: int) -> int:
    """The UTF-8 byte offset of the character at `index` (Bluesky facets count bytes)."""
    return len(text[:index].encode("utf-8"))


def trim_url(url: str) -> str:
    """A URL found in running text without the punctuation that ends the sentence around it."""
    url = url.rstrip(".,;:!?'\"")
    while url.endswith(")") and url.count("(") < url.count(")"):
        url = url[:-1].rstrip(".,;:!?'\"")
    return url


def is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P")


def facets(text: str) -> list[dict]:
    """`app.bsky.richtext.facet`s for every link and hashtag in `text`, in text order.

    Offsets are UTF-8 bytes, byteEnd exclusive. A hashtag is `#` at the start or after
    white space, followed by at least one character that is not a digit or punctuation;
    trailing punctuation is not part of it; at most 64 characters (Bluesky's rules).
    """
    found: list[tuple[int, int, dict]] = []
    for match in URL_PATTERN.finditer(text):
        url = trim_url(match.group())
        if not url.split("://", 1)[1]:
            continue
        found.append((match.start(), match.start() + len(url), {"$type": "app.bsky.richtext.facet#link", "uri": url}))
    for match in re.finditer(r"(?:^|(?<=\s))[#＃](\S+)", text):
        tag = match.group(1)
        tag = tag[: min([tag.find(c) for c in TAG_STOP if c in tag] or [len(tag)])]
        while tag and is_punctuation(tag[-1]):
            tag = tag[:-1]
        if not tag or len(tag) > TAG_MAX or all(c.isdigit() or is_punctuation(c) for c in tag):
            continue
        start = match.start()
        end = match.start(1) + len(tag)
        if any(s <= start < e for s, e, _ in found):
            continue  # a "#" inside a link is the link's fragment, not a hashtag
        found.append((start, end, {"$type": "app.bsky.richtext.facet#tag", "tag": tag}))
    found.sort(key=lambda entry: entry[0])
    return [
        {"index": {"byteStart": byte_offset(text, start), "byteEnd": byte_offset(text, end)}, "features": [feature]}
        for start, end, feature in found
    ]


def tid(moment: datetime, clock_id: int) -> str:
    """An atproto TID (a Bluesky record key) for `moment`: 53 bits of microseconds since
    the epoch and a 10-bit clock id, as 13 base32-sortable characters."""
    micros = int(moment.timestamp() * 1_000_000)
    value = ((micros & ((1 << 53) - 1)) << 10) | (clock_id & 1023)
    return "".join(TID_ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(13)))


def iso_z(moment: datetime) -> str:
    """2026-06-01T12:00:00.000Z: the datetime format Bluesky records use (UTC, milliseconds)."""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class TextOfHtml(HTMLParser):
    """Collects the text of a Mastodon status: <br> is a line break, </p> a blank line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The plain text of a status's HTML: tags dropped, entities decoded, paragraphs kept."""
    parser = TextOfHtml()
    parser.feed(markup)
    parser.close()
    lines = "".join(parser.parts).split("\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in lines)).strip()


def utc_stamp(moment: datetime) -> str:
    """2026-06-01T12:00:00Z: the times of the record and the inbox."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_text(value: str) -> str:
    """An ISO time in UTC, e.g. 2026-06-01T12:00:00Z ('' when it is not a time)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")



