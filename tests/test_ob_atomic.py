"""Strict, atomic and reproducible builds (contract section 1)."""

import filecmp
import hashlib

from conftest import basic_site, run_pelican, write_files


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_publish_build_works_from_any_directory(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr + result.stdout
    assert (tmp_path / "out/policies/use-of-force/index.html").is_file()


def test_content_error_fails_and_names_the_file(tmp_path):
    files = basic_site()
    files["policies/use-of-force.md"] = "Title: Use of Force\nDate: 2026-01-10\n\nNo number.\n"
    content = write_files(tmp_path / "content", files)
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode != 0
    assert "policies/use-of-force.md:1: Number is missing" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_failed_build_leaves_previous_output_exactly_as_it_was(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    output = tmp_path / "out"
    assert run_pelican(content, output).returncode == 0
    before = tree_digest(output)
    write_files(content, {"stories/broken.md": "Title: Broken\nDate: 2026-02-31\n\nBad date.\n"})
    result = run_pelican(content, output)
    assert result.returncode != 0
    assert "stories/broken.md:2" in result.stdout + result.stderr
    assert tree_digest(output) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


def test_template_error_mid_build_keeps_previous_output(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    output = tmp_path / "out"
    assert run_pelican(content, output).returncode == 0
    before = tree_digest(output)
    write_files(content, {"pages/odd.md": "Title: Odd\nTemplate: no-such-template\n\nText.\n"})
    result = run_pelican(content, output)
    assert result.returncode != 0
    assert tree_digest(output) == before


def test_same_content_and_epoch_give_byte_identical_output(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_pelican(content, first).returncode == 0
    assert run_pelican(content, second).returncode == 0
    comparison = filecmp.dircmp(first, second)
    assert tree_digest(first) == tree_digest(second), comparison.report_full_closure()


def test_siteurl_and_sitename_come_from_the_environment(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    result = run_pelican(content, tmp_path / "out", SITEURL="https://pd.example.org", SITENAME="Testville PD")
    assert result.returncode == 0
    html = (tmp_path / "out/index.html").read_text()
    assert 'href="https://pd.example.org/"' in html
    assert "Testville PD" in html
