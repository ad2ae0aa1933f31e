"""Personal data that must never be published: SSNs, dates of birth, private phones.

Text is normalised first (`normalise`), so that a number written with Unicode
dashes, spaces, full-width digits or invisible joiners is caught like its plain
form: the check reads what a resident would read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

# Characters that look like a hyphen, and characters that show as nothing.
DASHES_RE = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d\u00ad\u2043]")
INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u180e]")
# What a reader does not see as a character of its own: format characters (bidi controls, joiners)
# and combining marks left over after NFKC (a mark over a digit still reads as the digit).
UNSEEN_CATEGORIES = ("Cf", "Mn", "Me")

ASCII_DIGIT_RE = re.compile("[0-9]")
SSN_RE = re.compile(r"(?<![\d-])(\d{3})[- ](\d{2})[- ](\d{4})(?![\d-])")
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|[A-Za-z]{3,9}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2} (?:de )?[A-Za-z]{3,10} (?:de )?\d{4})"
)
SSN_KEYWORD_RE = re.compile(
    r"\b(?:ssn|s\.s\.n\.|social security(?: number| no\.?)?|seguro social)\W{0,4}(\d{9}|\d{3}[- .]\d{2}[- .]\d{4})\b",
    re.IGNORECASE,
)
DOB_RE = re.compile(
    r"\b(?:date of birth|birth ?date|d\.?o\.?b\.?|born(?: on)?|fecha de nacimiento|"
    r"nacid[oa](?: el)?)\s*[:\-]?\s*" + _DATE,
    re.IGNORECASE,
)
PHONE_RE = re.compile(
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])?\d{3}[\s.-]\d{4}(?![\w-])"
)


def normalise(line: str) -> str:
    """What a reader sees: compatibility forms folded (full-width digits, odd spaces), digits of any
    script as 0-9, dashes as "-", invisible characters (joiners, bidi controls) and combining marks dropped."""
    line = INVISIBLE_RE.sub("", line)
    line = unicodedata.normalize("NFKC", line)
    line = DASHES_RE.sub("-", line)
    if not line.isascii():
        line = "".join(_seen(c) for c in line)
    return re.sub(r"[^\S\n]", " ", line)


def _seen(char: str) -> str:
    """One character as a reader takes it: a digit of any script as 0-9, an unseen one as nothing."""
    if unicodedata.category(char) in UNSEEN_CATEGORIES:
        return ""
    value = unicodedata.decimal(char, None)
    return str(value) if value is not None else char


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def department_phones(settings: Mapping[str, Any]) -> list[str]:
    """PUBLIC_PHONES and the TIP_PHONE setting: the numbers the department publishes on every page."""
    return [p for p in [*settings.get("PUBLIC_PHONES", []), settings.get("TIP_PHONE") or ""] if p]


def is_public(number: str, public_phones: Iterable[str]) -> bool:
    """A number is public when it is one of PUBLIC_PHONES, with or without area code."""
    found = digits(number)
    found = found.removeprefix("1") if len(found) == 11 else found
    for public in public_phones:
        known = digits(public)
        if known and (found.endswith(known) or known.endswith(found)):
            return True
    return False


def find_personal_data(line: str, public_phones: Iterable[str]) -> Iterator[str]:
    """Messages for the personal data on one line of text."""
    if line.isascii() and not ASCII_DIGIT_RE.search(line):  # every pattern needs a digit (most lines have none)
        return
    public_phones = list(public_phones)
    line = normalise(line)
    ssn_spans = []
    for match in SSN_RE.finditer(line):
        area, group, serial = match.groups()
        if area in ("000", "666") or area.startswith("9") or group == "00" or serial == "0000":
            continue
        ssn_spans.append(match.span())
        yield (
            f'"{match.group(0)}" looks like a Social Security number: remove it '
            "(never publish a person's SSN)"
        )
    for match in SSN_KEYWORD_RE.finditer(line):
        if not any(start <= match.start(1) < end for start, end in ssn_spans):
            ssn_spans.append(match.span(1))
            yield (
                f'"{match.group(0)}" looks like a Social Security number: remove it '
                "(never publish a person's SSN)"
            )
    for match in DOB_RE.finditer(line):
        yield (
            f'"{match.group(0)}" is a date of birth: remove it, or give an age '
            "range if it matters to the story"
        )
    for match in PHONE_RE.finditer(line):
        if any(start <= match.start() < end for start, end in ssn_spans):
            continue
        if not is_public(match.group(0), public_phones):
            yield (
                f'"{match.group(0).strip()}" is a phone number that is not in '
                "PUBLIC_PHONES: remove it, or use a department number "
                f"({', '.join(public_phones) or 'none listed'})"
            )
