"""Reading a bank file: its bytes, with a specific error for each way it can be unreadable,
and its tables, shape-checked.

Apart from :mod:`~storybank.storage.atomic_storage` so that what only reads a
bank (the app's claim, the snapshots of ``due``, ``list`` and ``match``) need
not import TinyDB.
"""

from __future__ import annotations

import errno
import json
import re
from functools import cache
from pathlib import Path

from storybank.errors import DamagedBankError, StorybankError
from storybank.storage import migrations
from storybank.storage.files import read_regular, refuse_folder
from storybank.storage.fingerprint import Fingerprint
from storybank.storage.migrations import RawData

BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte-order mark some editors put at the start of a file."""


@cache
def _cut_short_pattern() -> re.Pattern[str]:
    """What can follow the point where the JSON parser gave up when a file was cut
    short: nothing, a string still open (perhaps mid-escape), or half a number or
    literal. Compiled on first use: only a damaged file needs it, and every command
    that reads the bank imports this module."""
    return re.compile(
        r"""\s*(?:
            "(?:[^"\\]|\\.)*(?:\\u[0-9a-fA-F]{0,3}|\\)?   # an open string
            | u[0-9a-fA-F]{0,4}                           # inside a \\u escape
            | -?[0-9]*\.?[0-9]*(?:[eE][-+]?[0-9]*)?        # a number
            | t|tr|tru|f|fa|fal|fals|n|nu|nul             # a literal
        )""",
        re.VERBOSE,
    )


def _cut_short(text: str, position: int) -> bool:
    """Whether the JSON error at ``position`` is only the end of the text coming too early."""
    return _cut_short_pattern().fullmatch(text, position) is not None


def decode_bank(raw: bytes, path: Path) -> RawData:
    """Parse and shape-check the bytes of a bank file.

    Raises:
        DamagedBankError: empty, not UTF-8, not JSON (e.g. truncated), wrong
            shape, or written by a newer storybank.
    """
    if not raw.strip():
        raise DamagedBankError(path, "the file is empty" if not raw else "the file is blank")
    if raw.startswith(BOM):
        raise StorybankError(
            "cannot open the bank: it starts with a byte-order mark (an invisible marker some "
            "editors add), which is not valid in a bank file; the file was left as it is",
            file=path,
            hint="storybank can remove it: run `storybank doctor --repair` "
            "(with the same --db); a backup is taken first",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise DamagedBankError(
                path, "it ends in the middle of a character (it looks truncated)"
            ) from None
        raise DamagedBankError(
            path, f"it is not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (it looks truncated)" if _cut_short(text, exc.pos) else ""
        raise DamagedBankError(
            path, f"it is not valid JSON at line {exc.lineno}, column {exc.colno}{hint}"
        ) from None
    except RecursionError:
        raise DamagedBankError(path, "its JSON is nested too deeply") from None
    if not isinstance(data, dict):
        raise DamagedBankError(
            path, f"expected a JSON object of tables, found {type(data).__name__}"
        )
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedBankError(path, f"table {name!r} is not a table of documents")
    version = migrations.schema_version_of(data)
    if version is None:
        raise DamagedBankError(path, "it has no schema_version, so it is not a storybank bank")
    if version > migrations.SCHEMA_VERSION:
        raise StorybankError(
            f"the bank was written by a newer storybank (schema {version}; this version "
            f"reads up to {migrations.SCHEMA_VERSION}); the file was left as it is",
            file=path,
            hint="upgrade storybank (pip install -U storybank), or run `storybank doctor` "
            "to restore an older backup",
        )
    return data


def encode_bank(data: RawData) -> bytes:
    """Serialise bank data as compact UTF-8 JSON."""
    return compact_json(data)


def compact_json(value: object) -> bytes:
    """Any JSON value as :func:`encode_bank` writes it (a table of a bank, a key)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def read_bank_file(path: Path, shown: Path | None = None) -> bytes:
    """The raw bytes of a bank file, with a specific error for each way it can be unreadable.

    Raises:
        StorybankError: missing, a directory, a FIFO or a device, a dangling
            symlink, unreadable.
    """
    return read_bank(path, shown)[0]


def read_bank(path: Path, shown: Path | None = None) -> tuple[bytes, Fingerprint]:
    """The raw bytes of a bank file and its fingerprint (see :func:`read_bank_file`).

    Args:
        path: The file to read.
        shown: How messages name it (the name the user gave); ``path`` if not given.
    """
    shown = path if shown is None else shown
    if path.is_symlink() and not path.exists():
        try:
            path.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise DamagedBankError(
                    shown, "it is a symbolic link that points back to itself (a loop)"
                ) from None
        raise DamagedBankError(
            shown, f"it is a symbolic link to {path.readlink()}, which is missing"
        )
    refuse_folder(shown)  # named as the user named it
    refuse_folder(path)
    try:
        data, _ = read_regular(path)
    except FileNotFoundError:
        raise StorybankError(
            "there is no bank here yet",
            file=shown,
            hint="run `storybank init` to create it (or `storybank init --sample`)",
        ) from None
    except PermissionError:
        raise StorybankError(
            "cannot read the bank: permission denied",
            file=shown,
            hint="make it readable by you (chmod 600 FILE) or run storybank as its owner",
        ) from None
    except OSError as exc:
        raise StorybankError(f"cannot read the bank: {exc.strerror}", file=shown) from None
    except StorybankError as exc:
        exc.file = str(shown)
        raise
    return data, Fingerprint(data)
