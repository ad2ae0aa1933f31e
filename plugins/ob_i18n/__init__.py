"""ob_i18n: theme strings, dates and key names in the page's language (contract section 5).

Templates call `t("key")`, `date_text(value)`, `key_label("review-due")` and
`choice_label("severity", "urgent")`; each reads the language of the page being
rendered (`page_lang` in the template's context).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from pelican import signals

from openbeat.i18n import date_text, load_strings, translate
from openbeat.keys import key as key_of


def page_lang(context: Context) -> str:
    return context.get("page_lang") or context.get("DEFAULT_LANG", "en")


def strings_of(context: Context, theme: str) -> dict[str, dict[str, str]]:
    """The strings the page is rendered with (openbeat.outputs passes the build's), else the theme's."""
    return context.get("theme_strings") or load_strings(theme)


def add_helpers(generator: Any) -> None:
    """Give the generator's Jinja environment the language helpers."""
    if not hasattr(generator, "env"):
        return
    theme = generator.settings["THEME"]
    default = generator.settings["DEFAULT_LANG"]

    @pass_context
    def t(context: Context, key: str) -> str:
        return translate(strings_of(context, theme), page_lang(context), key, default)

    @pass_context
    def date_fmt(context: Context, value: datetime, with_time: bool = False) -> str:
        return date_text(strings_of(context, theme), page_lang(context), value, with_time)

    @pass_context
    def current_lang(context: Context) -> str:
        return page_lang(context)

    @pass_context
    def key_label(context: Context, name: str) -> str:
        return key_of(name).label_in(page_lang(context))

    @pass_context
    def choice_label(context: Context, name: str, value: str) -> str:
        return key_of(name).choice_label(value, page_lang(context))

    generator.env.globals.update(t=t, date_text=date_fmt, current_lang=current_lang, key_label=key_label,
                                 choice_label=choice_label)


def register() -> None:
    # generator_init: every generator that renders templates gets the helpers before it writes.
    signals.generator_init.connect(add_helpers)
