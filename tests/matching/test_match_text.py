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


def _term(text: str, key: str) -> tuple[str, str, bool, str]:
    term = next(t for t in analyze(text) if t.key == key)
    return term.surface, term.negation, term.opposite, term.role


@pytest.mark.parametrize(
    ("text", "key", "negated"),
    [
        ("We never missed a payout.", "miss", "never"),
        ("The team did not trust the vendor.", "trust", "not"),
        ("We didn't have any budget left.", "cost", "not"),
        ("We did not fully trust the estimates.", "trust", "not"),
        ("We missed the date, and we never hid it.", "miss", ""),
        ("Not only fast but cheap.", "fast", ""),
        ("We shipped without tests, but the launch was not late.", "launch", ""),
    ],
)
def test_a_negator_applies_to_the_next_meaningful_word_in_its_clause(
    text: str, key: str, negated: str
) -> None:
    assert _term(text, key)[1] == negated


@pytest.mark.parametrize(
    ("word", "plain", "key"),
    [
        ("distrusted", "trusted", "trust"),
        ("unreliable", "reliable", "reliability"),
        ("dissatisfied", "satisfied", "satisfaction"),
        ("unethical", "ethical", "ethic"),
        ("deprioritized", "prioritized", "priority"),
    ],
)
def test_an_opposite_form_keeps_its_concept_and_is_marked(word: str, plain: str, key: str) -> None:
    assert _term(f"The {word} part", key)[2]
    assert not _term(f"The {plain} part", key)[2]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I had to deliver difficult feedback.", "given"),
        ("I gave him candid feedback on his design.", "given"),
        ("feedback to a peer", "given"),
        ("Describe critical feedback you received.", "received"),
        ("My manager gave me blunt feedback.", "received"),
        ("How do you handle criticism?", "received"),
        ("feedback from your director", "received"),
        ("We were given feedback.", "received"),
        ("feedback on your work", "received"),
        ("I broke the news to the VP.", "given"),
        ("Tell me about feedback.", ""),
    ],
)
def test_feedback_and_news_know_which_way_they_went(text: str, role: str) -> None:
    term = next(t for t in analyze(text) if t.key in ("feedback", "badnews"))
    assert term.role == role
    assert term.role_key == (f"{term.key}@{role}" if role else "")


def test_the_verb_that_carried_feedback_is_not_read_on_its_own() -> None:
    # "deliver" feedback delivers no project.
    assert "deliver" not in keys("I had to deliver difficult feedback.")
    assert "deliver" in keys("I had to deliver the migration.")
    assert "feedback@given" in keys("I had to deliver difficult feedback.")


@pytest.mark.parametrize(
    "text",
    [
        "I cut our cloud spend by a third.",
        "The new contract cut processing cost by $600,000 a year.",
        "The platform costs 400,000 a year less than the vendor.",
        "Spend fell by half.",
        "We reduced costs.",
        "I saved money.",
    ],
)
def test_a_cost_next_to_a_reduction_reads_as_a_saving(text: str) -> None:
    assert "save" in keys(text)


def test_a_cost_alone_is_no_saving() -> None:
    assert "save" not in keys("The project cost more than planned.")
    assert "save" not in keys("We cut scope. The cost stayed the same.")


def test_surfaces_are_literal_runs_of_the_text() -> None:
    assert _term("We raised the bar for reviews.", "quality")[0] == "raised the bar"
    assert _term("I cut our analytics cloud spend.", "save")[0] == "cut our analytics cloud spend"


def test_a_phrase_never_reaches_across_a_clause() -> None:
    assert "disagree" in keys("we pushed back on it")
    assert "disagree" not in keys("we pushed. Back then, nobody minded")


@pytest.mark.parametrize(
    ("text", "meant", "not_meant"),
    [
        # Support as a function of the business is not emotional support.
        ("escalations from customer support", "customer", "empathy"),
        ("a backlog of support tickets", "customer", "empathy"),
        ("supported a colleague through a hard month", "empathy", "customer"),
        # Reading is learning only when something is read to learn from it.
        ("read the incident report twice", "communicate", "learn"),
        ("read widely about distributed systems", "learn", "skill"),
        # Knowledge one has is a skill; knowledge one gains is learning.
        ("solved it through deep knowledge of the billing code", "skill", "learn"),
        ("gained knowledge of a new domain", "learn", "skill"),
        # Developments in a field are its trends; software development is building.
        ("kept up with developments in the industry", "trend", "develop"),
        ("sped up software development", "engineer", "develop"),
        ("development of the people on my team", "develop", "engineer"),
    ],
)
def test_words_read_in_the_sense_their_neighbours_give_them(
    text: str, meant: str, not_meant: str
) -> None:
    found = keys(text)
    assert meant in found
    assert not_meant not in found


def _read_whole(text: str) -> list[object]:
    from storybank.matching.text import _analyze

    return list(_analyze(text))


def test_a_long_text_read_sentence_by_sentence_gives_the_terms_of_reading_it_whole() -> None:
    from storybank.resources import sample_data_dir

    sample = (sample_data_dir() / "stories.md").read_text(encoding="utf-8")
    tricky = (
        "I did not agree with the plan at first. Not once. We never missed a date! "
        "Was the feedback I gave him fair? My manager gave me feedback on my update. "
        "We cut the cloud bill by 1.5 million dollars. Costs of 400,000 a year went away. "
        "Tell me about a time. I pushed back on the director, and we disagreed openly. "
        "Customer support tickets fell by half... The team didn't trust the vendor."
    )
    texts = [sample, tricky * 3, *sample.split("\n\n")]
    for text in texts:
        assert analyze(text) == _read_whole(text)
    # The cut is real: a long text's sentences are each read (and kept) on their own.
    assert len(tricky) > 300 and analyze(tricky) != []
