"""How fast the app starts and how much work typing in the editor costs.

Start-up: each app runs as a fresh Python process under a pseudo-terminal (a
real Textual driver writing real output). Once the app is ready, the
``auto_pilot`` hook asks for a callback after the next refresh: when it runs,
the first frame has been written, and the child writes a marker to a pipe.
The parent times spawning the process to reading that marker, so the figure
covers the interpreter, the imports, opening the bank and the first frame:
what a user waits for. (Timing until the process exits would add Textual's
shutdown, about 0.1-0.2 s of input-thread polling, to both apps.) The bare
app (a Header and a Footer) and ``storybank`` on the sample bank are measured
alternately in the same run; the medians are compared.

Typing: the editor's per-pause work (all checks, readiness, word counts and
competency suggestions) on a 3,000-word story, one autosave write of the
sample bank, and one lookup match, each the median of repeated runs.

Run: ``python bench/bench_startup_tui.py`` (prints a table).
"""

from __future__ import annotations

import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

STARTS = 7
"""Start-ups per app (alternating), of which the median counts."""
REPEATS = 30
"""Repetitions of each in-process measurement."""

_BARE_APP = """
import asyncio
from textual.app import App
from textual.widgets import Footer, Header

class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()

import os

async def first_frame(pilot):
    drawn = asyncio.Event()

    def report():
        os.write(int(os.environ["BENCH_MARKER_FD"]), b"FIRST-FRAME\\n")
        drawn.set()

    pilot.app.call_after_refresh(report)
    await drawn.wait()
    pilot.app.exit()

Bare().run(auto_pilot=first_frame)
"""

_STORYBANK_APP = """
import asyncio
import os
import sys
from pathlib import Path
from storybank.tui.app import make_app

app = make_app(Path(sys.argv[1]))

async def first_frame(pilot):
    drawn = asyncio.Event()

    def report():
        os.write(int(os.environ["BENCH_MARKER_FD"]), b"FIRST-FRAME\\n")
        drawn.set()

    pilot.app.call_after_refresh(report)
    await drawn.wait()
    pilot.app.exit()

try:
    app.run(auto_pilot=first_frame)
finally:
    app.bank.close()
"""


def _start_once(code: str, *args: str, size: tuple[int, int] = (120, 40)) -> float:
    """Seconds from spawning ``python -c code`` in a pty until its first frame is drawn."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor"}

    def drain() -> None:
        try:
            while os.read(master, 65536):
                pass
        except OSError:
            pass

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    marker_read, marker_write = os.pipe()
    env["BENCH_MARKER_FD"] = str(marker_write)
    started = time.perf_counter()
    # Textual draws on stderr, so both standard streams are the terminal.
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        pass_fds=(marker_write,),
        start_new_session=True,
    )
    os.close(marker_write)
    with os.fdopen(marker_read, "rb") as marker:
        line = marker.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    os.close(slave)
    os.close(master)
    reader.join(timeout=1)
    if process.returncode != 0 or line.strip() != b"FIRST-FRAME":
        raise RuntimeError(f"the app failed (exit code {process.returncode})")
    return elapsed


def _median_ms(action: Callable[[], object], repeats: int = REPEATS) -> float:
    action()  # warm caches (lazy indexes, imports) the way a session would
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _long_story() -> object:
    from storybank.core.models import Story
    from storybank.resources import sample_data_dir

    sample = (sample_data_dir() / "stories.md").read_text(encoding="utf-8")
    words = sample.split()
    chunk = " ".join((words * (3000 // len(words) + 1))[:750])
    return Story(
        id="long",
        title="A very long draft",
        headline=chunk[:300],
        situation=chunk,
        complications=chunk,
        action=chunk,
        result=chunk,
        competencies={"tpm": ["ambiguity"]},
    )


def run() -> list[tuple[str, str, str]]:
    """Measure everything; rows of (name, measured, target)."""
    from storybank.cli.admin import create_bank
    from storybank.core.text import word_count
    from storybank.storage.repository import Bank
    from storybank.tui.catalog import StoryCatalog, assess

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        bank_path = Path(folder) / "bench" / "bank.json"
        create_bank(bank_path, sample=True, force=False)

        bare: list[float] = []
        ours: list[float] = []
        for _ in range(STARTS):
            bare.append(_start_once(_BARE_APP))
            ours.append(_start_once(_STORYBANK_APP, str(bank_path)))
        bare_ms = statistics.median(bare) * 1000
        ours_ms = statistics.median(ours) * 1000
        rows.append(("first frame: bare Textual app (Header+Footer)", f"{bare_ms:.0f} ms", "-"))
        rows.append(("first frame: storybank, sample bank", f"{ours_ms:.0f} ms", "-"))
        rows.append(("first frame ratio storybank / bare", f"{ours_ms / bare_ms:.2f}x", "<= 1.30x"))

        with Bank.open(bank_path) as bank:
            catalog = StoryCatalog(bank, lambda: bank.stories()[0].updated)
            framework = catalog.framework
            story = _long_story()
            words = word_count(story.text())  # type: ignore[attr-defined]
            checks_ms = _median_ms(lambda: assess(story, framework))  # type: ignore[arg-type]
            rows.append((f"editor checks, {words:,}-word story", f"{checks_ms:.2f} ms", "<= 5 ms"))
            count_ms = _median_ms(lambda: word_count(story.action))  # type: ignore[attr-defined]
            rows.append(("word count of one field, per keystroke", f"{count_ms:.3f} ms", "-"))
            matcher = catalog.matcher
            suggest_ms = _median_ms(lambda: matcher.suggest_competencies(story, top=3))  # type: ignore[arg-type]
            rows.append(
                (f"competency suggestions, {words:,}-word story", f"{suggest_ms:.2f} ms", "<= 5 ms")
            )
            question = "Tell me about a time you disagreed with a peer on a deadline"
            match_ms = _median_ms(lambda: matcher.match(question, top=5))
            rows.append(("lookup match, sample bank", f"{match_ms:.2f} ms", "<= 5 ms"))
            sample = bank.stories()[0]
            save_ms = _median_ms(lambda: bank.save_story(sample), repeats=15)
            rows.append(("autosave: one story write (atomic, fsync)", f"{save_ms:.1f} ms", "-"))
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def main() -> None:
    """Print the measurements as a table."""
    rows = run()
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'measured':>10}  target")
    for name, measured, target in rows:
        print(f"{name:<{width}}  {measured:>10}  {target}")


if __name__ == "__main__":
    main()
