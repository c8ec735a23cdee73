"""The review log file: torn and damaged lines, crash repair between its two writes,
replaced banks, and the file's place and mode."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import QUESTIONS, story
from storybank.errors import DamagedBankError, FileChangedError, StorybankError
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.models import CardRecord
from storybank.scheduling.review_log import ReviewLogFile, log_path
from storybank.scheduling.store import CARDS, DrillStore, check_review_log
from storybank.storage import atomic_storage
from storybank.storage.files import NotSavedError
from storybank.storage.repository import Bank


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 1, 15, tzinfo=UTC))


@pytest.fixture
def bank_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "data" / "bank.json"
    with Bank.create(path) as bank:
        for item in (story("a"), story("b"), story("c")):
            bank.save_story(item, touch=False)
    yield path


def drills_for(bank: Bank, clock: FixedClock) -> Drills:
    return Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)


def rate(bank_file: Path, clock: FixedClock, *cards: str) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        for card in cards:
            drills.ledger.review(card, Rating.Good)
            clock.advance(minutes=1)
        drills.close()


def undo_card_write(store: DrillStore, record: CardRecord, head: str | None) -> None:
    """Put a card and the bank's head back, as if the card write of a rating never happened."""
    with store.bank.batch():
        store.put_card(record)
        store.set_head(head)


def scan(bank_file: Path) -> tuple[list[str], int, bool]:
    with Bank.open(bank_file, read_only=True) as bank:
        result = DrillStore(bank).scan()
    return [e.card for e in result.entries], result.bad_lines, result.torn_tail


def test_nothing_is_read_or_written_before_the_first_rating(
    bank_file: Path, clock: FixedClock
) -> None:
    with Bank.open(bank_file) as bank:
        drills_for(bank, clock).close()
    assert not log_path(bank_file).exists()
    assert scan(bank_file) == ([], 0, False)


def test_torn_last_line_is_ignored_then_cut_off(bank_file: Path, clock: FixedClock) -> None:
    rate(bank_file, clock, "recall:a", "recall:b")
    path = log_path(bank_file)
    with path.open("ab") as handle:
        handle.write(b'{"id":"x","type":"review","card":"recall:c","log":{"card_i')
    assert scan(bank_file) == (["recall:a", "recall:b"], 0, True)
    with Bank.open(bank_file, read_only=True) as bank:
        health = check_review_log(bank)
    assert health.torn_tail and not health.problems
    assert any("cut off" in fact for fact in health.facts)

    rate(bank_file, clock, "recall:c")
    assert scan(bank_file) == (["recall:a", "recall:b", "recall:c"], 0, False)
    assert path.read_bytes().endswith(b"\n")
    assert b'"card_i\n' not in path.read_bytes()


def test_a_complete_last_line_missing_only_its_newline_is_kept(
    bank_file: Path, clock: FixedClock
) -> None:
    rate(bank_file, clock, "recall:a")
    path = log_path(bank_file)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert scan(bank_file) == (["recall:a"], 0, False)
    rate(bank_file, clock, "recall:b")
    assert scan(bank_file) == (["recall:a", "recall:b"], 0, False)


def test_a_damaged_line_in_the_middle_is_skipped_and_reported(
    bank_file: Path, clock: FixedClock
) -> None:
    rate(bank_file, clock, "recall:a")
    path = log_path(bank_file)
    with path.open("ab") as handle:
        handle.write(b"not json at all\n")
    rate(bank_file, clock, "recall:b")
    assert scan(bank_file) == (["recall:a", "recall:b"], 1, False)
    with Bank.open(bank_file, read_only=True) as bank:
        health = check_review_log(bank)
    assert health.problems == ["1 damaged line(s) in the review log are ignored"]


def test_crash_between_log_and_card_write_is_repaired_on_open(
    bank_file: Path, clock: FixedClock
) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        before = drills.deck.card("recall:a").record
        head = drills.deck.store.head
        drills.ledger.review("recall:a", Rating.Good)
        after = drills.deck.card("recall:a").record
        # Put the card back as if the bank write never happened.
        undo_card_write(drills.deck.store, before, head)
        drills.close()
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        assert drills.deck.card("recall:a").record.fsrs == after.fsrs
        assert drills.deck.card("recall:a").record.introduced == after.introduced
        drills.close()
    with Bank.open(bank_file, read_only=True) as bank:
        assert DrillStore(bank).cards()["recall:a"].fsrs == after.fsrs


def test_crash_between_undo_tombstone_and_card_write_is_repaired(
    bank_file: Path, clock: FixedClock
) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        before = drills.deck.card("recall:a").record
        review = drills.ledger.review("recall:a", Rating.Good)
        after = drills.deck.card("recall:a").record
        drills.ledger.undo_last()
        # The restore never reached the bank: the card and head are the rating's.
        undo_card_write(drills.deck.store, after, review.entry_id)
        drills.close()
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        assert drills.deck.card("recall:a").record.fsrs == before.fsrs
        assert drills.deck.card("recall:a").record.introduced is None
        drills.close()


def test_reading_backwards_crosses_chunk_boundaries(bank_file: Path, clock: FixedClock) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        ids = []
        for _ in range(400):  # about 250 kB of log, several read chunks
            ids.append(drills.ledger.review("recall:a", Rating.Good, typed="x" * 300).entry_id)
            clock.advance(minutes=1)
        latest = [e.id for e in drills.deck.store.log.latest_live()]
        assert latest == ids[::-1]
        drills.ledger.undo_last()
        drills.ledger.undo_last()
        assert [e.id for e in drills.deck.store.log.latest_live(limit=2)] == [ids[-3], ids[-4]]
        drills.close()


def test_a_replaced_bank_starts_a_new_log_and_a_restored_one_gets_its_own_back(
    bank_file: Path, clock: FixedClock
) -> None:
    rate(bank_file, clock, "recall:a")
    old_copy = bank_file.read_bytes()
    with Bank.create(bank_file, force=True) as bank:
        bank.save_story(story("z"), touch=False)
    assert scan(bank_file) == ([], 0, False)  # the old log is not this bank's
    rate(bank_file, clock, "recall:z")
    assert scan(bank_file) == (["recall:z"], 0, False)
    aside = [p.name for p in bank_file.parent.glob("bank.json.reviews.*.jsonl")]
    assert len(aside) == 1  # moved aside, not deleted
    # Restoring the old bank brings its log back, even before anything is rated.
    bank_file.write_bytes(old_copy)
    assert scan(bank_file) == (["recall:a"], 0, False)
    rate(bank_file, clock, "recall:b")
    assert scan(bank_file) == (["recall:a", "recall:b"], 0, False)
    assert log_path(bank_file).exists()


def test_the_log_sits_beside_the_real_file_of_a_symlinked_bank(
    bank_file: Path, clock: FixedClock, tmp_path: Path
) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(bank_file)
    rate(link, clock, "recall:a")
    assert log_path(link) == log_path(bank_file)
    assert log_path(bank_file).exists()
    assert not (tmp_path / "link.reviews.jsonl").exists()


def test_read_only_log_refuses_to_append(bank_file: Path) -> None:
    log = ReviewLogFile(log_path(bank_file), "abc", read_only=True)
    with pytest.raises(StorybankError, match="read-only"):
        log.append({"type": "review"})


def test_a_damaged_card_document_names_the_card(bank_file: Path, clock: FixedClock) -> None:
    rate(bank_file, clock, "recall:a")
    data = json.loads(bank_file.read_text())
    first = next(iter(data[CARDS]))
    data[CARDS][first]["fsrs"]["state"] = 9
    bank_file.write_text(json.dumps(data))
    with Bank.open(bank_file) as bank, pytest.raises(DamagedBankError, match="drill card #"):
        drills_for(bank, clock)


def test_log_file_is_created_owner_only_even_with_a_loose_umask(
    bank_file: Path, clock: FixedClock
) -> None:
    old = os.umask(0o000)
    try:
        rate(bank_file, clock, "recall:a")
    finally:
        os.umask(old)
    assert log_path(bank_file).stat().st_mode & 0o777 == 0o600


def test_a_rating_the_bank_refuses_is_taken_back_out_of_the_log(
    bank_file: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        drills.ledger.review("recall:b", Rating.Good)
        before = drills.deck.card("recall:a").record.fsrs

        def full_disk(path: Path, data: bytes) -> None:
            raise NotSavedError(path, "No space left on device")

        # The bank write of the card fails after the log line was appended.
        monkeypatch.setattr(atomic_storage, "StagedWrite", full_disk)
        with pytest.raises(StorybankError, match="could not save"):
            drills.ledger.review("recall:a", Rating.Good)
        assert drills.deck.card("recall:a").record.fsrs == before
        assert [e.card for e in drills.deck.store.scan().entries] == ["recall:b"]
        lines = log_path(bank_file).read_text().splitlines()
        assert [json.loads(line)["type"] for line in lines] == [
            "header",
            "review",
            "review",
            "undo",
        ]
        drills.close()


def test_no_rating_is_logged_for_a_bank_file_replaced_underneath(
    bank_file: Path, clock: FixedClock
) -> None:
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        drills.ledger.review("recall:b", Rating.Good)
        # Another program moves the bank away and puts a folder in its place.
        bank_file.rename(bank_file.with_name("moved.json"))
        bank_file.mkdir()
        with pytest.raises(FileChangedError, match="changed on disk"):
            drills.ledger.review("recall:a", Rating.Good)
        lines = log_path(bank_file).read_text().splitlines()
        assert [json.loads(line)["type"] for line in lines] == ["header", "review"]
        drills.close()


def test_a_log_replaced_underneath_an_open_handle_gets_the_next_rating(
    bank_file: Path, clock: FixedClock
) -> None:
    """A sync client renames its copy over the log while the drills have it open."""
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        drills.ledger.review("recall:a", Rating.Good)
        clock.advance(minutes=1)
        path = log_path(bank_file)
        incoming = path.with_name("incoming.jsonl")
        incoming.write_bytes(path.read_bytes())
        os.replace(incoming, path)  # the open handle now points at a file no one reads
        drills.ledger.review("recall:b", Rating.Good)
        drills.close()
    assert scan(bank_file) == (["recall:a", "recall:b"], 0, False)


def test_a_copy_of_the_bank_in_its_folder_reads_and_writes_a_log_of_its_own(
    bank_file: Path, clock: FixedClock
) -> None:
    rate(bank_file, clock, "recall:a")
    copy = bank_file.with_name("bank.old")
    copy.write_bytes(bank_file.read_bytes())  # the same log token inside
    assert scan(copy) == ([], 0, False)
    rate(copy, clock, "recall:b")
    assert scan(copy) == (["recall:b"], 0, False)
    assert scan(bank_file) == (["recall:a"], 0, False)
    assert log_path(copy) == copy.with_name("bank.old.reviews.jsonl")


def test_after_the_bank_file_changed_ratings_work_on_the_file_s_cards(
    bank_file: Path, clock: FixedClock
) -> None:
    """An older copy put over the bank while drilling: the deck reads its cards again."""
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        drills.deck.cards()
        older = bank_file.read_bytes()  # every card still new
        drills.ledger.review("recall:a", Rating.Good)
        clock.advance(minutes=1)
        with bank_file.open("r+b") as handle:  # `cp older bank.json`
            handle.truncate(0)
            handle.write(older)
        with pytest.raises(FileChangedError):
            drills.ledger.review("recall:b", Rating.Good)
        assert drills.deck.card("recall:a").is_new  # the file's card, not the one in memory
        drills.ledger.review("recall:b", Rating.Good)
        drills.close()
    with Bank.open(bank_file) as bank:
        drills = drills_for(bank, clock)
        assert not drills.ledger.reconcile()  # nothing of the other version is replayed
        assert drills.deck.card("recall:a").is_new
        assert not drills.deck.card("recall:b").is_new
        drills.close()
