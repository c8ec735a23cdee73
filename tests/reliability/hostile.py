"""Hostile text: what a story may contain that has broken terminals, markup and file formats.

Shared by the hostile-text, damaged-file and app tests.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import strategies as st

from storybank.core.models import _LINE_CONTROL_RE, FollowUp, Story

MARKUP = "[bold]x[/] [/] [link=https://e]y[/link] [@click=app.quit]z"
"""Rich/Textual markup that would be bold, a link and a quit button if it were parsed."""

SNIPPETS = [
    MARKUP,
    "[red]red[/red] [b]bold [/b]",
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]0;pwned\x07",  # set the window title
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # hyperlink
    "\x1bP+q\x1b\\",  # DCS query
    "\x9b31m",  # 8-bit CSI
    "\x9d0;title\x9c",  # 8-bit OSC ... ST
    "\x00NUL\x00",
    "\x07\x08\x7f",
    "\r\rcarriage",
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "שלום עולם",
    "مرحبا بالعالم",
    "🎉👩\u200d👩\u200d👧\u200d👦🏳️\u200d🌈",
    "e\u0301\u0302\u0303\u0304",
    "Z\u0334\u0321\u0322\u031b\u0317\u0318",
    "\ufeffbom",
    "zero\u200bwidth",
    "\u2028line\u2029para",
    "# heading\n## Situation\n- Q: x\n  A: y\n> quote\n<!-- c -->\n\\",
    "C:\\new\\table \\n \\s \\,",
    "  padded  \t",
]

CONTROLS = sorted(
    {chr(c) for c in range(0x20) if c not in (0x09, 0x0A)}
    | {chr(0x7F)}
    | {chr(c) for c in range(0x80, 0xA0)}
)
"""C0 and C1 control characters and DEL: none of these may reach a terminal from user text."""

UNSAFE_OUTPUT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Characters that must never appear in what the CLI prints (carriage return included)."""

BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")

_chars = st.characters(codec="utf-8")
_controls = st.sampled_from(CONTROLS)
_snippet = st.sampled_from(SNIPPETS)
_piece = st.one_of(st.text(_chars, max_size=30), _snippet, _controls)

multi_line = st.lists(_piece, max_size=8).map("".join)
"""Anything at all: what a multi-line field (situation, action, …) accepts."""


def _one_line(max_size: int) -> st.SearchStrategy[str]:
    return (
        st.lists(_piece, min_size=1, max_size=4)
        .map(lambda parts: _LINE_CONTROL_RE.sub("", "".join(parts)))
        .map(lambda s: s[:max_size])
        .filter(lambda s: bool(s.strip()))
    )


one_line = _one_line(200)
"""What a one-line field (title, tag, follow-up question) accepts: no control characters."""


@st.composite
def stories(draw: st.DrawFn, story_id: str = "hostile") -> Story:
    """A valid story with hostile text in every field that accepts it."""
    return Story(
        id=story_id,
        title=draw(one_line),
        headline=draw(multi_line),
        situation=draw(multi_line),
        complications=draw(multi_line),
        action=draw(multi_line),
        result=draw(multi_line),
        lessons=draw(multi_line),
        follow_ups=draw(
            st.lists(st.builds(FollowUp, question=_one_line(500), answer=multi_line), max_size=2)
        ),
        competencies={"tpm": ["ambiguity"]},
        tags=draw(st.lists(_one_line(50), max_size=3, unique=True)),
        created=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        updated=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
    )


def all_hostile_story(story_id: str = "everything") -> Story:
    """One story carrying every snippet and control character (for the non-random tests)."""
    body = "\n".join([*SNIPPETS, "".join(CONTROLS)])
    safe = _LINE_CONTROL_RE.sub("", " ".join(SNIPPETS))
    return Story(
        id=story_id,
        title=safe[:200],
        headline=body[:1000],
        situation=body,
        complications=body,
        action=body,
        result=body + " We cut costs by 40% for 3 million customers.",
        lessons=body,
        follow_ups=[FollowUp(question=safe[:500], answer=body)],
        competencies={"tpm": ["ambiguity", "conflict"]},
        tags=[MARKUP[:50], "\u202eevil\u202c", "🎉"],
        created=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        updated=datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
    )
