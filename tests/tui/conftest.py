"""Fixtures for the app's Pilot and snapshot tests: real bank files, a fixed clock, no blink.

Every test drives the real app (built by :func:`storybank.tui.app.make_app`)
against a bank file in its own tmp folder. Timestamps are pinned and cursors
do not blink, so screenshots are the same on every run.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from storybank.cli.admin import create_bank
from storybank.storage.repository import Bank
from storybank.tui.app import StorybankApp, make_app
from tui.support import NOW, AppFactory


def pin_timestamps(path: Path) -> None:
    """Give the bank's stories fixed created/updated times (a day apart, before NOW)."""
    with Bank.open(path) as bank:
        stories = bank.stories()
        pinned = [
            story.model_copy(
                update={
                    "created": NOW - timedelta(days=40 - index),
                    "updated": NOW - timedelta(days=index + 1, hours=index),
                }
            )
            for index, story in enumerate(sorted(stories, key=lambda s: s.id))
        ]
        bank.save_stories(pinned, touch=False)


@pytest.fixture(scope="session")
def sample_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample bank, built once per session with pinned timestamps."""
    path = tmp_path_factory.mktemp("sample") / "data" / "bank.json"
    create_bank(path, sample=True, force=False)
    pin_timestamps(path)
    return path


@pytest.fixture
def sample_bank(sample_template: Path, bank_path: Path) -> Path:
    """A private copy of the sample bank (six stories) for one test."""
    bank_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample_template, bank_path)
    bank_path.chmod(0o600)
    return bank_path


@pytest.fixture
def make() -> Iterator[AppFactory]:
    """Build apps on a bank path; their banks are closed when the test ends."""
    apps: list[StorybankApp] = []

    def factory(path: Path, **kwargs: object) -> StorybankApp:
        kwargs.setdefault("clock", lambda: NOW)
        kwargs.setdefault("cursor_blink", False)
        app = make_app(path, **kwargs)  # type: ignore[arg-type]
        apps.append(app)
        return app

    yield factory
    for app in apps:
        app.close_bank()
