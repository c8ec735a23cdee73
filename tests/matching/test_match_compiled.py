"""The precompiled lexicon snapshot, and how light the matcher is to import."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from storybank.matching import compiled
from storybank.matching.text import _Lexicon, keys, known_keys


def test_the_snapshot_is_current() -> None:
    # If this fails, run: python -m storybank.matching.compiled
    assert compiled.load() is not None, "compiled.json is stale"
    shipped = json.loads(compiled.SNAPSHOT.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(compiled.build()))


def test_the_snapshot_holds_the_same_lexicon_as_a_fresh_compile() -> None:
    data = compiled.load()
    assert data is not None
    fresh = _Lexicon.compile()
    loaded = _Lexicon.from_data(data["lexicon"])
    assert loaded.phrases == fresh.phrases
    assert loaded.surface == fresh.surface
    assert loaded.stems == fresh.stems
    assert loaded.stop_stems == fresh.stop_stems
    assert loaded.vocabulary == fresh.vocabulary


def test_known_texts_read_from_the_snapshot_match_a_fresh_analysis() -> None:
    for text in compiled.builtin_texts():
        assert known_keys(text) == keys(text)


def test_a_stale_snapshot_is_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compiled, "stamp", lambda: "not-the-same-sources")
    compiled.load.cache_clear()
    try:
        assert compiled.load() is None
        assert compiled.analyses() == {}
        assert known_keys("Tell me about pushing back on a deadline") == keys(
            "Tell me about pushing back on a deadline"
        )
    finally:
        monkeypatch.undo()
        compiled.load.cache_clear()


def test_importing_the_matcher_loads_nothing_heavy() -> None:
    script = "import storybank.matching, sys; print('\\n'.join(sorted(sys.modules)))"
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert not {m for m in loaded if m.split(".")[0] in {"textual", "numpy", "tomllib"}}
    # The bank and the snapshot are read when a matcher first needs them.
    assert "storybank.core.questions" not in loaded
    assert "storybank.matching.compiled" not in loaded
