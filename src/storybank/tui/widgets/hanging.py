"""Rows of text wrapped with a hanging indent, for option lists and static text.

Textual wraps :class:`~textual.content.Content` flush left, so a long reason
under a bullet would continue under the bullet instead of under its own first
word. :class:`HangingRows` is a Textual visual that wraps each row's body to
the width it is drawn at and indents the continuation lines by the width of
the row's lead (a bullet, a score), so every row reads as one block.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.visual import Visual

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

MIN_ROOM = 12
"""Below this many cells beside its lead, a body is wrapped under the lead instead."""


class HangingRows(Visual):
    """Rows, each a lead and a body; the body wraps indented under its own first line.

    Args:
        rows: ``(lead, body)`` pairs. Leads are drawn as they are; bodies are
            wrapped at word boundaries, never cut.
    """

    def __init__(self, rows: Sequence[tuple[Content, Content]]) -> None:
        self.rows = [(lead, body) for lead, body in rows]
        self._laid_out: tuple[int, list[Content], Content] | None = None

    @property
    def plain(self) -> str:
        """The rows' text, unwrapped: one line per row."""
        return "\n".join(lead.plain + body.plain for lead, body in self.rows)

    def lines(self, width: int) -> list[Content]:
        """The rows as drawn ``width`` cells wide, one Content per screen line."""
        out: list[Content] = []
        for lead, body in self.rows:
            indent = lead.cell_length
            room = width - indent
            if room < MIN_ROOM:
                # Too narrow to hang: the body goes on the lines below its lead.
                out.append(lead)
                out.extend(body.wrap(max(width, 1)))
                continue
            wrapped = body.wrap(room) or [Content("")]
            out.append(lead + wrapped[0])
            pad = Content(" " * indent)
            out.extend(pad + line for line in wrapped[1:])
        return out

    def _layout(self, width: int) -> tuple[list[Content], Content]:
        """The lines at ``width`` and their joined Content (kept for the last width)."""
        if self._laid_out is None or self._laid_out[0] != width:
            lines = self.lines(width)
            self._laid_out = (width, lines, Content("\n").join(lines))
        return self._laid_out[1], self._laid_out[2]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """Draw the rows ``width`` cells wide (part of the Visual protocol)."""
        return self._layout(width)[1].render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        """The width that fits every row on one line."""
        return max((lead.cell_length + body.cell_length for lead, body in self.rows), default=0)

    def get_minimal_width(self, rules: RulesMap) -> int:
        """The widest lead plus room for a word or two."""
        return max((lead.cell_length for lead, _body in self.rows), default=0) + MIN_ROOM

    def get_height(self, rules: RulesMap, width: int) -> int:
        """How many lines the rows take ``width`` cells wide."""
        return len(self._layout(width)[0])


def stacked(blocks: Sequence[Content | HangingRows]) -> HangingRows:
    """Blocks of text and of hanging rows one under another, a blank line between.

    A plain block wraps flush left as a Static would; the rows of a
    :class:`HangingRows` block keep their hanging indents. This lets one
    widget show a reason list among ordinary paragraphs.
    """
    rows: list[tuple[Content, Content]] = []
    for index, block in enumerate(blocks):
        if index:
            rows.append((Content(""), Content("")))
        if isinstance(block, HangingRows):
            rows.extend(block.rows)
        else:
            rows.append((Content(""), block))
    return HangingRows(rows)
