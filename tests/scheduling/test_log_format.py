"""The review log's lines: what is written is what is read, both ways, in one place."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs import Rating

from scheduling.drill_helpers import story
from storybank.scheduling.drills import Drills
from storybank.scheduling.log_format import (
    LOG_FORMAT,
    LogEntry,
    LogHeader,
    Tombstone,
    decode_line,
    encode_line,
    read_record,
)
from storybank.scheduling.review_log import log_path
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def lines_on_disk(bank_file: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log_path(bank_file).read_text().splitlines()]


def test_every_line_the_drills_write_reads_back_and_writes_the_same(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    drills.ledger.review("recall:a", Rating.Hard, duration_s=12.5, overran=True, typed="60%")
    drills.ledger.review("question:a:q-deadline", Rating.Good, picked="b")
    drills.ledger.review("recall:b", Rating.Easy)
    drills.ledger.reset_card("recall:a")
    drills.ledger.undo_last()
    header, *records = lines_on_disk(bank_file)
    assert LogHeader.from_json(header) == LogHeader(
        bank=drills.deck.store.log.token, created=str(header["created"])
    )
    assert LogHeader.from_json(header).to_json() == header  # type: ignore[union-attr]
    assert [r["type"] for r in records] == ["review", "review", "review", "reset", "undo"]
    for record in records:
        parsed = read_record(record)
        assert parsed.to_json() == record
        assert list(parsed.to_json()) == list(record)  # same keys, same order
    first = LogEntry.from_json(records[0])
    assert (first.rating, first.duration_ms, first.overran, first.typed) == (2, 12_500, True, "60%")
    assert LogEntry.from_json(records[1]).picked == "b"
    reset = LogEntry.from_json(records[3])
    assert reset.after is not None and reset.after["last_review"] is None
    assert reset.introduced_before is not None
    assert Tombstone.from_json(records[4]).target == reset.id


def test_an_entry_survives_to_json_and_back() -> None:
    at = datetime(2025, 3, 1, 15, 30, tzinfo=UTC)
    before = {
        "card_id": 7,
        "state": 2,
        "step": None,
        "stability": 3.5,
        "difficulty": 5.0,
        "due": "2025-03-01T15:00:00+00:00",
        "last_review": "2025-02-26T15:00:00+00:00",
    }
    review = LogEntry(
        id="e1",
        type="review",
        card="recall:a",
        story="a",
        kind="recall",
        fsrs_id=7,
        at=at,
        rating=4,
        duration_ms=None,
        overran=False,
        before=before,
        after=None,  # type: ignore[arg-type]
    )
    assert LogEntry.from_json(review.to_json()) == review
    assert review.to_json()["log"] == {
        "card_id": 7,
        "rating": 4,
        "review_datetime": "2025-03-01T15:30:00+00:00",
        "review_duration": None,
    }
    reset = LogEntry(
        id="e2",
        type="reset",
        card="recall:a",
        story="a",
        kind="recall",
        fsrs_id=7,
        at=at,
        rating=None,
        duration_ms=None,
        overran=False,
        before=before,  # type: ignore[arg-type]
        after=before,
        introduced_before=at,  # type: ignore[arg-type]
    )
    assert LogEntry.from_json(reset.to_json()) == reset
    tombstone = Tombstone.of("e1", at)
    assert Tombstone.from_json(tombstone.to_json()) == tombstone


def test_encoded_lines_are_compact_and_decode_back() -> None:
    line = encode_line({"type": "undo", "target": "é"})
    assert line == '{"type":"undo","target":"é"}\n'.encode()
    assert decode_line(line) == {"type": "undo", "target": "é"}
    assert decode_line(b'{"type":"rev') is None
    assert decode_line(b"[1, 2]") is None


@pytest.mark.parametrize(
    "record",
    [
        {"type": "review", "id": "x", "card": "c", "story": "s", "log": {"card_i": 1}},
        {
            "type": "review",
            "id": "x",
            "card": "c",
            "story": "s",
            "log": {"card_id": 1, "rating": 5, "review_datetime": "2025-01-01T00:00:00+00:00"},
        },
        {
            "type": "reset",
            "id": "x",
            "card": "c",
            "story": "s",
            "fsrs_id": 1,
            "at": "2025-01-01T00:00:00",
        },  # no zone
        {"type": "undo"},
        {"type": "header", "format": LOG_FORMAT},
    ],
)
def test_a_line_that_is_neither_entry_nor_tombstone_is_refused(record: dict[str, object]) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        read_record(record)


def test_only_a_storybank_header_is_a_header() -> None:
    assert LogHeader.from_json({"type": "header", "format": "other", "bank": "t"}) is None
    assert LogHeader.from_json(None) is None
    assert LogHeader.from_json({"type": "header", "format": LOG_FORMAT, "bank": 3}) == LogHeader(
        bank=None
    )
