"""Published data sets (contract section 6, openbeat.behaviours.dataset): table, chart, safe CSV download."""

import csv
import io
import json

import pytest

from conftest import DATASET_CSV, SITEURL, build, page, rich_site, tree, write_files
from openbeat.behaviours.dataset import is_formula
from openbeat.chart import build_chart, nice_max


@pytest.fixture(scope="module")
def data_page(rich_output):
    return page(rich_output, "/data/response-times/")


def test_the_table_has_a_caption_and_scoped_headers(data_page):
    table = data_page.select_one("table.ob-table")
    assert table.caption.get_text(strip=True) == "Response times"
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
    assert [th.get_text() for th in table.select("tbody th")] == ["2026 Q1", "2026 Q2"]
    assert [th["scope"] for th in table.select("tbody th")] == ["row"] * 2
    assert [td.get_text() for td in table.select("tbody tr")[0].find_all("td")] == ["6.1", "14.8"]
    assert table.find_parent("div", class_="ob-table-wrap")["role"] == "region"


def test_the_chart_is_svg_with_a_title_and_a_description(data_page):
    svg = data_page.select_one("svg.ob-chart__svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "Response times"
    assert "Priority 1: 6.1 in 2026 Q1, 5.9 in 2026 Q2" in svg.desc.get_text()
    assert set(svg["aria-labelledby"].split()) == {svg.title["id"], svg.desc["id"]}


def test_each_series_is_a_class_never_an_inline_style(data_page):
    chart = data_page.select_one("figure.ob-chart")
    bars = chart.select("rect.ob-chart__bar")
    assert len(bars) == 4  # two series, two rows
    assert {c for bar in bars for c in bar["class"] if c.startswith("ob-chart__series--")} == {
        "ob-chart__series--1", "ob-chart__series--2"}
    swatches = [s["class"] for s in chart.select(".ob-chart__swatch")]
    assert swatches == [["ob-chart__swatch", "ob-chart__series--1"], ["ob-chart__swatch", "ob-chart__series--2"]]
    assert chart.find(style=True) is None and chart.find(fill=True) is None


def test_a_data_page_runs_no_script(data_page):
    assert [s.get("type") for s in data_page.find_all("script")] == ["application/ld+json"] or all(
        s.get("src", "").startswith(SITEURL + "/") for s in data_page.find_all("script", src=True))
    assert data_page.select_one("figure.ob-chart").find("script") is None


def test_a_data_set_without_a_chart_has_only_its_table(rich_output):
    soup = page(rich_output, "/data/complaints/")
    assert soup.select_one("svg") is None and soup.select_one("table.ob-table") is not None


def test_the_csv_is_published_for_download(rich_output, data_page):
    link = data_page.select_one("a.ob-download")
    assert link["href"] == f"{SITEURL}/data/response-times/response-times.csv" and link.has_attr("download")
    text = (rich_output / "data/response-times/response-times.csv").read_text()
    assert list(csv.reader(io.StringIO(text))) == [["Quarter", "Priority 1", "Priority 2"], ["2026 Q1", "6.1", "14.8"],
                                                   ["2026 Q2", "5.9", "15.2"]]


def test_a_formula_cell_is_downloaded_as_text(rich_output):
    rows = list(csv.reader(io.StringIO((rich_output / "data/complaints/complaints.csv").read_text())))
    assert rows == [["Month", "Count", "Note"],
                    ["January", "-3", "'=HYPERLINK(\"http://evil.example\")"],
                    ["February", "+4", "'@SUM(A1)"],
                    ["March", "1e3", "'-cmd"]]


@pytest.mark.parametrize("cell, formula", [
    ("=SUM(A1:A3)", True), ("+cmd", True), ("-cmd", True), ("@SUM(A1)", True), ("\t=1", True), ("\r=1", True),
    ("-3", False), ("+4", False), ("-2.5", False), ("1e3", False), ("Priority 1", False), ("", False),
    ("a=b", False),
])
def test_a_formula_is_a_cell_starting_with_a_formula_sign_that_is_not_a_number(cell, formula):
    assert is_formula(cell) is formula


def test_the_data_index_lists_every_data_set(rich_output):
    titles = [h.get_text(strip=True) for h in page(rich_output, "/data/").select(".ob-entry__title")]
    assert titles == ["Complaints", "Response times"]


def test_structured_data_is_a_dataset_with_its_download(data_page):
    data = json.loads(data_page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Dataset" and data["name"] == "Response times"
    assert data["distribution"] == [{"@type": "DataDownload", "encodingFormat": "text/csv",
                                     "contentUrl": f"{SITEURL}/data/response-times/response-times.csv",
                                     "name": "response-times.csv"}]
    assert data["license"].startswith("https://")


# --- chart geometry -----------------------------------------------------------------------------------


def test_a_line_chart_has_one_line_per_series_and_one_point_per_row():
    chart = build_chart("line", ["Quarter", "A", "B"], [["Q1", "1", "4"], ["Q2", "2", "3"], ["Q3", "3", "2"]], "T")
    assert [s.index for s in chart.series] == [1, 2]
    assert [len(s.points.split()) for s in chart.series] == [3, 3]
    assert [label for _, label in chart.labels] == ["Q1", "Q2", "Q3"]


def test_a_bar_chart_draws_taller_bars_for_larger_values():
    chart = build_chart("bar", ["Quarter", "A"], [["Q1", "1"], ["Q2", "4"]], "T")
    (x1, y1, w1, h1), (x2, y2, w2, h2) = chart.series[0].bars
    assert h2 > h1 and y2 < y1 and x2 > x1 and w1 == w2


def test_the_axis_ends_at_a_round_number():
    assert [nice_max(v) for v in (0, 1, 7, 15.2, 120, 999)] == [1, 1, 10, 20, 200, 1000]


def test_the_axis_of_values_below_one_ends_at_a_round_fraction():
    assert [nice_max(v) for v in (0.4, 0.12)] == [0.5, 0.2]


def test_the_chart_description_names_each_series_first_last_highest_and_lowest():
    chart = build_chart("bar", ["Month", "Calls"], [["Jan", "5"], ["Feb", "9"], ["Mar", "2"]], "Calls")
    assert chart.description == ("Calls, from Jan to Mar. Calls: 5 in Jan, 2 in Mar; highest 9 (Feb), lowest 2 "
                                 "(Mar).")


@pytest.mark.build
def test_an_edited_csv_reaches_a_warm_build_as_a_cold_one(tmp_path, clock):
    """Only the CSV changed, not its post: the data page still shows the new numbers."""
    content = write_files(tmp_path / "content", rich_site())
    build(content, tmp_path / "warm", SEARCH=False)
    (content / "data/response-times.csv").write_text(DATASET_CSV.replace("5.9", "7.7"))
    warm = tree(build(content, tmp_path / "warm", SEARCH=False))
    cold = tree(build(content, tmp_path / "cold", SEARCH=False))
    assert b"7.7" in warm["data/response-times/index.html"]
    assert [name for name in cold if cold[name] != warm.get(name)] == []
