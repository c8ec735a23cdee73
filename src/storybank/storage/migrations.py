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

SCHEMA_VERSION = 1
"""The schema this version of storybank writes."""

META_TABLE = "_meta"

MIGRATIONS: dict[int, Migration] = {}
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
