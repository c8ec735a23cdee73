"""Shared fixtures: every test gets its own data folder and bank path."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factories import Run
from property_runs import FULL_DEPTH
from storybank.cli import main
from storybank.storage.repository import Bank


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run long soak tests")


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers per core.

    Half of a worker's time goes to waiting (an app test on the screen's
    timers, a kill loop on its child, an fsync), so one worker per core
    leaves the cores idle about half the time.
    """
    return 2 * (os.cpu_count() or 1)


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--slow"):
        os.environ[FULL_DEPTH] = "1"  # read by property tests as their modules load


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="soak test: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the real user data folder and editor."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("STORYBANK_DB", raising=False)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """Where a test's bank lives (not created)."""
    return tmp_path / "data" / "bank.json"


@pytest.fixture
def empty_bank(bank_path: Path) -> Path:
    """A freshly created, closed, empty bank file."""
    Bank.create(bank_path).close()
    return bank_path


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Run]:
    """Run ``storybank`` in-process: ``cli("--db", path, "list")``."""

    def run(*argv: str | Path) -> Run:
        capsys.readouterr()
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def special_files(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A FIFO, a socket and (as root) a character device, each also behind a symlink.

    Real ones: ``os.mkfifo``, a bound Unix socket, ``os.mknod`` of what
    ``/dev/null`` is (in the test's own folder, so nothing of the system's is at risk).
    """
    found: dict[str, Path] = {}
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    found["fifo"] = fifo
    # A short folder: a socket's path must fit in about a hundred bytes.
    short = Path(tempfile.mkdtemp(prefix="sb"))
    sock_path = short / "s.json"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock_path))
    server.close()
    found["socket"] = sock_path
    if os.geteuid() == 0:
        device = tmp_path / "device.json"
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        found["device"] = device
    for kind, path in list(found.items()):
        link = tmp_path / f"link-to-{kind}.json"
        link.symlink_to(path)
        found[f"link to {kind}"] = link
    yield found
    shutil.rmtree(short, ignore_errors=True)
