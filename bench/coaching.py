"""Do the checks agree with a hiring manager? ``python -m bench.coaching DIR``.

``DIR`` holds real behavioral answers in storybank's Markdown format (every
``*.md`` file but the README) and a hiring manager's verdict on each
(``*.jsonl``: ``id``, ``defects``, ``readiness`` 0-100). The stories are
imported into a throw-away bank in a temporary folder through the real
``storybank import`` command, checked with ``storybank check --json``, and each
finding is compared with the verdict through its category:

* **precision**: of the warnings and errors, how many name a weakness the
  verdict also names (per check, and overall);
* **recall**: of the weaknesses the verdict names, how many at least one warning
  or error of that category caught (per category, and overall);
* **Spearman**: whether readiness orders the stories as the verdicts do.

Hints are advice and are not counted. The ``headline`` category is left out of
all three (the sources have no headlines), ``structure`` out of recall, and
the ``tags`` and ``bank`` categories are not judged (the verdicts judge the
telling only). The material is only read, never copied into the project.

Run with ``python -m bench.coaching ../shared/eval/stories``; ``python -m bench``
adds the summary rows when that folder exists.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

Row = tuple[str, str, str]

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "stories"
"""The judged stories kept beside the repository (measuring only)."""

VERDICT_LABELS: dict[str, str] = {
    "structure": "structure",
    "headline": "headline",
    "thin": "thin",
    "length": "long",
    "complications": "compl",
    "ownership": "we",
    "quantified": "quant",
    "impact": "impact",
    "jargon": "jargon",
    "hedging": "hedge",
    "lessons": "fail_lessons",
    "generic": "generic",
    "why": "why",
}
"""storybank's categories and the verdicts' names for the same weaknesses."""

LEFT_OUT = frozenset({"headline"})
"""Verdict labels left out of every figure: the sources carry no headlines."""
NOT_RECALLED = frozenset({"headline", "structure"})
"""Verdict labels left out of recall."""

TARGET_PRECISION = 0.90
TARGET_CHECK_PRECISION = 0.85
CHECK_PRECISION_MIN_FINDINGS = 5
TARGET_RECALL = 0.85
TARGET_SPEARMAN = 0.85


@dataclass(frozen=True)
class Verdict:
    """A hiring manager's judgment of one story."""

    id: str
    defects: frozenset[str]
    readiness: float


@dataclass(frozen=True)
class Finding:
    """One warning or error on one story, and whether the verdict agrees."""

    story_id: str
    check_id: str
    category: str
    label: str
    message: str
    agreed: bool


@dataclass
class Report:
    """Everything the comparison found."""

    stories: int = 0
    findings: list[Finding] = field(default_factory=list)
    unjudged: Counter[str] = field(default_factory=Counter)
    recall: dict[str, tuple[int, int]] = field(default_factory=dict)
    missed: list[tuple[str, str]] = field(default_factory=list)
    spearman: float = 0.0

    @property
    def precision(self) -> float:
        """Share of findings the verdicts agree with."""
        agreed = sum(finding.agreed for finding in self.findings)
        return agreed / len(self.findings) if self.findings else 1.0

    @property
    def overall_recall(self) -> float:
        """Share of the verdicts' weaknesses (outside :data:`NOT_RECALLED`) caught."""
        caught = sum(c for label, (c, _) in self.recall.items() if label not in NOT_RECALLED)
        total = sum(t for label, (_, t) in self.recall.items() if label not in NOT_RECALLED)
        return caught / total if total else 1.0

    def per_check(self) -> dict[str, tuple[int, int]]:
        """Check id -> (agreed, findings)."""
        counts: dict[str, tuple[int, int]] = {}
        for finding in self.findings:
            agreed, total = counts.get(finding.check_id, (0, 0))
            counts[finding.check_id] = (agreed + finding.agreed, total + 1)
        return counts

    def checks_below_target(self) -> list[str]:
        """Checks with enough findings whose precision is under the per-check target."""
        return [
            check_id
            for check_id, (agreed, total) in self.per_check().items()
            if total >= CHECK_PRECISION_MIN_FINDINGS and agreed / total < TARGET_CHECK_PRECISION
        ]

    @property
    def targets_met(self) -> bool:
        """Whether every target is met."""
        return (
            self.precision >= TARGET_PRECISION
            and not self.checks_below_target()
            and self.overall_recall >= TARGET_RECALL
            and self.spearman >= TARGET_SPEARMAN
        )


def _ranks(values: Sequence[float]) -> list[float]:
    """Ranks from 1, ties sharing their mean rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation (Pearson's on ranks, so ties are handled)."""
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("need two equally long sequences of at least two values")
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else 0.0


def load_verdicts(folder: Path) -> dict[str, Verdict]:
    """Every verdict in the folder's ``*.jsonl`` files, by story id."""
    verdicts: dict[str, Verdict] = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            if "defects" not in row:
                continue
            verdicts[row["id"]] = Verdict(
                row["id"], frozenset(row["defects"]), float(row["readiness"])
            )
    return verdicts


def story_files(folder: Path) -> list[Path]:
    """The folder's Markdown files of stories."""
    return sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")


@contextlib.contextmanager
def _quiet_cli() -> Iterator[io.StringIO]:
    """Capture the CLI's output, and keep its memos out of the user's cache."""
    saved = os.environ.get("STORYBANK_NO_CACHE")
    os.environ["STORYBANK_NO_CACHE"] = "1"
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            yield out
    finally:
        if saved is None:
            del os.environ["STORYBANK_NO_CACHE"]
        else:
            os.environ["STORYBANK_NO_CACHE"] = saved


def checked_stories(files: list[Path]) -> list[dict[str, Any]]:
    """Import ``files`` into a throw-away bank and return ``check --json``'s stories."""
    from storybank.cli import main

    with tempfile.TemporaryDirectory(prefix="storybank-coaching-") as tmp:
        bank = str(Path(tmp) / "bank.json")
        with _quiet_cli():
            if main(["--db", bank, "init"]) != 0:
                raise RuntimeError("could not create a bank")
            for path in files:
                if main(["--db", bank, "import", str(path)]) != 0:
                    raise RuntimeError(f"could not import {path} (run storybank import on it)")
        with _quiet_cli() as out:
            main(["--db", bank, "check", "--json"])
    stories: list[dict[str, Any]] = json.loads(out.getvalue())["stories"]
    return stories


def evaluate(folder: Path) -> Report:
    """Compare the checks with the verdicts in ``folder``."""
    verdicts = load_verdicts(folder)
    checked = [s for s in checked_stories(story_files(folder)) if s["id"] in verdicts]
    report = Report(stories=len(checked))
    caught: dict[str, set[str]] = defaultdict(set)
    scores: list[float] = []
    wanted: list[float] = []
    for story in checked:
        verdict = verdicts[story["id"]]
        scores.append(float(story["score"]))
        wanted.append(verdict.readiness)
        for check in story["checks"]:
            if check["severity"] == "hint":
                continue
            label = VERDICT_LABELS.get(check["category"])
            if label is None:
                report.unjudged[check["id"]] += 1
                continue
            if label in LEFT_OUT:
                continue
            agreed = label in verdict.defects
            if agreed:
                caught[story["id"]].add(label)
            report.findings.append(
                Finding(
                    story["id"], check["id"], check["category"], label, check["message"], agreed
                )
            )
    labels = sorted({label for v in verdicts.values() for label in v.defects} - LEFT_OUT)
    for label in labels:
        having = [s["id"] for s in checked if label in verdicts[s["id"]].defects]
        hits = [story_id for story_id in having if label in caught[story_id]]
        report.recall[label] = (len(hits), len(having))
        report.missed.extend((story_id, label) for story_id in having if story_id not in hits)
    report.spearman = spearman(scores, wanted) if len(scores) > 1 else 0.0
    return report


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _mark(ok: bool) -> str:
    return "ok" if ok else "BELOW TARGET"


def format_report(report: Report) -> str:
    """The report as the plain text ``python -m bench.coaching`` prints."""
    out: list[str] = [
        f"{report.stories} stories; {len(report.findings)} warnings and errors judged "
        "(hints are advice and not counted; 'headline' left out)",
        "",
        "Precision per check",
    ]
    rows: list[tuple[str, ...]] = [("check", "category", "right", "findings", "precision", "")]
    category_of = {f.check_id: f.category for f in report.findings}
    for check_id, (agreed, total) in sorted(
        report.per_check().items(), key=lambda item: (-item[1][1], item[0])
    ):
        precision = agreed / total
        note = ""
        if total >= CHECK_PRECISION_MIN_FINDINGS:
            note = _mark(precision >= TARGET_CHECK_PRECISION)
        rows.append(
            (check_id, category_of[check_id], str(agreed), str(total), f"{precision:.2f}", note)
        )
    out += ["  " + line for line in _table(rows)]
    if report.unjudged:
        shown = ", ".join(f"{k} ({v})" for k, v in sorted(report.unjudged.items()))
        out.append(f"  not judged (the verdicts judge the telling, not the tags): {shown}")
    out += [
        "",
        "Recall per category (stories whose verdict names it, caught by a warning or error)",
    ]
    rows = [("verdict", "caught", "stories", "recall", "")]
    for label, (hits, total) in report.recall.items():
        note = "not in the target" if label in NOT_RECALLED else ""
        rows.append((label, str(hits), str(total), f"{hits / total:.2f}" if total else "-", note))
    out += ["  " + line for line in _table(rows)]
    out += [
        "",
        f"Overall precision  {report.precision:.3f}  (target >= {TARGET_PRECISION:.2f}; "
        f"every check with {CHECK_PRECISION_MIN_FINDINGS}+ findings >= "
        f"{TARGET_CHECK_PRECISION:.2f})  {_mark(report.precision >= TARGET_PRECISION)}",
        f"Overall recall     {report.overall_recall:.3f}  (target >= {TARGET_RECALL:.2f}, "
        f"all but {', '.join(sorted(NOT_RECALLED))})  "
        f"{_mark(report.overall_recall >= TARGET_RECALL)}",
        f"Spearman           {report.spearman:.3f}  (readiness vs the verdicts; target >= "
        f"{TARGET_SPEARMAN:.2f})  {_mark(report.spearman >= TARGET_SPEARMAN)}",
    ]
    below = report.checks_below_target()
    if below:
        out.append(f"Checks below {TARGET_CHECK_PRECISION:.2f}: {', '.join(below)}")
    out.append(f"All targets met: {'yes' if report.targets_met else 'no'}")
    wrong = [f for f in report.findings if not f.agreed]
    out += ["", f"Findings the verdict does not share ({len(wrong)})"]
    out += [f"  {f.story_id}  {f.check_id} [{f.label}]  {f.message}" for f in wrong] or ["  none"]
    out += ["", f"Weaknesses no warning or error caught ({len(report.missed)})"]
    out += [f"  {story_id}  {label}" for story_id, label in report.missed] or ["  none"]
    return "\n".join(out)


def run() -> list[Row]:
    """Summary rows for ``python -m bench`` (skipped when the stories are absent)."""
    if not EVAL_DIR.is_dir():
        return [("coaching agreement", "skipped", f"no judged stories at {EVAL_DIR}")]
    report = evaluate(EVAL_DIR)
    below = report.checks_below_target()
    return [
        (
            f"checks: precision ({report.stories} judged stories)",
            f"{report.precision:.2f}",
            ">= 0.90",
        ),
        ("  checks with 5+ findings under 0.85", str(len(below)) if below else "0", "0"),
        ("checks: recall (all but headline, structure)", f"{report.overall_recall:.2f}", ">= 0.85"),
        ("readiness vs verdicts (Spearman)", f"{report.spearman:.2f}", ">= 0.85"),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Print the comparison for the folder given on the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m bench.coaching DIR", file=sys.stderr)
        return 2
    folder = Path(args[0])
    if not folder.is_dir() or not story_files(folder) or not load_verdicts(folder):
        print(f"{folder}: needs Markdown stories and a verdicts .jsonl file", file=sys.stderr)
        return 2
    print(format_report(evaluate(folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
