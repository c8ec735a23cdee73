"""Small timing helpers shared by the benchmarks."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence

_PYCACHE = tempfile.mkdtemp(prefix="storybank-bench-pyc-")


def process_env(**extra: str) -> dict[str, str]:
    """The environment for timed subprocesses: bytecode cached as in a real install.

    Some shells set PYTHONDONTWRITEBYTECODE, which would make every run recompile
    storybank from source and time the compiler instead of the program.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = _PYCACHE
    env.update(extra)
    return env


def median_ms(func: Callable[[], object], repeat: int = 50, warmup: int = 3) -> float:
    """Median wall time of ``func()`` in milliseconds."""
    for _ in range(warmup):
        func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def command_medians_ms(
    commands: dict[str, Sequence[str]], repeat: int = 15, env: dict[str, str] | None = None
) -> dict[str, float]:
    """Median wall time of each command, run interleaved so machine noise hits all alike."""
    env = env if env is not None else process_env()
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for argv in commands.values():  # warm the file cache once
        subprocess.run(argv, check=True, capture_output=True, env=env)
    for _ in range(repeat):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, env=env)
            samples[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}
