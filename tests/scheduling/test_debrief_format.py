"""Rounds as Markdown: lossless both ways, beside stories, and errors that name the line."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from factories import make_story
from storybank.core.frameworks import FrameworkRegistry
from storybank.errors import StorybankError
from storybank.io.markdown import parse_markdown, stories_to_markdown
from storybank.scheduling.debrief_format import (
    parse_debrief,
    parse_rounds,
    round_to_markdown,
    rounds_to_markdown,
    split_rounds,
)
from storybank.scheduling.models import AskedFollowUp, AskedQuestion, Interview, Rubric

NOW = datetime(2025, 3, 1, 12, tzinfo=UTC)
FRAMEWORKS = FrameworkRegistry.load()
HOSTILE = "# not a heading\n\\ backslash\n<!-- not a comment -->\n[bold]x[/] [/]\n  "


def debriefed() -> Interview:
    return Interview(
        id="acme-2025-02-25-onsite",
        company="Acme",
        date=date(2025, 2, 25),
        round="onsite",
        framework="amazon-lp",
        outcome="rejected",
        feedback=HOSTILE,
        confident="\nThe capacity story.",
        struggled="Numbers.",
        told=["a", "b"],
        created=NOW,
        logged=NOW,
        questions=[
            AskedQuestion(
                text="Tell me about pushing back on a director",
                question_id="tell-me-about-pushing-back",
                story="a",
                best="a",
                score=88.0,
                card="question:a:tell-me-about-pushing-back",
                went="shaky",
                follow_ups=[
                    AskedFollowUp(text="Why then?", answered=True),
                    AskedFollowUp(text="What did she say?", answered=False),
                ],
                note=HOSTILE,
                framework="amazon-lp",
                competency="have-backbone-disagree-and-commit",
                themes={"disagree": "pushing back"},
                rubric=Rubric(
                    structure=3, ownership=2, complications=3, quantified=1, lesson=2, composure=3
                ),
                seconds=112.5,
            ),
            AskedQuestion(text="Why Acme?", gap=True, went="blank"),
        ],
    )


def test_a_round_reads_back_exactly() -> None:
    original = debriefed()
    text = round_to_markdown(original)
    [parsed] = parse_rounds(text)
    assert parsed.interview(now=NOW, file="x") == original
    assert round_to_markdown(parsed.interview(now=NOW, file="x")) == text


def test_stories_and_rounds_share_one_document() -> None:
    frameworks = FRAMEWORKS
    stories = [make_story("a"), make_story("b", title="Another")]
    document = stories_to_markdown(stories, frameworks) + "\n" + rounds_to_markdown([debriefed()])
    story_text, blocks = split_rounds(document)
    assert len(story_text.split("\n")) == len(document.split("\n"))  # line numbers kept
    parsed = parse_markdown(story_text, frameworks)
    assert [p.story for p in parsed] == stories
    assert [r.interview_id for r in parse_rounds(document)] == [debriefed().id]
    assert blocks[0][0] == document.split("\n").index("# Acme, 2025-02-25 (onsite)") + 1


def test_the_debrief_to_edit_has_guidance_and_an_empty_question() -> None:
    text = round_to_markdown(debriefed(), for_editing=True)
    assert "data:" not in text and "created:" not in text
    parsed = parse_debrief(text, file="draft.md", interview_id=debriefed().id)
    assert [q.text for q in parsed.questions] == [
        "Tell me about pushing back on a director",
        "Why Acme?",
    ]
    assert parsed.notes.feedback == HOSTILE and parsed.told == ["a", "b"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("outcome: rejected", "outcome: hired"), "'hired' is not a outcome"),
        (("date: 2025-02-25", "date: 25/02/2025"), "is not a date"),
        (("went: shaky", "went: so-so"), "'so-so' is not a went"),
        (("story: a", "wat: a"), "unknown key 'wat:'"),
        (("## Struggled", "## Nerves"), "unknown section '## Nerves'"),
        (("rubric: structure 3", "rubric: structure 9"), "each rubric score is 1 to 4"),
    ],
)
def test_a_mistake_names_its_line(change: tuple[str, str], message: str) -> None:
    text = "\n" + round_to_markdown(debriefed()).replace(*change, 1)
    line = next(n for n, row in enumerate(text.split("\n"), 1) if row.startswith(change[1]))
    with pytest.raises(StorybankError, match=message) as caught:
        parse_rounds(text, file="round.md")
    assert caught.value.line == line and str(caught.value.file) == "round.md"


def test_a_debrief_must_keep_its_round_id() -> None:
    text = round_to_markdown(debriefed()).replace("interview: acme-", "interview: other-")
    with pytest.raises(StorybankError, match="keep the id"):
        parse_debrief(text, file="d.md", interview_id=debriefed().id)
