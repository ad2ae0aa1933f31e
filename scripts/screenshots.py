#!/usr/bin/env python3
"""Save PNG screenshots of the main pages at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py output/ [--out screenshots/] [--screen] [--prefix before-]
        [--pages home,policy] [--widths phone,print] [--max-height 1500]

Serves the built folder on 127.0.0.1, so build it first (make html). Each page is
taken whole (up to 6000 px high), or only its first screen with --screen; the
search page is taken with results for a word found on the site, and the footer
on its own; the print width shows the page as printed (print styles). Pages the site does not have are left out. Needs make browser-tools.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import time

from browser import chromium, emulate_screen, missing_tools, serve

# name: (path, the CSS selector to take instead of the whole page, or "")
PAGES = {
    "home": ("/", ""),
    "policies": ("/policies/", ""),
    "policy": ("/policies/use-of-force/", ""),
    "qa": ("/qa/", ""),
    "answer": ("/qa/body-cameras-always-on/", ""),
    "story": ("/stories/bike-unit-returns/", ""),
    "alert": ("/alerts/mill-river-bridge-closure/", ""),
    "officer": ("/officers/maria-alvarez/", ""),
    "data": ("/data/response-times/", ""),
    "spanish": ("/es/qa/spanish-speaking-officers/", ""),
    "history": ("/policies/body-worn-cameras/history/", ""),
    "appeals": ("/appeals/", ""),
    "appeal": ("/appeals/ava-morales/", ""),
    "appeal-resolved": ("/appeals/missing-man-mill-street/", ""),
    "appeal-es": ("/es/appeals/ava-morales/", ""),
    "news": ("/news/route-9-crash/", ""),
    "incident": ("/news/elm-street-police-activity/", ""),
    "events": ("/events/", ""),
    "event": ("/events/fall-open-house/", ""),
    "search": ("/search/?q=force", ""),
    "search-es": ("/es/search/?q=agentes", ""),
    "sitemap": ("/sitemap/", ""),
    "follow": ("/follow/", ""),
    "footer": ("/", "footer"),
}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 800), "print": (794, 1123)}  # print: an A4 sheet at 96 dpi
MAX_HEIGHT = 6000


def exists(output: str, path: str) -> bool:
    page = path.split("?")[0].strip("/")
    return os.path.exists(os.path.join(output, page, "index.html"))


def wait_for_results(driver, timeout: float = 10) -> None:
    """The search page: until Pagefind has shown results (or said it found none)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script("return !!document.querySelector('.pagefind-ui__result, .pagefind-ui__message')"):
            time.sleep(0.5)  # the rest of the results and their excerpts
            return
        time.sleep(0.1)


def capture(driver, width: int, height: int, whole: bool, selector: str, max_height: int = MAX_HEIGHT) -> bytes:
    """A PNG of the page (its first screen, or all of it), or of one element; the screen is width x height."""
    if whole or selector:  # an element is taken whole too: the screen is as tall as the page
        full = driver.execute_script("return Math.ceil(document.documentElement.getBoundingClientRect().height)")
        emulate_screen(driver, width, max(height, min(full, max_height)))
    if selector:
        return driver.find_element("css selector", selector).screenshot_as_png
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
    return base64.b64decode(shot["data"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="the built site (make html builds output/)")
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    parser.add_argument("--screen", action="store_true", help="only the first screen of each page")
    parser.add_argument("--prefix", default="", help="put before each file name, e.g. before-")
    parser.add_argument("--pages", default="", help="comma-separated names (default: all): " + ", ".join(PAGES))
    parser.add_argument("--max-height", type=int, default=MAX_HEIGHT, help="cut whole pages at this height")
    parser.add_argument("--widths", default="", help="comma-separated: desktop, phone, print (default: desktop, phone)")
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"missing: {', '.join(missing_tools())}: run make browser-tools", file=sys.stderr)
        return 2
    names = [n for n in args.pages.split(",") if n] or list(PAGES)
    unknown = sorted(set(names) - set(PAGES))
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)}")
    widths = [w for w in args.widths.split(",") if w] or ["desktop", "phone"]
    os.makedirs(args.out, exist_ok=True)
    with serve(args.output) as base:
        for label in widths:
            width, height = WIDTHS[label]
            with chromium(width, height) as driver:
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print" if label == "print" else ""})
                for name in names:
                    path, selector = PAGES[name]
                    if not exists(args.output, path):
                        continue
                    emulate_screen(driver, width, height)
                    driver.get(base + path)
                    if "?q=" in path:
                        wait_for_results(driver)
                    png = capture(driver, width, height, not args.screen, selector, args.max_height)
                    suffix = "-screen" if args.screen and not selector else ""
                    target = os.path.join(args.out, f"{args.prefix}{name}-{label}{suffix}.png")
                    with open(target, "wb") as handle:
                        handle.write(png)
                    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
