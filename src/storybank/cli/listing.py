"""``storybank list``, served from a memo when the bank has not changed.

Listing needs every story validated and checked: most of the command's
start-up time. See :mod:`storybank.cli.memo` for when the memo is trusted.

The memo holds :func:`listing_of`'s output and is read back through
:data:`LISTING`, so the full path and the memo print from the same view.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from storybank.cli import memo
from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import json_text, one_line, table
from storybank.core.plain import Shape, record
from storybank.errors import EXIT_OK

if TYPE_CHECKING:
    from storybank.storage.repository import Bank


class ListedStory(Protocol):
    """One row of the listing."""

    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def score(self) -> int: ...
    @property
    def label(self) -> str: ...
    @property
    def competencies(self) -> Sequence[str]: ...


class Listing(Protocol):
    """Every story's readiness and tags in the active framework."""

    @property
    def framework(self) -> str: ...
    @property
    def stories(self) -> Sequence[ListedStory]: ...


def listing_of(bank: Bank) -> memo.Memo:
    """Validate and check every story of an open bank: the listing the full way."""
    from storybank.checks import check_story, readiness, readiness_label

    framework = bank.frameworks.get(bank.settings.framework)
    stories = []
    for story in bank.stories():
        score = readiness(story, check_story(story, framework))
        stories.append(
            {
                "id": story.id,
                "title": story.title,
                "score": score,
                "label": readiness_label(score),
                "competencies": story.tags_in(framework.id),
            }
        )
    return {"framework": framework.id, "stories": stories}


LISTING: Shape[Listing] = Shape(Listing)
"""Reads :func:`listing_of`'s output."""

# The listing runs every check on every story (about 0.25 ms a story), so it
# is only kept up to date for someone who lists: not eager.
MEMO = memo.register(memo.Kind("list", version=1, build=listing_of, read=LISTING.view))


def cmd_list(args: argparse.Namespace) -> int:
    """Print every story with its readiness score and competencies."""
    inputs = memo.Inputs(bank_path(args))
    listing = inputs.recall(MEMO)
    if listing is None:
        with open_bank(args) as bank:
            value = listing_of(bank)
        inputs.keep(MEMO, value)
        listing = LISTING.view(value)
    print(render_listing(listing, as_json=args.json))
    return EXIT_OK


def render_listing(listing: Listing, *, as_json: bool) -> str:
    """The listing as a table (or JSON, as :func:`listing_of` wrote it)."""
    if as_json:
        return json_text(record(listing))
    stories = listing.stories
    if not stories:
        return "No stories yet. Add one with `storybank new`, or import with `storybank import`."
    rows = [
        [
            s.id,
            f"{s.score:>3}",
            s.label,
            one_line(s.title, 50),
            ", ".join(s.competencies) or "-",
        ]
        for s in stories
    ]
    return table(rows, ["ID", "SCORE", "STATUS", "TITLE", listing.framework.upper()])
