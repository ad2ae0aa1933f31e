"""Writing a generated file into the output folder (the staging folder during a build)."""

from __future__ import annotations

import os


def write_output(output_path: str, relative: str, data: bytes | str) -> None:
    """Write data at output_path/relative, creating folders; text is written as UTF-8."""
    target = os.path.join(output_path, relative)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
