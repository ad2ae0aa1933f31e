"""The project's Python passes ruff with the rules of pyproject.toml."""

import subprocess
import sys

from conftest import ROOT


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "plugins", "scripts", "tests", "pelicanconf.py", "publishconf.py"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
