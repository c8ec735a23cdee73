"""Question cards grade a pick other than their own story fairly, and name their story."""

from __future__ import annotations

from datetime import UTC, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from textual.widgets import OptionList

from factories import make_story
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank
from tui.drill_history import fixed_drills
from tui.support import NOW, AppFactory
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
