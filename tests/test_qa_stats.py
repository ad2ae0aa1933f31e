"""Q&A accountability: days to answer on each answer; median and quarters on the index."""

from conftest import basic_site, page
from ob_listings.stats import answer_stats


def answer(slug, asked, answered):
    return (
        f"qa/{slug}.md",
        f"Title: Q {slug}\nDate: {answered}\nQuestion: Why {slug}?\nAsked: {asked}\nAuthors: Lt. Reyes\n\nBecause.\n",
    )


def test_index_shows_median_and_quarters(site):
    files = basic_site()
    files.update(dict([
        answer("a", "2026-01-02", "2026-01-05"),  # 3 days, Q1
        answer("b", "2026-02-01", "2026-02-21"),  # 20 days, Q1
        answer("c", "2026-04-01", "2026-04-05"),  # 4 days, Q2
    ]))
    soup = page(site(files), "/qa/")
    stats = soup.select_one(".ob-stats")
    assert "within 6.5 days" in stats.get_text()  # days: 3, 9, 20, 4 -> median 6.5
    rows = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in stats.select("tbody tr")]
    assert rows == [["2026 Q1", "3", "9", "20"], ["2026 Q2", "1", "4", "4"]]


def test_no_answers_no_statistics():
    assert answer_stats([]) is None
