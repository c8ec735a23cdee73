"""``python -m bench.coaching``: agreement with judged stories, on a folder made here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bench.coaching import evaluate, format_report, main, spearman

STORIES = """\
# Moving Quillon's invoices to one platform
id: invoices
tpm: program-execution

## Situation
At Quillon in March I was the TPM for invoicing, which four teams built together, and
finance needed every invoice on the new billing platform before the tax year closed.
## Complications
The warehouse team resisted a third tool in a year, and nobody owned the mapping of
customer ids, so the cut-over date was at risk.
## Action
I mapped every dependency on one page and showed the warehouse lead that the new
platform removed two of their manual steps. I proposed a two-step cut-over because a
single weekend would have put every payout at risk, and I ran a weekly risk review with
the four leads until the switch.
## Result
We moved all invoices two weeks early, and invoice errors fell from 2.1% to 0.3%, which
cut support tickets from customers by a third.

# Helping the team
id: helping
tpm: conflict

## Situation
We had a project with some problems.
## Complications

## Action
We worked together and we talked about it.
## Result
Everyone was happy in the end.
"""

VERDICTS = [
    {"id": "invoices", "defects": ["headline"], "readiness": 80},
    {"id": "helping", "defects": ["we", "thin", "quant", "impact", "generic"], "readiness": 10},
]


@pytest.fixture
def judged(tmp_path: Path) -> Path:
    (tmp_path / "stories.md").write_text(STORIES, encoding="utf-8")
    (tmp_path / "README.md").write_text("Not a story file.", encoding="utf-8")
    lines = "\n".join(json.dumps(verdict) for verdict in VERDICTS)
    (tmp_path / "verdicts.jsonl").write_text(lines + "\n", encoding="utf-8")
    return tmp_path


def test_spearman_handles_order_and_ties() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 1, 2, 3], [1, 2, 2, 3]) == pytest.approx(5 / 6)
    with pytest.raises(ValueError):
        spearman([1], [1])


def test_findings_are_judged_by_category(judged: Path) -> None:
    report = evaluate(judged)
    assert report.stories == 2
    by_story = {(f.story_id, f.check_id): f for f in report.findings}
    # Headline findings are left out: the verdicts do not judge headlines.
    assert not [f for f in report.findings if f.label == "headline"]
    assert by_story[("helping", "action-we-heavy")].agreed
    assert by_story[("helping", "story-generic")].agreed
    assert report.recall["we"] == (1, 1)
    assert report.spearman == pytest.approx(1.0)
    assert report.precision == pytest.approx(
        sum(f.agreed for f in report.findings) / len(report.findings)
    )


def test_the_report_lists_what_the_verdicts_do_not_share(
    judged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    verdicts = [{**VERDICTS[0]}, {**VERDICTS[1], "defects": ["thin"]}]
    lines = "\n".join(json.dumps(verdict) for verdict in verdicts)
    (judged / "verdicts.jsonl").write_text(lines + "\n", encoding="utf-8")
    report = evaluate(judged)
    text = format_report(report)
    assert "Findings the verdict does not share" in text
    assert "helping  action-we-heavy [we]" in text
    assert main([str(judged)]) == 0
    assert "Precision per check" in capsys.readouterr().out


def test_a_folder_without_verdicts_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stories.md").write_text(STORIES, encoding="utf-8")
    assert main([str(tmp_path)]) == 2
