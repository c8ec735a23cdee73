"""Key facts of a story and grading a typed recall."""

from __future__ import annotations

import pytest
from fsrs import Rating

from factories import make_story
from storybank.scheduling.recall import (
    MAX_FACTS,
    fact_in,
    facts_of_text,
    grade_recall,
    key_facts,
    propose_rating,
)


def test_key_facts_are_numbers_names_and_quoted_phrases_in_telling_order() -> None:
    story = make_story(
        headline="I cut p99 latency by 40% before Black Friday.",
        situation="Our checkout ran on Kafka and a legacy SLO of 800 ms.",
        complications="The VP wanted it in two weeks.",
        action='I called the plan "Project Atlas" and split it into 3 waves.',
        result="We saved $1.2M a year.",
    )
    assert key_facts(story) == [
        "40%",
        "Black Friday",
        "Kafka",
        "SLO",
        "800 ms",
        "two weeks",
        "Project Atlas",
        "3",
        "$1.2M",
    ]


def test_words_capitalised_only_by_starting_a_sentence_are_not_names() -> None:
    assert facts_of_text(["Then we shipped. After that, nothing broke."]) == []
    assert facts_of_text(["In Q3 we shipped."]) == ["Q3"]


def test_facts_are_unique_and_capped() -> None:
    text = " ".join(f"Team{i} shipped {i} releases." for i in range(40))
    facts = facts_of_text([text])
    assert len(facts) == MAX_FACTS
    assert len({f.casefold() for f in facts}) == len(facts)


@pytest.mark.parametrize(
    ("fact", "typed", "found"),
    [
        ("60%", "we got 60 percent faster", True),
        ("60%", "about 65%", False),
        ("two weeks", "2 weeks early", True),
        ("4 million", "4,000,000 invoices", False),
        ("4 million", "moved 4 million invoices", True),
        ("1,200 orders", "1200 orders", True),
        ("$1.2M", "saved 1.2M", True),
        ("Kafka", "we moved off kafka", True),
        ("Black Friday", "before black friday", True),
        ("Project Atlas", "the atlas project", True),
        ("Project Atlas", "the project", False),
        ("Finance", "", False),
    ],
)
def test_fact_in(fact: str, typed: str, found: bool) -> None:
    assert fact_in(fact, typed) is found


@pytest.mark.parametrize(
    ("share", "rating"),
    [
        (1.0, Rating.Easy),
        (0.9, Rating.Easy),
        (0.7, Rating.Good),
        (0.4, Rating.Hard),
        (0.2, Rating.Again),
    ],
)
def test_proposed_rating_follows_the_weighted_share_of_facts(share: float, rating: Rating) -> None:
    assert propose_rating(share) == rating


def test_grade_recall_marks_found_and_missed() -> None:
    story = make_story()
    grade = grade_recall(story, "Moved 4 million invoices and cut reconciliation by 60%.")
    assert grade.found == ["4 million", "60%"]
    assert grade.missed == ["two weeks", "Three teams"]
    assert grade.proposed == Rating.Hard
    # Figures in the headline or Result (outcomes) weigh 4, the complication's 3.
    assert grade.score == 8 / 15


# -- what a new user's telling showed ----------------------------------------------

NORTHWIND = make_story(
    "northwind",
    title="Saying no to the sales VP",
    headline="I talked Northwind's sales VP out of a custom build and kept the launch date.",
    situation="As the TPM for our payments API, I owned the Q3 launch for 40 merchants.",
    complications="The VP promised Northwind a custom export in one week; it needed 6 engineers.",
    action=(
        "I laid out the cost with the API team, offered a CSV workaround and "
        "met the VP with the numbers."
    ),
    result="We launched on time to 40 merchants and Northwind signed a $2M renewal.",
)


def test_role_titles_and_common_acronyms_are_not_facts_and_possessives_are_dropped() -> None:
    facts = key_facts(NORTHWIND)
    assert "Northwind" in facts and "Northwind's" not in facts
    for everyday in ("TPM", "VP", "API", "APIs", "CSV"):
        assert everyday not in facts
    assert facts_of_text(["Two APIs and the CTO's plan."]) == []


@pytest.mark.parametrize(
    ("fact", "typed", "found"),
    [
        ("Northwind", "northwind's vp wanted it", True),
        ("Northwind's renewal", "the Northwind renewal", True),
        ("invoices", "one invoice", True),
        ("one week", "one of the 6 engineers said 1 day", False),
        ("one week", "they wanted it in 1 week", True),
        ("9:00 am", "the call at 09:00", True),
        ("$2M", "a 2 million dollar renewal", True),
        ("40 merchants", "40 customers", False),
    ],
)
def test_facts_are_compared_as_the_matcher_reads_text(fact: str, typed: str, found: bool) -> None:
    assert fact_in(fact, typed) is found


def test_a_complete_telling_in_other_words_proposes_good_or_easy() -> None:
    telling = (
        "Northwind's VP had promised them a custom export within 1 week, which would have "
        "taken six engineers. As TPM I owned the Q3 launch to 40 merchants. I showed the "
        "costs to the APIs team, proposed a CSV workaround, and we launched on time; "
        "Northwind renewed for $2M."
    )
    grade = grade_recall(NORTHWIND, telling)
    assert grade.missed == []
    assert grade.proposed == Rating.Easy


def test_outcomes_and_figures_weigh_more_than_names_told_on_the_way() -> None:
    names_only = grade_recall(NORTHWIND, "Northwind, Q3.")
    outcomes = grade_recall(NORTHWIND, "40 merchants on time and a $2M renewal.")
    assert outcomes.score > names_only.score


def test_nothing_typed_proposes_nothing() -> None:
    grade = grade_recall(make_story(), "   ")
    assert grade.proposed is None
    assert grade.found == [] and len(grade.missed) == 4


def test_a_story_without_facts_proposes_nothing() -> None:
    story = make_story(
        headline="i helped.", situation="", complications="", action="", result="it went well."
    )
    assert key_facts(story) == []
    assert grade_recall(story, "i helped and it went well").proposed is None


def test_a_comma_after_a_number_is_punctuation() -> None:
    assert facts_of_text(["At Acme in 2024, we had 1,200 orders."]) == [
        "Acme",
        "2024",
        "1,200 orders",
    ]


def test_a_time_of_day_is_one_fact() -> None:
    assert facts_of_text(["The go/no-go call was at 9:00 am. Standup moved to 10:30."]) == [
        "9:00 am",
        "10:30",
    ]


def test_a_number_and_the_same_number_with_its_unit_are_one_fact() -> None:
    facts = facts_of_text(["We had 90 days. After 90 days the cost fell 40%; 12 teams joined."])
    assert facts == ["90 days", "40%", "12 teams"]
