"""The drills at a glance, kept between runs of ``storybank due``.

Vouching for a bank (:func:`~storybank.scheduling.glance.vouch`) parses the
bank file and checks every story, card and interview: on a bank of 300
stories that is most of a ``storybank due``, which people run on every shell
prompt. What vouching leaves depends only on the bank file's bytes, the
record of unfitted stories beside it, the framework files and the storybank
version, so it is kept in the user cache folder under a digest of exactly
those and used only when every one of them is byte-for-byte the same. The
review log is not among them: whether its last line calls for a repair is
read each time, as on the full way
(:func:`~storybank.scheduling.glance.from_vouched`).

A kept glance feeds counts and the time of the next card, nothing that is
printed as text. It is written like the CLI's memos (a header with the digest
and a checksum of the body); one that is not exactly as written (garbled, cut
short, from another version) is passed over and written again.
``STORYBANK_NO_CACHE=1`` turns this off.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from storybank.errors import StorybankError
from storybank.scheduling import question_choice
from storybank.scheduling.glance import DrillsGlance, Vouched, from_vouched, vouch
from storybank.storage.bank_file import decode_bank, read_bank_file
from storybank.storage.cache_files import (
    cache_file,
    decode_kept,
    disabled,
    encode_kept,
    inputs_digest,
)
from storybank.storage.snapshot import take_snapshot

KIND = "due"
"""The cache file's kind (see :func:`~storybank.storage.cache_files.cache_file`)."""
FORMAT = 2
"""Bumped whenever what a kept glance holds changes shape (2: the kept-file format
of :mod:`~storybank.storage.cache_files`, with a checksum of the body)."""


def glance_bank(path: Path) -> DrillsGlance | None:
    """The drills of the bank at ``path`` at a glance, or ``None`` to open them the full way.

    The same answer as :func:`~storybank.scheduling.glance.glance_drills` of
    a fresh snapshot, from the kept glance when the inputs are unchanged.
    """
    try:
        real = path.resolve() if path.exists() else path
        raw = read_bank_file(real)
    except (StorybankError, OSError):
        return None
    key = None if disabled() else _key(path, raw)
    kept = None if key is None else cache_file(KIND, path)
    if kept is not None and key is not None:
        vouched = _read(kept, key)
        if vouched is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
                return from_vouched(vouched, path)
    try:
        snapshot = take_snapshot(path, decode_bank(raw, real), frameworks=False)
    except (StorybankError, ValueError):
        return None
    vouched = None if snapshot is None else vouch(snapshot)
    if vouched is None:
        return None
    if kept is not None and key is not None:
        _write(kept, key, vouched)
    return from_vouched(vouched, path)


def _key(path: Path, raw: bytes) -> str | None:
    """The digest of every input of a glance, or ``None`` if one cannot be read."""
    try:
        record: bytes | None = question_choice.record_path(path).read_bytes()
    except FileNotFoundError:
        record = None
    except OSError:
        return None
    return inputs_digest(path, raw, FORMAT, record)


def _read(kept: Path, key: str) -> Vouched | None:
    """The glance kept under ``key``; ``None`` if there is none or it is not exactly that."""
    try:
        return decode_kept(kept.read_bytes(), key)
    except OSError:
        return None


def _write(kept: Path, key: str, vouched: Vouched) -> None:
    """Keep ``vouched`` under ``key``, owner-only; a cache that cannot be written is not kept."""
    from storybank.storage.files import atomic_write

    with contextlib.suppress(StorybankError, OSError):
        atomic_write(kept, encode_kept(key, vouched, FORMAT))
