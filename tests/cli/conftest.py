"""Fixtures for the command-line tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from factories import Run


@pytest.fixture
def sample(bank_path: Path, cli: Callable[..., Run]) -> Path:
    """A bank made with ``storybank init --sample`` (which also writes its match memo)."""
    assert cli("--db", bank_path, "init", "--sample").code == 0
    return bank_path
