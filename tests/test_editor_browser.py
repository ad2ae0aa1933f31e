"""The browser editor in a real browser (contract section 14): make edit on a copy of
the demo content, Debian's Chromium through Selenium.

Skipped, with the reason, when Chromium, chromedriver or node is missing, unless
OB_REQUIRE_BROWSER=1 (CI), where that is a failure. OB_EDITOR_SCREENSHOTS=DIR saves
the screenshots of the docs (docs/images/editor-*.png) into DIR.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, UnexpectedAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from conftest import free_port
from test_editor import ROOT, editor_packages, start_editor  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
MISSING = [name for name, ok in (("chromium", os.path.exists(CHROMIUM)), ("chromedriver", os.path.exists(CHROMEDRIVER)),
                                 ("node", shutil.which("node") is not None),
                                 ("npm", shutil.which("npm") is not None)) if not ok]
if MISSING and os.environ.get("OB_REQUIRE_BROWSER") == "1":
    pytest.fail(f"the editor's browser test needs: {', '.join(MISSING)}", pytrace=False)
if MISSING:
    pytest.skip(f"the editor's browser test needs: {', '.join(MISSING)} (make browser-tools)", allow_module_level=True)

SHOTS = os.environ.get("OB_EDITOR_SCREENSHOTS")
TEASER = "Officers record every call for service, with three narrow exceptions."


def wait(condition: Callable[[], object], timeout: float = 30, message: str = "") -> object:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = condition()
        except Exception:  # the page is still changing under the finder
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {message}")
        time.sleep(0.2)


# The answers the tests edit: their own, so that the tests pass on any department's content/.
EDITED = {
    "qa/body-cameras-always-on.md": """Title: Do officers have to turn on their body cameras?
Id: urn:uuid:0f1e2d3c-4b5a-4968-8776-a5b4c3d2e111
Date: 2026-02-18
Question: Are officers required to have their body cameras on the whole time they're talking to someone?
Asked: 2026-02-09
Asker: Resident, Old Town
Authors: Lt. Dana Reyes
Tags: body cameras

Yes. Every uniformed officer must start recording **before** arriving at a call
for service. There are three narrow exceptions.
""",
    "qa/vacation-house-checks.md": """Title: Can officers check on my house while I'm on vacation?
Id: urn:uuid:6f7a8b9c-0d1e-4f2a-9b3c-5d6e7f8a9b18
Date: 2026-06-10
Question: We're going away for three weeks this summer. Do you still do vacation house checks?
Asked: 2026-06-08
Asker: Resident, Lakeview
Authors: Officer James Whitfield
Tags: crime prevention

Yes, and it's free. Tell us your dates, who has a key, and how to reach you.
""",
}


@pytest.fixture(scope="module")
def editor(tmp_path_factory, request):
    """make edit on a copy of content/ (the demo, or a department's own) with the answers the tests
    edit: (base URL, content folder)."""
    request.getfixturevalue("editor_packages")
    tmp = tmp_path_factory.mktemp("editor")
    content = tmp / "content"
    shutil.copytree(ROOT / "content", content)
    for name, text in EDITED.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    port = free_port()
    process = start_editor(tmp, content, port, free_port())
    try:
        yield f"http://127.0.0.1:{port}", content
    finally:
        process.send_signal(2)  # Ctrl-C
        try:
            process.wait(timeout=20)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()


@pytest.fixture(scope="module")
def browser(editor):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="ob-editor-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps",
                 "--disable-extensions", "--window-size=1400,1000", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        base, _ = editor
        driver.get(f"{base}/admin/")
        wait(lambda: driver.find_element(By.XPATH, "//button[contains(., 'Open the editor')]"),
             message="the editor's sign-in button").click()
        wait(lambda: driver.find_elements(By.CSS_SELECTOR, "a[href*='#/collections/']"), message="the collections")
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def collections(base: str) -> list[str]:
    with urlopen(f"{base}/admin/config.yml", timeout=10) as response:
        return [c["name"] for c in json.load(response)["collections"]]


def go(driver, url: str) -> None:
    """Open an address of the editor afresh (Decap does not reload an entry when only the
    address's #fragment changes), leaving any entry with unsaved changes."""
    for step in (lambda: driver.get(url), driver.refresh):
        try:
            step()
        except UnexpectedAlertPresentException:
            pass
        try:
            driver.switch_to.alert.accept()
        except NoAlertPresentException:
            pass


def open_entry(driver, base: str, collection: str, slug: str, title: str) -> None:
    """Open an entry, and wait until its form (not the previous page's) is there."""
    go(driver, f"{base}/admin/#/collections/{collection}/entries/{slug}")
    wait(lambda: field(driver, "Title").get_attribute("value") == title, message=f"the entry {slug}")


def field(driver, label: str):
    """The input of the field whose label starts with `label`."""
    found = wait(lambda: driver.find_element(By.XPATH, f"//label[starts-with(normalize-space(.), '{label}')]"),
                 message=f"the field {label}")
    return driver.find_element(By.ID, found.get_attribute("for"))


def save(driver) -> None:
    wait(lambda: driver.find_element(By.XPATH, "//*[normalize-space(text())='Save']"), message="Save").click()
    wait(lambda: driver.find_element(By.XPATH, "//*[normalize-space(text())='Save now']"), message="Save now").click()


def screenshot(driver, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(Path(SHOTS) / f"editor-{name}.png"))


def test_each_collection_lists_its_entries(editor, browser):
    base, content = editor
    for name in collections(base):
        go(browser, f"{base}/admin/#/collections/{name}")
        expected = sorted(p.stem for p in (content / name).glob("*.md")) if (content / name).is_dir() else []

        def listed(name=name):
            links = browser.find_elements(By.CSS_SELECTOR, f"a[href*='#/collections/{name}/entries/']")
            return sorted(a.get_attribute("href").rsplit("/entries/", 1)[1] for a in links)

        if expected:
            wait(lambda expected=expected, listed=listed: listed() == expected, message=f"the entries of {name}")
        else:
            wait(lambda: browser.find_element(By.XPATH, "//*[contains(., 'No Entries')]"), message=f"{name} empty")
        if name == "qa":
            screenshot(browser, "collections")


def test_editing_a_teaser_and_saving_changes_exactly_that_line(editor, browser):
    base, content = editor
    path = content / "qa" / "body-cameras-always-on.md"
    before = path.read_text(encoding="utf-8")
    open_entry(browser, base, "qa", "body-cameras-always-on", "Do officers have to turn on their body cameras?")
    teaser = field(browser, "Teaser")
    teaser.send_keys(TEASER)
    wait(lambda: TEASER in browser.find_element(By.TAG_NAME, "body").text or True)
    screenshot(browser, "entry")
    save(browser)
    after = wait(lambda: (text := path.read_text(encoding="utf-8")) != before and text, message="the file saved")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    assert diff == [f"+Teaser: {TEASER}"]


def test_a_too_long_teaser_is_refused_before_saving(editor, browser):
    base, content = editor
    path = content / "qa" / "vacation-house-checks.md"
    before = path.read_text(encoding="utf-8")
    open_entry(browser, base, "qa", "vacation-house-checks", "Can officers check on my house while I'm on vacation?")
    field(browser, "Teaser").send_keys("x" * 251)
    assert wait(lambda: browser.find_element(By.XPATH, "//*[contains(text(), '251 / 250 characters')]"))
    save(browser)
    wait(lambda: browser.find_element(By.XPATH, "//*[contains(text(), 'at most 250')]"), message="the teaser error")
    time.sleep(1)
    assert path.read_text(encoding="utf-8") == before


def test_a_clerk_writes_a_new_question_and_answer_draft_that_lints_clean(editor, browser):
    base, content = editor
    before = set((content / "qa").glob("*.md"))
    go(browser, f"{base}/admin/#/collections/qa/new")
    wait(lambda: field(browser, "Title").get_attribute("value") == "", message="the new entry's form")
    field(browser, "Title").send_keys("Why is the siren tested on Mondays")
    field(browser, "Question").send_keys("Why do I hear a siren every Monday at noon?")
    body = wait(lambda: browser.find_element(By.CSS_SELECTOR, "[contenteditable='true']"), message="the text box")
    body.click()
    body.send_keys("We test the outdoor warning sirens every Monday at noon, so that we know they work.")
    save(browser)
    new = wait(lambda: set((content / "qa").glob("*.md")) - before, message="the new file")
    (path,) = new
    assert path.name == "why-is-the-siren-tested-on-mondays.md"
    text = wait(lambda: path.read_text(encoding="utf-8"), message="the new file's text")
    header, body_text = text.split("\n\n", 1)
    lines = header.splitlines()
    assert [line.split(":", 1)[0] for line in lines] == ["Title", "Id", "Date", "Question", "Asked", "Status"]
    assert lines[0] == "Title: Why is the siren tested on Mondays"
    assert re.fullmatch(r"Id: urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", lines[1])
    assert re.fullmatch(r"Date: \d{4}-\d{2}-\d{2}", lines[2]) and lines[2][6:] == lines[4][7:]
    assert lines[-1] == "Status: draft"
    assert body_text.startswith("We test the outdoor warning sirens")
    lint = subprocess.run([sys.executable, str(ROOT / "scripts/lint.py"), str(content)], capture_output=True,
                          text=True, timeout=300)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_editor_page_contacts_no_host_but_127_0_0_1(browser):
    """Every request the page made or tried (Chrome's DevTools Network events), and no CSP refusal."""
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = message["params"].get("request", {}).get("url") or message["params"].get("url", "")
            if urlsplit(url).scheme in ("http", "https", "ws", "wss"):
                hosts.add(urlsplit(url).hostname)
    assert hosts == {"127.0.0.1"}
    refused = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    assert refused == []
