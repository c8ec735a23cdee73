"""Interviews: recording, logging rounds, repeat warnings, question cards and gaps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from scheduling.drill_helpers import story
from storybank.core.models import slugify
from storybank.errors import StorybankError
from storybank.matching.results import CompetencyScore, MatchResult, StoryMatch
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.debriefs import QuestionEntry
from storybank.scheduling.drills import Drills
from storybank.scheduling.interviews import interview_slug, parse_interview_date
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


class ScriptedMatcher:
    """A matcher that answers from a table (question → (story id, good match))."""

    def __init__(self, answers: dict[str, tuple[str | None, bool]]) -> None:
        self.answers = answers

    def match(self, question: str, top: int = 5) -> MatchResult:
        story_id, good = self.answers[question]
        stories = [] if story_id is None else [StoryMatch(story_id, "t", 70 if good else 20)]
        return MatchResult(question, "tpm", [], stories[:top], [], good)

    def competencies_for(self, question: str, top: int | None = None) -> list[CompetencyScore]:
        return [CompetencyScore("conflict", "Conflict", 80)]


def test_interview_ids_are_readable_and_unique(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank())
    first = drills.interviews.add("Acme Corp", date(2025, 3, 14), "Onsite loop")
    second = drills.interviews.add("Acme Corp", date(2025, 3, 14), "Onsite loop")
    assert first.id == "acme-corp-2025-03-14-onsite-loop"
    assert second.id == "acme-corp-2025-03-14-onsite-loop-2"
    assert interview_slug("株式会社", date(2025, 1, 2)) == "interview-2025-01-02"
    assert len(interview_slug("x" * 200, date(2025, 1, 2), "y" * 200)) <= 56


def test_interviews_are_listed_by_date_and_the_next_one_is_found(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank())
    drills.interviews.add("Later", date(2025, 4, 1))
    drills.interviews.add("Past", date(2025, 2, 1))
    drills.interviews.add("Today", date(2025, 3, 1))
    assert [i.company for i in drills.interviews.all()] == ["Past", "Today", "Later"]
    upcoming = drills.interviews.next()
    assert upcoming is not None and upcoming.company == "Today"


def test_blank_company_and_bad_dates_are_refused(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank())
    with pytest.raises(StorybankError, match="company"):
        drills.interviews.add("  ", date(2025, 3, 1))
    with pytest.raises(StorybankError, match="not a date"):
        parse_interview_date("14/03/2025")
    assert parse_interview_date(" 2025-03-14 ") == date(2025, 3, 14)


def test_logging_warns_when_a_story_was_told_to_the_company_before(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    screen = drills.interviews.add("Acme", date(2025, 3, 3), "phone screen")
    onsite = drills.interviews.add("ACME ", date(2025, 3, 10), "onsite")
    other = drills.interviews.add("Globex", date(2025, 3, 11))
    log = drills.debriefs.log
    first = log(screen.id, told=["a"], allow_future=True)
    assert first.warnings == []
    second = log(onsite.id, told=["a", "b"], allow_future=True)
    assert [w.message for w in second.warnings] == ["a was already told to Acme (phone screen)"]
    assert log(other.id, told=["a"], allow_future=True).warnings == []
    assert set(drills.interviews.told_to("acme")) == {"a", "b"}
    # Logging the same round again does not warn about itself.
    assert log(onsite.id, told=["b"], allow_future=True).warnings == []
    assert drills.interviews.get(onsite.id).told == ["a", "b"]


def test_the_card_face_warns_before_telling_a_story_twice(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a")))
    earlier = drills.interviews.add("Acme", date(2025, 2, 20), "phone screen")
    drills.debriefs.log(earlier.id, told=["a"])
    drills.interviews.add("Acme", date(2025, 3, 5), "onsite")
    assert drills.faces.face("recall:a").told_to == ["a was already told to Acme (phone screen)"]


def test_unknown_story_or_interview_is_refused(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a")))
    interview = drills.interviews.add("Acme", date(2025, 3, 3))
    with pytest.raises(StorybankError, match="no story"):
        drills.debriefs.log(interview.id, told=["nope"], allow_future=True)
    with pytest.raises(StorybankError, match="no interview"):
        drills.debriefs.log("nope", told=["a"])


def test_asked_questions_become_cards_or_gaps(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    bank = make_bank(story("a"), story("b"))
    drills = open_drills(bank)
    interview = drills.interviews.add("Acme", date(2025, 3, 3), "onsite")
    matcher = ScriptedMatcher(
        {
            "Tell me about a conflict with your manager.": ("b", True),
            "How do you design a database index?": ("a", False),
        }
    )
    result = drills.debriefs.log(
        interview.id,
        [
            QuestionEntry("Tell me about a conflict with your manager."),
            QuestionEntry("How do you design a database index?"),
            QuestionEntry("   "),
        ],
        told=["a"],
        matcher=matcher,
        allow_future=True,
    )
    conflict_id = slugify("Tell me about a conflict with your manager.", 40)
    card_id = f"question:b:{conflict_id}"
    assert result.cards_added == [card_id]
    assert result.answered == [("Tell me about a conflict with your manager.", "b")]
    assert [g.question for g in result.gaps] == ["How do you design a database index?"]
    assert result.gaps[0].closest == "a"  # the closest, for the report
    assert result.gaps[0].competency == "conflict"
    card = drills.deck.card(card_id)
    assert card.record.origin == "interview" and card.kind == "question"
    assert card.record.prompt == "Tell me about a conflict with your manager."
    # Each question joined the user's question bank, tagged by the matcher.
    mine = {q.id: q for q in bank.questions()}
    assert mine[conflict_id].competencies == {"tpm": ["conflict"]}
    assert "how-do-you-design-a-database-index" in mine
    saved = drills.interviews.get(interview.id)
    assert [(q.text, q.gap, q.card) for q in saved.questions] == [
        ("Tell me about a conflict with your manager.", False, card_id),
        ("How do you design a database index?", True, None),
    ]
    assert [q.text for _, q in drills.interviews.open_gaps()] == [
        "How do you design a database index?"
    ]
    # Logging the same question again reuses the question and the card.
    again = drills.debriefs.log(
        interview.id,
        [QuestionEntry("Tell me about a conflict with your manager.")],
        matcher=matcher,
        allow_future=True,
    )
    assert again.cards_added == []
    assert len(bank.questions()) == 2


def test_interview_question_cards_enter_the_queue(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("b", competencies={})))
    interview = drills.interviews.add("Acme", date(2025, 2, 3))
    matcher = ScriptedMatcher({"Why us?": ("b", True)})
    drills.debriefs.log(interview.id, [QuestionEntry("Why us?")], matcher=matcher)
    assert [i.card_id for i in drills.deck.queue().items] == ["recall:b"]
    drills.ledger.review("recall:b", 4)
    clock.set(drills.deck.calendar.end_of(drills.deck.queue().day))
    assert [i.card_id for i in drills.deck.queue().items] == ["question:b:why-us"]
