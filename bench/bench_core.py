"""Core benchmarks: CLI start-up against bare imports, and checks on a long story."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.timing import command_medians_ms, process_env

Row = tuple[str, str, str]


def long_story_text(words: int = 3_000) -> dict[str, str]:
    """A realistic-looking 3,000-word story spread across the SCAR fields."""
    sentence = (
        "I mapped the dependencies between the payments, ledger and reporting teams, "
        "agreed a weekly milestone review with the VP, and cut the launch risk by 40% "
        "before the Q3 deadline while we kind of kept the SLO at 99.9%. "
    )
    per_field = words // 4
    base = sentence.split()
    text = " ".join(base[i % len(base)] for i in range(per_field))
    return {"situation": text, "complications": text, "action": text, "result": text}


def bench_cli_startup() -> list[Row]:
    """``storybank list`` and ``storybank match`` against bare imports, in one run."""
    from storybank.cli.admin import create_bank

    with tempfile.TemporaryDirectory() as tmp:
        bank = Path(tmp) / "bank.json"
        create_bank(bank, sample=True, force=False)
        env = process_env(STORYBANK_DB=str(bank))
        question = "Tell me about a time you disagreed with a partner team"
        medians = command_medians_ms(
            {
                "baseline": [sys.executable, "-c", "import tinydb, pydantic"],
                "list": [sys.executable, "-m", "storybank", "list"],
                "list-cold": [
                    sys.executable,
                    "-c",
                    "import os, sys; os.environ['STORYBANK_NO_CACHE'] = '1'; "
                    "from storybank.cli import main; sys.exit(main(['list']))",
                ],
                "match-baseline": [sys.executable, "-c", "import rapidfuzz, tinydb, pydantic"],
                "match": [sys.executable, "-m", "storybank", "match", question],
                "match-cold": [
                    sys.executable,
                    "-c",
                    "import os, sys; os.environ['STORYBANK_NO_CACHE'] = '1'; "
                    f"from storybank.cli import main; sys.exit(main(['match', {question!r}]))",
                ],
            },
            env=env,
        )
    return [
        ("python -c 'import tinydb, pydantic'", f"{medians['baseline']:.0f} ms", ""),
        ("storybank list (sample bank)", f"{medians['list']:.0f} ms", ""),
        ("  ratio list / imports", f"{medians['list'] / medians['baseline']:.2f}x", "<= 1.5x"),
        (
            "storybank list, memo off (bank changed by other means)",
            f"{medians['list-cold']:.0f} ms",
            "",
        ),
        (
            "  ratio cold list / imports",
            f"{medians['list-cold'] / medians['baseline']:.2f}x",
            "<= 2x",
        ),
        (
            "python -c 'import rapidfuzz, tinydb, pydantic'",
            f"{medians['match-baseline']:.0f} ms",
            "",
        ),
        ("storybank match QUESTION (sample bank)", f"{medians['match']:.0f} ms", ""),
        (
            "  ratio match / imports",
            f"{medians['match'] / medians['match-baseline']:.2f}x",
            "<= 2x",
        ),
        (
            "storybank match, memo off (bank changed by other means)",
            f"{medians['match-cold']:.0f} ms",
            "",
        ),
        (
            "  ratio cold match / imports",
            f"{medians['match-cold'] / medians['match-baseline']:.2f}x",
            "<= 2x",
        ),
    ]


def bench_checks() -> list[Row]:
    """All story checks and readiness on a 3,000-word story, as the editor runs them.

    Every run checks a story it has not seen (one word differs), so nothing
    the checks keep per text (names, figures) is reused from an earlier run.
    """
    import statistics
    import time

    from storybank.checks import check_story, readiness
    from storybank.core.frameworks import FrameworkRegistry
    from storybank.core.models import Story

    framework = FrameworkRegistry.load().get("tpm")
    fields = long_story_text()
    stories = [
        Story(
            id="long",
            title="A very long story",
            headline="I did it.",
            **{name: f"{text} Draft {run}." for name, text in fields.items()},
        )
        for run in range(60)
    ]
    samples: list[float] = []
    for story in stories:
        started = time.perf_counter()
        readiness(story, check_story(story, framework))
        samples.append((time.perf_counter() - started) * 1000)
    median = statistics.median(samples[5:])  # the first runs warm the word caches
    return [("checks on a 3,000-word story (median)", f"{median:.2f} ms", "<= 5 ms")]


def run() -> list[Row]:
    """Every core benchmark row."""
    return [*bench_cli_startup(), *bench_checks()]
