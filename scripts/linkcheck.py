#!/usr/bin/env python3
"""Check that every internal href and src of a built site resolves to a file.

    .venv/bin/python scripts/linkcheck.py output/

Internal means relative, root-relative, or under the site's own URL (--siteurl,
else read from the home page's canonical link). Prints
`PAGE: broken link TARGET` per problem and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import os
import sys
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

ATTRIBUTES = ("href", "src")


def links(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = [tag[attr] for attr in ATTRIBUTES for tag in soup.find_all(attrs={attr: True})]
    for tag in soup.find_all(attrs={"srcset": True}):
        found += [part.strip().split(" ")[0] for part in tag["srcset"].split(",") if part.strip()]
    return found


def target_path(root: str, page: str, link: str, siteurl: str) -> str | None:
    """The file a link points to, or None when it is external, a fragment or a scheme like tel:."""
    if siteurl and link.startswith(siteurl + "/"):
        link = link[len(siteurl):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = root if path.startswith("/") else os.path.dirname(page)
    full = os.path.normpath(os.path.join(base, path.lstrip("/")))
    if path.endswith("/") or os.path.isdir(full):
        full = os.path.join(full, "index.html")
    return full


def check(root: str, siteurl: str = "") -> list[str]:
    problems = []
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            if not name.endswith(".html"):
                continue
            page = os.path.join(folder, name)
            with open(page, encoding="utf-8") as handle:
                for link in links(handle.read()):
                    target = target_path(root, page, link, siteurl)
                    if target is not None and not os.path.isfile(target):
                        problems.append(f"{os.path.relpath(page, root)}: broken link {link}")
    return sorted(set(problems))


def site_url(root: str) -> str:
    """The site's URL, from the canonical link of its home page ("" if there is none)."""
    home = os.path.join(root, "index.html")
    if not os.path.exists(home):
        return ""
    with open(home, encoding="utf-8") as handle:
        canonical = BeautifulSoup(handle.read(), "html.parser").find("link", rel="canonical")
    href = canonical.get("href", "") if canonical else ""
    return href.rstrip("/") if href.startswith("http") else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="the built site, e.g. output/")
    parser.add_argument("--siteurl", help="links under it are internal (default: from the home page)")
    args = parser.parse_args(argv)
    siteurl = args.siteurl if args.siteurl is not None else site_url(args.output)
    problems = check(args.output, siteurl.rstrip("/"))
    for problem in problems:
        print(problem)
    print(f"{len(problems)} broken link(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
