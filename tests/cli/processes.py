"""Running ``storybank`` in a fresh process and seeing whether it read the bank."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import sys
from storybank.cli import main
code = main(["--db", sys.argv[1], *sys.argv[2:]])
readers = {"storybank.storage.snapshot", "storybank.storage.repository"} & set(sys.modules)
print("BANK-READ" if readers else "BANK-NOT-READ")
sys.exit(code)
"""
"""Prints, as its last line, whether the bank was read (as a snapshot or with the models).

A command served from its memo reads neither.
"""


def probed_run(bank: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``storybank --db BANK ARGV...`` in a fresh process, with :data:`PROBE`'s last line."""
    return subprocess.run(
        [sys.executable, "-c", PROBE, str(bank), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
    )
