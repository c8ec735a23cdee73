"""Matching benchmarks: lookup speed in process and from a fresh process.

Speed matches one question against 200 synthetic stories with a 2,000-question
bank, in process, after the indexes are built, and reports the median.
Accuracy on labeled questions is :mod:`bench.matcher_accuracy`.

Run alone with ``python bench/bench_match.py`` or with the rest via
``python -m bench``.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.timing import command_medians_ms, median_ms
from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import CompetencyFramework, Question, Story
from storybank.core.questions import builtin_questions
from storybank.matching import Matcher

Row = tuple[str, str, str]

SPEED_QUESTIONS = (
    "Tell me about a time you disagreed with your manager about a launch date.",
    "Describe a program that slipped and how you got it back on track.",
    "How do you explain a technical trade-off to executives?",
    "Give an example of mentoring someone who was struggling.",
    "What would you do if two teams wanted the same engineers next quarter?",
    "Tell me about a mistake that hurt customers and what you changed afterwards.",
    "payments migration deadline",
    "Describe a decision you made with incomplete data under time pressure.",
)


def _framework(framework_id: str) -> CompetencyFramework:
    return next(fw for fw in builtin_frameworks() if fw.id == framework_id)


def synthetic_bank(size: int, seed: int = 7) -> list[Question]:
    """A bank of ``size`` questions recombined from halves of the built-in ones."""
    rng = random.Random(seed)
    base = builtin_questions()
    bank: list[Question] = []
    for i in range(size):
        a, b = rng.choice(base), rng.choice(base)
        first, second = a.text.split(), b.text.split()
        text = " ".join(first[: len(first) // 2] + second[len(second) // 2 :])
        bank.append(Question(id=f"q{i}", text=text, competencies=a.competencies, source="user"))
    return bank


def synthetic_stories(framework: CompetencyFramework, size: int, seed: int = 11) -> list[Story]:
    """``size`` stories of about 300 words with realistic vocabulary; a third untagged."""
    rng = random.Random(seed)
    texts = [q.text for q in builtin_questions()]
    words = " ".join(texts).split()
    stories: list[Story] = []
    for i in range(size):

        def prose(sentences: int) -> str:
            return " ".join(rng.choice(texts) for _ in range(sentences))

        tags = rng.sample(framework.ids, 3) if i % 3 else []
        stories.append(
            Story(
                id=f"story-{i}",
                title=" ".join(rng.sample(words, 6)),
                headline=prose(1),
                situation=prose(4),
                complications=prose(3),
                action=prose(6),
                result=prose(3),
                competencies={framework.id: tags} if tags else {},
                tags=rng.sample(["payments", "migration", "launch", "hiring", "incident"], 2),
            )
        )
    return stories


def bench_speed() -> list[Row]:
    """Median in-process match time, plus index build times."""
    framework = _framework("tpm")
    bank = synthetic_bank(2_000)
    stories = synthetic_stories(framework, 200)

    started = time.perf_counter()
    matcher = Matcher(framework, bank, stories)
    _ = matcher.index
    build_ms = (time.perf_counter() - started) * 1000
    for question in SPEED_QUESTIONS:  # also computes suggestions for untagged stories
        matcher.match(question)

    samples = []
    for _ in range(40):
        for question in SPEED_QUESTIONS:
            start = time.perf_counter()
            matcher.match(question)
            samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[int(len(samples) * 0.95)]

    edited = [*stories[:-1], stories[-1].model_copy(update={"title": "An edited title"})]
    update_ms = median_ms(lambda: matcher.update_stories(edited), repeat=20)
    return [
        (
            "match: 1 question, 200 stories, 2,000-question bank (median)",
            f"{statistics.median(samples):.2f} ms",
            "<= 5 ms",
        ),
        ("  same, 95th percentile", f"{p95:.2f} ms", ""),
        ("  index build (2,000 questions + 200 stories, once)", f"{build_ms:.0f} ms", ""),
        ("  update_stories after one edit (median)", f"{update_ms:.2f} ms", ""),
    ]


def bench_cold_start() -> list[Row]:
    """The matcher's share of a fresh process, on plain data as ``storybank match`` runs it."""
    tpm = next(fw for fw in builtin_frameworks() if fw.id == "tpm")
    with tempfile.TemporaryDirectory() as tmp:
        framework_file = Path(tmp) / "tpm.json"
        framework_file.write_text(json.dumps(tpm.model_dump(mode="json")), encoding="utf-8")
        # rapidfuzz is imported on both sides: it is part of the baseline, not
        # a cost of the matcher.
        core = "import json, rapidfuzz.process\n"
        match = (
            core + "from storybank.core.questions import builtin_question_data\n"
            "from storybank.matching import Matcher\n"
            "from storybank.matching.inputs import FRAMEWORK, QUESTION\n"
            f"fw = FRAMEWORK.view(json.load(open({str(framework_file)!r})))\n"
            "questions = QUESTION.views(builtin_question_data())\n"
            "Matcher(fw, questions).match('Tell me about a conflict with a peer')\n"
        )
        medians = command_medians_ms(
            {
                "baseline": [sys.executable, "-c", "import rapidfuzz, tinydb, pydantic"],
                "core": [sys.executable, "-c", core],
                "match": [sys.executable, "-c", match],
            },
            repeat=9,
        )
    return [
        ("python -c 'import rapidfuzz, tinydb, pydantic'", f"{medians['baseline']:.0f} ms", ""),
        ("fresh process: python -c 'import rapidfuzz'", f"{medians['core']:.0f} ms", ""),
        (
            "fresh process: + matcher on plain data, built-in bank, one match",
            f"{medians['match']:.0f} ms",
            "",
        ),
        ("  matching's own share", f"{medians['match'] - medians['core']:.0f} ms", ""),
    ]


def run() -> list[Row]:
    """Every matching benchmark row."""
    return [*bench_speed(), *bench_cold_start()]


def _print_table(rows: list[Row]) -> None:
    header = ("benchmark", "measured", "target")
    widths = [max(len(r[i]) for r in [*rows, header]) for i in range(3)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())


if __name__ == "__main__":
    _print_table(run())
