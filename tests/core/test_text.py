"""Text helpers: words, tokens, sentences, spoken time and phrase matching."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storybank.core.morphology import stem, stems_of
from storybank.core.text import (
    WORDS_PER_MINUTE,
    PhraseHit,
    PhraseIndex,
    positions_of,
    sentences,
    spoken_seconds,
    tokens,
    tokens_of,
    word_count,
    words,
)


def test_words_keep_case_and_compounds() -> None:
    text = "I'm the TPM; our trade-off saved $1.2M for 1,200 users (CI/CD) in Q3."
    assert words(text) == [
        "I'm",
        "the",
        "TPM",
        "our",
        "trade-off",
        "saved",
        "1.2M",
        "for",
        "1,200",
        "users",
        "CI",
        "CD",
        "in",
        "Q3",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("   \n\t ", 0),
        ("I mapped every dependency.", 4),
        ("The trade-off cost 3.5% — not 10%.", 6),
        ("Les équipes ont livré à temps.", 6),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_tokens_are_lowercase_and_split_for_matching() -> None:
    assert tokens("I\u2019m the customer\u2019s Trade-Off owner; we'll ship.") == [
        "i'm",
        "the",
        "customer",
        "trade",
        "off",
        "owner",
        "we'll",
        "ship",
    ]


def test_tokens_of_reuses_words() -> None:
    text = "Stakeholders' risk-register review"
    assert tokens_of(words(text)) == tokens(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("One sentence without a full stop", ["One sentence without a full stop"]),
        ("I led it. Then we shipped!", ["I led it.", "Then we shipped!"]),
        ("Did it work? Yes.", ["Did it work?", "Yes."]),
        (
            "Costs fell 3.5% vs. plan, e.g. Kafka costs.",
            ["Costs fell 3.5% vs. plan, e.g. Kafka costs."],
        ),
        ('She said "ship it." Then I did.', ['She said "ship it."', "Then I did."]),
        ("We cut it to 2. 3 teams agreed.", ["We cut it to 2.", "3 teams agreed."]),
        ("a plain line\nwrapped mid sentence", ["a plain line\nwrapped mid sentence"]),
        ("First paragraph\n\nSecond one", ["First paragraph", "Second one"]),
        ("ends with lowercase. next one", ["ends with lowercase. next one"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("word_total", "expected"),
    [(0, 0), (1, 0), (3, 1), (150, 60), (300, 120), (280, 112), (450, 180), (-5, 0)],
)
def test_spoken_seconds_at_150_words_a_minute(word_total: int, expected: int) -> None:
    assert WORDS_PER_MINUTE == 150
    assert spoken_seconds(word_total) == expected


def test_spoken_seconds_at_another_rate() -> None:
    assert spoken_seconds(300, wpm=100) == 180
    with pytest.raises(ValueError, match="positive"):
        spoken_seconds(300, wpm=0)


def test_phrase_index_finds_words_and_phrases_in_order() -> None:
    index = PhraseIndex(["risk", "risk register", "trade-off", "kind of"])
    found = index.find(tokens("I kind of owned the risk register, the risk and the trade off."))
    assert found == [
        PhraseHit("kind of", 1, 3),
        PhraseHit("risk register", 5, 7),
        PhraseHit("risk", 8, 9),
        PhraseHit("trade-off", 11, 13),
    ]


def test_phrase_index_matches_whole_tokens_only() -> None:
    index = PhraseIndex(["risk", "sort of"])
    assert index.find(tokens("Asterisk risky sorted out; sort often.")) == []


def test_phrase_index_counts_and_distinct() -> None:
    index = PhraseIndex(["we", "our"])
    token_list = tokens("We said our plan was our best, and we shipped.")
    assert index.count(token_list) == 4
    assert index.distinct(token_list) == ["we", "our"]


def test_phrase_index_handles_a_phrase_cut_off_at_the_end() -> None:
    index = PhraseIndex(["escalated to my manager"])
    assert index.find(tokens("Then I escalated to my")) == []


def test_phrase_index_rejects_an_empty_phrase() -> None:
    with pytest.raises(ValueError, match="no words"):
        PhraseIndex(["risk", " -- "])


@given(st.text(alphabet="ab sS'\u2019-.,\u0130_1\n", max_size=40))
def test_tokens_of_splits_and_drops_possessives_word_by_word(text: str) -> None:
    # The one-pass implementation gives what splitting word by word gives.
    expected: list[str] = []
    for word in words(text):
        for piece in re.split(r"[-.,]+", word.lower().replace("\u2019", "'")):
            piece = piece[:-2] if piece.endswith("'s") else piece
            if piece:
                expected.append(piece)
    assert tokens(text) == expected


@given(st.lists(st.sampled_from(["risk", "register", "kind", "of", "the", "we"]), max_size=30))
def test_phrase_index_with_positions_finds_what_a_full_scan_finds(token_list: list[str]) -> None:
    index = PhraseIndex(["risk", "risk register", "kind of", "the risk", "we"])
    assert index.find(token_list, positions_of(token_list)) == index.find(token_list)


def test_phrase_index_by_word_form() -> None:
    index = PhraseIndex(["push back", "resist"], forms=stem)
    found = index.distinct(stems_of(tokens("They pushed back, then resisted; resistance grew.")))
    assert found == ["push back", "resist"]
    assert index.by_form and not PhraseIndex(["risk"]).by_form
