"""The one place user text becomes something Textual draws.

Stories are written by people and may contain anything: ``[bold]``, ``[/]``,
``[link=…]``, ``[@click=app.quit]``, emoji, control characters, very long lines.
Everything here builds :class:`~textual.content.Content` (or Rich ``Text`` for
``DataTable`` cells) from the literal text, never by parsing markup, and makes
control characters visible instead of letting them reach the terminal.
Screens and widgets must go through these helpers for any user text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from storybank.core.models import Story

# C0/C1 controls except newline and tab, DEL, and bidi overrides: any of these
# could recolour, retitle or reorder what the user sees.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SPACES = re.compile(r"\s+")

SEVERITY_ICONS: dict[str, str] = {"error": "✖", "warning": "▲", "hint": "•"}
"""A glyph per check severity, so severity never relies on colour alone."""

SEVERITY_STYLES: dict[str, str] = {
    "error": "$text-error",
    "warning": "$text-warning",
    "hint": "$text-muted",
}

READINESS_STYLES: dict[str, str] = {
    "ready": "$sb-ready",
    "almost": "$sb-almost",
    "draft": "$sb-draft",
}

READINESS_WORDS: dict[str, str] = {"ready": "Ready", "almost": "Almost", "draft": "Draft"}


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe(text: str) -> str:
    """``text`` with control characters shown as ``\\x1b``-style escapes, tabs as spaces."""
    return _UNSAFE.sub(_visible, text.replace("\t", "    "))


def one_line(text: str) -> str:
    """``text`` made safe with every run of whitespace (newlines too) as one space."""
    return _SPACES.sub(" ", safe(text)).strip()


def literal(text: str, style: str = "") -> Content:
    """User text as Content, exactly as typed (no markup), optionally styled."""
    return Content.styled(safe(text), style) if style else Content(safe(text))


def line(text: str, style: str = "") -> Content:
    """User text as single-line Content (whitespace collapsed)."""
    flat = one_line(text)
    return Content.styled(flat, style) if style else Content(flat)


def cell(text: str, style: str | RichStyle = "") -> Text:
    """User text for a ``DataTable`` cell: Rich ``Text`` (never markup), one line."""
    return Text(one_line(text), style=style, no_wrap=True, overflow="ellipsis", end="")


def clip(text: str, width: int) -> str:
    """``text`` on one line, cut to at most ``width`` characters with an ellipsis."""
    flat = one_line(text)
    if len(flat) <= width:
        return flat
    return flat[: max(width - 1, 0)].rstrip() + "…"


def highlight(text: str, offsets: Iterable[int], style: str = "bold $accent underline") -> Content:
    """User text as Content with the characters at ``offsets`` styled (fuzzy-match hits).

    Textual's own fuzzy highlighter parses its candidate as markup, so it must
    not see user text; this does the same job on the literal string.
    """
    flat = one_line(text)
    content = Content(flat)
    for offset in offsets:
        if 0 <= offset < len(flat) and not flat[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


def badge(score: int, label: str) -> Content:
    """A readiness badge, e.g. ``● 86 Ready``, coloured by its label."""
    style = READINESS_STYLES.get(label, "$text-muted")
    return Content.assemble(
        ("● ", style),
        (f"{score:>3}", f"bold {style}"),
        (f" {READINESS_WORDS.get(label, label.title()):<6}", style),
    )


def severity_mark(severity: str) -> Content:
    """The glyph of a severity, in its colour."""
    return Content.styled(SEVERITY_ICONS.get(severity, "•"), SEVERITY_STYLES.get(severity, ""))


def finding(severity: str, message: str, suggestion: str = "") -> Content:
    """One check finding: glyph, message, and the suggestion dimmed on the next line."""
    parts: list[Content | tuple[str, str] | str] = [
        severity_mark(severity),
        " ",
        literal(message),
    ]
    if suggestion:
        parts.extend(["\n  ", literal(suggestion, "$text-muted")])
    return Content.assemble(*parts)


def findings(items: Sequence[tuple[str, str, str]], empty: str = "") -> Content:
    """Several findings (severity, message, suggestion), one block each."""
    if not items:
        return Content.styled(empty, "$text-success") if empty else Content("")
    return Content("\n").join(finding(*item) for item in items)


def heading(text: str) -> Content:
    """A section heading inside a preview (storybank's words, not the user's)."""
    return Content.styled(text, "bold $text-primary")


def story_body(story: Story, fields: Sequence[tuple[str, str]]) -> Content:
    """The story's text fields under headings, for read-only previews.

    Args:
        story: The story.
        fields: (field name, heading) pairs in display order; empty fields are
            shown as "(empty)" so a gap is visible.
    """
    blocks: list[Content] = []
    for name, title in fields:
        value: str = getattr(story, name)
        body = literal(value.strip()) if value.strip() else Content.styled("(empty)", "$text-muted")
        blocks.append(Content.assemble(heading(title), "\n", body))
    return Content("\n\n").join(blocks)
