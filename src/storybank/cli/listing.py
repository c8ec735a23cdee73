"""``storybank list``, served from a memo when the bank has not changed.

Listing needs every story validated and checked. Without a memo (see
:mod:`storybank.cli.memo` for when one is trusted) the bank is read as a
snapshot (:mod:`storybank.storage.snapshot`), which needs no pydantic, and
opened with the models only when the snapshot cannot vouch for it; either way
the listing is computed by :func:`listing_from`.

The memo holds :func:`listing_of`'s output, and :func:`read_listing` checks
it is still that shape before it is printed: the memo and the full path print
the same data the same way.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, cast

from storybank.cli import memo
from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import inert, json_text, one_line, table
from storybank.errors import EXIT_OK

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TypedDict

    from storybank.core.records import FrameworkData, StoryData
    from storybank.storage.repository import Bank
    from storybank.storage.snapshot import BankSnapshot

    # For the type checker only: a TypedDict defined at run time compiles each
    # of its annotations, a cost every listing would pay.
    class ListedStory(TypedDict):
        """One row of the listing."""

        id: str
        title: str
        score: int
        label: str
        competencies: list[str]

    class Listing(TypedDict):
        """Every story's readiness and tags in the active framework."""

        framework: str
        stories: list[ListedStory]


def listing_of(bank: Bank) -> Listing:
    """Validate and check every story of an open bank: the listing the full way."""
    return listing_from(bank.frameworks.get(bank.settings.framework), bank.stories())


def snapshot_listing(snapshot: BankSnapshot) -> Listing | None:
    """The listing of a bank read as a snapshot; ``None`` if its framework is unknown."""
    framework = snapshot.frameworks.get(snapshot.settings["framework"])
    return None if framework is None else listing_from(framework, snapshot.stories)


def listing_from(framework: FrameworkData, stories: Sequence[StoryData]) -> Listing:
    """Every story's readiness and tags in ``framework``."""
    from storybank.checks import check_story, readiness, readiness_label

    listed: list[ListedStory] = []
    for story in stories:
        score = readiness(story, check_story(story, framework))
        listed.append(
            {
                "id": story.id,
                "title": story.title,
                "score": score,
                "label": readiness_label(score),
                "competencies": story.tags_in(framework.id),
            }
        )
    return {"framework": framework.id, "stories": listed}


def read_listing(value: memo.Memo) -> Listing:
    """A listing memo's value, once it is checked to be what :func:`listing_of` writes.

    Raises:
        ValueError: it is not (a memo edited by hand).
    """
    # Checked here rather than through the plain views of the matcher's
    # inputs: their protocol classes would cost every listing more than this.
    stories = value.get("stories")
    if type(value.get("framework")) is not str or type(stories) is not list:
        raise ValueError("a listing has a framework id and a list of stories")
    for story in stories:
        if type(story) is not dict or type(story.get("score")) is not int:
            raise ValueError("a listed story is a table with a whole-number score")
        tags = story.get("competencies")
        texts = [story.get("id"), story.get("title"), story.get("label")]
        if type(tags) is not list or not all(type(t) is str for t in [*texts, *tags]):
            raise ValueError("a listed story's id, title, label and competencies are text")
    return cast("Listing", value)


def listing_agrees(listing: Listing, tables: memo.RawBank) -> bool:
    """Whether a listing shows the bank's own stories: ids, titles, tags and framework.

    The scores and labels come from the checks, which only the full path runs;
    they are printed as text whatever they say.
    """
    framework = listing["framework"]
    if framework != memo.stored_framework(tables):
        return False
    stored = memo.stored_by_id(tables, "stories")
    if len(stored) != len(tables.get("stories", {})) or len(stored) != len(listing["stories"]):
        return False
    for row in listing["stories"]:
        doc = stored.get(row["id"])
        if doc is None or doc.get("title") != row["title"] or not 0 <= row["score"] <= 100:
            return False
        tags = doc.get("competencies")
        if type(tags) is not dict or tags.get(framework, []) != row["competencies"]:
            return False
    return True


# The listing runs every check on every story (about 0.25 ms a story), so it
# is only kept up to date for someone who lists: not eager.
MEMO = memo.register(
    memo.Kind("list", version=3, build=listing_of, read=read_listing, agrees=listing_agrees)
)


def cmd_list(args: argparse.Namespace) -> int:
    """Print every story with its readiness score and competencies."""
    path = bank_path(args)
    inputs = memo.Inputs(path)
    listing = inputs.recall(MEMO)
    if listing is None:
        from storybank.storage.snapshot import take_snapshot

        snapshot = take_snapshot(path)
        listing = None if snapshot is None else snapshot_listing(snapshot)
        if listing is None:
            with open_bank(args) as bank:
                listing = listing_of(bank)
        inputs.keep(MEMO, listing)
    print(render_listing(listing, as_json=args.json))
    return EXIT_OK


def render_listing(listing: Listing, *, as_json: bool) -> str:
    """The listing as a table (or JSON)."""
    if as_json:
        return json_text(listing)
    stories = listing["stories"]
    if not stories:
        return "No stories yet. Add one with `storybank new`, or import with `storybank import`."
    # Every cell is made inert, whatever it holds: the listing may come from a memo.
    rows = [
        [
            inert(s["id"]),
            f"{s['score']:>3}",
            inert(s["label"]),
            one_line(s["title"], 50),
            inert(", ".join(s["competencies"])) or "-",
        ]
        for s in stories
    ]
    return table(rows, ["ID", "SCORE", "STATUS", "TITLE", inert(listing["framework"].upper())])
