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
    run = cli("--db", sample, "match", "Describe a disagreement you had with a peer team lead.")
    assert run.code == 0
    assert "Conflict and disagreement" in run.out.splitlines()[0]
    first = next(line for line in run.out.splitlines() if line.startswith("1. "))
    assert "platform-capacity-conflict" in first
    assert "covers Conflict and disagreement" in run.out


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
    assert all(set(s) == {"id", "title", "score", "reasons"} for s in data["stories"])
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
