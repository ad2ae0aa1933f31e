"""Published data: accessible table, SVG chart with a text description, CSV download."""

import csv
import io
import subprocess
import sys

from conftest import ROOT, basic_site, page, write_files

DATASET = """
    Title: Response times
    Date: 2026-04-01
    Source: Dispatch records
    Chart: line

    Minutes, median.
"""
CSV = "Quarter,Priority 1,Priority 2\n2026 Q1,6.1,14.8\n2026 Q2,5.9,15.2\n"


def data_site():
    files = basic_site()
    files["data/response-times.md"] = DATASET
    files["data/response-times.csv"] = CSV
    return files


def test_table_has_caption_and_scoped_headers(site):
    soup = page(site(data_site()), "/data/response-times/")
    table = soup.select_one(".ob-table")
    assert table.caption.get_text() == "Response times"
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 3
    assert [th["scope"] for th in table.select("tbody th")] == ["row"] * 2
    assert [td.get_text() for td in table.select("tbody tr")[0].find_all("td")] == ["6.1", "14.8"]


def test_chart_is_svg_with_title_and_description_and_no_script(site):
    soup = page(site(data_site()), "/data/response-times/")
    svg = soup.select_one("svg.ob-chart__svg")
    assert svg["role"] == "img"
    assert svg.title.get_text() == "Response times"
    assert "Priority 1: 6.1 in 2026 Q1, 5.9 in 2026 Q2" in svg.desc.get_text()
    assert len(svg.find_all("polyline")) == 2
    assert soup.find("script", src=True) is None and soup.find("script", type=lambda t: t != "application/ld+json") is None


def test_csv_is_published_for_download(site):
    output = site(data_site())
    link = page(output, "/data/response-times/").select_one("a.ob-download")
    assert link["href"].endswith("/data/response-times/response-times.csv")
    rows = list(csv.reader(io.StringIO((output / "data/response-times/response-times.csv").read_text())))
    assert rows[0] == ["Quarter", "Priority 1", "Priority 2"]


def test_data_index_lists_the_data_set(site):
    assert "Response times" in page(site(data_site()), "/data/").get_text()


def lint(tmp_path, files):
    content = write_files(tmp_path / "content", files)
    result = subprocess.run([sys.executable, str(ROOT / "scripts/lint.py"), str(content)], capture_output=True, text=True)
    return result.returncode, result.stdout.splitlines()


def test_ragged_csv_row_is_an_error_with_its_line(tmp_path):
    files = data_site()
    files["data/response-times.csv"] = CSV + "2026 Q3,5.0\n"
    code, lines = lint(tmp_path, files)
    assert code == 1
    assert "data/response-times.csv:4: has 2 values, but the header has 3: every row needs one value per column" in lines


def test_non_numeric_value_in_a_charted_column_is_an_error(tmp_path):
    files = data_site()
    files["data/response-times.csv"] = CSV.replace("15.2", "n/a")
    code, lines = lint(tmp_path, files)
    assert code == 1
    assert ('data/response-times.csv:3: "n/a" in column "Priority 2" is not a number, and the data set has a '
            "Chart: write a number, or remove Chart") in lines


def test_missing_csv_is_an_error(tmp_path):
    files = data_site()
    del files["data/response-times.csv"]
    code, lines = lint(tmp_path, files)
    assert "data/response-times.md:1: response-times.csv is missing: put the CSV file beside the .md file, with the same name" in lines
