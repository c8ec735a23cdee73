"""Where the bank lives: ``--db``, then ``$STORYBANK_DB``, then the user data dir.

Nothing here creates a directory; storage does that when it first writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_DB = "STORYBANK_DB"
BANK_FILENAME = "bank.json"


APP_NAME = "storybank"


def default_data_dir() -> Path:
    """The platform's user data directory for storybank."""
    # Deferred import: platformdirs is only needed when no path was given.
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    """The platform's user cache directory for storybank.

    On Linux the XDG rule is read directly (an absolute ``$XDG_CACHE_HOME``,
    else ``~/.cache``): importing ``platformdirs`` costs about a twentieth of a
    ``storybank due`` run from a shell prompt. Other platforms ask
    ``platformdirs``. Only caches live here, so a folder that differs from
    another tool's costs a rebuilt cache, never a lost file.
    """
    if sys.platform == "linux" and "ANDROID_DATA" not in os.environ:
        root = os.environ.get("XDG_CACHE_HOME", "")
        base = root if os.path.isabs(root) else os.path.expanduser("~/.cache")
        return Path(base) / APP_NAME
    from platformdirs import user_cache_dir as platform_cache_dir

    return Path(platform_cache_dir(APP_NAME, appauthor=False))


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
