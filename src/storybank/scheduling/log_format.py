"""The review log's wire format: one JSON object per line, written and read here only.

A log file holds four kinds of line:

* a **header** first (:class:`LogHeader`): the format, its version, and the
  token of the bank the log belongs to;
* **review** entries (:class:`LogEntry`): a rating, with the card's FSRS state
  before it and fsrs's own ``ReviewLog.to_dict()`` under ``"log"``;
* **reset** entries (:class:`LogEntry`): a card started afresh, with its state
  before and after;
* **undo** tombstones (:class:`Tombstone`): the id of an entry taken back.

Each has ``to_json`` and ``from_json`` side by side, so the format is defined
once. Entries are plain dataclasses parsed without pydantic, because stats may
read tens of thousands of them.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal, cast

from fsrs import Rating, ReviewLog
from fsrs.card import CardDict

from storybank.scheduling.fields import parse_utc

LOG_FORMAT = "storybank-reviews"
LOG_VERSION = 1

EntryType = Literal["review", "reset"]

JsonObject = dict[str, Any]
"""One decoded line."""


def new_id() -> str:
    """A fresh random id for an entry or a tombstone."""
    # Deferred import: `secrets` loads OpenSSL, which reading the log never needs.
    import secrets

    return secrets.token_hex(8)


def encode_line(record: JsonObject) -> bytes:
    """One log line: compact JSON and a newline."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"


def decode_line(line: str | bytes) -> JsonObject | None:
    """The object on one line, or ``None`` if it is not a JSON object (damaged or torn)."""
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


@dataclass(frozen=True, slots=True)
class LogHeader:
    """The first line of a log: which format it is and which bank it belongs to.

    Attributes:
        bank: The bank's log token (``None`` when the line names none).
        created: When the log was started, as written.
    """

    bank: str | None
    created: str = ""

    def to_json(self) -> JsonObject:
        """The header line's object."""
        return {
            "type": "header",
            "format": LOG_FORMAT,
            "version": LOG_VERSION,
            "bank": self.bank,
            "created": self.created,
        }

    @classmethod
    def from_json(cls, data: JsonObject | None) -> LogHeader | None:
        """The header an object describes, or ``None`` if it is not a storybank log header."""
        if data is None or data.get("type") != "header" or data.get("format") != LOG_FORMAT:
            return None
        bank = data.get("bank")
        created = data.get("created")
        return cls(
            bank=bank if isinstance(bank, str) else None,
            created=created if isinstance(created, str) else "",
        )


@dataclass(frozen=True, slots=True)
class Tombstone:
    """An undo: the entry ``target`` no longer counts.

    Undo appends a tombstone instead of rewriting the file: one small durable
    write like a rating, the file stays append-only (so a crash can only tear
    its last line), and what was undone stays on record.

    Attributes:
        id: The tombstone's own id.
        target: The id of the entry undone.
        at: When it was undone, as written.
    """

    id: str
    target: str
    at: str = ""

    @classmethod
    def of(cls, target: str, at: dt.datetime) -> Tombstone:
        """A new tombstone for entry ``target``, undone at ``at``."""
        return cls(id=new_id(), target=target, at=at.isoformat())

    def to_json(self) -> JsonObject:
        """The tombstone's line object."""
        return {"id": self.id, "type": "undo", "target": self.target, "at": self.at}

    @classmethod
    def from_json(cls, data: JsonObject) -> Tombstone:
        """Parse a tombstone; only its target is needed to honour it.

        Raises:
            ValueError: not a tombstone, or it names no target.
        """
        target = data.get("target")
        if data.get("type") != "undo" or not isinstance(target, str):
            raise ValueError("not an undo tombstone")
        at = data.get("at")
        return cls(id=str(data.get("id", "")), target=target, at=at if isinstance(at, str) else "")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the review log: a rating, or a card started afresh.

    Attributes:
        id: Unique id of the entry (undo tombstones name it).
        type: ``review`` or ``reset``.
        card: The card's string id when the entry was written.
        story: The card's story id when the entry was written.
        kind: The card's kind.
        fsrs_id: The FSRS card id (stable even when a story is renamed).
        at: When it happened (UTC).
        rating: 1-4 for a review; ``None`` for a reset.
        duration_ms: How long the review took, if known.
        overran: The drill timer ran out before the rating.
        before: The card's FSRS state before (``None`` in entries imported without it).
        after: The card's FSRS state after, for resets (a review's is recomputed
            from ``before`` when needed, which keeps the log a third smaller).
        introduced_before: The card's ``introduced`` stamp before (resets only).
        typed: What the user typed before revealing (reviews only), if anything.
        picked: The story the user picked for a question card (reviews only).
        raw: The object as read from a log or an export (empty for an entry
            made in this process). Exports copy it verbatim, so fields a newer
            storybank wrote are not lost.
    """

    id: str
    type: EntryType
    card: str
    story: str
    kind: str
    fsrs_id: int
    at: dt.datetime
    rating: int | None
    duration_ms: int | None
    overran: bool
    before: CardDict | None
    after: CardDict | None
    introduced_before: dt.datetime | None = None
    typed: str | None = None
    picked: str | None = None
    raw: JsonObject = field(default_factory=dict, compare=False, repr=False)

    @property
    def was_new(self) -> bool:
        """The card had never been reviewed before this entry."""
        return self.before is None or self.before.get("last_review") is None

    @property
    def previous_review(self) -> dt.datetime | None:
        """When the card had last been reviewed before this entry."""
        if self.before is None or self.before.get("last_review") is None:
            return None
        return parse_utc(self.before["last_review"])

    def to_json(self) -> JsonObject:
        """The entry's line object (the inverse of :meth:`from_json`)."""
        head: JsonObject = {
            "id": self.id,
            "type": self.type,
            "card": self.card,
            "story": self.story,
            "kind": self.kind,
        }
        if self.type == "review":
            assert self.rating is not None
            log = ReviewLog(
                card_id=self.fsrs_id,
                rating=Rating(self.rating),
                review_datetime=self.at,
                review_duration=self.duration_ms,
            )
            line = {**head, "log": log.to_dict(), "before": self.before, "overran": self.overran}
            if self.typed is not None:
                line["typed"] = self.typed
            if self.picked is not None:
                line["picked"] = self.picked
            return line
        return {
            **head,
            "fsrs_id": self.fsrs_id,
            "at": self.at.isoformat(),
            "before": self.before,
            "after": self.after,
            "introduced_before": (
                None if self.introduced_before is None else self.introduced_before.isoformat()
            ),
        }

    @classmethod
    def from_json(cls, data: JsonObject) -> LogEntry:
        """Parse one line's object.

        Raises:
            ValueError: (or KeyError / TypeError) the object is not a valid entry.
        """
        kind = data["type"]
        if kind not in ("review", "reset"):
            raise ValueError(f"not an entry: {kind!r}")
        before = data.get("before")
        after = data.get("after")
        # Only the shape is checked here, for speed: stats read tens of thousands
        # of entries. Undo checks the state fully before putting it back.
        if before is not None and not isinstance(before, dict):
            raise ValueError("before must be an object")
        if after is not None and not isinstance(after, dict):
            raise ValueError("after must be an object")
        typed = picked = None
        if kind == "review":
            log = data["log"]
            rating = int(log["rating"])
            if not 1 <= rating <= 4:
                raise ValueError("rating must be 1-4")
            at = parse_utc(log["review_datetime"])
            fsrs_id = int(log["card_id"])
            duration = log.get("review_duration")
            introduced_before = None
            typed, picked = _text_or_none(data.get("typed")), _text_or_none(data.get("picked"))
        else:
            rating = None
            at = parse_utc(data["at"])
            fsrs_id = int(data["fsrs_id"])
            duration = None
            raw_intro = data.get("introduced_before")
            introduced_before = None if raw_intro is None else parse_utc(raw_intro)
        return cls(
            id=str(data["id"]),
            type=kind,
            card=str(data["card"]),
            story=str(data["story"]),
            kind=str(data.get("kind", "")),
            fsrs_id=fsrs_id,
            at=at,
            rating=rating,
            duration_ms=int(duration) if duration is not None else None,
            overran=bool(data.get("overran", False)),
            before=cast(CardDict | None, before),
            after=cast(CardDict | None, after),
            introduced_before=introduced_before,
            typed=typed,
            picked=picked,
            raw=data,
        )


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def read_record(data: JsonObject) -> LogEntry | Tombstone:
    """An entry or a tombstone from one decoded line (not the header).

    Raises:
        ValueError: (or KeyError / TypeError) the object is neither.
    """
    if data.get("type") == "undo":
        return Tombstone.from_json(data)
    return LogEntry.from_json(data)
