"""Hostile text is stored exactly, refused clearly where it cannot go, and never reaches a terminal.

Stories carry arbitrary Unicode (markup, ANSI and 8-bit escape sequences,
control characters, NUL, right-to-left overrides, emoji, combining marks):

* multi-line fields keep it byte for byte through the bank file, Markdown and
  JSON export and import (``tests/io/test_roundtrip_property.py`` covers the
  formats alone; here it goes through the real bank file and CLI);
* one-line fields refuse control characters with an error naming the field;
* a field over the model's limit is refused naming the field and the limit;
* nothing the CLI prints from user text contains a control character, except
  ``export`` to a pipe or a file, which is byte-exact by design.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import Run
from reliability import hostile
from storybank.core.models import BODY_MAX, Story
from storybank.errors import EXIT_BAD_INPUT
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _fresh(folder: Path, name: str) -> Path:
    """A new empty bank in ``folder/name`` (replacing one an earlier example left)."""
    path = folder / name / "bank.json"
    shutil.rmtree(path.parent, ignore_errors=True)
    Bank.create(path).close()
    return path


@PROPERTY
@given(
    st.lists(hostile.stories(), min_size=1, max_size=3).map(
        lambda found: [s.model_copy(update={"id": f"story-{n}"}) for n, s in enumerate(found)]
    )
)
def test_hostile_stories_survive_the_bank_and_both_export_formats(
    tmp_path: Path, cli: Cli, stories: list[Story]
) -> None:
    bank = _fresh(tmp_path, "bank")
    with Bank.open(bank) as opened:
        opened.save_stories(stories)
    with Bank.open(bank, read_only=True) as opened:
        assert opened.stories() == stories
    for fmt in ("md", "json"):
        out = tmp_path / f"export.{fmt}"
        assert cli("--db", bank, "export", "--format", fmt, "-o", out, "--force").code == 0
        copy = _fresh(tmp_path, f"copy-{fmt}")
        run = cli("--db", copy, "import", out)
        assert run.code == 0, run.err
        with Bank.open(copy, read_only=True) as opened:
            assert opened.stories() == stories
        # export → import → export gives the same bytes.
        again = tmp_path / f"again.{fmt}"
        assert cli("--db", copy, "export", "--format", fmt, "-o", again, "--force").code == 0
        if fmt == "md":
            assert again.read_bytes() == out.read_bytes()
        else:
            first, second = json.loads(out.read_bytes()), json.loads(again.read_bytes())
            first.pop("exported"), second.pop("exported")
            assert first == second


def test_a_field_at_the_size_limit_round_trips(empty_bank: Path, cli: Cli, tmp_path: Path) -> None:
    pattern = "".join(hostile.SNIPPETS) + "".join(hostile.CONTROLS)
    body = (pattern * (BODY_MAX // len(pattern) + 1))[:BODY_MAX]
    story = hostile.all_hostile_story().model_copy(update={"situation": body})
    Story.model_validate(story.model_dump())  # exactly at the limit: valid
    with Bank.open(empty_bank) as bank:
        bank.save_story(story, touch=False)
    for fmt in ("md", "json"):
        out = tmp_path / f"export.{fmt}"
        assert cli("--db", empty_bank, "export", "--format", fmt, "-o", out).code == 0
        copy = _fresh(tmp_path, f"copy-{fmt}")
        assert cli("--db", copy, "import", out).code == 0
        with Bank.open(copy, read_only=True) as bank:
            assert bank.get_story(story.id) == story


# -- refused: control characters in one-line fields, oversized fields ----------------------


def _json_export(story: dict[str, object]) -> str:
    return json.dumps(
        {"format": "storybank", "version": 1, "stories": [story]}, indent=2, ensure_ascii=False
    )


BASE = {
    "id": "hostile",
    "title": "A fine title",
    "headline": "Headline.",
    "situation": "S.",
    "complications": "C.",
    "action": "A.",
    "result": "R.",
    "competencies": {"tpm": ["ambiguity"]},
    "created": "2024-05-01T09:30:00Z",
    "updated": "2024-05-01T09:30:00Z",
}


def _placed(field: str, value: str) -> dict[str, object]:
    if field == "tags":
        return {**BASE, "tags": ["fine", value]}
    if field == "follow_ups":
        return {**BASE, "follow_ups": [{"question": value, "answer": "fine"}]}
    return {**BASE, field: value}


def _assert_refused(run: Run, bank: Path, before: bytes, *phrases: str) -> None:
    assert run.code == EXIT_BAD_INPUT, run
    for phrase in phrases:
        assert phrase in run.err, run.err
    assert hostile.UNSAFE_OUTPUT.search(run.err) is None
    assert "Traceback" not in run.err
    assert bank.read_bytes() == before


@pytest.mark.parametrize("field", ["title", "tags", "follow_ups"])
def test_one_line_fields_refuse_every_control_character(
    empty_bank: Path, cli: Cli, tmp_path: Path, field: str
) -> None:
    before = empty_bank.read_bytes()
    source = tmp_path / "import.json"
    for char in [*hostile.CONTROLS, "\n", "\u2028", "\u2029"]:
        source.write_text(_json_export(_placed(field, f"before{char}after")), encoding="utf-8")
        run = cli("--db", empty_bank, "import", source)
        _assert_refused(run, empty_bank, before, f"{source}:", field, "must be one line of text")


def test_a_markdown_title_with_an_escape_sequence_is_refused_at_its_line(
    empty_bank: Path, cli: Cli, tmp_path: Path
) -> None:
    before = empty_bank.read_bytes()
    source = tmp_path / "stories.md"
    source.write_text(
        "# Fine\n\n## Situation\nS\n## Complications\nC\n## Action\nA\n## Result\nR\n\n"
        "# Evil \x1b]0;pwned\x07 title\n\n## Situation\nS\n",
        encoding="utf-8",
    )
    run = cli("--db", empty_bank, "import", source)
    _assert_refused(run, empty_bank, before, f"{source}:12", "title", "control character")


MEGABYTE = "x" * 1_048_576


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("title", 200),
        ("headline", 1_000),
        ("situation", 100_000),
        ("action", 100_000),
        ("lessons", 100_000),
        ("tags", 50),
        ("follow_ups", 500),
    ],
)
def test_a_one_megabyte_field_is_refused_naming_field_and_limit(
    empty_bank: Path, cli: Cli, tmp_path: Path, field: str, limit: int
) -> None:
    before = empty_bank.read_bytes()
    source = tmp_path / "big.json"
    source.write_text(_json_export(_placed(field, MEGABYTE)), encoding="utf-8")
    run = cli("--db", empty_bank, "import", source)
    _assert_refused(run, empty_bank, before, f"{source}:", field, f"at most {limit:,}")


@pytest.mark.parametrize("section", ["Situation", "Action", "Lessons"])
def test_a_one_megabyte_markdown_section_is_refused(
    empty_bank: Path, cli: Cli, tmp_path: Path, section: str
) -> None:
    before = empty_bank.read_bytes()
    source = tmp_path / "big.md"
    sections = {"Situation": "S", "Complications": "C", "Action": "A", "Result": "R"}
    sections[section] = MEGABYTE
    body = "".join(f"## {name}\n{text}\n" for name, text in sections.items())
    source.write_text(f"# Big\nid: big\ntpm: ambiguity\n\n{body}", encoding="utf-8")
    run = cli("--db", empty_bank, "import", source)
    _assert_refused(
        run, empty_bank, before, f"{source}:", section.lower(), "at most 100,000 characters"
    )


# -- what the CLI prints ---------------------------------------------------------------------


def _commands(story_id: str) -> list[list[str]]:
    return [
        ["list"],
        ["list", "--json"],
        ["show", story_id],
        ["show", story_id, "--format", "md"],
        ["check"],
        ["check", "--json"],
        ["check", story_id],
        ["match", "Tell me about a time you handled ambiguity"],
        ["match", "Tell me about a time you handled ambiguity", "--json"],
        ["doctor"],
        ["show", "\x1b[2J-no-such-story"],
        ["config", "theme", "\x1b]0;pwned\x07"],
    ]


def _assert_inert(run: Run, what: str) -> None:
    for stream, text in (("stdout", run.out), ("stderr", run.err)):
        bad = hostile.UNSAFE_OUTPUT.search(text)
        assert bad is None, f"{what}: {stream} has {bad.group()!r} at {bad.start()}"
        # `match --json` is written by the matching commands with plain json.dumps, which
        # escapes every C0 control but leaves bidi overrides (allowed in titles) raw.
        if what != "match --json":
            bidi = hostile.BIDI.search(text)
            assert bidi is None, f"{what}: {stream} has the bidi control {bidi.group()!r}"


@PROPERTY
@given(hostile.stories())
def test_cli_output_never_carries_control_characters_from_user_text(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, story: Story
) -> None:
    bank = _fresh(tmp_path, "bank")
    with Bank.open(bank) as opened:
        opened.save_story(story)
    for command in _commands(story.id):
        what = "match --json" if command[0] == "match" and "--json" in command else command[0]
        _assert_inert(cli("--db", bank, *command), what)
    # An import's summary names every story.
    source = tmp_path / "import.md"
    assert cli("--db", bank, "export", "-o", source, "--force").code == 0
    _assert_inert(cli("--db", _fresh(tmp_path, "other"), "import", source, "--dry-run"), "import")
    # export to a terminal shows escapes; to a pipe it is exact.
    piped = cli("--db", bank, "export")
    assert piped.out == source.read_bytes().decode("utf-8")
    with monkeypatch.context() as patch:
        patch.setattr(sys.stdout, "isatty", lambda: True)
        _assert_inert(cli("--db", bank, "export"), "export to a terminal")


def test_the_whole_corpus_on_a_real_terminal(empty_bank: Path, tmp_path: Path) -> None:
    """One story holding every hostile snippet, printed by a real process onto a pseudo-terminal."""
    story = hostile.all_hostile_story()
    with Bank.open(empty_bank) as bank:
        bank.save_story(story)
    for command in (["list"], ["show", story.id], ["export"], ["check", story.id]):
        shown = _on_a_tty(["--db", str(empty_bank), *command])
        assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
        bad = hostile.UNSAFE_OUTPUT.search(shown.replace("\r\n", "\n"))
        assert bad is None, f"{command}: {bad.group()!r} reached the terminal"
    shown = _on_a_tty(["--db", str(empty_bank), "show", story.id])
    assert "\\x1b[31mred\\x1b[0m" in shown and hostile.MARKUP in shown


def _on_a_tty(argv: list[str]) -> str:
    """What ``storybank ARGV`` writes to a terminal (stdout and stderr are the pty)."""
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "storybank", *argv],
            stdin=subprocess.DEVNULL,
            stdout=terminal,
            stderr=terminal,
            env={**os.environ, "COLUMNS": "200"},
        )
        os.close(terminal)
        terminal = -1
        chunks = []
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the other side closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=60) in (0, 1)
    finally:
        os.close(controller)
        if terminal >= 0:
            os.close(terminal)
    return b"".join(chunks).decode("utf-8")


def test_json_output_escapes_what_a_terminal_would_act_on(empty_bank: Path, cli: Cli) -> None:
    story = hostile.all_hostile_story()
    with Bank.open(empty_bank) as bank:
        bank.save_story(story)
    for command in (["list", "--json"], ["check", "--json"]):
        run = cli("--db", empty_bank, *command)
        assert hostile.UNSAFE_OUTPUT.search(run.out) is None
        assert hostile.BIDI.search(run.out) is None
        assert "\\u202e" in run.out  # escaped, so the parsed JSON still holds it exactly
    listed = json.loads(cli("--db", empty_bank, "list", "--json").out)
    assert listed["stories"][0]["title"] == story.title


def test_question_json_output_escapes_what_a_terminal_would_act_on(
    empty_bank: Path, cli: Cli
) -> None:
    added = cli(
        "--db",
        empty_bank,
        "questions",
        "add",
        "Tell me \x9b31m about \u202e it",
        "--tag",
        "tpm:conflict",
    )
    assert added.code == 0, added.err
    _assert_inert(cli("--db", empty_bank, "questions", "list", "--mine"), "questions")
    run = cli("--db", empty_bank, "questions", "list", "--mine", "--json")
    assert hostile.UNSAFE_OUTPUT.search(run.out) is None
