"""Headless Chromium (Debian's, through Selenium) and a local server, for checks and screenshots."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = os.path.join(ROOT, "node_modules/axe-core/axe.min.js")
VNU = os.path.join(ROOT, "node_modules/vnu-jar/build/dist/vnu.jar")
PAGEFIND = os.path.join(ROOT, "node_modules/pagefind/lib/runner/bin.cjs")  # the search tests need an index
# Without the background-networking switches Chromium tries to reach Google's
# hosts at start; this machine (and a resident's privacy) wants none of that.
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--hide-scrollbars", "--force-color-profile=srgb",
]


def missing_tools() -> list[str]:
    """What the browser checks need and this machine lacks (make browser-tools installs it)."""
    needed = {CHROMIUM: "chromium", CHROMEDRIVER: "chromium-driver", AXE: "axe-core", VNU: "vnu-jar",
              PAGEFIND: "pagefind"}
    missing = [name for path, name in needed.items() if not os.path.exists(path)]
    for command in ("java", "node"):
        if shutil.which(command) is None:
            missing.append(command)
    return missing


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve(folder: str) -> Iterator[str]:
    """Serve folder on 127.0.0.1 (a free port); yields the base URL, without a trailing /."""
    handler = functools.partial(QuietHandler, directory=folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def emulate_screen(driver, width: int, height: int) -> None:
    """A viewport of exactly this size. Headless Chromium's window is at least 500 px wide, so a
    375 px phone needs emulating; below 768 px it is a phone's (its viewport rules, touch-size scrollbars)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 768})


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator:
    """Headless Chromium with a viewport of width x height CSS pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="ob-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_script_timeout(60)
        emulate_screen(driver, width, height)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@functools.lru_cache(maxsize=1)
def axe_source() -> str:
    with open(AXE, encoding="utf-8") as handle:
        return handle.read()


def run_axe(driver) -> list[dict]:
    """axe-core's WCAG 2.0, 2.1 and 2.2 A/AA violations on the loaded page (axe is added to a page once)."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(axe_source())
    result = driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}, resultTypes: ['violations']})
          .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))))
          .catch(e => done([{id: 'axe-error', help: String(e), nodes: []}]));
        """
    )
    return result
