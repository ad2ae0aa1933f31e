"""Theme strings and dates in a page's language (contract section 5).

The strings live in THEME/strings/*.json, one file per part of the theme, each
{"en": {...}, "es": {...}}; names of types and keys live in the type table
(openbeat.types, openbeat.keys).
"""

from __future__ import annotations

import functools
import json
import os
from datetime import datetime


def load_strings(theme: str) -> dict[str, dict[str, str]]:
    """The theme's strings, read once per version of the files (`make serve` sees an edit)."""
    folder = os.path.join(theme, "strings")
    files = tuple(sorted((name, os.stat(os.path.join(folder, name)).st_mtime_ns)
                         for name in os.listdir(folder) if name.endswith(".json")))
    return _read_strings(folder, files)


@functools.lru_cache(maxsize=4)
def _read_strings(folder: str, files: tuple[tuple[str, int], ...]) -> dict[str, dict[str, str]]:
    """Every file's strings merged; a key given twice is a mistake in the theme."""
    merged: dict[str, dict[str, str]] = {}
    for name, _mtime in files:
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for lang, table in json.load(handle).items():
                target = merged.setdefault(lang, {})
                twice = set(target) & set(table)
                if twice:
                    raise ValueError(f"theme strings {', '.join(sorted(twice))} are in {name} and another file of {folder}")
                target.update(table)
    return merged


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
