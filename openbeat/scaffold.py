"""What `scripts/new.py` (`make new`) writes: a draft of any type of the table.

A starter names every key its type has, in one order: Title, Id, the required
keys, the optional keys (empty unless they have a starter), Status. The draft
builds and lints (as a draft) as it is; each `TODO` left in a published post is
an error (contract section 3).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from .types import TypeSpec
from .values import format_date

TODO = "TODO"


def new_id() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def header_lines(spec: TypeSpec, title: str, now: datetime, item_id: str | None = None) -> list[tuple[str, str]]:
    """(Key, value) pairs of a new post, in the order the editor writes them too."""
    values = {"today": now.date().isoformat(), "now": format_date(now)}
    lines = [("Title", title), ("Id", item_id or new_id())]
    for key in spec.keys:
        starter = key.starter.format(**values)
        required = key.name.lower() in spec.required
        lines.append((key.name, (starter or TODO) if required else starter))
    lines.append(("Status", "draft"))
    return lines


def starter_text(spec: TypeSpec, title: str, now: datetime, item_id: str | None = None) -> str:
    """The whole file: every key of the type (optional ones empty unless they have a starter), a blank
    line, the body."""
    header = [f"{name}: {value}".rstrip() for name, value in header_lines(spec, title, now, item_id)]
    return "\n".join(header) + "\n\n" + spec.body
