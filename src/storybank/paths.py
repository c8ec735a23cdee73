"""Where the bank lives: ``--db``, then ``$STORYBANK_DB``, then the user data dir.

Nothing here creates a directory; storage does that when it first writes.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_DB = "STORYBANK_DB"
BANK_FILENAME = "bank.json"


def default_data_dir() -> Path:
    """The platform's user data directory for storybank."""
    # Deferred import: platformdirs is only needed when no path was given.
    from platformdirs import user_data_dir

    return Path(user_data_dir("storybank", appauthor=False))


def resolve_bank_path(cli_value: str | None = None) -> Path:
    """The bank file to use, from the CLI flag, the environment, or the default."""
    raw = cli_value or os.environ.get(ENV_DB)
    if raw:
        return Path(raw).expanduser()
    return default_data_dir() / BANK_FILENAME


def backups_dir(bank: Path) -> Path:
    """The folder beside the bank that holds its rotating backups."""
    return bank.parent / "backups"


def frameworks_dir(bank: Path) -> Path:
    """The folder beside the bank where a user adds framework files."""
    return bank.parent / "frameworks"


def drafts_dir(bank: Path) -> Path:
    """The folder beside the bank where stories that could not be saved are kept as Markdown."""
    return bank.parent / "drafts"
