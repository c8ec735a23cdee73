"""The review log: an append-only file of ratings beside the bank.

The log is ``<bank file name>.reviews.jsonl`` beside the bank file (the real
file, when the bank is a symlink): ``bank.json.reviews.jsonl``. One JSON
object per line (:mod:`~storybank.scheduling.log_format`), mode 0600, every
line fsynced as it is appended. Tens of thousands of reviews never make
saving a rating or opening the bank slower, because the bank file never holds
them and nothing reads the whole log until a command needs it.

A log belongs to exactly one bank file:

* by its **name**, made from the bank's whole file name, so two banks in one
  folder (``bank.json`` and a copy ``bank.old``) never share one: a copy
  starts a log of its own;
* by the **token** in its header, which the bank also stores (see
  :class:`~storybank.scheduling.store.DrillStore`). A log whose token differs
  belongs to a bank that was replaced (``init --force``, a different bank
  copied over this one): it is moved aside to
  ``<name>.reviews.<its token>.jsonl``, never deleted, and moved back if that
  bank is restored from a backup;
* by the **head** the bank stores with every card it writes: the id of the
  last log line whose effect it holds. Crash repair applies a line only when
  it comes right after the bank's head, so a bank that is not the one the log
  went on with (a copy put back over the original, a sync client's version)
  never has another bank's ratings replayed onto its cards.

Logs used to be named after the bank's stem (``bank.reviews.jsonl``), which
``bank.json`` and ``bank.old`` shared. Such a log belongs to the bank named
``<stem>.json`` when there is one beside it, else to the bank of that stem
that opens it; the first writer moves it (and the logs moved aside with it)
to the new names.

A crash in the middle of an append leaves a torn last line: readers ignore
it, and the next append cuts it off first. Readers drop entries that an undo
tombstone names.
"""

from __future__ import annotations

import contextlib
import glob
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
from storybank.storage.files import FILE_MODE, StagedWrite, fsync_dir, real_path

_TAIL_CHUNK = 64 * 1024
_FIRST_CHUNK = 4 * 1024
LOG_SUFFIX = ".reviews.jsonl"


def _real(bank_path: Path) -> Path:
    return real_path(bank_path) if bank_path.exists() else bank_path


def log_path(bank_path: Path) -> Path:
    """The review log of a bank file: beside the real file, named after its whole name."""
    real = _real(bank_path)
    return real.with_name(real.name + LOG_SUFFIX)


def legacy_log_path(bank_path: Path) -> Path | None:
    """Where an older storybank kept this bank's log, if it is this bank's and not :func:`log_path`.

    Older logs were named after the bank's stem. Such a log belongs to
    ``<stem>.json`` when that file exists, else to any bank of that stem.
    """
    real = _real(bank_path)
    legacy = real.with_name(real.stem + LOG_SUFFIX)
    if legacy == log_path(bank_path):
        return None
    owner = real.with_name(f"{real.stem}.json")
    if real.name != owner.name and owner.exists():
        return None  # the log of the bank named <stem>.json, not of this copy
    return legacy


def _aside_path(main: Path, token: str) -> Path:
    stem = main.name.removesuffix(LOG_SUFFIX)
    return main.with_name(f"{stem}.reviews.{token}.jsonl")


def _same_file(a: os.stat_result, b: os.stat_result) -> bool:
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


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
        legacy: Where an older storybank kept this log (see :func:`legacy_log_path`):
            read from there until :meth:`migrate` moves it.
    """

    def __init__(
        self, path: Path, token: str | None, *, read_only: bool, legacy: Path | None = None
    ) -> None:
        self.path = path
        self.token = token
        self.read_only = read_only
        self.legacy = legacy
        self._fd: int | None = None

    # -- reading ----------------------------------------------------------------

    def source(self) -> Path | None:
        """The file holding this bank's log: the main file, or one moved aside."""
        if self.token is None:
            return None
        mains = [self.path] if self.legacy is None else [self.path, self.legacy]
        for main in mains:
            for candidate in (main, _aside_path(main, self.token)):
                header = read_header(candidate)
                if header is not None and header.bank == self.token:
                    return candidate
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

    def last_ids(self, count: int) -> list[str]:
        """The ids of the last ``count`` complete lines, newest first (fewer if there are fewer)."""
        found: list[str] = []
        for data in self._reverse_objects():
            found.append(str(data.get("id", "")))
            if len(found) >= count:
                break
        return found

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
            if self._still_in_place(self._fd):
                return self._fd
            # Replaced or removed by another program (a sync client, a restore by
            # hand) since it was opened: appending to the old file would put the
            # rating where no reader looks. Open what is there now.
            self.close()
        self._refuse_if_read_only()
        if self.token is None:
            raise StorybankError("the review log has no bank token", file=self.path)
        self._adopt()
        try:
            # Never through a symlink planted at the log's name (see storage/lock.py).
            flags = os.O_RDWR | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
            fd = os.open(self.path, flags, FILE_MODE)
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

    def _still_in_place(self, fd: int) -> bool:
        """Whether the open descriptor is still the file at :attr:`path`."""
        try:
            return _same_file(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False

    def migrate(self) -> None:
        """Move a log an older storybank named after the bank's stem to this bank's names.

        The log (whatever its token: one that is not this bank's goes aside)
        and the logs moved aside under the old name. Call only under the
        bank's write lock. Nothing is replaced: a file already at a new name stays.

        Raises:
            StorybankError: a file could not be moved.
        """
        legacy = self.legacy
        if legacy is None:
            return
        moves: list[tuple[Path, Path]] = []
        header = read_header(legacy)
        if header is not None:
            owner = header.bank
            mine = owner is not None and owner == self.token
            name = owner if owner is not None and owner.isalnum() else "unknown"
            moves.append((legacy, self.path if mine else _aside_path(self.path, name)))
        stem = legacy.name.removesuffix(LOG_SUFFIX)
        for aside in legacy.parent.glob(f"{glob.escape(stem)}.reviews.*.jsonl"):
            token = aside.name.removeprefix(f"{stem}.reviews.").removesuffix(".jsonl")
            if token.replace("-", "").isalnum() and aside != self.path:
                moves.append((aside, _aside_path(self.path, token)))
        moved = False
        for source, target in moves:
            if target.exists() or not source.exists():
                continue
            try:
                os.rename(source, target)
            except OSError as exc:
                raise StorybankError(
                    f"cannot move the review log to its new name: {exc.strerror}",
                    file=source,
                    hint=f"move it to {target} yourself",
                ) from None
            moved = True
        if moved:
            fsync_dir(self.path.parent)
        self.legacy = None

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
    # Deferred import: only the health report counts in words.
    from storybank.core.text import counted

    scan = log.scan()
    health.entries = len(scan.entries)
    health.bad_lines = scan.bad_lines
    health.torn_tail = scan.torn_tail
    health.facts.append(f"review log: {counted(len(scan.entries), 'review')} in {source.name}")
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
