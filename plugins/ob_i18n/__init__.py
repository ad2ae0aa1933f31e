"""ob_i18n: theme strings and dates in the page's language (contract section 5).

The strings live in THEME/strings.json ({"en": {...}, "es": {...}}); templates call
`t("key")`, `date_text(value)` and `lang_prefix()`, which read the language of the
page being rendered.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from datetime import datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from pelican import signals

from ob_types.model import index_url

logger = logging.getLogger(__name__)


def load_strings(theme: str) -> dict[str, dict[str, str]]:
    """The theme's strings. Read once per version of the file: ob_html asks for every
    item, and `make serve` picks up an edited strings.json on the next rebuild."""
    path = os.path.join(theme, "strings.json")
    return _read_strings(path, os.stat(path).st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _read_strings(path: str, mtime_ns: int) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def page_lang(context: Context) -> str:
    """The language of the page being rendered: its item's, or its listing's."""
    if context.get("page_lang"):
        return context["page_lang"]
    item = context.get("article") or context.get("page")
    if item is not None:
        return item.lang
    return context.get("DEFAULT_LANG", "en")


def translate(strings: dict[str, dict[str, str]], lang: str, key: str, default_lang: str = "en") -> str:
    """A theme string; falls back to the default language, then to the key."""
    table = strings.get(lang, {})
    if key in table:
        return table[key]
    return strings.get(default_lang, {}).get(key, key)


def date_text(strings: dict[str, dict[str, str]], lang: str, value: datetime, with_time: bool = False) -> str:
    """'March 4, 2026' / '4 de marzo de 2026', optionally with the time."""
    month = translate(strings, lang, f"month_{value.month}")
    pattern = translate(strings, lang, "date_format")
    text = pattern.format(day=value.day, month=month, year=value.year)
    if with_time:
        text += translate(strings, lang, "time_format").format(hour=value.hour, minute=value.minute)
    return text


def find_page_url(pages: list[Any], slug: str, lang: str) -> str | None:
    """URL of the plain page with that slug, in lang when translated; None if absent."""
    for found in pages:
        if found.slug == slug:
            for other in found.translations:
                if other.lang == lang:
                    return other.url
            return found.url
    return None


def add_helpers(generator: Any) -> None:
    """Give the generator's Jinja environment t(), date_text() and lang_prefix()."""
    if not hasattr(generator, "env"):
        return
    strings = load_strings(generator.settings["THEME"])
    default = generator.settings["DEFAULT_LANG"]

    @pass_context
    def t(context: Context, key: str) -> str:
        return translate(strings, page_lang(context), key, default)

    @pass_context
    def date_fmt(context: Context, value: datetime, with_time: bool = False) -> str:
        return date_text(strings, page_lang(context), value, with_time)

    @pass_context
    def lang_url(context: Context, folder: str = "") -> str:
        return index_url(folder, page_lang(context), default)

    @pass_context
    def current_lang(context: Context) -> str:
        return page_lang(context)

    @pass_context
    def page_url(context: Context, slug: str) -> str | None:
        return find_page_url(context.get("pages") or [], slug, page_lang(context))

    generator.env.globals.update(
        t=t, date_text=date_fmt, lang_url=lang_url, current_lang=current_lang, page_url=page_url
    )


def register() -> None:
    # generator_init: every generator that renders templates gets the helpers
    # before it writes anything.
    signals.generator_init.connect(add_helpers)
