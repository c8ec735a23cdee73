"""Bad import files are refused with the file and line at fault, and nothing is imported.

Every case runs ``storybank import`` (the real CLI) against a real bank that
already holds stories, and checks the bank is byte-identical afterwards and no
backup was taken. ``tests/io`` checks the same parsers without a bank.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from factories import Run
from storybank.errors import EXIT_BAD_INPUT
from storybank.io.json_format import MAX_BYTES
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

GOOD_MD = """\
# Untangling the on-call rotation
id: oncall-rotation
tpm: ownership, program-execution

> I rebuilt on-call for 6 teams and cut pages per shift by 45%.

## Situation
Six teams shared one pager rotation.
## Complications
Two leads disagreed about who should carry the pager.
## Action
I mapped every alert to an owner.
## Result
Pages per shift fell by 45% in 8 weeks.
"""

GOOD_STORY = {
    "id": "oncall-rotation",
    "title": "Untangling the on-call rotation",
    "situation": "Six teams shared one pager rotation.",
    "competencies": {"tpm": ["ownership"]},
    "created": "2024-05-01T09:30:00Z",
    "updated": "2024-05-01T09:30:00Z",
}


def _export(**tables: object) -> str:
    document: dict[str, object] = {"format": "storybank", "version": 1, **tables}
    return json.dumps(document, indent=2, ensure_ascii=False)


@pytest.fixture
def bank(sample_bank: Path) -> Path:
    return sample_bank


def _refused(cli: Cli, bank: Path, source: Path | str, *phrases: str) -> Run:
    before = bank.read_bytes()
    backups = (
        sorted((bank.parent / "backups").glob("*")) if (bank.parent / "backups").exists() else []
    )
    run = cli("--db", bank, "import", source)
    assert run.code == EXIT_BAD_INPUT, run
    for phrase in phrases:
        assert phrase in run.err, run.err
    assert "Traceback" not in run.err and "Imported" not in run.out
    assert bank.read_bytes() == before
    now = sorted((bank.parent / "backups").glob("*")) if (bank.parent / "backups").exists() else []
    assert now == backups
    return run


# name → (file name, content, phrases the error must contain; {file} is the path)
CASES: dict[str, tuple[str, bytes, list[str]]] = {
    "latin-1 markdown": (
        "s.md",
        GOOD_MD.replace("Six teams", "Six équipes").encode("latin-1"),
        ["{file}:8: not UTF-8 text: byte 0xe9 at offset"],
    ),
    "utf-16 markdown": (
        "s.md",
        GOOD_MD.encode("utf-16"),
        ["{file}:1: not UTF-8 text: byte 0xff at offset 0"],
    ),
    "binary junk": ("s.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ["{file}:1: not UTF-8"]),
    "latin-1 json": (
        "s.json",
        _export(stories=[{**GOOD_STORY, "title": "Équipe"}]).encode("latin-1"),
        ["{file}:7: not UTF-8 text: byte 0xc9"],
    ),
    "empty markdown": ("s.md", b"", ["{file}: no stories found"]),
    "json not an export": (
        "s.json",
        b'{"stories": []}',
        ["{file}: format: not a storybank export"],
    ),
    "truncated json": (
        "s.json",
        _export(stories=[GOOD_STORY]).encode()[:120],
        ["{file}:7: not valid JSON: Unterminated string"],
    ),
    "deeply nested arrays": (
        "s.json",
        b"[" * 100_000 + b"]" * 100_000,
        ["{file}: the JSON is nested too deeply"],
    ),
    "deeply nested inside a story": (
        "s.json",
        _export(stories=[{**GOOD_STORY, "tags": "@"}])
        .replace('"@"', "[" * 50_000 + "]" * 50_000)
        .encode(),
        ["{file}: the JSON is nested too deeply"],
    ),
    "nested table rows": (
        "s.json",
        _export(stories=[GOOD_STORY], notes=[{"a": json.loads("[" * 200 + "]" * 200)}]).encode(),
        ['{file}:18: notes: "notes" is nested more than 64 levels deep'],
    ),
    "duplicate json ids": (
        "s.json",
        _export(stories=[GOOD_STORY, {**GOOD_STORY, "title": "Again"}]).encode(),
        ["{file}:", "story #2 ('oncall-rotation') reuses the id of story #1"],
    ),
    "duplicate markdown ids": (
        "s.md",
        (GOOD_MD + "\n" + GOOD_MD.replace("Untangling", "Redoing")).encode(),
        ["{file}:17: id: id 'oncall-rotation' is used twice in this file (first at line 2)"],
    ),
    "id already in the bank": (
        "s.md",
        GOOD_MD.replace("id: oncall-rotation", "id: flash-sale-incident").encode(),
        ["{file}:1: id: story 'flash-sale-incident' is already in the bank", "--replace"],
    ),
    "unknown framework line": (
        "s.md",
        GOOD_MD.replace("tpm: ownership", "google: googleyness").encode(),
        ["{file}:3: google: unknown key 'google:'", "tpm:, amazon-lp:"],
    ),
    "unknown competency": (
        "s.md",
        GOOD_MD.replace("tpm: ownership", "tpm: juggling").encode(),
        ["{file}:3:", "'juggling' is not a competency of 'tpm'"],
    ),
    "unknown competency via competencies:": (
        "s.md",
        GOOD_MD.replace("tpm: ownership, program-execution", "competencies: vibes").encode(),
        ["{file}:3: competencies: 'vibes' is not a competency of 'tpm'"],
    ),
    "unknown framework in json": (
        "s.json",
        _export(stories=[{**GOOD_STORY, "competencies": {"google": ["ownership"]}}]).encode(),
        ["{file}:6: competencies: story 'oncall-rotation' is tagged in unknown framework"],
    ),
    "unknown competency in a json question": (
        "s.json",
        _export(
            questions=[{"id": "q", "text": "Why?", "competencies": {"tpm": ["vibes"]}}]
        ).encode(),
        ["{file}:", "question 'q': 'vibes' is not a competency of 'tpm'"],
    ),
    "unknown settings framework": (
        "s.json",
        _export(settings={"framework": "google"}).encode(),
        ["{file}:", "the active framework 'google' is not available"],
    ),
    "newer export": (
        "s.json",
        json.dumps({"format": "storybank", "version": 99}).encode(),
        ["{file}:1: version: this file was written by a newer storybank"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_file_is_refused_with_file_and_line(
    bank: Path, cli: Cli, tmp_path: Path, case: str
) -> None:
    name, content, phrases = CASES[case]
    source = tmp_path / name
    source.write_bytes(content)
    _refused(cli, bank, source, *(p.format(file=source) for p in phrases))


def test_a_bad_drill_row_keeps_the_whole_file_out(bank: Path, cli: Cli, tmp_path: Path) -> None:
    """Stories and drill data of one export go in together or not at all."""
    source = tmp_path / "s.json"
    source.write_text(_export(stories=[GOOD_STORY], cards=[{"id": "recall:oncall-rotation"}]))
    _refused(cli, bank, source, f"{source}", "cards #1")
    with Bank.open(bank, read_only=True) as opened:
        assert not opened.has_story("oncall-rotation")


def test_a_100_megabyte_file_is_refused_before_it_is_read(
    bank: Path, cli: Cli, tmp_path: Path
) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:  # sparse: instant, and takes no disk space
        handle.truncate(100 * 1024 * 1024)
    _refused(
        cli, bank, big, f"{big}: the file is too large to import (100.0 MB; the limit is 50 MB)"
    )


def _peak_memory_mb(argv: list[str], stdin: bytes | Path | None = None) -> tuple[int, str, float]:
    """Run ``storybank ARGV`` in a fresh process; (exit code, stderr, peak RSS in MB)."""
    code = (
        "import resource, sys\n"
        "from storybank.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    handle = stdin.open("rb") if isinstance(stdin, Path) else subprocess.DEVNULL
    try:
        proc = subprocess.run(
            [sys.executable, "-c", code, *argv],
            stdin=handle,
            capture_output=True,
            check=False,
        )
    finally:
        if isinstance(stdin, Path):
            handle.close()  # type: ignore[union-attr]
    err = proc.stderr.decode()
    *message, peak = err.strip().splitlines()
    return proc.returncode, "\n".join(message), int(peak) / 1024


def test_huge_input_never_fills_memory(bank: Path, tmp_path: Path) -> None:
    big = tmp_path / "huge.md"
    with big.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)
    before = bank.read_bytes()
    code, err, baseline = _peak_memory_mb(["--db", str(bank), "list"])
    assert code == 0
    code, err, from_file = _peak_memory_mb(["--db", str(bank), "import", str(big)])
    assert code == EXIT_BAD_INPUT and "too large" in err
    assert from_file < baseline + 20, f"{from_file:.0f} MB for a file that was never read"
    # Standard input cannot be measured first: at most the limit is read, never all of it.
    code, err, from_stdin = _peak_memory_mb(["--db", str(bank), "import", "-"], stdin=big)
    assert code == EXIT_BAD_INPUT and "<stdin>: the input is too large to import" in err
    assert from_stdin < baseline + 2 * MAX_BYTES / 1024 / 1024
    assert bank.read_bytes() == before


def test_stdin_that_is_not_utf8_names_the_line(
    bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = GOOD_MD.replace("Six teams", "Six équipes").encode("latin-1")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    _refused(cli, bank, "-", "<stdin>:8: not UTF-8 text: byte 0xe9")


def test_a_good_file_after_all_that_imports(bank: Path, cli: Cli, tmp_path: Path) -> None:
    """The refusals above are about the files: the same bank takes a good one."""
    source = tmp_path / "good.md"
    source.write_text(GOOD_MD)
    run = cli("--db", bank, "import", source)
    assert run.code == 0 and re.search(r"Imported 1 new", run.out)
