"""``storybank due``, ``stats`` and ``interview`` through ``storybank.cli.main``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from factories import Run, make_story
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

Cli = Callable[..., Run]


@pytest.fixture
def bank(empty_bank: Path) -> Path:
    """A bank with two stories."""
    with Bank.open(empty_bank) as opened:
        opened.save_story(make_story("billing-ledger"))
        opened.save_story(make_story("second-story", title="Another story"))
    return empty_bank


def rate_all(path: Path) -> None:
    """Rate every card in today's queue Easy, with the real clock."""
    with Bank.open(path) as opened:
        drills = Drills(opened)
        while (item := drills.deck.next_item()) is not None:
            drills.ledger.review(item.card_id, Rating.Easy, duration_s=20)
        drills.close()


def test_due_counts_new_cards(cli: Cli, bank: Path) -> None:
    run = cli("--db", bank, "due")
    assert run.code == 0
    assert run.out.startswith("2 cards due now: 2 new.")


def test_due_json(cli: Cli, bank: Path) -> None:
    run = cli("--db", bank, "due", "--json")
    assert run.code == 0
    payload = json.loads(run.out)
    assert payload["total"] == 2 and payload["new"] == 2 and payload["due"] == 0
    assert payload["interview"] is None
    assert payload["next_due"] is not None


def test_due_when_nothing_is_left_says_when_the_next_card_is(cli: Cli, bank: Path) -> None:
    rate_all(bank)
    run = cli("--db", bank, "due")
    assert run.code == 0
    assert run.out.startswith("0 cards due. Next: ")
    assert json.loads(cli("--db", bank, "due", "--json").out)["total"] == 0


def test_due_on_a_bank_without_stories(cli: Cli, empty_bank: Path) -> None:
    run = cli("--db", empty_bank, "due")
    assert run.code == 0 and run.out.startswith("0 cards")


def test_due_works_while_another_process_holds_the_write_lock(cli: Cli, bank: Path) -> None:
    with Bank.open(bank):
        run = cli("--db", bank, "due")
    assert run.code == 0 and run.out.startswith("2 cards due")


def test_due_without_a_bank_is_a_clear_error(cli: Cli, bank_path: Path) -> None:
    run = cli("--db", bank_path, "due")
    assert run.code == 2
    assert "storybank init" in run.err


def _drill_screen_count(path: Path) -> int:
    """What the Drill screen counts: the deck's queue, less the cards ahead of today."""
    with Bank.open(path, read_only=True) as opened, Drills(opened) as drills:
        queue = drills.deck.queue()
        return queue.total - queue.count("ahead")


def test_due_prompt_prints_the_drill_screens_count_or_nothing(cli: Cli, bank: Path) -> None:
    with Bank.open(bank) as opened, Drills(opened) as drills:
        drills.deck.sync()  # the cards are stored: the prompt reads them at a glance
    run = cli("--db", bank, "due", "--prompt")
    assert run.code == 0
    assert run.out == f"{_drill_screen_count(bank)}\n" and run.out == "2\n"
    rate_all(bank)
    run = cli("due", "--prompt", f"--db={bank}")
    assert run.code == 0 and run.out == "" and _drill_screen_count(bank) == 0


def test_due_prompt_prints_nothing_for_a_missing_bank(cli: Cli, bank_path: Path) -> None:
    run = cli("--db", bank_path, "due", "--prompt")
    assert run.code == 2 and run.out == "" and run.err == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--prompt"],
        ["--db", "bank.json", "due", "--prompt"],
        ["due", "--prompt", "--db", "bank.json"],
        ["--db=bank.json", "due", "--prompt"],
        ["due", "--db=x.json", "--prompt"],
        ["due"],
        ["--db", "b.json", "due", "--json"],
    ],
)
def test_dues_arguments_read_without_the_parser_are_the_parsers(argv: list[str]) -> None:
    from storybank.cli.parser import build_parser, due_arguments

    fast = due_arguments(argv)
    assert fast is not None
    slow = build_parser(argv).parse_args(argv)
    assert {k: v for k, v in vars(fast).items() if k != "handler"} == {
        k: v for k, v in vars(slow).items() if k != "handler"
    }


@pytest.mark.parametrize(
    "argv",
    [["due", "--prom"], ["due", "--prompt", "--json"], ["--db"], ["due", "-h"], ["list"], []],
)
def test_anything_else_goes_to_the_parser(argv: list[str]) -> None:
    from storybank.cli.parser import due_arguments

    assert due_arguments(argv) is None


def test_stats_text_has_charts_and_the_story_table(cli: Cli, bank: Path) -> None:
    rate_all(bank)
    run = cli("--db", bank, "stats")
    assert run.code == 0
    out = run.out
    assert "Streak       1 day (longest 1)" in out
    assert "Reviews      2 in all, 2 today" in out
    assert "Reviews per day, last 90 days" in out
    assert "Due forecast, next 30 days" in out
    assert "True retention by week" in out
    assert "█" in out or "▏" in out
    assert "billing-ledger" in out and "second-story" in out
    assert all(len(line) <= 100 for line in out.splitlines())


def test_stats_json_matches_the_service(cli: Cli, bank: Path) -> None:
    rate_all(bank)
    run = cli("--db", bank, "stats", "--json")
    assert run.code == 0
    payload = json.loads(run.out)
    assert payload["total_reviews"] == 2
    assert payload["streak"] == 1
    assert len(payload["reviews_per_day"]) == 90
    assert payload["reviews_per_day"][-1]["reviews"] == 2
    assert len(payload["forecast"]) == 30
    assert {row["story_id"] for row in payload["stories"]} == {"billing-ledger", "second-story"}
    assert all(row["state"] == "review" for row in payload["stories"])


def test_interview_add_list_and_log(cli: Cli, bank: Path) -> None:
    soon = (date.today() + timedelta(days=5)).isoformat()
    run = cli("--db", bank, "interview", "add", "Acme", soon, "--round", "phone screen")
    assert run.code == 0
    interview_id = f"acme-{soon}-phone-screen"
    assert f"Recorded {interview_id}" in run.out
    assert "Cram mode is on" in run.out

    listing = cli("--db", bank, "interview", "list")
    assert listing.code == 0 and interview_id in listing.out and "→" in listing.out
    payload = json.loads(cli("--db", bank, "interview", "list", "--json").out)
    assert payload["interviews"][0]["id"] == interview_id
    assert payload["interviews"][0]["next"] is True

    questions = [
        "--question",
        "Tell me about a migration you led under a hard deadline.",
        "--question",
        "What is your favourite sorting algorithm?",
    ]
    log = ["--db", bank, "interview", "log", interview_id, "--stories", "billing-ledger"]
    early = cli(*log, *questions)
    assert early.code == 2 and "is in 5 days, not yet held" in early.err
    assert "--yes" in early.err
    logged = cli(*log, *questions, "--yes")
    assert logged.code == 0, logged.err
    assert "told: billing-ledger" in logged.out
    assert logged.out.count("✓") + logged.out.count("✗ gap") == 2

    second = cli("--db", bank, "interview", "add", "ACME", soon, "--round", "onsite")
    assert "Already told to ACME:" in second.out
    assert "billing-ledger (phone screen)" in second.out

    again = cli(
        "--db",
        bank,
        "interview",
        "log",
        f"acme-{soon}-onsite",
        "--stories",
        "billing-ledger",
        "--yes",
    )
    assert "! billing-ledger was already told to Acme (phone screen)" in again.out

    due = json.loads(cli("--db", bank, "due", "--json").out)
    assert due["interview"]["id"] == interview_id
    assert due["cram"] >= 1


def test_interview_errors_exit_2(cli: Cli, bank: Path) -> None:
    bad_date = cli("--db", bank, "interview", "add", "Acme", "14/03/2025")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err
    unknown = cli("--db", bank, "interview", "log", "nope", "--stories", "billing-ledger")
    assert unknown.code == 2 and "interview list" in unknown.err
    cli("--db", bank, "interview", "add", "Acme", "2025-03-14")
    no_story = cli("--db", bank, "interview", "log", "acme-2025-03-14", "--stories", "ghost")
    assert no_story.code == 2 and "ghost" in no_story.err
    empty = cli("--db", bank, "interview", "log", "acme-2025-03-14")
    assert empty.code == 2 and "nothing to log" in empty.err


def test_interview_list_when_there_are_none(cli: Cli, bank: Path) -> None:
    run = cli("--db", bank, "interview", "list")
    assert run.code == 0 and "No interviews yet" in run.out
    assert json.loads(cli("--db", bank, "interview", "list", "--json").out) == {"interviews": []}


def test_user_text_is_made_inert(cli: Cli, bank: Path) -> None:
    run = cli("--db", bank, "interview", "add", "Evil\x1b[31m Corp", "2030-01-01")
    assert run.code == 0
    assert "\x1b" not in run.out and "\\x1b" in run.out


def test_json_export_and_import_carry_the_drills(cli: Cli, bank: Path, tmp_path: Path) -> None:
    rate_all(bank)
    cli("--db", bank, "interview", "add", "Acme", "2030-01-01")
    export = tmp_path / "export.json"
    assert cli("--db", bank, "export", "--format", "json", "-o", export).code == 0
    document = json.loads(export.read_text())
    assert len(document["review_logs"]) == 2
    assert {c["id"] for c in document["cards"]} >= {"recall:billing-ledger", "recall:second-story"}
    assert document["interviews"][0]["company"] == "Acme"

    fresh = tmp_path / "fresh" / "bank.json"
    assert cli("--db", fresh, "init").code == 0
    imported = cli("--db", fresh, "import", export)
    assert imported.code == 0, imported.err
    stats = json.loads(cli("--db", fresh, "stats", "--json").out)
    assert stats["total_reviews"] == 2
    assert all(row["state"] == "review" for row in stats["stories"])
    assert json.loads(cli("--db", fresh, "interview", "list", "--json").out)["interviews"]
    with Bank.open(bank, read_only=True) as a, Bank.open(fresh, read_only=True) as b:
        old = {d["id"]: d["fsrs"] for d in a.raw_table("cards")}
        new = {d["id"]: d["fsrs"] for d in b.raw_table("cards")}
    assert new == old


def test_doctor_reports_the_review_log_and_a_damaged_line(cli: Cli, bank: Path) -> None:
    assert "no review log yet" in cli("--db", bank, "doctor").out
    rate_all(bank)
    report = cli("--db", bank, "doctor")
    assert report.code == 0 and "review log: 2 reviews in bank.json.reviews.jsonl" in report.out
    with bank.with_name("bank.json.reviews.jsonl").open("ab") as log:
        log.write(b"not json\n")
    damaged = cli("--db", bank, "doctor")
    assert damaged.code == 2
    assert "1 damaged line(s) in the review log are ignored" in damaged.out


def test_recording_an_interview_writes_no_drill_cards(cli: Cli, bank: Path) -> None:
    assert cli("--db", bank, "interview", "add", "Acme", "2030-01-01").code == 0
    assert cli("--db", bank, "interview", "list").code == 0
    assert "cards" not in json.loads(bank.read_text())
    assert cli("--db", bank, "due").code == 0  # read-only: the cards stay in memory
    assert "cards" not in json.loads(bank.read_text())
