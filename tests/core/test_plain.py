"""Plain views: plain JSON records read through a protocol, checked on the way in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import pytest

from storybank.core.plain import Shape, ShapeError


class Note(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def stars(self) -> int: ...


class Notebook(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def labels(self) -> Sequence[str]: ...
    @property
    def notes(self) -> Sequence[Note]: ...
    def tags_in(self, framework_id: str) -> list[str]: ...


class Team(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def competencies(self) -> Sequence[Notebook]: ...
    def get(self, competency_id: str) -> Notebook | None: ...


NOTEBOOK: Shape[Notebook] = Shape(Notebook)
TEAM: Shape[Team] = Shape(Team)


def _notebook(**changes: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "field-notes",
        "labels": ["travel", "[bold]x[/]"],
        "notes": [{"text": "Left at dawn", "stars": 4}, {"text": "", "stars": 0}],
        "competencies": {"tpm": ["ambiguity", "ownership"], "amazon-lp": []},
    }
    data.update(changes)
    return data


def test_a_view_reads_every_field_and_nested_record() -> None:
    book = NOTEBOOK.view(_notebook())
    assert book.id == "field-notes"
    assert list(book.labels) == ["travel", "[bold]x[/]"]
    assert [(n.text, n.stars) for n in book.notes] == [("Left at dawn", 4), ("", 0)]
    assert book.tags_in("tpm") == ["ambiguity", "ownership"]
    assert book.tags_in("amazon-lp") == []
    assert book.tags_in("unknown") == []


def test_a_view_looks_competencies_up_by_id() -> None:
    team = TEAM.view({"name": "Ledger", "competencies": [_notebook(), _notebook(id="diary")]})
    first, second = team.competencies
    assert team.get("field-notes") is first
    assert team.get("diary") is second
    assert team.get("nothing") is None


def test_a_view_is_read_only() -> None:
    book = NOTEBOOK.view(_notebook())
    with pytest.raises(AttributeError):
        book.id = "other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        delattr(book, "id")
    assert book.id == "field-notes"


def test_views_are_equal_when_their_records_are() -> None:
    assert NOTEBOOK.view(_notebook()) == NOTEBOOK.view(_notebook())
    assert NOTEBOOK.view(_notebook()) != NOTEBOOK.view(_notebook(id="diary"))
    as_object: object = NOTEBOOK.view(_notebook())
    assert as_object != _notebook()
    with pytest.raises(TypeError):
        hash(NOTEBOOK.view(_notebook()))


def _without(key: str) -> dict[str, Any]:
    data = _notebook()
    del data[key]
    return data


WRONG = {
    "not a table": ["field-notes"],
    "id missing": _without("id"),
    "tags missing (read through tags_in only)": _without("competencies"),
    "id null": _notebook(id=None),
    "id a number": _notebook(id=7),
    "labels text": _notebook(labels="travel"),
    "a label a number": _notebook(labels=["travel", 3]),
    "notes a table": _notebook(notes={"text": "x", "stars": 1}),
    "a note not a table": _notebook(notes=["Left at dawn"]),
    "a note without stars": _notebook(notes=[{"text": "x"}]),
    "stars true": _notebook(notes=[{"text": "x", "stars": True}]),
    "stars a fraction": _notebook(notes=[{"text": "x", "stars": 2.5}]),
    "tags a list": _notebook(competencies=["ambiguity"]),
    "tags of a framework text": _notebook(competencies={"tpm": "ambiguity"}),
}


@pytest.mark.parametrize("data", WRONG.values(), ids=WRONG.keys())
def test_a_record_of_the_wrong_shape_is_refused(data: object) -> None:
    with pytest.raises(ShapeError):
        NOTEBOOK.view(data)


def test_a_list_of_records_must_be_a_list() -> None:
    assert NOTEBOOK.views((_notebook(),)) == NOTEBOOK.views([_notebook()])
    with pytest.raises(ShapeError):
        NOTEBOOK.views(_notebook())


class Dated(Protocol):
    @property
    def when(self) -> float: ...


class Saving(Protocol):
    def save(self) -> None: ...


class TaggedTwice(Protocol):
    @property
    def competencies(self) -> Sequence[str]: ...
    def tags_in(self, framework_id: str) -> list[str]: ...


class Unkeyed(Protocol):
    @property
    def competencies(self) -> Sequence[Note]: ...
    def get(self, competency_id: str) -> Note | None: ...


@pytest.mark.parametrize(
    "protocol", [Dated, Saving, TaggedTwice, Unkeyed], ids=lambda p: p.__name__
)
def test_a_protocol_a_view_cannot_satisfy_is_refused_at_once(protocol: type) -> None:
    make: Callable[[type], object] = Shape
    with pytest.raises(TypeError):
        make(protocol)
