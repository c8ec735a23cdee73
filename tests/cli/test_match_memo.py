"""``storybank match`` answers from its memo only when every input is byte-identical."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cli.processes import probed_run
from factories import Run
from storybank.cli import memo
from storybank.cli.match import MEMO as MATCH_MEMO
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

QUESTIONS = [
    "Tell me about a time you disagreed with a partner team",
    "Describe a launch that slipped and how you recovered the date",
    "How do you decide what to cut when the budget shrinks?",
    "image delivery",
]


def _memo(tmp_path: Path) -> Path:
    (memo,) = (tmp_path / "xdg-cache").rglob("match-*.json")
    return memo


def test_second_lookup_skips_the_models_and_answers_the_same(sample: Path, tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "xdg-cache")  # `init` left a memo; start without one
    question = QUESTIONS[0]
    first = probed_run(sample, "match", question)
    second = probed_run(sample, "match", question)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.splitlines()[-1] == "BANK-READ"
    assert second.stdout.splitlines()[-1] == "BANK-NOT-READ"
    assert first.stdout.splitlines()[:-1] == second.stdout.splitlines()[:-1]
    assert "1. image-delivery-cost" in second.stdout


@pytest.mark.parametrize(
    "options",
    [[], ["--json", "--top", "6"], ["--framework", "amazon-lp", "--json"]],
    ids=["plain", "json", "amazon-lp"],
)
def test_memo_and_full_path_agree(
    sample: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    monkeypatch.setenv("STORYBANK_NO_CACHE", "1")
    full = [cli("--db", sample, "match", q, *options).out for q in QUESTIONS]
    monkeypatch.delenv("STORYBANK_NO_CACHE")
    cli("--db", sample, "match", "warm the memo")
    assert _memo(sample.parent.parent)
    assert [cli("--db", sample, "match", q, *options).out for q in QUESTIONS] == full


def test_batch_answers_from_the_memo_match_the_full_path(
    sample: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = tmp_path / "questions.txt"
    batch.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    monkeypatch.setenv("STORYBANK_NO_CACHE", "1")
    full = cli("--db", sample, "match", "--batch", batch, "--json").out
    monkeypatch.delenv("STORYBANK_NO_CACHE")
    cli("--db", sample, "match", "--batch", batch, "--json")
    again = cli("--db", sample, "match", "--batch", batch, "--json").out
    assert again == full
    assert [json.loads(line)["question"] for line in again.splitlines()] == QUESTIONS


def _rewrite_memo(bank: Path, tmp_path: Path, change: Callable[[Any], Any]) -> None:
    """Rewrite the match memo as storybank would, with ``change`` applied to its value."""
    key = memo.Inputs(bank).key(MATCH_MEMO)
    assert key is not None
    memo_file = _memo(tmp_path)
    value = memo.decode(memo_file.read_bytes(), key)
    assert value is not None
    memo_file.write_bytes(memo.encode(key, change(value)))


def test_the_memo_is_what_a_repeated_lookup_reads(sample: Path, cli: Cli, tmp_path: Path) -> None:
    cli("--db", sample, "match", QUESTIONS[0])

    def rename_competency(value: dict[str, Any]) -> dict[str, Any]:
        # Frameworks come from framework files (the memo's digest covers them), not
        # from the bank: renaming one in the memo shows that the memo was read.
        tpm = next(f for f in value["frameworks"] if f["id"] == "tpm")
        next(c for c in tpm["competencies"] if c["id"] == "conflict")["name"] = "From the memo"
        return value

    _rewrite_memo(sample, tmp_path, rename_competency)
    assert "From the memo" in cli("--db", sample, "match", QUESTIONS[0]).out


@pytest.mark.parametrize(
    "part", ["story title", "story id", "story readiness", "question", "framework"]
)
def test_a_memo_that_does_not_agree_with_the_bank_is_never_served(
    sample: Path, cli: Cli, tmp_path: Path, part: str
) -> None:
    """A memo rewritten with digests to match is still checked against the bank itself."""
    assert cli("--db", sample, "questions", "add", "What did you cut?", "--tag", "tpm:ownership")
    full = cli("--db", sample, "match", QUESTIONS[0], "--json").out

    def tamper(value: dict[str, Any]) -> dict[str, Any]:
        story = next(s for s in value["stories"] if s["id"] == "image-delivery-cost")
        if part == "story title":
            story["title"] = "\x1b]0;owned\x07Served from the memo"
        elif part == "story id":
            story["id"] = "\x1b[2Jforged"
        elif part == "story readiness":
            story["readiness"] = 1_000_000
        elif part == "question":
            value["questions"][0]["text"] = "Served from the memo"
        else:
            value["framework"] = "amazon-lp"
        return value

    _rewrite_memo(sample, tmp_path, tamper)
    run = cli("--db", sample, "match", QUESTIONS[0], "--json")
    assert run.out == full
    assert "Served from the memo" not in run.out and "forged" not in run.out
    assert "1000000" not in run.out
    # The full path answered, and put the bank's own memo back.
    assert "Served from the memo" not in _memo(tmp_path).read_text()


def test_an_edited_story_is_matched_as_edited(sample: Path, cli: Cli) -> None:
    question = "Tell me about the quantum ledger reconciliation"
    assert "quantum" not in cli("--db", sample, "match", question).out
    with Bank.open(sample) as bank:
        story = bank.get_story("flash-sale-incident")
        bank.save_story(story.model_copy(update={"title": "The quantum ledger reconciliation"}))
    run = cli("--db", sample, "match", question, "--json")
    assert json.loads(run.out)["stories"][0]["id"] == "flash-sale-incident"


def test_a_new_question_of_mine_is_used_at_once(sample: Path, cli: Cli) -> None:
    question = "Tell me about a zeppelin you grounded"
    before = cli("--db", sample, "match", question, "--json").out
    assert cli("--db", sample, "questions", "add", question, "--tag", "tpm:conflict").code == 0
    data = json.loads(cli("--db", sample, "match", question, "--json").out)
    assert json.loads(before)["competencies"] != data["competencies"]
    assert data["competencies"][0]["id"] == "conflict"


def test_a_bank_damaged_after_a_lookup_is_still_reported(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "match", QUESTIONS[0]).code == 0
    sample.write_bytes(sample.read_bytes()[:-20])
    run = cli("--db", sample, "match", QUESTIONS[0])
    assert run.code == 2 and "truncated" in run.err


def test_an_unknown_framework_gets_the_same_error_with_a_memo(sample: Path, cli: Cli) -> None:
    cold = cli("--db", sample, "match", QUESTIONS[0], "--framework", "nope")
    assert cli("--db", sample, "match", QUESTIONS[0]).code == 0
    warm = cli("--db", sample, "match", QUESTIONS[0], "--framework", "nope")
    assert cold.code == warm.code == 2
    assert cold.err == warm.err and "nope" in warm.err


def _write_framework(folder: Path, cues: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / "mine.toml").write_text(
        'id = "mine"\nname = "Mine"\n\n[[competencies]]\nid = "zeppelins"\n'
        'name = "Zeppelin handling"\ndescription = "Keeping lighter-than-air craft safe."\n'
        f"cues = {cues}\n",
        encoding="utf-8",
    )


def test_an_edited_framework_file_is_seen(sample: Path, cli: Cli) -> None:
    folder = sample.parent / "frameworks"
    _write_framework(folder, '["zeppelin"]')
    question = ["match", "Tell me about an airship", "--framework", "mine", "--json"]
    before = json.loads(cli("--db", sample, *question).out)
    assert [c["id"] for c in before["competencies"]] != ["zeppelins"]
    _write_framework(folder, '["zeppelin", "airship"]')
    after = json.loads(cli("--db", sample, *question).out)
    assert after["framework"] == "mine"
    assert [c["id"] for c in after["competencies"]] == ["zeppelins"]


def _set(path: str, new: object) -> Callable[[Any], Any]:
    """A change that sets one field of the memo's value, e.g. ``stories.0.title``."""

    def change(value: Any) -> Any:
        *parents, last = path.split(".")
        node = value
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[int(last) if last.isdigit() else last] = new
        return value

    return change


WRONG_SHAPES = {
    "stories not a list": _set("stories", 7),
    "a story title missing": _set("stories.0", {"id": "x"}),
    "a story title null": _set("stories.0.title", None),
    "a follow-up answer null": _set("stories.0.follow_ups", [{"question": "q", "answer": None}]),
    "competencies a string": _set("stories.0.competencies", {"tpm": "conflict"}),
    "cues null": _set("frameworks.0.competencies.0.cues", None),
    "a framework without competencies": _set("frameworks.0.competencies", []),
    "a question without text": _set("questions", [{"id": "q"}]),
    "the value a list": lambda value: [value],
}


@pytest.mark.parametrize("change", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_memo_of_the_wrong_shape_is_ignored(
    sample: Path, cli: Cli, tmp_path: Path, change: Callable[[Any], Any]
) -> None:
    question = ["match", QUESTIONS[0], "--json", "--top", "6"]
    expected = cli("--db", sample, *question).out
    _rewrite_memo(sample, tmp_path, change)
    run = cli("--db", sample, *question)
    assert run.code == 0 and run.err == ""
    assert run.out == expected


def test_a_framework_in_the_memo_is_read_only_when_used(
    sample: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    amazon = ["match", QUESTIONS[0], "--framework", "amazon-lp", "--json"]
    monkeypatch.setenv("STORYBANK_NO_CACHE", "1")
    expected = cli("--db", sample, *amazon).out
    monkeypatch.delenv("STORYBANK_NO_CACHE")

    def damage_amazon(value: dict[str, Any]) -> dict[str, Any]:
        framework = next(fw for fw in value["frameworks"] if fw["id"] == "amazon-lp")
        framework["competencies"][0]["cues"] = None
        return value

    _rewrite_memo(sample, tmp_path, damage_amazon)
    unused = probed_run(sample, "match", QUESTIONS[0])  # in tpm, the active framework
    assert unused.stdout.splitlines()[-1] == "BANK-NOT-READ"
    used = probed_run(sample, *amazon)
    assert used.returncode == 0 and used.stderr == ""
    assert used.stdout.splitlines()[-1] == "BANK-READ"
    assert "\n".join(used.stdout.splitlines()[:-1]) + "\n" == expected


def test_a_memo_altered_on_disk_is_ignored(sample: Path, cli: Cli, tmp_path: Path) -> None:
    expected = cli("--db", sample, "match", QUESTIONS[0], "--json").out
    memo_file = _memo(tmp_path)
    raw = memo_file.read_bytes()
    memo_file.write_bytes(raw.replace(b"Cutting image delivery", b"Cutting image DELIVERY"))
    assert memo_file.read_bytes() != raw
    assert cli("--db", sample, "match", QUESTIONS[0], "--json").out == expected
    memo_file.write_bytes(raw[: len(raw) // 2])
    assert cli("--db", sample, "match", QUESTIONS[0], "--json").out == expected
    memo_file.write_text('{"inputs": ', encoding="utf-8")
    assert cli("--db", sample, "match", QUESTIONS[0], "--json").out == expected


def test_an_unwritable_cache_folder_never_fails_a_lookup(
    sample: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    changed = cli("--db", sample, "config", "drill-timer", "90")  # refreshes the memos
    assert changed.code == 0 and changed.err == ""
    for _ in range(2):
        run = cli("--db", sample, "match", QUESTIONS[0])
        assert run.code == 0 and run.err == ""
        assert "1. image-delivery-cost" in run.out


def test_after_init_even_the_first_lookup_skips_the_models(bank_path: Path) -> None:
    init = subprocess.run(
        [sys.executable, "-m", "storybank", "--db", str(bank_path), "init", "--sample"],
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    first = probed_run(bank_path, "match", QUESTIONS[0])
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == "BANK-NOT-READ"
    assert "1. image-delivery-cost" in first.stdout


def test_a_change_made_from_the_cli_is_in_the_next_model_free_lookup(
    sample: Path, cli: Cli
) -> None:
    assert cli("--db", sample, "config", "framework", "amazon-lp").code == 0
    after = probed_run(sample, "match", QUESTIONS[0], "--json")
    assert after.stdout.splitlines()[-1] == "BANK-NOT-READ"
    data = json.loads("\n".join(after.stdout.splitlines()[:-1]))
    assert data["framework"] == "amazon-lp"
    with Bank.open(sample) as bank:  # a change made without the CLI is not refreshed...
        bank.save_story(bank.get_story("image-delivery-cost").model_copy(update={"title": "X"}))
    later = probed_run(sample, "match", QUESTIONS[0], "--top", "6")
    assert later.stdout.splitlines()[-1] == "BANK-READ"  # ...so the full path runs
    assert "image-delivery-cost" in later.stdout and "  X\n" in later.stdout


def test_an_unreadable_framework_file_is_reported_even_with_a_memo(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "match", QUESTIONS[0]).code == 0
    folder = sample.parent / "frameworks"
    folder.mkdir()
    (folder / "team.toml").symlink_to(folder / "gone.toml")
    for command in (["match", QUESTIONS[0]], ["list"]):
        run = cli("--db", sample, *command)
        assert run.code == 2, run
        assert "team.toml" in run.err and "cannot read the framework file" in run.err


@pytest.mark.parametrize(("value", "memo_used"), [("1", False), ("yes", False), ("0", True)])
def test_storybank_no_cache(sample: Path, value: str, memo_used: bool) -> None:
    run = probed_run(sample, "match", QUESTIONS[0], STORYBANK_NO_CACHE=value)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == ("BANK-NOT-READ" if memo_used else "BANK-READ")


def test_memos_of_banks_unused_for_months_are_removed(
    sample: Path, cli: Cli, tmp_path: Path
) -> None:
    folder = _memo(tmp_path).parent
    old, recent = folder / "match-0123456789abcdef0123.json", folder / "list-fedcba.json"
    for path, days in ((old, memo.STALE_AFTER_DAYS + 1), (recent, memo.STALE_AFTER_DAYS - 1)):
        path.write_bytes(b"{}\n{}\n")
        when = time.time() - days * 86_400
        os.utime(path, (when, when))
    assert cli("--db", sample, "config", "drill-timer", "90").code == 0
    assert not old.exists() and recent.exists()
    assert _memo(tmp_path).exists()  # this bank's own memo was just rewritten


def test_a_bank_path_that_is_not_utf8(tmp_path: Path, cli: Cli) -> None:
    folder = tmp_path / os.fsdecode(b"d\xe9p\xf4t")  # a Latin-1 name
    (folder / "frameworks").mkdir(parents=True)
    bank = folder / os.fsdecode(b"caf\xe9.json")
    assert cli("--db", bank, "init", "--sample").code == 0
    assert cli("--db", bank, "config", "drill-timer", "90").code == 0
    for _ in range(2):  # the full path and then the memo
        run = cli("--db", bank, "match", QUESTIONS[0])
        assert run.code == 0 and run.err == "", run.err
        assert "1. image-delivery-cost" in run.out
        listing = cli("--db", bank, "list")
        assert listing.code == 0 and listing.err == "" and "image-delivery-cost" in listing.out
    assert len(list((tmp_path / "xdg-cache").rglob("*.json"))) == 2


def test_pruning_leaves_every_file_that_is_not_a_memo(
    sample: Path, cli: Cli, tmp_path: Path
) -> None:
    folder = _memo(tmp_path).parent
    others = [folder / name for name in ("team-2024.json", "list-notes.json", "match-1.json")]
    for path in others:
        path.write_text("{}", encoding="utf-8")
        when = time.time() - 400 * 86_400
        os.utime(path, (when, when))
    assert cli("--db", sample, "config", "drill-timer", "90").code == 0
    assert all(path.exists() for path in others)


def test_a_memo_in_use_is_not_pruned(sample: Path, cli: Cli, tmp_path: Path) -> None:
    memo_file = _memo(tmp_path)
    when = time.time() - (memo.STALE_AFTER_DAYS + 5) * 86_400
    os.utime(memo_file, (when, when))
    assert cli("--db", sample, "match", QUESTIONS[0]).code == 0  # served from it
    assert memo_file.stat().st_mtime > time.time() - 3_600
