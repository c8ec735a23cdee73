"""Card faces: front, back, timer and key facts of each kind of card, and grading."""

from __future__ import annotations

from collections.abc import Callable

from fsrs import Rating

from scheduling.drill_helpers import QUESTIONS, story
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def test_face_of_each_kind_of_card(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    from scheduling.drill_helpers import with_follow_ups

    drills = open_drills(make_bank(with_follow_ups("a", "What would you change?")))
    recall = drills.faces.face("recall:a")
    assert recall.prompt == "Story a"
    assert recall.timer_s == 120
    assert [s.name for s in recall.back] == [
        "Headline",
        "Situation",
        "Complications",
        "Action",
        "Result",
    ]
    assert recall.competencies == ["Program execution", "Ambiguity"]
    assert "60%" in recall.key_facts
    question = drills.faces.face("question:a:q-deadline")
    assert question.prompt == QUESTIONS[0].text
    follow_id = next(c.id for c in drills.deck.cards() if c.kind == "followup")
    follow = drills.faces.face(follow_id)
    assert follow.prompt == "What would you change?"
    assert [s.name for s in follow.back] == ["Answer"]
    assert follow.timer_s == 60
    assert follow.key_facts == ["3 releases", "2 weeks"]


def test_grade_proposes_a_rating_from_the_typed_recall(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a")))
    grade = drills.faces.grade(
        "recall:a", "4 million invoices, two weeks early, 60% faster, 3 teams"
    )
    assert grade.missed == []
    assert grade.proposed == Rating.Easy
