"""``storybank match`` and ``storybank questions`` against the sample bank."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from factories import Run

Cli = Callable[..., Run]


def test_plain_match_ranks_the_conflict_story_first(sample: Path, cli: Cli) -> None:
    run = cli("--db", sample, "match", "Tell me about a time you pushed back on a senior leader.")
    assert run.code == 0
    assert "Conflict and disagreement" in run.out.splitlines()[0]
    first = next(line for line in run.out.splitlines() if line.startswith("1. "))
    assert "platform-capacity-conflict" in first
    assert "covers Conflict and disagreement" in run.out


def _listed_readiness(sample: Path, cli: Cli) -> dict[str, int]:
    listing = json.loads(cli("--db", sample, "list", "--json").out)
    return {s["id"]: s["score"] for s in listing["stories"]}


def test_each_story_shows_its_readiness_beside_its_fit(sample: Path, cli: Cli) -> None:
    readiness = _listed_readiness(sample, cli)
    run = cli("--db", sample, "match", "Describe a disagreement you had with a peer team lead.")
    ranked = [line.split() for line in run.out.splitlines() if line[:1].isdigit()]
    assert len(ranked) >= 3
    for rank, (number, story_id, fit, score, ready, points, *title) in enumerate(ranked, 1):
        assert (number, fit, ready) == (f"{rank}.", "fit", "readiness")
        assert int(points) == readiness[story_id]
        assert 0 <= int(score) <= 100 and title


_TWIN = """# Settling a fight over one platform team
id: {id}
tpm: conflict, stakeholder-communication

> I replaced a turf war between two directors with a cost-of-delay model they both accepted.

## Situation
At Larkvale two product directors, checkout and search, both claimed the one platform team
for the same quarter, and each had promised a launch date to their vice president.

## Complications
The platform team could staff one project at a time, and the checkout director pushed back
hard: he wanted the call made in his favor because checkout carries revenue.

## Action
I met each director alone and asked what a six-week delay would cost.{hedge} I built a
cost-of-delay model from their own numbers and presented it with both of them in the room.
I proposed search first because it had a hard window before the holiday freeze, recorded
the checkout director's objection and set a checkpoint at week four.

## Result
Search shipped before the freeze and lifted click-through 2.4%; checkout shipped in
December and raised conversion 5.1%, about $210,000 a week in revenue.
"""


def test_stories_that_fit_equally_well_are_ordered_by_readiness(
    bank_path: Path, cli: Cli, tmp_path: Path
) -> None:
    # Two tellings of one story: the first in the bank hedges ("kind of", "sort of"),
    # which costs readiness and no words the matcher reads.
    source = tmp_path / "twins.md"
    hedged = _TWIN.format(id="hedged", hedge=" That was kind of, sort of, it.")
    source.write_text(hedged + "\n" + _TWIN.format(id="plain", hedge=""), encoding="utf-8")
    assert cli("--db", bank_path, "init").code == 0
    assert cli("--db", bank_path, "import", source).code == 0
    readiness = _listed_readiness(bank_path, cli)
    assert readiness["plain"] > readiness["hedged"]
    data = json.loads(
        cli(
            "--db", bank_path, "match", "Tell me about a disagreement with a director.", "--json"
        ).out
    )
    stories = data["stories"]
    assert [s["id"] for s in stories] == ["plain", "hedged"]
    assert stories[0]["score"] == stories[1]["score"] > 0
    assert [s["readiness"] for s in stories] == [readiness["plain"], readiness["hedged"]]


def test_json_shape_is_exact(sample: Path, cli: Cli) -> None:
    run = cli(
        "--db",
        sample,
        "match",
        "Tell me about a launch under a tight deadline",
        "--json",
        "--top",
        "2",
    )
    data = json.loads(run.out)
    assert set(data) == {"question", "framework", "competencies", "stories"}
    assert data["framework"] == "tpm"
    assert all(set(c) == {"id", "name", "score"} for c in data["competencies"])
    assert len(data["stories"]) == 2
    assert all(list(s) == ["id", "title", "score", "readiness", "reasons"] for s in data["stories"])
    assert all(isinstance(s["readiness"], int) for s in data["stories"])
    scores = [s["score"] for s in data["stories"]]
    assert scores == sorted(scores, reverse=True)
    assert all(s["reasons"] for s in data["stories"])


def test_framework_option(sample: Path, cli: Cli) -> None:
    data = json.loads(
        cli(
            "--db",
            sample,
            "match",
            "A time you cut costs with a tiny budget",
            "--json",
            "--framework",
            "amazon-lp",
        ).out
    )
    assert data["framework"] == "amazon-lp"
    assert data["competencies"][0]["id"] == "frugality"
    bad = cli("--db", sample, "match", "x", "--framework", "nope")
    assert bad.code == 2 and "tpm, amazon-lp" in bad.err


def test_batch_keeps_order_and_one_line_per_input(sample: Path, cli: Cli, tmp_path: Path) -> None:
    questions = [
        "Tell me about a time you failed.",
        "",
        "How do you prioritize when everything is urgent?",
        "[bold]markup[/] \x1b[31m",
    ]
    source = tmp_path / "questions.txt"
    source.write_text("\n".join(questions) + "\n")
    run = cli("--db", sample, "match", "--batch", source, "--json")
    lines = run.out.splitlines()
    assert run.code == 0 and len(lines) == 4
    decoded = [json.loads(line) for line in lines]
    assert [d["question"] for d in decoded] == questions
    assert decoded[0]["competencies"][0]["id"] == "failure-and-learning"
    assert decoded[1]["competencies"] == [] and decoded[1]["stories"] == []
    assert decoded[2]["competencies"][0]["id"] == "prioritization"


def test_batch_from_stdin(sample: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Why did a program slip?\nA conflict?\n"))
    run = cli("--db", sample, "match", "--batch", "-", "--json")
    assert [json.loads(x)["question"] for x in run.out.splitlines()] == [
        "Why did a program slip?",
        "A conflict?",
    ]


@pytest.mark.parametrize(
    "question",
    ["!!!???...", "x" * 10_000, "Erzählen Sie von einem Konflikt im Team", "[/] [link=x]y"],
    ids=["punctuation", "10kB", "german", "markup"],
)
def test_odd_questions_get_an_answer_not_a_crash(sample: Path, cli: Cli, question: str) -> None:
    run = cli("--db", sample, "match", question)
    assert run.code == 0 and "Traceback" not in run.err


def test_missing_question_and_gap_message(empty_bank: Path, cli: Cli) -> None:
    run = cli("--db", empty_bank, "match")
    assert run.code == 2 and "--batch" in run.err
    gap = cli("--db", empty_bank, "match", "Tell me about a conflict with a colleague")
    assert gap.code == 0 and "Gap:" in gap.out and "Conflict" in gap.out


def test_user_questions_add_list_rm(empty_bank: Path, cli: Cli) -> None:
    added = cli("--db", empty_bank, "questions", "add", "Why do you want to leave your team?")
    assert added.code == 0 and "suggested" in added.out
    tagged = cli(
        "--db",
        empty_bank,
        "questions",
        "add",
        "A time you built trust",
        "--id",
        "trust",
        "--tag",
        "tpm:Stakeholder communication",
        "--tag",
        "amazon-lp:earn trust",
    )
    assert tagged.code == 0
    mine = json.loads(cli("--db", empty_bank, "questions", "list", "--mine", "--json").out)
    assert [q["id"] for q in mine][-1] == "trust"
    assert mine[-1]["competencies"] == {
        "tpm": ["stakeholder-communication"],
        "amazon-lp": ["earn-trust"],
    }
    everything = cli("--db", empty_bank, "questions", "list")
    assert everything.out.count("\n") > 150
    bad_tag = cli("--db", empty_bank, "questions", "add", "x?", "--tag", "tpm:juggling")
    assert bad_tag.code == 2 and "juggling" in bad_tag.err
    assert cli("--db", empty_bank, "questions", "rm", "trust").code == 0
    builtin_id = json.loads(cli("--db", empty_bank, "questions", "list", "--json").out)[0]["id"]
    refused = cli("--db", empty_bank, "questions", "rm", builtin_id)
    assert refused.code == 2 and "built-in" in refused.err


def test_user_question_feeds_the_matcher(empty_bank: Path, cli: Cli) -> None:
    cli(
        "--db",
        empty_bank,
        "questions",
        "add",
        "Tell me about quokka wrangling",
        "--tag",
        "tpm:ownership",
    )
    data = json.loads(cli("--db", empty_bank, "match", "quokka wrangling stories?", "--json").out)
    assert data["competencies"][0]["id"] == "ownership"
