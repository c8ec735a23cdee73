"""Messages the app's widgets and screens post upwards: what happened, or what they ask for.

Widgets never reach into their screen: they post one of these and the screen
handles it (``@on(FieldEdited)``). Screens never reach into the app: they post
the story-level ones (``...Requested`` for what only the app can do, such as
opening the editor or asking before a delete; :class:`StorySaved` after a
write), and the app keeps the other screens in step through the services'
``bank_changed`` signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class FieldEdited(Message):
    """The user changed the text of one story field in the editor."""

    field: str
    """The story field, e.g. ``"action"`` or ``"tags"``."""
    value: str
    """Its whole new text."""

    def can_replace(self, message: Message) -> bool:
        # While typing fast only the latest text of a field matters.
        return isinstance(message, FieldEdited) and message.field == self.field


@dataclass
class CompetenciesChanged(Message):
    """The user ticked or unticked competencies in the picker."""

    framework_id: str
    """The framework the competencies belong to."""
    competency_ids: list[str]
    """Every competency now ticked, in framework order."""


@dataclass
class StorySaved(Message):
    """A screen wrote a story to the bank (autosave, explicit save, a tag toggled).

    Screens write through :class:`~storybank.tui.services.Services` themselves:
    the editor must be able to save while it closes and when the app quits, so
    a save cannot wait for the app to take a message. The app answers this
    one by publishing ``bank_changed``, so every other screen redraws.
    """

    story_id: str
    """The id of the saved story."""


@dataclass
class OpenStoryRequested(Message):
    """A screen asks the app to open a story in the editor (bank list, matrix, lookup, palette)."""

    story_id: str
    """The story to open."""


@dataclass
class DuplicateRequested(Message):
    """A screen asks the app to save a copy of a story under a new id and open it."""

    story_id: str
    """The story to copy."""


@dataclass
class DeleteRequested(Message):
    """A screen asks the app to delete a story; the app asks the user first."""

    story_id: str
    """The story to delete."""


@dataclass
class FrameworkSwitchRequested(Message):
    """A screen asks the app to make a competency framework active (and remember it)."""

    framework_id: str | None = None
    """The framework to switch to; ``None`` for the next one after the active one."""


@dataclass
class RoundsChanged(Message):
    """A screen changed interview rounds (added, edited, debriefed, deleted, a mock answer).

    A debrief can also add follow-ups to stories and make question cards, so
    the app reads the stories again before it publishes ``bank_changed``.
    """

    interview_id: str | None = None
    """The round changed, if one."""
