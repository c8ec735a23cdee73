"""Lookup shows each story's readiness beside its fit, and every reason in full.

Reasons are never cut: a long one wraps onto lines indented under its own
first word, at the widths people really use (80x24 and a narrow 60x20).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from storybank.matching.results import StoryMatch
from storybank.tui.screens.lookup import REASON_INDENT, LookupScreen, story_rows
from tui.support import AppFactory

QUESTIONS = [
    "Tell me about a time you disagreed with your manager",
    "How do you prioritize competing requests from senior stakeholders?",
]


async def _ask(pilot: Pilot[object], question: str) -> LookupScreen:
    await pilot.pause()
    await pilot.press("l")
    screen = pilot.app.screen
    assert isinstance(screen, LookupScreen)
    screen.query_one("#question", Input).value = question
    for _ in range(200):  # the match runs once typing pauses
        if screen.result is not None and screen.result.question == question:
            break
        await pilot.pause(0.05)
    await pilot.pause()
    return screen


async def _all_lines(pilot: Pilot[object], results: OptionList) -> list[str]:
    """Every line of the results as drawn, scrolling through them."""
    lines: dict[int, str] = {}
    height = results.scrollable_content_region.height
    total = results.virtual_size.height
    for top in range(0, max(total, 1), max(height, 1)):
        results.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        offset = round(results.scroll_y)
        for row in range(height):
            if offset + row < total:
                lines[offset + row] = results.render_line(row).text.rstrip()
    assert sorted(lines) == list(range(total))
    return [lines[i] for i in range(total)]


def _reasons_as_drawn(lines: list[str]) -> list[str]:
    """The reasons read back from the drawn lines: a bullet starts one, and lines
    indented under its text continue it."""
    bullet = " " * REASON_INDENT + "• "
    hang = " " * (REASON_INDENT + 2)
    reasons: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith(bullet):
            current = [line.removeprefix(bullet)]
            reasons.append("")
        elif current is not None and line.startswith(hang) and line.strip():
            current.append(line.removeprefix(hang))
        else:
            current = None
            continue
        reasons[-1] = " ".join(current)
    return reasons


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
@pytest.mark.parametrize("question", QUESTIONS)
async def test_every_reason_is_shown_in_full_and_wraps_under_itself(
    sample_bank: Path, make: AppFactory, size: tuple[int, int], question: str
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=size) as pilot:
        screen = await _ask(pilot, question)
        assert screen.result is not None and screen.result.stories
        results = screen.query_one("#results", OptionList)
        lines = await _all_lines(pilot, results)
        width = results.scrollable_content_region.width
        assert all(len(line) <= width for line in lines)
        expected = [reason for story in screen.result.stories for reason in story.reasons]
        assert any(len(reason) > width - REASON_INDENT - 2 for reason in expected), (
            "no reason is long enough to wrap at this width"
        )
        assert _reasons_as_drawn(lines) == expected
        assert not any("…" in line for line in lines)


async def test_each_story_shows_its_readiness_beside_its_fit(
    sample_bank: Path, make: AppFactory
) -> None:
    app = make(sample_bank)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _ask(pilot, QUESTIONS[0])
        assert screen.result is not None
        catalog = app.services.catalog
        results = screen.query_one("#results", OptionList)
        lines = await _all_lines(pilot, results)
        for match in screen.result.stories:
            story = catalog.get(match.id)
            assert story is not None
            assessment = catalog.assessment(story)
            assert match.readiness == assessment.score
            badge = f"● {assessment.score:>3} {assessment.label.title()}"
            title_line = next(line for line in lines if match.title[:20] in line)
            assert f"{match.score:>3}  {badge}" in title_line


def test_a_long_title_and_reason_hang_under_their_first_line() -> None:
    match = StoryMatch(
        "s",
        "A title long enough to need a second line at this width",
        71,
        ["cue 'disagreement with your manager' matches 'disagreed' and 'manager'"],
        readiness=84,
    )
    lines = [line.plain.rstrip() for line in story_rows(match).lines(60)]
    lead = len("██████████  71  ●  84 Almost ")
    assert lines == [
        "███████░░░  71  ●  84 Almost A title long enough to need a",
        " " * lead + "second line at this width",
        " " * REASON_INDENT + "• cue 'disagreement with your manager'",
        " " * (REASON_INDENT + 2) + "matches 'disagreed' and 'manager'",
    ]


def test_user_text_in_a_reason_is_never_markup() -> None:
    match = StoryMatch("s", "[bold]x[/]", 50, ["shares '[link=https://e]y[/link]'"], readiness=None)
    rows = story_rows(match)
    text = "\n".join(line.plain for line in rows.lines(80))
    assert "[bold]x[/]" in text and "[link=https://e]y[/link]" in text
    assert all(isinstance(line, Content) for line in rows.lines(80))
