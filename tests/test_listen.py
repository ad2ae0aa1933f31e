"""Listening (scripts/listen.py, openbeat/social/listen.py and inbox.py) against the local
fake Mastodon and Bluesky of fake_social.py."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from fake_social import BLUESKY_HANDLE, BLUESKY_PASSWORD, MASTODON_TOKEN, item, update, write_feed
from openbeat.social.errors import InboxError
from openbeat.social.inbox import is_question, question_from_reply, title_from_question
from openbeat.social.listen import listen
from openbeat.social.platforms import platforms_from_env
from openbeat.social.syndicate import run

ROOT = Path(__file__).resolve().parent.parent
SINCE = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def posted(fake, tmp_path):
    """Post items to both platforms; returns a function giving {slug: {platform: entry}}."""

    def post(*items):
        feed = write_feed(tmp_path / "out", list(items))
        platforms = platforms_from_env(fake.env(), sleep=lambda seconds: None)
        run(feed, tmp_path / "syndication.json", platforms, since=SINCE, out=io.StringIO())
        posts = json.loads((tmp_path / "syndication.json").read_text())["posts"]
        return {one.guid: posts[one.guid] for one in items}

    return post


def hear(fake, tmp_path, env=None, sleeps=None, now=None):
    platforms = platforms_from_env(env if env is not None else fake.env(), sleep=(sleeps if sleeps is not None else []).append)
    out = io.StringIO()
    moment = now or datetime.now(UTC)
    heard = listen(tmp_path / "syndication.json", tmp_path / "inbox", platforms, out=out, now=lambda: moment)
    return heard, out.getvalue()


def inbox(tmp_path) -> list[dict]:
    return json.loads((tmp_path / "inbox" / "replies.json").read_text())["replies"]


BIKES = item("bike-unit", 2, title="Bike unit returns")


def test_replies_from_both_platforms_are_collected_without_our_own(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    status, post = ours["mastodon"]["id"], ours["bluesky"]["id"]
    question = fake.mastodon_reply(status, "@millbrookpd Why are the bikes only downtown?\n\nAsking for Elm St.")
    fake.mastodon_reply(status, "Thanks, team! <3")
    answer = fake.mastodon_reply(question, "They start downtown; Elm St. in June.", acct="millbrookpd")
    fake.mastodon_reply(answer, "@millbrookpd ok, and on weekends?", acct="neighbour@other.example")
    spanish = fake.bluesky_reply(post, "¿Habrá patrullas en bici en el barrio norte?")
    fake.bluesky_reply(spanish, "Sí, a partir de junio.", handle=BLUESKY_HANDLE)
    fake.bluesky_reply(spanish, "Yo también quiero saberlo", handle="vecina.test")
    heard, out = hear(fake, tmp_path)
    assert heard.exit_code == 0 and heard.problems == []
    replies = inbox(tmp_path)
    assert len(replies) == 5
    texts = {r["text"]: r for r in replies}
    first = texts["@millbrookpd Why are the bikes only downtown?\n\nAsking for Elm St."]
    assert first["platform"] == "mastodon" and first["author"] == "@resident@town.example"
    assert first["url"] == f"{fake.base}/@resident@town.example/{question}" and first["question"] is True
    assert first["item"] == {"guid": BIKES.guid, "title": "Bike unit returns", "link": BIKES.link}
    assert texts["Thanks, team! <3"]["question"] is False
    assert texts["@millbrookpd ok, and on weekends?"]["author"] == "@neighbour@other.example"
    bluesky = texts["¿Habrá patrullas en bici en el barrio norte?"]
    assert bluesky["platform"] == "bluesky" and bluesky["author"] == "@resident.test" and bluesky["question"] is True
    assert bluesky["url"] == f"https://bsky.app/profile/resident.test/post/{spanish.rsplit('/', 1)[1]}"
    assert texts["Yo también quiero saberlo"]["item"]["guid"] == BIKES.guid
    assert not any("Elm St. in June" in r["text"] or "Sí, a partir" in r["text"] for r in replies)
    assert all(r["new"] for r in replies) and "5 new reply(ies)" in out
    assert datetime.fromisoformat(first["at"].replace("Z", "+00:00")).tzinfo is not None


def test_a_reply_to_an_update_answers_the_update(fake, posted, tmp_path):
    news = item("bridge-fire", 2, kind="news", title="Bridge fire")
    later = update(news, "202605021030", "Traffic is diverted.")
    ours = posted(news, later)
    fake.mastodon_reply(ours[later.guid]["mastodon"]["id"], "Which detour?")
    fake.bluesky_reply(ours[later.guid]["bluesky"]["id"], "Which detour, please?")
    hear(fake, tmp_path)
    replies = inbox(tmp_path)
    assert len(replies) == 2
    assert {r["item"]["guid"] for r in replies} == {later.guid}
    assert {r["item"]["title"] for r in replies} == {"Update: Bridge fire"}


def test_runs_merge_without_duplicates_and_mark_what_is_new(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "Great news.")
    hear(fake, tmp_path, now=datetime(2026, 6, 1, 12, tzinfo=UTC))
    fake.bluesky_reply(ours["bluesky"]["id"], "When do they come to Oak Park?")
    heard, _ = hear(fake, tmp_path, now=datetime(2026, 6, 2, 12, tzinfo=UTC))
    replies = inbox(tmp_path)
    assert len(replies) == 2 and len({(r["platform"], r["id"]) for r in replies}) == 2
    assert [(r["text"], r["new"]) for r in replies] == [("When do they come to Oak Park?", True), ("Great news.", False)]
    assert replies[1]["first_seen"] == "2026-06-01T12:00:00Z"
    heard, _ = hear(fake, tmp_path, now=datetime(2026, 6, 3, 12, tzinfo=UTC))
    assert not any(r["new"] for r in inbox(tmp_path)) and len(inbox(tmp_path)) == 2


def test_new_questions_come_first(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    status = ours["mastodon"]["id"]
    fake.mastodon_reply(status, "Nice.")
    hear(fake, tmp_path, now=datetime(2026, 6, 1, tzinfo=UTC))
    fake.mastodon_reply(status, "Old question, is it?")  # collected in the same run as the next ones
    fake.mastodon_reply(status, "Love it")
    fake.mastodon_reply(status, "How do I join the ride-along?")
    hear(fake, tmp_path, now=datetime(2026, 6, 2, tzinfo=UTC))
    order = [(r["text"], r["new"], r["question"]) for r in inbox(tmp_path)]
    assert order == [
        ("How do I join the ride-along?", True, True),
        ("Old question, is it?", True, True),
        ("Love it", True, False),
        ("Nice.", False, False),
    ]


def test_one_platform_down_is_reported_and_the_other_still_collected(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "Hello?")
    fake.bluesky_reply(ours["bluesky"]["id"], "Hi there")
    fake.fail(f"/api/v1/statuses/{ours['mastodon']['id']}/context", 503, times=5)
    sleeps = []
    heard, out = hear(fake, tmp_path, sleeps=sleeps)
    assert heard.exit_code == 1 and heard.unreachable == ["Mastodon"]
    assert "Mastodon: not collected this time" in out and sleeps == [1.0, 2.0, 4.0, 8.0]
    assert [r["text"] for r in inbox(tmp_path)] == ["Hi there"]
    page = BeautifulSoup((tmp_path / "inbox" / "index.html").read_text(), "html.parser")
    assert "Mastodon: not collected this time" in page.find(class_="problems").get_text()


def test_a_deleted_post_is_reported_and_the_others_still_collected(fake, posted, tmp_path):
    cadets = item("new-cadets", 3)
    ours = posted(BIKES, cadets)
    for guid in (BIKES.guid, cadets.guid):
        fake.mastodon_reply(ours[guid]["mastodon"]["id"], f"Reply to {guid[-4:]}")
        fake.bluesky_reply(ours[guid]["bluesky"]["id"], f"Bluesky reply to {guid[-4:]}")
    del fake.statuses[ours[BIKES.guid]["mastodon"]["id"]]  # deleted by hand on the platform
    fake.delete_bluesky(ours[BIKES.guid]["bluesky"]["id"])
    heard, out = hear(fake, tmp_path)
    assert heard.exit_code == 0
    assert any("Mastodon: our post of 'Bike unit returns'" in p and "deleted" in p for p in heard.problems)
    assert any("Bluesky: the post of 'Bike unit returns'" in p and "was deleted" in p for p in heard.problems)
    assert sorted(r["text"] for r in inbox(tmp_path)) == [f"Bluesky reply to {cadets.guid[-4:]}", f"Reply to {cadets.guid[-4:]}"]


def test_blocked_replies_are_left_out_and_reported(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.bluesky_reply(ours["bluesky"]["id"], "You will not see this", handle="troll.test", blocked=True)
    fake.bluesky_reply(ours["bluesky"]["id"], "A fair question?")
    heard, _ = hear(fake, tmp_path)
    assert [r["text"] for r in inbox(tmp_path)] == ["A fair question?"]
    assert any("1 reply(ies)" in p and "blocked" in p for p in heard.problems)


def test_deep_bluesky_threads_are_followed_to_the_end(fake, posted, tmp_path):
    parent = posted(BIKES)[BIKES.guid]["bluesky"]["id"]
    for n in range(25):
        parent = fake.bluesky_reply(parent, f"Reply {n}", handle="resident.test" if n % 2 else "neighbour.test")
    hear(fake, tmp_path)
    assert sorted(r["text"] for r in inbox(tmp_path)) == sorted(f"Reply {n}" for n in range(25))
    assert len(fake.seen("/xrpc/app.bsky.feed.getPostThread")) == 3  # 10 levels a call


def test_long_mastodon_threads_come_whole_when_signed_in(fake, posted, tmp_path):
    status = posted(BIKES)[BIKES.guid]["mastodon"]["id"]
    for n in range(70):  # Mastodon gives 60 descendants to a visitor, all of them to the account
        status = fake.mastodon_reply(status, f"Reply {n}")
    hear(fake, tmp_path, env=fake.env(bluesky=False))
    assert len(inbox(tmp_path)) == 70
    assert all(r.header("Authorization") for r in fake.requests if r.path.endswith("/context"))


def test_a_rate_limit_is_waited_out(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "Hello")
    fake.fail(f"/api/v1/statuses/{ours['mastodon']['id']}/context", 429, headers={"Retry-After": "4"})
    fake.fail("/xrpc/app.bsky.feed.getPostThread", 429, headers={"RateLimit-Reset": "0"})
    sleeps = []
    heard, _ = hear(fake, tmp_path, sleeps=sleeps)
    assert heard.exit_code == 0 and sleeps == [4.0, 0.0] and len(inbox(tmp_path)) == 1


def test_the_page_shows_replies_as_text_never_as_html(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    hostile = fake.mastodon_reply(ours["mastodon"]["id"], '<script>alert("x")</script><img src=x onerror=alert(1)> Why?')
    fake.statuses[hostile]["url"] = "javascript:alert(1)"
    fake.bluesky_reply(ours["bluesky"]["id"], "<b>bold</b> & <i>co</i>")
    hear(fake, tmp_path)
    html = (tmp_path / "inbox" / "index.html").read_text()
    page = BeautifulSoup(html, "html.parser")
    assert page.html["lang"] == "en" and len(page.find_all("h1")) == 1 and page.title.get_text()
    assert page.find_all("script") == [] and page.find_all("img") == [] and page.find_all("b") == []
    texts = [p.get_text() for p in page.find_all(class_="reply__text")]
    assert '<script>alert("x")</script><img src=x onerror=alert(1)> Why?' in texts and "<b>bold</b> & <i>co</i>" in texts
    assert not any(a["href"].startswith("javascript:") for a in page.find_all("a"))
    assert any(a["href"] == BIKES.link for a in page.find_all("a"))
    assert page.find(class_="badge--question") is not None


def test_private_mastodon_replies_are_marked(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "My bike was stolen, case 26-1234", visibility="direct")
    hear(fake, tmp_path)
    assert inbox(tmp_path)[0]["private"] is True
    page = BeautifulSoup((tmp_path / "inbox" / "index.html").read_text(), "html.parser")
    assert page.find(class_="badge--private").get_text() == "Not public"


def test_the_inbox_may_not_be_in_content_or_in_an_output_folder(fake, posted, tmp_path):
    posted(BIKES)
    platforms = platforms_from_env(fake.env())
    with pytest.raises(InboxError, match="must never be published"):
        listen(tmp_path / "syndication.json", tmp_path / "out" / "inbox", platforms, out=io.StringIO())
    (tmp_path / "pelicanconf.py").write_text("")
    with pytest.raises(InboxError, match="content"):
        listen(tmp_path / "syndication.json", tmp_path / "content" / "inbox", platforms, out=io.StringIO())
    assert not (tmp_path / "out" / "inbox").exists()


def test_without_a_record_the_inbox_says_so(fake, tmp_path):
    heard, out = hear(fake, tmp_path)
    assert heard.replies == [] and "There is no record" in out
    assert "No replies yet." in (tmp_path / "inbox" / "index.html").read_text()


def test_a_platform_in_the_record_but_not_in_the_environment_is_reported(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "Hello")
    heard, out = hear(fake, tmp_path, env=fake.env(bluesky=False))
    assert heard.exit_code == 1 and "Bluesky: not configured" in out and len(inbox(tmp_path)) == 1


# --- from a reply to an answer ----------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("Why are patrol cars on Elm Street", True),
    ("@millbrookpd@mastodon.example how do I report a pothole", True),
    ("¿Dónde puedo recoger mi bicicleta?", True),
    ("Cómo denuncio un robo", True),
    ("Is the bridge open? #Millbrook", True),
    ("Great job, thank you!", False),
    ("Gracias por la información", False),
    ("", False),
])
def test_questions_are_recognised_in_english_and_spanish(text, expected):
    assert is_question(text) is expected


def test_a_title_comes_from_the_question():
    assert title_from_question("@pd@x.example thanks for this. why are patrol cars on Elm St? #Millbrook") == "Why are patrol cars on Elm St?"
    assert title_from_question("¿por qué hay patrullas en la calle Elm?") == "¿Por qué hay patrullas en la calle Elm?"
    long = title_from_question("What " + "very " * 40 + "long question is this?")
    assert len(long) <= 90 and long.endswith("…")
    assert title_from_question("@pd https://x.example") == "Question from a resident"


def test_question_from_reply_gives_the_draft_its_keys(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.clock = datetime(2026, 6, 2, 3, 30, tzinfo=UTC)  # 22:30 on June 1 in Millbrook
    status = fake.mastodon_reply(ours["mastodon"]["id"], "@millbrookpd Why are patrol cars on Elm Street every night?")
    fake.bluesky_reply(ours["bluesky"]["id"], "¿Habrá patrullas en bici en el barrio norte?")
    hear(fake, tmp_path)
    url = f"{fake.base}/@resident@town.example/{status}"
    draft = question_from_reply(str(tmp_path / "inbox"), url, "America/Chicago")
    assert draft == {
        "title": "Why are patrol cars on Elm Street every night?",
        "question": "Why are patrol cars on Elm Street every night?",
        "asked": "2026-06-01",
        "asker": "Resident, via Mastodon",
        "source": url,
    }
    assert question_from_reply(str(tmp_path / "inbox"), url, "UTC")["asked"] == "2026-06-02"
    bluesky = next(r for r in inbox(tmp_path) if r["platform"] == "bluesky")
    draft = question_from_reply(str(tmp_path / "inbox"), bluesky["url"], "America/Chicago")
    assert draft["asker"] == "Resident, via Bluesky" and draft["title"] == "¿Habrá patrullas en bici en el barrio norte?"
    assert not any("resident.test" in value or "@" in value for key, value in draft.items() if key != "source")
    with pytest.raises(InboxError, match="is not a reply in .*replies.json: run make listen"):
        question_from_reply(str(tmp_path / "inbox"), "https://mastodon.example/@x/1", "America/Chicago")
    with pytest.raises(InboxError, match="not a time zone"):
        question_from_reply(str(tmp_path / "inbox"), url, "Mars/Olympus")


# --- the command line ----------------------------------------------------------------------------


def test_the_listen_script_writes_the_inbox(fake, posted, tmp_path):
    ours = posted(BIKES)[BIKES.guid]
    fake.mastodon_reply(ours["mastodon"]["id"], "Where do I sign up?")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MASTODON_", "BLUESKY_"))}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "listen.py"), "--record", str(tmp_path / "syndication.json"), "--inbox", str(tmp_path / "inbox")],
        capture_output=True, text=True, env={**environment, **fake.env()}, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "1 new reply(ies), 1 of them question(s)" in result.stdout
    assert (tmp_path / "inbox" / "index.html").is_file()
    written = (tmp_path / "inbox" / "replies.json").read_text() + (tmp_path / "inbox" / "index.html").read_text()
    assert MASTODON_TOKEN not in written + result.stdout and BLUESKY_PASSWORD not in written + result.stdout
    missing = subprocess.run([sys.executable, str(ROOT / "scripts" / "listen.py")], capture_output=True, text=True, env=environment, timeout=120)
    assert missing.returncode == 2 and "No platform is configured" in missing.stderr
