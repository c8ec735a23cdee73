"""What a file held when it was read: its bytes, or that there was no file.

A writer that holds the bank in memory checks, just before it replaces the
file, that the file is still the one it read. Comparing the bytes themselves
catches every change, including a rewrite in place that keeps the size and
the modification time (a ``cp`` onto the bank within the file system's
timestamp granularity), and costs less than a digest: two banks of different
sizes differ at once, and equal sizes are one memory compare. A file replaced
by a byte-identical copy is not a change that saving would lose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from storybank.storage.files import read_regular


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One state of a file: the bytes it held, or ``None`` for no file."""

    content: bytes | None

    @property
    def exists(self) -> bool:
        """Whether there was a file."""
        return self.content is not None

    def same_content(self, other: Fingerprint) -> bool:
        """Whether both are the same bytes (or both are no file)."""
        return self.content == other.content


ABSENT = Fingerprint(None)
"""No file at the path."""


def fingerprint_file(path: Path) -> Fingerprint:
    """The fingerprint of the file at ``path`` now (:data:`ABSENT` if there is none).

    Raises:
        NotRegularFileError: the path is a FIFO, a device or a socket.
        OSError: the file cannot be read.
    """
    try:
        data, _ = read_regular(path)
    except FileNotFoundError:
        return ABSENT
    return Fingerprint(data)
