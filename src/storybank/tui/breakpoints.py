"""A screen's breakpoint class, known before its first layout."""

from __future__ import annotations

from collections.abc import Sequence


def breakpoint_class(breakpoints: Sequence[tuple[int, str]], size: int) -> str:
    """The class Textual gives a screen of this width (or height) from ``breakpoints``.

    Textual sets breakpoint classes on a screen's first resize, after it has
    already laid the screen out and rendered it. A screen made with its class
    (``Screen(classes=...)``) is styled, laid out and rendered once, not twice,
    before its first frame.

    Args:
        breakpoints: ``(minimum size, class)`` pairs, as in ``HORIZONTAL_BREAKPOINTS``.
        size: The width (or height) of the app, in cells.
    """
    for minimum, name in sorted(breakpoints, reverse=True):
        if size >= minimum:
            return name
    return ""
