"""Question cards are fair: made only for a story the matcher accepts, graded leniently.

Real bank files, the real scheduler and the real matcher: the built-in question
bank where it matters, and a small pool where a test needs to know which
question a card asks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from scheduling.drill_helpers import QUESTIONS, story
from storybank.cli.admin import create_bank
from storybank.core.models import Question, Story
from storybank.matching import Matcher
from storybank.matching.matcher import NEAR_BEST
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]

_DISPUTE = {
    "title": "Settling a dispute between two team leads over an API contract",
    "headline": "I got two team leads who disagreed about an API contract to agree in a week.",
    "situation": "Two team leads at Larkvale disagreed about the payments API contract a month "
    "before launch.",
    "complications": "Each lead escalated to their director and the integration work stalled "
    "for two weeks.",
    "action": "I met each lead alone, wrote down both designs with their costs, and ran one "
    "meeting where they compared them against the launch risk. I proposed a versioned "
    "contract that kept both clients working.",
    "result": "Both leads signed off in five days, integration resumed and we launched on the "
    "planned date with zero contract defects.",
}
DISPUTE = story("api-dispute", competencies={"tpm": ["conflict"]}, **_DISPUTE)
"""A story about a disagreement, tagged for it."""
SAME_TOLD_FOR_DECISIONS = story(
    "api-decision", competencies={"tpm": ["decision-making", "ownership"]}, **_DISPUTE
)
"""The same telling, tagged for what else it shows."""
BILLING_FOR_CONFLICT = story("billing-ledger", competencies={"tpm": ["conflict"]})
"""A migration story the user tagged for conflict, though it tells of none."""
BILLING = story("billing-cutover", competencies={"tpm": ["program-execution"]})
"""A migration story tagged for what it tells."""

API_QUESTION = Question(
    id="q-api-disagreement",
    text="Describe a disagreement about an API design between two teams.",
    competencies={"tpm": ["conflict"]},
    source="user",
)


def _question_cards(drills: Drills) -> dict[str, str]:
    """Story id -> the prompt of its question card."""
    return {c.story: c.record.prompt for c in drills.deck.cards() if c.kind == "question"}


def test_every_question_card_of_the_sample_bank_is_one_its_story_answers(
    tmp_path: Path, clock: FixedClock
) -> None:
    path = tmp_path / "bank.json"
    create_bank(path, sample=True, force=False)
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=clock, fuzz=False)
        try:
            cards = _question_cards(drills)
            framework = bank.frameworks.get(bank.settings.framework)
            matcher = Matcher(framework, bank.all_questions(), bank.stories())
            assert set(cards) == {s.id for s in bank.stories()}
            for story_id, prompt in cards.items():
                assert story_id in matcher.acceptable_stories(prompt), prompt
                ranked = {m.id: m.score for m in matcher.match(prompt, top=10).stories}
                assert ranked[story_id] >= max(ranked.values()) - NEAR_BEST
        finally:
            drills.close()


@pytest.mark.parametrize(
    "order",
    [[DISPUTE, BILLING_FOR_CONFLICT], [BILLING_FOR_CONFLICT, DISPUTE]],
    ids=["dispute-first", "mislabelled-first"],
)
def test_a_story_that_does_not_answer_the_question_gets_no_card_for_it(
    make_bank: MakeBank, clock: FixedClock, order: list[Story]
) -> None:
    # Both are tagged for conflict, so tags alone would give both the conflict
    # question; only the story that tells of a disagreement answers it.
    bank = make_bank(*order)
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
    try:
        cards = _question_cards(drills)
        assert cards.get("api-dispute") == "Tell me about a disagreement with a peer."
        assert "billing-ledger" not in cards
        assert {c.kind for c in drills.deck.cards_of("billing-ledger")} == {"recall"}
    finally:
        drills.close()


@pytest.fixture
def graded(make_bank: MakeBank, clock: FixedClock) -> Iterator[tuple[Drills, Matcher, str]]:
    """Drills whose one question is about an API disagreement, the app's matcher, and
    the id of the question card made from the dispute story."""
    bank = make_bank(DISPUTE, SAME_TOLD_FOR_DECISIONS, BILLING_FOR_CONFLICT, BILLING)
    bank.save_question(API_QUESTION)
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: [API_QUESTION])
    framework = bank.frameworks.get(bank.settings.framework)
    matcher = Matcher(framework, bank.all_questions(), bank.stories())
    cards = {c.story: c.id for c in drills.deck.cards() if c.kind == "question"}
    assert cards["api-dispute"] == "question:api-dispute:q-api-disagreement"
    yield drills, matcher, cards["api-dispute"]
    drills.close()


def test_the_cards_own_story_is_graded_as_such(graded: tuple[Drills, Matcher, str]) -> None:
    drills, matcher, card = graded
    grade = drills.faces.grade_pick(card, "api-dispute", matcher)
    assert (grade.verdict, grade.label, grade.made_from) == ("card", "this card's story", "")


def test_a_pick_tagged_for_what_the_question_asks_fits(
    graded: tuple[Drills, Matcher, str],
) -> None:
    drills, matcher, card = graded
    grade = drills.faces.grade_pick(card, "billing-ledger", matcher)
    assert grade.verdict == "fits"
    assert grade.reason == "tagged Conflict and disagreement, which this question asks about"
    assert grade.made_from == f"this card was made from “{DISPUTE.title}”"


def test_a_pick_the_matcher_scores_close_to_its_best_fits(
    graded: tuple[Drills, Matcher, str],
) -> None:
    drills, matcher, card = graded
    scores = {m.id: m.score for m in matcher.match(API_QUESTION.text, top=10).stories}
    best = max(scores.values())
    assert "conflict" not in SAME_TOLD_FOR_DECISIONS.tags_in("tpm")
    assert best - NEAR_BEST <= scores["api-decision"]
    grade = drills.faces.grade_pick(card, "api-decision", matcher)
    assert grade.verdict == "fits"
    assert grade.label == "fits"
    assert f"close to its best ({best})" in grade.reason or "best answer" in grade.reason
    assert grade.made_from == f"this card was made from “{DISPUTE.title}”"


def test_only_a_clearly_wrong_pick_is_wrong(graded: tuple[Drills, Matcher, str]) -> None:
    drills, matcher, card = graded
    scores = {m.id: m.score for m in matcher.match(API_QUESTION.text, top=10).stories}
    grade = drills.faces.grade_pick(card, "billing-cutover", matcher)
    assert (grade.verdict, grade.label) == ("wrong", "not a fit")
    best, score = max(scores.values()), scores.get("billing-cutover", 0)
    assert grade.reason == (
        f"not tagged Conflict and disagreement, and the matcher scores it {score} "
        f"against its best {best}"
    )
    assert grade.made_from == f"this card was made from “{DISPUTE.title}”"


def test_a_question_without_labels_in_the_framework_is_judged_by_what_it_asks(
    make_bank: MakeBank, clock: FixedClock
) -> None:
    # Labelled for the Leadership Principles only: the drill runs in tpm, so the
    # competencies it asks about are the ones the matcher reads in it.
    lp_only = API_QUESTION.model_copy(
        update={"competencies": {"amazon-lp": ["have-backbone-disagree-and-commit"]}}
    )
    dispute = DISPUTE.model_copy(
        update={
            "competencies": {
                "tpm": ["conflict"],
                "amazon-lp": ["have-backbone-disagree-and-commit"],
            }
        }
    )
    bank = make_bank(dispute, BILLING_FOR_CONFLICT, BILLING)
    bank.save_question(lp_only)
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: [lp_only])
    try:
        framework = bank.frameworks.get(bank.settings.framework)
        matcher = Matcher(framework, bank.all_questions(), bank.stories())
        card = "question:api-dispute:q-api-disagreement"
        assert drills.deck.has(card)
        tagged = drills.faces.grade_pick(card, "billing-ledger", matcher)
        assert (tagged.verdict, tagged.reason) == (
            "fits",
            "tagged Conflict and disagreement, which this question asks about",
        )
        assert drills.faces.grade_pick(card, "billing-cutover", matcher).verdict == "wrong"
    finally:
        drills.close()
