"""What the command line says when something is off: in plain words, all at once, and right.

Each test is one thing a new user ran into: a pydantic message, one import
error per round, a typo with no suggestion, singular nouns in the plural.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from factories import Run, make_story
from storybank.storage.lock import BankLock
from storybank.storage.repository import Bank

Cli = Callable[..., Run]


def test_an_empty_question_is_refused_in_plain_words(empty_bank: Path, cli: Cli) -> None:
    run = cli("--db", empty_bank, "questions", "add", "")
    assert run.code == 2
    assert "the question is empty" in run.err and "should" not in run.err


def test_a_setting_out_of_range_says_its_limit_in_plain_words(empty_bank: Path, cli: Cli) -> None:
    run = cli("--db", empty_bank, "config", "drill-timer", "5")
    assert run.code == 2
    assert "the drill timer must be at least 15" in run.err
    assert "Input should" not in run.err
    run = cli("--db", empty_bank, "config", "new-cards-per-day", "many")
    assert "new cards per day must be a whole number" in run.err


def test_a_mistyped_command_suggests_the_right_one(
    cli: Cli, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("lsit")
    assert exit_info.value.code == 2
    assert "did you mean 'list'?" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli("questions", "lst")
    assert "did you mean 'list'?" in capsys.readouterr().err


def test_a_blank_question_is_no_question_however_it_is_blank(sample: Path, cli: Cli) -> None:
    empty, spaces = cli("--db", sample, "match", ""), cli("--db", sample, "match", "   ")
    assert empty.code == spaces.code == 2
    assert "no question given" in empty.err and "no question given" in spaces.err


def test_an_unknown_theme_is_refused_and_a_theme_for_a_command_too(
    empty_bank: Path, cli: Cli
) -> None:
    run = cli("--db", empty_bank, "--theme", "nosuch")
    assert run.code == 2 and "no theme called 'nosuch'" in run.err
    assert "storybank-dark" in run.err
    run = cli("--db", empty_bank, "--theme", "nosuch", "list")
    assert run.code == 2 and "--theme is for the full-screen app" in run.err


def test_restore_finds_the_lock_before_asking(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "rm", "flash-sale-incident", "--yes").code == 0
    with BankLock(sample):
        run = cli("--db", sample, "doctor", "--restore", "1")
    assert run.code == 2
    assert "open for writing" in run.err and "not restored" not in run.err


def test_one_is_singular(empty_bank: Path, cli: Cli) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("solo", situation="Short.", complications=""))
    assert cli("--db", empty_bank, "questions", "add", "Why this team?", "--tag", "tpm:ownership")
    report = cli("--db", empty_bank, "doctor").out
    assert "1 story, 1 own question" in report
    check = cli("--db", empty_bank, "check", "solo").out
    assert "is 1 word;" in check
    assert " 1 words" not in check and " 1 stories" not in report


def test_questions_list_names_every_column(empty_bank: Path, cli: Cli) -> None:
    header = cli("--db", empty_bank, "questions", "list").out.splitlines()[0]
    assert header.split() == ["ID", "SOURCE", "QUESTION", "TPM"]


def test_stats_shows_ids_whole_so_two_never_read_alike(empty_bank: Path, cli: Cli) -> None:
    ids = [
        "payouts-processor-cutover-before-the-deadline-east",
        "payouts-processor-cutover-before-the-deadline-west",
    ]
    with Bank.open(empty_bank) as bank:
        for story_id in ids:
            bank.save_story(make_story(story_id))
    out = cli("--db", empty_bank, "stats").out
    assert all(any(line.startswith(story_id) for line in out.splitlines()) for story_id in ids)


def test_an_interview_in_the_past_is_recorded_with_a_note(empty_bank: Path, cli: Cli) -> None:
    past = (date.today() - timedelta(days=30)).isoformat()
    run = cli("--db", empty_bank, "interview", "add", "Acme", past)
    assert run.code == 0
    assert f"Note: {past} was 30 days ago" in run.out
    assert "Now: storybank interview log" in run.out


def test_show_keeps_the_quote_mark_on_every_line_of_an_old_headline(
    empty_bank: Path, cli: Cli
) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("two-lines", headline="First half,\nsecond half."))
    out = cli("--db", empty_bank, "show", "two-lines").out
    assert "> First half,\n> second half." in out


FOUR_MISTAKES = textwrap.dedent(
    """\
    # Moving billing to the new ledger
    id: billing-ledger
    tpm: ambiguity, juggling
    mood: calm

    > I moved 4 million invoices two weeks early.

    ## Situation
    Billing could not handle multi-currency invoices.
    ## Results
    Reconciliation time fell 60%.

    # Second story
    tags: ok, {long_tag}
    ## Action
    I planned it.
    """
).format(long_tag="t" * 63)


def test_import_lists_every_mistake_at_once(empty_bank: Path, cli: Cli, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(FOUR_MISTAKES.replace("## Results", "## Outcome"), encoding="utf-8")
    before = empty_bank.read_bytes()
    run = cli("--db", empty_bank, "import", draft)
    assert run.code == 2
    assert "4 problems" in run.err
    for line, words in (
        (3, "'juggling' is not a competency"),
        (4, "unknown key 'mood:'"),
        (10, "unknown section '## Outcome'"),
        (14, "the second tag is 63 characters; a tag has at most 50"),
    ):
        assert f"{draft}:{line}:" in run.err and words in run.err
    assert empty_bank.read_bytes() == before
    assert json.loads(cli("--db", empty_bank, "list", "--json").out)["stories"] == []
