"""Search (contract section 12): the Pagefind index of the staged site, its page, its cache.

Build tests read the bundle Pagefind writes: its fragments (one per page: URL, text,
filters) and every other file, decompressed, for leak checks. The browser tests
(tests/test_browser.py) type queries into the page.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITEURL, basic_site, build, build_clock, html_pages, page, parsed_pages, write_files
from openbeat import search as pagefind

NEEDS_PAGEFIND = pytest.mark.skipif(pagefind.find_tool(str(ROOT)) is None,
                                    reason="Pagefind is not installed: run make html (needs Node.js)")
# Words no stemmer changes, so the index holds them as written (lower case).
LIVE, DRAFT, FUTURE, LATER = "zorbqlive", "zorbqdraft", "zorbqfuture", "zorbqlater"


def search_site() -> dict[str, str | bytes]:
    """The basic site, a Spanish translation, a draft, a future post and a future update."""
    files = basic_site()
    files["policies/use-of-force.md"] = files["policies/use-of-force.md"].replace(
        "Officers use only reasonable force.", f"Officers use only reasonable force. {LIVE}.")
    files.update({
        "policies/use-of-force.es.md": "Title: Uso de la fuerza\nSlug: use-of-force\nLang: es\nDate: 2026-01-10\n"
                                       "Number: 300\nEffective: 2026-02-01\n\nLos agentes usan solo la fuerza razonable.\n",
        "stories/draft.md": f"Title: A draft\nDate: 2026-01-01\nStatus: draft\n\n{DRAFT} in a draft.\n",
        "stories/future.md": f"Title: Later story\nDate: 2026-07-01\n\n{FUTURE} in a future post.\n",
        "news/bridge-works.md": "Title: Bridge works\nDate: 2026-05-20 07:00\n\nWorks on the bridge.\n\n"
                                "## Update 2026-05-21 09:00\n\nThe bridge is open.\n\n"
                                f"## Update 2026-07-01 09:00\n\n{LATER} in a future update.\n",
    })
    return files


def fragments(output: Path) -> list[dict]:
    """Pagefind's record of each indexed page: url, content, filters, meta, anchors."""
    found = []
    for path in sorted((output / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[data.index(b"{"):]))
    return found


def bundle_text(output: Path) -> str:
    """Every file of the bundle, decompressed where it is compressed, in lower case."""
    parts = []
    for path in sorted((output / "pagefind").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts).lower()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def searched(tmp_path_factory) -> Path:
    """search_site() built once, with the index."""
    if pagefind.find_tool(str(ROOT)) is None:
        pytest.skip("Pagefind is not installed: run make html (needs Node.js)")
    root = tmp_path_factory.mktemp("search")
    content = write_files(root / "content", search_site())
    with build_clock(1780272000):
        return build(content, root / "out", SEARCH=True)


def site_pages(output: Path) -> list[tuple[Path, BeautifulSoup]]:
    """Every page of the built site, parsed once (parsed_pages), without any of Pagefind's bundle."""
    return [(path, soup) for path, soup in parsed_pages(output) if path.relative_to(output).parts[0] != "pagefind"]


# --- the build: what is in the index --------------------------------------------------------------

@pytest.mark.build
@NEEDS_PAGEFIND
def test_index_holds_every_item_page_and_nothing_else(searched):
    indexed = {f["url"] for f in fragments(searched)}
    bodies = {"/" + p.parent.relative_to(searched).as_posix() + "/" for p in html_pages(searched)
              if "data-pagefind-body" in p.read_text()}
    assert indexed == bodies
    assert {"/policies/use-of-force/", "/es/policies/use-of-force/", "/qa/elm-street/", "/stories/bike-unit/",
            "/alerts/bridge/", "/officers/jane-doe/", "/about/", "/news/bridge-works/"} == indexed


@pytest.mark.build
@NEEDS_PAGEFIND
def test_type_filter_values_are_the_types_names_in_the_page_language(searched):
    by_url = {f["url"]: f["filters"] for f in fragments(searched)}
    assert by_url["/policies/use-of-force/"] == {"type": ["Policy"]}
    assert by_url["/es/policies/use-of-force/"] == {"type": ["Política"]}
    assert by_url["/qa/elm-street/"] == {"type": ["Question and answer"]}
    assert by_url["/news/bridge-works/"] == {"type": ["News release"]}
    assert all(set(filters) == {"type"} for filters in by_url.values())


@pytest.mark.build
@NEEDS_PAGEFIND
def test_each_language_has_its_own_index(searched):
    entry = json.loads((searched / "pagefind" / "pagefind-entry.json").read_text())
    assert {lang: info["page_count"] for lang, info in entry["languages"].items()} == {"en": 7, "es": 1}


@pytest.mark.build
@NEEDS_PAGEFIND
def test_only_the_main_content_is_indexed(searched):
    record = next(f for f in fragments(searched) if f["url"] == "/policies/use-of-force/")
    assert LIVE in record["content"]
    assert record["meta"]["title"] == "Use of Force"
    for chrome in ("Not for emergencies", "Skip to main content", "Urgent alert", "Site map", "Permalink"):
        assert chrome not in record["content"], chrome


@pytest.mark.build
@NEEDS_PAGEFIND
def test_drafts_future_posts_and_future_updates_never_reach_the_index(searched):
    text = bundle_text(searched)
    assert LIVE in text  # the check can see words
    assert "bridge is open" in text
    for hidden in (DRAFT, FUTURE, LATER):
        assert hidden not in text, hidden
    assert not any("/stories/draft/" in f["url"] or "/stories/future/" in f["url"] for f in fragments(searched))


@pytest.mark.build
@NEEDS_PAGEFIND
def test_bundle_holds_only_what_the_default_interface_loads(searched):
    names = {p.name for p in (searched / "pagefind").iterdir()}
    assert {"pagefind-ui.js", "pagefind-ui.css", "pagefind.js", "pagefind-entry.json"} <= names
    assert not names & set(pagefind.UNUSED)


# --- the search page and the header box -----------------------------------------------------------

@pytest.mark.build
@NEEDS_PAGEFIND
def test_search_page_in_each_language_loads_pagefind_and_its_script_from_the_site(searched):
    for url, lang in (("/search/", "en"), ("/es/search/", "es")):
        soup = page(searched, url)
        assert soup.html["lang"] == lang
        sources = [s["src"] for s in soup.find_all("script", src=True)]
        assert sources[0] == f"{SITEURL}/pagefind/pagefind-ui.js"
        assert sources[1].startswith(f"{SITEURL}/theme/js/search.") and len(sources) == 2
        for source in sources:
            assert (searched / source.removeprefix(SITEURL + "/")).is_file()
        assert soup.find("link", href=f"{SITEURL}/pagefind/pagefind-ui.css")
        assert soup.find(id="ob-search") and soup.find(id="ob-search-status")["role"] == "status"
        form = soup.find("form", id="ob-search-form")
        assert form["method"] == "get" and form.find("input")["name"] == "q"


@pytest.mark.build
@NEEDS_PAGEFIND
def test_every_header_has_a_search_box_that_sends_q_to_the_search_page(searched):
    for path, soup in site_pages(searched):
        form = soup.select_one("header form.ob-header__search")
        lang = soup.html["lang"]
        assert form["action"] == f"{SITEURL}/{'es/' if lang == 'es' else ''}search/", path
        assert form["method"] == "get"
        field = form.find("input", attrs={"name": "q"})
        assert soup.find("label", attrs={"for": field["id"]}).get_text(strip=True)


@pytest.mark.build
@NEEDS_PAGEFIND
def test_only_the_search_page_has_scripts(searched):
    for path, soup in site_pages(searched):
        scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
        assert all(s.get("src") for s in scripts), path  # never inline
        if path.parent.name != "search":
            assert scripts == [], path


# --- reproducible, cached ------------------------------------------------------------------------

@pytest.mark.build
@NEEDS_PAGEFIND
def test_the_same_content_gives_a_byte_identical_index(tmp_path, clock):
    content = write_files(tmp_path / "content", search_site())
    first = build(content, tmp_path / "one", SEARCH=True)
    second = build(content, tmp_path / "two", SEARCH=True)  # another cache, another staging folder
    assert tree(first / "pagefind") == tree(second / "pagefind")
    assert tree(first / "theme" / "js") == tree(second / "theme" / "js")
    assert (first / "search" / "index.html").read_bytes() == (second / "search" / "index.html").read_bytes()


@pytest.mark.build
@NEEDS_PAGEFIND
def test_a_warm_build_reuses_the_index_and_a_change_makes_it_again(tmp_path, clock, monkeypatch):
    content = write_files(tmp_path / "content", search_site())
    output = build(content, tmp_path / "out", SEARCH=True)
    cache = tmp_path / "out-cache" / "pagefind"
    before = tree(output / "pagefind")
    assert len(list(cache.iterdir())) == 1

    def refuse(tool, site, log):
        raise AssertionError("Pagefind ran although the pages had not changed")

    monkeypatch.setattr(pagefind, "launch", refuse)
    build(content, output, SEARCH=True)
    assert tree(output / "pagefind") == before
    monkeypatch.undo()
    clock(1780272000)
    (content / "stories" / "bike-unit.md").write_text(
        (content / "stories" / "bike-unit.md").read_text().replace("back downtown", "back downtown zorbqnew"))
    build(content, output, SEARCH=True)
    assert "zorbqnew" in bundle_text(output)
    assert len(list(cache.iterdir())) == 1  # only the latest bundle is kept


@pytest.mark.build
@NEEDS_PAGEFIND
def test_a_pagefind_failure_fails_the_build_and_leaves_out_as_it_was(tmp_path, clock, monkeypatch):
    from ob_atomic import BuildFailed

    content = write_files(tmp_path / "content", search_site())
    output = build(content, tmp_path / "out", SEARCH=True)
    before = tree(output)

    def fail(tool, site, log):
        raise pagefind.PagefindFailed("the index could not be written")

    monkeypatch.setattr(pagefind, "launch", fail)
    (content / "pages" / "about.md").write_text("Title: About\n\nA changed page.\n")
    with pytest.raises(BuildFailed):
        build(content, output, SEARCH=True)
    assert tree(output) == before


# --- without Node, and with search off -------------------------------------------------------------

@pytest.mark.build
def test_without_pagefind_the_build_warns_once_and_the_search_page_says_so(tmp_path, clock, caplog):
    pagefind.warn_search_off.cache_clear()
    project = tmp_path / "project"  # no node_modules
    project.mkdir()
    content = write_files(tmp_path / "content", basic_site())
    with caplog.at_level(logging.WARNING, logger="openbeat.search"):
        output = build(content, tmp_path / "out", SEARCH=True, PROJECT_PATH=str(project))
        build(content, output, SEARCH=True, PROJECT_PATH=str(project))
    warnings = [r.getMessage() for r in caplog.records if r.name == "openbeat.search"]
    assert len(warnings) == 1 and warnings[0].startswith("search is off: install Node.js and run make html")
    assert not (output / "pagefind").exists() and not (output / "theme" / "js").exists()
    soup = page(output, "/search/")
    assert "not available" in soup.select_one(".ob-notice").get_text()
    assert soup.find("script", src=True) is None
    assert page(output, "/").select_one("header form.ob-header__search") is not None


@pytest.mark.build
def test_search_off_means_no_page_no_box_and_no_index(site):
    output = site(basic_site(), SEARCH=False)
    assert not (output / "search").exists() and not (output / "pagefind").exists()
    assert not (output / "theme" / "js").exists()
    for path in html_pages(output):
        text = path.read_text()
        assert "ob-header__search" not in text and "/search/" not in text, path


# --- the plain functions ------------------------------------------------------------------------

def test_html_digest_follows_the_html_files_only(tmp_path):
    tool = pagefind.Tool(("pagefind_extended",), "pagefind 1.6.0")
    write_files(tmp_path, {"index.html": "<p>a</p>", "a/index.html": "<p>b</p>", "feed.xml": "x"})
    first = pagefind.html_digest(str(tmp_path), tool)
    (tmp_path / "feed.xml").write_text("y")
    write_files(tmp_path, {"pagefind/pagefind-entry.json": "{}", "pagefind/x.html": "z"})
    assert pagefind.html_digest(str(tmp_path), tool) == first
    (tmp_path / "a" / "index.html").write_text("<p>c</p>")
    assert pagefind.html_digest(str(tmp_path), tool) != first
    newer = pagefind.Tool(("pagefind_extended",), "pagefind 1.7.0")
    assert pagefind.html_digest(str(tmp_path), newer) != pagefind.html_digest(str(tmp_path), tool)


def test_pagefind_runs_without_the_callers_pagefind_variables(monkeypatch):
    monkeypatch.setenv("PAGEFIND_SITE", "/elsewhere")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/elsewhere/pagefind")
    environment = pagefind.tool_environment()
    assert not any(name.startswith("PAGEFIND_") for name in environment)
    assert environment["PATH"] == os.environ["PATH"]


def test_no_tool_without_node_modules(tmp_path):
    assert pagefind.find_tool(str(tmp_path)) is None


def test_the_search_script_is_named_by_its_content(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "search.js").write_text("one();")
    first = pagefind.script_path(str(tmp_path))
    assert first.startswith("theme/js/search.") and first.endswith(".js")
    (tmp_path / "js" / "search.js").write_text("two();")
    assert pagefind.script_path(str(tmp_path)) != first


@pytest.mark.build
@NEEDS_PAGEFIND
def test_the_index_starts_from_the_staged_pages_before_the_cards_are_drawn(tmp_path, clock, monkeypatch):
    content = write_files(tmp_path / "content", search_site())
    started = []
    launch = pagefind.launch

    def watch(tool, site, log):
        started.append((os.path.isfile(os.path.join(site, "stories", "bike-unit", "index.html")),
                        os.path.isdir(os.path.join(site, "cards"))))
        return launch(tool, site, log)

    monkeypatch.setattr(pagefind, "launch", watch)
    output = build(content, tmp_path / "out", SEARCH=True)
    assert started == [(True, False)]
    assert "back downtown" in bundle_text(output) and any((output / "cards").iterdir())


@pytest.mark.parametrize("system, machine, package, name", [
    ("linux", "x86_64", "linux-x64", "pagefind_extended"),
    ("darwin", "x86_64", "darwin-arm64", "pagefind_extended"),  # npm chose by Node's architecture (Rosetta)
    ("freebsd14", "amd64", "freebsd-x64", "pagefind"),
    ("win32", "AMD64", "windows-x64", "pagefind_extended.exe"),
])
def test_pagefind_is_found_where_npm_installed_it(tmp_path, system, machine, package, name):
    program = tmp_path / "node_modules" / "@pagefind" / package / "bin" / name
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\necho pagefind 9.9.9\n")
    program.chmod(0o755)
    assert pagefind.find_tool(str(tmp_path), system, machine) == pagefind.Tool((str(program),), "pagefind 9.9.9")
    assert pagefind.find_tool(str(tmp_path), "sunos5", machine) is None


def test_starting_on_a_folder_again_stops_the_indexer_still_running_there(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    slow = pagefind.Tool(("sh", "-c", "sleep 30"), "slow 1")
    first = pagefind.start(slow, str(site), str(tmp_path / "cache"))
    second = pagefind.start(slow, str(site), str(tmp_path / "cache"))
    try:
        assert first.process.poll() is not None and second.process.poll() is None
    finally:
        pagefind._stop(second.process)
