"""Question -> competencies: questions written for these tests land where they should."""

from __future__ import annotations

import pytest

from matching.questions_by_competency import AMAZON_LP, TPM
from storybank.core.models import CompetencyFramework
from storybank.matching import Matcher


def _cases(table: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    return [(comp, question) for comp, questions in table.items() for question in questions]


def test_every_competency_has_test_questions(
    tpm: CompetencyFramework, amazon_lp: CompetencyFramework
) -> None:
    assert set(TPM) == set(tpm.ids)
    assert set(AMAZON_LP) == set(amazon_lp.ids)


@pytest.mark.parametrize(("expected", "question"), _cases(TPM))
def test_tpm_question_finds_its_competency_in_the_top_three(
    tpm_matcher: Matcher, expected: str, question: str
) -> None:
    ranked = [c.id for c in tpm_matcher.competencies_for(question, top=3)]
    assert expected in ranked


@pytest.mark.parametrize(("expected", "question"), _cases(AMAZON_LP))
def test_lp_question_finds_its_principle_in_the_top_three(
    lp_matcher: Matcher, expected: str, question: str
) -> None:
    ranked = [c.id for c in lp_matcher.competencies_for(question, top=3)]
    assert expected in ranked


@pytest.mark.parametrize(
    ("matcher_name", "table"), [("tpm_matcher", TPM), ("lp_matcher", AMAZON_LP)]
)
def test_most_test_questions_rank_their_competency_first(
    request: pytest.FixtureRequest, matcher_name: str, table: dict[str, tuple[str, ...]]
) -> None:
    matcher: Matcher = request.getfixturevalue(matcher_name)
    cases = _cases(table)
    first = sum(matcher.competencies_for(q, top=1)[0].id == comp for comp, q in cases)
    assert first / len(cases) >= 0.75


def test_scores_are_percentages_best_first(tpm_matcher: Matcher) -> None:
    ranked = tpm_matcher.competencies_for("Tell me about a conflict with a peer over scope.")
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)


def test_every_competency_comes_with_reasons(tpm_matcher: Matcher) -> None:
    ranked = tpm_matcher.competencies_for("Tell me about pushing back on an executive's date.")
    assert ranked
    assert all(c.reasons for c in ranked)


def test_the_reason_names_the_cue_and_the_words_that_matched(tpm_matcher: Matcher) -> None:
    best = tpm_matcher.competencies_for("When did you push back on your boss?", top=1)[0]
    assert best.id == "conflict"
    assert best.reasons[0] == (
        "cue 'disagreement with your manager' matches 'push back' and 'boss'"
    )
    assert "cue 'disagree' matches 'push back'" in best.reasons


def test_a_cue_written_exactly_is_reported_as_such(tpm_matcher: Matcher) -> None:
    best = tpm_matcher.competencies_for("What do you do with a tight deadline?", top=1)[0]
    assert best.id == "risk-and-pressure"
    assert "cue 'tight deadline' appears in the question" in best.reasons


def test_nearest_bank_questions_are_named(tpm_matcher: Matcher) -> None:
    ranked = tpm_matcher.competencies_for("Describe the largest program you have run.")
    assert any(r.startswith("like the bank question '") for c in ranked for r in c.reasons)


def test_top_limits_the_list(tpm_matcher: Matcher) -> None:
    question = "Tell me about a risky launch with an unhappy customer and a tight deadline."
    assert len(tpm_matcher.competencies_for(question, top=2)) == 2
    assert tpm_matcher.competencies_for(question, top=0) == []
    assert len(tpm_matcher.competencies_for(question)) > 2


def test_names_match_the_framework(tpm_matcher: Matcher, tpm: CompetencyFramework) -> None:
    for score in tpm_matcher.competencies_for("Tell me about a failed project."):
        comp = tpm.get(score.id)
        assert comp is not None
        assert score.name == comp.name


def test_typos_are_forgiven(tpm_matcher: Matcher) -> None:
    ranked = tpm_matcher.competencies_for("Tell me about a dissagreement with your stakholders")
    assert {"conflict", "stakeholder-communication"} <= {c.id for c in ranked[:2]}


def test_a_user_question_teaches_the_matcher(tpm: CompetencyFramework) -> None:
    from storybank.core.models import Question
    from storybank.core.questions import builtin_questions

    question = "Tell me about zorblax and quuxing."
    before = Matcher(tpm).competencies_for(question)
    own = Question(
        id="zorblax",
        text="What did you learn from zorblax and quuxing?",
        competencies={"tpm": ["failure-and-learning"]},
    )
    after = Matcher(tpm, [*builtin_questions(), own]).competencies_for(question)
    assert "failure-and-learning" not in [c.id for c in before[:1]]
    assert after[0].id == "failure-and-learning"
    assert any("zorblax" in r for r in after[0].reasons)


@pytest.mark.parametrize(
    "question", ["", "   ", "?!?!", "Tell me about a time when", "\u79c1\u306e\u30c1\u30fc\u30e0"]
)
def test_no_content_no_competencies(tpm_matcher: Matcher, question: str) -> None:
    assert tpm_matcher.competencies_for(question) == []


def test_a_user_framework_works_from_its_own_cues_and_descriptions() -> None:
    framework = CompetencyFramework.model_validate(
        {
            "id": "startup",
            "name": "Startup values",
            "competencies": [
                {
                    "id": "scrappy",
                    "name": "Scrappy",
                    "description": "Getting things done with very little money or help.",
                    "cues": ["tiny budget", "bootstrap"],
                },
                {
                    "id": "candor",
                    "name": "Candor",
                    "description": "Saying the hard thing early and kindly.",
                    "cues": ["honest feedback", "hard conversation"],
                },
            ],
        }
    )
    matcher = Matcher(framework)
    assert matcher.competencies_for("How did you launch with no budget?")[0].id == "scrappy"
    best = matcher.competencies_for("Tell me about a difficult conversation with a peer.")[0]
    assert best.id == "candor"
    assert best.reasons == ["'difficult conversation' matches the name 'Candor'"]
