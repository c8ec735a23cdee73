"""Run every benchmark and print one table: ``python -m bench``."""

from __future__ import annotations

import importlib
import sys
import time
from pathlib import Path

MODULES = [
    "bench_core",
    "matcher_accuracy",
    "bench_match",
    "bench_startup_tui",
    "bench_drills",
    "bench_interviews",
    "bench_speed",
    "coaching",
]


def main() -> int:
    """Run each benchmark module that exists and print its rows."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    rows: list[tuple[str, str, str]] = []
    for name in MODULES:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bench.{name}":
                raise
            continue
        started = time.perf_counter()
        rows.append((f"[{name}]", "", ""))
        rows.extend(module.run())
        print(f"{name} done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    widths = [
        max(len(r[i]) for r in [*rows, ("benchmark", "measured", "target")]) for i in range(3)
    ]
    header = ("benchmark", "measured", "target")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
