"""Where results kept between runs live, and what they are keyed by.

The CLI's memos (:mod:`storybank.cli.memo`) and the app's first-look scores
(:mod:`storybank.tui.first_look`) keep results in the user cache folder, one
file per bank and kind, and use one only for exactly the inputs it was
computed from: the bank's bytes or a story's document, the framework files
(built-in and the user's), and the storybank version. This module names
those files and reads the framework files' bytes; ``STORYBANK_NO_CACHE=1``
turns every such cache off.
"""

from __future__ import annotations

import os
from pathlib import Path

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
    "disabled",
    "framework_digest",
    "framework_files",
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
