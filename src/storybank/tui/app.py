"""The full-screen app: the app class, its factory, and the CLI entry point.

:func:`make_app` opens the bank and builds the app; tests, the bench and the
screenshot script use it too. :func:`run` is what ``storybank`` calls: it opens
the bank *before* Textual starts, so a damaged or locked bank prints the core's
message and returns an exit code instead of showing a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from storybank.core.models import Story, slugify, utc_now
from storybank.errors import StorybankError
from storybank.storage.repository import Bank
from storybank.tui import themes as theme_data
from storybank.tui.catalog import StoryCatalog
from storybank.tui.messages import FrameworkSwitched, StoryDeleted, StorySaved
from storybank.tui.sections import HOME, section

if TYPE_CHECKING:
    from textual.command import Provider

Clock = Callable[[], datetime]


def _storybank_commands() -> type[Provider]:
    # Deferred import: the palette is not needed for the first frame.
    from storybank.tui.commands import StorybankCommands

    return StorybankCommands


class StorybankApp(App[int]):
    """storybank's full-screen app over one open bank.

    Attributes:
        bank: The open bank; the app writes through it, screens read via ``catalog``.
        catalog: Stories with cached checks, and the matcher.
        clock: "Now" in UTC, injectable for deterministic tests.
    """

    CSS_PATH = "app.tcss"
    TITLE = "storybank"
    COMMANDS: ClassVar = App.COMMANDS | {_storybank_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(
        self,
        bank: Bank,
        *,
        themes: list[Theme] | None = None,
        theme_problems: list[theme_data.ThemeProblem] | None = None,
        theme: str | None = None,
        clock: Clock | None = None,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.bank = bank
        self.clock: Clock = clock or utc_now
        self.cursor_blink = cursor_blink
        """Whether text cursors blink (tests and screenshots turn it off)."""
        self.catalog = StoryCatalog(bank, self.clock)
        self._startup_notes: list[str] = [
            f"Theme file skipped: {problem}" for problem in theme_problems or []
        ]
        for item in themes or []:
            self.register_theme(item)
        self.theme = self._initial_theme(theme)
        self.sub_title = _display_path(bank.path)

    # -- themes --------------------------------------------------------------

    def _initial_theme(self, requested: str | None) -> str:
        """The theme to start with: ``--theme`` (remembered), else the setting, else the default."""
        available = self.available_themes
        saved = self.bank.settings.theme
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
        settings = self.bank.settings
        if settings.theme == name:
            return
        try:
            self.bank.save_settings(settings.model_copy(update={"theme": name}))
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

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._on_theme_changed)
        self.push_screen(section(HOME).load()())
        for note in self._startup_notes:
            self.notify(note, severity="warning", timeout=8, markup=False)

    # -- navigation ----------------------------------------------------------

    def action_goto(self, name: str) -> None:
        """Open a top-level section (closing editors and dialogs above the home screen)."""
        target = section(name)
        screen_class = target.load()
        if isinstance(self.screen, screen_class):
            return
        # Pop back to the home screen; editors save as they close.
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if name == HOME:
            return
        if not self.is_screen_installed(name):
            self.install_screen(screen_class(), name)
        self.push_screen(name)

    def action_help(self) -> None:
        """Show every key binding."""
        from storybank.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def open_story(self, story_id: str) -> None:
        """Open a story in the editor, above the current screen."""
        from storybank.tui.screens.editor import EditorScreen

        story = self.catalog.get(story_id)
        if story is None:
            self.notify(f"There is no story {story_id!r} any more.", markup=False)
            return
        self.push_screen(EditorScreen(story))

    def action_new_story(self) -> None:
        """Open the editor on a new, empty story (saved once it has a title)."""
        from storybank.tui.screens.editor import EditorScreen

        now = self.clock()
        draft = Story(id=self.unique_id("new-story"), title="Untitled", created=now, updated=now)
        self.push_screen(EditorScreen(draft, is_new=True))

    def unique_id(self, wanted: str) -> str:
        """``wanted`` made into a slug no story uses yet (``x``, ``x-2``, ``x-3``…)."""
        base = slugify(wanted)
        taken = self.bank.story_ids()
        candidate, number = base, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate = base[: 60 - len(suffix)].rstrip("-") + suffix
            number += 1
        return candidate

    def duplicate_story(self, story_id: str) -> None:
        """Save a copy of a story under a new id and open it."""
        story = self.catalog.get(story_id)
        if story is None:
            return
        now = self.clock()
        title = f"{story.title} (copy)"[:200]
        copy = story.model_copy(
            update={"id": self.unique_id(story.id), "title": title, "created": now}
        )
        if not self.save(copy):
            return
        self.notify(f"Duplicated as “{title}”.", markup=False)
        self.open_story(copy.id)

    def delete_story(self, story_id: str) -> None:
        """Ask, then delete a story (a backup is taken first, so it can be restored)."""
        from storybank.tui.screens.confirm import ConfirmScreen

        story = self.catalog.get(story_id)
        if story is None:
            return

        def decided(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.bank.delete_story(story_id)
            except StorybankError as exc:
                self.notify(str(exc), title="Not deleted", severity="error", markup=False)
                return
            self.catalog.reload()
            # Close any editor open on it without saving it back.
            from storybank.tui.screens.editor import EditorScreen

            while isinstance(self.screen, EditorScreen) and self.screen.story_id == story_id:
                self.screen.discard()
                self.pop_screen()
            self.post_message(StoryDeleted(story_id, story.title))

        self.push_screen(
            ConfirmScreen(
                f"Delete “{story.title}”?",
                "A backup of the bank is taken first: `storybank doctor` lists it and "
                "`storybank doctor --restore N` brings the story back.",
                confirm="Delete",
            ),
            decided,
        )

    def save(self, story: Story) -> bool:
        """Write a story to the bank; tells the user and returns ``False`` if it failed."""
        try:
            self.bank.save_story(story)
        except StorybankError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        self.catalog.reload()
        self.post_message(StorySaved(story.id))
        return True

    def rename(self, old_id: str, story: Story) -> bool:
        """Store a story under a new id (a new story whose title changed); like :meth:`save`."""
        try:
            self.bank.rename_story(old_id, story)
        except StorybankError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        self.catalog.reload()
        self.post_message(StorySaved(story.id))
        return True

    def switch_framework(self, framework_id: str | None = None) -> None:
        """Make a framework active (the next one if none is named) and remember it."""
        ids = self.bank.frameworks.ids
        current = self.catalog.framework.id
        if framework_id is None:
            framework_id = ids[(ids.index(current) + 1) % len(ids)]
        if framework_id == current:
            return
        settings = self.bank.settings.model_copy(update={"framework": framework_id})
        try:
            self.bank.save_settings(settings)
        except StorybankError as exc:
            self.notify(str(exc), title="Framework not changed", severity="error", markup=False)
            return
        name = self.catalog.framework.name
        self.notify(f"Framework: {name}", markup=False)
        self.post_message(FrameworkSwitched(framework_id))

    # -- keeping screens in step --------------------------------------------

    def on_story_saved(self, message: StorySaved) -> None:
        self._broadcast_refresh()

    def on_story_deleted(self, message: StoryDeleted) -> None:
        self.notify(
            f"Deleted “{message.title}”. A backup was taken: `storybank doctor` restores it.",
            markup=False,
        )
        self._broadcast_refresh()

    def on_framework_switched(self, message: FrameworkSwitched) -> None:
        self._broadcast_refresh()

    def _broadcast_refresh(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if callable(refresh):
                refresh()

    async def action_quit(self) -> None:
        """Save any open editor, then quit."""
        from storybank.tui.screens.editor import EditorScreen

        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):
                screen.save_now(quiet=True)
        self.exit(0)


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
    """Open the bank at ``bank_path`` and build the app on it.

    The caller closes ``app.bank`` when the app has exited.

    Raises:
        StorybankError: the bank is missing, damaged, newer, or locked by another process.
    """
    bank = Bank.open(bank_path)
    try:
        found, problems = theme_data.load_themes(bank_path)
        return StorybankApp(
            bank,
            themes=found,
            theme_problems=problems,
            theme=theme,
            clock=clock,
            cursor_blink=cursor_blink,
        )
    except BaseException:
        bank.close()
        raise


def run(path: Path, theme: str | None = None) -> int:
    """Open the app on the bank at ``path``; returns the process exit code.

    A bank that cannot be opened (damaged, newer, locked by another storybank)
    prints the core's message on stderr and returns its exit code (2) before
    Textual takes over the terminal.
    """
    try:
        app = make_app(Path(path), theme=theme)
    except StorybankError as exc:
        from storybank.cli.terminal import error

        error(f"storybank: {exc}")
        return exc.exit_code
    try:
        result = app.run()
    finally:
        app.bank.close()
    if app.return_code not in (None, 0):
        return app.return_code
    return result or 0


if __name__ == "__main__":  # pragma: no cover - manual use
    sys.exit(run(Path(sys.argv[1])))
