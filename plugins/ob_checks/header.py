"""Read a Markdown file's `Key: value` header with the line of every key.

Pelican's reader (Python-Markdown's meta extension) gives values but no line
numbers, and staff need the line. This reader follows the same rules, with the
same regular expressions as markdown/extensions/meta.py, so that lint and build
agree on what the header says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ob_types.model import LIST_KEYS

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")


@dataclass
class Header:
    values: dict[str, str] = field(default_factory=dict)  # lower-case key -> value
    lines: dict[str, int] = field(default_factory=dict)  # lower-case key -> line
    problems: list[tuple[int, str]] = field(default_factory=list)
    body_start: int = 1  # first line of the body

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


def read_header(text: str) -> Header:
    """Parse the header; a line that would end it early is a problem, not body."""
    header = Header()
    lines = text.splitlines()
    index = 0
    if lines and BEGIN_RE.match(lines[0]):
        index = 1
    key = None
    while index < len(lines):
        line = lines[index]
        number = index + 1
        index += 1
        if line.strip() == "" or END_RE.match(line):
            break
        match = META_RE.match(line)
        more = META_MORE_RE.match(line)
        if match:
            key = match.group("key").lower()
            if key in header.values:
                header.problems.append(
                    (number, f"{match.group('key')} is given twice (first on line "
                     f"{header.lines[key]}): keep one of them")
                )
                continue
            header.values[key] = match.group("value").strip()
            header.lines[key] = number
        elif more and key:
            sep = "," if key in LIST_KEYS else " "
            header.values[key] = f"{header.values[key]}{sep}{more.group('value').strip()}"
        elif number == 1:
            header.problems.append(
                (1, 'the file does not start with "Key: value" lines: put "Title: ..." '
                 "on the first line, then the other keys, then one blank line")
            )
            break
        else:
            header.problems.append(
                (number, f'"{line.strip()[:40]}" is not a "Key: value" line: write it as '
                 '"Key: value", or leave a blank line before the text starts')
            )
            break
    header.body_start = index + 1
    return header
