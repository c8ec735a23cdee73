"""What the app hands down to its screens: the bank's services and the bank-changed signal.

The app makes one :class:`Services` over the bank it claimed and gives it to
every screen it builds (``BankScreen(services)``, ``EditorScreen(services,
story)``). Screens read stories, checks, the matcher and the drills through
it, and write stories through it; they never import the app. What only the
app can do (open the editor, ask before a delete, switch framework) they ask
for with a message from :mod:`storybank.tui.messages`.

When the bank changes, the app publishes :attr:`Services.bank_changed`; every
screen subscribes to it (see :class:`~storybank.tui.screens.base.StorybankScreen`)
and redraws.

Like :mod:`storybank.tui.app`, this module imports neither pydantic nor the
models: the bank opens after the first frame is drawn. The first frame lists
the stories all the same, from :meth:`Services.first_look`: the claimed file
read without the models, whenever every document is what they would store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from textual.signal import Signal

    from storybank.core.models import Story
    from storybank.scheduling.drills import Drills
    from storybank.storage.claim import BankClaim
    from storybank.storage.repository import Bank
    from storybank.tui.catalog import StoryCatalog
    from storybank.tui.widgets.story_table import StoryRow

Clock = Callable[[], datetime]
"""Returns "now", aware and in UTC."""

ChangeKind = Literal["opened", "saved", "deleted", "framework"]
"""The bank was opened, a story saved or deleted, or the active framework switched."""


@dataclass(frozen=True)
class BankChange:
    """What :attr:`Services.bank_changed` reports."""

    kind: ChangeKind
    """What happened."""
    story_id: str | None = None
    """The story saved or deleted."""


class Services:
    """The bank, its catalog and the drills, opened on first use, for the app and its screens.

    Args:
        claim: The bank, locked and readable; opened (validated) by :meth:`open`.
        clock: "Now" in UTC, injectable for deterministic tests.
        bank_changed: The app's signal that the bank changed (the app publishes it).
        cursor_blink: Whether text cursors blink (tests and screenshots turn it off).
    """

    def __init__(
        self,
        claim: BankClaim,
        *,
        clock: Clock,
        bank_changed: Signal[BankChange],
        cursor_blink: bool = True,
    ) -> None:
        self.claim = claim
        self.clock = clock
        self.bank_changed = bank_changed
        """Published by the app after a write; screens subscribe to redraw."""
        self.cursor_blink = cursor_blink
        """Whether text cursors blink; screens pass it to their text widgets."""
        self._bank: Bank | None = None
        self._catalog: StoryCatalog | None = None
        self._drills: Drills | None = None

    # -- opening and closing -------------------------------------------------

    @property
    def bank_is_open(self) -> bool:
        """Whether the bank has been opened (its documents validated, stories read)."""
        return self._bank is not None

    def open(self) -> None:
        """Validate the claimed bank and read its stories (once).

        Raises:
            StorybankError: a document does not match the models, or a user
                framework file is broken; the bank's lock is released.
        """
        if self._bank is not None:
            return
        # Deferred imports: pydantic, the models, the checks and TinyDB take
        # ~70 ms to import, most of what the first frame would otherwise wait for.
        from storybank.storage.repository import Bank
        from storybank.tui.catalog import StoryCatalog

        bank = Bank.open(self.claim.path, lock=self.claim.lock)
        self._bank = bank
        self._catalog = StoryCatalog(bank, self.clock)

    def close(self) -> None:
        """Release the bank (close it, or just drop the claim's lock if it was never opened)."""
        if self._drills is not None:
            self._drills.close()
        if self._bank is not None:
            self._bank.close()
        else:
            self.claim.release()

    def first_look(self) -> list[StoryRow] | None:
        """Every story with its readiness, for the list of the first frame, before the bank opens.

        Read from the claimed file without the models (see
        :func:`storybank.storage.snapshot.take_snapshot`) and checked in the
        active framework as the catalog checks them, so the rows are those the
        open bank gives. ``None`` when the snapshot cannot vouch for the file,
        the bank has no story, or the active framework is not there: the list
        then waits for the bank.
        """
        from storybank.checks import check_story, readiness, readiness_label
        from storybank.errors import StorybankError
        from storybank.storage.snapshot import take_snapshot
        from storybank.tui.widgets.story_table import ReadinessBadge, StoryRow

        try:
            snapshot = take_snapshot(self.claim.path)
            if snapshot is None or not snapshot.stories:
                return None
            framework = snapshot.frameworks.get(snapshot.settings["framework"])
        except (StorybankError, OSError):
            return None
        if framework is None:
            return None
        rows = []
        for story in snapshot.stories:
            score = readiness(story, check_story(story, framework))
            rows.append(StoryRow(story, ReadinessBadge(score, readiness_label(score))))
        return rows

    # -- reading -------------------------------------------------------------

    @property
    def bank(self) -> Bank:
        """The open bank (opened now if it was not yet).

        Raises:
            StorybankError: opening it now failed (see :meth:`open`).
        """
        if self._bank is None:
            self.open()
        assert self._bank is not None
        return self._bank

    @property
    def catalog(self) -> StoryCatalog:
        """Stories with cached checks, and the matcher (opens the bank if needed)."""
        if self._catalog is None:
            self.open()
        assert self._catalog is not None
        return self._catalog

    @property
    def drills(self) -> Drills:
        """The drills service (cards, daily queue, review log), made on first use.

        Deferred: the scheduling package is not needed for the first frame.
        Tests set it to a service with a fixed clock and no fuzz.
        """
        if self._drills is None:
            from storybank.tui.drilling import open_drills

            self._drills = open_drills(self.bank, self.clock)
        return self._drills

    @drills.setter
    def drills(self, drills: Drills) -> None:
        self._drills = drills

    @property
    def drills_are_open(self) -> bool:
        """Whether :attr:`drills` has been made yet."""
        return self._drills is not None

    def unique_id(self, wanted: str) -> str:
        """``wanted`` made into a slug no story uses yet (``x``, ``x-2``, ``x-3``…)."""
        from storybank.core.models import slugify

        base = slugify(wanted)
        taken = self.bank.story_ids()
        candidate, number = base, 2
        while candidate in taken:
            suffix = f"-{number}"
            candidate = base[: 60 - len(suffix)].rstrip("-") + suffix
            number += 1
        return candidate

    # -- writing -------------------------------------------------------------
    # Each write keeps the catalog in step; telling the other screens is the
    # app's part (it publishes bank_changed when a screen reports the write).

    def save_story(self, story: Story) -> None:
        """Write a story to the bank.

        Raises:
            StorybankError: the bank file could not be written (nothing is lost).
        """
        self.bank.save_story(story)
        self.catalog.reload()

    def rename_story(self, old_id: str, story: Story) -> None:
        """Store a story under a new id, in place of ``old_id``; like :meth:`save_story`."""
        self.bank.rename_story(old_id, story)
        self.catalog.reload()

    def delete_story(self, story_id: str) -> None:
        """Delete a story (the bank takes a backup first); like :meth:`save_story`."""
        self.bank.delete_story(story_id)
        self.catalog.reload()
