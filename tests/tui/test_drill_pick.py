"""Question cards grade a pick other than their own story fairly, and name their story."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from textual.widgets import OptionList, Static

from factories import make_story
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.faces import EngineMatch
from storybank.storage.repository import Bank
from storybank.tui.screens.drill import engine_content
from tui.drill_history import fixed_drills
from tui.support import NOW, AppFactory, until
from tui.test_drill import Ticker, back_text, open_drill

DISPUTE = {
    "title": "Settling a dispute between two team leads over an API contract",
    "headline": "I got two team leads who disagreed about an API contract to agree in a week.",
    "situation": "Two team leads at Larkvale disagreed about the payments API contract.",
    "complications": "Each lead escalated to their director and the integration stalled.",
    "action": "I met each lead alone, wrote down both designs with their costs, and ran one "
    "meeting where they compared them against the launch risk.",
    "result": "Both leads signed off in five days and we launched on the planned date.",
}


def three_story_bank(path: Path) -> None:
    """Two tellings of one migration, tagged alike, and a dispute; every recall card
    was drilled yesterday, so today starts with a question card."""
    with Bank.create(path) as bank:
        bank.save_story(make_story("alpha", title="Alpha launch"), touch=False)
        bank.save_story(
            make_story(
                "beta",
                title="Beta migration",
                competencies={"tpm": ["ambiguity", "program-execution", "risk-and-pressure"]},
            ),
            touch=False,
        )
        bank.save_story(
            make_story("dispute", competencies={"tpm": ["conflict"]}, **DISPUTE), touch=False
        )
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=FixedClock(NOW - timedelta(days=1), UTC), fuzz=False)
        for story_id in ("alpha", "beta", "dispute"):
            drills.ledger.review(f"recall:{story_id}", Rating.Easy)
        drills.close()


@pytest.mark.parametrize(
    ("verdict", "mark"), [("fits", "✔"), ("wrong", "✖")], ids=["fits", "clearly-wrong"]
)
async def test_a_pick_other_than_the_cards_story_is_graded_fairly(
    bank_path: Path, make: AppFactory, verdict: str, mark: str
) -> None:
    three_story_bank(bank_path)
    app = make(bank_path)
    drills = fixed_drills(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_drill(pilot, Ticker())
        face = screen.face
        assert face is not None and face.kind == "question"
        assert face.story_id in ("alpha", "beta")  # the migration's cards come first
        matcher = app.services.catalog.matcher
        others = [s for s in ("alpha", "beta", "dispute") if s != face.story_id]
        grades = {s: drills.faces.grade_pick(face.card_id, s, matcher) for s in others}
        pick = next(s for s, grade in grades.items() if grade.verdict == verdict)
        assert (pick == "dispute") == (verdict == "wrong")
        picker = screen.query_one("#picker", OptionList)
        ids = [picker.get_option_at_index(i).id for i in range(picker.option_count)]
        await pilot.press(*["down"] * (ids.index(pick) + 1), "enter")
        assert screen.pick == pick
        await pilot.press("space")
        await pilot.pause()
        verdict_block = back_text(screen).split("The matcher's best stories")[0]
        grade = grades[pick]
        assert f"{mark} {grade.label}" in verdict_block
        assert grade.reason in verdict_block
        assert f"this card was made from “{face.story_title}”" in verdict_block
        assert "this card's story" not in verdict_block


def test_the_matchers_reasons_on_a_question_card_hang_in_full() -> None:
    long_reason = (
        "cue 'disagreement with a senior stakeholder' matches 'disagreed', 'directors' "
        "and 'escalated to their director'"
    )
    assert len(long_reason) > 90  # the card used to cut it at 90 characters
    engine = [
        EngineMatch("dispute", "Settling a dispute", 88, ["covers Conflict", long_reason]),
        EngineMatch("beta", "Beta migration", 61, ["a", "b", "third reason"]),
    ]
    lines = [line.plain.rstrip() for line in engine_content(engine, "beta", "dispute").lines(60)]
    assert lines == [
        "The matcher's best stories",
        "1.  88 Settling a dispute",
        "       ← this card's story",
        "    • covers Conflict",
        "    • cue 'disagreement with a senior stakeholder' matches",
        "      'disagreed', 'directors' and 'escalated to their",
        "      director'",
        "2.  61 Beta migration",
        "       ✔ your pick",
        "    • a",
        "    • b",
        "    • third reason",  # every reason, not the first two
    ]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_a_revealed_question_card_shows_every_reason_of_the_matcher_in_full(
    bank_path: Path, make: AppFactory, size: tuple[int, int]
) -> None:
    three_story_bank(bank_path)
    app = make(bank_path)
    fixed_drills(app)
    async with app.run_test(size=size) as pilot:
        screen = await open_drill(pilot, Ticker())
        face = screen.face
        assert face is not None and face.kind == "question"
        await pilot.press("space")
        await until(pilot, lambda: "The matcher's best stories" in back_text(screen))
        back = screen.query_one("#back", Static)
        await until(pilot, lambda: back.size.width > 0)
        drawn = [back.render_line(y).text.rstrip() for y in range(back.size.height)]
        assert not any("…" in line for line in drawn)
        assert all(len(line) <= back.size.width for line in drawn)
        # Read the reasons back: a bullet starts one, lines hung under it go on.
        reasons: list[str] = []
        for line in drawn:
            if line.startswith("    • "):
                reasons.append(line.removeprefix("    • "))
            elif reasons and line.startswith("      ") and line.strip():
                reasons[-1] += " " + line.strip()
        expected = [reason for match in screen._engine for reason in match.reasons]
        assert expected and reasons[: len(expected)] == expected
