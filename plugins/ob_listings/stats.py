"""Q&A accountability: how many days answers took, overall and by quarter."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any


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
    quarters: list[QuarterStats]  # oldest first


def quarter(item: Any) -> str:
    return f"{item.date.year} Q{(item.date.month - 1) // 3 + 1}"


def answer_stats(answers: list[Any]) -> AnswerStats | None:
    """Median days from Asked to Date, and the same per quarter; None without answers."""
    timed = [a for a in answers if getattr(a, "days_to_answer", None) is not None]
    if not timed:
        return None
    groups: dict[str, list[int]] = {}
    for answer in timed:
        groups.setdefault(quarter(answer), []).append(answer.days_to_answer)
    quarters = [
        QuarterStats(label, len(days), median(days), max(days))
        for label, days in sorted(groups.items())
    ]
    return AnswerStats(len(timed), median(a.days_to_answer for a in timed), quarters)
