"""The first frame's readiness scores, kept between starts: the same as checking, or not used."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from storybank.storage.cache_files import cache_file
from storybank.storage.snapshot import BankSnapshot, take_snapshot
from storybank.tui.app import StorybankApp
from storybank.tui.first_look import KIND, FirstLookScores
from storybank.tui.services import first_look_scores
from storybank.tui.widgets.story_table import StoryTable
from tui.support import AppFactory


def _snapshot(bank: Path) -> BankSnapshot:
    snapshot = take_snapshot(bank)
    assert snapshot is not None
    return snapshot


def _kept(bank: Path) -> FirstLookScores:
    return FirstLookScores(bank, _snapshot(bank).settings["framework"])


def _rows(table: StoryTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def test_kept_scores_are_the_scores_the_checks_give(sample_bank: Path) -> None:
    snapshot = _snapshot(sample_bank)
    checked = first_look_scores(snapshot)
    assert checked is not None and len(checked) == 6
    kept = _kept(sample_bank)
    assert kept.recall(snapshot.story_documents) is None  # nothing kept yet
    kept.keep(snapshot.story_documents, checked)
    assert _kept(sample_bank).recall(snapshot.story_documents) == checked


def test_an_edited_story_is_checked_again(sample_bank: Path) -> None:
    snapshot = _snapshot(sample_bank)
    checked = first_look_scores(snapshot)
    assert checked is not None
    _kept(sample_bank).keep(snapshot.story_documents, checked)
    data = json.loads(sample_bank.read_text(encoding="utf-8"))
    document = next(iter(data["stories"].values()))
    document["result"] = "It went fine."
    sample_bank.write_text(json.dumps(data), encoding="utf-8")
    edited = _snapshot(sample_bank)
    assert _kept(sample_bank).recall(edited.story_documents) is None
    rechecked = first_look_scores(edited)
    assert rechecked is not None and rechecked != checked


def test_another_framework_file_is_another_input(sample_bank: Path) -> None:
    snapshot = _snapshot(sample_bank)
    checked = first_look_scores(snapshot)
    assert checked is not None
    _kept(sample_bank).keep(snapshot.story_documents, checked)
    folder = sample_bank.parent / "frameworks"
    folder.mkdir()
    (folder / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\n\n[[competencies]]\nid = "craft"\nname = "Craft"\n'
        'description = "Cares about quality."\n',
        encoding="utf-8",
    )
    assert _kept(sample_bank).recall(snapshot.story_documents) is None


@pytest.mark.parametrize(
    "entry", [[101, "ready"], [50, "[b]ready[/b]"], ["90", "ready"], [90], "ready"]
)
def test_a_kept_score_that_is_not_a_score_is_not_used(sample_bank: Path, entry: object) -> None:
    snapshot = _snapshot(sample_bank)
    checked = first_look_scores(snapshot)
    assert checked is not None
    kept = _kept(sample_bank)
    kept.keep(snapshot.story_documents, checked)
    path = cache_file(KIND, sample_bank)
    stored = json.loads(path.read_text(encoding="ascii"))
    first = next(iter(stored["scores"]))
    stored["scores"][first] = entry
    path.write_text(json.dumps(stored), encoding="ascii")
    assert kept.recall(snapshot.story_documents) is None


def test_nothing_is_kept_with_caches_off(
    sample_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_NO_CACHE", "1")
    snapshot = _snapshot(sample_bank)
    checked = first_look_scores(snapshot)
    assert checked is not None
    _kept(sample_bank).keep(snapshot.story_documents, checked)
    assert not cache_file(KIND, sample_bank).exists()


async def test_a_second_start_lists_the_rows_the_open_bank_gives(
    sample_bank: Path, make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make(sample_bank)
    async with first.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
    first.close_bank()
    assert cache_file(KIND, sample_bank).is_file()

    monkeypatch.setattr(StorybankApp, "_open_after_first_frame", lambda self: None)
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert not app.bank_is_open
        table = app.screen.query_one(StoryTable)
        from_kept = _rows(table)
        app.open_bank()
        app.screen.refresh_data()
        await pilot.pause()
        assert from_kept == _rows(table) and len(from_kept) == 6


async def test_leaving_the_app_keeps_the_scores_of_the_stories_edited(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        story = app.catalog.stories[0]
        app.services.save_story(story.model_copy(update={"result": "It went fine."}))
    app.close_bank()
    snapshot = _snapshot(sample_bank)
    assert _kept(sample_bank).recall(snapshot.story_documents) == first_look_scores(snapshot)


def test_a_second_start_needs_no_checks(sample_bank: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from storybank.tui.app import make_app

        app = make_app(Path(r"{sample_bank}"))
        rows = app.services.first_look()
        app.close_bank()
        print(len(rows or []), "storybank.checks" in sys.modules)
        """
    )

    def start() -> str:
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert start() == "6 True"  # nothing kept yet: checked, then kept
    assert start() == "6 False"
