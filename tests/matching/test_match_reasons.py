"""Every reason a match gives is literally true, and complete."""

from __future__ import annotations

import random
import re

import pytest

from matching.reason_samples import (
    REASON_QUESTIONS,
    REASON_STORIES,
    occurs,
    same_word,
    story_text,
    words,
)
from storybank.core.models import CompetencyFramework, Story
from storybank.matching import Matcher, StoryMatch

_QUOTED = re.compile(r"'([^']*)'")
_SIMILAR = re.compile(r"'([^']*)' \u2248 '([^']*)'")
_STORIES = {s.id: s for s in REASON_STORIES}


def _matches(matcher: Matcher, question: str) -> list[StoryMatch]:
    return matcher.match(question, top=len(REASON_STORIES)).stories


def _shared(match: StoryMatch) -> list[str]:
    return [w for r in match.reasons if r.startswith("shares ") for w in _QUOTED.findall(r)]


def _similar(match: StoryMatch) -> list[tuple[str, str]]:
    return [pair for r in match.reasons for pair in _SIMILAR.findall(r)]


def _variants(question: str, rng: random.Random) -> str:
    """The question with some words in another form: plural, tense, case."""
    out: list[str] = []
    for word in question.split():
        core = word.rstrip(".,?!")
        tail = word[len(core) :]
        roll = rng.random()
        if core.isalpha() and len(core) > 3 and roll < 0.25:
            core = core + ("es" if core.endswith(("s", "x", "ch", "sh")) else "s")
        elif core.isalpha() and len(core) > 3 and roll < 0.4:
            core = core.upper()
        out.append(core + tail)
    return " ".join(out)


@pytest.fixture(scope="module")
def tpm_reason_matcher(tpm: CompetencyFramework) -> Matcher:
    return Matcher(tpm, stories=REASON_STORIES)


@pytest.fixture(scope="module")
def lp_reason_matcher(amazon_lp: CompetencyFramework) -> Matcher:
    return Matcher(amazon_lp, stories=REASON_STORIES)


def _all_questions() -> list[str]:
    rng = random.Random(20)
    return [*REASON_QUESTIONS, *(_variants(q, rng) for q in REASON_QUESTIONS)]


@pytest.mark.parametrize("matcher_name", ["tpm_reason_matcher", "lp_reason_matcher"])
def test_every_shared_word_occurs_in_both_question_and_story(
    request: pytest.FixtureRequest, matcher_name: str
) -> None:
    matcher: Matcher = request.getfixturevalue(matcher_name)
    checked = 0
    for question in _all_questions():
        for match in _matches(matcher, question):
            text = story_text(_STORIES[match.id])
            for word in _shared(match):
                assert occurs(word, question), f"{question!r}: {word!r} is not in the question"
                assert occurs(word, text), f"{question!r}: {word!r} is not in {match.id}"
                checked += 1
    # The samples are written to share many words; a matcher that never says
    # "shares" would pass the loop above without proving anything.
    assert checked >= 100


@pytest.mark.parametrize("matcher_name", ["tpm_reason_matcher", "lp_reason_matcher"])
def test_similar_wordings_quote_the_story_then_the_question(
    request: pytest.FixtureRequest, matcher_name: str
) -> None:
    matcher: Matcher = request.getfixturevalue(matcher_name)
    checked = 0
    for question in _all_questions():
        asked = words(question)
        for match in _matches(matcher, question):
            told = words(story_text(_STORIES[match.id]))
            for story_side, question_side in _similar(match):
                assert all(any(same_word(w, t) for t in told) for w in words(story_side)), (
                    f"{question!r}: {story_side!r} is not in {match.id}"
                )
                assert all(any(same_word(w, a) for a in asked) for w in words(question_side)), (
                    f"{question!r}: {question_side!r} is not in the question"
                )
                checked += 1
    assert checked >= 20


def test_a_match_through_other_words_says_both_sides(tpm_reason_matcher: Matcher) -> None:
    focus = next(
        m
        for m in _matches(tpm_reason_matcher, "How do you prioritize competing requests?")
        if m.id == "focus-roadmap"
    )
    assert "shares 'prioritize'" not in " ".join(focus.reasons)
    pairs = _similar(focus)
    assert any(question_side == "prioritize" for _story_side, question_side in pairs)
    assert ("conflicting", "competing requests") in pairs


@pytest.mark.parametrize(
    ("question", "story_id", "word"),
    [
        ("Tell me about a time you disagreed with your manager.", "directors-agree", "disagreed"),
        ("Tell me about a time you missed a deadline.", "never-missed", "missed"),
        ("Tell me about a time you met a hard deadline.", "missed-deadline", "met"),
        ("Tell me about a vendor you did not trust.", "missed-deadline", "trust"),
        ("How did you earn the trust of a team?", "distrust-vendor", "trust"),
        ("Tell me about fixing unreliable tests.", "reliable-tests", "unreliable"),
    ],
)
def test_negated_and_opposite_words_are_never_shared(
    tpm_reason_matcher: Matcher, question: str, story_id: str, word: str
) -> None:
    for match in _matches(tpm_reason_matcher, question):
        if match.id != story_id:
            continue
        assert word not in _shared(match), match.reasons
        for story_side, question_side in _similar(match):
            # Never paired as if they meant the same: "'agree' ≈ 'disagreed'".
            assert not (word in question_side and story_side.split()[-1] in word), match.reasons


def test_the_same_sense_negated_on_both_sides_is_shared(tpm: CompetencyFramework) -> None:
    story = _STORIES["never-missed"]
    matcher = Matcher(tpm, stories=[story])
    match = _matches(matcher, "Tell me about a program where you never missed a payment.")[0]
    assert "missed" in _shared(match)


def test_no_reason_ends_mid_phrase(tpm_reason_matcher: Matcher) -> None:
    from storybank.core.questions import builtin_questions

    bank = {q.text for q in builtin_questions()}
    prefix = "like the bank question '"
    for question in REASON_QUESTIONS:
        result = tpm_reason_matcher.match(question, top=len(REASON_STORIES))
        reasons = [r for m in result.stories for r in m.reasons]
        reasons += [r for c in result.competencies for r in c.reasons]
        for reason in reasons:
            assert not reason.endswith((" matches", " match", "...", "\u2026")), reason
            if reason.startswith(prefix):
                assert reason.endswith("'") and reason[len(prefix) : -1] in bank, reason


def test_a_bank_question_is_quoted_whole(tpm: CompetencyFramework) -> None:
    from storybank.core.models import Question

    long_text = (
        "Tell me about a program where the zorblax migration, the quuxing rollout and the "
        "hiring plan all depended on one overloaded platform team."
    )
    own = Question(id="zorblax-long", text=long_text, competencies={"tpm": ["program-execution"]})
    matcher = Matcher(tpm, [own])
    reasons = [r for c in matcher.competencies_for("zorblax quuxing platform") for r in c.reasons]
    assert f"like the bank question '{long_text}'" in reasons


def test_an_exact_cue_says_where_it_was_found(tpm_reason_matcher: Matcher) -> None:
    best = tpm_reason_matcher.competencies_for("How do you influence without authority?")[0]
    assert "cue 'influence without authority' appears in the question" in best.reasons


def test_words_inside_the_story_count_not_words_of_other_stories(tpm: CompetencyFramework) -> None:
    quiet = Story(
        id="quiet",
        title="A quiet quarter",
        situation="Nothing much happened.",
        competencies={"tpm": ["prioritization"]},
    )
    matcher = Matcher(tpm, stories=[quiet, _STORIES["focus-roadmap"]])
    for match in _matches(matcher, "How do you prioritize competing requests?"):
        if match.id == "quiet":
            assert _shared(match) == []
            assert _similar(match) == []
