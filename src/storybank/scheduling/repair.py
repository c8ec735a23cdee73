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
        last_id: The id of the log's last line.
    """

    __slots__ = ("drill", "entry", "last_id", "undo")

    def __init__(self, entry: LogEntry, drill: CardT, undo: bool, last_id: str) -> None:
        self.entry = entry
        self.drill = drill
        self.undo = undo
        self.last_id = last_id
        """The id of the log's last line (the entry, or the undo's tombstone)."""


def applied(entry: LogEntry, drill: StoredState) -> bool:
    """Whether the card shows the effect of ``entry`` (and can be taken back to before)."""
    if entry.type == "reset":
        return drill.fsrs == entry.after
    return drill.fsrs != entry.before and drill.card.last_review == entry.at


def follows_head(log: ReviewLogFile, head: str | None) -> bool:
    """Whether the log's last line comes right after the bank's head.

    Only such a line can be a rating or undo cut off by a crash between
    its two writes. A log whose last line is further on went on with
    another copy of this bank (a copy put back over it, a sync client's
    version): its lines are that copy's, never to be replayed here.
    """
    ids = log.last_ids(2)
    if not ids or ids[0] == head:
        return False  # nothing after the head: the cards are up to date
    before_last = ids[1] if len(ids) > 1 else None
    return before_last == head


def pending_repair(
    log: ReviewLogFile,
    find: Callable[[int], CardT | None],
    *,
    head_known: bool,
    head: str | None,
) -> PendingRepair[CardT] | None:
    """The repair the log's last line calls for, if any.

    Args:
        log: The review log.
        find: The stored card with an FSRS id (as stored: before any sync).
        head_known: Whether the bank records its head (older banks do not).
        head: The id of the last log line whose effect the cards hold.
    """
    last = log.last_record()
    if last is None:
        return None
    if head_known and not follows_head(log, head):
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
    return PendingRepair(entry, drill, undo, last.id)
