"""The deck keeps its cards in step with the stories by itself."""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import story, with_follow_ups
from storybank.errors import StorybankError
from storybank.matching.results import CompetencyScore, MatchResult, StoryMatch
from storybank.scheduling.debriefs import QuestionEntry
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def queued(drills: Drills) -> list[str]:
    return [i.card_id for i in drills.deck.queue().items]


def stored_cards(bank_file: Path) -> list[str]:
    return sorted(d["id"] for d in json.loads(bank_file.read_text()).get("cards", {}).values())


def test_a_story_saved_through_the_bank_is_in_the_queue_without_a_sync(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    assert queued(drills) == ["recall:a"]
    bank.save_story(story("b"))
    assert queued(drills) == ["recall:a", "recall:b"]


def test_faces_and_ratings_follow_the_stories_too(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    drills.deck.queue()
    bank.save_story(with_follow_ups("b", "What would you change?"))
    assert drills.faces.face("recall:b").prompt == "Story b"
    follow_up = next(c.id for c in drills.deck.cards_of("b") if c.kind == "followup")
    assert drills.ledger.review(follow_up, Rating.Good).story_id == "b"


def test_a_renamed_story_keeps_its_cards_and_a_deleted_one_leaves_the_queue(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    bank = make_bank(story("a"), story("b"))
    drills = open_drills(bank)
    drills.ledger.review("recall:a", Rating.Easy)
    state = drills.deck.card("recall:a").record.fsrs
    bank.rename_story("a", bank.get_story("a").model_copy(update={"id": "a2"}))
    assert drills.deck.card("recall:a2").record.fsrs == state
    bank.delete_story("b")
    assert drills.deck.card("recall:b").record.suspended == "story-deleted"
    assert "recall:b" not in queued(drills)


def test_opening_reads_the_cards_and_the_first_queue_writes_them_once(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    bank = make_bank(story("a"), story("b"))
    drills = open_drills(bank)
    assert stored_cards(bank_file) == []
    drills.deck.queue()
    written = bank_file.read_bytes()
    assert stored_cards(bank_file) == [
        "question:a:q-deadline",
        "question:b:q-ambiguity",
        "recall:a",
        "recall:b",
    ]
    drills.deck.queue()
    drills.faces.face("recall:a")
    assert bank_file.read_bytes() == written  # nothing changed, nothing written


def test_rating_writes_cards_without_changing_the_bank_revision(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    drills.deck.queue()
    revision = bank.revision
    drills.ledger.review("recall:a", Rating.Good)
    drills.flags.flag("a")
    assert bank.revision == revision


def test_a_read_only_bank_follows_its_stories_in_memory(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    make_bank(story("a")).close()
    with Bank.open(bank_file, read_only=True) as bank:
        drills = open_drills(bank)
        assert queued(drills) == ["recall:a"]
    assert stored_cards(bank_file) == []


class OneStoryMatcher:
    """Every question is answered well by story ``a``."""

    def match(self, question: str, top: int = 5) -> MatchResult:
        return MatchResult(question, "tpm", [], [StoryMatch("a", "t", 80)], [], True)

    def competencies_for(self, question: str, top: int | None = None) -> list[CompetencyScore]:
        return []


def test_a_batch_the_disk_refuses_leaves_no_card_the_bank_does_not_hold(
    make_bank: MakeBank,
    open_drills: OpenDrills,
    bank_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bank = make_bank(story("a"))
    drills = open_drills(bank)
    interview = drills.interviews.add("Acme", date(2025, 3, 3))
    drills.deck.queue()
    before = bank_file.read_bytes()

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", full_disk)
        with pytest.raises(StorybankError, match="could not save"):
            drills.debriefs.log(
                interview.id,
                [QuestionEntry("Why us?")],
                told=["a"],
                matcher=OneStoryMatcher(),
                allow_future=True,
            )
    assert bank_file.read_bytes() == before
    assert bank.questions() == []
    assert not drills.deck.has("question:a:why-us")
    logged = drills.debriefs.log(
        interview.id,
        [QuestionEntry("Why us?")],
        told=["a"],
        matcher=OneStoryMatcher(),
        allow_future=True,
    )
    assert logged.cards_added == ["question:a:why-us"]
    assert drills.deck.has("question:a:why-us")
