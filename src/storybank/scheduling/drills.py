"""``Drills``: the drill feature's one way in, for the app and the CLI.

It opens the :class:`~storybank.scheduling.deck.Deck` over a bank (repairing
a rating cut off by a crash first) and composes the parts built on top of it:

========================  ==================================================================
``drills.deck``           the cards, kept in step with the stories; the queue; calendar,
                          settings and scheduler
``drills.ledger``         rate, undo, start cards afresh (each rating logged durably)
``drills.faces``          what the drill screen shows for a card, and grading a typed recall
``drills.interviews``     record, edit and delete interview rounds; repeat warnings
``drills.debriefs``       what happened in a round, and what it changes (cards, follow-ups, gaps)
``drills.weak_spots``     every debrief and mock put together, with a plan; queue priority
``drills.mocks``          mock interviews: questions drawn, answers saved as a practice round
``drills.flags``          stories marked "needs work"
``drills.progress``       the statistics of the stats screen and ``storybank stats``
``drills.ahead``          drilling ahead: question cards by competency or framework,
                          cards due in the next days
========================  ==================================================================

:meth:`Drills.start_session` puts the deck, faces and ledger together for one
sitting. Nothing here touches storage directly, and nothing imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from storybank.core.models import Question
from storybank.scheduling.ahead import Ahead
from storybank.scheduling.clock import Clock
from storybank.scheduling.debriefs import Debriefs
from storybank.scheduling.deck import Deck
from storybank.scheduling.faces import Faces
from storybank.scheduling.flags import Flags
from storybank.scheduling.interviews import Interviews
from storybank.scheduling.ledger import Ledger
from storybank.scheduling.mocks import Mocks
from storybank.scheduling.progress import Progress
from storybank.scheduling.session import DrillSession
from storybank.scheduling.weak_spots import WeakSpotsService
from storybank.storage.repository import Bank


class Drills:
    """The drills of an open bank.

    Args:
        bank: The open bank (read-only banks can be queried, not rated).
        clock: Where "now" comes from (the system clock by default).
        fuzz: Let FSRS fuzz intervals; tests turn it off for exact numbers.
        questions: Called for the questions a question card may use (built-in
            plus the user's by default).

    Attributes:
        deck: The cards and the daily queue.
        ledger: Ratings, undo and resets.
        faces: What to show for a card.
        interviews: Interview rounds.
        debriefs: What happened in a round, and what it changes.
        weak_spots: Every debrief and mock put together; the queue's priority.
        mocks: Mock interviews.
        flags: Stories marked "needs work".
        progress: Statistics.
        ahead: Drilling ahead of the schedule, by choice.
    """

    def __init__(
        self,
        bank: Bank,
        *,
        clock: Clock | None = None,
        fuzz: bool = True,
        questions: Callable[[], Sequence[Question]] | None = None,
    ) -> None:
        self.deck = Deck(bank, clock=clock, fuzz=fuzz, questions=questions)
        self.ledger = Ledger(self.deck)
        self.interviews = Interviews(self.deck)
        self.debriefs = Debriefs(self.deck, self.interviews)
        self.weak_spots = WeakSpotsService(self.deck)
        self.deck.priority = self.weak_spots.priority_cards
        self.mocks = Mocks(self.deck, self.interviews, self.debriefs, self.weak_spots)
        self.flags = Flags(self.deck)
        self.faces = Faces(self.deck, self.interviews, self.flags)
        self.progress = Progress(self.deck, self.interviews, self.flags)
        self.ahead = Ahead(self.deck)
        self.ledger.reconcile()

    def start_session(self, now: datetime | None = None) -> DrillSession:
        """A drill session: next card, rate, undo, summary."""
        return DrillSession(self.deck, self.faces, self.ledger, self.deck.at(now))

    def close(self) -> None:
        """Release the review log's file handle (the bank stays open)."""
        self.deck.close()

    def __enter__(self) -> Drills:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
