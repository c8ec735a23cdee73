"""The core and the CLI never load Textual; only opening the app does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

CORE_MODULES = [
    "storybank.cli",
    "storybank.cli.parser",
    "storybank.cli.stories",
    "storybank.cli.admin",
    "storybank.cli.transfer",
    "storybank.cli.editing",
    "storybank.checks",
    "storybank.core.models",
    "storybank.core.frameworks",
    "storybank.io.markdown",
    "storybank.io.json_format",
    "storybank.storage.repository",
    "storybank.storage.doctor",
    "storybank.transfer",
    "storybank.cli.drills",
    "storybank.cli.match",
    "storybank.cli.questions",
    "storybank.cli.memo",
    "storybank.scheduling",
    "storybank.matching",
]


def _loaded_after(code: str) -> set[str]:
    script = textwrap.dedent(code) + "\nimport sys; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_cli_command_run_does_not_import_textual(tmp_path: object) -> None:
    loaded = _loaded_after(
        f"""
        from storybank.cli import main
        main(["--db", r"{tmp_path}/bank.json", "init", "--sample"])
        main(["--db", r"{tmp_path}/bank.json", "list"])
        main(["--db", r"{tmp_path}/bank.json", "check"])
        """
    )
    assert "textual" not in loaded
    assert "rich" not in loaded


def test_listing_does_not_load_the_scheduler_or_matcher(tmp_path: object) -> None:
    loaded = _loaded_after(
        f"""
        from storybank.cli import main
        main(["--db", r"{tmp_path}/bank.json", "init"])
        main(["--db", r"{tmp_path}/bank.json", "list"])
        """
    )
    assert "fsrs" not in loaded
    assert "storybank.matching" not in loaded
