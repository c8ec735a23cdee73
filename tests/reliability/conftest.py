"""Fixtures of the reliability suite: the fork server that crash tests kill, and banks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reliability.depth import Depth, depth
from reliability.killer import ForkServer
from storybank.cli.admin import create_bank


@pytest.fixture
def kill_depth(request: pytest.FixtureRequest) -> Depth:
    """How many kills and race rounds this run makes (full depth with ``--slow``)."""
    return depth(bool(request.config.getoption("--slow")))


@pytest.fixture
def fork_server(tmp_path: Path) -> Iterator[ForkServer]:
    """A running crash child server, stopped after the test."""
    server = ForkServer(tmp_path)
    yield server
    server.close()


@pytest.fixture
def sample_bank(bank_path: Path) -> Path:
    """A bank holding the six sample stories."""
    create_bank(bank_path, sample=True, force=False)
    return bank_path
