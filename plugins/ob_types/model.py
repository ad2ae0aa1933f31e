"""The content model of contract section 2: one table of types, and plain parsers.

Both the build (ob_types, ob_checks) and scripts/lint.py read this table, so the
URL, required keys and orderings of a type are declared exactly once.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ContentType:
    folder: str  # content folder, also the URL prefix and the feed name
    template: str  # theme template for one item
    required: tuple[str, ...]  # required keys besides Title (lower case)
    optional: tuple[str, ...]
    dated: bool  # a Pelican article (has Date) rather than a page
    listed: bool  # has an index page at /FOLDER/
    sort: str  # "date" (newest first), "number" (policies) or "title"


TYPES: dict[str, ContentType] = {
    t.folder: t
    for t in (
        ContentType(
            "policies", "policy", ("date", "number", "effective"),
            ("summary", "teaser", "tags", "supersedes", "review-due"),
            True, True, "number",
        ),
        ContentType(
            "qa", "answer", ("date", "question", "asked"),
            ("asker", "authors", "teaser", "tags", "policies"),
            True, True, "date",
        ),
        ContentType(
            "stories", "story", ("date",),
            ("officers", "image", "image-alt", "teaser", "tags"),
            True, True, "date",
        ),
        ContentType(
            "alerts", "alert", ("date", "expires"),
            ("severity", "teaser", "tags"),
            True, True, "date",
        ),
        ContentType(
            "officers", "officer", ("rank", "photo", "photo-alt"),
            ("unit", "joined", "languages"),
            False, True, "title",
        ),
        ContentType(
            "data", "dataset", ("date", "source"),
            ("summary", "teaser", "chart", "tags"),
            True, True, "date",
        ),
        ContentType("pages", "page", (), (), False, False, "title"),
    )
}
# Types whose items are posts: they go into feeds (contract section 4).
FEED_TYPES = ("policies", "qa", "stories", "alerts")
# Keys any item may carry (contract section 2, "Keys that every post may carry").
COMMON_KEYS = (
    "title", "date", "modified", "slug", "id", "status", "lang", "tags",
    "teaser", "summary", "image", "image-alt", "template",
)
DATE_KEYS = ("date", "modified", "asked", "effective", "expires", "review-due")
LIST_KEYS = ("tags", "authors", "officers", "policies", "languages")
SEVERITIES = ("info", "warning", "urgent")
LANGS = ("en", "es")
STATUSES = ("published", "draft")
CHARTS = ("bar", "line")
TEASER_LIMIT = 250

_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$")
_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")


def type_of(relative_source_path: str) -> ContentType | None:
    """The type a content file has, from the first folder of its path."""
    parts = relative_source_path.replace("\\", "/").split("/")
    return TYPES.get(parts[0]) if len(parts) > 1 else None


def parse_date(text: str, timezone: str) -> datetime:
    """An ISO date `YYYY-MM-DD` or `YYYY-MM-DD HH:MM` in the site's timezone.

    Raises ValueError for anything else: the contract allows only these forms.
    """
    match = _DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not YYYY-MM-DD or YYYY-MM-DD HH:MM")
    year, month, day, hour, minute = (int(g) if g else 0 for g in match.groups())
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(timezone))


def is_policy_number(text: str) -> bool:
    return bool(_NUMBER_RE.match(text.strip()))


def number_key(text: str) -> tuple[int, ...]:
    """Sort key for policy numbers: 300 < 300.2 < 300.10 < 301."""
    return tuple(int(part) for part in text.strip().split("."))


def split_list(value: str | list[str]) -> list[str]:
    """A comma-separated value (or continued lines) as a list of stripped items."""
    text = ",".join(value) if isinstance(value, list) else str(value)
    return [item.strip() for item in text.split(",") if item.strip()]


def text_value(value: str | list[str]) -> str:
    """A single-line value; continued lines are joined with spaces."""
    return " ".join(value) if isinstance(value, list) else str(value)


def item_url(folder: str, slug: str, lang: str, default_lang: str = "en") -> str:
    """Relative URL of one item: /policies/SLUG/, /SLUG/ for pages, /es/... in Spanish."""
    prefix = "" if lang == default_lang else f"{lang}/"
    middle = "" if folder == "pages" else f"{folder}/"
    return f"{prefix}{middle}{slug}/"


def index_url(folder: str, lang: str, default_lang: str = "en") -> str:
    """Relative URL of a type's index page ("" = the home page)."""
    prefix = "" if lang == default_lang else f"{lang}/"
    return f"{prefix}{folder}/" if folder else prefix


_LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")


def is_external(ref: str) -> bool:
    return bool(re.match(r"^([a-z][a-z0-9+.-]*:|//)", ref.strip(), re.IGNORECASE))


def resolve_reference(ref: str, source_relpath: str, content_root: str) -> str:
    """The content-relative path a file reference in an item points to.

    Accepts `images/a.jpg` (from the content folder, as the contract writes
    Image and Photo), `/images/a.jpg`, Pelican's `{static}/images/a.jpg`, and
    paths relative to the Markdown file (`../images/a.jpg`).
    """
    ref = ref.strip().split("#")[0].split("?")[0]
    for prefix in _LINK_PREFIXES:
        if ref.startswith(prefix):
            ref = ref[len(prefix):]
            break
    if ref.startswith("/"):
        return posixpath.normpath(ref.lstrip("/"))
    beside = posixpath.normpath(posixpath.join(posixpath.dirname(source_relpath), ref))
    if ref.startswith(".") or os.path.exists(os.path.join(content_root, beside)):
        return beside
    return posixpath.normpath(ref)
