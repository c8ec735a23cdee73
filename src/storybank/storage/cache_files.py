"""Where results kept between runs live, and what they are keyed by.

The CLI's memos (:mod:`storybank.cli.memo`) and the app's first-look scores
(:mod:`storybank.tui.first_look`) keep results in the user cache folder, one
file per bank and kind, and use one only for exactly the inputs it was
computed from: the bank's bytes or a story's document, the framework files
(built-in and the user's), and the storybank version. This module names
those files, makes the digest of a bank's inputs and writes and reads the
kept files; ``STORYBANK_NO_CACHE=1`` turns every such cache off.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.paths import frameworks_dir, user_cache_dir
from storybank.resources import data_dir

try:
    # CPython's built-in module, which hashlib offers too: importing hashlib
    # loads OpenSSL, about a twentieth of a `storybank list` from its memo.
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

ENV_NO_CACHE = "STORYBANK_NO_CACHE"

__all__ = [
    "ENV_NO_CACHE",
    "blake2b",
    "cache_file",
    "decode_kept",
    "disabled",
    "encode_kept",
    "framework_digest",
    "framework_files",
    "inputs_digest",
]


def disabled() -> bool:
    """Whether the user turned caches off (``STORYBANK_NO_CACHE=1``)."""
    value = os.environ.get(ENV_NO_CACHE, "").strip().lower()
    return value not in ("", "0", "false", "no", "off")


def framework_files(bank: Path) -> list[Path]:
    """Every framework file the bank's checks and matcher read: built-in ones, then the user's."""
    files: list[Path] = []
    for folder in (data_dir() / "frameworks", frameworks_dir(bank)):
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    return files


def framework_digest(bank: Path, digest: blake2b) -> bool:
    """Add every framework file's path and bytes to ``digest``; ``False`` if one cannot be read."""
    from storybank.errors import StorybankError
    from storybank.storage.files import read_regular

    for path in framework_files(bank):
        try:
            content = read_regular(path)[0]  # never waits on a FIFO
        except (OSError, StorybankError):
            return False
        digest.update(b"\0" + os.fsencode(path) + b"\0" + content)
    return True


def cache_file(kind: str, bank: Path) -> Path:
    """Where the cache of kind ``kind`` (lowercase letters) of this bank lives."""
    from storybank.storage.files import real_path

    # fsencode: a path need not be valid UTF-8 (a Latin-1 file name, say).
    where = blake2b(os.fsencode(real_path(bank)), digest_size=10).hexdigest()
    return user_cache_dir() / f"{kind}-{where}.json"


def inputs_digest(bank: Path, data: bytes, version: int, *extra: bytes | None) -> str | None:
    """A digest of what a result kept for a bank depends on.

    That is the bank file's bytes ``data``, storybank's version and the kept
    file's own ``version``, the framework files, and each of ``extra`` (the
    bytes of another file read beside the bank, or ``None`` when it is absent).
    ``None`` when a framework file cannot be read: the full path then reports it.
    """
    digest = blake2b(data, digest_size=20)
    digest.update(f"\0{__version__}\0{version}".encode())
    for part in extra:
        digest.update(b"\0" if part is None else b"\1" + part)
    return digest.hexdigest() if framework_digest(bank, digest) else None


def _body_digest(body: bytes) -> str:
    return blake2b(body, digest_size=20).hexdigest()


def encode_kept(inputs: str, value: Mapping[str, Any], version: int) -> bytes:
    """A kept file: a header line (inputs and a checksum of the body), then the body line.

    ``inputs`` is what the file is keyed by (:func:`inputs_digest`).
    """
    # Compact JSON escapes every newline inside strings, so the body is one line.
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"format": version, "inputs": inputs, "body": _body_digest(body)})
    return head.encode("ascii") + b"\n" + body + b"\n"


def decode_kept(raw: bytes, inputs: str) -> dict[str, Any] | None:
    """The value of a kept file written for ``inputs``; ``None`` if it is not exactly that."""
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
