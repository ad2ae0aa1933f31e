"""Theme strings and dates in a page's language (contract section 5).

The strings live in THEME/strings.json ({"en": {...}, "es": {...}}); names of
types and keys live in the type table (openbeat.types, openbeat.keys).
"""

from __future__ import annotations

import functools
import json
import os
from datetime import datetime


def load_strings(theme: str) -> dict[str, dict[str, str]]:
    """The theme's strings, read once per version of the file (`make serve` sees an edit)."""
    path = os.path.join(theme, "strings.json")
    return _read_strings(path, os.stat(path).st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_strings(path: str, mtime_ns: int) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def translate(strings: dict[str, dict[str, str]], lang: str, key: str, default_lang: str = "en") -> str:
    """A theme string; falls back to the default language, then to the key."""
    table = strings.get(lang, {})
    if key in table:
        return table[key]
    return strings.get(default_lang, {}).get(key, key)


def date_text(strings: dict[str, dict[str, str]], lang: str, value: datetime, with_time: bool = False) -> str:
    """'March 4, 2026' / '4 de marzo de 2026', optionally with the time."""
    month = translate(strings, lang, f"month_{value.month}")
    text = translate(strings, lang, "date_format").format(day=value.day, month=month, year=value.year)
    if with_time:
        text += translate(strings, lang, "time_format").format(hour=value.hour, minute=value.minute)
    return text


def lang_prefix(lang: str, default_lang: str) -> str:
    """"" for the default language, "es/" for Spanish."""
    return "" if lang == default_lang else f"{lang}/"
