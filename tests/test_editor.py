"""The browser editor without a browser (contract section 14): its configuration made
from the type table, its files, its file format run under node, and make edit's
processes. The browser itself: test_editor_browser.py."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import free_port
from openbeat.editor import EditorFilesError, admin_files, editor_config
from openbeat.editor.admin import DECAP_DIST, _decap_files, manifest
from openbeat.keys import TEASER_LIMIT
from openbeat.scaffold import starter_text
from openbeat.types import type_table

ROOT = Path(__file__).resolve().parent.parent
FORMAT_JS = ROOT / "editor" / "src" / "pelican-format.js"
NODE = shutil.which("node")
REQUIRED = os.environ.get("OB_REQUIRE_BROWSER") == "1"  # CI: never skip
JOBS = {
    "jobs": {
        "name": "Job opening", "name_es": "Empleo", "required": ["Date", "Closes"],
        "optional": ["Salary", "Image", "Image-Alt", "Teaser", "Tags", "Benefits"],
        "dates": ["Closes"], "lists": ["Benefits"],
    },
}
SETTINGS = {"CONTENT_TYPES_EXTRA": JOBS, "TIMEZONE": "America/New_York", "SITENAME": "Millbrook Police",
            "THEME": str(ROOT / "theme"), "PATH": str(ROOT / "content")}
NOW = datetime(2026, 5, 4, 9, 30)


def _need(condition: bool, reason: str):
    if REQUIRED:
        return pytest.mark.skipif(False, reason="")
    return pytest.mark.skipif(not condition, reason=reason)


needs_node = _need(NODE is not None, "node is not installed")


@pytest.fixture(scope="session")
def editor_packages():
    """The editor's pinned packages, installed as make edit installs them (npm ci --prefix editor)."""
    if NODE is None or shutil.which("npm") is None:
        if REQUIRED:
            pytest.fail("the editor needs node and npm")
        pytest.skip("node and npm are not installed")
    spec = importlib.util.spec_from_file_location("ob_edit_script", ROOT / "scripts/edit.py")
    edit = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(edit)
    if edit.install_needed():
        edit.install()


@pytest.fixture(scope="module")
def types():
    return type_table(SETTINGS)


@pytest.fixture(scope="module")
def config(types):
    return editor_config(SETTINGS, types, local=True)


def fields_of(config, name):
    collection = next(c for c in config["collections"] if c["name"] == name)
    return {f["name"]: f for f in collection["fields"]}


# The configuration -------------------------------------------------------------------------


def test_every_type_of_the_table_is_a_collection_department_types_included(config, types):
    assert [c["name"] for c in config["collections"]] == list(types.folders)
    assert "jobs" in [c["name"] for c in config["collections"]]
    for collection in config["collections"]:
        assert collection["format"] == "pelican" and collection["extension"] == "md"
        assert collection["folder"] == collection["name"]  # local: inside the content folder


def test_every_key_of_a_type_is_a_field_in_the_order_new_py_writes(config, types):
    for spec in types:
        names = [f["name"] for f in next(c for c in config["collections"] if c["name"] == spec.folder)["fields"]]
        header = [line.split(":", 1)[0] for line in starter_text(spec, "T", NOW, "urn:x").split("\n\n", 1)[0].splitlines()]
        written = [h.lower().replace("-", "_") for h in header]
        assert [n for n in names if n in written] == written, spec.folder
        assert names[-1] == "body"


def test_dates_are_date_pickers_with_a_time_where_the_contract_wants_one(config):
    alerts = fields_of(config, "alerts")
    assert alerts["date"]["widget"] == alerts["expires"]["widget"] == "ob-date"
    assert alerts["expires"]["time"] == "required" and alerts["date"]["time"] == "optional"
    assert fields_of(config, "events")["starts"]["time"] == "required"
    assert fields_of(config, "events")["ends"]["time"] == "required"
    assert fields_of(config, "jobs")["closes"]["widget"] == "ob-date"
    qa = fields_of(config, "qa")
    assert qa["date"]["default"] == qa["asked"]["default"] == "{{today}}"
    assert qa["date"]["timezone"] == "America/New_York"


def test_lists_are_lists_and_officers_and_policies_are_chosen_from_existing_items(config):
    assert fields_of(config, "qa")["tags"]["widget"] == "list"
    assert fields_of(config, "qa")["authors"]["widget"] == "list"
    assert fields_of(config, "jobs")["benefits"]["widget"] == "list"
    for folder, key, target in (("qa", "policies", "policies"), ("stories", "officers", "officers")):
        field = fields_of(config, folder)[key]
        assert (field["widget"], field["collection"], field["multiple"]) == ("relation", target, True)
        assert field["value_field"] == "{{slug}}"


def test_images_upload_into_images_and_their_alt_text_is_required_with_them(config):
    assert config["media_folder"] == "images" and config["public_folder"] == "images"
    for folder, image, alt in (("stories", "image", "image_alt"), ("officers", "photo", "photo_alt"),
                               ("jobs", "image", "image_alt")):
        fields = fields_of(config, folder)
        assert fields[image]["widget"] == "image"
        assert (fields[alt]["widget"], fields[alt]["image_field"]) == ("ob-alt", image)
    assert fields_of(config, "officers")["photo_alt"]["required"] is True


def test_teaser_id_status_and_language(config):
    qa = fields_of(config, "qa")
    assert (qa["teaser"]["widget"], qa["teaser"]["limit"]) == ("ob-teaser", TEASER_LIMIT)
    assert (qa["id"]["widget"], qa["id"]["required"]) == ("hidden", False)
    assert (qa["status"]["default"], qa["status"]["required"]) == ("draft", False)
    assert [o["value"] for o in qa["lang"]["options"]] == ["en", "es"]
    assert qa["title"].get("required", True) and qa["question"]["required"] and not qa["asker"]["required"]


def test_choices_are_selects_of_the_contract_values(config):
    kind = fields_of(config, "appeals")["kind"]
    assert [o["value"] for o in kind["options"]] == ["missing", "wanted", "identify", "witness"]
    assert fields_of(config, "alerts")["severity"]["default"] == "info"


def test_the_local_editor_saves_through_decap_server_and_the_deployed_one_through_pull_requests(types):
    local = editor_config(SETTINGS, types, local=True, proxy_url="http://127.0.0.1:9001/api/v1")
    assert local["backend"] == {"name": "proxy", "proxy_url": "http://127.0.0.1:9001/api/v1", "branch": "main"}
    assert "publish_mode" not in local
    github = editor_config({**SETTINGS, "EDITOR_BACKEND": "github", "EDITOR_REPO": "millbrook/site",
                            "EDITOR_AUTH_URL": "https://auth.millbrook.gov/auth"}, types, local=False)
    assert github["publish_mode"] == "editorial_workflow"
    assert github["backend"]["name"] == "github" and github["backend"]["repo"] == "millbrook/site"
    assert (github["backend"]["base_url"], github["backend"]["auth_endpoint"]) == ("https://auth.millbrook.gov", "auth")
    assert github["media_folder"] == "content/images" and github["public_folder"] == "images"
    assert {c["folder"] for c in github["collections"]} == {f"content/{f}" for f in types.folders}
    gitlab = editor_config({**SETTINGS, "EDITOR_BACKEND": "gitlab", "EDITOR_REPO": "millbrook/site",
                            "EDITOR_APP_ID": "abc123"}, types, local=False)
    assert gitlab["backend"]["auth_type"] == "pkce" and gitlab["backend"]["app_id"] == "abc123"
    with pytest.raises(ValueError, match="EDITOR_BACKEND"):
        editor_config(SETTINGS, types, local=False)


# The editor's files ------------------------------------------------------------------------


def test_the_admin_page_is_noindex_and_may_connect_to_its_own_host_and_the_backend_only(types, editor_packages):
    files = admin_files(SETTINGS, types, local=True, proxy_url="http://127.0.0.1:9001/api/v1")
    page = BeautifulSoup(files["index.html"], "html.parser")
    assert page.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    csp = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["connect-src"] == "'self' blob: data: http://127.0.0.1:9001"
    assert directives["default-src"] == "'self'"
    sources = [tag.get("src") or tag.get("href") for tag in page.find_all(["script", "link"])]
    assert sources and all("//" not in s for s in sources if not s.startswith("data:"))
    assert json.loads(files["config.yml"])["backend"]["proxy_url"] == "http://127.0.0.1:9001/api/v1"
    theme_css = "".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in sorted((ROOT / "theme/css").glob("*.css")))
    assert files["preview.css"].decode("utf-8").startswith(theme_css)
    assert "decap/decap-cms.js" in files and all(not name.endswith(".map") for name in files)


def test_decap_files_are_the_pinned_ones(tmp_path, editor_packages):
    pins = manifest()
    assert "decap-cms.js" in pins and len(pins) > 50
    package = json.loads((DECAP_DIST.parent / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == "3.16.3"
    lock = json.loads((ROOT / "editor/package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/decap-cms"]["integrity"].startswith("sha512-")
    assert lock["packages"]["node_modules/decap-server"]["version"] == "3.11.3"
    for name in pins:
        shutil.copy(DECAP_DIST / name, tmp_path / name)
    (tmp_path / "decap-cms.js").write_bytes(b"alert('not decap');")
    with pytest.raises(EditorFilesError, match="not the pinned"):
        _decap_files(str(tmp_path), tuple(sorted(pins.items())))


def test_the_deployed_editor_connects_to_its_git_host_only(types, monkeypatch):
    monkeypatch.setattr("openbeat.editor.admin.decap_files", lambda: {})
    files = admin_files({**SETTINGS, "EDITOR_BACKEND": "gitlab", "EDITOR_REPO": "a/b", "EDITOR_APP_ID": "x"},
                        types, local=False)
    csp = BeautifulSoup(files["index.html"], "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert "connect-src 'self' blob: data: https://gitlab.com;" in csp["content"]
    assert json.loads(files["config.yml"])["backend"]["name"] == "gitlab"


# The file format, run under node ---------------------------------------------------------------

RUNNER = textwrap.dedent("""
    const F = require(process.argv[1]);
    const job = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    const fmt = F.createFormat(job.config);
    const out = job.cases.map(c => {
      const data = c.data ? c.data : fmt.fromFile(c.text);
      if (c.set) Object.assign(data, c.set);
      if (c.fresh) delete data[F.SOURCE];
      const written = fmt.toFile(data, c.order);
      const copy = Object.assign({}, data); delete copy[F.SOURCE];
      return { written, data: copy, reread: (() => { const r = fmt.fromFile(written); delete r[F.SOURCE]; return r; })() };
    });
    process.stdout.write(JSON.stringify(out));
""")


def run_format(config, cases):
    result = subprocess.run([NODE, "-e", RUNNER, str(FORMAT_JS)], input=json.dumps({"config": config, "cases": cases}),
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


def order_of(config, folder):
    return [f["name"] for f in next(c for c in config["collections"] if c["name"] == folder)["fields"]]


UNSEEN = {  # written for this test: what a department's own folder may hold
    "qa/crlf.md": "Title: Line endings\r\nDate: 2026-01-02\r\nQuestion: Why CRLF?\r\nAsked: 2026-01-01\r\n\r\nBody\r\n",
    "qa/bom.md": "\ufeffTitle: With a BOM\nDate: 2026-01-02\nQuestion: q\nAsked: 2026-01-01\n\nBody\n",
    "policies/continued.md": textwrap.dedent("""\
        title:   Lower-case keys and a continued summary
        DATE: 2026-01-02
        Number: 300.10
        Effective: 2026-02-01
        Summary: The first line of a long summary
            goes on here,
              and here.
        Tags: a,b ,  c,
        Custom-Key: kept as it is

        ## Purpose

        Text.
        """),
    "stories/no-blank-line.md": "Title: Straight into the body\nDate: 2026-01-02\nThe body starts at once.\n",
    "pages/header-only.md": "Title: Only a title",
    "pages/two-blank-lines.md": "Title: Two blank lines\n\n\nBody after two.\n",
    "alerts/repeated.md": "Title: Repeated key\nDate: 2026-01-02 08:00\nExpires: 2026-01-09 08:00\nTags: a\nTags: b\n\nx\n",
    "officers/empty-values.md": "Title: Jane Doe\nRank:\nPhoto: images/jane.png\nPhoto-Alt: \nUnit:   \n\nAbout.\n",
    "qa/translation.es.md": "Title: ¿Pregunta?\nSlug: translation\nLang: es\nDate: 2026-01-02\nQuestion: ¿Qué?\n"
                            "Asked: 2026-01-01\nPolicies: use-of-force, body-worn-cameras\n\nRespuesta.\n",
    "jobs/clerk.md": "Title: Records clerk\nDate: 2026-01-02\nCloses: 2026-02-01\nBenefits: dental, pension\n\nApply.\n",
}


def corpus(types):
    files = {path: text for path, text in UNSEEN.items()}
    for path in sorted((ROOT / "content").glob("*/*.md")):
        files[path.relative_to(ROOT / "content").as_posix()] = path.read_text(encoding="utf-8")
    for spec in types:  # every starter scripts/new.py writes
        files[f"{spec.folder}/starter.md"] = starter_text(spec, f"A new {spec.name}", NOW, "urn:uuid:1")
    return files


@needs_node
def test_opening_and_saving_any_file_unchanged_leaves_it_byte_identical(config, types):
    files = corpus(types)
    cases = [{"text": text, "order": order_of(config, path.split("/")[0])} for path, text in files.items()]
    results = run_format(config, cases)
    changed = [path for (path, text), r in zip(files.items(), results, strict=True) if r["written"] != text]
    assert changed == []


@needs_node
def test_what_the_format_reads_is_what_the_file_says(config, types):
    cases = [{"text": UNSEEN[p], "order": order_of(config, p.split("/")[0])}
             for p in ("policies/continued.md", "qa/translation.es.md", "officers/empty-values.md", "qa/crlf.md",
                       "qa/bom.md", "stories/no-blank-line.md")]
    policy, spanish, officer, crlf, bom, story = (r["data"] for r in run_format(config, cases))
    assert policy["title"] == "Lower-case keys and a continued summary" and policy["number"] == "300.10"
    assert policy["summary"] == "The first line of a long summary\ngoes on here,\nand here."
    assert policy["tags"] == ["a", "b", "c"] and policy["custom_key"] == "kept as it is"
    assert policy["body"] == "## Purpose\n\nText.\n" and policy["lang"] == "en"
    assert spanish["lang"] == "es" and spanish["slug"] == "translation"
    assert spanish["policies"] == ["use-of-force", "body-worn-cameras"]
    assert officer["rank"] == "" and officer["photo"] == "images/jane.png"
    assert crlf["question"] == "Why CRLF?" and crlf["body"] == "Body\r\n"
    assert bom["title"] == "With a BOM"
    assert story["body"] == "The body starts at once.\n"


@needs_node
def test_changing_one_key_changes_exactly_that_line(config, types):
    files = {p: t for p, t in corpus(types).items()
             if not p.endswith("starter.md") and "teaser" in order_of(config, p.split("/")[0])}
    cases = [{"text": text, "order": order_of(config, path.split("/")[0]), "set": {"teaser": "Changed, on one line."}}
             for path, text in files.items()]
    for (path, text), result in zip(files.items(), run_format(config, cases), strict=True):
        before, after = text.splitlines(), result["written"].splitlines()
        had = [line for line in before if line.lower().startswith("teaser:")]
        removed = [line for line in before if line not in after]
        added = [line for line in after if line not in before]
        assert added == ["Teaser: Changed, on one line."], path
        assert removed == had[:1], path  # an empty Teaser: line is replaced, else the line is new
        assert [line for line in after if line != added[0]] == [line for line in before if line not in removed], path


@needs_node
def test_a_new_entry_is_written_as_new_py_writes_it_without_the_empty_keys(config, types):
    for spec in types:
        starter = starter_text(spec, "A new one", NOW, "urn:uuid:1")
        data = run_format(config, [{"text": starter, "order": order_of(config, spec.folder)}])[0]["data"]
        written = run_format(config, [{"data": data, "order": order_of(config, spec.folder)}])[0]["written"]
        expected = "\n".join(line for line in starter.split("\n\n", 1)[0].splitlines() if not line.endswith(":"))
        assert written == expected + "\n\n" + spec.body, spec.folder


@needs_node
def test_a_new_entry_from_the_form(config):
    data = {"title": "Why is the siren tested on Mondays?", "id": "urn:uuid:2", "date": "2026-05-04",
            "question": "Why do I hear a siren every Monday at noon?", "asked": "2026-05-01", "authors": [],
            "tags": ["sirens", " safety "], "teaser": "", "lang": "en", "status": "draft",
            "body": "We test the outdoor warning sirens every Monday at noon."}
    written = run_format(config, [{"data": data, "order": order_of(config, "qa")}])[0]["written"]
    assert written == textwrap.dedent("""\
        Title: Why is the siren tested on Mondays?
        Id: urn:uuid:2
        Date: 2026-05-04
        Question: Why do I hear a siren every Monday at noon?
        Asked: 2026-05-01
        Tags: sirens, safety
        Status: draft

        We test the outdoor warning sirens every Monday at noon.
        """)


@needs_node
def test_a_new_spanish_entry_says_its_language_and_a_multi_line_value_continues(config):
    data = {"title": "¿Por qué?", "date": "2026-05-04", "question": "¿Por qué?", "asked": "2026-05-01",
            "slug": "why", "lang": "es", "status": "draft", "body": "Porque.\n"}
    written = run_format(config, [{"data": data, "order": order_of(config, "qa")}])[0]["written"]
    assert "Slug: why\nLang: es\nStatus: draft\n\nPorque.\n" in written
    policy = {"title": "P", "date": "2026-05-04", "number": "300", "effective": "2026-05-04",
              "summary": "Line one\n\nline two", "body": ""}
    written = run_format(config, [{"data": policy, "order": order_of(config, "policies")}])[0]["written"]
    assert "Summary: Line one\n    line two\n" in written


# make edit -----------------------------------------------------------------------------------


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def start_editor(tmp_path: Path, content: Path, port: int, backend_port: int) -> subprocess.Popen:
    """scripts/edit.py as make edit runs it: decap-server and the live preview (scripts/serve.py)."""
    serve = str(ROOT / "scripts/serve.py")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/edit.py"), str(content), "-o", str(tmp_path / "out"),
         "-s", str(ROOT / "pelicanconf.py"), "--port", str(port), "--backend-port", str(backend_port),
         "--serve-script", serve],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 300  # the first run installs the editor's packages
    while time.monotonic() < deadline and process.poll() is None:
        if listening(port) and listening(backend_port):
            return process
        time.sleep(0.2)
    output = process.communicate(timeout=10)[0] if process.poll() is not None else ""
    process.kill()
    process.wait()
    process.stdout.close()
    raise AssertionError(f"make edit did not start: {output}")


def test_ctrl_c_stops_the_editor_and_everything_it_started(tmp_path, editor_packages):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    port, backend_port = free_port(), free_port()
    process = start_editor(tmp_path, content, port, backend_port)
    try:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
    assert not listening(port) and not listening(backend_port)


def test_edit_refuses_a_missing_content_folder(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts/edit.py"), str(tmp_path / "nothing")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "not a folder" in result.stderr
