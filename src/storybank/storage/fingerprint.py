"""What a file looked like when it was read: its identity and a digest of its bytes.

A writer that holds the bank in memory checks, just before it replaces the
file, that the file is still the one it read. The identity (device, inode,
size, modification time) changes when the file is replaced or rewritten; the
digest catches a rewrite in place that keeps all of those (a ``cp`` onto the
bank within the file system's timestamp granularity). The digest decides: a
file replaced by a byte-identical copy is not a change that saving would lose.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from storybank.storage.files import read_regular

try:
    # CPython's built-in module, which hashlib offers too: importing hashlib
    # loads OpenSSL, which every command that reads the bank would pay for.
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

Identity = tuple[int, int, int, int]
"""Device, inode, size and modification time (ns) of a file."""


def identity_of(status: os.stat_result) -> Identity:
    """The identity of a file from its status."""
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One state of a file, or its absence (both fields ``None``)."""

    identity: Identity | None
    digest: str | None

    @classmethod
    def of(cls, data: bytes, status: os.stat_result) -> Fingerprint:
        """The fingerprint of ``data`` read from (or written as) a file with ``status``."""
        return cls(identity_of(status), digest(data))

    @property
    def exists(self) -> bool:
        """Whether there was a file."""
        return self.digest is not None

    def same_content(self, other: Fingerprint) -> bool:
        """Whether both are the same bytes (or both are no file)."""
        return self.digest == other.digest


ABSENT = Fingerprint(None, None)
"""No file at the path."""


def digest(data: bytes) -> str:
    """A digest of a file's bytes (not a secret: it only tells versions apart)."""
    return blake2b(data, digest_size=20).hexdigest()


def fingerprint_file(path: Path) -> Fingerprint:
    """The fingerprint of the file at ``path`` now (:data:`ABSENT` if there is none).

    Raises:
        NotRegularFileError: the path is a FIFO, a device or a socket.
        OSError: the file cannot be read.
    """
    try:
        data, status = read_regular(path)
    except FileNotFoundError:
        return ABSENT
    return Fingerprint.of(data, status)
