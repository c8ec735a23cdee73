"""``storybank list``, with a memo that makes repeated listings start fast.

Listing needs every story validated and checked, which means importing the
models and the checks: most of the command's start-up time. The result only
depends on the bank file's bytes, the user's framework files and the
storybank version, so it is kept in the user cache folder under a digest of
exactly those inputs. A listing is served from the memo only when all of them
are byte-for-byte what they were when it was computed; anything else (an
edit, a damaged or missing bank, an upgrade) takes the full path, which
reports problems as usual.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.cli.context import bank_path
from storybank.cli.terminal import json_text, one_line, table
from storybank.errors import EXIT_OK
from storybank.paths import frameworks_dir

Listing = dict[str, Any]
MEMO_FORMAT = 1


def _inputs_digest(bank: Path, data: bytes) -> str:
    """A digest of everything a listing depends on."""
    digest = hashlib.blake2b(data, digest_size=20)
    digest.update(f"\0{__version__}\0{MEMO_FORMAT}".encode())
    folder = frameworks_dir(bank)
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            with contextlib.suppress(OSError):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _memo_path(bank: Path) -> Path:
    from platformdirs import user_cache_dir

    where = hashlib.blake2b(str(bank.resolve()).encode(), digest_size=10).hexdigest()
    return Path(user_cache_dir("storybank", appauthor=False)) / f"list-{where}.json"


def _read_bank_bytes(bank: Path) -> bytes | None:
    try:
        return bank.read_bytes()
    except OSError:
        return None  # the full path says precisely what is wrong


def remembered(bank: Path, inputs: str) -> Listing | None:
    """The memoised listing for exactly these inputs (see :func:`_inputs_digest`), if any."""
    try:
        memo = json.loads(_memo_path(bank).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(memo, dict) or memo.get("inputs") != inputs:
        return None
    listing = memo.get("listing")
    return listing if isinstance(listing, dict) else None


def remember(bank: Path, inputs: str, listing: Listing) -> None:
    """Keep ``listing`` for these inputs (best effort: a cache never fails a command)."""
    from storybank.storage.files import atomic_write

    memo = {"inputs": inputs, "listing": listing}
    with contextlib.suppress(Exception):
        atomic_write(_memo_path(bank), json.dumps(memo, ensure_ascii=False).encode("utf-8"))


def compute_listing(args: argparse.Namespace) -> Listing:
    """Validate and check every story: the listing the full way."""
    from storybank.checks import check_story, readiness, readiness_label
    from storybank.cli.context import open_bank

    with open_bank(args) as bank:
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
    bank = bank_path(args)
    data = _read_bank_bytes(bank)
    inputs = _inputs_digest(bank, data) if data is not None and not _no_memo() else None
    listing = remembered(bank, inputs) if inputs is not None else None
    if listing is None:
        listing = compute_listing(args)
        # Only remember it if the bank did not change while it was being read.
        if inputs is not None and _read_bank_bytes(bank) == data:
            remember(bank, inputs, listing)
    print(render_listing(listing, as_json=args.json))
    return EXIT_OK


def _no_memo() -> bool:
    return bool(os.environ.get("STORYBANK_NO_CACHE"))


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
