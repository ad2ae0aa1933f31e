"""Syndication (scripts/syndicate.py, openbeat/social/) against the local fake Mastodon and
Bluesky of fake_social.py. No test waits: `sleep` is a list that records the waits."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from fake_social import (
    BLUESKY_PASSWORD,
    MASTODON_TOKEN,
    SITE,
    FakeSocial,
    item,
    resolved,
    update,
    write_feed,
)
from openbeat.social import record as record_module
from openbeat.social.errors import ConfigError, RecordError, Stop
from openbeat.social.feed import read_feed
from openbeat.social.http import Client, Transient
from openbeat.social.platforms import platforms_from_env
from openbeat.social.record import Record, discussions
from openbeat.social.syndicate import Result, run
from openbeat.social.text import BLUESKY_LIMIT, TID_ALPHABET, facets, graphemes, mastodon_length, mastodon_text, tid

ROOT = Path(__file__).resolve().parent.parent
SINCE = datetime(2026, 1, 1, tzinfo=UTC)


class SimulatedCrash(BaseException):
    """The process dies here (nothing catches a BaseException on the way out)."""


@pytest.fixture
def other():
    """Another host, to which nothing secret may ever go."""
    server = FakeSocial().start()
    yield server
    server.close()


@pytest.fixture
def paths(tmp_path):
    return {"out": tmp_path / "out", "record": tmp_path / "syndication.json"}


def syndicate(fake, feed, record, *, since=SINCE, max_posts=5, dry_run=False, env=None, sleeps=None, now=None):
    """One run in this process; returns (Result, printed text)."""
    waits = sleeps if sleeps is not None else []
    platforms = platforms_from_env(env if env is not None else fake.env(), sleep=waits.append, now=now or (lambda: datetime.now(UTC)))
    out = io.StringIO()
    result = run(feed, record, platforms, since=since, max_posts=max_posts, dry_run=dry_run, out=out)
    return result, out.getvalue()


def entries(record_path: Path) -> dict:
    return json.loads(record_path.read_text(encoding="utf-8"))["posts"]


def statuses_posted(fake) -> list[dict]:
    return [r.json() for r in fake.seen("/api/v1/statuses", "POST")]


def records_created(fake) -> list[dict]:
    return [r.json()["record"] for r in fake.seen("/xrpc/com.atproto.repo.createRecord")]


THREE = [item("bike-unit", 2), item("coffee-with-a-cop", 3), item("new-cadets", 4)]


# --- first run, --since, once only -----------------------------------------------------------


def test_first_run_without_since_marks_the_feed_seen_and_posts_nothing(fake, paths):
    feed = write_feed(paths["out"], THREE)
    result, out = syndicate(fake, feed, paths["record"], since=None)
    assert fake.own_statuses() == [] and fake.own_records() == []
    assert result.seen == 6 and "first run" in out
    states = {p["mastodon"]["state"] for p in entries(paths["record"]).values()} | {p["bluesky"]["state"] for p in entries(paths["record"]).values()}
    assert states == {"seen"}
    # The next item is posted by the next run, and only it.
    feed = write_feed(paths["out"], [*THREE, item("bridge-reopens", 5)])
    syndicate(fake, feed, paths["record"], since=None)
    assert [s["text_source"].split("\n")[0] for s in fake.own_statuses()] == ["Bridge reopens"]
    assert len(fake.own_records()) == 1


def test_items_published_before_since_are_never_posted(fake, paths):
    feed = write_feed(paths["out"], THREE)
    syndicate(fake, feed, paths["record"], since=datetime(2026, 5, 3, tzinfo=UTC))
    titles = [s["text_source"].split("\n")[0] for s in fake.own_statuses()]
    assert titles == ["Coffee with a cop", "New cadets"]
    assert entries(paths["record"])[THREE[0].guid]["mastodon"]["state"] == "seen"
    syndicate(fake, feed, paths["record"], since=None)  # a later run without --since: still never
    assert len(fake.own_statuses()) == 2


def test_two_runs_post_each_item_once(fake, paths):
    feed = write_feed(paths["out"], THREE)
    result, _ = syndicate(fake, feed, paths["record"])
    assert len(result.posted) == 6 and result.exit_code == 0
    before = len(fake.requests)
    result, out = syndicate(fake, feed, paths["record"])
    assert result.posted == [] and "0 post(s) made" in out
    assert len(fake.requests) == before  # nothing asked, not even a session


# --- what is sent ------------------------------------------------------------------------------


def test_mastodon_gets_the_card_with_its_alt_text_then_the_status(fake, paths):
    spanish = item("unidad-ciclista", 2, lang="es", title="La unidad ciclista vuelve", alt="Tarjeta: dos agentes en bicicleta")
    feed = write_feed(paths["out"], [spanish])
    syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    upload = fake.seen("/api/v2/media")[0]
    assert b'name="description"' in upload.body and b"Tarjeta: dos agentes en bicicleta" in upload.body
    assert b"\xff\xd8" in upload.body  # the JPEG card itself
    request = fake.seen("/api/v1/statuses")[0]
    status = request.json()
    assert status["language"] == "es" and status["visibility"] == "public"
    assert status["media_ids"] == [fake.media and next(iter(fake.media))]
    assert status["status"].endswith(spanish.link) and status["status"].startswith("La unidad ciclista vuelve\n\n")
    assert len(request.header("Idempotency-Key")) >= 16
    assert request.header("Idempotency-Key") == entries(paths["record"])[spanish.guid]["mastodon"]["idempotency_key"]
    assert mastodon_length(status["status"]) <= 500


def test_bluesky_post_has_text_langs_facets_and_the_card_as_external_embed(fake, paths):
    spanish = item("unidad-ciclista", 2, lang="es", title="Acción: la unidad ciclista está aquí 🚲",
                   teaser="Más patrullas en el centro, información en https://millbrook.example/bicis. #PolicíaMillbrook")
    feed = write_feed(paths["out"], [spanish])
    moment = datetime(2026, 6, 1, 12, 0, 5, 250000, tzinfo=UTC)
    platforms = platforms_from_env(fake.env(mastodon=False), sleep=lambda s: None)
    run(feed, paths["record"], platforms, since=SINCE, out=io.StringIO(), now=lambda: moment)
    record = records_created(fake)[0]
    assert record["$type"] == "app.bsky.feed.post" and record["langs"] == ["es"]
    assert record["createdAt"] == "2026-06-01T12:00:05.250Z"
    assert graphemes(record["text"]) <= BLUESKY_LIMIT
    data = record["text"].encode("utf-8")
    covered = {data[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode("utf-8"): f["features"][0] for f in record["facets"]}
    assert covered["#PolicíaMillbrook"] == {"$type": "app.bsky.richtext.facet#tag", "tag": "PolicíaMillbrook"}
    assert covered["#MillbrookPD"]["tag"] == "MillbrookPD"
    assert covered["https://millbrook.example/bicis"] == {"$type": "app.bsky.richtext.facet#link", "uri": "https://millbrook.example/bicis"}
    external = record["embed"]["external"]
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert set(external) == {"uri", "title", "description", "thumb"}  # the lexicon has no alt text field
    assert external["uri"] == spanish.link and external["title"] == spanish.title
    assert external["description"] == "Más patrullas en el centro, información en https://millbrook.example/bicis."
    assert external["thumb"]["mimeType"] == "image/jpeg" and external["thumb"]["ref"]["$link"] in fake.blobs
    posted = entries(paths["record"])[spanish.guid]["bluesky"]
    assert posted["url"] == f"https://bsky.app/profile/millbrookpd.test/post/{posted['rkey']}"
    assert posted["id"] == f"at://did:plc:millbrookpd/app.bsky.feed.post/{posted['rkey']}" and posted["cid"]


def test_facet_offsets_are_utf8_bytes():
    text = "¿Qué pasó? Ñandú 🚲👍🏽 #Policía, y #123 no. Más: https://x.example/a_(b). #fin"
    found = facets(text)
    data = text.encode("utf-8")
    covered = [data[f["index"]["byteStart"]:f["index"]["byteEnd"]].decode("utf-8") for f in found]
    assert covered == ["#Policía", "https://x.example/a_(b)", "#fin"]
    assert found[0]["index"]["byteStart"] == len("¿Qué pasó? Ñandú 🚲👍🏽 ".encode())


def test_texts_fit_each_platform_limit():
    link = SITE + "/news/" + "x" * 200 + "/"
    text = mastodon_text("Title", "word " * 200 + "#MillbrookPD", link)
    assert mastodon_length(text) <= 500 and text.endswith(link) and "… #MillbrookPD" in text
    from openbeat.social.text import bluesky_text
    assert graphemes(bluesky_text("Título", "palabra " * 100 + "#MillbrookPD")) <= BLUESKY_LIMIT
    assert graphemes("👍🏽🇺🇸e\u0301👨‍👩‍👧") == 4


def test_record_keys_are_valid_tids_of_the_time_of_posting():
    first = tid(datetime(2026, 6, 1, tzinfo=UTC), 7)
    later = tid(datetime(2026, 6, 1, 0, 0, 1, tzinfo=UTC), 7)
    assert len(first) == 13 and set(first) <= set(TID_ALPHABET) and first[0] in "234567abcdefghij"
    assert first < later  # sortable by time


def test_mastodon_media_still_processing_is_waited_for(fake, paths):
    fake.media_async = True
    sleeps = []
    feed = write_feed(paths["out"], THREE[:1])
    result, _ = syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False), sleeps=sleeps)
    assert result.exit_code == 0 and len(fake.own_statuses()) == 1
    assert len(fake.seen("/api/v1/media/" + next(iter(fake.media)))) == 2 and sleeps == [1.0, 1.0]


# --- limits and refusals ------------------------------------------------------------------------


def test_max_posts_posts_the_oldest_first_and_leaves_the_rest(fake, paths):
    items = [item(f"story-{n}", n) for n in range(1, 8)]
    feed = write_feed(paths["out"], items)
    result, out = syndicate(fake, feed, paths["record"], max_posts=3)
    assert [s["text_source"].split("\n")[0] for s in fake.own_statuses()] == ["Story 1", "Story 2", "Story 3"]
    assert result.waiting == 4 and "4 item(s) wait for the next run" in out
    syndicate(fake, feed, paths["record"], max_posts=3)
    syndicate(fake, feed, paths["record"], max_posts=3)
    assert len(fake.own_statuses()) == 7 and len(fake.own_records()) == 7


def test_a_permanent_refusal_is_recorded_reported_and_never_retried(fake, paths):
    feed = write_feed(paths["out"], THREE)
    fake.fail("/api/v1/statuses", 422, body={"error": "Validation failed: Text contains a forbidden word"})
    result, out = syndicate(fake, feed, paths["record"], max_posts=2, env=fake.env(bluesky=False))
    assert result.refused == [f"mastodon {THREE[0].guid}"] and result.exit_code == 1
    assert "refused 'Bike unit' for good" in out and "forbidden word" in out
    # It did not count and did not hold back the two items after it.
    assert [s["text_source"].split("\n")[0] for s in fake.own_statuses()] == ["Coffee with a cop", "New cadets"]
    assert entries(paths["record"])[THREE[0].guid]["mastodon"]["state"] == "refused"
    before = len(statuses_posted(fake))
    result, _ = syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    assert len(statuses_posted(fake)) == before and result.exit_code == 0


def test_bad_credentials_stop_the_run_naming_what_to_check(fake, paths):
    feed = write_feed(paths["out"], THREE)
    env = {**fake.env(bluesky=False), "MASTODON_TOKEN": "wrong-token-value"}
    with pytest.raises(Stop, match=r"check MASTODON_TOKEN .* and MASTODON_BASE_URL") as stop:
        syndicate(fake, feed, paths["record"], env=env)
    assert "wrong-token-value" not in str(stop.value)
    env = {**fake.env(mastodon=False), "BLUESKY_APP_PASSWORD": "wrong-password"}
    with pytest.raises(Stop, match="check BLUESKY_HANDLE and BLUESKY_APP_PASSWORD"):
        syndicate(fake, feed, paths["record"], env=env)
    fake.fail("/api/v2/media", 403, body={"error": "This action is outside the authorized scopes"})
    with pytest.raises(Stop, match="refused the credentials \\(403"):
        syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))


def test_retry_after_in_seconds_is_honoured(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/api/v1/statuses", 429, headers={"Retry-After": "7"})
    fake.fail("/xrpc/com.atproto.repo.uploadBlob", 429, headers={"RateLimit-Reset": "0", "Retry-After": "3"})
    sleeps = []
    result, _ = syndicate(fake, feed, paths["record"], sleeps=sleeps)
    assert sleeps == [7.0, 3.0] and result.exit_code == 0
    assert len(fake.own_statuses()) == 1 and len(fake.own_records()) == 1


def test_retry_after_as_an_http_date_is_honoured(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    now = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    fake.fail("/api/v2/media", 503, headers={"Retry-After": format_datetime(now + timedelta(seconds=42), usegmt=True)})
    sleeps = []
    syndicate(fake, feed, paths["record"], sleeps=sleeps, now=lambda: now, env=fake.env(bluesky=False))
    assert sleeps == [42.0] and len(fake.own_statuses()) == 1


def test_a_long_retry_after_ends_the_run_instead_of_sleeping(fake, paths):
    feed = write_feed(paths["out"], THREE)
    fake.fail("/api/v1/statuses", 429, headers={"Retry-After": "3600"})
    sleeps = []
    with pytest.raises(Stop, match="asks to wait 3600 seconds"):
        syndicate(fake, feed, paths["record"], sleeps=sleeps, env=fake.env(bluesky=False))
    assert sleeps == []
    # The pending post is resumed by the next run, once.
    syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    assert len(fake.own_statuses()) == 3


def test_server_errors_and_dropped_connections_are_retried_with_backoff(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/api/v2/media", 502, times=2)
    fake.fail("/xrpc/com.atproto.server.createSession", 500, drop=True)
    sleeps = []
    result, _ = syndicate(fake, feed, paths["record"], sleeps=sleeps)
    assert result.exit_code == 0 and sleeps == [1.0, 2.0, 1.0]
    assert len(fake.own_statuses()) == 1 and len(fake.own_records()) == 1


def test_an_expired_bluesky_session_is_opened_again(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/xrpc/com.atproto.repo.uploadBlob", 400, body={"error": "ExpiredToken", "message": "Token has expired"})
    result, _ = syndicate(fake, feed, paths["record"], env=fake.env(mastodon=False))
    assert result.exit_code == 0 and len(fake.seen("/xrpc/com.atproto.server.createSession")) == 2
    assert len(fake.own_records()) == 1


def test_a_server_that_stays_down_stops_the_run(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/api/v2/media", 503, times=5)
    with pytest.raises(Stop, match="kept failing after 5 tries"):
        syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))


def test_an_answer_echoing_credentials_is_never_printed(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/api/v1/statuses", 422, body={"error": f"Bad request from Bearer {MASTODON_TOKEN}"})
    result, out = syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    assert MASTODON_TOKEN not in out and "Bearer ***" in out
    assert MASTODON_TOKEN not in paths["record"].read_text()
    fake.fail("/xrpc/com.atproto.server.createSession", 400, body={"error": "InvalidRequest", "message": f"password {BLUESKY_PASSWORD} rejected"})
    with pytest.raises(Stop) as stop:
        syndicate(fake, feed, paths["record"], env=fake.env(mastodon=False))
    assert BLUESKY_PASSWORD not in str(stop.value)


def test_the_record_never_holds_credentials(fake, paths):
    feed = write_feed(paths["out"], THREE)
    syndicate(fake, feed, paths["record"])
    text = paths["record"].read_text()
    assert MASTODON_TOKEN not in text and BLUESKY_PASSWORD not in text and "jwt-" not in text


# --- redirects ---------------------------------------------------------------------------------


def test_a_redirect_to_another_host_gets_neither_token_nor_password(fake, other, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.redirect("/api/v2/media", other.base + "/api/v2/media", 307)
    with pytest.raises(Stop, match="redirect to another address .* set MASTODON_BASE_URL"):
        syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    fake.redirect("/xrpc/com.atproto.server.createSession", other.base + "/xrpc/com.atproto.server.createSession", 308)
    with pytest.raises(Stop, match="set BLUESKY_PDS"):
        syndicate(fake, feed, paths["record"], env=fake.env(mastodon=False))
    assert other.requests == []


def test_a_redirect_within_the_same_server_is_followed(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.redirect("/api/v2/media", "/api/v2/media", 308)
    result, _ = syndicate(fake, feed, paths["record"], env=fake.env(bluesky=False))
    assert result.exit_code == 0 and len(fake.own_statuses()) == 1
    assert [r.header("Authorization") for r in fake.seen("/api/v2/media")] == [f"Bearer {MASTODON_TOKEN}"] * 2


def test_credentials_travel_over_https_only():
    with pytest.raises(ConfigError, match="use https://"):
        platforms_from_env({"MASTODON_BASE_URL": "http://mastodon.example", "MASTODON_TOKEN": "t"})
    with pytest.raises(ConfigError, match="set BLUESKY_APP_PASSWORD too"):
        platforms_from_env({"BLUESKY_HANDLE": "pd.example"})


def test_a_request_has_a_deadline_for_the_whole_answer():
    ticks = iter(range(0, 1000, 7))

    class Slow:
        def read1(self, size):
            return b"x"  # a server that drips one byte at a time, forever

    client = Client("Mastodon", "MASTODON_TOKEN", "MASTODON_BASE_URL", monotonic=lambda: next(ticks), deadline=60)
    with pytest.raises(Transient, match="no complete answer within 60 seconds"):
        client.read(Slow(), end=60)


# --- cards -------------------------------------------------------------------------------------


def test_a_missing_card_is_an_error_for_its_item_not_a_post_without_image(fake, paths):
    items = [item("bike-unit", 2, card_missing=True), item("new-cadets", 3)]
    feed = write_feed(paths["out"], items)
    result, out = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 1 and "card" in result.errors[0] and "is missing" in out
    assert [s["text_source"].split("\n")[0] for s in fake.own_statuses()] == ["New cadets"]
    assert items[0].guid not in entries(paths["record"])  # tried again by the next run
    feed = write_feed(paths["out"], [item("bike-unit", 2), items[1]])
    result, _ = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 0 and len(fake.own_statuses()) == 2 and len(fake.own_records()) == 2


def test_the_card_is_read_from_the_built_site_by_its_url(paths):
    one = item("bike-unit", 2)
    feed = read_feed(write_feed(paths["out"], [one]))
    assert feed.site == SITE and feed.out == paths["out"].resolve()
    assert one.card.startswith("cards/stories/bike-unit.") and feed.items[0].card_url == f"{SITE}/{one.card}"
    assert feed.items[0].card_alt == "Share card: Bike unit" and feed.items[0].kind == "stories"


# --- crashes -------------------------------------------------------------------------------------


def crash_when(monkeypatch, predicate):
    """Make the record write that satisfies predicate(posts) die, once."""
    real = record_module.write_json
    state = {"done": False}

    def write(path, data):
        if not state["done"] and predicate(data["posts"]):
            state["done"] = True
            raise SimulatedCrash()
        real(path, data)

    monkeypatch.setattr(record_module, "write_json", write)


def any_state(posts, platform, state, suffix=""):
    return any(p.get(platform, {}).get("state") == state and key.endswith(suffix) for key, p in posts.items())


@pytest.mark.parametrize("platform", ["mastodon", "bluesky"])
def test_a_crash_after_the_post_before_the_record_write_makes_no_duplicate(fake, paths, monkeypatch, platform):
    feed = write_feed(paths["out"], THREE)
    crash_when(monkeypatch, lambda posts: any_state(posts, platform, "posted"))
    with pytest.raises(SimulatedCrash):
        syndicate(fake, feed, paths["record"])
    assert entries(paths["record"])[THREE[0].guid][platform]["state"] == "pending"
    result, _ = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 0
    assert len(fake.own_statuses()) == 3 and len(fake.own_records()) == 3
    assert len(statuses_posted(fake)) == 3 and len(records_created(fake)) == 3  # found, not sent again


def test_a_pending_post_that_never_left_is_sent_with_its_saved_keys(fake, paths):
    one = item("bike-unit", 2)
    feed = write_feed(paths["out"], [one])
    pending = {
        "mastodon": {"state": "pending", "at": datetime.now(UTC).isoformat(), "idempotency_key": "k" * 32},
        "bluesky": {"state": "pending", "at": datetime.now(UTC).isoformat(), "rkey": "3lbcdefghijkl", "created_at": "2026-06-01T12:00:00.000Z"},
    }
    record_module.write_json(paths["record"], {"version": 1, "site": SITE, "posts": {one.guid: pending}})
    syndicate(fake, feed, paths["record"])
    assert fake.seen("/api/v1/statuses")[0].header("Idempotency-Key") == "k" * 32
    created = fake.seen("/xrpc/com.atproto.repo.createRecord")[0].json()
    assert created["rkey"] == "3lbcdefghijkl" and created["record"]["createdAt"] == "2026-06-01T12:00:00.000Z"
    assert len(fake.own_statuses()) == 1 and len(fake.own_records()) == 1


def test_a_lost_answer_is_recovered_without_a_duplicate(fake, paths):
    feed = write_feed(paths["out"], THREE[:1])
    fake.fail("/api/v1/statuses", 502, after=True)  # posted, but the answer is lost
    fake.fail("/xrpc/com.atproto.repo.createRecord", 504, after=True)
    result, _ = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 0
    keys = [r.header("Idempotency-Key") for r in fake.seen("/api/v1/statuses")]
    assert len(keys) == 2 and len(set(keys)) == 1 and len(fake.own_statuses()) == 1
    assert len(records_created(fake)) == 1 and len(fake.own_records()) == 1  # getRecord found it


def test_a_killed_process_resumes_without_duplicates(fake, paths):
    feed = write_feed(paths["out"], THREE)
    fake.hold("/xrpc/com.atproto.repo.createRecord")  # the PDS makes the post; the answer never arrives
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "syndicate.py"), str(feed), "--record", str(paths["record"]), "--since", "2026-01-01"],
        env={**os.environ, **fake.env()}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert fake.reached.wait(timeout=60)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    finally:
        fake.release.set()
        process.stdout.close()
        process.stderr.close()
    assert entries(paths["record"])[THREE[0].guid]["bluesky"]["state"] == "pending"
    result, _ = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 0 and len(fake.own_statuses()) == 3 and len(fake.own_records()) == 3
    assert len(records_created(fake)) == 3


# --- updates -------------------------------------------------------------------------------------


def test_updates_are_replies_in_the_thread_of_their_post(fake, paths):
    news = item("bridge-fire", 2, kind="news")
    first = update(news, "202605021030", "Traffic is diverted.")
    feed = write_feed(paths["out"], [news, first])
    syndicate(fake, feed, paths["record"])
    second = update(news, "202605021400", "The bridge is open again.")
    feed = write_feed(paths["out"], [news, first, second])
    syndicate(fake, feed, paths["record"])
    posts = entries(paths["record"])
    statuses = statuses_posted(fake)
    assert "in_reply_to_id" not in statuses[0]
    assert statuses[1]["in_reply_to_id"] == posts[news.guid]["mastodon"]["id"]
    assert statuses[2]["in_reply_to_id"] == posts[first.guid]["mastodon"]["id"]
    assert statuses[2]["status"].startswith("Update: Bridge fire\n\nThe bridge is open again.")
    records = records_created(fake)
    root = {"uri": posts[news.guid]["bluesky"]["id"], "cid": posts[news.guid]["bluesky"]["cid"]}
    assert "reply" not in records[0]
    assert records[1]["reply"] == {"root": root, "parent": root}
    assert records[2]["reply"] == {"root": root, "parent": {"uri": posts[first.guid]["bluesky"]["id"], "cid": posts[first.guid]["bluesky"]["cid"]}}
    assert records[2]["embed"]["external"]["uri"] == second.link


def test_an_update_of_a_post_never_posted_starts_its_own_thread(fake, paths):
    news = item("bridge-fire", 2, kind="news")
    feed = write_feed(paths["out"], [news])
    syndicate(fake, feed, paths["record"], since=None)  # first run: the post is only seen
    first = update(news, "202605021030", "Traffic is diverted.")
    second = update(news, "202605021400", "Open again.")
    syndicate(fake, write_feed(paths["out"], [news, first, second]), paths["record"], since=None)
    statuses = statuses_posted(fake)
    assert "in_reply_to_id" not in statuses[0]
    assert statuses[1]["in_reply_to_id"] == entries(paths["record"])[first.guid]["mastodon"]["id"]
    records = records_created(fake)
    assert "reply" not in records[0] and records[1]["reply"]["root"]["uri"] == entries(paths["record"])[first.guid]["bluesky"]["id"]


def test_an_update_waits_while_its_post_waits(fake, paths):
    news = item("bridge-fire", 2, kind="news", card_missing=True)
    first = replace(update(news, "202605021030", "Traffic is diverted."), card="cards/news/bridge-fire.update.jpg")
    feed = write_feed(paths["out"], [news, first])
    result, _ = syndicate(fake, feed, paths["record"])
    assert result.exit_code == 1 and fake.requests == [] and not paths["record"].exists()
    feed = write_feed(paths["out"], [replace(news, card_missing=False), first])
    syndicate(fake, feed, paths["record"])
    assert statuses_posted(fake)[1]["in_reply_to_id"] == entries(paths["record"])[news.guid]["mastodon"]["id"]


# --- resolved appeals ------------------------------------------------------------------------------


def appeal_posted(fake, paths):
    appeal = item("missing-man", 2, kind="appeals", title="Missing man, 78")
    first = update(appeal, "202605031200", "Last seen near the river.")
    syndicate(fake, write_feed(paths["out"], [appeal, first]), paths["record"])
    assert len(fake.own_statuses()) == 2 and len(fake.own_records()) == 2
    return appeal, first


def test_a_resolved_appeal_is_deleted_everywhere_and_its_outcome_posted_once(fake, paths):
    appeal, first = appeal_posted(fake, paths)
    done = resolved(appeal, "Found safe on 4 May. Thank you for your help.")
    feed = write_feed(paths["out"], [done, first])
    result, out = syndicate(fake, feed, paths["record"])
    assert len(result.deleted) == 4 and "the appeal is resolved" in out
    assert len(fake.deleted_statuses) == 2 and len(fake.deleted_records) == 2
    outcome = fake.own_statuses()
    assert len(outcome) == 1 and outcome[0]["text_source"] == f"Missing man, 78\n\nFound safe on 4 May. Thank you for your help. #MillbrookPD\n\n{appeal.link}"
    assert outcome[0]["in_reply_to_id"] is None
    bluesky = fake.own_records()
    assert len(bluesky) == 1 and bluesky[0]["value"]["text"].startswith("Missing man, 78\n\nFound safe")
    assert "reply" not in bluesky[0]["value"] and bluesky[0]["value"]["embed"]["external"]["uri"] == appeal.link
    posts = entries(paths["record"])
    assert {posts[k][p]["state"] for k in (appeal.guid, first.guid) for p in ("mastodon", "bluesky")} == {"deleted"}
    assert posts[appeal.guid + "#outcome"]["mastodon"]["state"] == "posted"
    links = discussions(str(paths["record"]), SITE)
    assert links[appeal.guid]["mastodon"] == posts[appeal.guid + "#outcome"]["mastodon"]["url"]
    before = len(fake.requests)
    syndicate(fake, feed, paths["record"])
    assert len(fake.requests) == before


@pytest.mark.parametrize("moment", ["deleted", "outcome"])
def test_resolving_through_a_crash_deletes_once_and_posts_the_outcome_once(fake, paths, monkeypatch, moment):
    appeal, first = appeal_posted(fake, paths)
    feed = write_feed(paths["out"], [resolved(appeal, "Found safe."), first])
    if moment == "deleted":
        crash_when(monkeypatch, lambda posts: any_state(posts, "mastodon", "deleted"))
    else:
        crash_when(monkeypatch, lambda posts: any_state(posts, "bluesky", "posted", "#outcome"))
    with pytest.raises(SimulatedCrash):
        syndicate(fake, feed, paths["record"])
    syndicate(fake, feed, paths["record"])
    syndicate(fake, feed, paths["record"])
    assert len(fake.deleted_statuses) == 2
    assert len(fake.deleted_records) == 2
    assert len(fake.own_statuses()) == 1 and len(fake.own_records()) == 1
    assert len([s for s in statuses_posted(fake) if "Found safe" in s["status"]]) == 1
    assert len([r for r in records_created(fake) if "Found safe" in r["text"]]) == 1


def test_a_resolved_appeal_never_posted_gets_only_its_outcome(fake, paths):
    seen_appeal = item("old-appeal", 1, kind="appeals")
    syndicate(fake, write_feed(paths["out"], [seen_appeal]), paths["record"], since=None)
    new_resolved = resolved(item("quick-find", 4, kind="appeals"), "Found safe within the hour.")
    feed = write_feed(paths["out"], [resolved(seen_appeal, "Found."), new_resolved])
    syndicate(fake, feed, paths["record"], since=None)
    statuses = fake.own_statuses()
    assert len(statuses) == 1 and "Found safe within the hour." in statuses[0]["text_source"]
    assert fake.deleted_statuses == [] and len(fake.own_records()) == 1
    assert entries(paths["record"])[new_resolved.guid + "#outcome"]["bluesky"]["state"] == "posted"
    assert discussions(str(paths["record"]), SITE)[new_resolved.guid].keys() == {"mastodon", "bluesky"}


# --- dry run -------------------------------------------------------------------------------------


def test_dry_run_prints_the_exact_requests_and_sends_nothing(fake, paths):
    news = item("bridge-fire", 2, kind="news")
    feed = write_feed(paths["out"], [news, update(news, "202605021030", "Traffic is diverted.")])
    result, out = syndicate(fake, feed, paths["record"], dry_run=True)
    assert fake.requests == [] and not paths["record"].exists()
    assert MASTODON_TOKEN not in out and BLUESKY_PASSWORD not in out
    urls = [request["url"].removeprefix(fake.base) for request in result.planned]
    assert urls.count("/api/v2/media") == 2 and urls.count("/api/v1/statuses") == 2
    assert urls.count("/xrpc/com.atproto.repo.createRecord") == 2
    statuses = [r for r in result.planned if r["url"].endswith("/api/v1/statuses")]
    assert statuses[0]["headers"]["Authorization"] == "Bearer <MASTODON_TOKEN>"
    assert statuses[0]["json"]["status"].startswith("Bridge fire\n\n") and "Idempotency-Key" in statuses[0]["headers"]
    assert statuses[1]["json"]["in_reply_to_id"] == f"<the post of {news.guid}>"
    session = next(r for r in result.planned if r["url"].endswith("createSession"))
    assert session["json"]["password"] == "<BLUESKY_APP_PASSWORD>"
    assert '"app.bsky.feed.post"' in out and "dry run: nothing was sent" in out


# --- the record ------------------------------------------------------------------------------------


def test_a_record_of_another_site_is_refused(fake, paths):
    record_module.write_json(paths["record"], {"version": 1, "site": "https://other-police.example", "posts": {}})
    feed = write_feed(paths["out"], THREE)
    with pytest.raises(RecordError, match="is the record of https://other-police.example, not of https://police.example.gov"):
        syndicate(fake, feed, paths["record"])
    assert fake.requests == []


def test_the_record_may_not_live_in_content_or_in_the_output(fake, paths, tmp_path):
    feed = write_feed(paths["out"], THREE)
    with pytest.raises(RecordError, match="inside .*out"):
        syndicate(fake, feed, paths["out"] / "syndication.json")
    (tmp_path / "pelicanconf.py").write_text("")
    (tmp_path / "content").mkdir()
    with pytest.raises(RecordError, match="content"):
        syndicate(fake, feed, tmp_path / "content" / "syndication.json")
    assert fake.requests == []


def test_record_writes_merge_and_keep_other_platforms_entries(tmp_path):
    path = tmp_path / "syndication.json"
    one, two = Record.load(path, SITE), Record.load(path, SITE)
    one.set("g1", "mastodon", {"state": "posted", "id": "1", "url": "https://m/1"}, title="One", link=SITE + "/one/")
    two.set("g1", "bluesky", {"state": "posted", "id": "at://x/y/z", "url": "https://b/1"})
    two.set("g2", "bluesky", {"state": "seen"})
    data = json.loads(path.read_text())
    assert data["version"] == 1 and data["site"] == SITE
    assert data["posts"]["g1"]["mastodon"]["id"] == "1" and data["posts"]["g1"]["bluesky"]["id"] == "at://x/y/z"
    assert data["posts"]["g1"]["title"] == "One" and data["posts"]["g2"]["bluesky"]["state"] == "seen"
    assert [p.name for p in tmp_path.iterdir()] == ["syndication.json"]  # no temporary file left


def test_discussions_gives_the_posted_urls_for_the_build(tmp_path):
    path = tmp_path / "syndication.json"
    assert discussions(str(path), SITE) == {}
    record_module.write_json(path, {"version": 1, "site": SITE, "posts": {
        "g1": {"mastodon": {"state": "posted", "url": "https://m/1"}, "bluesky": {"state": "pending", "rkey": "x"}},
        "g1#update-202606011200": {"mastodon": {"state": "posted", "url": "https://m/2"}},
        "g2": {"mastodon": {"state": "seen"}},
        "g3": {"mastodon": {"state": "deleted", "url": "https://m/3"}},
        "g3#outcome": {"mastodon": {"state": "posted", "url": "https://m/4"}},
    }})
    assert discussions(str(path), "HTTPS://Police.Example.gov/") == {"g1": {"mastodon": "https://m/1"}, "g3": {"mastodon": "https://m/4"}}
    assert discussions(str(path), "") == discussions(str(path), SITE)  # a local preview does not compare
    with pytest.raises(RecordError, match="not of https://elsewhere.example"):
        discussions(str(path), "https://elsewhere.example")
    with pytest.raises(ValueError):
        discussions(str(path), "https://elsewhere.example")


def test_result_exit_code():
    assert Result().exit_code == 0 and Result(errors=["x"]).exit_code == 1


# --- the command line ----------------------------------------------------------------------------


def script(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MASTODON_", "BLUESKY_"))}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "syndicate.py"), *args], capture_output=True, text=True,
        env={**environment, **(env or {})}, timeout=120,
    )


def test_the_script_without_platforms_says_which_variables_to_set(paths):
    feed = write_feed(paths["out"], THREE)
    result = script(str(feed), "--record", str(paths["record"]))
    assert result.returncode == 2 and "MASTODON_BASE_URL and MASTODON_TOKEN" in result.stderr


def test_the_script_posts_and_records(fake, paths):
    feed = write_feed(paths["out"], THREE)
    result = script(str(feed), "--record", str(paths["record"]), "--since", "2026-05-03", "--max-posts", "1", env=fake.env())
    assert result.returncode == 0, result.stderr
    assert "Mastodon: posted 'Coffee with a cop'" in result.stdout and len(fake.own_statuses()) == 1
    assert MASTODON_TOKEN not in result.stdout + result.stderr
    dry = script(str(feed), "--record", str(paths["record"]), "--dry-run", env=fake.env())
    assert dry.returncode == 0 and "/api/v1/statuses" in dry.stdout and "dry run: nothing was sent" in dry.stdout
    bad = script(str(feed), "--since", "yesterday", env=fake.env())
    assert bad.returncode == 2 and "write it like 2026-06-01" in bad.stderr
