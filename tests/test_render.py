"""openbeat.render: the writer's order of work (fast tier: no site build)."""

from __future__ import annotations

from pathlib import Path

from openbeat.render import BATCH_COST, Output, Writer, batches


def output(path: str, cost: float = 0.0, late: bool = False, log: Path | None = None) -> Output:
    def make() -> dict[str, bytes]:
        if log is not None:  # appended to by whichever process makes it
            with open(log, "a") as handle:
                handle.write(path + "\n")
        return {path: path.encode()}

    return Output((path,), f"key-{path.replace('/', '-')}", make, cost=cost, late=late)


def test_slow_outputs_go_longest_first_in_batches_of_about_the_batch_cost():
    photos = [output(f"images/p{n}.jpg", cost=120) for n in range(3)]
    cards = [output(f"cards/c{n}.png", cost=4) for n in range(25)]
    found = batches(cards + photos)
    assert [len(b) for b in found[:3]] == [1, 1, 1]  # a photo is a batch of its own
    assert all(o.cost == 120 for b in found[:3] for o in b)
    assert all(sum(o.cost for o in b) <= BATCH_COST + 4 for b in found[3:])
    assert sorted(o.paths for b in found for o in b) == sorted(o.paths for o in cards + photos)


def test_pages_are_in_place_before_the_late_outputs_and_the_callback_runs_meanwhile(tmp_path):
    log = tmp_path / "made.log"
    outputs = [output("cards/one.png", cost=4, log=log), output("stories/a/index.html", log=log),
               output("feeds/social.rss.xml", late=True, log=log), output("images/p.jpg", cost=120, log=log)]
    writer = Writer(str(tmp_path / "out"), str(tmp_path / "cache"))
    seen = {}

    def placed() -> None:
        seen["page"] = (tmp_path / "out" / "stories" / "a" / "index.html").read_bytes()
        seen["made"] = log.read_text().split()

    stats = writer.write(outputs, placed)
    assert seen["page"] == b"stories/a/index.html"  # placed while the other worker may be drawing
    assert "stories/a/index.html" in seen["made"] and "feeds/social.rss.xml" not in seen["made"]
    made = log.read_text().split()
    assert made[-1] == "feeds/social.rss.xml"  # the late one after every other
    assert sorted(made[:3]) == ["cards/one.png", "images/p.jpg", "stories/a/index.html"]
    assert (stats.made, stats.reused, stats.written) == (4, 0, 4)
    assert all((tmp_path / "out" / o.paths[0]).exists() for o in outputs)


def test_a_second_write_makes_nothing_and_still_calls_back(tmp_path):
    outputs = [output("stories/a/index.html"), output("cards/one.png", cost=4)]
    Writer(str(tmp_path / "out"), str(tmp_path / "cache")).write(outputs)
    calls = []
    stats = Writer(str(tmp_path / "out2"), str(tmp_path / "cache")).write(outputs, lambda: calls.append(1))
    assert calls == [1] and (stats.made, stats.reused, stats.written) == (0, 2, 2)


def test_fork_map_calls_back_once_its_count_of_results_is_in():
    from openbeat.parallel import fork_map

    seen: list[int] = []
    results = fork_map(lambda n: n * n, list(range(40)), minimum=2, then=(10, lambda: seen.append(1)))
    assert results == [n * n for n in range(40)] and seen == [1]
    assert fork_map(lambda n: n, [1], then=(5, lambda: seen.append(2))) == [1] and seen == [1, 2]
