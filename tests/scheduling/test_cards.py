"""Card ids, syncing cards with stories, question choice and rewrite detection (pure)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime

from fsrs import Card

from scheduling.drill_helpers import QUESTIONS, story, with_follow_ups
from storybank.core.models import FollowUp, Question, Story
from storybank.scheduling.cards import (
    SyncPlan,
    choose_question,
    followup_card_id,
    followup_key,
    fsrs_card_id,
    needs_reset_prompt,
    plan_sync,
    question_card_id,
    recall_card_id,
    rekeyed_id,
)
from storybank.scheduling.models import CardRecord

NOW = datetime(2025, 3, 1, 15, tzinfo=UTC)


def anyone(stories: Sequence[Story]) -> Callable[[], Callable[[Question], Collection[str]]]:
    """A judge that accepts every one of ``stories`` as an answer to any question."""
    ids = {s.id for s in stories}
    return lambda: lambda _question: ids


def sync(
    stories: Sequence[Story],
    cards: dict[str, CardRecord] | None = None,
    questions: Sequence[Question] = QUESTIONS,
) -> SyncPlan:
    return plan_sync(
        stories,
        cards or {},
        NOW,
        framework_id="tpm",
        questions=lambda: list(questions),
        answers=anyone(stories),
    )


def apply(cards: dict[str, CardRecord], plan: SyncPlan) -> dict[str, CardRecord]:
    out = {k: v for k, v in cards.items() if k not in plan.remove}
    out.update({r.id: r for r in plan.upsert})
    return out


def test_ids_are_derived_from_the_story() -> None:
    assert recall_card_id("billing-ledger") == "recall:billing-ledger"
    assert question_card_id("billing-ledger", "q-1") == "question:billing-ledger:q-1"
    key = followup_key("What would you do  differently?")
    assert key == followup_key("what would you do differently?")
    assert followup_card_id("a", "What would you do differently?") == f"followup:a:{key}"
    assert rekeyed_id("question:old:q-1", "new") == "question:new:q-1"
    assert rekeyed_id("recall:old", "new") == "recall:new"


def test_fsrs_ids_are_stable_integers_and_avoid_collisions() -> None:
    first = fsrs_card_id("recall:a")
    assert first == fsrs_card_id("recall:a")
    assert isinstance(first, int) and 0 < first < 2**48
    assert fsrs_card_id("recall:a", {first}) != first


def test_a_new_story_gets_recall_question_and_follow_up_cards() -> None:
    plan = sync([with_follow_ups("a", "Why?", "What next?")])
    kinds = sorted((r.kind, r.id) for r in plan.upsert)
    assert [k for k, _ in kinds] == ["followup", "followup", "question", "recall"]
    question = next(r for r in plan.upsert if r.kind == "question")
    assert question.ref == "q-deadline"  # the story is tagged program-execution first
    assert question.prompt == QUESTIONS[0].text
    for record in plan.upsert:
        assert record.story == "a"
        assert record.fsrs == Card.from_dict(record.fsrs).to_dict()  # type: ignore[arg-type]
        assert record.fsrs["card_id"] == fsrs_card_id(record.id)
        assert record.fsrs["last_review"] is None
        assert record.introduced is None
    assert sorted(plan.added) == sorted(r.id for r in plan.upsert)


def test_sync_is_idempotent() -> None:
    cards = apply({}, sync([story("a"), story("b")]))
    assert sync([story("a"), story("b")], cards).is_empty


def test_untagged_story_gets_no_question_card_until_tagged() -> None:
    plan = sync([story("a", competencies={})])
    assert [r.kind for r in plan.upsert] == ["recall"]


def test_deleted_story_suspends_its_cards_and_keeps_them() -> None:
    cards = apply({}, sync([story("a"), story("b")]))
    plan = sync([story("b")], cards)
    assert sorted(plan.suspended) == sorted(c for c in cards if ":a" in c)
    assert not plan.remove
    cards = apply(cards, plan)
    assert all(cards[c].suspended == "story-deleted" for c in plan.suspended)
    # Restoring the story (e.g. from a backup) brings the same cards back.
    back = sync([story("a"), story("b")], cards)
    assert sorted(back.restored) == sorted(plan.suspended)
    assert not back.added


def test_renamed_story_keeps_its_cards_and_their_fsrs_ids() -> None:
    original = story("old-id")
    cards = apply({}, sync([original]))
    fsrs_ids = {r.kind: r.fsrs_id for r in cards.values()}
    renamed = original.model_copy(update={"id": "new-id"})
    plan = sync([renamed], cards)
    assert not plan.added
    assert sorted(plan.renamed) == sorted((old, old.replace("old-id", "new-id")) for old in cards)
    cards = apply(cards, plan)
    assert {r.kind: r.fsrs_id for r in cards.values()} == fsrs_ids
    assert all(r.story == "new-id" for r in cards.values())


def test_a_different_new_story_does_not_take_a_deleted_storys_cards() -> None:
    cards = apply({}, sync([story("a")]))
    other = story("b", created=datetime(2024, 1, 1, tzinfo=UTC))
    plan = sync([other], cards)
    assert recall_card_id("b") in plan.added
    assert all(cards[c].story == "a" for c in plan.suspended)


def test_lightly_edited_follow_up_keeps_its_card() -> None:
    cards = apply({}, sync([with_follow_ups("a", "What would you do differently?")]))
    old_id = next(c for c in cards if c.startswith("followup:"))
    edited = with_follow_ups("a", "What would you do differently next time?")
    plan = sync([edited], cards)
    assert not plan.added
    new_id = followup_card_id("a", "What would you do differently next time?")
    assert plan.renamed == [(old_id, new_id)]
    cards = apply(cards, plan)
    assert cards[new_id].prompt == "What would you do differently next time?"
    assert cards[new_id].fsrs_id == fsrs_card_id(old_id)


def test_removed_follow_up_is_suspended_and_new_one_added() -> None:
    cards = apply({}, sync([with_follow_ups("a", "What was the budget?")]))
    plan = sync([with_follow_ups("a", "Who disagreed with you and why?")], cards)
    assert [c for c in plan.added if c.startswith("followup:")]
    assert [c for c in plan.suspended if c.startswith("followup:")]
    cards = apply(cards, plan)
    # Putting the follow-up back restores its card rather than making another.
    plan = sync(
        [with_follow_ups("a", "Who disagreed with you and why?", "What was the budget?")], cards
    )
    assert not plan.added and len(plan.restored) == 1


def test_reordering_follow_ups_changes_nothing() -> None:
    cards = apply({}, sync([with_follow_ups("a", "First question?", "Second question?")]))
    assert sync([with_follow_ups("a", "Second question?", "First question?")], cards).is_empty


def test_choose_question_prefers_overlap_then_unused_then_specific() -> None:
    subject = story("a", competencies={"tpm": ["ambiguity", "conflict"]})
    broad = Question(
        id="q-broad",
        text="A broad question about many things?",
        competencies={"tpm": ["ambiguity", "conflict", "ownership"]},
    )

    def chosen(questions: list[Question], taken: frozenset[str] = frozenset()) -> str | None:
        question = choose_question(subject, questions, "tpm", taken)
        return None if question is None else question.id

    assert chosen([*QUESTIONS, broad]) == "q-broad"
    assert chosen(QUESTIONS) == "q-ambiguity"
    assert chosen(QUESTIONS, frozenset({"q-ambiguity"})) == "q-conflict"
    assert choose_question(story("b", competencies={}), QUESTIONS, "tpm") is None


def test_questions_are_only_loaded_when_a_card_needs_one() -> None:
    calls = []

    def loader() -> list[Question]:
        calls.append(1)
        return list(QUESTIONS)

    cards = apply(
        {},
        plan_sync(
            [story("a")],
            {},
            NOW,
            framework_id="tpm",
            questions=loader,
            answers=anyone([story("a")]),
        ),
    )
    assert calls == [1]
    again = anyone([story("a")])
    plan_sync([story("a")], cards, NOW, framework_id="tpm", questions=loader, answers=again)
    assert calls == [1]


def test_light_edit_does_not_ask_to_reset() -> None:
    old = story("a")
    new = old.model_copy(update={"result": old.result.replace("60%", "65%")})
    assert not needs_reset_prompt(old, new)


def test_rewrite_asks_to_reset() -> None:
    old = story("a")
    new = old.model_copy(
        update={
            "headline": "A different story entirely about hiring a new team in Dublin.",
            "situation": "We had no one in Europe and a customer commitment there.",
            "complications": "Visas, a hiring freeze and a skeptical VP stood in the way.",
            "action": "I wrote the hiring plan, found a recruiter and ran the interviews.",
            "result": "Eight engineers joined in four months and the launch held.",
        }
    )
    assert needs_reset_prompt(old, new)


def test_a_draft_can_be_rewritten_without_asking() -> None:
    draft = story("a", headline="", situation="tbd", complications="", action="", result="")
    assert not needs_reset_prompt(draft, story("a"))


def test_follow_up_model_is_what_stories_carry() -> None:
    assert with_follow_ups("a", "Q?").follow_ups == [
        FollowUp(question="Q?", answer="We shipped 3 releases in 2 weeks.")
    ]
