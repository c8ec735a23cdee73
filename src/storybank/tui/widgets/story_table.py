"""The list of stories on the bank screen: readiness badge, title, last change."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from storybank.core.timewords import time_ago
from storybank.tui import render

BADGE_WIDTH = 12
UPDATED_WIDTH = 10
NARROW_TABLE = 64
"""Below this width the table drops its "Updated" column."""


class ListedStory(Protocol):
    """What a row reads of a story (a saved story, or its record read without the models)."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def updated(self) -> datetime: ...


class Scored(Protocol):
    """What a row reads of a story's checks: its readiness score and label."""

    @property
    def score(self) -> int: ...
    @property
    def label(self) -> str: ...


@dataclass(frozen=True)
class ReadinessBadge:
    """A readiness score and label alone (the first frame's rows; see ``Services.first_look``)."""

    score: int
    label: str


@dataclass(frozen=True)
class StoryRow:
    """What one row shows."""

    story: ListedStory
    assessment: Scored
    highlights: tuple[int, ...] = ()
    """Offsets in the one-line title that matched the filter."""


def badge_text(score: int, label: str, colours: Mapping[str, str]) -> Text:
    """A readiness badge as Rich ``Text`` (``DataTable`` cells cannot resolve theme variables)."""
    variable = render.READINESS_STYLES.get(label, "$text-muted").lstrip("$")
    colour = colours.get(variable, "default")
    style = Style.parse(colour) if colour else Style()
    word = render.READINESS_WORDS.get(label, label.title())
    return Text.assemble(
        ("● ", style), (f"{score:>3}", style + Style(bold=True)), (f" {word}", style), end=""
    )


class StoryTable(DataTable[Text]):
    """Stories, one row each; the row key is the story id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "First", show=False),
        Binding("G", "scroll_bottom", "Last", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual convention
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_cursor=True)
        self.fitted_width = 0
        """The table width the columns were last sized for."""

    def show(
        self,
        rows: Sequence[StoryRow],
        *,
        now: datetime,
        colours: Mapping[str, str],
        keep: str | None = None,
        width: int | None = None,
        flagged: Collection[str] = (),
    ) -> None:
        """Replace the rows, keeping the cursor on story ``keep`` if it is still listed.

        Args:
            rows: The rows, in display order.
            now: For the "updated … ago" column.
            colours: The theme's variables (cells cannot resolve ``$`` variables).
            keep: The story to keep the cursor on.
            width: The width to fit the columns to; default the table's own
                (pass the space it will fill while it has not been laid out yet).
            flagged: Stories marked "needs work": their titles start with ⚑.
        """
        self.clear(columns=True)
        width = self.size.width if width is None else width
        self.fitted_width = width
        # A narrow list gives the last-changed column's room to the titles.
        with_updated = width >= NARROW_TABLE
        spare = width - BADGE_WIDTH - (UPDATED_WIDTH + 2 if with_updated else 0) - 5
        title_width = max(spare, 12)
        # Labels as Text: a string label is read as markup, whose emoji
        # replacement loads Rich's emoji table before the first frame.
        self.add_column(Text("Readiness"), width=BADGE_WIDTH, key="badge")
        self.add_column(Text("Story"), width=title_width, key="title")
        if with_updated:
            self.add_column(Text("Updated"), width=UPDATED_WIDTH, key="updated")
        accent = Style.parse(colours.get("accent", "default")) + Style(bold=True, underline=True)
        for row in rows:
            title = render.cell(row.story.title)
            for offset in row.highlights:
                if offset < len(title.plain):
                    title.stylize(accent, offset, offset + 1)
            if row.story.id in flagged:
                warning = Style.parse(colours.get("warning") or "yellow")
                title = Text.assemble(("⚑ ", warning), title, no_wrap=True, end="")
                title.overflow = "ellipsis"
            cells = [badge_text(row.assessment.score, row.assessment.label, colours), title]
            if with_updated:
                cells.append(render.cell(time_ago(row.story.updated, now), "dim"))
            self.add_row(*cells, key=row.story.id)
        if keep is not None:
            for index, row in enumerate(rows):
                if row.story.id == keep:
                    self.move_cursor(row=index, animate=False)
                    break

    @property
    def highlighted_id(self) -> str | None:
        """The id of the story under the cursor, if any."""
        if self.row_count == 0:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return str(key.value) if key.value is not None else None
