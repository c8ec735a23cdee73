"""Competency frameworks: the built-in ``tpm`` and ``amazon-lp``, plus user files.

A user framework is a TOML file in the ``frameworks/`` folder beside the bank,
in the same format as the built-in ones (see ``core/data/frameworks/tpm.toml``
and the README). A broken user file is reported with its path and the field at
fault; it never hides the built-in frameworks.

Reading a file (:func:`read_framework_table`) needs no pydantic; the models
are imported when a framework is validated. :func:`framework_records` reads
every framework of a bank without them, for the commands and the first frame
that only need to read (see :mod:`storybank.core.canonical`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybank.core import canonical
from storybank.core.records import FrameworkRecord
from storybank.errors import StorybankError
from storybank.resources import data_dir

if TYPE_CHECKING:
    from storybank.core.models import CompetencyFramework, Story

DEFAULT_FRAMEWORK = "tpm"
BUILTIN_IDS: tuple[str, ...] = ("tpm", "amazon-lp")
RESERVED_IDS: frozenset[str] = frozenset({"id", "tags", "competencies", "created", "updated"})
"""Words the Markdown format uses as metadata keys, so no framework may be called that."""


def read_framework_table(path: Path) -> dict[str, Any]:
    """The table a framework TOML file holds, not yet validated.

    Raises:
        StorybankError: the file cannot be read, is not a regular file, or is not TOML.
    """
    # Deferred import: tomllib compiles its patterns on import, and a bank read
    # without user framework files needs it only for the built-in ones.
    import tomllib

    if path.exists() and not path.is_file():
        # A FIFO would make the read wait forever, and every command with it.
        raise StorybankError(
            "this is not a regular file, so it was not read",
            file=path,
            hint="remove it from the frameworks folder",
        )
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise StorybankError(
            "the framework file is not UTF-8 text", file=path, hint="save it as UTF-8"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # Python < 3.14 only reports the position inside the message text.
        found = re.search(r"\(at line (\d+), column \d+\)$", str(exc))
        line = int(found.group(1)) if found else None
        reason = str(exc)[: found.start()].strip() if found else str(exc)
        raise StorybankError(
            f"not valid TOML: {reason}",
            file=path,
            line=line,
            hint="compare it with the format shown in the README",
        ) from None
    except OSError as exc:
        raise StorybankError(f"cannot read the framework file: {exc.strerror}", file=path) from None
    return raw


def load_framework_file(path: Path) -> CompetencyFramework:
    """Read and validate one framework TOML file."""
    # Deferred imports: reading a bank without the models (framework_records) needs neither.
    from storybank.core.models import CompetencyFramework
    from storybank.core.validation import build

    return build(CompetencyFramework, read_framework_table(path), file=path, what="framework")


def _builtin_path(framework_id: str) -> Path:
    return data_dir() / "frameworks" / f"{framework_id}.toml"


@cache
def builtin_frameworks() -> tuple[CompetencyFramework, ...]:
    """The frameworks shipped with storybank, ``tpm`` first."""
    return tuple(load_framework_file(_builtin_path(fid)) for fid in BUILTIN_IDS)


BUILTIN_SNAPSHOT = "frameworks.json"
"""The built-in frameworks' canonical documents, beside their TOML files in ``core/data``.

Parsing TOML (and importing :mod:`tomllib`) is a twentieth of a ``storybank
match``; the snapshot is used only while the TOML files are byte for byte
what it was made from (its stamp), else they are parsed. Regenerate it with
``python -m storybank.core.frameworks``; a test fails while it is stale.
"""


def builtin_stamp() -> str:
    """A digest of the built-in framework files' bytes, in :data:`BUILTIN_IDS` order."""
    try:
        # CPython's built-in module: hashlib would load OpenSSL.
        from _blake2 import blake2b
    except ImportError:  # a Python built without it
        from hashlib import blake2b

    digest = blake2b(digest_size=16)
    for fid in BUILTIN_IDS:
        digest.update(f"\0{fid}\0".encode() + _builtin_path(fid).read_bytes())
    return digest.hexdigest()


def parse_builtin_documents() -> list[dict[str, Any]] | None:
    """The built-in frameworks' canonical documents, parsed from their TOML files.

    ``None`` when one is not canonical (:meth:`FrameworkRegistry.load` says why).
    """
    documents = []
    for fid in BUILTIN_IDS:
        document = canonical.framework(read_framework_table(_builtin_path(fid)))
        if document is None:
            return None
        documents.append(document)
    return documents


def _snapshot_documents() -> list[dict[str, Any]] | None:
    """The snapshot's documents, if it was made from exactly the files there now."""
    import json

    try:
        snapshot = json.loads((data_dir() / BUILTIN_SNAPSHOT).read_bytes())
        if snapshot["stamp"] != builtin_stamp():
            return None
        documents: list[dict[str, Any]] = snapshot["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return documents


@cache
def _builtin_records() -> tuple[FrameworkRecord, ...] | None:
    documents = _snapshot_documents() or parse_builtin_documents()
    if documents is None:
        return None
    return tuple(FrameworkRecord(document) for document in documents)


def framework_records(user_dir: Path | None = None) -> dict[str, FrameworkRecord] | None:
    """Every framework :meth:`FrameworkRegistry.load` would give, read without the models.

    ``None`` when a file is not surely valid (or a user file reuses a reserved
    or built-in id): :meth:`FrameworkRegistry.load` then says what is wrong.
    Otherwise the records hold what the validated frameworks hold, in the same order.
    """
    try:
        builtins = _builtin_records()
        if builtins is None:
            return None
        found = {record.id: record for record in builtins}
        if user_dir is not None and user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                document = canonical.framework(read_framework_table(path))
                if document is None or document["id"] in RESERVED_IDS or document["id"] in found:
                    return None
                found[document["id"]] = FrameworkRecord(document)
    except StorybankError:
        return None
    return found


class FrameworkRegistry:
    """The frameworks available to one bank: built-in ones, then the user's."""

    def __init__(self, frameworks: list[CompetencyFramework]) -> None:
        self._by_id: dict[str, CompetencyFramework] = {}
        for fw in frameworks:
            self._by_id.setdefault(fw.id, fw)

    @classmethod
    def load(cls, user_dir: Path | None = None) -> FrameworkRegistry:
        """Built-in frameworks plus every ``*.toml`` in ``user_dir``.

        Raises:
            StorybankError: a user file is invalid or reuses a built-in id.
        """
        frameworks = list(builtin_frameworks())
        if user_dir is not None and user_dir.is_dir():
            for path in sorted(user_dir.glob("*.toml")):
                fw = load_framework_file(path)
                if fw.id in RESERVED_IDS:
                    raise StorybankError(
                        f"framework id {fw.id!r} is a reserved word of the Markdown format",
                        file=path,
                        field="id",
                        hint="give your framework another id",
                    )
                if fw.id in BUILTIN_IDS:
                    raise StorybankError(
                        f"framework id {fw.id!r} is built in and cannot be redefined",
                        file=path,
                        field="id",
                        hint="give your framework another id",
                    )
                frameworks.append(fw)
        return cls(frameworks)

    def __iter__(self) -> Iterator[CompetencyFramework]:
        return iter(self._by_id.values())

    def __contains__(self, framework_id: object) -> bool:
        return framework_id in self._by_id

    @property
    def ids(self) -> list[str]:
        """All framework ids, built-in first."""
        return list(self._by_id)

    def get(self, framework_id: str) -> CompetencyFramework:
        """The framework with this id.

        Raises:
            StorybankError: no such framework (the message lists the known ones).
        """
        try:
            return self._by_id[framework_id]
        except KeyError:
            raise StorybankError(
                f"unknown framework {framework_id!r}",
                hint=f"use one of: {', '.join(self.ids)}",
            ) from None

    def validate_story_tags(self, story: Story) -> None:
        """Check that every competency tag of ``story`` exists in its framework.

        Raises:
            StorybankError: naming the framework and the unknown competency.
        """
        self.validate_tags(story.competencies, owner=f"story {story.id!r}")

    def validate_tags(self, tags: dict[str, list[str]], *, owner: str) -> None:
        """Check that every tag names a competency of an existing framework.

        Args:
            tags: Competency ids per framework id.
            owner: What carries the tags, for the message (e.g. ``"story 'x'"``).

        Raises:
            StorybankError: naming the framework and the unknown competency.
        """
        for fw_id, comp_ids in tags.items():
            if fw_id not in self._by_id:
                raise StorybankError(
                    f"{owner} is tagged in unknown framework {fw_id!r}",
                    field="competencies",
                    hint=f"use one of: {', '.join(self.ids)}",
                )
            fw = self._by_id[fw_id]
            for cid in comp_ids:
                if fw.get(cid) is None:
                    raise StorybankError(
                        f"{owner}: {cid!r} is not a competency of {fw_id!r}",
                        field="competencies",
                        hint=f"use one of: {', '.join(fw.ids)}",
                    )


def write_builtin_snapshot() -> Path:
    """Write :data:`BUILTIN_SNAPSHOT` from the built-in TOML files; returns its path."""
    import json

    documents = parse_builtin_documents()
    if documents is None:
        raise StorybankError("a built-in framework file is not canonical; fix it first")
    path = data_dir() / BUILTIN_SNAPSHOT
    about = "Generated by python -m storybank.core.frameworks; do not edit."
    snapshot = {"about": about, "stamp": builtin_stamp(), "documents": documents}
    path.write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - run by hand after editing a framework file
    print(f"wrote {write_builtin_snapshot()}")
