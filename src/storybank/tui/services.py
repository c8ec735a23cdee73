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

Another program may change the bank file while the app has it open (a sync
client, a ``cp`` over it). The bank notices on the next write and refuses it
(:class:`~storybank.errors.FileChangedError`), then reads the file again; the
services tell the app (``on_reloaded``), which redraws every screen from the
file's version. A story the user was editing is compared with the version the
editor started from (:meth:`Services.save_story` with ``base``): untouched in
the file, the user's edit is saved on top; changed in the file too, both are
kept (:class:`StoryConflict`: the file's version in the bank, the user's as a
draft in ``drafts/``).

Like :mod:`storybank.tui.app`, this module imports neither pydantic nor the
models: the bank opens after the first frame is drawn. The first frame lists
the stories all the same, from :meth:`Services.first_look`: the claimed file
read without the models, whenever every document is what they would store.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from storybank.errors import FileChangedError, StorybankError
from storybank.storage.files import file_identity

if TYPE_CHECKING:
    from textual.signal import Signal

    from storybank.core.models import Story
    from storybank.scheduling.drills import Drills
    from storybank.storage.claim import BankClaim
    from storybank.storage.repository import Bank
    from storybank.storage.snapshot import BankSnapshot
    from storybank.tui.catalog import StoryCatalog
    from storybank.tui.widgets.story_table import StoryRow

Clock = Callable[[], datetime]
"""Returns "now", aware and in UTC."""

ChangeKind = Literal["opened", "saved", "deleted", "framework", "reloaded"]
"""The bank was opened, a story saved or deleted, the active framework switched, or the
bank read again from its file (another program changed it)."""


class StoryConflict(StorybankError):
    """A story changed in the bank file (by another program) while the user edited it too.

    Attributes:
        on_disk: The story as the file has it now (``None``: the file no longer has it).
    """

    def __init__(self, story_id: str, on_disk: Story | None) -> None:
        what = "removed from" if on_disk is None else "changed in"
        super().__init__(
            f"the story {story_id!r} was {what} the bank file by another program "
            "while you edited it",
            hint="both versions are kept: the file's in the bank, yours as a draft",
        )
        self.story_id = story_id
        self.on_disk = on_disk


@dataclass(frozen=True)
class KeptDraft:
    """A story the app could not save, kept as a Markdown draft in ``drafts/``."""

    title: str
    """The story's title as typed."""
    path: Path
    """The draft file (``storybank import PATH`` brings it in)."""


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
        on_reloaded: Called after the bank was read again from its file because
            another program changed it (the app redraws and tells the user).
    """

    def __init__(
        self,
        claim: BankClaim,
        *,
        clock: Clock,
        bank_changed: Signal[BankChange],
        cursor_blink: bool = True,
        on_reloaded: Callable[[], None] | None = None,
    ) -> None:
        self.claim = claim
        self.clock = clock
        self.bank_changed = bank_changed
        """Published by the app after a write; screens subscribe to redraw."""
        self.cursor_blink = cursor_blink
        """Whether text cursors blink; the app applies it to every text widget it focuses."""
        self.on_reloaded = on_reloaded
        self.kept_drafts: list[KeptDraft] = []
        """Stories kept as drafts while the app ran; the app lists them when it exits."""
        self._bank: Bank | None = None
        self._catalog: StoryCatalog | None = None
        self._drills: Drills | None = None
        self._sources: tuple[int, dict[str, dict[str, str]]] | None = None
        self._claimed_file = file_identity(claim.path)
        """The bank file as claimed: left as it is, there is no new score to keep."""

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
        bank.reload_hooks.append(self._reloaded)
        self._bank = bank
        self._catalog = StoryCatalog(bank, self.clock)
        self._catalog.follow_up_sources = self._follow_up_sources

    def _reloaded(self) -> None:
        """The bank was read again from its file: bring the catalog in step, tell the app."""
        if self._catalog is not None:
            self._catalog.reload()
        if self.on_reloaded is not None:
            self.on_reloaded()

    def close(self) -> None:
        """Release the bank (close it, or just drop the claim's lock if it was never opened)."""
        if self._drills is not None:
            self._drills.close()
        if self._bank is not None:
            # While the lock is still held: the file is the one this app left.
            with contextlib.suppress(Exception):
                self._keep_last_look()
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
        from storybank.errors import StorybankError
        from storybank.storage.snapshot import take_snapshot
        from storybank.tui.widgets.story_table import ReadinessBadge, StoryRow

        try:
            # The built-in frameworks are parsed only if a score must be computed.
            snapshot = take_snapshot(self.claim.path, frameworks=False)
            if snapshot is None or not snapshot.stories:
                return None
            scores = kept_scores(snapshot)
            if scores is None:
                return None
        except (StorybankError, OSError):
            return None
        return [
            StoryRow(story, ReadinessBadge(score, label))
            for story, (score, label) in zip(snapshot.stories, scores, strict=True)
        ]

    def _keep_last_look(self) -> None:
        """Keep the scores of the bank as it is left, so the next start finds them all.

        Only once the bank was opened (the checks are loaded then) and its
        file changed, and only the stories whose scores are not kept yet (new
        or edited ones) are checked.
        """
        from storybank.storage.cache_files import disabled
        from storybank.storage.snapshot import take_snapshot

        if disabled() or file_identity(self.claim.path) == self._claimed_file:
            return
        snapshot = take_snapshot(self.claim.path, frameworks=False)
        if snapshot is not None and snapshot.stories:
            kept_scores(snapshot)

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

    def _follow_up_sources(self) -> dict[str, dict[str, str]]:
        """Where unanswered follow-ups were asked, read from the rounds (kept until they change)."""
        from storybank.scheduling.debriefs import follow_up_sources

        store = self.drills.deck.store
        if self._sources is None or self._sources[0] != store.interview_writes:
            self._sources = (store.interview_writes, follow_up_sources(store.interviews()))
        return self._sources[1]

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

    def save_story(
        self, story: Story, *, base: Story | None = None, replacing: str | None = None
    ) -> None:
        """Write a story to the bank, unless the file changed it since ``base`` was read.

        Args:
            story: The story to store.
            base: The version the edit started from (the editor's last save).
                When given, the story in the bank must still be exactly that,
                or the write is refused with :class:`StoryConflict`. When the
                bank file changed on disk (and was read again), the check runs
                on the file's version and the write is tried once more; without
                a base, such a write is refused.
            replacing: The id the story had, when it is stored under a new id.

        Raises:
            StoryConflict: the story changed (or went) in the bank since ``base``.
            StorybankError: the bank file could not be written (nothing is lost).
        """
        for attempt in (1, 2):
            if base is not None:
                on_disk = self.bank.find_story(base.id)
                if on_disk != base:
                    raise StoryConflict(base.id, on_disk)
            try:
                if replacing is None:
                    self.bank.save_story(story)
                else:
                    self.bank.rename_story(replacing, story)
            except FileChangedError as exc:
                # Without a base there is no knowing whether the file's version of
                # the story is the one this write was made from: refuse, never guess.
                if not exc.reloaded or attempt == 2 or base is None:
                    raise
                continue  # the bank is now the file's: compare again, then write
            break
        self.catalog.reload()

    def rename_story(self, old_id: str, story: Story, *, base: Story | None = None) -> None:
        """Store a story under a new id, in place of ``old_id``; like :meth:`save_story`."""
        self.save_story(story, base=base, replacing=old_id)

    def keep_draft(self, story: Story) -> Path:
        """Keep a story that cannot be saved as a Markdown draft in ``drafts/`` beside the bank.

        The draft is where ``storybank edit`` keeps its drafts; the path is
        remembered in :attr:`kept_drafts` and returned.

        Raises:
            StorybankError: the draft could not be written either.
        """
        # Deferred import: Markdown export is needed only when a draft is kept.
        from storybank.transfer import keep_draft

        path = keep_draft(self.bank, story, now=self.clock())
        self.kept_drafts.append(KeptDraft(story.title, path))
        return path

    def delete_story(self, story_id: str) -> None:
        """Delete a story (the bank takes a backup first); like :meth:`save_story`."""
        self.bank.delete_story(story_id)
        self.catalog.reload()


def kept_scores(snapshot: BankSnapshot) -> list[tuple[int, str]] | None:
    """The scores kept for these stories, else checked now (:func:`first_look_scores`) and kept."""
    from storybank.tui.first_look import FirstLookScores

    kept = FirstLookScores(snapshot.path, snapshot.settings["framework"])
    scores = kept.recall(snapshot.story_documents)
    if scores is None:
        scores = first_look_scores(snapshot)
        if scores is not None:
            kept.keep(snapshot.story_documents, scores)
    return scores


def first_look_scores(snapshot: BankSnapshot) -> list[tuple[int, str]] | None:
    """Every story's readiness score and badge word, checked in the active framework.

    ``None`` when the active framework is not there (the list then waits for the bank).
    """
    from storybank.checks import check_story, readiness, readiness_label

    framework = snapshot.frameworks.get(snapshot.settings["framework"])
    if framework is None:
        return None
    scores = []
    for story in snapshot.stories:
        score = readiness(story, check_story(story, framework))
        scores.append((score, readiness_label(score)))
    return scores
