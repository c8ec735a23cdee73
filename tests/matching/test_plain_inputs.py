"""A matcher fed plain data answers exactly as one fed the validated models."""

from __future__ import annotations

import pytest

from matching.story_samples import ALL_STORIES
from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import FollowUp, Question, Story
from storybank.core.questions import builtin_question_data, builtin_questions
from storybank.matching import Matcher, match_to_json
from storybank.matching.inputs import FRAMEWORK, QUESTION, STORY, FrameworkLike

QUESTIONS = [
    "Tell me about a time you disagreed with another team about priorities.",
    "Describe a launch that went wrong and what you did in the first hour.",
    "How do you mentor someone who is new to program management?",
    "What would you do if a vendor was about to miss a contract deadline?",
    "the pipeline migration",
    "",
    "?!",
]

FOLLOWED_UP = Story(
    id="followed-up",
    title="Winning back a churning enterprise customer",
    headline="I turned a churn notice into a two-year renewal.",
    follow_ups=[
        FollowUp(question="What would you do differently?", answer="Escalate the outage sooner."),
        FollowUp(question="Who disagreed with you?"),
    ],
    competencies={"tpm": ["stakeholder-communication"]},
    tags=["customer", "renewal"],
)


def _plain_framework(framework_id: str) -> FrameworkLike:
    fw = next(f for f in builtin_frameworks() if f.id == framework_id)
    return FRAMEWORK.view(fw.model_dump(mode="json"))


@pytest.mark.parametrize("framework_id", ["tpm", "amazon-lp"])
def test_plain_and_model_matchers_give_identical_answers(framework_id: str) -> None:
    framework = next(f for f in builtin_frameworks() if f.id == framework_id)
    stories = [*ALL_STORIES, FOLLOWED_UP]
    mine = Question(id="my-own", text="Tell me about a renewal you saved", competencies={})
    models = Matcher(framework, questions=[*builtin_questions(), mine], stories=stories)
    plain = Matcher(
        _plain_framework(framework_id),
        questions=[
            *QUESTION.views(builtin_question_data()),
            QUESTION.view(mine.model_dump(mode="json")),
        ],
        stories=[STORY.view(s.model_dump(mode="json")) for s in stories],
    )
    for question in QUESTIONS:
        assert match_to_json(plain.match(question, top=10)) == match_to_json(
            models.match(question, top=10)
        ), question
        assert plain.match(question).gaps == models.match(question).gaps
    for story in stories:
        as_plain = STORY.view(story.model_dump(mode="json"))
        assert plain.suggest_competencies(as_plain) == models.suggest_competencies(story)


def test_builtin_question_data_is_the_builtin_bank() -> None:
    data = builtin_question_data()
    questions = builtin_questions()
    assert [d["id"] for d in data] == [q.id for q in questions]
    assert [d["text"] for d in data] == [q.text for q in questions]
    assert [d["competencies"] for d in data] == [q.competencies for q in questions]


def test_plain_framework_looks_competencies_up_by_id() -> None:
    fw = _plain_framework("tpm")
    first = fw.competencies[0]
    assert fw.get(first.id) is first
    assert fw.get("no-such-competency") is None
