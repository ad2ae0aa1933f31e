#!/usr/bin/env python3
"""Save PNG screenshots of the main pages at desktop and phone widths.

    .venv/bin/python scripts/screenshots.py output/ [--out screenshots/]

Serves the built folder on 127.0.0.1, so build it first (make html). Pages are
full height. Needs make browser-tools.
"""

from __future__ import annotations

import argparse
import os
import sys

from browser import chromium, missing_tools, serve

PAGES = {
    "home": "/", "policies": "/policies/", "policy": "/policies/use-of-force/", "qa": "/qa/",
    "answer": "/qa/body-cameras-always-on/", "story": "/stories/bike-unit-returns/",
    "alert": "/alerts/mill-river-bridge-closure/", "officer": "/officers/maria-alvarez/",
    "data": "/data/response-times/", "spanish": "/es/qa/spanish-speaking-officers/",
    "history": "/policies/body-worn-cameras/history/",
}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", help="the built site (make html builds output/)")
    parser.add_argument("--out", default="screenshots", help="folder for the PNG files")
    args = parser.parse_args(argv)
    if missing_tools():
        print(f"missing: {', '.join(missing_tools())}: run make browser-tools", file=sys.stderr)
        return 2
    os.makedirs(args.out, exist_ok=True)
    with serve(args.output) as base:
        for label, (width, height) in WIDTHS.items():
            with chromium(width, height) as driver:
                for name, path in PAGES.items():
                    if not os.path.exists(os.path.join(args.output, path.strip("/"), "index.html")):
                        continue
                    driver.get(base + path)
                    full = driver.execute_script("return document.documentElement.scrollHeight")
                    driver.set_window_size(width, min(full, 6000))
                    target = os.path.join(args.out, f"{name}-{label}.png")
                    driver.save_screenshot(target)
                    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
