"""The full-screen app: the app class, its factory, and the CLI entry point.

:func:`make_app` claims the bank and builds the app; tests, the bench and the
screenshot script use it too. :func:`run` is what ``storybank`` calls: it
claims the bank *before* Textual starts (the write lock, and a check that the
file reads as a bank), so a locked or damaged bank prints the core's message
and returns an exit code instead of showing a traceback.

Start-up is ordered for a fast first frame. This module and the home screen
import neither pydantic nor the models nor the checks: the first frame is the
home screen's layout with "Opening the bank…" where the list goes. Once it is
drawn (:meth:`StorybankApp.on_ready`) the app opens the bank, validating every
document, and the home screen builds its list.

Attributes down, messages up: the app gives each screen it makes the
:class:`~storybank.tui.services.Services` over the bank; screens post the
messages of :mod:`storybank.tui.messages` for what only the app does (open
the editor, confirm a delete, switch framework), and the app publishes
``services.bank_changed`` when the bank changed, so that every screen on the
stack redraws. No screen imports this module.
"""

from __future__ import annotations

import gc
import shlex
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.signal import Signal
from textual.theme import Theme

from storybank.errors import StorybankError
from storybank.paths import drafts_dir
from storybank.storage.claim import BankClaim, claim_bank
from storybank.tui import render
from storybank.tui import themes as theme_data
from storybank.tui.sections import HOME, section
from storybank.tui.services import BankChange, ChangeKind, Clock, Services

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank
    from storybank.tui.catalog import StoryCatalog
    from storybank.tui.messages import (
        DeleteRequested,
        DuplicateRequested,
        FrameworkSwitchRequested,
        OpenStoryRequested,
        RoundsChanged,
        StorySaved,
    )


def _utc_now() -> datetime:
    # The same clock as storybank.core.models.utc_now, without importing pydantic.
    return datetime.now(UTC)


def _storybank_commands() -> type[Provider]:
    # Deferred import: the palette is not needed for the first frame.
    from storybank.tui.commands import StorybankCommands

    return StorybankCommands


class StorybankApp(App[int]):
    """storybank's full-screen app over one bank.

    The app starts on a claimed bank (locked, its file readable) and opens it
    once the first frame is drawn; ``services`` open it on first use if that
    has not happened yet, so code that needs the bank can use it.

    Attributes:
        services: The bank's services, handed to every screen the app makes.
        open_error: Why the bank could not be opened after start-up, if it
            could not (the app then exits with its code; :func:`run` prints it).
    """

    CSS_PATH = "app.tcss"
    TITLE = "storybank"
    COMMANDS: ClassVar = App.COMMANDS | {_storybank_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        claim: BankClaim,
        *,
        themes: list[Theme] | None = None,
        theme_problems: list[theme_data.ThemeProblem] | None = None,
        theme: str | None = None,
        clock: Clock | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.services = Services(
            claim,
            clock=clock or _utc_now,
            bank_changed=Signal[BankChange](self, "bank-changed"),
            cursor_blink=cursor_blink,
            on_reloaded=self._reloaded_from_disk,
        )
        self.open_error: StorybankError | None = None
        self._theme_to_save: str | None = None
        self._startup_notes: list[str] = [
            f"Theme file skipped: {problem}" for problem in theme_problems or []
        ]
        for item in themes or []:
            self.register_theme(item)
        self.theme = self._initial_theme(theme)
        self.sub_title = _display_path(claim.path)

    # -- the bank ------------------------------------------------------------

    @property
    def bank_is_open(self) -> bool:
        """Whether the bank has been opened (its documents validated, stories read)."""
        return self.services.bank_is_open

    @property
    def bank(self) -> Bank:
        """The open bank (``services.bank``; opened now if it was not yet)."""
        return self.services.bank

    @property
    def catalog(self) -> StoryCatalog:
        """Stories with cached checks, and the matcher (``services.catalog``)."""
        return self.services.catalog

    @property
    def drills(self) -> Drills:
        """The drills service (``services.drills``); tests set one with a fixed clock."""
        return self.services.drills

    @drills.setter
    def drills(self, drills: Drills) -> None:
        self.services.drills = drills

    def open_bank(self) -> None:
        """Validate the claimed bank and read its stories (once), then save a pending theme.

        Start-up calls this once the first frame is drawn (see :meth:`on_ready`).

        Raises:
            StorybankError: a document does not match the models, or a user
                framework file is broken; the bank's lock is released.
        """
        self.services.open()
        if self._theme_to_save is not None:
            self._remember_theme(self._theme_to_save)

    def fail_to_open(self, error: StorybankError) -> None:
        """Quit because the bank cannot be used; :func:`run` prints ``error`` afterwards."""
        self.open_error = error
        self.exit(error.exit_code, return_code=error.exit_code)

    def close_bank(self) -> None:
        """Release the bank (close it, or just drop the claim's lock if it was never opened)."""
        self.services.close()

    # -- themes --------------------------------------------------------------

    def _initial_theme(self, requested: str | None) -> str:
        """The theme to start with: ``--theme`` (remembered), else the setting, else the default.

        The setting is read from the claim, before the bank is validated, so the
        first frame already has the user's colours.
        """
        available = self.available_themes
        saved = self.services.claim.raw_setting("theme") or theme_data.DEFAULT_THEME
        if requested and requested in available:
            self._remember_theme(requested)
            return requested
        choice = saved if saved in available else theme_data.DEFAULT_THEME
        if choice not in available:
            choice = "textual-dark"
        missing = requested or (saved if saved != choice else None)
        if missing:
            self._startup_notes.append(
                f"There is no theme called {missing!r}; using {choice}. "
                "ctrl+p, then “theme”, picks another."
            )
        return choice

    def _remember_theme(self, name: str) -> None:
        if not self.services.bank_is_open:
            # Saved when the bank opens: a theme alone is no reason to open it early.
            self._theme_to_save = name
            return
        self._theme_to_save = None
        settings = self.services.bank.settings
        if settings.theme == name:
            return
        try:
            self.services.bank.save_settings(settings.model_copy(update={"theme": name}))
        except StorybankError as exc:
            self.notify(str(exc), title="Theme not saved", severity="error", markup=False)

    def _on_theme_changed(self, theme: Theme) -> None:
        self._remember_theme(theme.name)

    def get_css_variables(self) -> dict[str, str]:
        """Textual's variables plus storybank's own, filled in for themes that lack them."""
        variables = theme_data.with_custom_defaults(super().get_css_variables())
        self.theme_variables = variables
        return variables

    # -- lifecycle -----------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        """The home section's screen, at the bottom of the screen stack.

        Textual composes the default screen with the app, so the first frame
        costs one layout and one render of the home screen; pushing it over an
        empty default screen costs more of both (~15 ms before the first frame).
        """
        screen = section(HOME).load()(self.services)
        # Textual reads a screen's CSS_PATH when it is pushed or installed; this one is neither.
        self.stylesheet.read_all(screen.css_path)
        return screen

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        for note in self._startup_notes:
            self.notify(note, severity="warning", timeout=8, markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Every text cursor, in any screen or dialog, follows the one setting: tests
        # and screenshots turn blinking off so that each frame is the same on every run.
        if not self.services.cursor_blink:
            from textual.widgets import Input, TextArea

            if isinstance(event.widget, Input | TextArea):
                event.widget.cursor_blink = False

    def on_ready(self) -> None:
        """The first frame is drawn: the home screen, still loading. Now open the bank."""
        # The home screen was composed before its footer listened for bindings;
        # publish them so the footer draws its keys.
        self.screen.refresh_bindings()
        self.call_after_refresh(self._open_after_first_frame)

    def _open_after_first_frame(self) -> None:
        try:
            self.open_bank()
        except StorybankError as exc:
            self.fail_to_open(exc)
            return
        self._bank_changed("opened")
        for problem in self.services.bank.problems:
            self.notify(problem, title="The bank is damaged", severity="error", timeout=30)
        # What is alive now (the models, the question bank, the matcher, the
        # screen) lives as long as the app. Left in the collector's oldest
        # generation, each full pass walks all of it and stalls whatever the user
        # is waiting for (opening the Stats screen by 150-200 ms).
        gc.freeze()
        # After the home screen has drawn its list and opened the drills.
        self.call_after_refresh(self._prepare_stats)

    def _prepare_stats(self) -> None:
        """Get the Stats screen ready while nothing else happens (its figures come first)."""
        from storybank.tui.screens.stats import prepare

        prepare(self, self.services)

    def _reloaded_from_disk(self) -> None:
        """The bank was read again from its file because another program changed it."""
        # Called from inside the write that found out: redraw once that is done.
        self.call_later(self._after_reload)

    def _after_reload(self) -> None:
        self._bank_changed("reloaded")
        self.notify(
            "The bank file was changed by another program (a copy, a sync client, an "
            "editor). storybank read it again and shows its version; nothing of it was "
            "overwritten.",
            title="Changed on disk",
            severity="warning",
            timeout=15,
            markup=False,
        )

    # -- navigation ----------------------------------------------------------

    def action_goto(self, name: str) -> None:
        """Open a top-level section (closing editors and dialogs above the home screen)."""
        target = section(name)
        screen_class = target.load()
        if isinstance(self.screen, screen_class):
            return
        # Pop back to the home screen, the first; editors save as they close.
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if name == HOME:
            return
        if not self.is_screen_installed(name):
            self.install_screen(screen_class(self.services), name)
        self.push_screen(name)

    def action_help(self) -> None:
        """Show every key binding."""
        from storybank.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_story(self, story_id: str, *, id_follows_title: bool = False) -> None:
        """Open a story in the editor, above the current screen.

        Args:
            story_id: The story.
            id_follows_title: A copy just made: its id follows its new title.
        """
        from storybank.tui.screens.editor import EditorScreen

        story = self.services.catalog.get(story_id)
        if story is None:
            self.notify(f"There is no story {story_id!r} any more.", markup=False)
            return
        self.push_screen(EditorScreen(self.services, story, id_follows_title=id_follows_title))

    def action_new_story(self) -> None:
        """Open the editor on a new, empty story (saved once it has a title)."""
        from storybank.core.models import Story
        from storybank.tui.screens.editor import EditorScreen

        now = self.services.clock()
        draft = Story(
            id=self.services.unique_id("new-story"), title="Untitled", created=now, updated=now
        )
        self.push_screen(EditorScreen(self.services, draft, is_new=True))

    # -- what screens ask for ------------------------------------------------

    def on_open_story_requested(self, message: OpenStoryRequested) -> None:
        self.open_story(message.story_id)

    def on_duplicate_requested(self, message: DuplicateRequested) -> None:
        """Save a copy of a story under a new id and open it."""
        services = self.services
        story = services.catalog.get(message.story_id)
        if story is None:
            return
        now = services.clock()
        title = f"{story.title} (copy)"[:200]
        copy = story.model_copy(
            update={"id": services.unique_id(story.id), "title": title, "created": now}
        )
        try:
            services.save_story(copy)
        except StorybankError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return
        self._bank_changed("saved", copy.id)
        self.notify(f"Duplicated as “{title}”: retitle it and its id follows.", markup=False)
        self.open_story(copy.id, id_follows_title=True)

    def on_delete_requested(self, message: DeleteRequested) -> None:
        """Ask, then delete a story (a backup is taken first, so it can be restored)."""
        from storybank.tui.screens.confirm import ConfirmScreen

        story_id = message.story_id
        story = self.services.catalog.get(story_id)
        if story is None:
            return

        def decided(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.services.delete_story(story_id)
            except StorybankError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", markup=False)
                return
            # Close any editor open on it without saving it back.
            from storybank.tui.screens.editor import EditorScreen

            while isinstance(self.screen, EditorScreen) and self.screen.story_id == story_id:
                self.screen.discard()
                self.pop_screen()
            self.notify(
                f"Deleted “{story.title}”. A backup was taken: `storybank doctor` restores it.",
                markup=False,
            )
            self._bank_changed("deleted", story_id)

        self.push_screen(
            ConfirmScreen(
                f"Delete “{story.title}”?",
                "A backup of the bank is taken first: `storybank doctor` lists it and "
                "`storybank doctor --restore N` brings the story back.",
                confirm="Delete",
            ),
            decided,
        )

    def on_framework_switch_requested(self, message: FrameworkSwitchRequested) -> None:
        """Make a framework active (the next one if none is named) and remember it."""
        bank, catalog = self.services.bank, self.services.catalog
        ids = bank.frameworks.ids
        current = catalog.framework.id
        framework_id = message.framework_id
        if framework_id is None:
            framework_id = ids[(ids.index(current) + 1) % len(ids)]
        if framework_id == current:
            return
        settings = bank.settings.model_copy(update={"framework": framework_id})
        try:
            bank.save_settings(settings)
        except StorybankError as exc:
            self.notify(str(exc), title="Framework not changed", severity="error", markup=False)
            return
        self.notify(
            f"Active framework: {catalog.framework.name}. The checks, lookup, the editor's "
            "competencies and new question cards use it now.",
            markup=False,
        )
        self._bank_changed("framework")

    def on_story_saved(self, message: StorySaved) -> None:
        self._bank_changed("saved", message.story_id)

    def on_rounds_changed(self, message: RoundsChanged) -> None:
        # A debrief may have added follow-ups to stories: read them again first.
        self.services.catalog.reload()
        self._bank_changed("saved")

    def _bank_changed(self, kind: ChangeKind, story_id: str | None = None) -> None:
        """Tell every screen that subscribed (each on the stack redraws)."""
        self.services.bank_changed.publish(BankChange(kind, story_id))

    async def action_quit(self) -> None:
        """Save any open editor, then quit; ask first if a story cannot be saved.

        A story that cannot be saved (a title too long, a full disk) is never
        dropped silently: the user chooses to keep it as a draft in ``drafts/``
        (the default, also ctrl+q again), to go back to it, or to drop it.
        """
        from storybank.tui.screens.editor import EditorScreen
        from storybank.tui.screens.quit import QuitScreen

        if isinstance(self.screen, QuitScreen):
            self.screen.dismiss("draft")  # ctrl+q twice: quit, keeping what was typed
            return
        editors = [s for s in self.screen_stack if isinstance(s, EditorScreen)]
        unsaved = [e for e in editors if not e.save_now(quiet=True, rescue=True)]
        if not unsaved:
            self.exit(0)
            return
        problems = [(e.draft_story().title, e.unsaved_problem or "not saved") for e in unsaved]

        def chosen(choice: str | None) -> None:
            if choice == "back" or choice is None:
                return
            if choice == "drop":
                for editor in unsaved:
                    editor.discard()
                self.exit(0)
                return
            for editor in unsaved:
                try:
                    editor.keep_as_draft()
                except StorybankError as exc:
                    self.notify(
                        f"{exc} Nothing was dropped: the story is still open.",
                        title="No draft kept",
                        severity="error",
                        markup=False,
                    )
                    return
            self.exit(0)

        drafts = str(drafts_dir(self.services.claim.path))
        self.push_screen(QuitScreen(problems, drafts), chosen)


def _display_path(path: Path) -> str:
    """The bank as the header names it: its folder and file name, short and stable."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def make_app(
    bank_path: Path,
    *,
    theme: str | None = None,
    clock: Clock | None = None,
    cursor_blink: bool = True,
) -> StorybankApp:
    """Claim the bank at ``bank_path`` and build the app on it.

    The bank's documents are validated when it opens, just after the first
    frame; if that fails the app exits with ``app.open_error`` set. The caller
    calls ``app.close_bank()`` when the app has exited.

    Raises:
        StorybankError: the bank is missing, not a bank file (e.g. truncated),
            newer, or locked by another process.
    """
    claim = claim_bank(bank_path)
    try:
        found, problems = theme_data.load_themes(bank_path)
        return StorybankApp(
            claim,
            themes=found,
            theme_problems=problems,
            theme=theme,
            clock=clock,
            cursor_blink=cursor_blink,
        )
    except BaseException:
        claim.release()
        raise


def run(path: Path, theme: str | None = None) -> int:
    """Open the app on the bank at ``path``; returns the process exit code.

    Raises:
        StorybankError: the bank cannot be claimed (locked by another
            storybank, missing, not JSON, newer), raised before Textual takes
            over the terminal; or its documents turned out not to match the
            models when it opened, just after the first frame, raised once the
            terminal is restored. The caller prints it: the app never writes
            to a terminal it does not own.
    """
    app = make_app(Path(path), theme=theme)
    try:
        result = app.run()
    finally:
        app.close_bank()
        # The terminal is the user's again: say where every draft kept went.
        for kept in app.services.kept_drafts:
            print(
                f"storybank: “{render.one_line(kept.title)}” could not be saved and was kept "
                f"as a draft: {render.safe(str(kept.path))}\n  hint: fix it, then run "
                f"`storybank import {render.safe(shlex.quote(str(kept.path)))}`",
                file=sys.stderr,
            )
    if app.open_error is not None:
        raise app.open_error
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.exit(run(Path(sys.argv[1])))
