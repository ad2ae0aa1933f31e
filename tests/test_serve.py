"""The live preview (scripts/serve.py, openbeat.preview): incremental rebuilds equal cold builds,
live reload only where it is served, errors keep the last good output, Ctrl-C stops it."""

from __future__ import annotations

import hashlib
import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, ROOT, basic_site, free_port, write_files
from openbeat.config import site_settings
from openbeat.preview import LIVE_TAG, Preview

pytestmark = pytest.mark.build
PELICANCONF = str(ROOT / "pelicanconf.py")


def tree(folder: Path) -> dict[str, str]:
    """path -> sha256 of every file below folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cold_build(content: Path, out: Path, cache: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", PELICANCONF, "-o", str(out),
         "-e", f'CACHE_PATH="{cache}"'],
        check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
    )


def preview_of(content: Path, out: Path, cache: Path) -> Preview:
    return Preview(site_settings(PELICANCONF, PATH=str(content), OUTPUT_PATH=str(out), CACHE_PATH=str(cache)))


def test_an_incremental_rebuild_writes_what_a_cold_build_writes(tmp_path, clock):
    content = write_files(tmp_path / "content", basic_site())
    preview = preview_of(content, tmp_path / "preview", tmp_path / "cache")
    assert preview.rebuild().ok
    story = content / "stories/bike-unit.md"
    # A new title: a new card, drawn with its photo's copies (one output), and the old card gone.
    story.write_text(story.read_text().replace("The bike unit is back downtown.", "The bike unit rides again.")
                     .replace("Title: Bike unit returns", "Title: Bike unit rides again"))
    old_card = next((tmp_path / "preview" / "cards" / "stories").glob("bike-unit.*"))
    (content / "stories/new.md").write_text("Title: New story\nDate: 2026-05-02\n\nA new story.\n")
    (content / "alerts/bridge.md").unlink()
    result = preview.rebuild()
    assert result.ok
    assert 0 < result.written < 40  # the edited pages, the listings and feeds they are in: not the whole site
    assert result.removed > 0  # the deleted alert's page and card
    new_card = next((tmp_path / "preview" / "cards" / "stories").glob("bike-unit.*"))
    assert new_card.name != old_card.name and not old_card.exists()
    preview.index_search()  # serve() runs it after the page has reloaded
    cold_build(content, tmp_path / "cold", tmp_path / "cold-cache")
    assert tree(tmp_path / "preview") == tree(tmp_path / "cold")


def test_a_rebuild_with_nothing_changed_writes_nothing(tmp_path, clock):
    content = write_files(tmp_path / "content", basic_site())
    preview = preview_of(content, tmp_path / "preview", tmp_path / "cache")
    preview.rebuild()
    assert preview.rebuild().written == 0


def test_a_content_error_keeps_the_last_good_output(tmp_path, clock):
    content = write_files(tmp_path / "content", basic_site())
    preview = preview_of(content, tmp_path / "preview", tmp_path / "cache")
    preview.rebuild()
    before = tree(tmp_path / "preview")
    (content / "stories/bad.md").write_text("Title: Bad\nDate: 2026-02-30\n\nText.\n")
    result = preview.rebuild()
    assert not result.ok
    assert [str(p) for p in result.problems if p.level == "error"] == [
        "stories/bad.md:2: Date \"2026-02-30\" is not a real day: February 2026 has 28 days"
    ]
    assert tree(tmp_path / "preview") == before



def get(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read()
    connection.close()
    return body


def test_the_server_reloads_the_page_after_an_edit_and_stops_on_ctrl_c(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/serve.py"), str(content), "-o", str(tmp_path / "out"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}, start_new_session=True,
    )
    try:
        for line in server.stdout:
            if "Preview on" in line:
                break
        page = get(port, "/stories/bike-unit/")
        assert LIVE_TAG in page  # served pages get the live script...
        assert LIVE_TAG not in (tmp_path / "out/stories/bike-unit/index.html").read_bytes()  # ...files never do
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        events.request("GET", "/__openbeat/events")
        stream = events.getresponse()
        story = content / "stories/bike-unit.md"
        story.write_text(story.read_text().replace("is back downtown", "rides again downtown"))
        while b"event: reload" not in stream.readline():
            pass
        assert b"rides again downtown" in get(port, "/stories/bike-unit/")
        (content / "stories/bad.md").write_text("Title: Bad\nDate: 2026-02-30\n\nText.\n")
        line = b""
        while b"event: problems" not in line:
            line = stream.readline()
        assert b"stories/bad.md:2" in stream.readline()
        events.close()
        server.send_signal(signal.SIGINT)
        started = time.monotonic()
        server.wait(timeout=10)
        assert time.monotonic() - started < 5
        assert "Preview stopped." in server.stdout.read()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        server.stdout.close()
