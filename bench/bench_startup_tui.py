"""How fast the app starts and how much work typing in the editor costs.

Start-up: each app runs as a fresh Python process under a pseudo-terminal (a
real Textual driver writing real output), with its bytecode cached as in an
installed package (see :func:`bench.timing.process_env`). Both apps are timed
the same way: a hook on ``App._display``, the one place Textual writes a frame
to the terminal, writes a marker to a pipe when a frame has been written. The
parent times spawning the process to reading each marker, so the figures cover
the interpreter, the imports, claiming the bank and painting: what a user
waits for.

- "first frame": the first frame written that holds the screen's Header and
  Footer, laid out. In both apps Textual's Footer draws its keys a few frames
  later (the bare app's ``^p palette`` too). storybank's first frame lists
  the bank's stories, so it is held to the target for the stories on screen
  (``bench_speed``: 1.5x the bare app), not to the 1.3x an empty layout was.
- "footer keys drawn" (storybank): the first frame whose Footer shows its keys.
- "bank list filled" (storybank): the first frame that shows the story rows.
  ``storybank`` claims the bank before Textual starts and opens it once the
  first frame is drawn; this is when the user can read their stories.

``storybank`` is started through its real entry point (``storybank --db
PATH``). The bare app (a Header and a Footer) and ``storybank`` on the sample
bank are measured alternately in the same run, after one untimed start of each
to warm the bytecode and file caches; the medians are compared. (Timing until
the process exits would add Textual's shutdown, about 0.1-0.2 s of
input-thread polling, to both apps.)

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

try:
    from bench.timing import process_env
except ModuleNotFoundError:  # run as a script: python bench/bench_startup_tui.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.timing import process_env

STARTS = 11
"""Start-ups per app (alternating), of which the median counts."""
REPEATS = 30
"""Repetitions of each in-process measurement."""

FIRST_FRAME = "first frame"
FOOTER_KEYS = "footer keys"
LIST_FILLED = "list filled"

_FRAME_HOOK = """
import os

from textual.app import App

_marker = int(os.environ["BENCH_MARKER_FD"])
_write_frame = App._display
_seen = set()


def _laid_out(screen, selector):
    found = screen.query(selector)
    return bool(found) and all(widget.region for widget in found)


def _frame_shows(screen):
    \"\"\"The markers this frame earns (MARKERS is set by the app's script).\"\"\"
    if not (_laid_out(screen, "Header") and _laid_out(screen, "Footer")):
        return set()
    shown = {"first frame"}
    if screen.query_one("Footer").children:
        shown.add("footer keys")
    stories = screen.query("#stories")
    if stories and stories.first().row_count and stories.first().region:
        shown.add("list filled")
    return shown & MARKERS


def _timed_display(self, screen, renderable):
    # The conditions under which App._display writes to the terminal.
    writes = (
        renderable is not None
        and not self._batch_count
        and self._running
        and not self._closed
        and self._driver is not None
    )
    _write_frame(self, screen, renderable)
    if not writes or screen is not self.screen:
        return
    for name in sorted(_frame_shows(screen) - _seen):
        _seen.add(name)
        os.write(_marker, name.encode() + b"\\n")
    if _seen == MARKERS:
        self.exit()


App._display = _timed_display
"""
"""Installed in both child processes before the app starts; reports frames as they are written."""

_BARE_APP = (
    f"MARKERS = {{{FIRST_FRAME!r}}}\n"
    + _FRAME_HOOK
    + """
from textual.widgets import Footer, Header


class Bare(App):
    def compose(self):
        yield Header()
        yield Footer()


Bare().run()
"""
)

_STORYBANK_APP = (
    f"MARKERS = {{{FIRST_FRAME!r}, {FOOTER_KEYS!r}, {LIST_FILLED!r}}}\n"
    + _FRAME_HOOK
    + """
import sys

from storybank.cli import main

sys.exit(main(["--db", sys.argv[1]]))
"""
)


def _start_once(code: str, *args: str, size: tuple[int, int] = (120, 40)) -> dict[str, float]:
    """Seconds from spawning ``python -c code`` in a pty until each marker it writes."""
    import fcntl
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = process_env(TERM="xterm-256color", COLORTERM="truecolor")

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
    marks: dict[str, float] = {}
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
        for line in marker:
            marks[line.decode().strip()] = time.perf_counter() - started
    process.wait(timeout=60)
    os.close(slave)
    os.close(master)
    reader.join(timeout=1)
    if process.returncode != 0 or FIRST_FRAME not in marks:
        raise RuntimeError(f"the app failed (exit code {process.returncode}, markers {marks})")
    return marks


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
    from storybank.core.models import STORY_TEXT_FIELDS as TEXT_FIELDS
    from storybank.core.text import word_count
    from storybank.storage.repository import Bank
    from storybank.tui.catalog import StoryCatalog, assess

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        bank_path = Path(folder) / "bench" / "bank.json"
        create_bank(bank_path, sample=True, force=False)

        _start_once(_BARE_APP)  # warm the bytecode and file caches, untimed
        _start_once(_STORYBANK_APP, str(bank_path))
        bare: list[float] = []
        ours: dict[str, list[float]] = {FIRST_FRAME: [], FOOTER_KEYS: [], LIST_FILLED: []}
        for _ in range(STARTS):
            bare.append(_start_once(_BARE_APP)[FIRST_FRAME])
            marks = _start_once(_STORYBANK_APP, str(bank_path))
            for name, times in ours.items():
                times.append(marks[name])
        bare_ms = statistics.median(bare) * 1000
        first_ms, keys_ms, filled_ms = (statistics.median(t) * 1000 for t in ours.values())
        rows.append(("first frame: bare Textual app (Header+Footer)", f"{bare_ms:.0f} ms", "-"))
        rows.append(("first frame: storybank, sample bank", f"{first_ms:.0f} ms", "-"))
        rows.append(("first frame ratio storybank / bare", f"{first_ms / bare_ms:.2f}x", "<= 1.5x"))
        rows.append(("storybank: footer keys drawn", f"{keys_ms:.0f} ms", "-"))
        rows.append(("storybank: bank list filled", f"{filled_ms:.0f} ms", "-"))
        rows.append(("bank list filled ratio storybank / bare", f"{filled_ms / bare_ms:.2f}x", "-"))

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
            edits = iter(range(1_000_000))

            def suggest_after_edit() -> None:
                # As in the editor: one field changed since the last suggestions.
                edited = story.model_copy(update={"action": f"{story.action} edit{next(edits)}"})
                matcher.suggest_competencies(edited, top=3)  # type: ignore[arg-type]

            suggest_ms = _median_ms(suggest_after_edit)
            rows.append(
                (
                    f"competency suggestions after an edit, {words:,}-word story",
                    f"{suggest_ms:.2f} ms",
                    "<= 5 ms",
                )
            )

            def suggest_unseen() -> None:
                fresh = f" unseen{next(edits)} "
                unseen = story.model_copy(
                    update={name: getattr(story, name) + fresh for name in TEXT_FIELDS}
                )
                matcher.suggest_competencies(unseen, top=3)  # type: ignore[arg-type]

            unseen_ms = _median_ms(suggest_unseen)
            rows.append(("  same, every field new (story just opened)", f"{unseen_ms:.2f} ms", "-"))
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
