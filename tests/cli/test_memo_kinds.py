"""Memo kinds: only a registered kind is kept and served, and each one round-trips."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from storybank.cli import listing, match, memo
from storybank.storage.repository import Bank


def _copy(
    kind: memo.Kind[Any], name: str | None = None, version: int | None = None
) -> memo.Kind[Any]:
    """A kind like ``kind`` in every way, but a different, unregistered object."""
    return memo.Kind(
        name or kind.name,
        version=kind.version if version is None else version,
        build=kind.build,
        read=kind.read,
        agrees=kind.agrees,
        eager=kind.eager,
    )


def test_the_commands_register_their_memo_kinds() -> None:
    assert set(memo.registered()) == {listing.MEMO, match.MEMO}
    assert {k.name for k in memo.registered()} == {"list", "match"}


@pytest.mark.parametrize("kind", memo.registered(), ids=lambda k: k.name)
def test_every_registered_kind_round_trips(sample: Path, kind: memo.Kind[Any]) -> None:
    with Bank.open(sample, read_only=True) as bank:
        value = kind.build(bank)
    memo.Inputs(sample).keep(kind, value)
    assert memo.memo_path(kind.name, sample).is_file()
    recalled = memo.Inputs(sample).recall(kind)
    assert recalled is not None
    assert recalled == kind.read(dict(value))


def _write(kind: memo.Kind[Any], bank: Path, value: Mapping[str, Any]) -> Path:
    """Write a well-formed memo of ``kind`` for the bank as it is now."""
    key = memo.Inputs(bank).key(kind)
    assert key is not None
    path = memo.memo_path(kind.name, bank)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(memo.encode(key, value))
    return path


def test_a_kind_that_is_not_registered_is_neither_kept_nor_served(sample: Path) -> None:
    probe = memo.Kind(
        "probe",
        version=1,
        build=match.lookup_data,
        read=match.read_lookup,
        agrees=match.lookup_agrees,
    )
    with Bank.open(sample, read_only=True) as bank:
        value = probe.build(bank)
    memo.Inputs(sample).keep(probe, value)
    assert not memo.memo_path("probe", sample).exists()
    _write(probe, sample, value)
    assert memo.Inputs(sample).recall(probe) is None


def test_a_look_alike_of_a_registered_kind_is_not_served(sample: Path) -> None:
    impostor = _copy(match.MEMO)
    served = memo.Inputs(sample).recall(match.MEMO)  # `init --sample` wrote it
    assert served is not None
    assert memo.Inputs(sample).recall(impostor) is None
    before = memo.memo_path("match", sample).read_bytes()
    memo.Inputs(sample).keep(impostor, {"not": "a lookup"})
    assert memo.memo_path("match", sample).read_bytes() == before


def test_a_memo_of_another_version_of_its_kind_is_not_served(sample: Path) -> None:
    with Bank.open(sample, read_only=True) as bank:
        value = match.lookup_data(bank)
    older = _copy(match.MEMO, version=match.MEMO.version + 1)
    _write(older, sample, value)
    assert memo.Inputs(sample).recall(match.MEMO) is None
    _write(match.MEMO, sample, value)
    assert memo.Inputs(sample).recall(match.MEMO) is not None


def test_a_name_is_registered_once() -> None:
    assert memo.register(match.MEMO) is match.MEMO  # the same kind again is fine
    with pytest.raises(ValueError, match="already"):
        memo.register(_copy(match.MEMO))
    with pytest.raises(ValueError, match="lowercase"):
        memo.register(_copy(match.MEMO, name="Match-2"))
    assert set(memo.registered()) == {listing.MEMO, match.MEMO}
