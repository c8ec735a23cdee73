"""Word forms: one stem for the forms a writer may use of one word."""

from __future__ import annotations

import pytest

from storybank.core.morphology import stem, stems_of


@pytest.mark.parametrize(
    "family",
    [
        ["resist", "resists", "resisted", "resisting", "resistant", "resistance"],
        ["conflict", "conflicts", "conflicting", "conflicted"],
        ["disagree", "disagreed", "disagreeing", "disagreement", "disagrees"],
        ["delay", "delays", "delayed", "delaying"],
        ["block", "blocked", "blocker", "blockers", "blocking"],
        ["slip", "slips", "slipped", "slipping"],
        ["risk", "risks", "risky", "risked", "risking"],
        ["challenge", "challenges", "challenged", "challenging"],
        ["depend", "dependent", "dependency", "dependencies"],
        ["escalate", "escalated", "escalating", "escalation"],
        ["threat", "threats", "threaten", "threatened"],
        ["break", "broke", "broken", "breaking"],
        ["cancel", "cancels", "cancelled", "canceled"],
        ["save", "saves", "saved", "saving", "savings"],
        ["stall", "stalled", "stalling"],
    ],
)
def test_the_forms_of_a_word_share_one_stem(family: list[str]) -> None:
    assert {stem(word) for word in family} == {stem(family[0])}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("client", "cli"),
        ("agent", "age"),
        ("user", "used"),
        ("risk", "rise"),
        ("mission", "miss"),
        ("decision", "decide"),
    ],
)
def test_different_words_keep_different_stems(one: str, other: str) -> None:
    assert stem(one) != stem(other)


def test_words_with_digits_or_signs_are_left_alone() -> None:
    assert [stem(word) for word in ("p95", "q3", "don't", "ci/cd")] == [
        "p95",
        "q3",
        "don't",
        "ci/cd",
    ]


def test_stems_of_keeps_order() -> None:
    assert stems_of(["teams", "resisted", "the", "changes"]) == ["team", "resist", "the", "chang"]
