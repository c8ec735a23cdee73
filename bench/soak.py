"""A long crash soak: thousands of ``kill -9``s in every write path, then one table.

``python -m bench.soak`` runs each kill loop of the reliability suite
(``tests/reliability/crash_loops.py``) many more times than CI does, against a
fresh sample bank, and prints what happened. It stops at the first broken
promise with the loop's assertion message. Options::

    python -m bench.soak --scale 20      # 20x the full depth (4,000 write kills, ...)
    python -m bench.soak --seed 7        # another sequence of writes and kill times
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CI_KILLS = {"writes": 200, "rotation": 40, "markdown import": 25, "json import": 25, "ratings": 60}
"""Kills per loop at the test suite's full depth (``--slow``; tests/reliability/depth.py)."""


def main(argv: list[str] | None = None) -> int:
    """Run every loop ``--scale`` times as long as CI does and print the counts."""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--scale", type=int, default=10, help="times the full-depth kill counts")
    parser.add_argument("--seed", type=int, default=1, help="seed of writes and kill times")
    parser.add_argument("--only", choices=list(CI_KILLS), help="run just this loop")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests"))
    sys.path.insert(0, str(ROOT / "src"))

    from reliability import crash_loops
    from reliability.killer import ForkServer
    from storybank.cli.admin import create_bank

    loops: dict[str, Callable[[Path, ForkServer, Path, int], dict[str, int]]] = {
        "writes": lambda bank, server, _, n: crash_loops.write_kills(bank, server, n, args.seed),
        "rotation": lambda bank, server, _, n: crash_loops.rotation_kills(
            bank, server, n, args.seed
        ),
        "markdown import": lambda bank, server, work, n: crash_loops.markdown_import_kills(
            bank, server, work, n, args.seed
        ),
        "json import": lambda bank, server, work, n: crash_loops.json_import_kills(
            bank, server, work, n, args.seed
        ),
        "ratings": lambda bank, server, _, n: crash_loops.rating_kills(bank, server, n, args.seed),
    }
    rows: list[tuple[str, str, str]] = []
    for name, loop in loops.items():
        if args.only and name != args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="storybank-soak-") as folder:
            work = Path(folder)
            bank = work / "data" / "bank.json"
            create_bank(bank, sample=True, force=False)
            server = ForkServer(work)
            started = time.perf_counter()
            try:
                counts = loop(bank, server, work, CI_KILLS[name] * args.scale)
            except AssertionError:
                print(f"{name}: PROMISE BROKEN\n{traceback.format_exc()}", file=sys.stderr)
                print(f"(the bank and the children's stderr are in {work})", file=sys.stderr)
                keep = Path(tempfile.mkdtemp(prefix="storybank-soak-failure-"))
                shutil.copytree(work, keep, dirs_exist_ok=True)
                print(f"copied to {keep}", file=sys.stderr)
                return 1
            finally:
                server.close()
            elapsed = time.perf_counter() - started
        detail = ", ".join(f"{key} {value}" for key, value in counts.items())
        rows.append((name, detail, f"{elapsed:.0f} s"))
        print(f"{name} done in {elapsed:.0f} s", file=sys.stderr)
    header = ("loop", "outcome (every check passed)", "time")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
