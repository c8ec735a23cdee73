"""Schema versions of the bank file and the steps that upgrade old files.

A step upgrades the raw TinyDB data (``{table: {doc_id: document}}``) from
version ``n`` to ``n + 1``. Old files are upgraded in memory when read and
written back, after a backup, on the first save.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

RawData = dict[str, dict[str, Any]]
Migration = Callable[[RawData], RawData]

SCHEMA_VERSION = 2
"""The schema this version of storybank writes."""

META_TABLE = "_meta"

INTERVIEWS_TABLE = "interviews"
"""The drills' interview table (named here as text: storage sits below the drills)."""


def _debriefs(data: RawData) -> RawData:
    """Version 1 to 2: interview rounds carry debriefs.

    A question logged by version 1 named the matcher's best story in
    ``story``; version 2 keeps that in ``best`` and uses ``story`` for the
    story actually told, which version 1 knew only as one of the round's told
    stories. Rounds are real interviews with a pending outcome until a debrief
    says otherwise.
    """
    for document in data.get(INTERVIEWS_TABLE, {}).values():
        document.setdefault("kind", "interview")
        document.setdefault("outcome", "pending")
        told = document.get("told")
        told_ids = set(told) if isinstance(told, list) else set()
        questions = document.get("questions")
        for question in questions if isinstance(questions, list) else []:
            if not isinstance(question, dict) or "best" in question:
                continue
            story = question.get("story")
            question["best"] = story
            if story not in told_ids:
                question["story"] = None
    return data


MIGRATIONS: dict[int, Migration] = {1: _debriefs}
"""``MIGRATIONS[n]`` upgrades data at version ``n`` to ``n + 1``."""


def schema_version_of(data: RawData) -> int | None:
    """The schema version recorded in raw data, or ``None`` if absent or malformed."""
    meta = data.get(META_TABLE, {}).get("1")
    if not isinstance(meta, dict):
        return None
    version = meta.get("schema_version")
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def set_schema_version(data: RawData, version: int) -> None:
    """Record ``version`` in raw data."""
    data.setdefault(META_TABLE, {}).setdefault("1", {})["schema_version"] = version


def migrate(
    data: RawData,
    *,
    target: int | None = None,
    steps: dict[int, Migration] | None = None,
) -> tuple[RawData, bool]:
    """Upgrade ``data`` to ``target`` (default :data:`SCHEMA_VERSION`).

    Returns:
        The upgraded data and whether anything changed.
    """
    steps = MIGRATIONS if steps is None else steps
    target = SCHEMA_VERSION if target is None else target
    version = schema_version_of(data) or 1
    changed = False
    while version < target:
        data = steps[version](data)
        version += 1
        set_schema_version(data, version)
        changed = True
    return data, changed
