"""Debriefs: what a round's debrief records and what it changes in the bank and the drills."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from scheduling.drill_helpers import QUESTIONS, story
from storybank.checks import check_story
from storybank.core.models import FollowUp, Question
from storybank.errors import StorybankError
from storybank.matching.results import CompetencyScore, MatchResult, StoryMatch
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.debriefs import (
    FIT_SCORE,
    FutureRound,
    QuestionEntry,
    RoundNotes,
    follow_up_sources,
)
from storybank.scheduling.drills import Drills
from storybank.scheduling.models import AskedFollowUp, Rubric
from storybank.scheduling.store import DrillStore
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]

CONFLICT = "Tell me about a time you pushed back on a senior stakeholder."
VAGUE = "How do you handle a team member who is not pulling their weight?"
INDEX = "How do you design a database index?"


class Scripted:
    """A matcher that answers from a table: question → ranked (story, score), good match."""

    def __init__(self, table: dict[str, tuple[list[tuple[str, int]], bool]]) -> None:
        self.table = table

    def match(self, question: str, top: int = 5) -> MatchResult:
        ranked, good = self.table[question]
        stories = [StoryMatch(story_id, story_id, score) for story_id, score in ranked]
        return MatchResult(question, "tpm", [], stories[:top], [], good)

    def competencies_for(self, question: str, top: int | None = None) -> list[CompetencyScore]:
        scores = {
            CONFLICT: [CompetencyScore("conflict", "Conflict and disagreement", 78)],
            VAGUE: [CompetencyScore("cross-functional-leadership", "Cross-functional", 38)],
            INDEX: [CompetencyScore("technical-depth", "Technical depth", 37)],
        }
        return scores.get(question, [])


MATCHER = Scripted(
    {
        CONFLICT: ([("a", 100), ("b", 67)], True),
        # The best story only shares a tag with a vague question: a weak fit.
        VAGUE: ([("b", 51), ("a", 51)], True),
        INDEX: ([("a", 20)], False),
    }
)


@pytest.fixture
def drills(make_bank: MakeBank, open_drills: OpenDrills) -> Drills:
    bank = make_bank(
        story("a", competencies={"tpm": ["conflict"]}), story("b", competencies={"tpm": []})
    )
    return open_drills(bank)


def past_round(drills: Drills, company: str = "Acme", round_name: str = "onsite") -> str:
    """A round held four days before the test clock's today (2025-03-01)."""
    return drills.interviews.add(company, date(2025, 2, 25), round_name).id


def test_a_full_debrief_records_every_answer_and_the_round(drills: Drills) -> None:
    round_id = past_round(drills)
    notes = RoundNotes(
        confident="The capacity story.",
        struggled="Numbers, again.",
        disengaged="The second interviewer was on his phone.",
        outcome="rejected",
        feedback='  "We did not hear [bold]your[/] decisions."\n',
    )
    result = drills.debriefs.debrief(
        round_id,
        [
            QuestionEntry(
                CONFLICT,
                story="a",
                went="shaky",
                follow_ups=[
                    AskedFollowUp(text="How did the directors agree?", answered=True),
                    AskedFollowUp(text="What would the search team say?", answered=False),
                ],
                note="Rushed the Result.",
            ),
            QuestionEntry(VAGUE, story=None, went="blank"),
        ],
        notes,
        matcher=MATCHER,
    )
    saved = drills.interviews.get(round_id)
    assert saved.outcome == "rejected"
    assert saved.feedback == '  "We did not hear [bold]your[/] decisions."\n'  # word for word
    assert (saved.confident, saved.struggled) == ("The capacity story.", "Numbers, again.")
    assert saved.disengaged == "The second interviewer was on his phone."
    assert saved.told == ["a"]
    first, second = saved.questions
    assert (first.story, first.went, first.best, first.competency) == (
        "a",
        "shaky",
        "a",
        "conflict",
    )
    assert first.unanswered == ["What would the search team say?"]
    assert first.note == "Rushed the Result."
    assert first.themes  # what the matcher read in it, for recurring themes
    assert (second.story, second.went, second.gap) == (None, "blank", True)
    assert [g.question for g in result.gaps] == [VAGUE]
    assert result.gaps[0].competency == "cross-functional-leadership"


def test_a_shaky_answer_makes_a_question_card_due_the_next_drill_day(
    drills: Drills, clock: FixedClock
) -> None:
    round_id = past_round(drills)
    result = drills.debriefs.debrief(
        round_id, [QuestionEntry(CONFLICT, story="a", went="shaky")], matcher=MATCHER
    )
    card_id = result.cards_due_tomorrow[0]
    assert card_id.startswith("question:a:") and result.cards_added == [card_id]
    card = drills.deck.card(card_id)
    calendar = drills.deck.calendar
    tomorrow = calendar.start_of(calendar.day_of(clock.now()) + timedelta(days=1))
    assert card.card.due == tomorrow and card.record.origin == "interview"
    # Not today (the new-card limit has room for it): tomorrow, first of the new cards.
    assert card_id not in {i.card_id for i in drills.deck.queue().items}
    clock.set(tomorrow)
    assert drills.deck.queue().items[0].card_id == card_id


def test_a_shaky_answer_brings_an_existing_card_forward(drills: Drills, clock: FixedClock) -> None:
    first = past_round(drills, "Acme")
    made = drills.debriefs.debrief(
        first, [QuestionEntry(CONFLICT, story="a", went="strong")], matcher=MATCHER
    )
    card_id = made.cards_added[0]
    drills.ledger.review(card_id, 4)
    assert drills.deck.card(card_id).card.due > clock.now() + timedelta(days=3)
    second = past_round(drills, "Globex", "phone screen")
    again = drills.debriefs.debrief(
        second, [QuestionEntry(CONFLICT, story="a", went="blank")], matcher=MATCHER
    )
    assert again.cards_added == [] and again.cards_due_tomorrow == [card_id]
    card = drills.deck.card(card_id)
    assert card.card.due.astimezone(clock.tz).date() == date(2025, 3, 2)
    assert card.card.stability is not None  # its history is kept


def test_an_unanswered_follow_up_joins_the_story_and_a_check_names_the_round(
    drills: Drills,
) -> None:
    round_id = past_round(drills)
    asked = AskedFollowUp(text="What would the search team say?", answered=False)
    result = drills.debriefs.debrief(
        round_id,
        [QuestionEntry(CONFLICT, story="a", went="ok", follow_ups=[asked])],
        matcher=MATCHER,
    )
    assert [(f.story, f.question) for f in result.follow_ups_added] == [
        ("a", "What would the search team say?")
    ]
    story_a = drills.deck.bank.get_story("a")
    assert story_a.follow_ups[-1] == FollowUp(question="What would the search team say?", answer="")
    # No card until it has an answer.
    assert not [c for c in drills.deck.cards_of("a") if c.kind == "followup"]
    sources = follow_up_sources(drills.interviews.all())
    findings = check_story(story_a, asked_in=sources["a"])
    [finding] = [f for f in findings if f.id == "story-unanswered-follow-ups"]
    assert finding.message == (
        "Unanswered follow-up from Acme, onsite: 'What would the search team say?'"
    )
    answered = story_a.model_copy(
        update={"follow_ups": [FollowUp(question=asked.text, answer="That I listened.")]}
    )
    drills.deck.bank.save_story(answered)
    assert [c.kind for c in drills.deck.cards_of("a") if c.kind == "followup"] == ["followup"]
    assert not [f for f in check_story(answered) if f.id == "story-unanswered-follow-ups"]


def test_a_weak_fit_is_a_gap_not_an_answer(drills: Drills) -> None:
    round_id = past_round(drills)
    result = drills.debriefs.log(round_id, [QuestionEntry(VAGUE)], matcher=MATCHER)
    assert result.answered == [] and result.cards_added == []
    [gap] = result.gaps
    assert gap.question == VAGUE and gap.closest == "b"
    assert gap.competency_name == "Cross-functional"
    saved = drills.interviews.get(round_id).questions[0]
    assert saved.gap and saved.score is not None and saved.score < FIT_SCORE
    # The guess was not sure enough to become the saved question's label.
    [mine] = [q for q in drills.deck.bank.questions() if q.text == VAGUE]
    assert mine.competencies == {}


def test_a_weak_fit_that_felt_fine_is_still_a_gap(drills: Drills) -> None:
    # The story told went well, but the matcher does not read it as answering
    # the question: the competency stays uncovered, and no ✓ names the story.
    round_id = past_round(drills)
    result = drills.debriefs.log(
        round_id, [QuestionEntry(VAGUE, story="a", went="strong")], matcher=MATCHER
    )
    assert result.answered == [] and result.cards_added == []
    [gap] = result.gaps
    assert gap.competency_name == "Cross-functional" and gap.closest == "b"
    assert drills.interviews.get(round_id).questions[0].gap
    assert drills.weak_spots.compute().plan[0].kind == "write"


def test_a_good_fit_is_an_answer_with_a_card(drills: Drills) -> None:
    round_id = past_round(drills)
    result = drills.debriefs.log(round_id, [QuestionEntry(CONFLICT)], matcher=MATCHER)
    assert result.answered == [(CONFLICT, "a")] and result.gaps == []
    [mine] = [q for q in drills.deck.bank.questions() if q.text == CONFLICT]
    assert mine.competencies == {"tpm": ["conflict"]}


def test_another_story_that_fits_better_is_named(drills: Drills) -> None:
    round_id = past_round(drills)
    result = drills.debriefs.log(
        round_id, [QuestionEntry(CONFLICT, story="b", went="shaky")], matcher=MATCHER
    )
    assert result.better_story == [(CONFLICT, "b", "a")]
    # The card drills the story that answers the question.
    assert result.cards_due_tomorrow[0].startswith("question:a:")


def test_saving_a_debrief_twice_does_nothing_twice(drills: Drills) -> None:
    round_id = past_round(drills)
    entry = QuestionEntry(
        CONFLICT,
        story="a",
        went="shaky",
        follow_ups=[AskedFollowUp(text="Why then?", answered=False)],
    )
    first = drills.debriefs.debrief(round_id, [entry], matcher=MATCHER)
    again = drills.debriefs.debrief(round_id, [entry], matcher=MATCHER)
    assert first.cards_added and again.cards_added == [] and again.follow_ups_added == []
    assert [f.question for f in drills.deck.bank.get_story("a").follow_ups].count("Why then?") == 1
    # A note changes only the note.
    noted = drills.debriefs.debrief(
        round_id,
        [QuestionEntry(**{**entry.__dict__, "note": "Better next time."})],
        matcher=MATCHER,
    )
    assert noted.interview.questions[0].note == "Better next time."
    assert noted.interview.questions[0].card == first.interview.questions[0].card


def test_logging_a_question_again_adds_to_what_was_said(drills: Drills) -> None:
    round_id = past_round(drills)
    drills.debriefs.log(round_id, [QuestionEntry(CONFLICT, story="a")], matcher=MATCHER)
    drills.debriefs.log(
        round_id,
        [QuestionEntry(CONFLICT, went="shaky", follow_ups=[AskedFollowUp(text="Why?")])],
        matcher=MATCHER,
    )
    [asked] = drills.interviews.get(round_id).questions
    assert (asked.story, asked.went, [f.text for f in asked.follow_ups]) == ("a", "shaky", ["Why?"])


def test_a_round_not_yet_held_is_debriefed_only_when_confirmed(drills: Drills) -> None:
    ahead = drills.interviews.add("Acme", date(2025, 3, 5), "onsite")
    with pytest.raises(FutureRound, match="in 4 days, not yet held"):
        drills.debriefs.log(ahead.id, [QuestionEntry(CONFLICT)], matcher=MATCHER)
    with pytest.raises(FutureRound):
        drills.debriefs.outcome(ahead.id, "rejected")
    assert drills.debriefs.outcome(ahead.id, "pending").outcome == "pending"
    logged = drills.debriefs.log(
        ahead.id, [QuestionEntry(CONFLICT)], matcher=MATCHER, allow_future=True
    )
    assert logged.interview.questions


def test_outcome_keeps_the_feedback_word_for_word(drills: Drills) -> None:
    round_id = past_round(drills)
    text = "Line one.\n  [/] [link=https://e]two[/link]\n"
    saved = drills.debriefs.outcome(round_id, "rejected", text)
    assert drills.interviews.get(round_id).feedback == text == saved.feedback
    assert drills.debriefs.outcome(round_id, "offer").feedback == text  # kept when not given


def test_unknown_story_in_a_debrief_changes_nothing(drills: Drills) -> None:
    round_id = past_round(drills)
    before = drills.interviews.get(round_id)
    with pytest.raises(StorybankError, match="no story with id 'ghost'"):
        drills.debriefs.debrief(round_id, [QuestionEntry(CONFLICT, story="ghost")], matcher=MATCHER)
    assert drills.interviews.get(round_id) == before
    assert drills.deck.bank.questions() == []


def test_practice_rounds_never_cram_nor_count_as_told(drills: Drills) -> None:
    practice = drills.interviews.add("Acme", date(2025, 3, 1), "mock", kind="practice")
    drills.debriefs.log(
        practice.id,
        [
            QuestionEntry(
                CONFLICT,
                story="a",
                went="ok",
                rubric=Rubric.model_validate(
                    dict.fromkeys(
                        (
                            "structure",
                            "ownership",
                            "complications",
                            "quantified",
                            "lesson",
                            "composure",
                        ),
                        3,
                    )
                ),
            )
        ],
        matcher=MATCHER,
    )
    assert drills.interviews.next() is None and drills.deck.cram_target() is None
    assert drills.interviews.told_to("Acme") == {}


def test_editing_and_deleting_a_round(drills: Drills, bank_file: object) -> None:
    round_id = past_round(drills)
    updated = drills.interviews.update(
        round_id, company="Acme Corp", day=date(2025, 2, 26), round_name="bar raiser"
    )
    assert (updated.id, updated.company, updated.round) == (round_id, "Acme Corp", "bar raiser")
    with pytest.raises(StorybankError, match="company"):
        drills.interviews.update(round_id, company=" ")
    drills.interviews.delete(round_id)
    assert drills.interviews.all() == []
    with pytest.raises(StorybankError, match="no interview"):
        drills.interviews.delete(round_id)


def test_weak_competencies_put_their_question_cards_first(
    make_bank: MakeBank, clock: FixedClock
) -> None:
    questions = [
        *QUESTIONS,
        Question(
            id="q-conflict-2",
            text=CONFLICT,
            competencies={"tpm": ["conflict"]},
            source="builtin",
        ),
    ]
    bank = make_bank(
        story("a", competencies={"tpm": ["program-execution"]}),
        story("c", competencies={"tpm": ["conflict"]}),
    )
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: questions)
    try:
        order = [i.card_id for i in drills.deck.queue().items]
        assert order[0] == "recall:a"
        round_id = drills.interviews.add("Acme", date(2025, 2, 25)).id
        drills.debriefs.log(
            round_id, [QuestionEntry(CONFLICT, story="a", went="blank")], matcher=MATCHER
        )
        assert drills.weak_spots.weak_competencies() == ["conflict"]
        first = drills.deck.queue().items[0]
        assert first.card_id == "question:c:q-conflict" and first.reason == "new"
    finally:
        drills.close()


def test_a_bank_from_before_debriefs_is_upgraded(bank_file: Path) -> None:
    """Version 1 named the matcher's best story in ``story``; it moves to ``best``."""
    legacy = {
        "_meta": {"1": {"schema_version": 1}},
        "interviews": {
            "1": {
                "id": "acme-2025-02-25",
                "company": "Acme",
                "date": "2025-02-25",
                "told": ["a"],
                "created": "2025-02-20T10:00:00+00:00",
                "questions": [
                    {"text": "Why us?", "story": "a", "score": 80.0, "gap": False},
                    {"text": "A conflict?", "story": "b", "score": 30.0, "gap": True},
                ],
            }
        },
    }
    bank_file.parent.mkdir(parents=True)
    bank_file.write_text(json.dumps(legacy))
    with Bank.open(bank_file) as bank:
        [interview] = DrillStore(bank).interviews()
        assert (interview.kind, interview.outcome) == ("interview", "pending")
        first, second = interview.questions
        assert (first.story, first.best) == ("a", "a")  # told in that round
        assert (second.story, second.best) == (None, "b")  # only the closest
        bank.save_settings(bank.settings)
    assert json.loads(bank_file.read_text())["_meta"]["1"]["schema_version"] == 2


def test_a_debrief_the_disk_refuses_changes_nothing(
    drills: Drills, bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_id = past_round(drills)
    drills.deck.queue()
    before = bank_file.read_bytes()
    entry = QuestionEntry(
        CONFLICT, story="a", went="blank", follow_ups=[AskedFollowUp(text="Why?", answered=False)]
    )

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        with pytest.raises(StorybankError, match="could not save"):
            drills.debriefs.debrief(round_id, [entry], matcher=MATCHER)
    assert bank_file.read_bytes() == before
    assert drills.interviews.get(round_id).questions == []
    assert drills.deck.bank.get_story("a").follow_ups == []
    assert not [c for c in drills.deck.cards() if c.record.origin == "interview"]
    saved = drills.debriefs.debrief(round_id, [entry], matcher=MATCHER)
    assert saved.cards_added and saved.follow_ups_added
