"""The project's Python passes ruff, and the import rule holds: plugins and scripts import only openbeat."""

import ast
import subprocess
import sys

import pytest

from conftest import ROOT

PLUGINS = sorted(p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").is_file())
PLUGIN_FILES = sorted((ROOT / "plugins").rglob("*.py"))
SCRIPT_FILES = sorted((ROOT / "scripts").glob("*.py"))


def test_ruff_finds_nothing_in_the_whole_project():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], capture_output=True,
                            text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def imported(path):
    """(line, top-level module name, level) of every import of a Python file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0], 0
        elif isinstance(node, ast.ImportFrom):
            yield node.lineno, (node.module or "").split(".")[0], node.level


def edits_sys_path(path):
    """Lines that change sys.path (sys.path.insert/append/extend, or an assignment to it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        target = node.func.value if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None
        if isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target = next((t for t in targets if isinstance(t, ast.Attribute)), None)
        if isinstance(target, ast.Attribute) and target.attr == "path" and getattr(target.value, "id", "") == "sys":
            yield node.lineno


def test_the_import_rule_finds_what_it_looks_for(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sys\nimport ob_model.x\nfrom ob_write import y\nsys.path.insert(0, 'plugins')\n"
                      "sys.path += ['x']\nfrom . import z\n")
    assert [(line, name) for line, name, level in imported(sample) if name.startswith("ob_")] == [
        (2, "ob_model"), (3, "ob_write")]
    assert sorted(edits_sys_path(sample)) == [4, 5]


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_plugin_imports_no_other_plugin(path):
    own = path.relative_to(ROOT / "plugins").parts[0]
    others = [(line, name) for line, name, level in imported(path)
              if level == 0 and name in PLUGINS and name != own]
    assert others == [], f"{path.relative_to(ROOT)} imports another plugin; share through openbeat instead"


@pytest.mark.parametrize("path", PLUGIN_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_plugin_does_not_edit_sys_path(path):
    assert list(edits_sys_path(path)) == []


@pytest.mark.parametrize("path", SCRIPT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_script_imports_no_plugin(path):
    plugins = [(line, name) for line, name, level in imported(path) if name in PLUGINS or name.startswith("ob_")]
    assert plugins == [], f"{path.relative_to(ROOT)} imports a plugin; import openbeat instead"


@pytest.mark.parametrize("path", SCRIPT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_a_script_does_not_edit_sys_path(path):
    assert list(edits_sys_path(path)) == [], f"{path.relative_to(ROOT)} edits sys.path; openbeat is installed"


def test_the_core_package_imports_no_plugin():
    for path in sorted((ROOT / "openbeat").rglob("*.py")):
        assert [name for _, name, level in imported(path) if level == 0 and name in PLUGINS] == [], path
