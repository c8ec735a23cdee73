"""Persistence of the drills: cards, interviews and flags in the bank; reviews in a log beside it.

Layout:

* ``cards``, ``interviews``, ``drill_flags`` and ``drill_meta`` are tables of
  the bank file. They are small (a few documents per story), so each change
  is one atomic rewrite of the bank, like any other edit.
* The review log is ``<bank stem>.reviews.jsonl`` beside the bank file (the
  real file, when the bank is a symlink): one JSON object per line, mode 0600,
  every line fsynced as it is appended. Tens of thousands of reviews never
  make saving a rating or opening the bank slower, because the bank file
  never holds them and nothing reads the log until a command needs it.

The log's first line is a header naming a random token that the bank also
stores (``drill_meta``). A log whose token differs belongs to a bank that was
replaced (``init --force``): it is moved aside to
``<stem>.reviews.<its token>.jsonl``, never deleted, and moved back if that
bank is restored from a backup.

Writing a rating appends the log line first, then rewrites the card in the
bank. A crash between the two leaves the card one step behind its last log
line; :meth:`DrillStore.reconcile` notices this from the log's last line and
brings the card forward. A crash in the middle of an append leaves a torn last
line: readers ignore it, and the next append cuts it off first.

Undo appends a tombstone (``{"type": "undo", "target": <entry id>}``) instead
of rewriting the file: it is one small durable write like a rating, keeps the
file append-only (so a crash can only ever tear its last line), and keeps an
audit of what was undone. Readers drop tombstoned entries.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import Query
from tinydb.table import Document

from storybank.core.models import utc_now
from storybank.core.validation import describe
from storybank.errors import DamagedBankError, StorybankError
from storybank.scheduling.models import CardRecord, Flag, Interview, LogEntry, check_fsrs_dict
from storybank.storage.files import FILE_MODE, StagedWrite, fsync_dir
from storybank.storage.repository import Bank

M = TypeVar("M", bound=BaseModel)

CARDS = "cards"
INTERVIEWS = "interviews"
FLAGS = "drill_flags"
META = "drill_meta"
REVIEW_LOGS = "review_logs"
"""Name of the review log in a JSON export (it is not a bank table)."""

EXPORT_TABLES: tuple[str, ...] = (CARDS, REVIEW_LOGS, INTERVIEWS, FLAGS)
"""What a JSON export carries for the drills."""

LOG_FORMAT = "storybank-reviews"
LOG_VERSION = 1
_META_ID = 1
_TAIL_CHUNK = 64 * 1024
_FIRST_CHUNK = 4 * 1024


def log_path(bank_path: Path) -> Path:
    """The review log beside a bank file (beside the real file, for a symlink)."""
    real = bank_path.resolve() if bank_path.exists() else bank_path
    return real.with_name(f"{real.stem}.reviews.jsonl")


def _aside_path(main: Path, token: str) -> Path:
    stem = main.name.removesuffix(".reviews.jsonl")
    return main.with_name(f"{stem}.reviews.{token}.jsonl")


def encode_line(record: dict[str, Any]) -> bytes:
    """One log line: compact JSON and a newline."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"


def _decode(line: str | bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def read_header(path: Path) -> dict[str, Any] | None:
    """The header object of a log file, or ``None`` if missing or unreadable."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return None
    header = _decode(first)
    if header is None or header.get("type") != "header" or header.get("format") != LOG_FORMAT:
        return None
    return header


@dataclass
class LogScan:
    """Every live entry of a log, and what reading it found.

    Attributes:
        entries: Reviews and resets that were not undone, in file order.
        lines: Lines read (header included).
        bad_lines: Lines that are not valid entries (damage other than the last line).
        torn_tail: The last line was cut off mid-write (a crash while appending).
        undone: Ids of undone entries.
    """

    entries: list[LogEntry] = field(default_factory=list)
    lines: int = 0
    bad_lines: int = 0
    torn_tail: bool = False
    undone: set[str] = field(default_factory=set)


class ReviewLogFile:
    """The append-only review log of one bank.

    Args:
        path: The log file.
        token: The bank's log token (``None``: the bank has no log yet).
        read_only: Refuse every write.
    """

    def __init__(self, path: Path, token: str | None, *, read_only: bool) -> None:
        self.path = path
        self.token = token
        self.read_only = read_only
        self._fd: int | None = None

    # -- reading ----------------------------------------------------------------

    def source(self) -> Path | None:
        """The file holding this bank's log: the main file, or one moved aside."""
        if self.token is None:
            return None
        header = read_header(self.path)
        if header is not None and header.get("bank") == self.token:
            return self.path
        aside = _aside_path(self.path, self.token)
        header = read_header(aside)
        if header is not None and header.get("bank") == self.token:
            return aside
        return None

    def scan(self) -> LogScan:
        """Read every entry, apply the undo tombstones, and report damage."""
        result = LogScan()
        source = self.source()
        if source is None:
            return result
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            return result
        except OSError as exc:
            raise StorybankError(
                f"cannot read the review log: {exc.strerror}", file=source
            ) from None
        # Decoding once and parsing str lines is measurably faster than bytes
        # lines; a file with a bad byte somewhere falls back to bytes.
        text: str | bytes
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data
        lines: list[Any] = text.split("\n") if isinstance(text, str) else text.split(b"\n")
        tail = lines.pop()  # empty when the file ends with a newline
        parsed: list[LogEntry] = []
        for number, line in enumerate(lines):
            result.lines += 1
            if number == 0 or not line.strip():
                continue
            self._take(line, parsed, result)
        if tail.strip():
            result.lines += 1
            # A last line without its newline: complete if it parses, torn if not.
            if not self._take(tail, parsed, result, count_bad=False):
                result.torn_tail = True
        result.entries = [e for e in parsed if e.id not in result.undone]
        return result

    @staticmethod
    def _take(
        line: str | bytes, parsed: list[LogEntry], result: LogScan, *, count_bad: bool = True
    ) -> bool:
        record = _decode(line)
        if record is None:
            result.bad_lines += count_bad
            return False
        kind = record.get("type")
        if kind == "undo":
            target = record.get("target")
            if isinstance(target, str):
                result.undone.add(target)
                return True
            result.bad_lines += count_bad
            return False
        try:
            parsed.append(LogEntry.from_json(record))
        except (KeyError, TypeError, ValueError):
            result.bad_lines += count_bad
            return False
        return True

    def reverse_records(self) -> Iterator[dict[str, Any]]:
        """Complete records from the last line backwards (header and torn tail skipped)."""
        source = self.source()
        if source is None:
            return
        try:
            handle = source.open("rb")
        except FileNotFoundError:
            return
        with handle:
            position = handle.seek(0, os.SEEK_END)
            carry = b""
            first = True
            # Start small: most callers want only the last line or two.
            want = _FIRST_CHUNK
            while position > 0:
                size = min(want, position)
                want = min(want * 4, _TAIL_CHUNK)
                position -= size
                handle.seek(position)
                chunk = handle.read(size) + carry
                pieces = chunk.split(b"\n")
                carry = pieces.pop(0) if position > 0 else b""
                if position == 0:
                    pieces = pieces[1:]  # the header
                if first:
                    first = False
                    if pieces and pieces[-1] and _decode(pieces[-1]) is None:
                        pieces.pop()  # torn tail
                for piece in reversed(pieces):
                    record = _decode(piece) if piece.strip() else None
                    if record is not None and record.get("type") != "header":
                        yield record

    def last_record(self) -> dict[str, Any] | None:
        """The last complete record (entry or tombstone)."""
        return next(self.reverse_records(), None)

    def latest_live(self, limit: int | None = None) -> Iterator[LogEntry]:
        """Entries not undone, newest first (reading only as far back as needed)."""
        undone: set[str] = set()
        seen = 0
        for record in self.reverse_records():
            if record.get("type") == "undo":
                if isinstance(record.get("target"), str):
                    undone.add(record["target"])
                continue
            try:
                entry = LogEntry.from_json(record)
            except (KeyError, TypeError, ValueError):
                continue
            if entry.id in undone:
                continue
            yield entry
            seen += 1
            if limit is not None and seen >= limit:
                return

    # -- writing ----------------------------------------------------------------

    def _refuse_if_read_only(self) -> None:
        if self.read_only:
            raise StorybankError(
                "the bank is open read-only", file=self.path, hint="close other storybank windows"
            )

    def _open_for_append(self) -> int:
        if self._fd is not None:
            return self._fd
        self._refuse_if_read_only()
        if self.token is None:
            raise StorybankError("the review log has no bank token", file=self.path)
        self._adopt()
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, FILE_MODE)
        except OSError as exc:
            raise StorybankError(
                f"cannot open the review log: {exc.strerror}",
                file=self.path,
                hint="check the folder's permissions",
            ) from None
        try:
            size = os.fstat(fd).st_size
            if size == 0:
                os.write(fd, encode_line(self._header()))
                _sync(fd)
                fsync_dir(self.path.parent)
            else:
                _cut_torn_tail(fd, size)
        except OSError as exc:
            os.close(fd)
            raise StorybankError(
                f"cannot write the review log: {exc.strerror}", file=self.path
            ) from None
        self._fd = fd
        return fd

    def _adopt(self) -> None:
        """Make the main file this bank's log: move a stranger's aside, bring ours back."""
        assert self.token is not None
        if self.path.exists():
            header = read_header(self.path)
            owner = header.get("bank") if header else None
            if owner == self.token:
                return
            if header is None and self.path.stat().st_size == 0:
                self.path.unlink()
            else:
                name = owner if isinstance(owner, str) and owner.isalnum() else "unknown"
                target = _aside_path(self.path, name)
                if target.exists():
                    target = _aside_path(self.path, f"{name}-{secrets.token_hex(3)}")
                os.replace(self.path, target)
        ours = _aside_path(self.path, self.token)
        if ours.exists():
            os.replace(ours, self.path)
        fsync_dir(self.path.parent)

    def _header(self) -> dict[str, Any]:
        """The first line of a log: which format it is and which bank it belongs to."""
        return {
            "type": "header",
            "format": LOG_FORMAT,
            "version": LOG_VERSION,
            "bank": self.token,
            "created": utc_now().isoformat(),
        }

    def append(self, record: dict[str, Any]) -> None:
        """Append one record and make it durable before returning.

        Raises:
            StorybankError: the disk refused (the record is not in the log).
        """
        fd = self._open_for_append()
        line = encode_line(record)
        size_before = os.fstat(fd).st_size
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(28, "short write")
            _sync(fd)
        except OSError as exc:
            # Take back whatever reached the file: half a line would damage the
            # log, and a whole line would count a review the user was told failed.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size_before)
                _sync(fd)
            raise StorybankError(
                f"could not save the review: {exc.strerror or exc}",
                file=self.path,
                hint="free some disk space or fix the problem, then rate again",
            ) from None

    def rewrite(self, records: Iterable[dict[str, Any]]) -> None:
        """Replace the whole log atomically."""
        self.stage_rewrite(records).commit()

    def stage_rewrite(self, records: Iterable[dict[str, Any]]) -> StagedWrite:
        """The whole new log, durable beside the old one until the caller commits it."""
        self._refuse_if_read_only()
        assert self.token is not None
        self.close()
        self._adopt()
        data = b"".join([encode_line(self._header()), *(encode_line(r) for r in records)])
        return StagedWrite(self.path, data)

    def close(self) -> None:
        """Close the append handle (idempotent)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None


def _sync(fd: int) -> None:
    # fdatasync is enough for an append: it flushes the data and the new size.
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)


def _cut_torn_tail(fd: int, size: int) -> None:
    """Drop a partial last line left by a crash, so the next line starts clean."""
    start = max(0, size - _TAIL_CHUNK)
    tail = os.pread(fd, size - start, start)
    if tail.endswith(b"\n"):
        return
    cut = tail.rfind(b"\n")
    fragment = tail[cut + 1 :]
    if _decode(fragment) is not None:
        # The whole record made it; only the newline is missing.
        os.write(fd, b"\n")
    else:
        os.ftruncate(fd, start + cut + 1 if cut >= 0 else 0)
    _sync(fd)


class DrillStore:
    """The drill tables of an open bank, and its review log.

    Nothing here schedules anything; :class:`storybank.scheduling.service.Drills`
    does, and calls this to persist.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._card_docs: dict[str, int] = {}
        meta = bank.table(META).get(doc_id=_META_ID)
        token = meta.get("log_token") if isinstance(meta, dict) else None
        self.log = ReviewLogFile(
            log_path(bank.path),
            token if isinstance(token, str) else None,
            read_only=bank.read_only,
        )

    @property
    def read_only(self) -> bool:
        """Opened without the write lock."""
        return self.bank.read_only

    def close(self) -> None:
        """Close the log's append handle."""
        self.log.close()

    def _load(self, doc: Any, model: type[M], what: str) -> M:
        try:
            return model.model_validate(dict(doc))
        except ValidationError as exc:
            where, message = describe(exc)
            raise DamagedBankError(self.bank.path, f"{what}, field {where}: {message}") from None

    # -- cards ------------------------------------------------------------------

    def cards(self) -> dict[str, CardRecord]:
        """Every stored card by id (validated)."""
        found: dict[str, CardRecord] = {}
        self._card_docs = {}
        for doc in self.bank.table(CARDS).all():
            record = self._load(doc, CardRecord, f"drill card #{doc.doc_id}")
            found[record.id] = record
            self._card_docs[record.id] = doc.doc_id
        return found

    def put_cards(self, records: Iterable[CardRecord], remove: Iterable[str] = ()) -> None:
        """Store cards (insert or replace by id) and drop ids, in one atomic write."""
        table = self.bank.table(CARDS)
        with self.bank.batch():
            for card_id in remove:
                doc_id = self._card_docs.pop(card_id, None)
                if doc_id is not None:
                    table.remove(doc_ids=[doc_id])
            for record in records:
                self._put(record)

    def put_card(self, record: CardRecord) -> None:
        """Store one card (one atomic write)."""
        self._put(record)

    def _put(self, record: CardRecord) -> None:
        table = self.bank.table(CARDS)
        document = record.model_dump(mode="json")
        doc_id = self._card_docs.get(record.id)
        if doc_id is None:
            self._card_docs[record.id] = table.insert(document)
            return

        def replace(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(document)

        table.update(replace, doc_ids=[doc_id])

    # -- interviews ---------------------------------------------------------------

    def interviews(self) -> list[Interview]:
        """Every interview, by date then id."""
        found = [
            self._load(doc, Interview, f"interview #{doc.doc_id}")
            for doc in self.bank.table(INTERVIEWS).all()
        ]
        return sorted(found, key=lambda i: (i.date, i.created, i.id))

    def put_interview(self, interview: Interview) -> None:
        """Insert or replace an interview by id."""
        self.bank.table(INTERVIEWS).upsert(
            interview.model_dump(mode="json"), Query().id == interview.id
        )

    # -- flags --------------------------------------------------------------------

    def flags(self) -> list[Flag]:
        """Every flagged story, oldest flag first."""
        found = [
            self._load(doc, Flag, f"flag #{doc.doc_id}") for doc in self.bank.table(FLAGS).all()
        ]
        return sorted(found, key=lambda f: (f.flagged, f.story))

    def put_flag(self, flag: Flag) -> None:
        """Flag a story (replacing an earlier flag of it)."""
        self.bank.table(FLAGS).upsert(flag.model_dump(mode="json"), Query().story == flag.story)

    def remove_flag(self, story_id: str) -> bool:
        """Unflag a story; whether it was flagged."""
        return bool(self.bank.table(FLAGS).remove(Query().story == story_id))

    # -- the log ----------------------------------------------------------------

    def ensure_log_token(self) -> str:
        """The bank's log token, created (one bank write) the first time a review is saved."""
        if self.log.token is None:
            token = secrets.token_hex(8)
            self.bank.table(META).upsert(Document({"log_token": token}, doc_id=_META_ID))
            self.log.token = token
        return self.log.token

    def append(self, record: dict[str, Any]) -> None:
        """Append a record to the review log, durably."""
        self.ensure_log_token()
        self.log.append(record)

    def scan(self) -> LogScan:
        """The whole log (reads the file: only stats, export and doctor need this)."""
        return self.log.scan()


# -- export and import -------------------------------------------------------------


def export_tables(bank: Bank) -> dict[str, list[dict[str, Any]]]:
    """The drill tables and the live review log, for a JSON export."""
    store = DrillStore(bank)
    return {
        CARDS: bank.raw_table(CARDS),
        INTERVIEWS: bank.raw_table(INTERVIEWS),
        FLAGS: bank.raw_table(FLAGS),
        REVIEW_LOGS: [entry.raw for entry in store.scan().entries],
    }


@dataclass
class DrillImport:
    """Drill data read from an export, checked and ready to write.

    Attributes:
        cards: Cards of the stories being imported.
        interviews: Interviews the bank does not have yet.
        flags: Flags of the stories being imported.
        reviews: Review-log entries the bank does not have yet.
    """

    cards: list[CardRecord] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    reviews: list[LogEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to write."""
        return not (self.cards or self.interviews or self.flags or self.reviews)


def _rows(extra: dict[str, list[dict[str, Any]]], name: str) -> list[dict[str, Any]]:
    rows = extra.get(name, [])
    return rows if isinstance(rows, list) else []


def plan_drill_import(
    bank: Bank, extra: dict[str, list[dict[str, Any]]], story_ids: set[str]
) -> DrillImport:
    """Check the drill tables of an export against the bank; nothing is written.

    Cards and flags come in for the stories in the file (``story_ids``): a
    card replaces the bank's card of the same id only if it was reviewed more
    recently, so restoring an export never throws away newer drilling.
    Interviews and review-log entries are merged by id, keeping the bank's own.

    Raises:
        StorybankError: a row is not valid (naming the table and row).
    """
    plan = DrillImport()
    store = DrillStore(bank)
    existing = store.cards()
    seen: set[str] = set()
    for index, row in enumerate(_rows(extra, CARDS)):
        card = _import_row(CardRecord, row, CARDS, index)
        if card.story not in story_ids or card.id in seen:
            continue
        seen.add(card.id)
        current = existing.get(card.id)
        if current is None or _last_review(card) > _last_review(current):
            plan.cards.append(card)
    known_interviews = {i.id for i in store.interviews()}
    for index, row in enumerate(_rows(extra, INTERVIEWS)):
        interview = _import_row(Interview, row, INTERVIEWS, index)
        if interview.id not in known_interviews:
            known_interviews.add(interview.id)
            plan.interviews.append(interview)
    for index, row in enumerate(_rows(extra, FLAGS)):
        flag = _import_row(Flag, row, FLAGS, index)
        if flag.story in story_ids:
            plan.flags.append(flag)
    rows = _rows(extra, REVIEW_LOGS)
    if rows:
        known = {e.id for e in store.scan().entries}
        for index, row in enumerate(rows):
            try:
                entry = LogEntry.from_json(row)
                for state in (entry.before, entry.after):
                    if state is not None:
                        check_fsrs_dict(state)
            except (KeyError, TypeError, ValueError) as exc:
                raise StorybankError(
                    f"{REVIEW_LOGS} #{index + 1} is not a valid review entry ({exc})",
                    field=REVIEW_LOGS,
                    hint="export the bank again, or remove that entry",
                ) from None
            if entry.id not in known:
                known.add(entry.id)
                plan.reviews.append(entry)
    return plan


def _last_review(card: CardRecord) -> str:
    # ISO strings in UTC compare in time order; "" sorts before any review.
    value = card.fsrs.get("last_review")
    if not isinstance(value, str):
        return ""
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def _import_row(model: type[M], row: dict[str, Any], table: str, index: int) -> M:
    try:
        return model.model_validate(row)
    except ValidationError as exc:
        where, message = describe(exc)
        raise StorybankError(
            f"{table} #{index + 1}, field {where}: {message}",
            field=table,
            hint="export the bank again, or fix that row",
        ) from None


def write_drill_tables(bank: Bank, plan: DrillImport) -> None:
    """Write the tables part of an import (call inside the import's ``bank.batch()``)."""
    store = DrillStore(bank)
    existing = store.cards()
    taken = {r.fsrs_id: r.id for r in existing.values()}
    for card in plan.cards:
        owner = taken.get(card.fsrs_id)
        if owner is not None and owner != card.id:
            raise StorybankError(
                f"imported card {card.id!r} has the FSRS id of card {owner!r}",
                field=CARDS,
                hint="import into a new bank (storybank --db NEW.json import FILE)",
            )
    store.put_cards(plan.cards)
    for interview in plan.interviews:
        store.put_interview(interview)
    for flag in plan.flags:
        store.put_flag(flag)
    if plan.reviews:
        store.ensure_log_token()


def stage_review_log(bank: Bank, plan: DrillImport) -> StagedWrite | None:
    """The review log with the imported entries merged in, staged but not yet in place.

    Call inside the import's ``bank.batch()`` and commit the result after the
    batch: a log that cannot be written then stops the import before anything
    of it reaches the bank.
    """
    if not plan.reviews:
        return None
    store = DrillStore(bank)
    store.ensure_log_token()
    live = store.scan().entries
    merged = sorted([*live, *plan.reviews], key=lambda e: (e.at, e.id))
    return store.log.stage_rewrite(entry.raw for entry in merged)


# -- doctor ---------------------------------------------------------------------


@dataclass
class LogHealth:
    """What doctor reports about the review log."""

    path: Path
    present: bool
    entries: int = 0
    bad_lines: int = 0
    torn_tail: bool = False
    problems: list[str] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)


def check_review_log(bank: Bank) -> LogHealth:
    """Read the whole review log and say what is wrong with it, if anything."""
    store = DrillStore(bank)
    source = store.log.source()
    health = LogHealth(path=store.log.path, present=source is not None)
    if source is None:
        if store.log.path.exists() and store.log.token is not None:
            health.problems.append(
                f"{store.log.path.name} belongs to another bank; it is moved aside on the "
                "next rating"
            )
        health.facts.append("no review log yet")
        return health
    scan = store.scan()
    health.entries = len(scan.entries)
    health.bad_lines = scan.bad_lines
    health.torn_tail = scan.torn_tail
    health.facts.append(f"review log: {len(scan.entries)} reviews in {source.name}")
    if scan.torn_tail:
        health.facts.append(
            "the last line of the review log was cut off by a crash; it is ignored and "
            "removed on the next rating"
        )
    if scan.bad_lines:
        health.problems.append(
            f"{scan.bad_lines} damaged line(s) in the review log are ignored",
        )
    mode = source.stat().st_mode & 0o777
    if mode & ~FILE_MODE:
        health.problems.append(
            f"the review log is readable by others (mode {mode:o}); chmod 600 it"
        )
    return health
