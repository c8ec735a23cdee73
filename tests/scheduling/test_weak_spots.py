"""Weak spots from every debrief and mock, and mock interviews themselves."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from scheduling.drill_helpers import story
from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import FollowUp, Question
from storybank.errors import StorybankError
from storybank.scheduling.drills import Drills
from storybank.scheduling.mocks import (
    GENERIC_FOLLOW_UPS,
    MockAnswer,
    draw_questions,
    follow_up_for,
    rubric_history,
)
from storybank.scheduling.models import AskedFollowUp, AskedQuestion, Interview, Rubric
from storybank.scheduling.weak_spots import compute_weak_spots
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]
STAMP = datetime(2025, 2, 1, tzinfo=UTC)
TPM = next(fw for fw in builtin_frameworks() if fw.id == "tpm")


def rubric(*scores: int) -> Rubric:
    names = ("structure", "ownership", "complications", "quantified", "lesson", "composure")
    return Rubric.model_validate(dict(zip(names, scores, strict=True)))


def asked(text: str, competency: str, **fields: object) -> AskedQuestion:
    return AskedQuestion.model_validate(
        {"text": text, "framework": "tpm", "competency": competency, **fields}
    )


def rounds() -> list[Interview]:
    acme = Interview(
        id="acme-onsite",
        company="Acme",
        date=date(2025, 2, 10),
        round="onsite",
        outcome="rejected",
        feedback="Not enough about your own decisions.",
        created=STAMP,
        questions=[
            asked(
                "Tell me about pushing back on a director",
                "conflict",
                story="a",
                went="shaky",
                themes={"disagree": "pushing back", "executive": "director"},
                follow_ups=[AskedFollowUp(text="What did the director say?", answered=False)],
            ),
            asked("A time a peer let the team down", "conflict", gap=True, went="blank"),
            asked("Your proudest launch", "program-execution", story="b", went="strong"),
        ],
    )
    globex = Interview(
        id="globex-screen",
        company="Globex",
        date=date(2025, 2, 14),
        round="phone screen",
        created=STAMP,
        questions=[
            asked(
                "When did you push back on a senior leader?",
                "conflict",
                gap=True,
                went="blank",
                themes={"disagree": "push back", "executive": "senior leader"},
            ),
        ],
    )
    mock = Interview(
        id="practice-mock",
        company="Practice",
        date=date(2025, 2, 20),
        round="mock",
        kind="practice",
        created=STAMP,
        questions=[
            asked(
                "Your proudest launch",
                "program-execution",
                story="b",
                went="ok",
                rubric=rubric(3, 3, 3, 2, 2, 3),
            ),
            asked(
                "A time the plan slipped",
                "program-execution",
                story="a",
                went="shaky",
                rubric=rubric(2, 2, 3, 1, 2, 2),
            ),
        ],
    )
    return [acme, globex, mock]


def test_weak_spots_json_has_exactly_the_documented_shape() -> None:
    spots = compute_weak_spots(
        rounds(), TPM, [story("a"), story("b")], findings=lambda s: ["result-no-impact"]
    )
    data = spots.to_json()
    assert list(data) == ["competencies", "themes", "plan"]
    conflict = data["competencies"][0]
    assert conflict == {
        "id": "conflict",
        "name": "Conflict and disagreement",
        "asked": 3,
        "strong": 0,
        "ok": 0,
        "shaky": 1,
        "blank": 2,
        "stories": ["a"],
    }
    assert {tuple(item) for item in data["plan"]} <= {
        ("kind", "story", "why"),
        ("kind", "competency", "why"),
    }
    both = [
        "Tell me about pushing back on a director",
        "When did you push back on a senior leader?",
    ]
    assert data["themes"] == [
        {"theme": "director", "asked": 2, "rounds": 2, "questions": both},
        {"theme": "pushing back", "asked": 2, "rounds": 2, "questions": both},
    ]


def test_the_plan_writes_for_gaps_then_reworks_and_drills_with_reasons() -> None:
    spots = compute_weak_spots(
        rounds(), TPM, [story("a"), story("b")], findings=lambda s: ["result-no-impact"]
    )
    kinds = [(item.kind, item.story or item.competency) for item in spots.plan]
    assert kinds[0] == ("write", "conflict")
    assert ("rework", "a") in kinds
    write = spots.plan[0]
    assert write.why.startswith("asked twice (Acme, onsite; Globex, phone screen)")
    assert write.command == "storybank new" and write.key == "n"
    rework = next(item for item in spots.plan if item.story == "a")
    assert "shaky at Acme, onsite" in rework.why
    assert "1 follow-up you could not answer" in rework.why
    assert "result quantified 1.0/4" in rework.why
    assert "checks: result-no-impact" in rework.why
    assert rework.command == "storybank edit a"
    assert spots.weak_competencies == ["conflict"]  # 1 of 3 answers shaky is not weak
    assert [(c.company, c.outcome) for c in spots.companies] == [
        ("Globex", "pending"),
        ("Acme", "rejected"),
    ]
    assert spots.companies[1].feedback
    assert spots.rubric["quantified"] == pytest.approx(1.5)
    assert (spots.rounds, spots.practice) == (2, 1)


def test_a_deleted_story_drops_out_of_the_plan() -> None:
    spots = compute_weak_spots(rounds(), TPM, [story("b")])
    assert not [item for item in spots.plan if item.story == "a"]


def test_rubric_history_is_one_point_per_mock() -> None:
    [point] = rubric_history(rounds())
    assert point.round_id == "practice-mock" and point.answers == 2
    assert point.mean == pytest.approx((16 / 6 + 12 / 6) / 2)
    assert point.criteria["quantified"] == 1.5


def test_the_draw_leans_to_weak_and_uncovered_competencies_and_never_repeats() -> None:
    bank = [
        Question(id=f"q{i}", text=f"Question {i}", competencies={"tpm": [tag]})
        for i, tag in enumerate(["conflict"] * 5 + ["ambiguity"] * 5 + ["ownership"] * 30)
    ]
    counts = {"conflict": 0, "ambiguity": 0, "ownership": 0}
    rng = random.Random(7)
    for _ in range(200):
        [drawn] = draw_questions(bank, "tpm", 1, rng, weak=["conflict"], uncovered=["ambiguity"])
        counts[drawn.question.competencies["tpm"][0]] += 1
    # 5 questions x3, 5 x2, 30 x1: about 15 : 10 : 30 of 55.
    assert 35 < counts["conflict"] < 75 and 20 < counts["ambiguity"] < 55
    picked = draw_questions(bank, "tpm", 40, rng, recent=frozenset({"q0", "question 1"}))
    ids = [d.question.id for d in picked]
    assert len(ids) == len(set(ids)) == 38 and "q0" not in ids and "q1" not in ids
    [why] = draw_questions(bank[:1], "tpm", 1, rng, weak=["conflict"], names={"conflict": "C"})
    assert why.reasons == ("weak spot: C",)


def test_a_follow_up_comes_from_the_story_least_recently_asked_first() -> None:
    rng = random.Random(1)
    told = story("a", follow_ups=[FollowUp(question="Q1", answer="x"), FollowUp(question="Q2")])
    assert follow_up_for(told, ["Q1"], rng) == "Q2"
    assert follow_up_for(told, ["Q2", "Q1"], rng) == "Q2"
    assert follow_up_for(None, [], rng) in GENERIC_FOLLOW_UPS


def test_a_mock_is_saved_answer_by_answer_as_a_practice_round(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a", competencies={"tpm": ["conflict"]})))
    session = drills.mocks.start(2, company="Acme", rng=random.Random(3))
    assert len(session.questions) == 2 and drills.interviews.all() == []  # nothing yet
    first = session.questions[0].question.text
    drills.mocks.record(
        session,
        MockAnswer(first, "a", 95.0, "What changed?", False, rubric(2, 2, 2, 1, 1, 2)),
    )
    [saved] = drills.interviews.all()
    assert saved.is_practice and saved.round == "mock" and saved.company == "Acme"
    [question] = saved.questions
    assert (question.story, question.went, question.seconds) == ("a", "shaky", 95.0)
    assert question.rubric == rubric(2, 2, 2, 1, 1, 2)
    assert question.unanswered == ["What changed?"]
    # The generic follow-up you could not answer is kept with the story.
    assert drills.deck.bank.get_story("a").follow_ups[-1].question == "What changed?"
    drills.mocks.record(
        session,
        MockAnswer(
            session.questions[1].question.text, None, 10.0, "Why?", True, rubric(1, 1, 1, 1, 1, 1)
        ),
    )
    assert session.done and len(drills.interviews.get(saved.id).questions) == 2
    assert drills.interviews.get(saved.id).questions[1].went == "blank"
    # A week later those two questions can come back, not before.
    recent = drills.mocks.recent_questions(date(2025, 3, 1))
    assert first.casefold() in recent


def test_a_mock_refuses_a_bad_count_or_framework(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a")))
    with pytest.raises(StorybankError, match="1 to 20"):
        drills.mocks.start(0)
    with pytest.raises(StorybankError, match="no framework"):
        drills.mocks.start(3, framework="nope")


def test_weak_spots_kept_round_by_round_equal_a_full_recount(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    store, service = drills.deck.store, drills.weak_spots

    def recount() -> None:
        fresh = compute_weak_spots(
            store.interviews(), service.framework(), drills.deck.bank.stories()
        )
        assert service.compute() == fresh

    drills.deck.bank.save_settings(drills.deck.settings.model_copy(update={"framework": "tpm"}))
    acme, globex, mock = rounds()
    for interview in (acme, globex, mock):
        store.put_interview(interview)
        recount()
    # One round changes: its answer went better, and a question was added.
    better = acme.questions[0].model_copy(update={"went": "strong"})
    store.put_interview(
        acme.model_copy(update={"questions": [better, *acme.questions[1:], *globex.questions]})
    )
    recount()
    store.put_interview(mock.model_copy(update={"kind": "interview", "round": "onsite"}))
    recount()
    store.remove_interview("globex-screen")
    recount()
    # Another framework reads the same rounds differently, and back again.
    for framework in ("amazon-lp", "tpm"):
        drills.deck.bank.save_settings(
            drills.deck.settings.model_copy(update={"framework": framework})
        )
        recount()
    strong = {spot.id: spot.strong for spot in service.compute().competencies}
    assert strong == {"conflict": 1, "program-execution": 1}


def test_rounds_with_a_company_are_the_same_read_or_kept(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    store = drills.deck.store
    acme, globex, mock = rounds()
    second = acme.model_copy(update={"id": "acme-second", "company": "  ACME ", "round": "final"})
    for interview in (acme, globex, mock, second):
        store.put_interview(interview)
    kept = store.interviews_with("acme")  # from the rounds this store keeps
    drills.deck.bank.save_story(story("c"), touch=False)  # the revision moves: read again
    read = store.interviews_with("acme")
    assert [i.id for i in kept] == [i.id for i in read] == ["acme-onsite", "acme-second"]
    assert kept == read
