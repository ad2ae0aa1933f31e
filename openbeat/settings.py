"""Every Open Beat setting, declared once: default, check and meaning.

`apply(settings)` fills in defaults and checks every value, once, when the build
(or a script) starts. docs/settings.md documents the same table; a test keeps the
two in step. Pelican's own settings (SITENAME, SITEURL, TIMEZONE, ...) are
Pelican's; the department block of pelicanconf.py sets them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import SettingError

HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
SOCIAL_NETWORKS = ("facebook", "instagram", "x", "nextdoor", "youtube", "mastodon", "bluesky")


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Callable[[Any], bool]
    expected: str  # what a good value looks like, for the error message


def _is_int(low: int, high: int | None = None) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= low and (high is None or v <= high)


def _is_text(v: Any) -> bool:
    return isinstance(v, str)


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _is_texts(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is_hex(v: Any) -> bool:
    return isinstance(v, str) and bool(HEX_RE.match(v))


def _is_hashtags(v: Any) -> bool:
    return (isinstance(v, list) and all(isinstance(h, str) and h.startswith("#") and " " not in h and len(h) > 1
                                        for h in v) and len(" ".join(v)) <= 60)


def _is_social(v: Any) -> bool:
    return isinstance(v, dict) and all(
        k in SOCIAL_NETWORKS and isinstance(u, str) and u.startswith("https://") for k, u in v.items()
    )


SETTINGS: tuple[Setting, ...] = (
    # The project's folder (pelicanconf.py sets it to its own); empty: the folder that holds THEME.
    Setting("PROJECT_PATH", "", _is_text, "a folder path"),
    # The department's own content types (contract section 13).
    Setting("CONTENT_TYPES_EXTRA", {}, lambda v: isinstance(v, dict), "a dict of folder name to type"),
    # Phone numbers the department publishes on purpose; any other is personal data.
    Setting("PUBLIC_PHONES", [], _is_texts, "a list of strings such as ['555-0100']"),
    # A post file larger than this many bytes is refused (lint and build).
    Setting("CONTENT_MAX_BYTES", 1_000_000, _is_int(10_000), "a whole number of bytes, at least 10000"),
    # A line of a post longer than this many characters is refused.
    Setting("CONTENT_MAX_LINE", 20_000, _is_int(1_000), "a whole number of characters, at least 1000"),
    # Lists or quotes nested deeper than this are refused.
    Setting("CONTENT_MAX_DEPTH", 12, _is_int(2, 100), "a whole number from 2 to 100"),
    # Largest image, in pixels, that a content file may use (decompression-bomb guard).
    Setting("IMAGES_MAX_PIXELS", 50_000_000, _is_int(1), "a positive whole number"),
    # Widths, in pixels, of the resized copies published for each image (never upscaled).
    Setting("IMAGES_WIDTHS", [480, 800, 1200],
            lambda v: isinstance(v, list) and bool(v) and all(isinstance(w, int) and w > 0 for w in v),
            "a list of positive widths in pixels"),
    # JPEG and WebP quality of the published copies (1-95).
    Setting("IMAGES_QUALITY", 80, _is_int(1, 95), "a number from 1 to 95"),
    # Largest file size of a published copy, in bytes; quality is lowered to fit.
    Setting("IMAGES_MAX_BYTES", 400_000, _is_int(20_000), "a whole number of bytes, at least 20000"),
    # Background of cards for posts without a photo.
    Setting("CARDS_BACKGROUND", "#12355b", _is_hex, "a colour like #12355b"),
    # Colour of the type badge and the bottom rule of cards.
    Setting("CARDS_ACCENT", "#ffbf47", _is_hex, "a colour like #12355b"),
    # Colour of the title and the department's name on cards.
    Setting("CARDS_TEXT", "#ffffff", _is_hex, "a colour like #12355b"),
    # Hashtags added to every teaser in the social feed, counted in the 250 limit.
    Setting("FEEDS_HASHTAGS", [], _is_hashtags, "a list of hashtags such as ['#MillbrookPD'], 60 characters at most in all"),
    # How many of the newest entries each feed carries.
    Setting("FEED_MAX_ITEMS", 50, _is_int(1), "a positive whole number"),
    # The authority of feed ids (tag:AUTHORITY,YEAR:ID); empty: the host of SITEURL.
    Setting("FEED_ID_AUTHORITY", "", lambda v: isinstance(v, str) and not re.search(r"[\s,:/]", v),
            "a host name such as police.example.gov"),
    # The year of feed ids; keep it when the site moves, so ids never change.
    Setting("FEED_ID_YEAR", 2026, _is_int(1990, 2100), "a year such as 2026"),
    # How many items an index page lists before it continues on a next page.
    Setting("LISTINGS_PER_PAGE", 20, _is_int(5, 500), "a whole number from 5 to 500"),
    # Show the git author's name beside each policy revision (off: staff names stay private).
    Setting("HISTORY_SHOW_AUTHORS", False, _is_bool, "True or False"),
    # The tip line of appeals that give no Tip-Phone.
    Setting("TIP_PHONE", "", _is_text, "a phone number such as '555-0123', or ''"),
    # The tip form of appeals that give no Tip-Url.
    Setting("TIP_URL", "", lambda v: v == "" or (isinstance(v, str) and v.startswith(("https://", "http://"))),
            "an address starting with https://, or ''"),
    # The sender of CAP messages; empty: the host of SITEURL.
    Setting("CAP_SENDER", "", lambda v: isinstance(v, str) and not re.search(r"[\s,<&]", v),
            "a name without spaces, commas, < or &, such as police.example.gov"),
    # The area of CAP messages whose alert gives no Area; empty: SITENAME.
    Setting("CAP_AREA", "", _is_text, "text such as 'City of Millbrook'"),
    # The syndication record the site reads for its "Discuss on" links; relative to the settings file.
    Setting("SYNDICATION_RECORD", "syndication.json", _is_text, "a file name such as 'syndication.json'"),
    # The department's logo or seal (SVG or PNG), relative to the settings file; empty: none.
    Setting("LOGO", "", _is_text, "a path such as 'theme/logo.svg', or ''"),
    # The department's own social accounts, shown in the footer and on the Follow page.
    Setting("SOCIAL_ACCOUNTS", {}, _is_social,
            f"a dict of network ({', '.join(SOCIAL_NETWORKS)}) to an https:// address"),
    # Publish the browser editor for a git host ("github" or "gitlab"); empty: no editor in OUT.
    Setting("EDITOR_BACKEND", "", lambda v: v in ("", "github", "gitlab"), "'github', 'gitlab' or ''"),
    # The repository the editor saves to, as owner/name.
    Setting("EDITOR_REPO", "", lambda v: v == "" or (isinstance(v, str) and re.fullmatch(r"[\w.-]+/[\w.-]+", v)),
            "owner/name, such as 'millbrook/site'"),
    # The branch the editor's pull requests go to.
    Setting("EDITOR_BRANCH", "main", lambda v: isinstance(v, str) and bool(re.fullmatch(r"[\w./-]+", v)),
            "a branch name such as 'main'"),
    # The address of the OAuth endpoint the GitHub editor signs in through.
    Setting("EDITOR_AUTH_URL", "", lambda v: v == "" or (isinstance(v, str) and v.startswith("https://")),
            "an address starting with https://, or ''"),
    # The GitLab application id (PKCE sign-in needs no server).
    Setting("EDITOR_APP_ID", "", _is_text, "the application id GitLab shows, or ''"),
    # The licence of published data sets (schema.org Dataset `license`): a URL.
    Setting("DATA_LICENSE", "https://creativecommons.org/publicdomain/zero/1.0/",
            lambda v: isinstance(v, str) and v.startswith(("https://", "http://")), "an address starting with https://"),
    # Build the Pagefind search index (needs Node; make html installs it).
    Setting("SEARCH", True, _is_bool, "True or False"),
    # The publish build: HTML outside the allowlist is an error, not only dropped.
    Setting("STRICT_HTML", False, _is_bool, "True or False"),
)
BY_NAME: Mapping[str, Setting] = {s.name: s for s in SETTINGS}


def apply(settings: dict[str, Any]) -> dict[str, Any]:
    """Fill in missing settings from their defaults, then check every value."""
    for setting in SETTINGS:
        settings.setdefault(setting.name, copy.deepcopy(setting.default))
    for setting in SETTINGS:
        value = settings[setting.name]
        if not setting.check(value):
            raise SettingError(
                f"Detected misconfigured {setting.name} ({value!r}): "
                f"it must be {setting.expected} (default {setting.default!r})"
            )
    return settings
