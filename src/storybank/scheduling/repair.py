"""Whether a rating was cut off by a crash between its two writes, and what it left behind.

A rating appends its review-log line, then rewrites the card in the bank; an
undo appends a tombstone, then puts the card back. A crash between the two
leaves the card one step behind the log's last line. :func:`pending_repair`
sees that from the last line alone;
:meth:`storybank.scheduling.ledger.Ledger.reconcile` makes the repair, and
``storybank due``, which reads the bank without the models
(:mod:`storybank.scheduling.glance`), asks the same question to know whether
the cards it read are the cards the drills would show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from fsrs import Card
from fsrs.card import CardDict

from storybank.scheduling.log_format import LogEntry, Tombstone
from storybank.scheduling.review_log import ReviewLogFile

UNDO_SEARCH = 200
"""How many entries back crash repair looks for the entry an undo names."""


class StoredState(Protocol):
    """A card as repair compares it with a log entry."""

    @property
    def fsrs(self) -> CardDict: ...
    @property
    def card(self) -> Card: ...


CardT = TypeVar("CardT", bound=StoredState)


class PendingRepair(Generic[CardT]):
    """A card left behind the log's last line.

    Attributes:
        entry: The entry the card should show (or, for an undo, no longer show).
        drill: The card as stored.
        undo: The last line is an undo of ``entry``.
    """

    __slots__ = ("drill", "entry", "undo")

    def __init__(self, entry: LogEntry, drill: CardT, undo: bool) -> None:
        self.entry = entry
        self.drill = drill
        self.undo = undo


def applied(entry: LogEntry, drill: StoredState) -> bool:
    """Whether the card shows the effect of ``entry`` (and can be taken back to before)."""
    if entry.type == "reset":
        return drill.fsrs == entry.after
    return drill.fsrs != entry.before and drill.card.last_review == entry.at


def pending_repair(
    log: ReviewLogFile, find: Callable[[int], CardT | None]
) -> PendingRepair[CardT] | None:
    """The repair the log's last line calls for, if any.

    Args:
        log: The review log.
        find: The stored card with an FSRS id (as stored: before any sync).
    """
    last = log.last_record()
    if last is None:
        return None
    undo = isinstance(last, Tombstone)
    if isinstance(last, Tombstone):
        back = log.entries_back(limit=UNDO_SEARCH)
        entry = next((e for e in back if e.id == last.target), None)
    else:
        entry = last
    drill = None if entry is None else find(entry.fsrs_id)
    if entry is None or drill is None or entry.before is None:
        return None
    if undo:
        if not applied(entry, drill):
            return None
    elif drill.fsrs != entry.before:
        return None
    return PendingRepair(entry, drill, undo)
