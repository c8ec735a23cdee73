"""Opening the bank the way every command needs it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from storybank.paths import resolve_bank_path

if TYPE_CHECKING:
    from storybank.storage.repository import Bank


def bank_path(args: argparse.Namespace) -> Path:
    """The bank file chosen by ``--db``, ``$STORYBANK_DB`` or the default."""
    return resolve_bank_path(getattr(args, "db", None))


def open_bank(args: argparse.Namespace, *, write: bool = False) -> Bank:
    """Open the bank; read-only unless the command changes it.

    Damage that does not stop the bank from opening (stories sharing an id)
    is reported on stderr by every command, with the ids and the repair.
    """
    # Deferred import: the full-screen app also needs bank_path, and opens the
    # bank itself after its first frame (the models take ~60 ms to import).
    from storybank.cli.terminal import error
    from storybank.storage.repository import Bank

    bank = Bank.open(bank_path(args), read_only=not write)
    for problem in bank.problems:
        error(f"storybank: warning: {bank.path}: {problem}")
    return bank


def confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal; ``False`` when nobody can answer."""
    if not sys.stdin.isatty():
        return False
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
