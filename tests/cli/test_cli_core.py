"""The core CLI commands, run in-process against real bank files."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from factories import Run, make_story
from storybank.checks import CATEGORIES
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

STORY_MD = textwrap.dedent(
    """\
    # Untangling the on-call rotation
    id: oncall-rotation
    tpm: ownership, program-execution
    amazon-lp: Ownership

    > I rebuilt on-call for 6 teams and cut pages per shift by 45%.

    ## Situation
    Six teams shared one pager rotation and nobody owned the runbooks.
    ## Complications
    Two leads disagreed about who should carry the pager; a missed page was a real risk.
    ## Action
    I mapped every alert to an owner, proposed a split rotation and got both leads to agree.
    ## Result
    Pages per shift fell by 45% in 8 weeks and customer-facing incidents dropped by a third.
    """
)


def test_init_and_refuse_second_init(bank_path: Path, cli: Cli) -> None:
    first = cli("--db", bank_path, "init")
    assert first.code == 0 and str(bank_path) in first.out
    again = cli("--db", bank_path, "init")
    assert again.code == 2
    assert "already exists" in again.err and "--force" in again.err


def test_env_var_chooses_the_bank(
    bank_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STORYBANK_DB", str(bank_path))
    assert cli("init").code == 0
    assert bank_path.exists()


def test_db_after_the_command(bank_path: Path, cli: Cli) -> None:
    assert cli("init", "--db", bank_path).code == 0
    assert bank_path.exists()


def test_list_on_sample_bank(sample: Path, cli: Cli) -> None:
    run = cli("--db", sample, "list")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split()[:3] == ["ID", "SCORE", "STATUS"]
    assert len(lines) == 7
    data = json.loads(cli("--db", sample, "list", "--json").out)
    assert data["framework"] == "tpm" and len(data["stories"]) == 6
    assert all(0 <= s["score"] <= 100 for s in data["stories"])


def test_list_empty_bank_says_what_to_do(empty_bank: Path, cli: Cli) -> None:
    run = cli("--db", empty_bank, "list")
    assert run.code == 0 and "storybank new" in run.out


def test_missing_bank_is_a_clear_error(bank_path: Path, cli: Cli) -> None:
    run = cli("--db", bank_path, "list")
    assert run.code == 2
    assert str(bank_path) in run.err and "storybank init" in run.err
    assert "Traceback" not in run.err


def test_damaged_bank_exit_code_and_message(empty_bank: Path, cli: Cli) -> None:
    empty_bank.write_bytes(b'{"_meta": ')
    run = cli("--db", empty_bank, "list")
    assert run.code == 2
    assert str(empty_bank) in run.err and "storybank doctor" in run.err
    assert empty_bank.read_bytes() == b'{"_meta": '


def test_show_text_and_markdown(sample: Path, cli: Cli) -> None:
    story_id = json.loads(cli("--db", sample, "list", "--json").out)["stories"][0]["id"]
    text = cli("--db", sample, "show", story_id)
    assert text.code == 0 and f"id: {story_id}" in text.out and "Situation" in text.out
    md = cli("--db", sample, "show", story_id, "--format", "md")
    assert md.out.startswith("# ") and f"id: {story_id}" in md.out
    missing = cli("--db", sample, "show", "no-such-story")
    assert missing.code == 2 and "no-such-story" in missing.err


def test_show_neutralises_escape_sequences(empty_bank: Path, cli: Cli) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story(headline="Evil \x1b]0;pwned\x07 title", action="\x1b[2J gone"))
    out = cli("--db", empty_bank, "show", "billing-ledger").out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned" in out


def test_rm_needs_confirmation_then_keeps_backup(sample: Path, cli: Cli) -> None:
    refused = cli("--db", sample, "rm", "flash-sale-incident")
    assert refused.code == 2 and "--yes" in refused.err
    done = cli("--db", sample, "rm", "flash-sale-incident", "--yes")
    assert done.code == 0
    with Bank.open(sample, read_only=True) as bank:
        assert not bank.has_story("flash-sale-incident")
    assert any("flash-sale-incident" in b.path.read_text() for b in list_backups(sample))


def test_check_json_shape_and_exit_codes(empty_bank: Path, cli: Cli) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story(result="", action="", situation=""))
    run = cli("--db", empty_bank, "check", "--json")
    data = json.loads(run.out)
    assert set(data) == {"stories", "bank"}
    (story,) = data["stories"]
    assert set(story) == {"id", "title", "score", "checks"}
    assert all(
        set(c) == {"id", "field", "category", "severity", "message", "suggestion"}
        for c in story["checks"]
    )
    assert all(c["category"] in CATEGORIES for c in story["checks"])
    assert all(
        set(b) == {"id", "category", "severity", "message", "suggestion"} for b in data["bank"]
    )
    assert all(b["category"] == "bank" for b in data["bank"])
    assert any(c["severity"] == "error" and c["field"] == "result" for c in story["checks"])
    assert run.code == 1
    text = cli("--db", empty_bank, "check", "billing-ledger")
    assert text.code == 1 and "result" in text.out


def test_check_passes_on_a_clean_story(sample: Path, cli: Cli) -> None:
    data = json.loads(cli("--db", sample, "check", "--json").out)
    clean = [s for s in data["stories"] if not any(c["severity"] == "error" for c in s["checks"])]
    assert len(clean) == 6


def test_import_dry_run_then_real_then_conflict(empty_bank: Path, cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "stories.md"
    source.write_text(STORY_MD)
    before = empty_bank.read_bytes()
    dry = cli("--db", empty_bank, "import", source, "--dry-run")
    assert dry.code == 0 and "oncall-rotation" in dry.out and "nothing was changed" in dry.out
    assert empty_bank.read_bytes() == before
    assert cli("--db", empty_bank, "import", source).code == 0
    conflict = cli("--db", empty_bank, "import", source)
    assert conflict.code == 2 and "oncall-rotation" in conflict.err and "--replace" in conflict.err
    assert cli("--db", empty_bank, "import", source, "--replace").code == 0


def test_bad_import_names_file_and_line_and_changes_nothing(
    empty_bank: Path, cli: Cli, tmp_path: Path
) -> None:
    source = tmp_path / "bad.md"
    source.write_text(STORY_MD + "\n# Second\ntpm: juggling\n")
    before = empty_bank.read_bytes()
    run = cli("--db", empty_bank, "import", source)
    assert run.code == 2
    assert f"{source}:" in run.err and "juggling" in run.err
    assert empty_bank.read_bytes() == before


def test_export_markdown_roundtrip_through_cli(sample: Path, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "export.md"
    assert cli("--db", sample, "export", "-o", out).code == 0
    assert (out.stat().st_mode & 0o777) == 0o600
    again = cli("--db", sample, "export", "-o", out)
    assert again.code == 2 and "--force" in again.err
    fresh = tmp_path / "fresh.json"
    assert cli("--db", fresh, "init").code == 0
    assert cli("--db", fresh, "import", out).code == 0
    assert cli("--db", fresh, "export").out == out.read_text()


def test_export_json_restores_settings(sample: Path, cli: Cli, tmp_path: Path) -> None:
    assert cli("--db", sample, "config", "drill-timer", "90").code == 0
    out = tmp_path / "bank-export.json"
    assert cli("--db", sample, "export", "--format", "json", "-o", out).code == 0
    payload = json.loads(out.read_text())
    assert payload["format"] == "storybank" and len(payload["stories"]) == 6
    fresh = tmp_path / "fresh.json"
    assert cli("--db", fresh, "init").code == 0
    assert cli("--db", fresh, "import", out).code == 0
    assert cli("--db", fresh, "config", "drill-timer").out.strip() == "90"
    assert len(json.loads(cli("--db", fresh, "list", "--json").out)["stories"]) == 6


def test_config_list_get_set_and_errors(empty_bank: Path, cli: Cli) -> None:
    listing = cli("--db", empty_bank, "config").out
    assert "desired-retention = 0.9" in listing and "theme = storybank-dark" in listing
    assert cli("--db", empty_bank, "config", "framework", "amazon-lp").code == 0
    assert cli("--db", empty_bank, "config", "framework").out.strip() == "amazon-lp"
    bad_fw = cli("--db", empty_bank, "config", "framework", "google")
    assert bad_fw.code == 2 and "tpm, amazon-lp" in bad_fw.err
    bad_value = cli("--db", empty_bank, "config", "desired-retention", "1.5")
    assert bad_value.code == 2 and "0.70-0.99" in bad_value.err
    bad_theme = cli("--db", empty_bank, "config", "theme", "neon-nightmare")
    assert bad_theme.code == 2 and "storybank-dark" in bad_theme.err
    bad_key = cli("--db", empty_bank, "config", "colour")
    assert bad_key.code == 2 and "drill-timer" in bad_key.err


def test_doctor_lists_and_restores(sample: Path, cli: Cli) -> None:
    assert cli("--db", sample, "rm", "flash-sale-incident", "--yes").code == 0
    report = cli("--db", sample, "doctor")
    assert report.code == 0 and "healthy" in report.out and "doctor --restore" in report.out
    sample.write_bytes(b"oops")
    broken = cli("--db", sample, "doctor")
    assert broken.code == 2 and "not valid JSON" in broken.out
    number = next(
        str(i)
        for i, b in enumerate(list_backups(sample), start=1)
        if "flash-sale-incident" in b.path.read_text()
    )
    assert cli("--db", sample, "doctor", "--restore", number, "--yes").code == 0
    with Bank.open(sample, read_only=True) as bank:
        assert bank.has_story("flash-sale-incident")


def test_version(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("--version")
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("storybank ")


EDITOR = textwrap.dedent(
    """\
    import os, sys
    from pathlib import Path
    path = Path(sys.argv[1])
    seen = Path(os.environ["SB_EDITOR_SEEN"])
    seen.write_text(path.read_text())
    replacement = os.environ.get("SB_EDITOR_WRITE")
    if replacement:
        path.write_text(Path(replacement).read_text())
    """
)


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str | None], Path]:
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


def test_new_story_in_editor(empty_bank: Path, cli: Cli, editor: Callable[..., Path]) -> None:
    editor(STORY_MD)
    run = cli("--db", empty_bank, "new")
    assert run.code == 0, run.err
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.get_story("oncall-rotation").tags_in("tpm") == [
            "ownership",
            "program-execution",
        ]
    assert not list((empty_bank.parent / "drafts").glob("*.md"))


def test_new_story_unchanged_template_saves_nothing(
    empty_bank: Path, cli: Cli, editor: Callable[..., Path]
) -> None:
    editor(None)
    run = cli("--db", empty_bank, "new")
    assert run.code == 0 and "nothing saved" in run.out


def test_invalid_edit_keeps_the_draft(
    empty_bank: Path, cli: Cli, editor: Callable[..., Path]
) -> None:
    broken = STORY_MD.replace("tpm: ownership", "tpm: juggling")
    editor(broken)
    run = cli("--db", empty_bank, "new")
    assert run.code == 2
    assert "juggling" in run.err and "storybank import" in run.err
    (draft,) = (empty_bank.parent / "drafts").glob("*.md")
    assert draft.read_text() == broken
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.stories() == []


def test_edit_existing_story(sample: Path, cli: Cli, editor: Callable[..., Path]) -> None:
    seen = editor(None)
    assert cli("--db", sample, "edit", "flash-sale-incident").code == 0
    original = seen.read_text()
    assert "id: flash-sale-incident" in original
    editor(original.replace("## Result\n", "## Result\nRevenue held at 98% of plan. ", 1))
    assert cli("--db", sample, "edit", "flash-sale-incident").code == 0
    with Bank.open(sample, read_only=True) as bank:
        story = bank.get_story("flash-sale-incident")
    assert story.result.startswith("Revenue held at 98% of plan.")


def test_editor_runs_without_a_shell(
    empty_bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    marker = tmp_path / "injected"
    monkeypatch.setenv("EDITOR", f"true; touch {marker}")
    run = cli("--db", empty_bank, "new")
    assert not marker.exists()
    assert run.code in (0, 2)


REWRITE = textwrap.dedent(
    """\
    # Moving payouts to a new processor
    id: payouts-processor-cutover
    tpm: program-execution

    > A completely different telling of the story, start to finish.

    ## Situation
    Quarterly planning collapsed when the vendor announced an end-of-life date with
    little warning and finance wanted certainty about settlement windows.
    ## Complications
    Legal review stalled, regional banks demanded new paperwork, and the budget froze.
    ## Action
    I negotiated an extension, staffed a tiger team, rehearsed cutovers weekly and
    published a dashboard that leadership read every Monday morning.
    ## Result
    Settlement errors fell 80% and the switch finished 3 weeks ahead of the deadline.
    """
)


@pytest.mark.parametrize("answer", [True, False], ids=["afresh", "keep"])
def test_rewriting_a_drilled_story_offers_fresh_cards(
    sample: Path,
    cli: Cli,
    editor: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    answer: bool,
) -> None:
    from fsrs import Rating

    from storybank.scheduling.drills import Drills

    with Bank.open(sample) as bank:
        drills = Drills(bank)
        drills.ledger.review("recall:payouts-processor-cutover", Rating.Good)
        drills.close()
    # The user's answer at the prompt (stdin is not a terminal under pytest).
    monkeypatch.setattr("storybank.cli.editing.confirm", lambda question: answer)
    editor(REWRITE)
    run = cli("--db", sample, "edit", "payouts-processor-cutover")
    assert run.code == 0, run.err
    assert ("afresh" in run.out) is answer
    with Bank.open(sample, read_only=True) as bank:
        drills = Drills(bank)
        card = drills.deck.card("recall:payouts-processor-cutover")
        assert card.is_new is answer
        drills.close()


@pytest.mark.parametrize(
    "argv",
    [[], ["--db", "bank.json"], ["--theme", "storybank-light", "--db=bank.json"], ["--db=b"]],
)
def test_the_apps_arguments_parse_as_with_every_command_built(argv: list[str]) -> None:
    from storybank.cli.parser import build_parser, command_in

    assert command_in(argv) == ""  # opening the app builds no command's parser
    fast = build_parser(argv).parse_args(argv)
    full = build_parser().parse_args(argv)
    assert {k: v for k, v in vars(fast).items() if k != "handler"} == {
        k: v for k, v in vars(full).items() if k != "handler"
    }
    assert fast.handler.__qualname__ == full.handler.__qualname__


@pytest.mark.parametrize("argv", [["--db"], ["--help"], ["--version"], ["--db", "b", "lsit"]])
def test_anything_but_the_app_or_one_command_builds_the_whole_parser(argv: list[str]) -> None:
    from storybank.cli.parser import command_in

    assert command_in(argv) is None


def test_check_without_rounds_reads_the_snapshot_and_finds_what_the_models_find(
    empty_bank: Path, cli: Cli
) -> None:
    """Unanswered follow-ups in a bank with no interview rounds: nothing to name a round by.

    The snapshot answers; its findings are those of the bank opened with the
    models and the rounds read (the path a bank with rounds takes).
    """
    from argparse import Namespace

    from storybank.cli.stories import _check, _check_snapshot, _follow_up_sources
    from storybank.core.models import FollowUp
    from storybank.storage.snapshot import take_snapshot

    with Bank.open(empty_bank) as bank:
        bank.save_stories(
            [
                make_story("a", follow_ups=[FollowUp(question="Why that order?")]),
                make_story("b", title="Another ledger story"),
            ]
        )
    snapshot = take_snapshot(empty_bank)
    assert snapshot is not None
    fast = _check_snapshot(snapshot, Namespace(framework=None, id=None))
    assert fast is not None
    with Bank.open(empty_bank, read_only=True) as bank:
        stories = bank.stories()
        slow = _check(
            stories,
            stories,
            bank.frameworks.get(bank.settings.framework),
            whole_bank=True,
            sources=_follow_up_sources(bank, stories),
        )

    def plain(checked: tuple[list[Any], list[Any]]) -> object:
        report, bank_results = checked
        return (
            [(s.id, score, [r.to_dict() for r in results]) for s, score, results in report],
            [(r.id, r.severity, r.message, r.suggestion) for r in bank_results],
        )

    assert plain(fast) == plain(slow)
    first = fast[0][0][2]
    assert any(r.id == "story-unanswered-follow-ups" for r in first)
    data = json.loads(cli("--db", empty_bank, "check", "--json").out)
    assert [s["checks"] for s in data["stories"]] == [
        [r.to_dict() for r in results] for _, _, results in fast[0]
    ]
