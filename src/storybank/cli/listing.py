"""``storybank list``, served from a memo when the bank has not changed.

Listing needs every story validated and checked: most of the command's
start-up time. See :mod:`storybank.cli.memo` for when the memo is trusted.
"""

from __future__ import annotations

import argparse
import contextlib
from typing import TYPE_CHECKING, Any

from storybank.cli import memo
from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import json_text, one_line, table
from storybank.errors import EXIT_OK

if TYPE_CHECKING:
    from storybank.storage.repository import Bank

Listing = dict[str, Any]
MEMO_KIND = "list"


def listing_of(bank: Bank) -> Listing:
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


def cmd_list(args: argparse.Namespace) -> int:
    """Print every story with its readiness score and competencies."""
    inputs = memo.Inputs(bank_path(args))
    listing = inputs.recall(MEMO_KIND)
    text = None
    if listing is not None:
        # A memo edited by hand may have the right digest and the wrong shape.
        with contextlib.suppress(LookupError, TypeError, ValueError, AttributeError):
            text = render_listing(listing, as_json=args.json)
    if text is None:
        with open_bank(args) as bank:
            listing = listing_of(bank)
        inputs.keep(MEMO_KIND, listing)
        text = render_listing(listing, as_json=args.json)
    print(text)
    return EXIT_OK


def render_listing(listing: Listing, *, as_json: bool) -> str:
    """The listing as a table (or JSON)."""
    if as_json:
        return json_text(listing)
    stories = listing["stories"]
    if not stories:
        return "No stories yet. Add one with `storybank new`, or import with `storybank import`."
    rows = [
        [
            s["id"],
            f"{s['score']:>3}",
            s["label"],
            one_line(s["title"], 50),
            ", ".join(s["competencies"]) or "-",
        ]
        for s in stories
    ]
    return table(rows, ["ID", "SCORE", "STATUS", "TITLE", str(listing["framework"]).upper()])
