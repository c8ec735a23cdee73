"""``storybank list`` serves a memo only when every input is byte-identical."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli.processes import probed_run
from factories import Run, make_story
from storybank.cli import memo
from storybank.cli.listing import MEMO as LISTING_MEMO
from storybank.storage.repository import Bank

Cli = Callable[..., Run]


def test_second_listing_comes_from_the_memo_and_matches(sample: Path, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "xdg-cache")  # `init` left a memo; start without one
    first = probed_run(sample, "list")
    second = probed_run(sample, "list")
    assert first.returncode == second.returncode == 0
    assert first.stdout.splitlines()[-1] == "BANK-READ"
    assert second.stdout.splitlines()[-1] == "BANK-NOT-READ"
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]
    assert len(second.stdout.splitlines()) == 8  # header, six stories, probe line


def test_any_change_to_the_bank_is_listed(sample: Path, cli: Cli) -> None:
    assert "Renamed story" not in cli("--db", sample, "list").out
    with Bank.open(sample) as bank:
        story = bank.get_story("flash-sale-incident")
        bank.save_story(story.model_copy(update={"title": "Renamed story"}))
    assert "Renamed story" in cli("--db", sample, "list").out


def test_a_bank_damaged_after_listing_is_still_reported(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "list").code == 0
    sample.write_bytes(sample.read_bytes()[:-20])
    run = cli("--db", sample, "list")
    assert run.code == 2 and "truncated" in run.err


def test_a_user_framework_change_is_seen(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "config", "framework", "amazon-lp").code == 0
    assert "AMAZON-LP" in cli("--db", sample, "list").out.splitlines()[0]
    frameworks = sample.parent / "frameworks"
    frameworks.mkdir()
    (frameworks / "bad.toml").write_text("id = ")
    run = cli("--db", sample, "list")
    assert run.code == 2 and "bad.toml" in run.err


def test_a_garbled_memo_is_ignored(sample: Path, cli: Cli, tmp_path: Path) -> None:
    expected = cli("--db", sample, "list", "--json").out
    (memo,) = (tmp_path / "xdg-cache").rglob("list-*.json")
    memo.write_text('{"inputs": 1')
    assert cli("--db", sample, "list", "--json").out == expected
    memo.write_text(json.dumps({"inputs": "0" * 40, "value": {"stories": []}}))
    assert cli("--db", sample, "list", "--json").out == expected


def test_json_listing(empty_bank: Path, cli: Cli) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    for _ in range(2):  # computed, then remembered
        data = json.loads(cli("--db", empty_bank, "list", "--json").out)
        assert data["framework"] == "tpm"
        assert [s["id"] for s in data["stories"]] == ["billing-ledger"]
        assert data["stories"][0]["competencies"] == ["program-execution", "ambiguity"]


def test_a_listing_in_use_is_refreshed_by_a_cli_change(
    sample: Path, cli: Cli, tmp_path: Path
) -> None:
    assert not list((tmp_path / "xdg-cache").rglob("list-*.json"))  # nobody listed yet
    assert cli("--db", sample, "list").code == 0
    assert cli("--db", sample, "config", "framework", "amazon-lp").code == 0
    after = probed_run(sample, "list")
    assert after.returncode == 0, after.stderr
    assert after.stdout.splitlines()[-1] == "BANK-NOT-READ"
    assert "AMAZON-LP" in after.stdout.splitlines()[0]


def _rewrite_listing(bank: Path, tmp_path: Path, change: Callable[[Any], Any]) -> None:
    """Rewrite the listing memo as storybank would, with ``change`` applied to its value."""
    key = memo.Inputs(bank).key(LISTING_MEMO)
    assert key is not None
    (memo_file,) = (tmp_path / "xdg-cache").rglob("list-*.json")
    value = memo.decode(memo_file.read_bytes(), key)
    assert value is not None
    memo_file.write_bytes(memo.encode(key, change(value)))


def _story(field: str, new: object) -> Callable[[Any], Any]:
    def change(value: Any) -> Any:
        value["stories"][0][field] = new
        return value

    return change


def _top(field: str, new: object) -> Callable[[Any], Any]:
    def change(value: Any) -> Any:
        value[field] = new
        return value

    return change


WRONG_LISTINGS = {
    "framework a number": _top("framework", 3),
    "stories a table": _top("stories", {}),
    "a story a list": _top("stories", [["flash-sale-incident"]]),
    "a score as text": _story("score", "80"),
    "a score true": _story("score", True),
    "a title null": _story("title", None),
    "an id missing": _story("id", None),
    "competencies as text": _story("competencies", "conflict"),
    "a competency a number": _story("competencies", [7]),
}


@pytest.mark.parametrize("change", WRONG_LISTINGS.values(), ids=WRONG_LISTINGS.keys())
def test_a_listing_memo_of_the_wrong_shape_is_ignored(
    sample: Path, cli: Cli, tmp_path: Path, change: Callable[[Any], Any]
) -> None:
    for options in ([], ["--json"]):
        expected = cli("--db", sample, "list", *options).out
        _rewrite_listing(sample, tmp_path, change)
        run = cli("--db", sample, "list", *options)
        assert run.code == 0 and run.err == ""
        assert run.out == expected


ESC = "\x1b]0;owned\x07\x1b[2J"
"""A window-title change and a screen clear: what a rewritten memo tried to print."""

FORGED_LISTINGS = {
    "an id": _story("id", f"{ESC}forged"),
    "a title": _story("title", f"{ESC}forged"),
    "a competency": _story("competencies", [f"{ESC}forged"]),
    "the framework": _top("framework", f"{ESC}forged"),
    "a story added": lambda value: {
        **value,
        "stories": [*value["stories"], {**value["stories"][0], "id": "forged"}],
    },
    "a story left out": lambda value: {**value, "stories": value["stories"][1:]},
    "a score out of range": _story("score", 1000),
}


@pytest.mark.parametrize("change", FORGED_LISTINGS.values(), ids=FORGED_LISTINGS.keys())
def test_a_listing_memo_that_does_not_agree_with_the_bank_is_never_served(
    sample: Path, cli: Cli, tmp_path: Path, change: Callable[[Any], Any]
) -> None:
    """Rewritten with its digests recomputed, the memo is still checked against the bank."""
    for options in ([], ["--json"]):
        expected = cli("--db", sample, "list", *options).out
        _rewrite_listing(sample, tmp_path, change)
        run = cli("--db", sample, "list", *options)
        assert run.code == 0 and run.out == expected
        assert "forged" not in run.out and "\x1b" not in run.out + run.err


def test_a_listing_memo_shows_its_status_column_inert(
    sample: Path, cli: Cli, tmp_path: Path
) -> None:
    """The one column the bank cannot vouch for (the checks' label) is printed inert."""
    cli("--db", sample, "list")
    _rewrite_listing(sample, tmp_path, _story("label", f"{ESC}ready"))
    run = cli("--db", sample, "list")
    assert "\x1b" not in run.out and "\x07" not in run.out
    assert "\\x1b]0;owned\\x07\\x1b[2Jready" in run.out  # served, and shown as text
