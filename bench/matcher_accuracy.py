"""How well the matcher reads questions: accuracy on real labeled question lists.

``python -m bench.matcher_accuracy`` prints, for every labeled file in
``../shared/eval`` (beside the repository) and both built-in frameworks, the
figures per source collection and over the whole file:

* **strict** top-1 / top-3: the best (or any of the three best) competencies
  is the source's own label. Source labels are single and noisy, so this
  understates the matcher; it is only defined where the file carries the
  source's label in that framework.
* **defensible** top-1 / top-3: the best (or any of the three best) is one of
  the competencies a competent interviewer could be probing (the multi-label
  gold, ``lp`` / ``tpm``).
* **primary** top-1: the best is the single most direct competency
  (``primary_lp`` / ``primary_tpm``).

The dev files are the ones the matcher was built against; the validation files
are collections it was never tuned on, and their figures are the honest ones.
Read them in aggregate: looking at individual misses would turn them into dev
files. The files are read here only, never copied.

A last table reads the built-in question bank itself by cross-validation:
each fifth of the bank is matched by a matcher that learned from the other
four fifths only, and scored against its own labels (defensible: any of
them; primary: the first). It needs no labeled file, so it can be read as
often as a change needs, misses included, without spending the validation
files.

``--dev`` leaves the validation files out, for the many measurements a
change takes before its last one; ``--misses FRAMEWORK`` also lists, for the
dev files and the bank's cross-validation only, every question whose best
competency is not its primary one (what was read, what was meant, and whether
the reading is still defensible), grouped by the pair.

``python -m bench`` shows the summary rows of :func:`run`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storybank.core.frameworks import builtin_frameworks
from storybank.core.models import CompetencyFramework
from storybank.core.questions import builtin_question_data
from storybank.matching import Matcher
from storybank.matching.inputs import QUESTION

Row = tuple[str, str, str]

EVAL_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
"""The labeled questions kept beside the repository (measuring only)."""

FILES: tuple[str, ...] = (
    "lp_dev.multi.jsonl",
    "tpm_dev.multi.jsonl",
    "lp_validation.multi.jsonl",
    "tpm_validation.multi.jsonl",
)
"""The multi-label files, dev first."""

FRAMEWORKS: dict[str, tuple[str, str]] = {
    "amazon-lp": ("lp", "primary_lp"),
    "tpm": ("tpm", "primary_tpm"),
}
"""Framework id -> the keys of its multi-label gold and of its primary label."""

HOME_FRAMEWORK: dict[str, str] = {"lp": "amazon-lp", "tpm": "tpm"}
"""File prefix -> the framework its source labels belong to (the headline one)."""

TARGET_DEFENSIBLE_1 = 0.90
TARGET_DEFENSIBLE_3 = 0.97
TARGET_PRIMARY_1 = 0.75
"""Targets on the validation files, in each framework."""
TARGET_SPREAD = 0.10
"""No collection may fall more than this under the file's mean (defensible top-1)."""

# How the TPM validation sources' own categories map to ``tpm`` ids, as the
# annotators recorded it beside the files (VALIDATION_SOURCES.md). "Behavioral"
# names no competency; the question's first tag does then.
TPM_SOURCE_CATEGORIES: dict[str, tuple[str, ...]] = {
    "leadership & influence": ("cross-functional-leadership",),
    "conflict & disagreement": ("conflict",),
    "failure & learning": ("failure-and-learning",),
    "technical decision making": ("technical-depth", "decision-making"),
    "teamwork & collaboration": ("cross-functional-leadership",),
    "time management & prioritization": ("prioritization",),
    "innovation & problem-solving": ("ownership",),
    "customer focus": ("customer-impact",),
    "ambiguity & complexity": ("ambiguity",),
    "program sense": ("program-execution",),
    "partnership": ("cross-functional-leadership",),
    "technical": ("technical-depth",),
    "failure": ("failure-and-learning",),
    "mistake": ("failure-and-learning",),
    "feedback": ("failure-and-learning",),
    "obstacles": ("program-execution",),
    "conflict": ("conflict",),
    "challenge": ("conflict",),
    "disagreement": ("conflict",),
    "creativity": ("ownership",),
    "constraints": ("prioritization",),
}


@dataclass
class Tally:
    """Counts of right answers over a set of questions."""

    n: int = 0
    strict_n: int = 0
    strict1: int = 0
    strict3: int = 0
    defensible1: int = 0
    defensible3: int = 0
    primary1: int = 0

    def add(self, ranked: list[str], gold: set[str], primary: str, strict: set[str]) -> None:
        """Count one question given the matcher's three best competencies."""
        self.n += 1
        self.defensible1 += bool(ranked) and ranked[0] in gold
        self.defensible3 += bool(gold.intersection(ranked))
        self.primary1 += bool(ranked) and ranked[0] == primary
        if strict:
            self.strict_n += 1
            self.strict1 += bool(ranked) and ranked[0] in strict
            self.strict3 += bool(strict.intersection(ranked))

    def share(self, attribute: str) -> float | None:
        """One figure as a share of the questions it is defined on."""
        total = self.strict_n if attribute.startswith("strict") else self.n
        return getattr(self, attribute) / total if total else None


@dataclass
class FileResult:
    """One labeled file read in one framework: per collection and overall."""

    file: str
    framework_id: str
    overall: Tally
    collections: dict[str, Tally]

    @property
    def headline(self) -> bool:
        """Whether the framework is the one the file's sources labeled."""
        return HOME_FRAMEWORK[self.file.split("_")[0]] == self.framework_id

    @property
    def validation(self) -> bool:
        """Whether the file is one the matcher was never tuned on."""
        return "_validation" in self.file

    def worst_gap(self) -> tuple[str, float]:
        """The collection furthest under the file's mean defensible top-1, and by how much."""
        mean = self.overall.share("defensible1") or 0.0
        gaps = {
            name: mean - (t.share("defensible1") or 0.0) for name, t in self.collections.items()
        }
        name = max(gaps, key=lambda k: gaps[k])
        return name, gaps[name]


def _framework(framework_id: str) -> CompetencyFramework:
    return next(fw for fw in builtin_frameworks() if fw.id == framework_id)


def load(name: str) -> list[dict[str, object]]:
    """The rows of one labeled file."""
    with (EVAL_DIR / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def strict_labels(row: dict[str, object], file: str, framework: CompetencyFramework) -> set[str]:
    """The source's own label(s) in ``framework``, or an empty set where it has none."""
    if HOME_FRAMEWORK[file.split("_")[0]] != framework.id:
        return set()
    if framework.id == "amazon-lp":
        resolved = (framework.resolve(label) for label in _strings(row["labels"]))
        return {c.id for c in resolved if c is not None}
    if "source_tpm" in row:
        return set(_strings(row["source_tpm"]))
    labels = [label.casefold() for label in _strings(row["labels"])]
    if labels and labels[0] == "behavioral":
        labels = labels[1:2]
    return {cid for label in labels[:1] for cid in TPM_SOURCE_CATEGORIES.get(label, ())}


def collection(row: dict[str, object]) -> str:
    """The collection (repository) a question comes from."""
    return str(row["source"]).split(":", 1)[0]


def measure(
    file: str,
    framework: CompetencyFramework,
    rows: Iterable[dict[str, object]],
    rank: Callable[[str], list[str]],
) -> FileResult:
    """Every figure for one file in one framework."""
    gold_key, primary_key = FRAMEWORKS[framework.id]
    overall = Tally()
    collections: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        ranked = rank(str(row["question"]))
        gold = set(_strings(row[gold_key]))
        primary = str(row[primary_key])
        strict = strict_labels(row, file, framework)
        overall.add(ranked, gold, primary, strict)
        collections[collection(row)].add(ranked, gold, primary, strict)
    return FileResult(file, framework.id, overall, dict(sorted(collections.items())))


def measure_all(
    matchers: dict[str, Matcher] | None = None, *, validation: bool = True
) -> list[FileResult]:
    """Every file present, in both frameworks (headline framework first);
    the dev files only when ``validation`` is false."""
    frameworks = {fid: _framework(fid) for fid in FRAMEWORKS}
    matchers = matchers or {fid: Matcher(fw) for fid, fw in frameworks.items()}
    results: list[FileResult] = []
    for file in FILES:
        if not (EVAL_DIR / file).is_file() or (not validation and "_validation" in file):
            continue
        rows = load(file)
        home = HOME_FRAMEWORK[file.split("_")[0]]
        for framework_id in sorted(FRAMEWORKS, key=lambda f: f != home):
            matcher = matchers[framework_id]

            def rank(question: str, matcher: Matcher = matcher) -> list[str]:
                return [c.id for c in matcher.competencies_for(question, top=3)]

            results.append(measure(file, frameworks[framework_id], rows, rank))
    return results


BANK_FOLDS = 5
"""How many parts the bank is cut into for cross-validation."""


Miss = tuple[str, str, bool, str]
"""A primary miss: the competency read, the primary one, whether the reading
is defensible, and the question."""


def bank_cross_validation(
    folds: int = BANK_FOLDS, misses: dict[str, list[Miss]] | None = None
) -> dict[str, Tally]:
    """Framework id -> how well a matcher that never saw a bank question reads it.

    The bank is cut into ``folds`` parts by position (every ``folds``-th
    question); each part is matched by a matcher built on the others. Primary
    misses are added to ``misses[framework id]`` when given.
    """
    bank = QUESTION.views(builtin_question_data())
    tallies: dict[str, Tally] = {}
    for framework_id in FRAMEWORKS:
        framework = _framework(framework_id)
        tally = Tally()
        for fold in range(folds):
            matcher = Matcher(framework, [q for i, q in enumerate(bank) if i % folds != fold])
            for question in bank[fold::folds]:
                labels = question.competencies.get(framework_id, [])
                if not labels:
                    continue
                ranked = [c.id for c in matcher.competencies_for(question.text, top=3)]
                tally.add(ranked, set(labels), labels[0], set())
                if misses is not None and ranked[:1] != labels[:1]:
                    read = ranked[0] if ranked else "-"
                    misses.setdefault(framework_id, []).append(
                        (read, labels[0], read in labels, question.text)
                    )
        tallies[framework_id] = tally
    return tallies


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


COLUMNS = ("strict1", "strict3", "defensible1", "defensible3", "primary1")


def table(results: list[FileResult]) -> list[list[str]]:
    """The full table: one line per file, framework and collection, then the file's total."""
    lines = [["file", "framework", "collection", "n", "str@1", "str@3", "def@1", "def@3", "pri@1"]]
    for result in results:
        for name, tally in result.collections.items():
            lines.append(
                [
                    result.file,
                    result.framework_id,
                    name,
                    str(tally.n),
                    *(_pct(tally.share(c)) for c in COLUMNS),
                ]
            )
        lines.append(
            [
                result.file,
                result.framework_id,
                "ALL",
                str(result.overall.n),
                *(_pct(result.overall.share(c)) for c in COLUMNS),
            ]
        )
    return lines


def verdicts(results: list[FileResult]) -> list[str]:
    """Whether the validation targets are met, one line per headline file."""
    out: list[str] = []
    for result in results:
        if not (result.validation and result.headline):
            continue
        t = result.overall
        d1 = t.share("defensible1") or 0.0
        d3 = t.share("defensible3") or 0.0
        p1 = t.share("primary1") or 0.0
        worst, gap = result.worst_gap()
        checks = [
            (f"defensible top-1 {d1:.2f} >= {TARGET_DEFENSIBLE_1:.2f}", d1 >= TARGET_DEFENSIBLE_1),
            (f"defensible top-3 {d3:.2f} >= {TARGET_DEFENSIBLE_3:.2f}", d3 >= TARGET_DEFENSIBLE_3),
            (f"primary top-1 {p1:.2f} >= {TARGET_PRIMARY_1:.2f}", p1 >= TARGET_PRIMARY_1),
            (f"worst collection {worst} {gap * 100:+.0f} pts under mean", gap <= TARGET_SPREAD),
        ]
        marks = "; ".join(f"{text} {'ok' if ok else 'MISSED'}" for text, ok in checks)
        out.append(f"{result.file} ({result.framework_id}): {marks}")
    return out


def run() -> list[Row]:
    """Summary rows for ``python -m bench``: whole-file figures in each file's own framework."""
    if not EVAL_DIR.is_dir():
        return [("matcher accuracy", "skipped", f"no labeled questions at {EVAL_DIR}")]
    rows: list[Row] = []
    for result in measure_all():
        if not result.headline:
            continue
        t = result.overall
        target = (
            f"def@1 >= {TARGET_DEFENSIBLE_1:.2f}, def@3 >= {TARGET_DEFENSIBLE_3:.2f}, "
            f"pri@1 >= {TARGET_PRIMARY_1:.2f}"
            if result.validation
            else ""
        )
        measured = (
            f"def@1 {_pct(t.share('defensible1'))} def@3 {_pct(t.share('defensible3'))} "
            f"pri@1 {_pct(t.share('primary1'))} str@1 {_pct(t.share('strict1'))}"
        )
        rows.append((f"{result.file} in {result.framework_id} ({t.n})", measured, target))
        if result.validation:
            worst, gap = result.worst_gap()
            rows.append(
                (
                    "  weakest collection vs the file's def@1",
                    f"{worst} {gap * 100:+.0f} pts under",
                    f"<= {TARGET_SPREAD * 100:.0f} pts",
                )
            )
    for framework_id, tally in bank_cross_validation().items():
        measured = (
            f"def@1 {_pct(tally.share('defensible1'))} def@3 {_pct(tally.share('defensible3'))} "
            f"pri@1 {_pct(tally.share('primary1'))}"
        )
        rows.append(
            (f"built-in bank, {BANK_FOLDS}-fold, in {framework_id} ({tally.n})", measured, "")
        )
    return rows


def dev_misses(framework_id: str) -> list[Miss]:
    """The primary misses in ``framework_id`` on the dev files (never the validation ones)."""
    framework = _framework(framework_id)
    matcher = Matcher(framework)
    gold_key, primary_key = FRAMEWORKS[framework_id]
    found: list[Miss] = []
    for file in FILES:
        if "_dev" not in file or not (EVAL_DIR / file).is_file():
            continue
        for row in load(file):
            question = str(row["question"])
            ranked = [c.id for c in matcher.competencies_for(question, top=1)]
            read = ranked[0] if ranked else "-"
            if read != row[primary_key]:
                gold = set(_strings(row[gold_key]))
                found.append((read, str(row[primary_key]), read in gold, question))
    return found


def _print_misses(title: str, misses: list[Miss]) -> None:
    """Misses grouped by (read, primary), the largest groups first."""
    groups: dict[tuple[str, str], list[Miss]] = defaultdict(list)
    for miss in misses:
        groups[miss[0], miss[1]].append(miss)
    print(f"{title}: {len(misses)} primary misses")
    for (read, primary), group in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])):
        print(f"  read {read}, primary {primary} ({len(group)})")
        for _read, _primary, defensible, question in group:
            print(f"    {'defensible' if defensible else 'wrong     '}  {question}")


def main(argv: list[str] | None = None) -> int:
    """Print the full table and the verdict on the validation targets."""
    parser = argparse.ArgumentParser(prog="python -m bench.matcher_accuracy")
    parser.add_argument("--dev", action="store_true", help="leave the validation files out")
    parser.add_argument(
        "--misses",
        choices=sorted(FRAMEWORKS),
        help="list the primary misses in this framework (dev files and bank only)",
    )
    args = parser.parse_args(argv)
    if not EVAL_DIR.is_dir():
        print(f"no labeled questions at {EVAL_DIR}", file=sys.stderr)
        return 1
    results = measure_all(validation=not args.dev)
    lines = table(results)
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    numeric = set(range(3, len(widths)))
    for n, line in enumerate(lines):
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        print("  ".join(cells).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()
    for verdict in verdicts(results):
        print(verdict)
    print()
    print(f"built-in bank, {BANK_FOLDS}-fold cross-validation   n  def@1  def@3  pri@1")
    misses: dict[str, list[Miss]] = {}
    for framework_id, tally in bank_cross_validation(misses=misses).items():
        figures = "  ".join(
            f"{_pct(tally.share(c)):>5}" for c in ("defensible1", "defensible3", "primary1")
        )
        print(f"  {framework_id:<40} {tally.n:>4}  {figures}")
    if args.misses:
        print()
        _print_misses(f"dev files in {args.misses}", dev_misses(args.misses))
        print()
        _print_misses(f"built-in bank in {args.misses}", misses.get(args.misses, []))
    return 0


if __name__ == "__main__":
    sys.exit(main())
