"""Drill cards: their ids, keeping them in step with the stories, and question choice.

A story has three kinds of card:

* ``recall:<story>`` — tell the story behind its title;
* ``question:<story>:<question>`` — a question that exercises the story's
  competencies: pick the story and outline it against the clock;
* ``followup:<story>:<key>`` — one per answered follow-up of the story, keyed
  by a short hash of the follow-up question, so reordering them keeps history.

Cards belong to a story id, not to its text: editing a story keeps its
history. :func:`plan_sync` works out what changes when stories change (a new
story gets cards, a deleted one has its cards suspended with their history
kept, a renamed one keeps its cards), and :func:`needs_reset_prompt` says when
an edit rewrote so much that starting the cards afresh should be offered.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from fsrs import Card, State
from fsrs.card import CardDict
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from storybank.core.models import SCAR_FIELDS, Question, Story
from storybank.core.text import words
from storybank.scheduling.clock import as_utc
from storybank.scheduling.fields import CardKind, CardOrigin, fold
from storybank.scheduling.fields import followup_key as followup_key
from storybank.scheduling.fields import recall_card_id as recall_card_id
from storybank.scheduling.models import CardRecord

FOLLOW_UP_PAIRING = 60.0
"""How alike (0-100) an edited follow-up question must be to keep its old card."""

REWRITE_SIMILARITY = 0.5
"""Below this word-level similarity an edit counts as a rewrite."""

REWRITE_MIN_WORDS = 15
"""A story shorter than this was a draft; rewriting it asks nothing."""

QUESTIONS_TRIED = 24
"""How many of the best-fitting questions are tried for a story's question card
before it is left without one (each try is a lookup, about a millisecond)."""


# -- ids -----------------------------------------------------------------------


def question_card_id(story_id: str, question_id: str) -> str:
    """The id of the card drilling ``question_id`` with ``story_id`` as its answer."""
    return f"question:{story_id}:{question_id}"


def followup_card_id(story_id: str, question: str) -> str:
    """The id of the card for one follow-up question of a story."""
    return f"followup:{story_id}:{followup_key(question)}"


def rekeyed_id(card_id: str, story_id: str) -> str:
    """``card_id`` moved to another story id (after a rename)."""
    kind, _, rest = card_id.partition(":")
    _, sep, tail = rest.partition(":")
    return f"{kind}:{story_id}{sep}{tail}"


def fsrs_card_id(card_id: str, taken: set[int] | frozenset[int] = frozenset()) -> int:
    """A stable 48-bit integer FSRS id derived from a string card id.

    Derived rather than time-based so the same card gets the same id in every
    bank, and FSRS never has to sleep to make ids unique. ``taken`` resolves
    the (astronomically unlikely) collision.
    """
    salt = 0
    while True:
        text = card_id if salt == 0 else f"{card_id}#{salt}"
        value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=6).digest())
        if value not in taken:
            return value
        salt += 1


# -- the runtime view of a card ------------------------------------------------


@dataclass(frozen=True)
class DrillCard:
    """A stored card with its FSRS state parsed.

    Attributes:
        record: The stored document.
        card: ``fsrs.Card.from_dict(record.fsrs)``.
    """

    record: CardRecord
    card: Card

    @classmethod
    def of(cls, record: CardRecord) -> DrillCard:
        """Parse a record's FSRS state."""
        return cls(record, Card.from_dict(record.fsrs))

    @property
    def id(self) -> str:
        """The string card id."""
        return self.record.id

    @property
    def story(self) -> str:
        """The story id."""
        return self.record.story

    @property
    def kind(self) -> CardKind:
        """Recall, question or follow-up."""
        return self.record.kind

    @property
    def is_new(self) -> bool:
        """Never reviewed."""
        return self.card.last_review is None

    @property
    def in_steps(self) -> bool:
        """In (re)learning steps: due at an exact time, minutes away."""
        return not self.is_new and self.card.state in (State.Learning, State.Relearning)

    @property
    def active(self) -> bool:
        """Not suspended."""
        return self.record.suspended is None

    @property
    def fsrs(self) -> CardDict:
        """The stored FSRS state, ``record.fsrs``."""
        return self.record.fsrs

    @property
    def introduced(self) -> datetime | None:
        """When the card was first reviewed (``None`` while new)."""
        return self.record.introduced

    @property
    def created(self) -> datetime:
        """When the card was made."""
        return self.record.created


def new_record(
    card_id: str,
    kind: CardKind,
    story: Story,
    now: datetime,
    *,
    taken: set[int],
    ref: str = "",
    prompt: str = "",
    origin: CardOrigin = "bank",
) -> CardRecord:
    """A fresh card for ``story`` (its FSRS id is added to ``taken``)."""
    now = as_utc(now)
    fsrs_id = fsrs_card_id(card_id, taken)
    taken.add(fsrs_id)
    return CardRecord(
        id=card_id,
        kind=kind,
        story=story.id,
        ref=ref,
        prompt=prompt,
        origin=origin,
        fsrs=Card(card_id=fsrs_id, due=now).to_dict(),
        created=now,
        story_created=story.created,
    )


# -- question choice -------------------------------------------------------------


def question_fit(story: Story, question: Question, framework_id: str) -> tuple[int, int, int]:
    """How well ``question`` exercises ``story``: higher sorts first.

    Compares competency tags: first in the active framework, then in the
    others; among equals a question with fewer tags is more specific.
    """
    main = len(set(story.tags_in(framework_id)) & set(question.competencies.get(framework_id, [])))
    other = sum(
        len(set(ids) & set(question.competencies.get(fw, [])))
        for fw, ids in story.competencies.items()
        if fw != framework_id
    )
    extra = sum(len(ids) for ids in question.competencies.values())
    return main, other, -extra


def choose_question(
    story: Story,
    questions: Iterable[Question],
    framework_id: str,
    taken: set[str] | frozenset[str] = frozenset(),
    answered_by: Callable[[Question], Collection[str]] | None = None,
) -> Question | None:
    """The question that best exercises ``story``'s competencies.

    Questions already drilled with another story (``taken``) are used only if
    nothing else fits; among equals, one on the story's first (main) tag wins.
    ``None`` when no question shares a competency with the story (an untagged
    story gets its question card once it is tagged).

    With ``answered_by`` (a question -> the ids of the stories the matcher
    accepts as answers to it), a question counts only if ``story`` is one of
    them: a card must never mark its own story as the odd one out. The
    :data:`QUESTIONS_TRIED` best-fitting questions are tried, in order; if
    the story answers none of them, it gets no question card.
    """
    tags = story.tags_in(framework_id)
    candidates: list[tuple[tuple[bool, int, int, int, int], str, Question]] = []
    for question in questions:
        main, other, extra = question_fit(story, question, framework_id)
        if main == 0 and other == 0:
            continue
        asked = set(question.competencies.get(framework_id, []))
        first = min((i for i, tag in enumerate(tags) if tag in asked), default=len(tags))
        key = (question.id not in taken, main, other, -first, extra)
        candidates.append((key, question.id, question))
    # Best key first; ties go to the smaller id, so the choice does not depend on list order.
    tried = 1 if answered_by is None else QUESTIONS_TRIED
    best = heapq.nsmallest(tried, candidates, key=lambda c: (_negated(c[0]), c[1]))
    if answered_by is None:
        return best[0][2] if best else None
    for _key, _id, question in best:
        if story.id in answered_by(question):
            return question
    return None


def _negated(key: tuple[bool, int, int, int, int]) -> tuple[int, ...]:
    """``key`` turned around, so that the best question sorts first."""
    return tuple(-int(part) for part in key)


# -- rewrites --------------------------------------------------------------------


def _telling_words(story: Story) -> list[str]:
    text = "\n".join([story.headline, *(getattr(story, name) for name in SCAR_FIELDS)])
    return [w.casefold() for w in words(text)]


def rewrite_similarity(old: Story, new: Story) -> float:
    """Word-level similarity (0-1) of the headline and SCAR fields of two versions."""
    return float(Indel.normalized_similarity(_telling_words(old), _telling_words(new)))


def needs_reset_prompt(old_story: Story, new_story: Story) -> bool:
    """Whether an edit changed most of the story, so starting its cards afresh should be offered.

    Editing never resets anything by itself; a draft (fewer than
    :data:`REWRITE_MIN_WORDS` words) can be rewritten without a question.
    """
    if len(_telling_words(old_story)) < REWRITE_MIN_WORDS:
        return False
    return rewrite_similarity(old_story, new_story) < REWRITE_SIMILARITY


# -- keeping cards in step with the stories ---------------------------------------


@dataclass
class SyncPlan:
    """What :func:`plan_sync` would change.

    Attributes:
        upsert: Records to store (new, restored, suspended or rekeyed).
        remove: Ids no longer used (a rekeyed card's old id).
        added: Ids of new cards.
        suspended: Ids of cards suspended now.
        restored: Ids of cards brought back.
        renamed: ``(old id, new id)`` of cards that moved.
        unquestioned: Tagged stories no question fitted, each with the
            questions other stories' cards drilled then (sorted ids; see
            :mod:`storybank.scheduling.question_choice`).
    """

    upsert: list[CardRecord] = field(default_factory=list)
    remove: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    suspended: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    unquestioned: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        """Nothing to change."""
        return not self.upsert and not self.remove


class _Work:
    """The card set while a plan is being made."""

    def __init__(self, cards: Mapping[str, CardRecord]) -> None:
        self.cards = dict(cards)
        self.plan = SyncPlan()
        self.taken = {r.fsrs_id for r in cards.values()}

    def of_story(self, story_id: str) -> list[CardRecord]:
        return [r for r in self.cards.values() if r.story == story_id]

    def put(self, record: CardRecord) -> None:
        self.cards[record.id] = record
        self.plan.upsert = [r for r in self.plan.upsert if r.id != record.id]
        self.plan.upsert.append(record)

    def add(self, record: CardRecord) -> None:
        self.put(record)
        self.plan.added.append(record.id)

    def move(self, record: CardRecord, **update: object) -> CardRecord:
        moved = record.model_copy(update=update)
        if moved.id != record.id:
            del self.cards[record.id]
            self.plan.upsert = [r for r in self.plan.upsert if r.id != record.id]
            if record.id in self.plan.added:
                self.plan.added[self.plan.added.index(record.id)] = moved.id
            else:
                self.plan.remove.append(record.id)
                self.plan.renamed.append((record.id, moved.id))
        self.put(moved)
        return moved

    def suspend(self, record: CardRecord, reason: str) -> None:
        if record.suspended is None:
            self.move(record, suspended=reason)
            self.plan.suspended.append(record.id)

    def restore(self, record: CardRecord, reason: str) -> CardRecord:
        if record.suspended == reason:
            self.plan.restored.append(record.id)
            return self.move(record, suspended=None)
        return record


def plan_sync(
    stories: Sequence[Story],
    cards: Mapping[str, CardRecord],
    now: datetime,
    *,
    framework_id: str,
    questions: Callable[[], Sequence[Question]],
    answers: Callable[[], Callable[[Question], Collection[str]]],
    recorded: Callable[[], Mapping[str, Sequence[str]] | None] = lambda: None,
) -> SyncPlan:
    """Work out how the cards must change to match the stories.

    Args:
        stories: Every story in the bank.
        cards: Every stored card by id.
        now: Stamp for new cards.
        framework_id: The active framework (question choice).
        questions: Called (at most once) for the questions a question card may
            use, only if some story needs one.
        answers: Called (at most once, only if some story needs a question
            card) for what tells which stories the matcher accepts as answers
            to a question; a question card is made only for one of them (see
            :func:`choose_question`).
        recorded: Called (at most once, only if some story needs a question
            card) for the stories an earlier sync found no question for, each
            with the questions other stories' cards drilled then (see
            :mod:`storybank.scheduling.question_choice`), or ``None``. Only a
            record made from the bank as it is now may be given: a story in it
            whose others' questions are the same now gets the same answer
            without asking the matcher again.
    """
    work = _Work(cards)
    present = {s.id for s in stories}
    _follow_renames(stories, work, present)
    pool: list[Sequence[Question]] = []

    judges: list[Callable[[Question], Collection[str]]] = []
    judged: dict[str, Collection[str]] = {}
    earlier: list[Mapping[str, Sequence[str]] | None] = []

    def unfitted_before(story_id: str, taken: list[str]) -> bool:
        if not earlier:
            earlier.append(recorded())
        found = earlier[0]
        return found is not None and story_id in found and list(found[story_id]) == taken

    def question_pool() -> Sequence[Question]:
        if not pool:
            pool.append(questions())
        return pool[0]

    def answered_by(question: Question) -> Collection[str]:
        if question.id not in judged:
            if not judges:
                judges.append(answers())
            judged[question.id] = judges[0](question)
        return judged[question.id]

    def wants_question(story: Story) -> bool:
        return bool(story.competencies) and not any(
            r.kind == "question" and r.origin == "bank" for r in work.of_story(story.id)
        )

    def choose_for(story: Story) -> bool:
        """Make the story's question card, if one fits; whether a card was made."""
        taken = {
            r.ref
            for r in work.cards.values()
            if r.kind == "question" and r.story != story.id and r.suspended is None
        }
        others = sorted(taken)
        # The same story, questions, matcher and taken questions as when the
        # record was made: choose_question would find nothing again.
        if unfitted_before(story.id, others):
            work.plan.unquestioned[story.id] = others
            return False
        chosen = choose_question(story, question_pool(), framework_id, taken, answered_by)
        if chosen is None:
            work.plan.unquestioned[story.id] = others
            return False
        work.plan.unquestioned.pop(story.id, None)
        card_id = question_card_id(story.id, chosen.id)
        if card_id in work.cards:
            return False
        work.add(
            new_record(
                card_id,
                "question",
                story,
                now,
                taken=work.taken,
                ref=chosen.id,
                prompt=chosen.text,
            )
        )
        return True

    for story in stories:
        records = work.of_story(story.id)
        for record in records:
            work.restore(record, "story-deleted")
        if recall_card_id(story.id) not in work.cards:
            work.add(new_record(recall_card_id(story.id), "recall", story, now, taken=work.taken))
        _sync_followups(story, work, now)
        if wants_question(story):
            choose_for(story)
    for record in list(work.cards.values()):
        if record.story not in present:
            work.suspend(record, "story-deleted")
    # A card made above, or one suspended, changes the questions the stories
    # before it counted as taken, so a second sync could choose differently.
    # Choose again until nothing changes: the next sync then has nothing to do,
    # and what it would conclude of the stories no question fits is known now.
    added = bool(work.plan.unquestioned)
    while added:
        added = False
        for story in stories:
            if wants_question(story):
                added = choose_for(story) or added
    return work.plan


def _follow_renames(stories: Sequence[Story], work: _Work, present: set[str]) -> None:
    """Give a story with no cards the cards of a vanished story made at the same instant."""
    owners = {r.story for r in work.cards.values()}
    vanished = owners - present
    for story in stories:
        if story.id in owners or not vanished:
            continue
        matches = [
            old
            for old in sorted(vanished)
            if any(r.story_created == story.created for r in work.of_story(old))
        ]
        if len(matches) != 1:
            continue
        old = matches[0]
        vanished.discard(old)
        for record in work.of_story(old):
            work.move(record, id=rekeyed_id(record.id, story.id), story=story.id)


def _sync_followups(story: Story, work: _Work, now: datetime) -> None:
    existing = {r.ref: r for r in work.of_story(story.id) if r.kind == "followup"}
    wanted: dict[str, str] = {}
    for item in story.follow_ups:
        key = followup_key(item.question)
        # A follow-up with no answer yet (one you could not answer in an
        # interview) gets its card once the answer is written; one that
        # already has a card keeps it.
        if item.answer.strip() or key in existing:
            wanted.setdefault(key, item.question)
    for key, text in wanted.items():
        if key in existing:
            record = work.restore(existing[key], "follow-up-removed")
            if record.prompt != text:
                work.move(record, prompt=text)
    spare = [r for key, r in existing.items() if key not in wanted]
    for key, text in wanted.items():
        if key in existing:
            continue
        scored = [(fuzz.ratio(fold(r.prompt), fold(text)), r) for r in spare]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= FOLLOW_UP_PAIRING:
            # A light edit of the question: keep the card and its history.
            spare.remove(best[1])
            record = work.restore(best[1], "follow-up-removed")
            work.move(record, id=followup_card_id(story.id, text), ref=key, prompt=text)
            continue
        card_id = followup_card_id(story.id, text)
        work.add(
            new_record(card_id, "followup", story, now, taken=work.taken, ref=key, prompt=text)
        )
    for record in spare:
        work.suspend(record, "follow-up-removed")
