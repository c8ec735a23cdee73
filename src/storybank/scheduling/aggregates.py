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
these say the log still begins with the bytes the sums were made from. The
rebuild reads the whole log once: after an import, a restore, a change of
time zone or a damaged sidecar. ``storybank doctor`` compares the sums with
the whole log and rebuilds them if they differ.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from datetime import date, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from storybank.scheduling.clock import Calendar
from storybank.scheduling.log_format import LogEntry, Tombstone, decode_line, read_record
from storybank.scheduling.review_log import ReviewLogFile
from storybank.scheduling.stats import LogSummary, review_facts, summarize

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


def log_summary(log: ReviewLogFile, calendar: Calendar, today: date) -> tuple[LogSummary, bool]:
    """The summary of the log and whether its last line was torn by a crash, kept up to date.

    Reads the lines appended since the sums beside the log were made, or the
    whole log when they cannot be used; then writes the sums back for next
    time (best effort: a sidecar that cannot be written only costs a rebuild).

    Raises:
        StorybankError: the log cannot be read.
    """
    source = log.source()
    if source is None:
        return LogSummary(), False
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        return LogSummary(), False
    except OSError:
        return _whole_log(log, calendar)  # which reports the error as reading always has
    zone = zone_key(calendar.tz)
    header_end = data.find(b"\n") + 1
    if zone is None or header_end == 0:
        return _whole_log(log, calendar)
    key = {
        "format": FORMAT,
        "version": VERSION,
        "calendar": [zone, calendar.rollover_hour],
        "log": source.name,
        "header": _digest(data[:header_end]),
    }
    path = sidecar_path(log)
    kept = _load(path, key, data)
    sums, start = kept if kept is not None else (_Sums(), header_end)
    reading = _read(sums, data, start, calendar)
    if reading is None and kept is not None:
        sums, start = _Sums(), header_end
        reading = _read(sums, data, start, calendar)
    if reading is None:  # an undo the sums cannot follow: the whole log says
        return _whole_log(log, calendar)
    summary = sums.finish()
    if not summary.covers(today):
        return _whole_log(log, calendar)
    if kept is None or reading.end != start:
        _save(path, key, sums, _line_before(data, reading.end), reading.end)
    return summary, reading.torn_tail


def _whole_log(log: ReviewLogFile, calendar: Calendar) -> tuple[LogSummary, bool]:
    scan = log.scan()
    return summarize(scan.entries, calendar, scan.bad_lines), scan.torn_tail


def _read(sums: _Sums, data: bytes, start: int, calendar: Calendar) -> _Reading | None:
    """Fold the lines from ``start`` into ``sums``; ``None`` if they cannot be followed."""
    reading = _Reading(data, start)
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


def _load(path: Path, key: dict[str, Any], data: bytes) -> tuple[_Sums, int] | None:
    """The sums kept for exactly this log and calendar, and the offset they cover."""
    try:
        raw = path.read_bytes()
        head_line, _, body = raw.partition(b"\n")
        head = json.loads(head_line)
        if not isinstance(head, dict) or head.get("key") != key:
            return None
        if head.get("body") != _digest(body):
            return None
        offset = head["offset"]
        if type(offset) is not int or not 0 < offset <= len(data) or data[offset - 1] != 10:
            return None
        if _digest(_line_before(data, offset)) != head["last_line"]:
            return None
        return _Sums.from_json(json.loads(body)), offset
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save(path: Path, key: dict[str, Any], sums: _Sums, last_line: bytes, offset: int) -> None:
    body = json.dumps(sums.to_json(), separators=(",", ":")).encode("utf-8")
    head = {"key": key, "offset": offset, "last_line": _digest(last_line), "body": _digest(body)}
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
        with contextlib.suppress(OSError):
            sidecar_path(log).unlink()
        log_summary(log, calendar, today)
    return same


def _order(review: tuple[date, date | None, bool]) -> tuple[date, date, bool]:
    day, previous, passed = review
    return day, previous or date.min, passed
