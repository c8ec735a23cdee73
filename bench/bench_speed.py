"""Speed a user feels: stories on screen, ``due`` in a shell prompt, stats, and how they scale.

Every figure is a whole process and each ratio compares medians taken in the
same run, interleaved, so machine noise hits both sides alike.

- Stories on screen: the app and a bare Textual app (Header and Footer) run
  under a pseudo-terminal; the bench reads what they write to the terminal,
  drops the escape sequences, and times spawning the process until a story
  title of the bank (for the bare app: its title in the Header) is there.
  That is the first frame a user can read their stories in.
- ``storybank due`` and ``due --prompt``, with 50,000 reviews in the log,
  against ``python -c "import tinydb, pydantic"``; their count is checked
  against the queue the Drill screen shows.
- The stats screen over 50,000 reviews: from pressing ``s`` in the app, in a
  pseudo-terminal once the stories are shown and the app is idle, until
  every figure is on the terminal, with the running sums kept beside the log
  (after one more rating, so the sums have something to catch up with).
- Scale: a 300-story bank with 500,000 reviews, and how each figure grows
  from the 7-story sample bank with 50,000.

Run: ``python -m bench`` (all benchmarks) or ``python bench/bench_speed.py``.
"""

from __future__ import annotations

import os
import pty
import re
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

try:
    from bench.banks import make_bank, simulate_history
    from bench.timing import command_medians_ms, process_env
except ModuleNotFoundError:  # run as a script
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.banks import make_bank, simulate_history
    from bench.timing import command_medians_ms, process_env

Row = tuple[str, str, str]

_DOWN = "\x1b[B"
"""The down-arrow key, as a terminal sends it."""

STARTS = 11
"""Start-ups per app (alternating), of which the median counts."""

_ESCAPE = re.compile(rb"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

_BARE_TITLE = "Bare first frame"
_BARE_APP = f"""
from textual.app import App
from textual.widgets import Footer, Header


class Bare(App):
    TITLE = {_BARE_TITLE!r}

    def compose(self):
        yield Header()
        yield Footer()


Bare().run()
"""

_STORYBANK_APP = """
import sys

from storybank.cli import main

sys.exit(main(["--db", sys.argv[1]]))
"""


class _Terminal:
    """``python -c code`` running under a 120x40 pseudo-terminal, its output read as it comes.

    What the program writes is kept with its escape sequences dropped, so a
    test for text on the terminal is a test for text a user could read.
    """

    def __init__(self, code: str, *args: str) -> None:
        import fcntl
        import termios

        self._master, self._slave = pty.openpty()
        fcntl.ioctl(self._slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self._raw = b""
        self._last_output = time.perf_counter()
        self._changed = threading.Condition()
        self._closed = False
        self.started = time.perf_counter()
        self._process = subprocess.Popen(
            [sys.executable, "-c", code, *args],
            stdin=self._slave,
            stdout=self._slave,
            stderr=self._slave,
            env=process_env(TERM="xterm-256color", COLORTERM="truecolor"),
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            while chunk := os.read(self._master, 65536):
                with self._changed:
                    self._raw += chunk
                    self._last_output = time.perf_counter()
                    self._changed.notify_all()
        except OSError:
            pass
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def mark(self) -> int:
        """Where the output is now: :meth:`wait_for` can look only at what comes after."""
        with self._changed:
            return len(self._raw)

    def wait_for(self, texts: list[str], since: int = 0, timeout: float = 60) -> float:
        """When one of ``texts`` was first on the terminal (written after ``since``)."""
        wanted = [t.encode() for t in texts]
        with self._changed:
            while True:
                plain = _ESCAPE.sub(b"", self._raw[since:])
                if any(t in plain for t in wanted):
                    return self._last_output
                if self._closed or not self._changed.wait(timeout):
                    raise RuntimeError(
                        f"nothing of {texts} appeared (exit code {self._process.poll()})"
                    )

    def answers(self, keys: str, texts: list[str], timeout: float = 60) -> float:
        """Type ``keys``; when one of ``texts`` that was not on the terminal yet was written."""
        since = self.mark()
        with self._changed:
            before = _ESCAPE.sub(b"", self._raw)
        fresh = [t for t in texts if t.encode() not in before]
        self.press(keys)
        return self.wait_for(fresh, since, timeout)

    def settle(self, quiet: float = 0.4, most: float = 10) -> None:
        """Wait until nothing has been written for ``quiet`` seconds: the app is idle."""
        deadline = time.perf_counter() + most
        while time.perf_counter() < deadline:
            with self._changed:
                idle = time.perf_counter() - self._last_output
            if idle >= quiet:
                return
            time.sleep(quiet - idle)

    def press(self, keys: str) -> float:
        """Type ``keys``; when they were written."""
        os.write(self._master, keys.encode())
        return time.perf_counter()

    def close(self) -> None:
        os.killpg(self._process.pid, signal.SIGKILL)
        self._process.wait(timeout=10)
        os.close(self._slave)
        os.close(self._master)
        self._reader.join(timeout=1)


def _seconds_until_visible(code: str, texts: list[str], *args: str) -> float:
    """Seconds from spawning ``python -c code`` in a pty until one of ``texts`` is on it."""
    terminal = _Terminal(code, *args)
    try:
        return terminal.wait_for(texts) - terminal.started
    finally:
        terminal.close()


def stories_on_screen() -> list[Row]:
    """The first frame showing the bank's stories, against a bare app's first frame."""
    from storybank.cli.admin import create_bank
    from storybank.storage.snapshot import take_snapshot

    with tempfile.TemporaryDirectory() as folder:
        bank = Path(folder) / "bank.json"
        create_bank(bank, sample=True, force=False)
        snapshot = take_snapshot(bank)
        assert snapshot is not None
        # A title cut to what any list column shows whole.
        titles = [story.title[:24] for story in snapshot.stories]
        bare: list[float] = []
        ours: list[float] = []
        _seconds_until_visible(_BARE_APP, [_BARE_TITLE])  # warm caches, untimed
        _seconds_until_visible(_STORYBANK_APP, titles, str(bank))
        for _ in range(STARTS):
            bare.append(_seconds_until_visible(_BARE_APP, [_BARE_TITLE]))
            ours.append(_seconds_until_visible(_STORYBANK_APP, titles, str(bank)))
    bare_ms = statistics.median(bare) * 1000
    ours_ms = statistics.median(ours) * 1000
    return [
        ("bare Textual app: first frame on the terminal", f"{bare_ms:.0f} ms", ""),
        ("storybank: story titles on the terminal (sample bank)", f"{ours_ms:.0f} ms", ""),
        ("  ratio stories on screen / bare first frame", f"{ours_ms / bare_ms:.2f}x", "<= 1.5x"),
    ]


def _drill_screen_total(bank: Path) -> int:
    """The count the Drill screen shows: the deck's queue, through the models."""
    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank

    with Bank.open(bank, read_only=True) as opened, Drills(opened) as drills:
        queue = drills.deck.queue()
        return queue.total - queue.count("ahead")


def _due_rows(bank: Path, label: str) -> tuple[list[Row], dict[str, float]]:
    env = process_env(STORYBANK_DB=str(bank))
    medians = command_medians_ms(
        {
            "floor": [sys.executable, "-c", "import tinydb, pydantic"],
            "due": [sys.executable, "-m", "storybank", "due"],
            "prompt": [sys.executable, "-m", "storybank", "due", "--prompt"],
        },
        env=env,
    )
    printed = subprocess.run(
        [sys.executable, "-m", "storybank", "due", "--prompt"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    same = int(printed or 0) == _drill_screen_total(bank)
    rows = [
        (f"storybank due ({label})", f"{medians['due']:.0f} ms", ""),
        ("  ratio due / imports", f"{medians['due'] / medians['floor']:.2f}x", "<= 1.2x"),
        ("storybank due --prompt", f"{medians['prompt']:.0f} ms", ""),
        (
            "  ratio due --prompt / imports",
            f"{medians['prompt'] / medians['floor']:.2f}x",
            "<= 1.2x",
        ),
        ("  due count equals the Drill screen's", "yes" if same else "NO", "yes"),
    ]
    return rows, medians


def _check_ms(bank: Path, repeat: int = 5) -> float:
    """``check --json`` with the memo off (its exit code says whether it found something)."""
    env = process_env(STORYBANK_DB=str(bank), STORYBANK_NO_CACHE="1")
    argv = [sys.executable, "-m", "storybank", "check", "--json"]
    subprocess.run(argv, capture_output=True, env=env, check=False)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, check=False)
        times.append((time.perf_counter() - started) * 1000)
        if done.returncode not in (0, 1):
            raise RuntimeError(done.stderr.decode())
    return statistics.median(times)


def _cold_list_ms(bank: Path) -> float:
    env = process_env(STORYBANK_DB=str(bank), STORYBANK_NO_CACHE="1")
    medians = command_medians_ms(
        {"list": [sys.executable, "-m", "storybank", "list"]}, repeat=5, env=env
    )
    return medians["list"]


def _stats_screen_ms(bank: Path, runs: int = 7) -> tuple[float, float]:
    """Medians of the time from pressing ``s`` until the Stats screen's figures are
    on the terminal, and of the time from starting the app until it answers a key.

    The app runs in a pseudo-terminal like any other start; ``s`` is pressed
    once the bank's stories are shown, the app has answered a key (the down
    arrow, pressed as soon as the stories show: the preview then shows the
    next story's headline) and has gone quiet: a user reads the list before
    asking for the stats. The app answers keys once it has opened the bank
    and checked every story, which on a large bank is well after the stories
    are shown (the second median: from starting the app until that headline
    is there).
    The figures are there when the summary's review total is: every figure
    of the screen is drawn in the same frame. Each run starts from the sums
    of the previous one plus one more rating, so the sums have that rating
    to catch up with.
    """
    from fsrs import Rating

    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank
    from storybank.storage.snapshot import take_snapshot

    snapshot = take_snapshot(bank)
    assert snapshot is not None
    titles = [story.title[:24] for story in snapshot.stories]
    headlines = [story.headline[:16] for story in snapshot.stories if story.headline]

    def once() -> tuple[float, float]:
        terminal = _Terminal(_STORYBANK_APP, str(bank))
        try:
            terminal.wait_for(titles)
            # The down arrow moves the list's cursor to the next story, whose
            # headline the preview then shows.
            answered = terminal.answers(_DOWN, headlines) - terminal.started
            terminal.settle()
            since = terminal.mark()
            pressed = terminal.press("s")
            return terminal.wait_for(["reviews in all"], since) - pressed, answered
        finally:
            terminal.close()

    def rate_one() -> None:
        with Bank.open(bank) as opened, Drills(opened) as drills:
            item = drills.deck.next_item()
            if item is not None:
                drills.ledger.review(item.card_id, Rating.Good, duration_s=30)

    once()  # the sums are built once, after the log was written whole
    stats: list[float] = []
    ready: list[float] = []
    for _ in range(runs):
        rate_one()
        shown, answered = once()
        stats.append(shown)
        ready.append(answered)
    return statistics.median(stats) * 1000, statistics.median(ready) * 1000


def _progress(rows: list[Row]) -> None:
    """Each row as it is measured, on stderr (the table comes at the end)."""
    for row in rows:
        print("  ".join(row), file=sys.stderr)


def run() -> list[Row]:
    """Every row of this benchmark."""
    rows: list[Row] = [*stories_on_screen()]
    _progress(rows)
    with tempfile.TemporaryDirectory() as folder:
        small = Path(folder) / "small" / "bank.json"
        make_bank(small, None)
        simulate_history(small, 50_000)
        due_rows, small_due = _due_rows(small, "sample bank, 50,000 reviews")
        rows.extend(due_rows)
        _progress(due_rows)
        small_stats, small_ready = _stats_screen_ms(small)
        rows.append(("stats screen painted, 50,000 reviews", f"{small_stats:.0f} ms", "<= 150 ms"))
        small_check = _check_ms(small)
        small_list = _cold_list_ms(small)

        big = Path(folder) / "big" / "bank.json"
        make_bank(big, 300)
        simulate_history(big, 500_000)
        big_rows, big_due = _due_rows(big, "300 stories, 500,000 reviews")
        rows.extend(big_rows)
        _progress(big_rows)
        big_stats, big_ready = _stats_screen_ms(big, runs=3)
        big_check = _check_ms(big)
        big_list = _cold_list_ms(big)
    rows += [
        ("stats screen painted, 300 stories, 500,000 reviews", f"{big_stats:.0f} ms", ""),
        (
            "the app answers a key (down arrow as the stories show): 7 / 300 stories",
            f"{small_ready:.0f} / {big_ready:.0f} ms",
            "",
        ),
        ("storybank check --json, memo off: 7 stories", f"{small_check:.0f} ms", ""),
        ("storybank check --json, memo off: 300 stories", f"{big_check:.0f} ms", "<= 1000 ms"),
        ("storybank list, memo off: 7 / 300 stories", f"{small_list:.0f} / {big_list:.0f} ms", ""),
        (
            "growth 7 -> 300 stories (x43), 50k -> 500k reviews (x10):",
            "",
            "each <= x43",
        ),
        ("  due", f"x{big_due['due'] / small_due['due']:.2f}", "<= x43"),
        ("  stats screen", f"x{big_stats / small_stats:.2f}", "<= x43"),
        ("  check", f"x{big_check / small_check:.2f}", "<= x43"),
        ("  list, memo off", f"x{big_list / small_list:.2f}", "<= x43"),
    ]
    return rows


if __name__ == "__main__":
    table = run()
    width = max(len(r[0]) for r in table)
    for name, measured, target in table:
        print(f"{name:<{width}}  {measured:>12}  {target}")
