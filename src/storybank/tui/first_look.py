"""Readiness scores the first frame shows without loading the checks.

The first frame lists every story with its readiness badge, read from the
bank file without the models (:meth:`Services.first_look`). Importing the
checks and running them on every story is most of what that costs, so the
app keeps each story's score in the user cache folder once it has one, keyed
by a digest of exactly what the score depends on: the story's document as
the file stores it, the active framework's id, the bytes of every framework
file and the storybank version. A story whose key is not there (a new or
edited story, an upgrade, another framework) sends the whole first frame the
slow way, and the scores it computes are kept for the next start.

Only numbers and one of the known badge words are read back (anything else
and the file is ignored); titles always come from the bank file itself.
``STORYBANK_NO_CACHE=1`` turns this off like the CLI's memos.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from storybank import __version__
from storybank.storage.cache_files import blake2b, cache_file, disabled, framework_digest
from storybank.tui.render import READINESS_WORDS

FORMAT = 1
"""Bumped whenever what a score's key covers or the file's shape changes."""
KIND = "firstlook"
"""Names the cache file (``firstlook-<bank path digest>.json``)."""

Score = tuple[int, str]
"""A readiness score and its badge word (``ready``, ``almost``, ``draft``)."""


class FirstLookScores:
    """The kept scores of one bank's stories in one framework.

    Args:
        bank: The bank file.
        framework_id: The active framework as the bank's settings name it.
    """

    def __init__(self, bank: Path, framework_id: str) -> None:
        self.bank = bank
        stamp = blake2b(f"{__version__}\0{FORMAT}\0{framework_id}\0".encode(), digest_size=20)
        self._stamp = None if disabled() or not framework_digest(bank, stamp) else stamp

    def key(self, document: Mapping[str, Any]) -> str | None:
        """What a story's score is kept under (``None`` when caching is off)."""
        if self._stamp is None:
            return None
        digest = self._stamp.copy()
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _read(self) -> dict[str, Any]:
        try:
            value = json.loads(cache_file(KIND, self.bank).read_bytes())
        except (OSError, ValueError):
            return {}
        if type(value) is not dict or value.get("format") != FORMAT:
            return {}
        scores = value.get("scores")
        return scores if type(scores) is dict else {}

    def recall(self, documents: Sequence[Mapping[str, Any]]) -> list[Score] | None:
        """The kept score of every story, in order; ``None`` unless all of them are kept."""
        if self._stamp is None or not documents:
            return None
        kept = self._read()
        found: list[Score] = []
        for document in documents:
            entry = kept.get(self.key(document) or "")
            if type(entry) is not list or len(entry) != 2:
                return None
            score, label = entry
            if type(score) is not int or not 0 <= score <= 100 or label not in READINESS_WORDS:
                return None
            found.append((score, label))
        return found

    def keep(self, documents: Sequence[Mapping[str, Any]], scores: Sequence[Score]) -> None:
        """Keep these stories' scores (and no others). Best effort: never fails the app."""
        from storybank.storage.files import atomic_write

        entries = {}
        for document, (score, label) in zip(documents, scores, strict=True):
            key = self.key(document)
            if key is None:
                return
            entries[key] = [score, label]
        body = json.dumps({"format": FORMAT, "scores": entries}, separators=(",", ":"))
        with contextlib.suppress(Exception):
            atomic_write(cache_file(KIND, self.bank), body.encode("ascii"))
