"""Which tagged stories got no question card, kept beside the bank for ``due`` and the next sync.

A tagged story gets a question card only when one of the few best-fitting
questions has it among the matcher's acceptable answers
(:func:`~storybank.scheduling.cards.choose_question`). A story none of them
fits has no question card, and a sync would ask again each time; that needs the
matcher over the whole bank, which is most of what a ``storybank due`` on a
large bank would cost, and ~50 ms a story of every start of the drills. So
each sync writes down the stories it found no question for, with what the
answer depended on:

* the whole bank as the matcher reads it: every story and the user's questions,
  as stored, the active framework, the user's framework files, the storybank
  version and its built-in data files (questions and frameworks);
* per story, the questions other stories' cards already drill (``taken``).

:func:`storybank.scheduling.glance.in_step` trusts the record only when all of
this is the same now; anything else, and ``due`` opens the drills the full way,
which asks the matcher again and writes the record anew. A sync
(:meth:`storybank.scheduling.deck.Deck.sync`) reads it the same way: a story
it names, for this very bank and with the same questions taken, gets no
question card without the matcher being asked. The file
(``bank.json.question-choice.json``) is a cache: safe to delete, never the
only copy of anything.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.resources import data_dir

try:
    # CPython's built-in module: importing hashlib loads OpenSSL (see scheduling.fields).
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

SUFFIX = ".question-choice.json"

Unquestioned = dict[str, list[str]]
"""Story id → the question ids other stories' cards drilled when none fitted it (sorted)."""


def record_path(bank_path: Path) -> Path:
    """The record of the bank at ``bank_path``: beside the real file, after its whole name."""
    real = bank_path.resolve() if bank_path.exists() else bank_path
    return real.with_name(real.name + SUFFIX)


def bank_key(
    stories: Iterable[Mapping[str, Any]],
    questions: Iterable[Mapping[str, Any]],
    framework_id: str,
    frameworks_folder: Path,
) -> str:
    """A digest of everything the matcher's choice depends on besides the cards.

    Args:
        stories: Every story document, as stored.
        questions: The user's question documents, as stored.
        framework_id: The active framework's id (the setting).
        frameworks_folder: Where the user's framework files are.
    """
    digest = blake2b(digest_size=20)
    whole = [
        __version__,
        framework_id,
        sorted(stories, key=lambda d: str(d.get("id"))),
        sorted(questions, key=lambda d: str(d.get("id"))),
    ]
    digest.update(json.dumps(whole, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    if frameworks_folder.is_dir():
        for file in sorted(frameworks_folder.glob("*.toml")):
            digest.update(file.name.encode("utf-8") + b"\0")
            with contextlib.suppress(OSError):
                digest.update(file.read_bytes())
            digest.update(b"\0")
    # The built-in questions and frameworks, by size and modification time: a
    # copy of storybank with other data files has other ones.
    for file in sorted(data_dir().rglob("*")):
        with contextlib.suppress(OSError):
            facts = file.stat()
            digest.update(f"{file.name}:{facts.st_size}:{facts.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def read_record(path: Path, key: str) -> Unquestioned | None:
    """The stories recorded without a question for ``key``; ``None`` if there is no such record."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    stories = data.get("stories")
    if not isinstance(stories, dict):
        return None
    found: Unquestioned = {}
    for story_id, taken in stories.items():
        if not isinstance(taken, list) or not all(isinstance(ref, str) for ref in taken):
            return None
        found[story_id] = taken
    return found


def write_record(path: Path, key: str, stories: Unquestioned) -> None:
    """Keep ``stories`` for ``key`` (nothing is written when the file says so already)."""
    if read_record(path, key) == stories:
        return
    body = json.dumps({"key": key, "stories": stories}, sort_keys=True).encode("utf-8")
    # A cache: written whole and renamed into place, but not synced to disk.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(body)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
