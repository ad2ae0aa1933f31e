"""Appeals for the public's help (contract section 7): open ones first, resolved ones kept short.

An appeal whose `Resolved` date has come is resolved: its page keeps only the
title, the outcome and the date. Its body, photo and images are never read into
the view (`hides_body`), so they reach no page, feed, card, search index or
structured data; its teaser becomes the `Outcome`, and its last change (the
feeds' `<updated>`) the resolution date.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..checks.items import image_references
from ..errors import Problem
from ..item import newest_first
from ..values import parse_date

HOME_FIRST = True  # open appeals stand above every other section of the home page
# What a resolved appeal still shows of its header: the rest (Last-Seen, Tags, Teaser, Image-Alt, the tip
# line) is emptied from its view with the body, so no template, feed or card can publish it.
RESOLVED_KEEPS = frozenset({"title", "date", "modified", "slug", "id", "status", "lang", "kind", "case", "resolved",
                            "outcome"})
EMERGENCY = "911"
PHONE_RE = re.compile(r"^\+?[\d\s().-]{3,20}$")


@dataclass(frozen=True)
class Appeal:
    kind: str  # missing, wanted, identify, witness
    case: str
    resolved: datetime | None  # the resolution date, once it has come
    outcome: str
    tip_phone: str  # Tip-Phone, else the TIP_PHONE setting
    tip_url: str  # Tip-Url, else TIP_URL
    last_seen: str

    @property
    def open(self) -> bool:
        return self.resolved is None

    @property
    def tip_tel(self) -> str:
        """The tip phone as a tel: address (digits only); "" for 911, which is never a link."""
        digits = re.sub(r"[^\d+]", "", self.tip_phone)
        return "" if not digits or is_emergency(self.tip_phone) else f"tel:{digits}"

    @property
    def state(self) -> str:
        """What the social feed says of the item (contract section 7): syndicate.py deletes its posts."""
        return "resolved" if self.resolved else ""

    @property
    def teaser(self) -> str:
        """A resolved appeal's feed entries and social item carry the Outcome instead of the teaser."""
        return self.outcome if self.resolved else ""

    @property
    def latest(self) -> datetime | None:
        """The resolution is the appeal's last change (Atom <updated>, dateModified, the sitemap)."""
        return self.resolved


def is_emergency(phone: str) -> bool:
    """911, however it is written (+1 911, 1-911)."""
    return re.sub(r"\D", "", phone).removeprefix("1") == EMERGENCY


def resolution(entry: Any, settings: dict[str, Any], now: datetime) -> datetime | None:
    raw = entry.post.get("resolved")
    if not raw:
        return None
    try:
        when = parse_date(raw, settings["TIMEZONE"])
    except ValueError:
        return None
    return when if when <= now else None


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    post, settings = entry.post, context.settings
    if not (post.get("tip-phone") or post.get("tip-url") or settings.get("TIP_PHONE") or settings.get("TIP_URL")):
        yield Problem(entry.path, 1, 'an appeal needs a way to give a tip: add "Tip-Phone: ..." or "Tip-Url: https://...", '
                                     "or set TIP_PHONE or TIP_URL in the settings")
    phone = post.get("tip-phone")
    if phone and is_emergency(phone):
        yield Problem(entry.path, post.line("tip-phone"), "Tip-Phone is the emergency number, which the site never "
                                                          "links: give the tip line's own number (911 stays in the text)")
    elif phone and not PHONE_RE.match(phone):
        yield Problem(entry.path, post.line("tip-phone"), f'Tip-Phone "{phone}" is not a phone number: write it with '
                                                          "digits, spaces and hyphens, like 555-0123")
    if post.get("resolved") and not post.get("outcome"):
        yield Problem(entry.path, post.line("resolved"), 'a resolved appeal needs its Outcome: add "Outcome: ..." '
                                                         "(for example Found safe)")
    if post.get("outcome") and not post.get("resolved"):
        yield Problem(entry.path, post.line("outcome"), 'Outcome is shown only once the appeal is resolved: add '
                                                        '"Resolved: YYYY-MM-DD" (the day it was resolved)', "warning")
    yield from files_folder_images(entry)
    yield from translation_problems(entry, context)


def files_folder_images(entry: Any) -> Iterator[Problem]:
    """files/ is published as it is: a photo there would stay public after the appeal is resolved."""
    for line, reference, _alt, _key in image_references(entry):
        if reference.lstrip("./").startswith("files/") or "/files/" in reference:
            yield Problem(entry.path, line, f"{reference} is in files/, which is published as it is, even after the "
                                            "appeal is resolved: move the picture to images/ and use that path",
                          "warning")


def translation_problems(entry: Any, context: Any) -> Iterator[Problem]:
    """Resolving an appeal resolves its translations too: a photo must not stay up in another language."""
    if entry.draft:
        return
    for other in context.entries:
        if other is entry or other.spec is not entry.spec or other.slug != entry.slug or other.draft:
            continue
        if other.post.get("resolved") and not entry.post.get("resolved"):
            yield Problem(entry.path, entry.post.line("title"),
                          f'its translation {other.path} is resolved ("Resolved: {other.post.get("resolved")}"): add '
                          "the same Resolved and an Outcome here too, so the body and photo leave every language")


def hides_body(entry: Any, build: Any) -> bool:
    return resolution(entry, build.settings, build.now) is not None


def view(root: Any, entry: Any, builder: Any) -> Appeal:
    """The appeal's part of the view. A resolved appeal's header keys beyond RESOLVED_KEEPS are emptied in the
    item's fields too (the model has already left out its body and images: hides_body)."""
    settings, fields = builder.build.settings, builder.fields
    resolved = resolution(entry, settings, builder.build.now)
    if resolved is not None:
        for name in [n for n in fields if n not in RESOLVED_KEEPS]:
            fields[name] = () if isinstance(fields[name], tuple) else None
    return Appeal(
        kind=fields.get("kind") or "", case=fields.get("case") or "",
        resolved=resolved, outcome=fields.get("outcome") or "",
        tip_phone=fields.get("tip_phone") or settings.get("TIP_PHONE") or "",
        tip_url=fields.get("tip_url") or settings.get("TIP_URL") or "",
        last_seen="" if resolved else fields.get("last_seen") or "",
    )


def order(items: list[Any], now: datetime) -> list[tuple[str, list[Any]]]:
    """Open appeals newest first, then resolved ones, newest resolution first."""
    open_ = newest_first(i for i in items if i.parts["appeals"].open)
    closed = sorted((i for i in items if not i.parts["appeals"].open),
                    key=lambda i: (i.parts["appeals"].resolved, i.source), reverse=True)
    return [("appeals_open", open_), ("appeals_resolved", closed)]


def home(items: list[Any], now: datetime, count: int) -> list[Any]:
    """Every open appeal is on the home page."""
    return order(items, now)[0][1]


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    """A NewsArticle with the case number; a resolved appeal's carries the outcome and no photo."""
    appeal = item.parts["appeals"]
    data["identifier"] = appeal.case
    if appeal.resolved:  # the card (data["image"]) of a resolved appeal carries no photo
        data["description"] = appeal.outcome
