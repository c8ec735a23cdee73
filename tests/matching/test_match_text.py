"""Text normalisation: boilerplate, stemming, concepts, phrases and odd input."""

from __future__ import annotations

import pytest

from storybank.matching.text import analyze, keys, stem


def test_case_and_punctuation_do_not_matter() -> None:
    assert keys("CONFLICT!!! with a Peer???") == keys("conflict with a peer")


@pytest.mark.parametrize(
    "opener",
    [
        "Tell me about a time when you",
        "Describe a situation where you",
        "Give me an example of when you",
        "Can you walk me through how you",
        "Have you ever",
        "Tell us about a time you",
    ],
)
def test_interview_boilerplate_is_removed(opener: str) -> None:
    assert keys(f"{opener} disagreed with your manager") == keys("disagreed with manager")


def test_boilerplate_alone_leaves_nothing() -> None:
    assert analyze("Tell me about a time when...") == []


def test_inflections_share_a_stem() -> None:
    assert stem("prioritizing") == stem("prioritized") == stem("prioritize")
    assert stem("planning") == stem("planned") == stem("plan")
    assert stem("priorities") == stem("priority")


@pytest.mark.parametrize(
    "phrasing",
    [
        "pushed back on my manager",
        "disagreed with my manager",
        "did not see eye to eye with my manager",
        "didn't see eye to eye with my manager",
        "raised an objection to my manager",
    ],
)
def test_synonyms_and_phrases_map_to_one_concept(phrasing: str) -> None:
    assert "disagree" in keys(phrasing)
    assert "manager" in keys(phrasing)


def test_a_phrase_can_stand_for_two_concepts() -> None:
    # "limited information" is both a lack and information: cues about either fire.
    assert {"incomplete", "information"} <= set(keys("with limited information"))


def test_stop_words_are_dropped_but_meaningful_words_stay() -> None:
    found = keys("What would you do if the payments migration slipped?")
    assert "payment" in found
    assert "migration" in found
    assert "behind" in found
    assert not {"what", "would", "you", "the"} & set(found)


def test_terms_keep_the_words_as_written() -> None:
    terms = analyze("We pushed back on the Ledger plan")
    assert [(t.key, t.surface, t.concept) for t in terms] == [
        ("disagree", "pushed back", True),
        ("ledger", "ledger", False),
        ("plan", "plan", True),
    ]


def test_cue_phrases_normalise_like_questions() -> None:
    assert keys("push back") == ["disagree"]
    assert keys("tight deadline") == ["tight", "deadline"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "?!?!... --- ;;;",
        "1234 5678",
        "\u0000\u200b",
    ],
)
def test_input_without_words_gives_no_terms(text: str) -> None:
    assert analyze(text) == []


def test_other_scripts_are_kept_as_unknown_words() -> None:
    terms = analyze("\u79c1\u306e\u30c1\u30fc\u30e0")
    assert [t.concept for t in terms] == [False]


def test_markup_is_read_as_plain_words() -> None:
    assert "conflict" in keys("[bold]conflict[/] with [link=https://example.com]a peer[/link]")


def test_accents_and_curly_apostrophes_are_folded() -> None:
    assert keys("I couldn\u2019t meet the d\u00e9adline") == keys("I couldn't meet the deadline")
