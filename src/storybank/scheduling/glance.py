"""The drills at a glance: the queue of a bank read without the models.

``storybank due`` runs on every shell prompt of the people who put it there,
so it must cost little more than starting Python. The drills proper
(:class:`~storybank.scheduling.drills.Drills`) validate every card with the
pydantic models, bring the cards in step with the stories and repair a rating
a crash cut short; importing and building those models alone costs more than
the rest of the command.

:func:`glance_drills` reads the same tables from a bank snapshot
(:mod:`storybank.storage.snapshot`) and gives the same queue, built by the
same :func:`~storybank.scheduling.queue.build_queue`, when it can vouch that
the drills would see exactly these cards:

* every card and interview is canonical (:mod:`storybank.scheduling.canonical`);
* the cards are already in step with the stories (:func:`in_step`): the sync
  the drills make first would change nothing;
* the review log's last line leaves nothing to repair
  (:func:`~storybank.scheduling.repair.pending_repair`).

Otherwise it returns ``None`` and the caller opens the drills the full way.
Nothing here imports pydantic or reads more of the review log than its last lines.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import Any

from fsrs import Card, Scheduler, State
from fsrs.card import CardDict

from storybank.core.records import StoryRecord, parse_stored_utc
from storybank.paths import frameworks_dir
from storybank.scheduling import canonical, question_choice
from storybank.scheduling.clock import Calendar, as_utc
from storybank.scheduling.fields import CardKind, followup_key, recall_card_id
from storybank.scheduling.question_choice import Unquestioned
from storybank.scheduling.queue import DailyQueue, build_queue, cram_target
from storybank.scheduling.repair import pending_repair
from storybank.scheduling.review_log import ReviewLogFile, legacy_log_path, log_path
from storybank.storage.snapshot import BankSnapshot

CARDS = "cards"
INTERVIEWS = "interviews"
META = "drill_meta"
META_ID = "1"


def _moment(value: str | None) -> datetime | None:
    return None if value is None else parse_stored_utc(value)


class GlanceCard:
    """A stored card read without the models (what :class:`DrillCard` offers the queue)."""

    __slots__ = (
        "active",
        "card",
        "created",
        "fsrs",
        "fsrs_id",
        "id",
        "in_steps",
        "introduced",
        "is_new",
        "kind",
        "origin",
        "prompt",
        "ref",
        "story",
        "suspended",
    )

    def __init__(self, document: Mapping[str, Any]) -> None:
        """The card of a document :func:`storybank.scheduling.canonical.card` accepted."""
        self.id: str = document["id"]
        self.kind: CardKind = document["kind"]
        self.story: str = document["story"]
        self.ref: str = document["ref"]
        self.prompt: str = document["prompt"]
        self.origin: str = document["origin"]
        self.fsrs: CardDict = document["fsrs"]
        self.card = Card.from_dict(self.fsrs)
        self.introduced = _moment(document["introduced"])
        self.suspended: str | None = document["suspended"]
        self.created = parse_stored_utc(document["created"])
        # Fixed for the card's life, and read for every card each time a queue
        # is built: worked out once here rather than as properties.
        self.fsrs_id: int = self.fsrs["card_id"]
        """The integer id of the FSRS card."""
        self.is_new = self.card.last_review is None
        """Never reviewed."""
        self.in_steps = not self.is_new and self.card.state in (State.Learning, State.Relearning)
        """In (re)learning steps."""
        self.active = self.suspended is None
        """Not suspended."""


class GlanceInterview:
    """An interview as cram mode reads it, without the models."""

    __slots__ = ("created", "date", "id", "is_practice", "label")

    def __init__(self, document: Mapping[str, Any]) -> None:
        """The interview of a document :func:`storybank.scheduling.canonical.interview` accepted."""
        self.id: str = document["id"]
        self.date = date.fromisoformat(document["date"])
        self.created: str = document["created"]
        """As stored: the drills take the first of two rounds on a day by this text."""
        self.is_practice: bool = document.get("kind", "interview") == "practice"
        label = f"{document['company']}, {self.date.isoformat()}"
        round_name = document.get("round", "")
        self.label = f"{label} ({round_name})" if round_name else label


class DrillsGlance:
    """The cards and interviews of a bank, as the drills would see them.

    Attributes:
        settings: The bank's settings, as stored.
        story_order: Every story id, oldest story first.
        cards: Every card by id, in stored order.
        interviews: Every interview, by date (as the drills sort them).
        in_order: Whether the queue's items come in the Drill screen's order
            too. ``False`` when logged rounds may make weak spots, whose
            question cards the drills bring first: that reorders the queue
            and may pick another card of the same story, but never changes
            which stories are in it or how many cards of each reason, so the
            counts (all ``storybank due`` prints) are the same either way.
    """

    def __init__(
        self,
        settings: Mapping[str, Any],
        story_order: list[str],
        cards: dict[str, GlanceCard],
        interviews: list[GlanceInterview],
        *,
        in_order: bool,
    ) -> None:
        self.settings = settings
        self.story_order = story_order
        self.cards = cards
        self.interviews = interviews
        self.in_order = in_order

    def calendar(self, tz: tzinfo) -> Calendar:
        """The drill calendar in zone ``tz`` (as :attr:`Deck.calendar` makes it)."""
        return Calendar(tz, self.settings["rollover_hour"])

    def queue(self, now: datetime, calendar: Calendar) -> DailyQueue:
        """What :meth:`~storybank.scheduling.deck.Deck.queue` gives at ``now``.

        See :attr:`in_order`.
        """
        settings = self.settings
        at = as_utc(now)
        scheduler = Scheduler(
            desired_retention=settings["desired_retention"],
            maximum_interval=settings["maximum_interval"],
            enable_fuzzing=False,
        )
        return build_queue(
            list(self.cards.values()),
            now=at,
            calendar=calendar,
            scheduler=scheduler,
            new_limit=settings["new_cards_per_day"],
            story_order=self.story_order,
            cram=cram_target(self.interviews, calendar, at),
        )


Vouched = dict[str, Any]
"""What :func:`vouch` leaves of a bank: plain JSON, so it can be kept between runs.

``{"settings": {...}, "stories": [id, ...], "cards": [card document, ...],
"interviews": [interview document, ...], "meta": {drill meta document}}``.
"""


def glance_drills(snapshot: BankSnapshot) -> DrillsGlance | None:
    """The drills of a snapshot, or ``None`` if they must be opened the full way (see above)."""
    vouched = vouch(snapshot)
    return None if vouched is None else from_vouched(vouched, snapshot.path)


def vouch(snapshot: BankSnapshot) -> Vouched | None:
    """What the queue needs of a snapshot, if the drills would see exactly that (see above).

    This is the part that reads every document; whether a rating needs
    repair is left to :func:`from_vouched`, since it depends on the review
    log, not on the bank.
    """
    documents = snapshot.table(CARDS)
    interviews = snapshot.table(INTERVIEWS)
    if not all(canonical.card(d) for d in documents):
        return None
    if not all(canonical.interview(d) for d in interviews):
        return None
    cards = {card.id: card for card in map(GlanceCard, documents)}
    if len(cards) != len(documents) or not in_step(
        snapshot.stories, cards, unquestioned=lambda: _unquestioned(snapshot)
    ):
        return None
    meta = snapshot.data.get(META, {}).get(META_ID)
    return {
        "settings": snapshot.settings,
        "stories": [story.id for story in snapshot.stories],
        "cards": documents,
        "interviews": [
            {key: d[key] for key in _INTERVIEW_KEYS if key in d}
            | {
                "questions": [q for q in d.get("questions", []) if q.get("competency") is not None][
                    :1
                ]
            }
            for d in interviews
        ],
        "meta": meta if isinstance(meta, dict) else {},
    }


_INTERVIEW_KEYS = ("id", "date", "created", "kind", "company", "round")
"""What cram mode reads of an interview; of its questions, only whether one names a
competency is kept (see :func:`~storybank.scheduling.canonical.weak_spots_possible`)."""


def from_vouched(vouched: Vouched, bank_path: Path) -> DrillsGlance | None:
    """The glance of what :func:`vouch` kept, or ``None`` if the review log calls for a repair."""
    cards = {card.id: card for card in map(GlanceCard, vouched["cards"])}
    meta = vouched["meta"]
    token = meta.get("log_token")
    head = meta.get("log_head")
    log = ReviewLogFile(
        log_path(bank_path),
        token if isinstance(token, str) else None,
        read_only=True,
        legacy=legacy_log_path(bank_path),
    )
    by_fsrs_id = {card.fsrs_id: card for card in reversed(cards.values())}
    repair = pending_repair(
        log,
        by_fsrs_id.get,
        head_known="log_head" in meta,
        head=head if isinstance(head, str) else None,
    )
    if repair is not None:
        return None
    interviews = vouched["interviews"]
    ordered = sorted(map(GlanceInterview, interviews), key=lambda i: (i.date, i.created, i.id))
    in_order = not canonical.weak_spots_possible(interviews)
    return DrillsGlance(vouched["settings"], vouched["stories"], cards, ordered, in_order=in_order)


def _unquestioned(snapshot: BankSnapshot) -> Unquestioned | None:
    """What the last sync wrote down of this very bank's stories no question fitted."""
    key = question_choice.bank_key(
        snapshot.story_documents,
        snapshot.questions,
        snapshot.settings["framework"],
        frameworks_dir(snapshot.path),
    )
    return question_choice.read_record(question_choice.record_path(snapshot.path), key)


def in_step(
    stories: Sequence[StoryRecord],
    cards: Mapping[str, GlanceCard],
    *,
    unquestioned: Callable[[], Unquestioned | None] = lambda: None,
) -> bool:
    """Whether :func:`storybank.scheduling.cards.plan_sync` would change nothing.

    ``True`` only when that is sure; some banks in step get ``False``, which
    costs only the full way.

    Args:
        stories: Every story.
        cards: Every card by id.
        unquestioned: Gives the record of the tagged stories the last sync
            found no question for (see :mod:`storybank.scheduling.question_choice`),
            when it was made from this bank as it is now; called only if a
            tagged story has no question card. A story in it is in step when
            the questions other stories' cards drill are the ones it names.
    """
    present = {story.id for story in stories}
    record: list[Unquestioned | None] = []
    # The questions active cards drill, sorted, and those only one story
    # drills, made once: a story's view of the questions taken by the others
    # is then every one less its own, not a pass over every card per story.
    every: list[str] = []
    only: dict[str, set[str]] = {}

    def none_fitted(story_id: str) -> bool:
        if not record:
            record.append(unquestioned())
            drilled_by: dict[str, set[str]] = {}
            for card in cards.values():
                if card.kind == "question" and card.suspended is None:
                    drilled_by.setdefault(card.ref, set()).add(card.story)
            every.extend(sorted(drilled_by))
            for ref, owners in drilled_by.items():
                if len(owners) == 1:
                    only.setdefault(next(iter(owners)), set()).add(ref)
        known = record[0]
        if known is None or story_id not in known:
            return False
        own = only.get(story_id)
        taken = every if not own else [ref for ref in every if ref not in own]
        return known[story_id] == taken

    by_story: dict[str, list[GlanceCard]] = {}
    for card in cards.values():
        by_story.setdefault(card.story, []).append(card)
        if card.story not in present and card.suspended is None:
            return False  # its story is gone: the sync suspends it
    for story in stories:
        mine = by_story.get(story.id, [])
        recall = cards.get(recall_card_id(story.id))
        if recall is None or recall.story != story.id:
            return False  # the sync makes its recall card
        if any(card.suspended == "story-deleted" for card in mine):
            return False  # the story is back: the sync restores its cards
        if (
            story.competencies
            and not any(card.kind == "question" and card.origin == "bank" for card in mine)
            and not none_fitted(story.id)
        ):
            return False  # the sync may choose a question for it
        existing = {card.ref: card for card in mine if card.kind == "followup"}
        wanted: dict[str, str] = {}
        for item in story.follow_ups:
            key = followup_key(item.question)
            # As the sync: a follow-up gets its card once it has an answer.
            if item.answer.strip() or key in existing:
                wanted.setdefault(key, item.question)
        for key, question in wanted.items():
            known = existing.get(key)
            if known is None or known.suspended == "follow-up-removed" or known.prompt != question:
                return False  # a new, restored or reworded follow-up
        if any(spare.suspended is None for key, spare in existing.items() if key not in wanted):
            return False  # a follow-up was removed: the sync suspends its card
    return True
