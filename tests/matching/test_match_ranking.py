"""Question -> stories: rankings a user would agree with."""

from __future__ import annotations

import pytest

from matching.reason_samples import REASON_STORIES
from storybank.core.models import CompetencyFramework, Story
from storybank.matching import Matcher
from storybank.matching.inputs import RatedStory
from storybank.matching.matcher import rank_key

_STORIES = {s.id: s for s in REASON_STORIES}


def _order(matcher: Matcher, question: str) -> list[str]:
    """Story ids best first; stories that do not fit at all come last, in bank order."""
    shown = [s.id for s in matcher.match(question, top=len(REASON_STORIES)).stories]
    return shown + [s.id for s in REASON_STORIES if s.id not in shown]


@pytest.fixture(scope="module", params=["tpm", "amazon-lp"])
def matcher(
    request: pytest.FixtureRequest, tpm: CompetencyFramework, amazon_lp: CompetencyFramework
) -> Matcher:
    framework = tpm if request.param == "tpm" else amazon_lp
    return Matcher(framework, stories=REASON_STORIES)


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you had to deliver difficult feedback.",
        "Describe giving negative feedback to someone on your team.",
        "A time you provided critical feedback to a senior engineer",
        "How do you give tough feedback to a colleague?",
    ],
)
def test_giving_feedback_finds_the_story_of_giving_it(matcher: Matcher, question: str) -> None:
    order = _order(matcher, question)
    assert order.index("gave-feedback") < order.index("received-feedback")
    assert order[0] == "gave-feedback"


@pytest.mark.parametrize(
    "question",
    [
        "Describe critical feedback you received and what you changed.",
        "How do you handle criticism of your work?",
        "Tell me about feedback your director gave you.",
        "What did you do with the feedback you got from your manager?",
    ],
)
def test_receiving_feedback_finds_the_story_of_receiving_it(
    matcher: Matcher, question: str
) -> None:
    order = _order(matcher, question)
    assert order.index("received-feedback") < order.index("gave-feedback")


def test_a_story_of_giving_feedback_does_not_share_feedback_with_receiving_it(
    tpm: CompetencyFramework,
) -> None:
    matcher = Matcher(tpm, stories=[_STORIES["gave-feedback"]])
    for story in matcher.match("Describe critical feedback you received.").stories:
        assert not any("feedback" in r for r in story.reasons if not r.startswith("cue "))


@pytest.mark.parametrize(
    "question",
    [
        "Tell me about a time you saved money for the company.",
        "How have you reduced costs on a project?",
        "Describe cutting what your team spends on infrastructure.",
        "A time you lowered the bill for a service",
    ],
)
def test_a_question_about_saving_money_finds_the_cost_cut(matcher: Matcher, question: str) -> None:
    result = matcher.match(question, top=3)
    assert result.stories[0].id == "cloud-bill"
    assert result.good_match


def test_a_cost_cut_tagged_for_something_else_still_answers_a_savings_question(
    tpm: CompetencyFramework,
) -> None:
    # The user tagged the cost cut for ownership; a story tagged with the
    # question's competency but saying nothing about money must not beat it.
    revenue = Story(
        id="pricing-page",
        title="Redesigning the pricing page",
        headline="I led a pricing page redesign with design and marketing.",
        action="I ran user interviews and three design reviews.",
        result="Sign-ups grew 12%.",
        competencies={"tpm": ["customer-impact"]},
    )
    matcher = Matcher(tpm, stories=[revenue, _STORIES["cloud-bill"]])
    result = matcher.match("Tell me about a time you saved money for the company.")
    assert [s.id for s in result.stories][:1] == ["cloud-bill"]


def _twin(story_id: str, title: str) -> Story:
    base = _STORIES["focus-roadmap"]
    return base.model_copy(update={"id": story_id, "title": title})


def test_equal_stories_are_never_ordered_by_title(tpm: CompetencyFramework) -> None:
    senior = _twin("senior", "Zoning the platform roadmap across twelve teams")
    intern = _twin("intern", "A summer on the roadmap")
    question = "How do you prioritize competing requests?"
    for bank in ([senior, intern], [intern, senior]):
        order = [s.id for s in Matcher(tpm, stories=bank).match(question).stories]
        # Identical in everything but the title: the bank's order stands.
        assert order == [bank[0].id, bank[1].id]


def test_ties_go_to_the_readier_story_then_the_stronger_match() -> None:
    ranked = sorted(
        [
            ("weaker", rank_key(80, 0.801, None)),
            ("ready", rank_key(80, 0.799, 95)),
            ("stronger", rank_key(80, 0.804, None)),
            ("half-ready", rank_key(80, 0.81, 40)),
            ("best", rank_key(90, 0.9, None)),
        ],
        key=lambda item: item[1],
    )
    assert [name for name, _key in ranked] == ["best", "ready", "half-ready", "stronger", "weaker"]


def test_a_rated_story_wins_a_tie_by_its_readiness_and_shows_it(
    tpm: CompetencyFramework,
) -> None:
    story = _STORIES["focus-roadmap"]
    draft = RatedStory(story.model_copy(update={"id": "draft", "title": "Draft"}), readiness=40)
    ready = RatedStory(story.model_copy(update={"id": "ready", "title": "Ready"}), readiness=90)
    for bank in ([draft, ready], [ready, draft]):
        result = Matcher(tpm, stories=bank).match("How do you prioritize competing requests?")
        assert [(s.id, s.readiness) for s in result.stories] == [("ready", 90), ("draft", 40)]
        assert result.stories[0].score == result.stories[1].score


def test_a_readier_story_never_outranks_a_better_fit(tpm: CompetencyFramework) -> None:
    fits = RatedStory(_STORIES["missed-deadline"], readiness=30)
    ready = RatedStory(_STORIES["received-feedback"], readiness=100)
    result = Matcher(tpm, stories=[ready, fits]).match("Tell me about a time you missed a deadline")
    assert [s.id for s in result.stories] == ["missed-deadline", "received-feedback"]
    assert result.stories[0].score > result.stories[1].score


def test_a_rated_story_is_matched_like_the_story_it_rates(tpm: CompetencyFramework) -> None:
    bare = Matcher(tpm, stories=REASON_STORIES)
    rated = Matcher(tpm, stories=[RatedStory(s, 50) for s in REASON_STORIES])
    for question in ("How do you prioritize competing requests?", "A time you saved money"):
        plain, with_readiness = bare.match(question, top=10), rated.match(question, top=10)
        assert [(s.id, s.score, s.reasons) for s in plain.stories] == [
            (s.id, s.score, s.reasons) for s in with_readiness.stories
        ]
        assert all(s.readiness is None for s in plain.stories)
        assert all(s.readiness == 50 for s in with_readiness.stories)
