"""scripts/syndicate.py against a local server speaking the Mastodon and Bluesky subset it uses."""

import io
import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import syndicate
from conftest import basic_site


class FakeNetworks(BaseHTTPRequestHandler):
    """Mastodon: /api/v2/media, /api/v1/statuses. Bluesky: createSession, uploadBlob, createRecord."""

    def log_message(self, *args):
        pass

    def reply(self, code, payload, headers=None):
        body = json.dumps(payload).encode()
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server.requests.append((self.path, dict(self.headers), body))
        failure = server.failures.pop(self.path, None) if server.failures.get(self.path) else None
        if failure == "after-processing":
            self.handle_status(body)  # the post is made, but the client never hears it
            return self.reply(502, {"error": "bad gateway"})
        if failure:
            return self.reply(failure, {"error": "injected"}, {"Retry-After": "0"})
        if self.path == "/api/v2/media":
            return self.reply(200, {"id": f"m{len(server.requests)}"})
        if self.path == "/api/v1/statuses":
            return self.reply(200, self.handle_status(body))
        if self.path.endswith("createSession"):
            return self.reply(200, {"accessJwt": "jwt", "did": "did:plc:test"})
        if self.path.endswith("uploadBlob"):
            return self.reply(200, {"blob": {"$type": "blob", "ref": {"$link": "bafy"}, "mimeType": "image/jpeg", "size": len(body)}})
        if self.path.endswith("createRecord"):
            record = json.loads(body)
            if record["rkey"] in server.records:
                return self.reply(400, {"error": "InvalidRequest", "message": "Record already exists"})
            server.records[record["rkey"]] = record
            return self.reply(200, {"uri": f"at://did:plc:test/app.bsky.feed.post/{record['rkey']}"})
        return self.reply(404, {"error": "not found"})

    def handle_status(self, body):
        key = self.headers.get("Idempotency-Key")
        if key not in self.server.statuses:
            self.server.statuses[key] = {"id": str(len(self.server.statuses)), "status": json.loads(body)}
        return {"url": f"https://mastodon.test/@pd/{self.server.statuses[key]['id']}"}


@pytest.fixture
def fake():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNetworks)
    server.requests, server.statuses, server.records, server.failures = [], {}, {}, {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed(site):
    return site(basic_site()) / "feeds/social.rss.xml"


def networks(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    return syndicate.networks_from_env(
        {"MASTODON_BASE_URL": base, "MASTODON_TOKEN": "t", "BLUESKY_PDS": base,
         "BLUESKY_HANDLE": "pd.test", "BLUESKY_APP_PASSWORD": "p"},
        sleep=lambda seconds: None,
    )


SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def run(feed, state, server, dry_run=False):
    out = io.StringIO()
    code = syndicate.run(str(feed), str(state), networks(server), dry_run, SINCE, out=out)
    return code, out.getvalue()


def test_each_item_is_posted_once_across_two_runs(feed, tmp_path, fake):
    state = tmp_path / "state.json"
    run(feed, state, fake)
    assert len(fake.statuses) == 4 and len(fake.records) == 4
    requests_after_first = len(fake.requests)
    code, out = run(feed, state, fake)
    assert code == 0 and "0 post(s) sent" in out
    assert len(fake.requests) == requests_after_first


def test_mastodon_status_has_card_with_alt_text_and_fits(feed, tmp_path, fake):
    run(feed, tmp_path / "state.json", fake)
    media = [body for path, _, body in fake.requests if path == "/api/v2/media"]
    assert media and b'name="description"' in media[0] and b"Share card: " in media[0]
    assert b"\xff\xd8" in media[0]  # the JPEG card itself
    for status in fake.statuses.values():
        text = status["status"]["status"]
        assert status["status"]["media_ids"]
        assert len(text) - len(text.split()[-1]) + 23 <= 500


def test_bluesky_post_has_external_card_with_thumbnail(feed, tmp_path, fake):
    run(feed, tmp_path / "state.json", fake)
    record = next(iter(fake.records.values()))["record"]
    assert record["$type"] == "app.bsky.feed.post"
    external = record["embed"]["external"]
    assert external["uri"].startswith("https://police.example.gov/")
    assert external["thumb"]["mimeType"] == "image/jpeg"
    assert syndicate.graphemes(record["text"]) <= 300


def test_dry_run_prints_the_payloads_and_sends_nothing(feed, tmp_path, fake):
    code, out = run(feed, tmp_path / "state.json", fake, dry_run=True)
    assert code == 0 and fake.requests == []
    assert '"/api/v1/statuses"' in out and '"app.bsky.feed.post"' in out
    assert "Bike unit returns" in out
    assert not (tmp_path / "state.json").exists()


def test_first_run_without_since_posts_nothing_already_in_the_feed(feed, tmp_path, fake):
    out = io.StringIO()
    syndicate.run(str(feed), str(tmp_path / "state.json"), networks(fake), False, None, out=out)
    assert fake.statuses == {} and fake.records == {}
    state = json.loads((tmp_path / "state.json").read_text())
    assert len(state["posted"]["mastodon"]) == 4


def test_crash_between_posts_resumes_without_doubles(feed, tmp_path, fake):
    state = tmp_path / "state.json"
    fake.failures["/api/v1/statuses"] = 401  # the second network call fails hard
    with pytest.raises(syndicate.Stop, match="refused the credentials"):
        run(feed, state, fake)
    run(feed, state, fake)
    assert len(fake.statuses) == 4
    assert len(fake.records) == 4


def test_post_made_but_answer_lost_is_not_duplicated(feed, tmp_path, fake):
    fake.failures["/api/v1/statuses"] = "after-processing"
    run(feed, tmp_path / "state.json", fake)
    assert len(fake.statuses) == 4  # the retry reused the Idempotency-Key
    keys = [h.get("Idempotency-Key") for p, h, _ in fake.requests if p == "/api/v1/statuses"]
    assert len(keys) == 5 and len(set(keys)) == 4


def test_429_and_5xx_are_retried(feed, tmp_path, fake):
    fake.failures["/xrpc/com.atproto.repo.createRecord"] = 503
    fake.failures["/api/v2/media"] = 429
    code, _ = run(feed, tmp_path / "state.json", fake)
    assert code == 0 and len(fake.records) == 4 and len(fake.statuses) == 4


def test_401_stops_with_a_clear_message(feed, tmp_path, fake):
    fake.failures["/xrpc/com.atproto.server.createSession"] = 401
    fake.failures["/api/v2/media"] = 403
    with pytest.raises(syndicate.Stop, match="check the MASTODON_\\* environment variables"):
        run(feed, tmp_path / "state.json", fake)


def test_bluesky_record_key_is_a_valid_tid_and_stable():
    item = syndicate.Item("guid-1", "T", "https://x/", "t", datetime(2026, 1, 1, tzinfo=UTC), "", "")
    key = syndicate.record_key(item)
    assert len(key) == 13 and set(key) <= set(syndicate.TID_ALPHABET)
    assert key == syndicate.record_key(item)


def test_texts_respect_each_network_limit():
    item = syndicate.Item("g", "Title", "https://police.example.gov/" + "x" * 200, "word " * 200,
                          datetime(2026, 1, 1, tzinfo=UTC), "", "")
    text = syndicate.mastodon_text(item)
    assert len(text) - len(item.link) + 23 <= 500 and text.endswith(item.link)
    assert syndicate.graphemes(syndicate.bluesky_text(item)) <= 300
    assert syndicate.graphemes("👍🏽🇺🇸e\u0301") == 3


def test_credentials_only_from_the_environment(monkeypatch, feed, capsys):
    for name in ("MASTODON_BASE_URL", "MASTODON_TOKEN", "BLUESKY_HANDLE", "BLUESKY_APP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert syndicate.main([str(feed), "--dry-run"]) == 2
    assert "No network is configured" in capsys.readouterr().err
