"""Chart geometry for a data set, computed at build time for an SVG template.

Only numbers and coordinates are made here; the SVG markup is in the theme
(partials/chart.html), so the chart needs no JavaScript and no outside request.
Series colours are CSS classes (ob-chart__series--N), defined with the theme's
tokens for light and dark mode.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 56
SERIES_COLOURS = 6  # the theme defines --ob-chart-1 to --ob-chart-6


@dataclass
class Series:
    name: str
    index: int  # 1 to SERIES_COLOURS: its colour class
    values: list[float]
    points: str = ""  # "x,y x,y" for a line chart
    bars: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, w, h


@dataclass
class Chart:
    kind: str
    width: int
    height: int
    series: list[Series]
    labels: list[tuple[float, str]]  # x position, row label
    ticks: list[tuple[float, str]]  # y position, value label
    description: str
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above value."""
    if value <= 0:
        return 1
    scale = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * scale:
            return step * scale
    return 10 * scale


def number(text: str) -> float:
    return float(text.strip().replace(",", ""))


def fmt(value: float) -> str:
    return f"{value:g}"


def build_chart(kind: str, header: list[str], rows: list[list[str]], title: str) -> Chart:
    """Bars (grouped) or lines for every column after the first, one group per row."""
    names = header[1:]
    values = [[number(row[i + 1]) for row in rows] for i in range(len(names))]
    top = nice_max(max(max(v) for v in values))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(rows)

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top), 1)

    series = []
    for index, (name, column) in enumerate(zip(names, values, strict=True)):
        item = Series(name, index % SERIES_COLOURS + 1, column)
        if kind == "line":
            item.points = " ".join(f"{round(LEFT + slot * (i + 0.5), 1)},{y(v)}" for i, v in enumerate(column))
        else:
            bar_w = slot * 0.8 / len(names)
            for i, v in enumerate(column):
                x = LEFT + slot * i + slot * 0.1 + bar_w * index
                item.bars.append((round(x, 1), y(v), round(bar_w, 1), round(TOP + plot_h - y(v), 1)))
        series.append(item)
    labels = [(round(LEFT + slot * (i + 0.5), 1), row[0]) for i, row in enumerate(rows)]
    ticks = [(y(top * f / 4), fmt(top * f / 4)) for f in range(5)]
    return Chart(kind, WIDTH, HEIGHT, series, labels, ticks, describe(title, names, values, rows))


def describe(title: str, names: list[str], values: list[list[float]], rows: list[list[str]]) -> str:
    """A sentence per series: first and last value, highest and lowest."""
    parts = [f"{title}, from {rows[0][0]} to {rows[-1][0]}."]
    for name, column in zip(names, values, strict=True):
        high = max(range(len(column)), key=column.__getitem__)
        low = min(range(len(column)), key=column.__getitem__)
        parts.append(
            f"{name}: {fmt(column[0])} in {rows[0][0]}, {fmt(column[-1])} in {rows[-1][0]}; "
            f"highest {fmt(column[high])} ({rows[high][0]}), lowest {fmt(column[low])} ({rows[low][0]})."
        )
    return " ".join(parts)
