"""Memos that let one-off commands skip validating a bank they have seen before.

``storybank list`` and ``storybank match`` are run from the shell, often many
times against the same bank. Most of their start-up goes to importing and
building the pydantic models that validate the bank. What they compute
depends only on the bank file's bytes, the framework files (the user's and the
built-in ones) and the storybank version, so each command keeps its result,
or the validated data it needs, in the user cache folder under a digest of
exactly those inputs.

A memo is used only when every input is byte-for-byte what it was when the
memo was written; anything else (an edit, a damaged or missing bank, an
upgrade, a garbled memo) takes the full path, which reports problems as
usual. ``STORYBANK_NO_CACHE=1`` turns memos off.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.paths import frameworks_dir
from storybank.resources import data_dir

MEMO_FORMAT = 2
"""Bumped whenever what a memo holds changes shape."""
ENV_NO_CACHE = "STORYBANK_NO_CACHE"

Memo = dict[str, Any]


def disabled() -> bool:
    """Whether the user turned memos off."""
    return bool(os.environ.get(ENV_NO_CACHE))


def read_bank_bytes(bank: Path) -> bytes | None:
    """The bank file's bytes, or ``None`` (the full path then says what is wrong)."""
    try:
        return bank.read_bytes()
    except OSError:
        return None


def _framework_files(bank: Path) -> list[Path]:
    files: list[Path] = []
    for folder in (data_dir() / "frameworks", frameworks_dir(bank)):
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    return files


def inputs_digest(bank: Path, data: bytes) -> str:
    """A digest of everything a bank's listing or lookup depends on."""
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(f"\0{__version__}\0{MEMO_FORMAT}".encode())
    for path in _framework_files(bank):
        with contextlib.suppress(OSError):
            digest.update(b"\0" + str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def memo_path(kind: str, bank: Path) -> Path:
    """Where the ``kind`` memo of this bank lives."""
    from platformdirs import user_cache_dir

    where = hashlib.blake2b(str(bank.resolve()).encode(), digest_size=10).hexdigest()
    return Path(user_cache_dir("storybank", appauthor=False)) / f"{kind}-{where}.json"


def recall(kind: str, bank: Path, inputs: str) -> Memo | None:
    """The ``kind`` memo written for exactly these inputs, if there is one."""
    try:
        memo = json.loads(memo_path(kind, bank).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(memo, dict) or memo.get("inputs") != inputs:
        return None
    value = memo.get("value")
    return value if isinstance(value, dict) else None


def keep(kind: str, bank: Path, inputs: str, value: Memo) -> None:
    """Write the ``kind`` memo for these inputs (best effort: a memo never fails a command)."""
    from storybank.storage.files import atomic_write

    memo = {"inputs": inputs, "value": value}
    with contextlib.suppress(Exception):
        atomic_write(memo_path(kind, bank), json.dumps(memo, ensure_ascii=False).encode("utf-8"))


class Inputs:
    """The inputs of one run against a bank: read once, compared again at the end."""

    def __init__(self, bank: Path) -> None:
        self.bank = bank
        self.data = read_bank_bytes(bank)
        self.digest = (
            inputs_digest(bank, self.data) if self.data is not None and not disabled() else None
        )

    def recall(self, kind: str) -> Memo | None:
        """The memo of ``kind`` for these inputs, if any."""
        return recall(kind, self.bank, self.digest) if self.digest is not None else None

    def keep(self, kind: str, value: Memo) -> None:
        """Remember ``value``, unless the bank changed while it was being computed."""
        if self.digest is not None and read_bank_bytes(self.bank) == self.data:
            keep(kind, self.bank, self.digest, value)


def refresh(bank: Path) -> None:
    """Bring both memos up to date after a command changed the bank.

    Called while the models are already loaded, so that the next ``list`` and
    ``match`` from the shell start fast instead of paying for validation.
    Best effort: whatever goes wrong, the command that changed the bank has
    already succeeded, and the next ``list`` or ``match`` takes the full path.
    """
    from storybank.cli.listing import MEMO_KIND as LIST_KIND
    from storybank.cli.listing import listing_of
    from storybank.cli.match import MEMO_KIND as MATCH_KIND
    from storybank.cli.match import lookup_data
    from storybank.storage.repository import Bank

    inputs = Inputs(bank)
    if inputs.digest is None:
        return
    with contextlib.suppress(Exception), Bank.open(bank, read_only=True) as opened:
        inputs.keep(MATCH_KIND, lookup_data(opened))
        inputs.keep(LIST_KIND, listing_of(opened))


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or rewritten (``None`` if absent)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
