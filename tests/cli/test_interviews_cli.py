"""``interview log | debrief | outcome | rm``, ``weak-spots`` and ``mock`` on the sample bank."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factories import Run

Cli = Callable[..., Run]

PUSH_BACK = "Tell me about a time you pushed back on a senior stakeholder"
WEIGHT = "How do you handle a team member who is not pulling their weight?"

EDITOR = """\
import os, shutil, sys
from pathlib import Path
seen = Path(os.environ["SB_EDITOR_SEEN"])
seen.write_text(Path(sys.argv[1]).read_text())
source = os.environ.get("SB_EDITOR_WRITE")
if source:
    shutil.copyfile(source, sys.argv[1])
"""

DEBRIEF = """\
# Globex
interview: {id}
company: Globex
date: 2025-02-01
round: phone screen
outcome: advanced

## Confident
The flash sale story.

## Q: Tell me about a time you made a decision with incomplete data
story: flash-sale-incident
went: strong
answered: What did you do first?

## Q: Tell me about a time you had to deliver difficult feedback to a peer
story: none
went: blank
unanswered: How did they take it?

I froze.
"""


@pytest.fixture
def acme(cli: Cli, sample: Path) -> str:
    """A past onsite at Acme on the sample bank; its id."""
    run = cli("--db", sample, "interview", "add", "Acme", "2025-01-10", "--round", "onsite")
    assert run.code == 0, run.err
    return "acme-2025-01-10-onsite"


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], Path]:
    """$EDITOR as a script that records what it was shown and writes the given text."""
    script = tmp_path / "fake editor.py"
    script.write_text(EDITOR)
    seen = tmp_path / "seen.md"
    monkeypatch.setenv("SB_EDITOR_SEEN", str(seen))
    monkeypatch.setenv("EDITOR", f'{sys.executable} "{script}"')

    def will_write(text: str | None) -> Path:
        if text is None:
            monkeypatch.delenv("SB_EDITOR_WRITE", raising=False)
        else:
            content = tmp_path / "content.md"
            content.write_text(text)
            monkeypatch.setenv("SB_EDITOR_WRITE", str(content))
        return seen

    return will_write


def test_log_outcome_and_the_check_they_feed(cli: Cli, sample: Path, acme: str) -> None:
    run = cli(
        "--db",
        sample,
        "interview",
        "log",
        acme,
        "--question",
        PUSH_BACK,
        "--story",
        "platform-capacity-conflict",
        "--went",
        "shaky",
        "--follow-up",
        "How did you get the directors to agree?",
        "--follow-up",
        "What would the search team say about you?",
        "--unanswered",
        "--question",
        WEIGHT,
        "--story",
        "none",
        "--went",
        "blank",
    )
    assert run.code == 0, run.err
    assert "Logged Acme, 2025-01-10 (onsite)." in run.out
    assert "told: platform-capacity-conflict" in run.out
    assert "due tomorrow (shaky or blank): question:platform-capacity-conflict:" in run.out
    assert "+ follow-up for platform-capacity-conflict: 'What would the search team say" in run.out
    # A weak fit is a gap, with the competency it asked about, not ✓ to some story.
    assert "✗ gap (" in run.out and f"{WEIGHT[:40]}" in run.out
    assert "✓" not in run.out
    feedback = "We did not hear enough about [bold]your own[/] decisions."
    outcome = cli("--db", sample, "interview", "outcome", acme, "rejected", "--feedback", feedback)
    assert outcome.code == 0, outcome.err
    assert f"  {feedback}" in outcome.out and "storybank weak-spots" in outcome.out
    check = cli("--db", sample, "check", "platform-capacity-conflict", "--json")
    messages = [c["message"] for c in json.loads(check.out)["stories"][0]["checks"]]
    assert (
        "Unanswered follow-up from Acme, onsite: 'What would the search team say about you?'"
        in messages
    )
    listing = json.loads(cli("--db", sample, "interview", "list", "--json").out)
    [saved] = listing["interviews"]
    assert saved["outcome"] == "rejected" and saved["feedback"] == feedback


def test_log_reports_a_weak_fit_as_a_gap_even_when_it_went_well(
    cli: Cli, sample: Path, acme: str
) -> None:
    off_topic = "What is your favourite colour?"
    run = cli(
        "--db",
        sample,
        "interview",
        "log",
        acme,
        "--question",
        WEIGHT,
        "--story",
        "image-delivery-cost",
        "--went",
        "ok",
        "--question",
        off_topic,
        "--story",
        "flash-sale-incident",
        "--went",
        "strong",
    )
    assert run.code == 0, run.err
    assert "✓" not in run.out
    assert f"✗ gap (Cross-functional leadership): '{WEIGHT[:40]}" in run.out
    assert f"✗ gap: {off_topic!r}: no story answers it well" in run.out
    listing = json.loads(cli("--db", sample, "interview", "list", "--json").out)
    assert [q["gap"] for q in listing["interviews"][0]["questions"]] == [True, True]


def test_log_options_describe_the_question_before_them(cli: Cli, sample: Path, acme: str) -> None:
    with pytest.raises(SystemExit) as exited:
        cli("--db", sample, "interview", "log", acme, "--story", "a", "--question", "Q")
    assert exited.value.code == 2
    with pytest.raises(SystemExit):
        cli("--db", sample, "interview", "log", acme, "--question", "Q", "--unanswered")
    ghost = cli("--db", sample, "interview", "log", acme, "--question", "Q", "--story", "ghost")
    assert ghost.code == 2 and "no story with id 'ghost'" in ghost.err


def test_debrief_in_the_editor(
    cli: Cli, sample: Path, editor: Callable[[str | None], Path], tmp_path: Path
) -> None:
    assert cli(
        "--db", sample, "interview", "add", "Globex", "2025-02-01", "--round", "phone screen"
    )
    round_id = "globex-2025-02-01-phone-screen"
    seen = editor(None)
    unchanged = cli("--db", sample, "interview", "debrief", round_id)
    assert unchanged.code == 0 and "No changes; nothing saved." in unchanged.out
    shown = seen.read_text()
    assert f"interview: {round_id}" in shown and "## Q:" in shown and "## Feedback" in shown

    editor(DEBRIEF.format(id=round_id))
    run = cli("--db", sample, "interview", "debrief", round_id)
    assert run.code == 0, run.err
    assert "Debriefed Globex, 2025-02-01 (phone screen)." in run.out
    assert (
        "✓ 'Tell me about a time you made a decision with incomplete da…' → flash-sale" in run.out
    )
    assert "no story was told to add it to" in run.out
    listing = json.loads(cli("--db", sample, "interview", "list", "--json").out)
    [saved] = listing["interviews"]
    assert saved["outcome"] == "advanced" and saved["confident"] == "The flash sale story."
    assert [q["went"] for q in saved["questions"]] == ["strong", "blank"]
    assert saved["questions"][1]["note"] == "I froze."

    # A mistake: the editor cannot be reopened without a terminal, so the draft is kept.
    editor(DEBRIEF.format(id=round_id).replace("went: blank", "went: awful"))
    broken = cli("--db", sample, "interview", "debrief", round_id)
    assert broken.code == 2 and "'awful' is not a went" in broken.err
    assert "your draft is kept" in broken.err and "--file" in broken.err
    draft = next((sample.parent / "drafts").glob("debrief-*.md"))
    draft.write_text(draft.read_text().replace("went: awful", "went: shaky"))
    fixed = cli("--db", sample, "interview", "debrief", round_id, "--file", draft)
    assert fixed.code == 0, fixed.err


def test_a_round_still_ahead_needs_a_yes(cli: Cli, sample: Path) -> None:
    assert cli("--db", sample, "interview", "add", "Initech", "2099-01-05").code == 0
    early = cli("--db", sample, "interview", "outcome", "initech-2099-01-05", "offer")
    assert early.code == 2 and "not yet held" in early.err and "--yes" in early.err
    sure = cli("--db", sample, "interview", "outcome", "initech-2099-01-05", "offer", "--yes")
    assert sure.code == 0 and "offer" in sure.out


def test_weak_spots(cli: Cli, sample: Path, acme: str) -> None:
    empty = cli("--db", sample, "weak-spots")
    assert empty.code == 0 and "No debriefs yet" in empty.out
    assert json.loads(cli("--db", sample, "weak-spots", "--json").out) == {
        "competencies": [],
        "themes": [],
        "plan": [],
    }
    cli(
        "--db", sample, "interview", "log", acme,
        "--question", PUSH_BACK, "--story", "platform-capacity-conflict", "--went", "shaky",
        "--question", WEIGHT, "--story", "none", "--went", "blank",
    )  # fmt: skip
    data = json.loads(cli("--db", sample, "weak-spots", "--json").out)
    assert list(data) == ["competencies", "themes", "plan"]
    assert all(
        list(row) == ["id", "name", "asked", "strong", "ok", "shaky", "blank", "stories"]
        for row in data["competencies"]
    )
    assert {item["kind"] for item in data["plan"]} == {"write", "rework", "drill"}
    rework = next(item for item in data["plan"] if item["kind"] == "rework")
    assert (
        rework["story"] == "platform-capacity-conflict" and "shaky at Acme, onsite" in rework["why"]
    )
    text = cli("--db", sample, "weak-spots").out
    assert "Weak spots from 1 round" in text and "Plan" in text
    assert "→ storybank edit platform-capacity-conflict" in text


def test_mock_reads_its_answers_from_standard_input(
    cli: Cli, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = "\n".join(
        [
            "",  # the first suggested story
            "headline first, then the numbers",  # an outline
            "n",  # could not answer the follow-up
            "3 2 3 1 2 3",  # the rubric on one line
            "0",  # no story for the second question
            "",
            "",  # could answer its follow-up
            *"111111",  # the rubric one score a line
        ]
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(answers + "\n"))
    run = cli("--db", sample, "mock", "--questions", "2", "--company", "Acme", "--seed", "4")
    assert run.code == 0, run.err
    assert "Question 1 of 2" in run.out and "Question 2 of 2" in run.out
    assert "Follow-up, 1:00:" in run.out
    assert "Saved: 2.3 of 4 (shaky)." in run.out and "Saved: 1.0 of 4 (blank)." in run.out
    assert "Mock saved as practice round acme-" in run.out
    assert "Weakest: result quantified" in run.out
    [practice] = json.loads(cli("--db", sample, "interview", "list", "--json").out)["interviews"]
    assert practice["kind"] == "practice" and len(practice["questions"]) == 2
    first = practice["questions"][0]
    assert (
        first["rubric"]["quantified"] == 1 and first["note"] == "headline first, then the numbers"
    )
    assert first["follow_ups"][0]["answered"] is False
    assert json.loads(cli("--db", sample, "weak-spots", "--json").out)["plan"]


def test_mock_stops_cleanly_when_the_answers_run_out(
    cli: Cli, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\ny\n4 4 4 4 4 4\n"))
    run = cli("--db", sample, "mock", "--questions", "3", "--seed", "1")
    assert run.code == 0, run.err
    assert "Stopped after 1 answer; saved." in run.out
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n\ny\n9\n"))
    bad = cli("--db", sample, "mock", "--questions", "1", "--seed", "2")
    assert bad.code == 2 and "answer line 4 of the input: a score is 1, 2, 3 or 4" in bad.err


def test_rounds_survive_a_markdown_export_and_import(
    cli: Cli, sample: Path, acme: str, tmp_path: Path
) -> None:
    cli(
        "--db", sample, "interview", "log", acme,
        "--question", PUSH_BACK, "--story", "platform-capacity-conflict", "--went", "shaky",
        "--follow-up", "Why then?", "--unanswered", "--note", "[bold]x[/]",
    )  # fmt: skip
    cli("--db", sample, "interview", "outcome", acme, "rejected", "--feedback", "Word\nfor word.")
    exported = tmp_path / "bank.md"
    assert cli("--db", sample, "export", "-o", exported).code == 0
    fresh = tmp_path / "fresh" / "bank.json"
    assert cli("--db", fresh, "init").code == 0
    imported = cli("--db", fresh, "import", exported)
    assert imported.code == 0, imported.err
    assert "also: interviews (1)" in imported.out
    again = tmp_path / "again.md"
    assert cli("--db", fresh, "export", "-o", again).code == 0
    assert again.read_text() == exported.read_text()
    before = json.loads(cli("--db", sample, "weak-spots", "--json").out)
    assert json.loads(cli("--db", fresh, "weak-spots", "--json").out) == before


@pytest.mark.parametrize("form", ["md", "json"])
def test_a_debrief_and_a_mock_survive_export_and_import(
    cli: Cli, sample: Path, acme: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    cli(
        "--db", sample, "interview", "log", acme,
        "--question", PUSH_BACK, "--story", "platform-capacity-conflict", "--went", "shaky",
        "--follow-up", "Why then?", "--unanswered", "--note", "[bold]x[/]",
    )  # fmt: skip
    cli(
        "--db",
        sample,
        "interview",
        "outcome",
        acme,
        "rejected",
        "--feedback",
        "[i]Word[/]\nfor word.",
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO("\nan outline\nn\n3 2 3 1 2 3\n"))
    mock = cli("--db", sample, "mock", "--questions", "1", "--company", "Acme", "--seed", "3")
    assert mock.code == 0, mock.err
    exported = tmp_path / f"bank.{form}"
    assert cli("--db", sample, "export", "--format", form, "-o", exported).code == 0
    fresh = tmp_path / "fresh" / "bank.json"
    assert cli("--db", fresh, "init").code == 0
    imported = cli("--db", fresh, "import", exported)
    assert imported.code == 0, imported.err

    def rounds(bank: Path) -> list[dict[str, object]]:
        listed = json.loads(cli("--db", bank, "interview", "list", "--json").out)["interviews"]
        return sorted(listed, key=lambda r: str(r["id"]))

    before = rounds(sample)
    assert [r["kind"] for r in before] == ["interview", "practice"]
    assert before[0]["feedback"] == "[i]Word[/]\nfor word."
    assert before[1]["questions"][0]["rubric"]["quantified"] == 1
    assert rounds(fresh) == before
    before_spots = json.loads(cli("--db", sample, "weak-spots", "--json").out)
    assert json.loads(cli("--db", fresh, "weak-spots", "--json").out) == before_spots


def test_rm_deletes_a_round_after_asking(cli: Cli, sample: Path, acme: str) -> None:
    refused = cli("--db", sample, "interview", "rm", acme)
    assert refused.code == 2 and "--yes" in refused.err
    run = cli("--db", sample, "interview", "rm", acme, "--yes")
    assert run.code == 0 and "A backup was kept" in run.out
    assert json.loads(cli("--db", sample, "interview", "list", "--json").out) == {"interviews": []}
