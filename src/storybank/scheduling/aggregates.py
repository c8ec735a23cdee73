"""Running sums of the review log, kept beside it, so statistics never read the whole log.

Statistics are sums over every rating ever logged (reviews per day, streaks,
reviews and lapses per story) plus a look at the last few weeks one rating at
a time (true retention). :class:`~storybank.scheduling.stats.LogSummary`
holds exactly that. :func:`log_summary` keeps one in
``<bank file name>.reviews.stats.json`` beside the review log, with the byte
offset of the log it covers, and brings it up to date by reading only the
lines appended since: a few ratings, however long the history. Undo
tombstones take their rating back out of the sums.

The file is a cache of the log and never the only copy of anything: it is
used only while it matches the log exactly, and is rebuilt from the whole log
otherwise. It matches when

* it names the same drill calendar (the zone and the rollover hour decide
  which day a rating belongs to);
* the log file's first line (its header, which names the bank's log and when
  the log was last rewritten) is the one it was built from;
* the line it read last is still, byte for byte, where it read it; and
* its own contents are intact (a checksum covers them).

A log is only ever appended to (or rewritten whole, with a new header), so
these say the log still begins with the bytes the sums were made from. Only
the header line, that last line and what follows it are read. The process
keeps the sums it last read or wrote in memory too, used on exactly the same
conditions, so the sidecar is parsed again only after another process wrote
it. The rebuild reads the whole log once: after an import, a restore, a change of
time zone or a damaged sidecar. ``storybank doctor`` compares the sums with
the whole log and rebuilds them if they differ.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, tzinfo
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from storybank.scheduling.clock import Calendar
from storybank.scheduling.log_format import LogEntry, Tombstone, decode_line, read_record
from storybank.scheduling.review_log import ReviewLogFile
from storybank.scheduling.stats import (
    DayFigures,
    LogSummary,
    day_figures,
    review_facts,
    summarize,
)

try:
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

FORMAT = "storybank-review-sums"
VERSION = 1

RECENT_DAYS = 100
"""Ratings of this many days before the latest are kept one by one (retention looks at 91)."""


def sidecar_path(log: ReviewLogFile) -> Path:
    """Where the sums of a review log are kept: ``bank.json.reviews.stats.json`` beside it."""
    return log.path.with_name(log.path.name.removesuffix(".jsonl") + ".stats.json")


def zone_key(tz: tzinfo) -> str | None:
    """What identifies a zone's rules, for keying the sums; ``None`` if nothing safely does."""
    if isinstance(tz, ZoneInfo):
        if tz.key != "localtime":
            return f"zone:{tz.key}"
        # local_zone() reads /etc/localtime under this key: its bytes are the rules.
        try:
            rules = Path("/etc/localtime").read_bytes()
        except OSError:
            return None
        return f"localtime:{blake2b(rules, digest_size=12).hexdigest()}"
    offset = tz.utcoffset(None)
    if offset is not None and type(tz).__module__ == "datetime":
        return f"offset:{offset.total_seconds()}"
    return None


def _digest(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


class _Sums:
    """A summary being kept up to date, with what incremental reading needs besides.

    ``recent`` holds the ratings (and resets) of the last :data:`RECENT_DAYS`
    days by entry id, so an undo can take its rating back out; an undo of an
    entry that is not there (or an entry id seen twice) cannot be followed and
    sends the caller to the whole log.
    """

    def __init__(self) -> None:
        self.summary = LogSummary()
        self.recent: dict[str, list[Any]] = {}
        """Entry id -> ``[day, previous day, passed, seconds, fsrs id, story, lapse]``
        for a rating, ``[day]`` for a reset (days as ordinals)."""
        self.latest: int | None = None

    def add(self, entry: LogEntry, calendar: Calendar) -> bool:
        """Count a live entry in; ``False`` if its id was seen before."""
        if entry.id in self.recent:
            return False
        if entry.type != "review":
            self.recent[entry.id] = [calendar.day_of(entry.at).toordinal()]
            return True
        day, previous, passed, seconds, lapse = review_facts(entry, calendar)
        facts: list[Any] = [
            day.toordinal(),
            None if previous is None else previous.toordinal(),
            passed,
            seconds,
            entry.fsrs_id,
            entry.story,
            lapse,
        ]
        self.recent[entry.id] = facts
        self._count(facts, +1)
        self.latest = facts[0] if self.latest is None else max(self.latest, facts[0])
        return True

    def take_back(self, target: str) -> bool:
        """Count an undone entry out; ``False`` if it is not among the recent ones."""
        facts = self.recent.pop(target, None)
        if facts is None:
            return False
        if len(facts) > 1:
            self._count(facts, -1)
        return True

    def _count(self, facts: list[Any], sign: int) -> None:
        day = date.fromordinal(facts[0])
        counts = self.summary.days.setdefault(day, [0, 0])
        counts[0] += sign
        counts[1] += sign * facts[3]
        if counts[0] == 0:
            del self.summary.days[day]
        per_card = self.summary.cards.setdefault((facts[4], facts[5]), [0, 0])
        per_card[0] += sign
        per_card[1] += sign * facts[6]
        if per_card[0] == 0:
            del self.summary.cards[facts[4], facts[5]]

    def finish(self) -> LogSummary:
        """Forget entries too old for retention; the summary, its recent ratings filled in."""
        if self.latest is not None:
            cut = self.latest - RECENT_DAYS
            self.recent = {k: v for k, v in self.recent.items() if v[0] >= cut}
            self.summary.recent_from = date.fromordinal(cut)
        self.summary.recent = [
            (date.fromordinal(v[0]), None if v[1] is None else date.fromordinal(v[1]), v[2])
            for v in self.recent.values()
            if len(v) > 1
        ]
        return self.summary

    def to_json(self) -> dict[str, Any]:
        """The sums as the sidecar holds them."""
        days = self.summary.days.items()
        cards = self.summary.cards.items()
        return {
            "days": [[d.toordinal(), n, s] for d, (n, s) in days],
            "cards": [[f, story, n, lapses] for (f, story), (n, lapses) in cards],
            "recent": self.recent,
            "latest": self.latest,
            "bad_lines": self.summary.bad_lines,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> _Sums:
        """The sums the sidecar holds.

        Raises:
            ValueError: (or KeyError, TypeError) they are not what :meth:`to_json` writes.
        """
        sums = cls()
        sums.summary.days = {date.fromordinal(d): [n, s] for d, n, s in data["days"]}
        sums.summary.cards = {(f, story): [n, lapses] for f, story, n, lapses in data["cards"]}
        recent = data["recent"]
        if not isinstance(recent, dict) or not all(isinstance(v, list) for v in recent.values()):
            raise ValueError("recent entries should be lists by id")
        sums.recent = recent
        latest = data["latest"]
        if latest is not None and not isinstance(latest, int):
            raise ValueError("latest should be a day")
        sums.latest = latest
        sums.summary.bad_lines = int(data["bad_lines"])
        return sums


class _Reading:
    """The lines of a log from an offset on, read as :meth:`ReviewLogFile.scan` reads them.

    ``data`` holds the log's bytes from some offset of the file on; ``start``
    and :attr:`end` count from the beginning of ``data``.

    Attributes:
        end: The offset after the last complete line (the sums cover up to here).
        torn_tail: The last line, without its newline, does not parse (a crash
            cut it short; the next append removes it).
    """

    def __init__(self, data: bytes, start: int) -> None:
        self.data = data
        self.start = start
        self.end = start
        self.torn_tail = False

    def lines(self) -> Iterator[tuple[str | bytes, bool]]:
        """Each non-blank line, and whether it is a last line without its newline."""
        chunk = self.data[self.start :]
        cut = chunk.rfind(b"\n") + 1
        complete, tail = chunk[:cut], chunk[cut:]
        # Decoding once and splitting text is faster; a bad byte falls back to bytes.
        pieces: list[str] | list[bytes]
        try:
            pieces = complete.decode("utf-8").split("\n")[:-1]
        except UnicodeDecodeError:
            pieces = complete.split(b"\n")[:-1]
        for piece in pieces:
            if piece.strip():
                yield piece, False
        self.end = self.start + cut
        if tail.strip():
            yield tail, True


def _line_before(data: bytes, end: int) -> bytes:
    """The line that ends at ``end`` (newline included)."""
    return data[data.rfind(b"\n", 0, end - 1) + 1 : end]


class _OpenLog:
    """An open review log, read only where the sums need it.

    The sums need the first line (the header), the line they were last
    brought up to, and what was appended after it: a few lines, however
    long the log. Only a rebuild reads from the header to the end.
    """

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.size = os.fstat(handle.fileno()).st_size

    def first_line(self) -> bytes:
        """The header line, newline included (none: the file has no complete line)."""
        self.handle.seek(0)
        return self.handle.readline()

    def line_before(self, offset: int) -> bytes | None:
        """The complete line that ends at ``offset``; ``None`` if no line ends there."""
        if not 0 < offset <= self.size:
            return None
        span = 4096
        while True:
            begin = max(0, offset - span)
            self.handle.seek(begin)
            data = self.handle.read(offset - begin)
            if len(data) != offset - begin or data[-1:] != b"\n":
                return None
            cut = data.rfind(b"\n", 0, len(data) - 1)
            if cut >= 0 or begin == 0:
                return data[cut + 1 :]
            span *= 8

    def from_offset(self, offset: int) -> bytes:
        """Everything from ``offset`` to the end of the file."""
        self.handle.seek(offset)
        return self.handle.read()


@dataclass
class _Kept:
    """The sums of one log as this process last read or wrote them."""

    key: dict[str, Any]
    offset: int
    last_line: str
    """The digest of the line that ends at :attr:`offset`."""
    sums: _Sums
    days: dict[date, DayFigures] = field(default_factory=dict)
    """The day figures worked out from these very sums, by day."""


_KEPT_LOCK = threading.Lock()
_kept: dict[Path, _Kept] = {}
"""By sidecar. Used exactly when the sidecar would be (the same key, the line
at the offset unchanged), so the sidecar is parsed again only when another
process (or an earlier run) wrote it."""


def log_summary(log: ReviewLogFile, calendar: Calendar, today: date) -> tuple[LogSummary, bool]:
    """The summary of the log and whether its last line was torn by a crash, kept up to date.

    Reads the lines appended since the sums beside the log were made, or the
    whole log when they cannot be used; then writes the sums back for next
    time (best effort: a sidecar that cannot be written only costs a rebuild).
    Safe to call from several threads: the summary returned is the caller's own.

    Raises:
        StorybankError: the log cannot be read.
    """
    summary, _, torn_tail = log_figures(log, calendar, today)
    return summary, torn_tail


def log_figures(
    log: ReviewLogFile, calendar: Calendar, today: date
) -> tuple[LogSummary, DayFigures, bool]:
    """:func:`log_summary`, and the summary's :func:`~storybank.scheduling.stats.day_figures`
    for ``today``, kept with the sums until a line is appended to the log.

    Raises:
        StorybankError: the log cannot be read.
    """
    source = log.source()
    if source is None:
        return _with_days(LogSummary(), False, today)
    try:
        handle = source.open("rb")
    except FileNotFoundError:
        return _with_days(LogSummary(), False, today)
    except OSError:
        return _with_days(*_whole_log(log, calendar), today)  # which reports the error
    with handle, _KEPT_LOCK:
        try:
            kept, torn_tail = _summary(log, _OpenLog(handle), source.name, calendar, today)
        except OSError:
            return _with_days(*_whole_log(log, calendar), today)
        if isinstance(kept, LogSummary):
            return _with_days(kept, torn_tail, today)
        days = kept.days.get(today)
        if days is None:
            days = kept.days[today] = day_figures(kept.sums.summary, today)
        return _copy(kept.sums.summary), days, torn_tail


def forget_kept() -> None:
    """Forget the sums this process keeps in memory: the next reading starts from the
    sidecar, as in a new process."""
    with _KEPT_LOCK:
        _kept.clear()


def sums_at_hand(log: ReviewLogFile, calendar: Calendar, *, most: int = 1 << 16) -> bool:
    """Whether :func:`log_figures` would answer from the sums this process keeps,
    reading at most ``most`` bytes appended since: milliseconds, whatever the log.

    ``False`` too while another thread is bringing the sums up to date.
    """
    source = log.source()
    zone = zone_key(calendar.tz)
    if source is None or zone is None or not _KEPT_LOCK.acquire(blocking=False):
        return False
    try:
        kept = _kept.get(sidecar_path(log))
        if kept is None or kept.key["calendar"] != [zone, calendar.rollover_hour]:
            return False
        with source.open("rb") as handle:
            opened = _OpenLog(handle)
            header = opened.first_line()
            line = opened.line_before(kept.offset)
            return (
                kept.key["log"] == source.name
                and kept.key["header"] == _digest(header)
                and line is not None
                and _digest(line) == kept.last_line
                and opened.size - kept.offset <= most
            )
    except OSError:
        return False
    finally:
        _KEPT_LOCK.release()


def _with_days(
    summary: LogSummary, torn_tail: bool, today: date
) -> tuple[LogSummary, DayFigures, bool]:
    return summary, day_figures(summary, today), torn_tail


def _summary(
    log: ReviewLogFile, opened: _OpenLog, name: str, calendar: Calendar, today: date
) -> tuple[_Kept | LogSummary, bool]:
    """The kept sums brought up to date, or the whole log's summary when they cannot be."""
    zone = zone_key(calendar.tz)
    header = opened.first_line()
    if zone is None or not header.endswith(b"\n"):
        return _whole_log(log, calendar)
    key = {
        "format": FORMAT,
        "version": VERSION,
        "calendar": [zone, calendar.rollover_hour],
        "log": name,
        "header": _digest(header),
    }
    path = sidecar_path(log)

    def from_header() -> _Kept:
        return _Kept(key, len(header), "", _Sums())

    def fold(kept: _Kept) -> tuple[bytes, _Reading | None]:
        data = opened.from_offset(kept.offset)
        return data, _read(kept.sums, data, calendar)

    remembered = _recall(path, key, opened)
    kept = remembered if remembered is not None else from_header()
    data, reading = fold(kept)
    if reading is None and remembered is not None:  # the kept sums cannot follow: start over
        kept = from_header()
        data, reading = fold(kept)
    start = kept.offset
    if reading is None:  # an undo the sums cannot follow: the whole log says
        return _whole_log(log, calendar)
    summary = kept.sums.finish()
    if not summary.covers(today):
        return _whole_log(log, calendar)
    if remembered is None or reading.end:
        end = start + reading.end
        line = _line_before(data, reading.end) if reading.end else opened.line_before(end)
        kept = _Kept(key, end, _digest(line or b""), kept.sums)
        _save(path, kept)
    _kept[path] = kept
    return kept, reading.torn_tail


def _copy(summary: LogSummary) -> LogSummary:
    """A summary of its own: the kept one goes on being updated in place."""
    return LogSummary(
        days={day: list(counts) for day, counts in summary.days.items()},
        cards={card: list(counts) for card, counts in summary.cards.items()},
        recent=list(summary.recent),
        recent_from=summary.recent_from,
        bad_lines=summary.bad_lines,
    )


def _whole_log(log: ReviewLogFile, calendar: Calendar) -> tuple[LogSummary, bool]:
    scan = log.scan()
    return summarize(scan.entries, calendar, scan.bad_lines), scan.torn_tail


def _read(sums: _Sums, data: bytes, calendar: Calendar) -> _Reading | None:
    """Fold the lines of ``data`` into ``sums``; ``None`` if they cannot be followed."""
    reading = _Reading(data, 0)
    for line, last in reading.lines():
        decoded = decode_line(line)
        record: LogEntry | Tombstone | None = None
        if decoded is not None:
            try:
                record = read_record(decoded)
            except (KeyError, TypeError, ValueError):
                record = None
        if record is None:
            if last:
                reading.torn_tail = True
            else:
                sums.summary.bad_lines += 1
            continue
        if last:
            # A whole record without its newline counts, but the sums kept are
            # of complete lines only: the whole log says (this is rare).
            return None
        if isinstance(record, Tombstone):
            if not sums.take_back(record.target):
                return None
        elif not sums.add(record, calendar):
            return None
    return reading


def _recall(path: Path, key: dict[str, Any], opened: _OpenLog) -> _Kept | None:
    """The sums kept for exactly this log and calendar, with the offset they cover.

    Taken from memory when the ones last kept there are still good, else
    from the sidecar file. Either is forgotten here: the caller keeps what
    it brings up to date.
    """
    remembered = _kept.pop(path, None)
    if remembered is not None and remembered.key == key:
        line = opened.line_before(remembered.offset)
        if line is not None and _digest(line) == remembered.last_line:
            return remembered
    return _load(path, key, opened)


def _load(path: Path, key: dict[str, Any], opened: _OpenLog) -> _Kept | None:
    """The sums the sidecar keeps for exactly this log and calendar."""
    try:
        raw = path.read_bytes()
        head_line, _, body = raw.partition(b"\n")
        head = json.loads(head_line)
        if not isinstance(head, dict) or head.get("key") != key:
            return None
        if head.get("body") != _digest(body):
            return None
        offset = head["offset"]
        if type(offset) is not int:
            return None
        line = opened.line_before(offset)
        if line is None or _digest(line) != head["last_line"]:
            return None
        return _Kept(key, offset, head["last_line"], _Sums.from_json(json.loads(body)))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save(path: Path, kept: _Kept) -> None:
    body = json.dumps(kept.sums.to_json(), separators=(",", ":")).encode("utf-8")
    head = {
        "key": kept.key,
        "offset": kept.offset,
        "last_line": kept.last_line,
        "body": _digest(body),
    }
    # A cache: written whole and renamed into place, but not synced to disk.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(json.dumps(head).encode("utf-8") + b"\n" + body)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def check_sums(log: ReviewLogFile, calendar: Calendar, today: date) -> bool:
    """Compare the kept sums with the whole log, rebuilding them if they differ (for doctor).

    Returns whether they matched.
    """
    with _KEPT_LOCK:  # the file is what is checked, not this process's copy of it
        _kept.pop(sidecar_path(log), None)
    kept, _ = log_summary(log, calendar, today)
    whole, _ = _whole_log(log, calendar)
    window = kept.recent_from or date.min
    same = (
        kept.days == whole.days
        and kept.cards == whole.cards
        and kept.bad_lines == whole.bad_lines
        and sorted(kept.recent, key=_order)
        == sorted((r for r in whole.recent if r[0] >= window), key=_order)
    )
    if not same:
        with _KEPT_LOCK:
            _kept.pop(sidecar_path(log), None)
        with contextlib.suppress(OSError):
            sidecar_path(log).unlink()
        log_summary(log, calendar, today)
    return same


def _order(review: tuple[date, date | None, bool]) -> tuple[date, date, bool]:
    day, previous, passed = review
    return day, previous or date.min, passed
