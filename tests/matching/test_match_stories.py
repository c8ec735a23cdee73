"""Question -> stories: ranking, reasons, gaps, odd input and the JSON shape."""

from __future__ import annotations

import json

import pytest

from matching.story_samples import (
    ALL_STORIES,
    LAUNCH_INCIDENT,
    ROADMAP_DISPUTE,
    UNTAGGED_MENTORING,
    VENDOR_MIGRATION,
)
from storybank.core.models import CompetencyFramework
from storybank.matching import Matcher, MatchResult, match_to_json

MARKUP_TITLE = "[bold]x[/] [/] [link=https://e]y[/link] [@click=app.quit]z"


def test_the_story_tagged_with_the_question_s_competency_wins(story_matcher: Matcher) -> None:
    result = story_matcher.match("Tell me about a disagreement with another director.")
    assert result.stories[0].id == ROADMAP_DISPUTE.id
    assert result.good_match
    assert result.gaps == []


def test_reasons_name_the_tag_the_cue_and_shared_words(story_matcher: Matcher) -> None:
    best = story_matcher.match("Tell me about a disagreement with another director.").stories[0]
    assert best.reasons[0] == "covers Conflict and disagreement (your tag)"
    assert "cue 'disagree' matches 'disagreement'" in best.reasons
    assert any(r.startswith("shares ") and "'director'" in r for r in best.reasons)


def test_every_ranked_story_has_reasons(story_matcher: Matcher) -> None:
    result = story_matcher.match("How do you handle an outage during a launch?", top=10)
    assert result.stories
    assert all(s.reasons for s in result.stories)


def test_scores_are_percentages_best_first(story_matcher: Matcher) -> None:
    result = story_matcher.match("How do you handle an outage during a launch?", top=10)
    scores = [s.score for s in result.stories]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 100 for s in scores)
    assert result.stories[0].id == LAUNCH_INCIDENT.id


def test_an_untagged_story_is_matched_through_suggested_tags(story_matcher: Matcher) -> None:
    result = story_matcher.match("Tell me about mentoring someone who was struggling.")
    best = result.stories[0]
    assert best.id == UNTAGGED_MENTORING.id
    assert "covers Cross-functional leadership (suggested from its text)" in best.reasons


def test_words_of_a_title_find_the_story(story_matcher: Matcher) -> None:
    result = story_matcher.match("analytics pipeline vendor")
    assert result.stories[0].id == VENDOR_MIGRATION.id
    assert any("'pipeline'" in r for r in result.stories[0].reasons)


def test_no_good_match_names_the_missing_competency(tpm: CompetencyFramework) -> None:
    matcher = Matcher(tpm, stories=[LAUNCH_INCIDENT, VENDOR_MIGRATION])
    result = matcher.match("Tell me about a conflict with a peer who disagreed with you.")
    assert result.competencies[0].id == "conflict"
    assert not result.good_match
    assert result.stories == []
    assert result.gaps == [
        "none of your stories covers Conflict and disagreement",
        "none of your stories fits this question",
    ]


def test_a_weak_match_names_the_closest_story(tpm: CompetencyFramework) -> None:
    matcher = Matcher(tpm, stories=[LAUNCH_INCIDENT, VENDOR_MIGRATION])
    result = matcher.match("Tell me about a conflict with a peer during a launch.")
    assert not result.good_match
    assert {s.id for s in result.stories} == {LAUNCH_INCIDENT.id, VENDOR_MIGRATION.id}
    assert result.gaps == [
        "none of your stories covers Conflict and disagreement",
        f"no story fits this question well; the closest is '{result.stories[0].title}'",
    ]


def test_an_empty_bank_says_so(tpm: CompetencyFramework) -> None:
    result = Matcher(tpm).match("Tell me about a conflict with a peer.")
    assert result.stories == []
    assert result.competencies
    assert result.gaps == ["your bank has no stories yet: add one to see matches"]
    assert not result.good_match


def test_top_limits_the_stories(story_matcher: Matcher) -> None:
    question = "Tell me about a launch that was at risk."
    assert len(story_matcher.match(question, top=1).stories) == 1
    assert story_matcher.match(question, top=0).stories == []


def test_update_stories_adds_and_removes(story_matcher: Matcher) -> None:
    question = "Tell me about a disagreement with another director."
    story_matcher.update_stories([LAUNCH_INCIDENT, VENDOR_MIGRATION])
    assert ROADMAP_DISPUTE.id not in [s.id for s in story_matcher.match(question).stories]
    story_matcher.update_stories(ALL_STORIES)
    assert story_matcher.match(question).stories[0].id == ROADMAP_DISPUTE.id


def test_an_edited_story_is_reanalysed(story_matcher: Matcher) -> None:
    edited = VENDOR_MIGRATION.model_copy(update={"title": "Renaming the zorblax pipelines"})
    story_matcher.update_stories([LAUNCH_INCIDENT, edited, ROADMAP_DISPUTE])
    assert story_matcher.match("zorblax").stories[0].id == VENDOR_MIGRATION.id


def test_the_same_question_gives_the_same_answer(story_matcher: Matcher) -> None:
    question = "Describe a time you had to prioritize between two teams."
    assert story_matcher.match(question) == story_matcher.match(question)


def test_markup_in_titles_is_returned_literally(tpm: CompetencyFramework) -> None:
    story = ROADMAP_DISPUTE.model_copy(update={"id": "markup", "title": MARKUP_TITLE})
    result = Matcher(tpm, stories=[story]).match("Tell me about a disagreement.")
    assert result.stories[0].title == MARKUP_TITLE


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_an_empty_question_asks_for_one(story_matcher: Matcher, question: str) -> None:
    result = story_matcher.match(question)
    assert result == MatchResult(
        question, "tpm", [], [], ["type a question to see which story answers it"], False
    )


@pytest.mark.parametrize(
    "question",
    [
        "?!?!... --- ;;;",
        "Tell me about a time when",
        "conflict " * 1_200,
        "\u79c1\u306e\u30c1\u30fc\u30e0\u3068\u306e\u5bfe\u7acb\u306b\u3064\u3044\u3066",
        "Erz\u00e4hlen Sie von einer Zeit, in der Sie gescheitert sind.",
        "[bold]conflict[/] with [link=https://example.com]a peer[/link] [@click=app.quit]",
        "\u0000\u200b\ufeff",
    ],
)
def test_odd_input_gives_a_clear_answer(story_matcher: Matcher, question: str) -> None:
    result = story_matcher.match(question)
    assert result.question == question
    assert result.framework_id == "tpm"
    assert all(0 <= c.score <= 100 for c in result.competencies)
    assert all(0 <= s.score <= 100 for s in result.stories)
    if not result.good_match:
        assert result.gaps, "a weak answer must say why"
    json.dumps(match_to_json(result))


def test_a_question_with_no_words_says_what_to_do(story_matcher: Matcher) -> None:
    result = story_matcher.match("?!?!... --- ;;;")
    assert result.competencies == []
    assert result.stories == []
    assert result.gaps[0].startswith("nothing to match on")


def test_a_foreign_question_says_nothing_stands_out(story_matcher: Matcher) -> None:
    result = story_matcher.match("\u79c1\u306e\u30c1\u30fc\u30e0\u3068\u306e\u5bfe\u7acb")
    assert result.competencies == []
    assert not result.good_match
    assert result.gaps[0].startswith("no Technical Program Manager competency stands out")


def test_a_very_long_question_still_matches(story_matcher: Matcher) -> None:
    result = story_matcher.match("Tell me about a conflict with another director. " * 250)
    assert result.competencies[0].id == "conflict"
    assert result.stories[0].id == ROADMAP_DISPUTE.id


def test_json_has_exactly_the_documented_shape(story_matcher: Matcher) -> None:
    result = story_matcher.match("Tell me about a disagreement with another director.", top=3)
    data = match_to_json(result)
    assert list(data) == ["question", "framework", "competencies", "stories"]
    assert data["question"] == "Tell me about a disagreement with another director."
    assert data["framework"] == "tpm"
    assert data["competencies"]
    for comp in data["competencies"]:
        assert list(comp) == ["id", "name", "score"]
        assert isinstance(comp["score"], int)
    assert 1 <= len(data["stories"]) <= 3
    for story in data["stories"]:
        assert list(story) == ["id", "title", "score", "readiness", "reasons"]
        assert story["readiness"] is None  # these stories were given without one
        assert all(isinstance(r, str) for r in story["reasons"])
    assert data["stories"][0]["id"] == ROADMAP_DISPUTE.id
    assert [s["score"] for s in data["stories"]] == sorted(
        (s["score"] for s in data["stories"]), reverse=True
    )
    assert json.loads(json.dumps(data)) == data


def test_json_of_an_empty_question(story_matcher: Matcher) -> None:
    assert match_to_json(story_matcher.match("")) == {
        "question": "",
        "framework": "tpm",
        "competencies": [],
        "stories": [],
    }
