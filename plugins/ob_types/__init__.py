"""ob_types: every item gets its type, URL, template and typed keys from its folder.

Other plugins read what this one sets on each item (`ob_type`, `ob_id`, the
parsed dates and lists) and the list of published items in `context["ob_items"]`.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals
from pelican.contents import Article, Page
from pelican.urlwrappers import Category

from .errors import HideBuildErrorTraceback
from .model import (
    TEASER_LIMIT,
    item_url,
    number_key,
    parse_date,
    split_list,
    text_value,
    type_of,
)
from .teaser import make_teaser

logger = logging.getLogger(__name__)


def typed_values(metadata: dict[str, Any], folder: str, timezone: str) -> dict[str, Any]:
    """The typed attributes of one item, from its raw metadata.

    Values that do not parse become None: ob_checks reports them with file and
    line before anything is written, so this never has to fail.
    """

    def date(key: str):
        if key not in metadata:
            return None
        try:
            return parse_date(text_value(metadata[key]), timezone)
        except ValueError:
            return None

    def text(key: str, default: str = "") -> str:
        return text_value(metadata[key]).strip() if key in metadata else default

    number = text("number")
    try:
        sort_number = number_key(number) if number else ()
    except ValueError:
        sort_number = ()
    values = {
        "number": number,
        "number_key": sort_number,
        "effective": date("effective"),
        "review_due": date("review-due"),
        "expires": date("expires"),
        "asked": date("asked"),
        "question": text("question"),
        "asker": text("asker"),
        "severity": text("severity", "info").lower(),
        "supersedes": text("supersedes"),
        "rank": text("rank"),
        "unit": text("unit"),
        "joined": text("joined"),
        "source": text("source"),
        "chart": text("chart").lower(),
        "teaser_text": text("teaser"),
        "officer_slugs": split_list(metadata.get("officers", "")),
        "policy_slugs": split_list(metadata.get("policies", "")),
        "languages": split_list(metadata.get("languages", "")),
        "image_path": text("photo" if folder == "officers" else "image"),
        "image_alt": text("photo-alt" if folder == "officers" else "image-alt"),
    }
    return values


def classify(instance: Any) -> None:
    """Give an article or page its type, URL, template, permanent id and typed keys."""
    if not isinstance(instance, (Article, Page)):
        return
    relative = instance.relative_source_path.replace("\\", "/")
    spec = type_of(relative)
    if spec is None:
        # A file outside the type folders: ob_checks reports it; publish nothing.
        instance.status = "draft"
        return
    settings = instance.settings
    instance.ob_type = spec.folder
    # Pelican's generators read `category`; the type is the only category here
    # (no category pages are written: CATEGORY_SAVE_AS is "").
    instance.category = Category(spec.folder, settings)
    if "template" not in instance.metadata:
        instance.template = spec.template
    url = item_url(spec.folder, instance.slug, instance.lang, settings["DEFAULT_LANG"])
    instance.override_url = url
    instance.override_save_as = url + "index.html"
    # Contract section 4: the permanent id is Id, else the source path.
    instance.ob_id = text_value(instance.metadata.get("id", "")).strip() or relative
    for name, value in typed_values(instance.metadata, spec.folder, settings["TIMEZONE"]).items():
        setattr(instance, name, value)
    summary = instance.metadata.get("summary", "")
    instance.teaser = make_teaser(instance.teaser_text, summary, instance._content or "", TEASER_LIMIT)
    if instance.asked is not None and hasattr(instance, "date"):
        instance.days_to_answer = (instance.date.date() - instance.asked.date()).days


def published_items(generators: list[Any]) -> list[Any]:
    """Every published, typed item (articles, pages and their translations)."""
    items = []
    for generator in generators:
        for attr in ("articles", "pages", "translations"):
            items.extend(getattr(generator, attr, []))
    seen: set[int] = set()
    unique = []
    for item in items:
        if getattr(item, "ob_type", None) and item.status == "published" and id(item) not in seen:
            seen.add(id(item))
            unique.append(item)
    return sorted(unique, key=lambda item: item.relative_source_path)


def share_published_items(generators: list[Any]) -> None:
    """Put the published items in the shared context for the plugins' generators."""
    if generators:
        generators[0].context["ob_items"] = published_items(generators)


def quiet_build_errors(pelican: Any) -> None:
    """Pelican logs a stopped build with its traceback; staff need only the message."""
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, HideBuildErrorTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(HideBuildErrorTraceback())


def register() -> None:
    # initialized: before the first run, so a stopped build is reported briefly.
    signals.initialized.connect(quiet_build_errors)
    # content_object_init: each item is typed as soon as it is read, before
    # Pelican groups translations by (ob_type, slug) and decides its status.
    signals.content_object_init.connect(classify)
    # all_generators_finalized: every generator has read its content; nothing
    # is written yet, so the list is complete for every writer after this.
    signals.all_generators_finalized.connect(share_published_items)
