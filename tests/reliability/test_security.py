"""Security basics: owner-only files and folders, no code execution from data, no shell.

File modes are checked with the umask cleared, so they come from storybank
itself and not from a careful environment.
"""

from __future__ import annotations

import ast
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from factories import Run, make_story
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank

Cli = Callable[..., Run]

SRC = Path(__file__).resolve().parents[2] / "src" / "storybank"


@pytest.fixture
def no_umask() -> Iterator[None]:
    """Clear the umask: every mode checked below is one storybank chose."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("no_umask")
def test_everything_storybank_creates_is_owner_only(tmp_path: Path, cli: Cli) -> None:
    bank = tmp_path / "new" / "nested" / "bank.json"
    assert cli("--db", bank, "init", "--sample").code == 0
    assert cli("--db", bank, "config", "drill-timer", "90").code == 0  # backup + rewrite
    assert cli("--db", bank, "rm", "flash-sale-incident", "--yes").code == 0
    exported = tmp_path / "exports" / "bank.md"
    assert cli("--db", bank, "export", "-o", exported).code == 0
    assert cli("--db", bank, "export", "--format", "json", "-o", tmp_path / "b.json").code == 0
    assert cli("--db", bank, "doctor", "--restore", "1", "--yes").code == 0
    files = [
        bank,
        bank.with_name("bank.json.lock"),
        exported,
        tmp_path / "b.json",
        *(b.path for b in list_backups(bank)),
    ]
    assert len(list_backups(bank)) >= 3
    for path in files:
        assert _mode(path) == 0o600, f"{path} is {_mode(path):o}"
    for folder in (tmp_path / "new", tmp_path / "new" / "nested", bank.parent / "backups"):
        assert _mode(folder) == 0o700, f"{folder} is {_mode(folder):o}"
    assert _mode(exported.parent) == 0o700


@pytest.mark.usefixtures("no_umask")
def test_memos_of_story_text_are_owner_only(tmp_path: Path, cli: Cli) -> None:
    bank = tmp_path / "bank.json"
    assert cli("--db", bank, "init", "--sample").code == 0
    assert cli("--db", bank, "list").code == 0
    assert cli("--db", bank, "match", "a conflict with a peer").code == 0
    memos = sorted((tmp_path / "xdg-cache").rglob("*.json"))
    assert [m.name.split("-")[0] for m in memos] == ["list", "match"]
    assert "Settling a fight" in memos[1].read_text(encoding="utf-8")  # story text inside
    for path in memos:
        assert _mode(path) == 0o600, f"{path} is {_mode(path):o}"
        assert _mode(path.parent) == 0o700, f"{path.parent} is {_mode(path.parent):o}"


@pytest.mark.usefixtures("no_umask")
def test_a_bank_made_readable_by_others_is_tightened_on_the_next_save(
    empty_bank: Path, cli: Cli
) -> None:
    empty_bank.chmod(0o644)
    report = cli("--db", empty_bank, "doctor")
    assert report.code == 2 and "readable by others (mode 644)" in report.out
    assert cli("--db", empty_bank, "config", "drill-timer", "90").code == 0
    assert _mode(empty_bank) == 0o600


@pytest.mark.usefixtures("no_umask")
def test_drafts_and_review_log_are_owner_only(empty_bank: Path, cli: Cli, tmp_path: Path) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\nopen(sys.argv[1], 'a').write('\\ntpm: juggling\\n')\n")
    os.environ["EDITOR"] = f"{sys.executable} {editor}"
    try:
        run = cli("--db", empty_bank, "new")  # an invalid draft is kept in drafts/
    finally:
        del os.environ["EDITOR"]
    assert run.code == 2
    drafts = empty_bank.parent / "drafts"
    assert _mode(drafts) == 0o700
    assert [_mode(p) for p in drafts.iterdir()] == [0o600]
    service = pytest.importorskip("storybank.scheduling.drills")
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
        drills = service.Drills(bank, fuzz=False)
        card = next(c for c in drills.deck.cards() if c.active)
        drills.ledger.review(card.id, 3)
        drills.close()
    logs = list(empty_bank.parent.glob("*.reviews*.jsonl"))
    assert logs and all(_mode(p) == 0o600 for p in logs)


# -- nothing executes data ---------------------------------------------------------------

FORBIDDEN_TEXT = re.compile(
    r"\bimport\s+(pickle|cPickle|dill|shelve|marshal|jsonpickle)\b"
    r"|\bpickle\.|\byaml\.(load|unsafe_load|full_load)\b"
    r"|(?<![\w.])eval\(|(?<![\w.])exec\(|\bshell\s*=\s*True\b|\bos\.system\(|\bos\.popen\("
)
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "shelve", "marshal", "jsonpickle", "yaml"}
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRIBUTES = {("os", "system"), ("os", "popen")} | {
    ("os", name) for name in dir(os) if name.startswith(("exec", "spawn"))
}


def _sources() -> list[Path]:
    found = sorted(SRC.rglob("*.py"))
    assert len(found) > 20, "the source tree was not found"
    return found


def test_no_source_line_unpickles_evaluates_or_runs_a_shell() -> None:
    hits = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN_TEXT.search(line)
    ]
    assert hits == []


def test_no_code_path_unpickles_evaluates_or_runs_a_shell() -> None:
    """The same rule on the syntax tree, so aliases and odd spacing cannot hide a call."""
    problems: list[str] = []
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        where = path.relative_to(SRC)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                if isinstance(node, ast.ImportFrom) and node.module:
                    names.append(node.module)
                for name in names:
                    if name.split(".")[0] in FORBIDDEN_MODULES:
                        problems.append(f"{where}:{node.lineno}: imports {name}")
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                    problems.append(f"{where}:{node.lineno}: calls {func.id}()")
                if (
                    isinstance(func, ast.Attribute)
                    and isinstance(func.value, ast.Name)
                    and (func.value.id, func.attr) in FORBIDDEN_ATTRIBUTES
                ):
                    problems.append(f"{where}:{node.lineno}: calls os.{func.attr}()")
                for keyword in node.keywords:
                    if keyword.arg == "shell" and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False
                    ):
                        problems.append(f"{where}:{node.lineno}: passes shell=")
    assert problems == []


# -- $EDITOR runs without a shell ------------------------------------------------------------

INJECTIONS = [
    "true; touch {marker}",
    "true && touch {marker}",
    "true | touch {marker}",
    "$(touch {marker})",
    "`touch {marker}`",
    "true\ntouch {marker}",
    "true > {marker}",
]


@pytest.mark.parametrize("variable", ["EDITOR", "VISUAL"])
@pytest.mark.parametrize("value", INJECTIONS)
def test_editor_value_is_never_given_to_a_shell(
    empty_bank: Path,
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    variable: str,
    value: str,
) -> None:
    marker = tmp_path / "injected"
    monkeypatch.setenv(variable, value.format(marker=marker))
    before = empty_bank.read_bytes()
    for command in (["new"], ["edit", "billing-ledger"]):
        if command[0] == "edit":
            with Bank.open(empty_bank) as bank:
                bank.save_story(make_story())
            before = empty_bank.read_bytes()
        run = cli("--db", empty_bank, *command)
        assert not marker.exists(), f"{variable}={value!r} ran a shell"
        # The first word is run as a program with the rest as its arguments: either it
        # does not exist, or it is `true`, which leaves the draft as it was.
        assert (run.code, "was not found" in run.err) == (2, True) or (
            run.code == 0 and "nothing saved" in run.out
        ), run
        assert empty_bank.read_bytes() == before


def test_an_editor_path_with_spaces_and_quotes_works(
    empty_bank: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Words are split like a shell would, but nothing else a shell does happens."""
    folder = tmp_path / "my editors; $(rm -rf ~)"
    folder.mkdir()
    script = folder / "it's an editor.py"
    script.write_text("import sys\nprint('edited', sys.argv[1:])\n")
    monkeypatch.setenv("EDITOR", f'{sys.executable} "{script}" --flag')
    run = cli("--db", empty_bank, "new")
    assert run.code == 0 and "nothing saved" in run.out
