"""Appeals for the public's help (contract section 7): open ones first, resolved ones kept short.

An appeal whose `Resolved` date has come is resolved: its page keeps only the
title, the outcome and the date. Its body, photo and images are never read into
the view (`hides_body`), so they reach no page, feed, card, search index or
structured data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..errors import Problem
from ..values import parse_date

HOME_FIRST = True  # open appeals stand above every other section of the home page


@dataclass(frozen=True)
class Appeal:
    kind: str  # missing, wanted, identify, witness
    case: str
    resolved: datetime | None  # the resolution date, once it has come
    outcome: str
    tip_phone: str  # Tip-Phone, else the TIP_PHONE setting
    tip_url: str  # Tip-Url, else TIP_URL

    @property
    def open(self) -> bool:
        return self.resolved is None

    @property
    def teaser(self) -> str:
        """A resolved appeal's feed entries and social item carry the Outcome instead of the teaser."""
        return self.outcome if self.resolved else ""


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
    if post.get("resolved") and not post.get("outcome"):
        yield Problem(entry.path, post.line("resolved"), 'a resolved appeal needs its Outcome: add "Outcome: ..." '
                                                         "(for example Found safe)")


def hides_body(entry: Any, build: Any) -> bool:
    return resolution(entry, build.settings, build.now) is not None


def view(root: Any, entry: Any, builder: Any) -> Appeal:
    settings, fields = builder.build.settings, builder.fields
    return Appeal(
        kind=fields.get("kind") or "", case=fields.get("case") or "",
        resolved=resolution(entry, settings, builder.build.now), outcome=fields.get("outcome") or "",
        tip_phone=fields.get("tip_phone") or settings.get("TIP_PHONE") or "",
        tip_url=fields.get("tip_url") or settings.get("TIP_URL") or "",
    )


def order(items: list[Any], now: datetime) -> list[tuple[str, list[Any]]]:
    """Open appeals newest first, then resolved ones, newest resolution first."""
    open_ = sorted((i for i in items if i.parts["appeals"].open), key=lambda i: (i.date, i.source), reverse=True)
    closed = sorted((i for i in items if not i.parts["appeals"].open),
                    key=lambda i: (i.parts["appeals"].resolved, i.source), reverse=True)
    return [("appeals_open", open_), ("appeals_resolved", closed)]


def home(items: list[Any], now: datetime, count: int) -> list[Any]:
    """Every open appeal is on the home page."""
    return order(items, now)[0][1]


def jsonld(item: Any, data: dict[str, Any]) -> None:
    appeal = item.parts["appeals"]
    data["identifier"] = appeal.case
    if appeal.resolved:  # the card (data["image"]) of a resolved appeal carries no photo
        data["description"] = appeal.outcome
