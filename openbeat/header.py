"""A post file: its `Key: value` header with the line of every key, and its body.

Pelican's Markdown reader (Python-Markdown's meta extension) gives values but no
line numbers, and staff need the line. Open Beat reads every post with this one
function, for lint and for the build (openbeat/reading.py), so the two cannot
disagree on what a header says. It follows the meta extension's rules (the same
regular expressions) and refuses what would make them split a header
differently: other line separators, NUL characters, tabs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# Characters Python (and some editors) treat as line breaks, but Markdown does not.
ODD_BREAKS_RE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
VALUE_LIMIT = 2000  # characters in one header value
TITLE_LIMIT = 200


@dataclass
class Post:
    """One post file as read: header values (lower-case keys), their lines, the body."""

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message): the header cannot be trusted
    body_start: int = 1  # the line the body starts on
    text: str = ""  # the whole file, line breaks normalised to \n

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)

    @property
    def draft(self) -> bool:
        return self.get("status").lower() == "draft"

    def get(self, key: str) -> str:
        return self.values.get(key, "").strip()

    @property
    def body(self) -> str:
        return "\n".join(self.text.split("\n")[self.body_start - 1:])

    def body_lines(self) -> list[tuple[int, str]]:
        """(line number, text) of each line of the body."""
        return list(enumerate(self.text.split("\n")[self.body_start - 1:], start=self.body_start))


def normalise(text: str) -> str:
    """Line breaks as Python-Markdown normalises them; a leading byte-order mark dropped."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def read_post(text: str, list_keys: tuple[str, ...] = ()) -> Post:
    """Parse the header; a line that would end it early, or hide a key, is a problem."""
    post = Post(text=normalise(text))
    lines = post.text.split("\n")
    index = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    key = None
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        if line.strip() == "" or END_RE.match(line):
            break
        odd = ODD_BREAKS_RE.search(line) or CONTROL_RE.search(line)
        if odd:
            post.problems.append((number, f"has an invisible control character (U+{ord(odd.group(0)):04X}) in the "
                                          "header: retype this line in your editor"))
            continue
        if line.startswith("\t"):
            post.problems.append((number, 'starts with a tab: header lines start with the key ("Key: value"); '
                                          "a value continued on the next line starts with four spaces"))
            break
        match, more = META_RE.match(line), META_MORE_RE.match(line)
        if match:
            key = match.group("key").lower()
            if key in post.values:
                post.problems.append((number, f"{match.group('key')} is given twice (first on line "
                                              f"{post.lines[key]}): keep one of them"))
                key = None
                continue
            post.values[key], post.lines[key] = match.group("value").strip(), number
        elif more and key:
            sep = "," if key in list_keys else " "
            post.values[key] = f"{post.values[key]}{sep}{more.group('value').strip()}"
        elif number == 1:
            post.problems.append((1, 'the file does not start with "Key: value" lines: put "Title: ..." on the first '
                                     "line, then the other keys, then one blank line"))
            break
        else:
            post.problems.append((number, f'"{line.strip()[:40]}" is not a "Key: value" line: write it as '
                                          '"Key: value", or leave a blank line before the text starts'))
            break
    post.body_start = index + 1
    for name, value in post.values.items():
        limit = TITLE_LIMIT if name == "title" else VALUE_LIMIT
        if len(value) > limit:
            post.problems.append((post.lines[name], f"{name.title()} is {len(value):,} characters long, over the "
                                                    f"limit of {limit:,}: shorten it"))
    return post
