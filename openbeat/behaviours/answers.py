"""Answers to residents' questions: how many days each took, and the statistics of the index."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from statistics import median
from typing import Any

from ..errors import Problem


@dataclass(frozen=True)
class Answer:
    days: int | None  # from Asked to Date


@dataclass(frozen=True)
class QuarterStats:
    label: str  # "2026 Q1", by the quarter the answer was published
    count: int
    median_days: float
    longest_days: int


@dataclass(frozen=True)
class AnswerStats:
    count: int
    median_days: float
    quarters: tuple[QuarterStats, ...]  # oldest first


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    if not entry.post.get("authors"):
        yield Problem(entry.path, 1, 'no Authors: add "Authors: ..." so residents know who answered', "warning")


def view(root: Any, entry: Any, builder: Any) -> Answer:
    asked, date = builder.fields.get("asked"), builder.fields.get("date")
    return Answer((date.date() - asked.date()).days if asked and date else None)


def listing(items: list[Any]) -> AnswerStats | None:
    """Median days from Asked to Date, and the same per quarter; None without answers."""
    timed = [a for a in items if a.parts["answers"].days is not None]
    if not timed:
        return None
    groups: dict[str, list[int]] = {}
    for answer in timed:
        groups.setdefault(f"{answer.date.year} Q{(answer.date.month - 1) // 3 + 1}", []).append(answer.parts["answers"].days)
    quarters = tuple(QuarterStats(label, len(days), median(days), max(days)) for label, days in sorted(groups.items()))
    return AnswerStats(len(timed), median(a.parts["answers"].days for a in timed), quarters)


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    """A resident's question answered by the department itself: schema.org FAQPage (QAPage is for
    questions that users answer), with the asker and the named answerers."""
    url, publisher = data["url"], data["publisher"]
    authors = item.get("authors") or ()
    answerer = [{"@type": "Person", "name": name} for name in authors] or publisher
    data.clear()
    data.update({
        "@context": "https://schema.org", "@type": "FAQPage", "url": url, "inLanguage": item.lang,
        "publisher": publisher,
        "mainEntity": {
            "@type": "Question", "name": item.title, "text": item.get("question"),
            "dateCreated": item.get("asked").isoformat() if item.get("asked") else None,
            "author": {"@type": "Person", "name": item.get("asker") or "Resident"}, "answerCount": 1,
            "acceptedAnswer": {"@type": "Answer", "text": item.text, "dateCreated": item.date.isoformat(),
                               "url": url, "author": answerer},
        },
    })
