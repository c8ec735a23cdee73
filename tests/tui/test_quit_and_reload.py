"""The app never loses typed text on its way out, and never overwrites a file changed under it.

Quitting (ctrl+q) while a story cannot be saved asks, as esc does, and keeps
a draft where ``storybank edit`` keeps its drafts. A bank file replaced by
another program while the app is open (a real ``cp`` or a rename, as a sync
client does) is never written over: stories the user did not touch show the
file's version, and a story changed on both sides is kept twice (the file's
in the bank, the user's as a draft). All against the real app under Pilot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from storybank.storage import atomic_storage
from storybank.storage.files import NotSavedError
from storybank.storage.repository import Bank
from storybank.tui.app import StorybankApp
from storybank.tui.screens import editor as editor_module
from storybank.tui.screens.editor import EditorScreen
from storybank.tui.screens.quit import QuitScreen
from tui.support import AppFactory, reopen, static_text

STORY = "flash-sale-incident"
OTHER = "image-delivery-cost"
TOO_LONG = "A title far too long to save " * 8  # over the 200-character limit
TIMEOUT = 60


@pytest.fixture(autouse=True)
def _quick_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(editor_module, "CHECK_DELAY", 0.05)
    monkeypatch.setattr(editor_module, "SAVE_DELAY", 0.15)


async def until(pilot: Pilot[object], condition: Callable[[], bool], what: str) -> None:
    """Let the app run until ``condition`` holds (a loaded machine may need a while)."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"never happened: {what}")


def drafts_of(bank: Path) -> list[Path]:
    folder = bank.parent / "drafts"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def notes(app: StorybankApp) -> str:
    return "\n".join(n.message for n in app._notifications)


async def open_editor(app: StorybankApp, pilot: Pilot[object], story_id: str) -> EditorScreen:
    await until(pilot, lambda: app.bank_is_open, "the bank opened")
    app.open_story(story_id)

    def ready() -> bool:
        screen = app.screen
        return isinstance(screen, EditorScreen) and bool(screen.query("#input-result"))

    await until(pilot, ready, "the editor opened")
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


async def type_unsaveable_title(editor: EditorScreen, pilot: Pilot[object]) -> None:
    title = editor.query_one("#input-title", Input)
    title.focus()
    title.value = TOO_LONG
    await until(
        pilot,
        lambda: "Not saved" in static_text(editor.query_one("#save-state", Static)),
        "the editor said the story is not saved",
    )


# -- quitting ----------------------------------------------------------------------------


@pytest.mark.parametrize("keys", [["d"], ["ctrl+q"], ["enter"]], ids=["d", "ctrl+q again", "enter"])
async def test_ctrl_q_on_an_unsaveable_story_asks_and_keeps_a_draft(
    sample_bank: Path, make: AppFactory, keys: list[str]
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)
        before = editor.draft_story()
        await type_unsaveable_title(editor, pilot)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitScreen), "the question")
        assert app.is_running  # it asked instead of quitting
        await pilot.press(*keys)
        await until(pilot, lambda: not app.is_running, "the app quit")
    assert app.return_code == 0
    (draft,) = drafts_of(sample_bank)
    assert draft.name.startswith(f"{STORY}-") and draft.suffix == ".md"
    assert TOO_LONG.strip() in draft.read_text()
    assert [kept.path for kept in app.services.kept_drafts] == [draft]
    with reopen(sample_bank) as bank:
        assert bank.get_story(STORY) == before  # nothing half-saved


async def test_back_from_the_question_returns_to_the_story_as_typed(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)
        await type_unsaveable_title(editor, pilot)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitScreen), "the question")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is editor, "back in the editor")
        assert editor.query_one("#input-title", Input).value == TOO_LONG
        assert app.is_running and drafts_of(sample_bank) == []
        # Fixed, it saves, and ctrl+q quits without a question.
        editor.query_one("#input-title", Input).value = "Fixed title"
        await until(pilot, lambda: editor.draft_story().title == "Fixed title", "the fix")
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app quit")
    assert drafts_of(sample_bank) == []
    with reopen(sample_bank) as bank:
        assert bank.get_story(STORY).title == "Fixed title"


async def test_quit_without_it_drops_the_text_only_when_chosen(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)
        await type_unsaveable_title(editor, pilot)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitScreen), "the question")
        await pilot.press("x")
        await until(pilot, lambda: not app.is_running, "the app quit")
    assert drafts_of(sample_bank) == [] and app.services.kept_drafts == []


async def test_a_full_disk_at_quit_keeps_a_draft(
    sample_bank: Path, make: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)

        def full_disk(path: Path, data: bytes) -> None:
            raise NotSavedError(path, os.strerror(28))

        monkeypatch.setattr(atomic_storage, "StagedWrite", full_disk)
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert(" Typed while the disk was full.")
        await until(
            pilot,
            lambda: "Not saved" in static_text(editor.query_one("#save-state", Static)),
            "the save failed",
        )
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, QuitScreen), "the question")
        await pilot.press("d")
        await until(pilot, lambda: not app.is_running, "the app quit")
    (draft,) = drafts_of(sample_bank)
    assert "Typed while the disk was full." in draft.read_text()


async def test_esc_twice_on_an_unsaveable_story_keeps_a_draft_and_shows_where(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor = await open_editor(app, pilot, STORY)
        await type_unsaveable_title(editor, pilot)
        await pilot.press("escape")
        await until(pilot, lambda: "press esc again" in notes(app), "the warning")
        assert app.screen is editor and drafts_of(sample_bank) == []
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not editor, "the editor closed")
        (draft,) = drafts_of(sample_bank)
        assert f"kept as a draft: {draft}" in notes(app)


async def test_an_editor_closed_any_other_way_keeps_an_unsaveable_story_as_a_draft(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)
        await type_unsaveable_title(editor, pilot)
        app.action_goto("matrix")  # a section key closes the editors above the home screen
        await until(pilot, lambda: not editor.is_attached, "the editor closed")
        (draft,) = drafts_of(sample_bank)
        assert TOO_LONG.strip() in draft.read_text()
        assert [kept.path for kept in app.services.kept_drafts] == [draft]


def test_the_app_says_where_drafts_went_once_it_has_quit(sample_bank: Path) -> None:
    """In a real terminal (tmux): the path is printed once the terminal is restored."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.skip("tmux is not installed")
    session = f"sb{os.getpid()}"
    # The app draws on stderr; what it prints after quitting lands on the same terminal.
    command = f"{sys.executable} -m storybank --db {sample_bank}; echo SB-EXITED-$?; sleep 60"
    env = {**os.environ, "TERM": "xterm-256color"}
    subprocess.run(
        [tmux, "new-session", "-d", "-s", session, "-x", "160", "-y", "40", command],
        check=True,
        env=env,
        timeout=TIMEOUT,
    )

    def keys(*names: str) -> None:
        subprocess.run([tmux, "send-keys", "-t", session, *names], check=True, timeout=TIMEOUT)

    def screen() -> str:
        shown = subprocess.run(
            [tmux, "capture-pane", "-p", "-J", "-t", session],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        return shown.stdout

    def wait(condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            assert time.monotonic() < deadline, f"never happened: {what}\n{screen()}"
            time.sleep(0.1)

    try:
        wait(lambda: "Stories (6)" in screen(), "the bank screen")
        keys("e")
        wait(lambda: "Readiness" in screen() and "Saved" in screen(), "the editor")
        keys("End")
        keys("-l", TOO_LONG)
        wait(lambda: "A title far too long" in screen(), "the typing")
        wait(lambda: "Not saved" in screen(), "the failed save")
        keys("C-q")
        wait(lambda: "cannot be saved" in screen(), "the question")
        keys("d")
        wait(lambda: "SB-EXITED-0" in screen(), "the app quit")
        printed = screen()
    finally:
        subprocess.run([tmux, "kill-session", "-t", session], check=False, timeout=TIMEOUT)
    (draft,) = drafts_of(sample_bank)
    flat = " ".join(printed.split())
    assert f"could not be saved and was kept as a draft: {draft}" in flat
    assert f"storybank import {draft}" in flat
    assert TOO_LONG.strip() in draft.read_text()


# -- a second name for the bank ----------------------------------------------------------


def _storybank(*args: str | Path) -> tuple[int, str]:
    run = subprocess.run(
        [sys.executable, "-m", "storybank", *map(str, args)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=TIMEOUT,
    )
    return run.returncode, run.stderr


async def test_the_app_on_a_symlink_locks_out_cli_writers_of_the_target(
    sample_bank: Path, make: AppFactory, tmp_path: Path
) -> None:
    """An `import` and an `rm` through bank.json used to succeed while the app had
    link.json open; one ctrl+s then wiped the import and brought the story back."""
    link = tmp_path / "link.json"
    link.symlink_to(sample_bank)
    markdown = tmp_path / "new.md"
    markdown.write_text("# Imported meanwhile\nid: imported\n\n## Situation\nS.\n")
    app = make(link)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(app, pilot, STORY)
        for argv in (["import", markdown], ["rm", OTHER, "--yes"]):
            code, err = _storybank("--db", sample_bank, *argv)
            assert code == 2, err
            assert f"the bank is open for writing in process {os.getpid()}" in err
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert("Saved by the app. ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not editor._dirty, "the save")
    with reopen(sample_bank) as bank:
        assert bank.get_story(STORY).result.startswith("Saved by the app. ")
        assert bank.has_story(OTHER) and not bank.has_story("imported")


# -- the file changed underneath ---------------------------------------------------------


def _other_version(bank: Path, tmp_path: Path, change: Callable[[Bank], None]) -> Path:
    """A copy of the bank changed elsewhere (another machine, another program)."""
    other = tmp_path / "elsewhere" / "bank.json"
    other.parent.mkdir(exist_ok=True)
    shutil.copyfile(bank, other)
    with Bank.open(other) as copy:
        change(copy)
    return other


def _retitle(story_id: str, title: str) -> Callable[[Bank], None]:
    def change(bank: Bank) -> None:
        bank.save_story(bank.get_story(story_id).model_copy(update={"title": title}))

    return change


def _put_over(source: Path, bank: Path, how: str) -> None:
    if how == "cp":
        subprocess.run(["cp", str(source), str(bank)], check=True, timeout=TIMEOUT)
    else:
        moved = bank.with_name(".incoming.json")
        shutil.copyfile(source, moved)
        os.replace(moved, bank)  # a sync client's rename


@pytest.mark.parametrize("how", ["cp", "rename"])
async def test_a_file_replaced_while_editing_keeps_the_other_change_and_the_edit(
    sample_bank: Path, make: AppFactory, tmp_path: Path, how: str
) -> None:
    other = _other_version(sample_bank, tmp_path, _retitle(OTHER, "Retitled elsewhere"))
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor = await open_editor(app, pilot, STORY)
        _put_over(other, sample_bank, how)
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert("Typed in the app. ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "changed by another program" in notes(app), "the notice")
        await until(pilot, lambda: not editor._dirty, "the save")
        assert app.services.catalog.get(OTHER).title == "Retitled elsewhere"  # type: ignore[union-attr]
    with reopen(sample_bank) as bank:
        assert bank.get_story(OTHER).title == "Retitled elsewhere"
        assert bank.get_story(STORY).result.startswith("Typed in the app. ")
    assert drafts_of(sample_bank) == []


@pytest.mark.parametrize("how", ["cp", "rename"])
async def test_a_story_changed_on_both_sides_is_kept_twice(
    sample_bank: Path, make: AppFactory, tmp_path: Path, how: str
) -> None:
    other = _other_version(sample_bank, tmp_path, _retitle(STORY, "Retitled elsewhere"))
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor = await open_editor(app, pilot, STORY)
        _put_over(other, sample_bank, how)
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert("Typed in the app. ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: bool(drafts_of(sample_bank)), "the draft")
        (draft,) = drafts_of(sample_bank)
        await until(pilot, lambda: str(draft) in notes(app), "the notice naming the draft")
        # The editor now shows the file's version, and has nothing unsaved.
        assert editor.query_one("#input-title", Input).value == "Retitled elsewhere"
        assert not editor._dirty
    assert "Typed in the app. " in draft.read_text()
    with reopen(sample_bank) as bank:
        assert bank.get_story(STORY).title == "Retitled elsewhere"
        assert not bank.get_story(STORY).result.startswith("Typed in the app. ")


async def test_a_story_removed_on_disk_while_edited_is_kept_as_a_draft(
    sample_bank: Path, make: AppFactory, tmp_path: Path
) -> None:
    other = _other_version(sample_bank, tmp_path, lambda bank: bank.delete_story(STORY))
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor = await open_editor(app, pilot, STORY)
        _put_over(other, sample_bank, "cp")
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert("Typed in the app. ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not editor, "the editor closed")
        (draft,) = drafts_of(sample_bank)
        assert "removed from the bank file by another program" in notes(app)
    assert "Typed in the app. " in draft.read_text()
    with reopen(sample_bank) as bank:
        assert not bank.has_story(STORY)


async def test_an_untouched_open_story_follows_the_file(
    sample_bank: Path, make: AppFactory, tmp_path: Path
) -> None:
    """A clean editor showing an old version would write it back with the next keystroke."""
    other = _other_version(sample_bank, tmp_path, _retitle(STORY, "Retitled elsewhere"))
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        editor = await open_editor(app, pilot, STORY)
        _put_over(other, sample_bank, "rename")
        app.theme = "textual-light"  # any write finds the change: here, the theme setting
        await until(
            pilot,
            lambda: editor.query_one("#input-title", Input).value == "Retitled elsewhere",
            "the editor showed the file's version",
        )
        result = editor.query_one("#input-result", TextArea)
        result.focus()
        result.insert("Typed after. ")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not editor._dirty, "the save")
    with reopen(sample_bank) as bank:
        story = bank.get_story(STORY)
        assert story.title == "Retitled elsewhere" and story.result.startswith("Typed after. ")
    assert drafts_of(sample_bank) == []


async def test_stories_sharing_an_id_are_reported_when_the_app_opens(
    sample_bank: Path, make: AppFactory
) -> None:
    import json

    data = json.loads(sample_bank.read_text())
    stories = data["stories"]
    first = next(doc for doc in stories.values() if doc["id"] == STORY)
    stories[str(max(map(int, stories)) + 1)] = {**first, "title": "Merged in"}
    sample_bank.write_text(json.dumps(data))
    app = make(sample_bank)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: f"share the id '{STORY}'" in notes(app), "the report")
        assert "doctor --repair" in notes(app)
