"""The review log: an append-only file of ratings beside the bank.

The log is ``<bank stem>.reviews.jsonl`` beside the bank file (the real file,
when the bank is a symlink): one JSON object per line
(:mod:`~storybank.scheduling.log_format`), mode 0600, every line fsynced as it
is appended. Tens of thousands of reviews never make saving a rating or
opening the bank slower, because the bank file never holds them and nothing
reads the whole log until a command needs it.

The log's header names a random token that the bank also stores (see
:class:`~storybank.scheduling.store.DrillStore`). A log whose token differs
belongs to a bank that was replaced (``init --force``): it is moved aside to
``<stem>.reviews.<its token>.jsonl``, never deleted, and moved back if that
bank is restored from a backup.

A crash in the middle of an append leaves a torn last line: readers ignore
it, and the next append cuts it off first. Readers drop entries that an undo
tombstone names.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from storybank.errors import StorybankError
from storybank.scheduling.log_format import (
    JsonObject,
    LogEntry,
    LogHeader,
    Tombstone,
    decode_line,
    encode_line,
    read_record,
)
from storybank.storage.files import FILE_MODE, StagedWrite, fsync_dir

_TAIL_CHUNK = 64 * 1024
_FIRST_CHUNK = 4 * 1024


def log_path(bank_path: Path) -> Path:
    """The review log beside a bank file (beside the real file, for a symlink)."""
    real = bank_path.resolve() if bank_path.exists() else bank_path
    return real.with_name(f"{real.stem}.reviews.jsonl")


def _aside_path(main: Path, token: str) -> Path:
    stem = main.name.removesuffix(".reviews.jsonl")
    return main.with_name(f"{stem}.reviews.{token}.jsonl")


def read_header(path: Path) -> LogHeader | None:
    """The header of a log file, or ``None`` if missing or unreadable."""
    try:
        with path.open("rb") as handle:
            first = handle.readline(4096)
    except OSError:
        return None
    return LogHeader.from_json(decode_line(first))


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
        if header is not None and header.bank == self.token:
            return self.path
        aside = _aside_path(self.path, self.token)
        header = read_header(aside)
        if header is not None and header.bank == self.token:
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
        lines: Sequence[str | bytes] = (
            text.split("\n") if isinstance(text, str) else text.split(b"\n")
        )
        tail = lines[-1]  # empty when the file ends with a newline
        parsed: list[LogEntry] = []
        for number, line in enumerate(lines[:-1]):
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
        data = decode_line(line)
        if data is None:
            result.bad_lines += count_bad
            return False
        try:
            record = read_record(data)
        except (KeyError, TypeError, ValueError):
            result.bad_lines += count_bad
            return False
        if isinstance(record, Tombstone):
            result.undone.add(record.target)
        else:
            parsed.append(record)
        return True

    def _reverse_objects(self) -> Iterator[JsonObject]:
        """Complete line objects from the last line backwards (header and torn tail skipped)."""
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
                    if pieces and pieces[-1] and decode_line(pieces[-1]) is None:
                        pieces.pop()  # torn tail
                for piece in reversed(pieces):
                    data = decode_line(piece) if piece.strip() else None
                    if data is not None and data.get("type") != "header":
                        yield data

    def last_record(self) -> LogEntry | Tombstone | None:
        """The last complete line, or ``None`` if there is none or it is neither kind."""
        data = next(self._reverse_objects(), None)
        if data is None:
            return None
        try:
            return read_record(data)
        except (KeyError, TypeError, ValueError):
            return None

    def entries_back(self, limit: int) -> list[LogEntry]:
        """Up to ``limit`` entries from the end, newest first, undone ones included."""
        found: list[LogEntry] = []
        for data in self._reverse_objects():
            if data.get("type") in ("review", "reset"):
                try:
                    found.append(LogEntry.from_json(data))
                except (KeyError, TypeError, ValueError):
                    continue
                if len(found) >= limit:
                    break
        return found

    def latest_live(self, limit: int | None = None) -> Iterator[LogEntry]:
        """Entries not undone, newest first (reading only as far back as needed)."""
        undone: set[str] = set()
        seen = 0
        for data in self._reverse_objects():
            try:
                record = read_record(data)
            except (KeyError, TypeError, ValueError):
                continue
            if isinstance(record, Tombstone):
                undone.add(record.target)
                continue
            if record.id in undone:
                continue
            yield record
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
            owner = header.bank if header else None
            if owner == self.token:
                return
            if header is None and self.path.stat().st_size == 0:
                self.path.unlink()
            else:
                name = owner if owner is not None and owner.isalnum() else "unknown"
                target = _aside_path(self.path, name)
                if target.exists():
                    # Deferred import: `secrets` loads OpenSSL, which reading never needs.
                    import secrets

                    target = _aside_path(self.path, f"{name}-{secrets.token_hex(3)}")
                os.replace(self.path, target)
        ours = _aside_path(self.path, self.token)
        if ours.exists():
            os.replace(ours, self.path)
        fsync_dir(self.path.parent)

    def _header(self) -> JsonObject:
        return LogHeader(bank=self.token, created=datetime.now(UTC).isoformat()).to_json()

    def append(self, record: LogEntry | Tombstone) -> None:
        """Append one entry or tombstone and make it durable before returning.

        Raises:
            StorybankError: the disk refused (the record is not in the log).
        """
        fd = self._open_for_append()
        line = encode_line(record.to_json())
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

    def rewrite(self, records: Iterable[JsonObject]) -> None:
        """Replace the whole log atomically with these line objects."""
        self.stage_rewrite(records).commit()

    def stage_rewrite(self, records: Iterable[JsonObject]) -> StagedWrite:
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
    if decode_line(fragment) is not None:
        # The whole record made it; only the newline is missing.
        os.write(fd, b"\n")
    else:
        os.ftruncate(fd, start + cut + 1 if cut >= 0 else 0)
    _sync(fd)


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


def check_log(log: ReviewLogFile) -> LogHealth:
    """Read the whole review log and say what is wrong with it, if anything."""
    source = log.source()
    health = LogHealth(path=log.path, present=source is not None)
    if source is None:
        if log.path.exists() and log.token is not None:
            health.problems.append(
                f"{log.path.name} belongs to another bank; it is moved aside on the next rating"
            )
        health.facts.append("no review log yet")
        return health
    scan = log.scan()
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
