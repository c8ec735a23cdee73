"""The ledger: rating, undo, persistence and resets, against real bank files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fsrs import Card, Rating

from scheduling.drill_helpers import QUESTIONS, story
from storybank.errors import StorybankError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.review_log import log_path
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def log_lines(bank_file: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log_path(bank_file).read_text().splitlines()]


def test_a_rating_is_in_the_bank_and_the_log_after_reopening(
    make_bank: MakeBank, clock: FixedClock, bank_file: Path
) -> None:
    bank = make_bank(story("a"))
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
    outcome = drills.ledger.review(
        "recall:a", Rating.Good, duration_s=42.5, overran=True, typed="60%"
    )
    after = drills.deck.card("recall:a").record.fsrs
    drills.close()
    bank.close()

    with Bank.open(bank_file) as reopened:
        again = Drills(reopened, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        card = again.deck.card("recall:a")
        assert card.record.fsrs == after
        assert card.record.introduced == outcome.reviewed_at
        entries = again.deck.store.scan().entries
        assert len(entries) == 1
        entry = entries[0]
        assert entry.id == outcome.entry_id
        assert entry.rating == Rating.Good
        assert entry.duration_ms == 42_500
        assert entry.overran is True
        assert entry.before is not None and entry.before["last_review"] is None
        assert "after" not in entry.raw  # recomputed from "before" when needed
        assert entry.raw["typed"] == "60%"
        assert entry.raw["log"]["card_id"] == card.record.fsrs_id
        again.close()


def test_the_stored_fsrs_state_is_card_to_dict_verbatim(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    drills = open_drills(make_bank(story("a")))
    drills.ledger.review("recall:a", Rating.Easy)
    stored = json.loads(bank_file.read_text())["cards"]
    doc = next(d for d in stored.values() if d["id"] == "recall:a")
    assert doc["fsrs"] == Card.from_dict(doc["fsrs"]).to_dict()
    assert set(doc["fsrs"]) == {
        "card_id",
        "state",
        "step",
        "stability",
        "difficulty",
        "due",
        "last_review",
    }


def test_the_review_log_is_a_private_json_lines_file_beside_the_bank(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    drills = open_drills(make_bank(story("a")))
    drills.ledger.review("recall:a", Rating.Good)
    path = log_path(bank_file)
    assert path.parent == bank_file.parent
    assert path.name == "bank.json.reviews.jsonl"  # the whole file name: bank.old has its own
    assert path.stat().st_mode & 0o777 == 0o600
    lines = log_lines(bank_file)
    assert lines[0]["type"] == "header"
    assert [line["type"] for line in lines[1:]] == ["review"]
    # The bank file itself holds no review history.
    assert '"type":"review"' not in bank_file.read_text()


def test_undo_restores_the_previous_dict_and_removes_the_entry(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    before = drills.deck.card("recall:a").record.fsrs
    outcome = drills.ledger.review("recall:a", Rating.Hard)
    undone = drills.ledger.undo_last()
    assert undone.entry_id == outcome.entry_id
    assert undone.rating == Rating.Hard
    card = drills.deck.card("recall:a")
    assert card.record.fsrs == before
    assert card.record.introduced is None
    assert drills.deck.store.scan().entries == []
    assert [line["type"] for line in log_lines(bank_file)[1:]] == ["review", "undo"]
    assert [i.card_id for i in drills.deck.queue().items] == ["recall:a", "recall:b"]
    with pytest.raises(StorybankError, match="nothing to undo"):
        drills.ledger.undo_last()


def test_undo_goes_back_several_ratings_in_order(
    make_bank: MakeBank, open_drills: OpenDrills, clock: FixedClock
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    original = drills.deck.card("recall:a").record.fsrs
    drills.ledger.review("recall:a", Rating.Again)
    step_one = drills.deck.card("recall:a").record.fsrs
    clock.advance(minutes=1)
    drills.ledger.review("recall:a", Rating.Good)
    drills.ledger.review("recall:b", Rating.Easy)
    assert drills.ledger.undo_last().card_id == "recall:b"
    assert drills.ledger.undo_last().card_id == "recall:a"
    assert drills.deck.card("recall:a").record.fsrs == step_one
    assert drills.deck.card("recall:a").record.introduced is not None
    drills.ledger.undo_last()
    assert drills.deck.card("recall:a").record.fsrs == original
    assert drills.deck.card("recall:a").record.introduced is None


def test_undo_survives_a_restart(make_bank: MakeBank, clock: FixedClock, bank_file: Path) -> None:
    bank = make_bank(story("a"))
    drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
    before = drills.deck.card("recall:a").record.fsrs
    drills.ledger.review("recall:a", Rating.Good)
    drills.close()
    bank.close()
    with Bank.open(bank_file) as reopened:
        again = Drills(reopened, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        again.ledger.undo_last()
        assert again.deck.card("recall:a").record.fsrs == before
        again.close()


def test_read_only_bank_can_be_queried_not_rated(
    make_bank: MakeBank, clock: FixedClock, bank_file: Path
) -> None:
    make_bank(story("a")).close()
    with Bank.open(bank_file, read_only=True) as bank:
        drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        assert drills.deck.queue().total == 1  # cards made in memory
        with pytest.raises(StorybankError, match="read-only"):
            drills.ledger.review("recall:a", Rating.Good)
        drills.close()
    assert "cards" not in json.loads(bank_file.read_text())


def test_bad_rating_and_unknown_card_are_clear_errors(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a")))
    with pytest.raises(StorybankError, match="not a rating"):
        drills.ledger.review("recall:a", 5)
    with pytest.raises(StorybankError, match="no drill card"):
        drills.ledger.review("recall:nope", Rating.Good)


def test_rating_a_suspended_card_is_refused(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    assert drills.deck.card("recall:a").active
    bank.delete_story("a")
    with pytest.raises(StorybankError, match="suspended"):
        drills.ledger.review("recall:a", Rating.Good)


def test_editing_a_story_keeps_its_history(make_bank: MakeBank, open_drills: OpenDrills) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    drills.ledger.review("recall:a", Rating.Easy)
    state = drills.deck.card("recall:a").record.fsrs
    edited = bank.get_story("a").model_copy(update={"title": "A better title"})
    bank.save_story(edited)
    assert drills.deck.card("recall:a").record.fsrs == state


def test_rewrite_offers_a_reset_and_reset_can_be_undone(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    old = bank.get_story("a")
    rewritten = old.model_copy(
        update={
            "headline": "Something else entirely happened in the Dublin office.",
            "situation": "There was no team, only a promise made to a customer.",
            "complications": "A hiring freeze, visas and a doubtful vice president.",
            "action": "I wrote a plan, found a recruiter and ran every interview myself.",
            "result": "Eight people joined within four months and the date held.",
        }
    )
    assert not drills.ledger.offer_reset(old, rewritten)  # nothing drilled yet: nothing to lose
    drills.ledger.review("recall:a", Rating.Easy)
    reviewed = drills.deck.card("recall:a").record
    assert drills.ledger.offer_reset(old, rewritten)
    assert drills.ledger.reset_story("a") == ["recall:a"]
    fresh = drills.deck.card("recall:a")
    assert fresh.is_new and fresh.record.introduced is None
    assert fresh.record.fsrs_id == reviewed.fsrs_id
    # The history stays in the log; the reset is an entry of its own.
    assert [e.type for e in drills.deck.store.scan().entries] == ["review", "reset"]
    assert drills.ledger.undo_last().rating is None
    assert drills.deck.card("recall:a").record.fsrs == reviewed.fsrs
    assert drills.deck.card("recall:a").record.introduced == reviewed.introduced
