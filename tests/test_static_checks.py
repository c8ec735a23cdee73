"""The static checks the project promises, run as part of the suite.

``ruff`` (lint), ``mypy --strict`` over ``src/`` (with the pydantic plugin)
and ``lint-imports`` (the layer contracts in ``pyproject.toml``: packages
import only downwards, and no screen or widget reaches up into the app) all
read the source without running it. Running them here means the one test
command, and so CI, fails when any of them does.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: install the test extras (pip install -e '.[test]')")
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = _run(_tool("ruff"), "check", "src", "tests", "bench", "docs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean_over_src() -> None:
    result = _run(_tool("mypy"), "src/storybank")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_hold() -> None:
    result = _run(_tool("lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def _reason(line: str) -> str:
    """What follows ``# type: ignore[...]`` on a line, after its own ``#``."""
    return line.split("# type: ignore", 1)[1].partition("#")[2].strip()


def test_every_type_ignore_says_why() -> None:
    # A silenced error is a decision; the line must carry its reason after the code.
    bare = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "src").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "# type: ignore" in line and not _reason(line)
    ]
    assert not bare, "type: ignore without a comment saying why: " + ", ".join(bare)
