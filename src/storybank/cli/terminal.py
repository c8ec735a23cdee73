"""Printing for the CLI: user text is made inert before it reaches a terminal.

A story can contain anything, including ANSI escape sequences or other control
characters that would recolour, retitle or clear the user's terminal. Every
piece of user text the CLI prints goes through :func:`inert`; and whatever a
command prints, from the bank, a memo, an imported file, a framework file or
a path, passes :class:`InertStream` on its way out (:func:`inert_output`), so
nothing that was missed can reach the terminal raw. Only ``export`` writes
exact bytes (:func:`write_exact`), and only when its output is not a terminal.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

# C0 and C1 controls except tab and newline, plus DEL; bidi overrides too, since
# they can make a printed line read differently from what it contains.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    return (
        f"\\x{ord(match.group()):02x}"
        if ord(match.group()) < 0x100
        else (f"\\u{ord(match.group()):04x}")
    )


def tolerate_unencodable_output() -> None:
    """Print what the terminal's encoding cannot hold as escapes instead of failing.

    A file name need not be valid UTF-8 (Python then holds its stray bytes as
    lone surrogates), and such a path appears in messages; by default printing
    it would end the command with a traceback after its work was done.
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def inert(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b``-style escapes."""
    return _UNSAFE.sub(_visible, text)


# What json.dumps(ensure_ascii=False) leaves raw but a terminal may act on: C1
# controls (U+009B is CSI), DEL, bidi overrides and the Unicode line separators.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any, **kwargs: Any) -> str:
    """``data`` as JSON that is safe to print on a terminal and parses back to the same data.

    Like ``json.dumps(data, ensure_ascii=False, **kwargs)`` (readable non-English
    text), but every character a terminal could act on is written as a
    ``\\uXXXX`` escape; JSON already escapes the C0 controls such as ESC.
    These characters can only occur inside strings, where the escape is exact.
    """
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def one_line(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` display columns with an ellipsis."""
    flat = " ".join(inert(text).split())
    if display_width(flat) <= width:
        return flat
    out: list[str] = []
    used = 0
    for char in flat:
        w = _char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"


def _char_width(char: str) -> int:
    # Deferred import: loading the Unicode tables is a cost `storybank due --prompt`
    # would pay on every shell prompt, and only tables need widths.
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes (wide CJK and emoji count as two)."""
    return sum(_char_width(c) for c in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    """A plain left-aligned text table; the last column is not padded."""
    widths = [display_width(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], display_width(cell))
    lines = []
    for row in [list(headers), *[list(r) for r in rows]]:
        cells = [pad(c, widths[i]) for i, c in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def error(message: str, stream: TextIO | None = None) -> None:
    """Print an error message to stderr."""
    print(inert(message), file=stream or sys.stderr)


class InertStream:
    """A text stream that makes every control character written to it inert.

    It stands in for ``sys.stdout`` and ``sys.stderr`` while a command runs;
    tab and newline pass, everything else :func:`inert` escapes is escaped
    (text already made inert passes unchanged).

    Args:
        stream: The stream written to.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write ``text`` with its control characters escaped."""
        self.stream.write(inert(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        # flush, isatty, fileno, encoding, reconfigure...: those of the stream.
        return getattr(self.stream, name)


@contextmanager
def inert_output() -> Iterator[None]:
    """Make everything printed to stdout and stderr inert until the block ends."""
    saved = sys.stdout, sys.stderr
    sys.stdout = InertStream(saved[0])
    sys.stderr = InertStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def write_exact(text: str) -> None:
    """Write ``text`` to stdout exactly as it is (an export to a pipe or a file)."""
    out = sys.stdout
    target = out.stream if isinstance(out, InertStream) else out
    target.write(text)
    target.flush()
