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
import re
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.paths import frameworks_dir
from storybank.resources import data_dir

MEMO_FORMAT = 3
"""Bumped whenever what a memo holds changes shape."""
ENV_NO_CACHE = "STORYBANK_NO_CACHE"
STALE_AFTER_DAYS = 60
"""Memos nobody has rewritten for this long (a bank moved or deleted) are removed."""

Memo = dict[str, Any]
_MEMO_NAME = re.compile(r"(?:list|match)-[0-9a-f]{20}\.json")


def disabled() -> bool:
    """Whether the user turned memos off (``STORYBANK_NO_CACHE=1``)."""
    value = os.environ.get(ENV_NO_CACHE, "").strip().lower()
    return value not in ("", "0", "false", "no", "off")


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


def inputs_digest(bank: Path, data: bytes) -> str | None:
    """A digest of everything a bank's listing or lookup depends on.

    ``None`` when a framework file cannot be read: the full path then reports it.
    """
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(f"\0{__version__}\0{MEMO_FORMAT}".encode())
    for path in _framework_files(bank):
        try:
            content = path.read_bytes()
        except OSError:
            return None
        digest.update(b"\0" + os.fsencode(path) + b"\0" + content)
    return digest.hexdigest()


def memo_path(kind: str, bank: Path) -> Path:
    """Where the ``kind`` memo of this bank lives."""
    from platformdirs import user_cache_dir

    # fsencode: a path need not be valid UTF-8 (a Latin-1 file name, say).
    where = hashlib.blake2b(os.fsencode(bank.resolve()), digest_size=10).hexdigest()
    return Path(user_cache_dir("storybank", appauthor=False)) / f"{kind}-{where}.json"


def _body_digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=20).hexdigest()


def encode(inputs: str, value: Memo) -> bytes:
    """A memo file: a header line (inputs and a checksum of the body), then the body line."""
    # Compact JSON escapes every newline inside strings, so the body is one line.
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"format": MEMO_FORMAT, "inputs": inputs, "body": _body_digest(body)})
    return head.encode("ascii") + b"\n" + body + b"\n"


def decode(raw: bytes, inputs: str) -> Memo | None:
    """The value of a memo file written for ``inputs``; ``None`` if it is not exactly that."""
    head_line, _, rest = raw.partition(b"\n")
    body = rest.removesuffix(b"\n")
    try:
        head = json.loads(head_line)
        if not isinstance(head, dict) or head.get("inputs") != inputs:
            return None
        if head.get("body") != _body_digest(body):
            return None  # damaged or altered since it was written
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _prune(folder: Path) -> None:
    """Remove memos of banks that have not been used for :data:`STALE_AFTER_DAYS`."""
    import time

    oldest = time.time() - STALE_AFTER_DAYS * 86_400
    for path in folder.iterdir():
        # Only files named exactly as memo_path() names them: the folder could
        # be shared with anything (even the data folder, if so configured).
        if _MEMO_NAME.fullmatch(path.name) is None:
            continue
        with contextlib.suppress(OSError):
            if path.stat().st_mtime < oldest:
                path.unlink()


class Inputs:
    """The inputs of one run against a bank: read once, compared again at the end."""

    def __init__(self, bank: Path) -> None:
        self.bank = bank
        self.data = read_bank_bytes(bank)
        self.digest = (
            inputs_digest(bank, self.data) if self.data is not None and not disabled() else None
        )

    def recall(self, kind: str) -> Memo | None:
        """The ``kind`` memo written for exactly these inputs, if there is one."""
        if self.digest is None:
            return None
        try:
            path = memo_path(kind, self.bank)
            raw = path.read_bytes()
        except (OSError, ValueError):
            return None
        value = decode(raw, self.digest)
        if value is not None:
            # In use: keep it from being pruned as a memo of a forgotten bank.
            with contextlib.suppress(OSError):
                os.utime(path)
        return value

    def unchanged(self) -> bool:
        """Whether the bank and framework files are still what they were at the start."""
        data = read_bank_bytes(self.bank)
        return data is not None and inputs_digest(self.bank, data) == self.digest

    def keep(self, kind: str, value: Memo) -> None:
        """Remember ``value``, unless an input changed while it was being computed.

        Best effort: a memo never fails a command.
        """
        from storybank.storage.files import atomic_write

        if self.digest is None or not self.unchanged():
            return
        with contextlib.suppress(Exception):
            path = memo_path(kind, self.bank)
            atomic_write(path, encode(self.digest, value))
            _prune(path.parent)


def refresh(bank: Path) -> None:
    """Bring the memos up to date after a command changed the bank.

    Called while the models are already loaded, so that the next ``match``
    (and ``list``, once the user has listed this bank) from the shell starts
    fast instead of paying for validation.
    Best effort: whatever goes wrong, the command that changed the bank has
    already succeeded, and the next ``list`` or ``match`` takes the full path.
    """
    # Ctrl-C here must not turn a change that was made into a reported failure.
    with contextlib.suppress(Exception, KeyboardInterrupt):
        _refresh(bank)


def _refresh(bank: Path) -> None:
    from storybank.cli.listing import MEMO_KIND as LIST_KIND
    from storybank.cli.listing import listing_of
    from storybank.cli.match import MEMO_KIND as MATCH_KIND
    from storybank.cli.match import lookup_data
    from storybank.storage.repository import Bank

    inputs = Inputs(bank)
    if inputs.digest is None:
        return
    with Bank.open(bank, read_only=True) as opened:
        inputs.keep(MATCH_KIND, lookup_data(opened))
        # The listing runs every check on every story (about 0.25 ms a story),
        # so it is only kept up to date for someone who lists.
        if memo_path(LIST_KIND, bank).exists():
            inputs.keep(LIST_KIND, listing_of(opened))


def file_identity(path: Path) -> tuple[int, int, int] | None:
    """What changes whenever the file is replaced or rewritten (``None`` if absent)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
