"""Running ``storybank`` in a fresh process and seeing which heavy modules it loaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from storybank.cli import main
code = main(["--db", sys.argv[1], *sys.argv[2:]])
heavy = {"storybank.core.models", "pydantic", "tinydb"} & set(sys.modules)
print("MODELS-LOADED" if heavy else "MODELS-NOT-LOADED")
sys.exit(code)
"""
"""Prints, as its last line, whether the models (or pydantic, or TinyDB) were imported."""


def probed_run(bank: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``storybank --db BANK ARGV...`` in a fresh process, with :data:`PROBE`'s last line."""
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(bank), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
