"""Every write puts on disk exactly what the bank holds; unchanged tables are not encoded again.

The storage reuses the JSON of a table that no change touched since the last
write (a rating changes the cards, not the interview rounds). These tests run
real changes of every kind through the bank and the drills and compare, after
each, the file's bytes with a full encoding of what the bank holds in memory:
the fast path and the slow one must write the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import story, with_follow_ups
from storybank.errors import FileChangedError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.debriefs import QuestionEntry, RoundNotes
from storybank.scheduling.drills import Drills
from storybank.scheduling.models import AskedFollowUp
from storybank.storage.atomic_storage import encode_bank
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def assert_written_as_held(bank: Bank, bank_file: Path) -> None:
    """The file holds the full encoding of the bank's data in memory, byte for byte."""
    held = bank._storage.read()
    assert held is not None
    assert bank_file.read_bytes() == encode_bank(held)


def retitle(bank: Bank, story_id: str, title: str) -> None:
    """Save a story under a new title."""
    bank.save_story(bank.get_story(story_id).model_copy(update={"title": title}))


def rated_bank(make_bank: MakeBank, open_drills: OpenDrills) -> Bank:
    """A bank of two stories, one of whose cards was rated (cards, log and stories written)."""
    bank = make_bank(story("s-one"), story("s-two"))
    drills = open_drills(bank)
    card = next(c.id for c in drills.deck.cards() if c.active)
    drills.ledger.review(card, Rating.Good, duration_s=30)
    return bank


def test_each_change_writes_what_the_bank_holds(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path, clock: FixedClock
) -> None:
    bank = make_bank(
        story("s-deadline"), with_follow_ups("s-conflict", "What did the director say?")
    )
    drills = open_drills(bank)
    cards = [c.id for c in drills.deck.cards() if c.active]
    assert cards

    drills.ledger.review(cards[0], Rating.Good, duration_s=30)
    assert_written_as_held(bank, bank_file)

    interview = drills.interviews.add("Acme", clock.now().date() - timedelta(days=1), "onsite")
    assert_written_as_held(bank, bank_file)
    drills.debriefs.debrief(
        interview.id,
        [
            QuestionEntry(
                "Tell me about a disagreement with a peer.",
                story="s-conflict",
                went="shaky",
                follow_ups=[AskedFollowUp(text="Who decided in the end?", answered=False)],
            )
        ],
        RoundNotes(outcome="rejected", feedback="Wanted more on the result."),
    )
    assert_written_as_held(bank, bank_file)

    clock.advance(days=1)
    drills.ledger.review(cards[1 % len(cards)], Rating.Hard, duration_s=40)
    assert_written_as_held(bank, bank_file)

    drills.ledger.undo_last()
    assert_written_as_held(bank, bank_file)

    retitle(bank, "s-deadline", "Deadline, re-planned")
    assert_written_as_held(bank, bank_file)

    drills.debriefs.outcome(interview.id, "advanced")
    assert_written_as_held(bank, bank_file)

    drills.ledger.reset_card(cards[0])
    assert_written_as_held(bank, bank_file)

    bank.delete_story("s-deadline")
    assert_written_as_held(bank, bank_file)
    reopened = json.loads(bank_file.read_bytes())
    assert "Deadline, re-planned" not in json.dumps(reopened)


def test_a_change_dropped_by_a_failed_batch_is_never_written_later(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    bank = rated_bank(make_bank, open_drills)

    with pytest.raises(RuntimeError), bank.batch():
        retitle(bank, "s-one", "Never saved")
        raise RuntimeError("the change is abandoned")

    retitle(bank, "s-two", "Saved")
    assert_written_as_held(bank, bank_file)
    text = bank_file.read_text(encoding="utf-8")
    assert "Never saved" not in text
    assert "Saved" in text


def test_after_another_program_changed_the_file_writes_start_from_that_file(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    bank = rated_bank(make_bank, open_drills)

    # Another program renames a story in the file (a sync client, an editor).
    outside = json.loads(bank_file.read_bytes())
    for doc in outside["stories"].values():
        if doc["id"] == "s-one":
            doc["title"] = "Renamed elsewhere"
    bank_file.write_bytes(encode_bank(outside))

    with pytest.raises(FileChangedError):
        retitle(bank, "s-two", "Mine")
    retitle(bank, "s-two", "Mine")
    assert_written_as_held(bank, bank_file)
    text = bank_file.read_text(encoding="utf-8")
    assert "Renamed elsewhere" in text
    assert "Mine" in text
