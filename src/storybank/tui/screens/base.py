"""What every screen over the bank shares: its services, its breakpoints, keeping in step.

The screens (bank, editor, matrix, lookup, drill, stats) are made by the app
with the :class:`~storybank.tui.services.Services` they read and write
through; they talk back to the app only with messages. This module, like the
home screen, imports neither pydantic nor the models: the first frame is
drawn before the bank opens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.events import Mount, ScreenResume
from textual.screen import Screen

from storybank.errors import StorybankError
from storybank.tui.breakpoints import breakpoint_class
from storybank.tui.services import StoryConflict

if TYPE_CHECKING:
    from textual.theme import Theme

    from storybank.core.models import Story
    from storybank.tui.services import BankChange, Services

Breakpoints = tuple[tuple[int, str], ...]
"""``(minimum size, class)`` pairs, as Textual's ``HORIZONTAL_BREAKPOINTS`` holds them."""

PaletteEntry = tuple[str, Callable[[], object], str]
"""A command palette entry a screen adds: its text, what it runs, a line of help."""


class StorybankScreen(Screen[None]):
    """A screen over the bank: given the services, redrawn when the bank changes.

    A subclass implements :meth:`refresh_data` (redraw from the services). It
    is called when the app publishes ``bank_changed`` while the screen is on
    the screen stack, and each time the screen becomes the current one. The handlers
    here are ``@on`` handlers: Textual runs them as well as a subclass's own
    ``on_mount`` or ``on_screen_resume``.

    Args:
        services: The bank's services, from the app.
    """

    WIDTH_BREAKPOINTS: ClassVar[Breakpoints] = ()
    """The screen's width classes, e.g. ``((0, "-narrow"), (100, "-wide"))``.

    Textual reads ``HORIZONTAL_BREAKPOINTS``, but declares it in a way type
    checkers take for an instance attribute: a screen declares its
    breakpoints here and the base sets Textual's attribute on the instance.
    """
    HEIGHT_BREAKPOINTS: ClassVar[Breakpoints] = ()
    """The screen's height classes (Textual's ``VERTICAL_BREAKPOINTS``)."""
    REFRESH_ON_RESUME: ClassVar[bool] = True
    """Whether :meth:`refresh_data` runs each time the screen becomes the current one."""

    def __init__(self, services: Services) -> None:
        width, height = self.app.size
        classes = (
            breakpoint_class(self.WIDTH_BREAKPOINTS, width),
            breakpoint_class(self.HEIGHT_BREAKPOINTS, height),
        )
        # Made with its breakpoint classes, the screen is laid out once before
        # its first frame, not once more on its first resize.
        super().__init__(classes=" ".join(c for c in classes if c) or None)
        if self.WIDTH_BREAKPOINTS:
            self.HORIZONTAL_BREAKPOINTS = list(self.WIDTH_BREAKPOINTS)
        if self.HEIGHT_BREAKPOINTS:
            self.VERTICAL_BREAKPOINTS = list(self.HEIGHT_BREAKPOINTS)
        self.services = services
        """The bank, its catalog, the drills and the clock; given by the app."""

    def refresh_data(self) -> None:
        """Redraw from the services (the bank changed, or the screen is shown again)."""

    def refresh_colours(self) -> None:
        """Redraw what is coloured by hand (Rich text in tables and charts) for a new theme."""

    def palette_commands(self) -> list[PaletteEntry]:
        """Actions without a key of their own, for the command palette."""
        return []

    # -- keeping in step -------------------------------------------------------

    @on(Mount)
    def _subscribe(self) -> None:
        self.services.bank_changed.subscribe(self, self._bank_changed)
        self.app.theme_changed_signal.subscribe(self, self._theme_changed)

    @on(ScreenResume)
    def _resumed(self) -> None:
        if self.REFRESH_ON_RESUME:
            self.refresh_data()

    def _bank_changed(self, change: BankChange) -> None:
        # A screen installed but not on the stack redraws when it is shown again.
        if self in self.app.screen_stack:
            self.refresh_data()

    def _theme_changed(self, theme: Theme) -> None:
        self.refresh_colours()

    # -- writing ---------------------------------------------------------------

    def save_story(
        self, story: Story, *, replacing: str | None = None, base: Story | None = None
    ) -> bool:
        """Write a story and tell the app; tells the user and returns ``False`` if it failed.

        Args:
            story: The story to store.
            replacing: The id the story had, when it is stored under a new id.
            base: The version the edit started from; see
                :meth:`~storybank.tui.services.Services.save_story`.

        Raises:
            StoryConflict: the story changed in the bank file since ``base``
                (the caller keeps both versions).
        """
        try:
            self.services.save_story(story, base=base, replacing=replacing)
        except StoryConflict:
            raise
        except StorybankError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False)
            return False
        # Deferred import: the messages are not needed for the first frame.
        from storybank.tui.messages import StorySaved

        # Straight to the app: the editor also saves while it closes, when its
        # own queue no longer takes messages to pass up.
        self.app.post_message(StorySaved(story.id))
        return True
