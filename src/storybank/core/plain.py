"""Typed, read-only views of plain JSON records, described by protocols.

Commands started from the shell read data that the pydantic models validated
when it was written (a memo, see :mod:`storybank.cli.memo`). Building the
models again would cost more than the command itself, so that data is read
through views instead. A :class:`Shape` reads a protocol class once (the
names and types of its properties), checks a record against it and returns a
:class:`Plain` view whose attributes are the record's fields. The view
satisfies the protocol it was made from, so code written against the protocol
(the matcher, say) reads views and models alike.

A protocol property may have one of these types: ``str``, ``int``,
``Sequence[str]``, ``dict[str, list[str]]`` (competency tags per framework)
or ``Sequence[P]`` for another protocol ``P`` of the same module (a list of
records, each read through ``P``). The annotations are read as written, in a
module with ``from __future__ import annotations``, and never evaluated.
Every field is required, as ``model_dump(mode="json")`` writes every field.
A protocol may also declare the two lookups storybank's records offer, which
a view answers from the record's ``competencies``:

- ``tags_in(framework_id)``: a story's tags in one framework, from its
  ``competencies`` table (checked even when the protocol does not expose it);
- ``get(competency_id)``: a framework's competency by id, from its
  ``competencies`` list.

Checks are of type and shape only, not of the models' finer rules: a record
that does not fit raises :class:`ShapeError`, so data damaged on its way is
refused rather than half-used.
"""

from __future__ import annotations

import typing
from types import FunctionType
from typing import TYPE_CHECKING, Any, Generic, TypeGuard, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    Check = Callable[[Any], Any]
    """Checks one field's value; returns what the view holds, or raises :class:`ShapeError`."""

T = TypeVar("T")

_new = object.__new__
_INDEX = "_index"
_RECORD = "_record"
_SHAPE = "_shape"


class ShapeError(ValueError):
    """A record does not have the shape its protocol describes."""


class Plain:
    """A read-only view of one checked record; made by :meth:`Shape.view`.

    Views are equal when they were read through the same shape from equal records.
    """

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a plain view is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a plain view is read-only: cannot delete {name}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plain):
            return NotImplemented
        mine, theirs = self.__dict__, other.__dict__
        return mine[_SHAPE] is theirs[_SHAPE] and mine[_RECORD] == theirs[_RECORD]

    __hash__ = None  # type: ignore[assignment]  # equal by content, like the models

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in self.__dict__.items() if name[0] != "_"
        )
        return f"<{self.__dict__[_SHAPE].name} view: {fields}>"

    def tags_in(self, framework_id: str) -> list[str]:
        """The record's competency ids in one framework (empty if untagged there)."""
        tags: dict[str, list[str]] = self.__dict__["competencies"]
        return tags.get(framework_id, [])

    def get(self, competency_id: str) -> Plain | None:
        """The competency of the record's ``competencies`` list with this id, or ``None``."""
        index: dict[str, Plain] | None = self.__dict__.get(_INDEX)
        if index is None:
            raise TypeError(f"a {self.__dict__[_SHAPE].name} view has no competencies to look up")
        return index.get(competency_id)


def record_of(view: object) -> dict[str, Any]:
    """The record a view reads (to check it against where it came from).

    Raises:
        TypeError: ``view`` is not a view made by a :class:`Shape`.
    """
    if not isinstance(view, Plain):
        raise TypeError(f"not a plain view: {type(view).__name__}")
    record: dict[str, Any] = view.__dict__[_RECORD]
    return record


def _text(value: object) -> str:
    if type(value) is not str:
        raise ShapeError(f"should be text, not {_kind(value)}")
    return value


def _integer(value: object) -> int:
    if type(value) is not int:  # bool is an int to isinstance(), not to JSON
        raise ShapeError(f"should be a whole number, not {_kind(value)}")
    return value


def _texts(value: object) -> list[str]:
    if type(value) is not list:
        raise ShapeError(f"should be a list of text, not {_kind(value)}")
    for item in value:  # a loop, not all(): this runs for every cue of every competency
        if type(item) is not str:
            raise ShapeError(f"should be a list of text, not of {_kind(item)}")
    return value


def _tags(value: object) -> dict[str, list[str]]:
    if type(value) is not dict:
        raise ShapeError(f"should be a table of lists, not {_kind(value)}")
    for tags in value.values():
        _texts(tags)
    return value


def _kind(value: object) -> str:
    return "null" if value is None else type(value).__name__


_CHECKS: dict[str, Check] = {
    "str": _text,
    "int": _integer,
    "Sequence[str]": _texts,
    "dict[str, list[str]]": _tags,
}
"""The field types a protocol property may have, as written, besides lists of records."""

_LOOKUPS = ("tags_in", "get")
"""The methods a protocol may declare; :class:`Plain` answers them."""


class Shape(Generic[T]):
    """How to read records of one protocol ``T``, worked out once from the protocol.

    Declare it with the protocol it reads, e.g.
    ``STORY: Shape[StoryLike] = Shape(StoryLike)``.
    """

    _texts: tuple[str, ...]
    """The text fields, checked inline by :meth:`view`."""
    _others: tuple[tuple[str, Check], ...]
    """Every other field and how its value is checked."""

    def __init__(self, protocol: type) -> None:
        """Read the protocol's properties and lookups.

        Raises:
            TypeError: a property has a type no plain JSON value has, or the
                protocol declares a method a view cannot answer.
        """
        self.name: str = protocol.__name__
        checks: dict[str, Check] = {}
        nested: dict[str, Shape[Any] | None] = {}
        lookups: list[str] = []
        for base in reversed(protocol.__mro__):
            if base in (object, typing.Protocol, typing.Generic):
                continue
            for name, member in vars(base).items():
                if name.startswith("_"):
                    continue
                if isinstance(member, property) and isinstance(member.fget, FunctionType):
                    checks[name], nested[name] = _check_for(member.fget, f"{self.name}.{name}")
                elif name in _LOOKUPS:
                    lookups.append(name)
                else:
                    raise TypeError(f"{self.name}.{name}: a plain view cannot answer it")
        if "tags_in" in lookups:
            # A story's tags are read through tags_in() only, but checked all the same.
            if checks.setdefault("competencies", _tags) is not _tags:
                raise TypeError(f"{self.name}.tags_in needs competencies to be a tag table")
        self._keyed = "get" in lookups
        if self._keyed:
            members = nested.get("competencies")
            if members is None or "id" not in members._texts:
                raise TypeError(f"{self.name}.get needs competencies to be records with an id")
        self._texts = tuple(name for name, check in checks.items() if check is _text)
        self._others = tuple((name, check) for name, check in checks.items() if check is not _text)

    def view(self, data: object) -> T:
        """A view of ``data``, which must have every field, each of the right type.

        Raises:
            ShapeError: ``data`` is not a table, lacks a field or has one of the wrong type.
        """
        if type(data) is not dict:
            raise ShapeError(f"a {self.name} should be a table, not {_kind(data)}")
        view = _new(Plain)
        values = view.__dict__
        values[_SHAPE] = self
        values[_RECORD] = data
        name = ""
        try:
            # Text fields, the most common, are checked inline: a lookup reads
            # a few hundred records and a call per field would show.
            for name in self._texts:
                value = data[name]
                if type(value) is not str:
                    raise ShapeError(f"should be text, not {_kind(value)}")
                values[name] = value
            for name, check in self._others:
                values[name] = check(data[name])
        except KeyError:
            raise ShapeError(f"a {self.name} has no {name}") from None
        except ShapeError as exc:
            raise ShapeError(f"{self.name}.{name}: {exc}") from None
        if self._keyed:
            values[_INDEX] = {c.id: c for c in values["competencies"]}
        return view  # type: ignore[return-value]  # it satisfies T, as the shape checked

    def views(self, data: object) -> list[T]:
        """Views of a list (or tuple) of records (see :meth:`view`)."""
        if type(data) is not list and type(data) is not tuple:
            raise ShapeError(f"a list of {self.name} records should be a list, not {_kind(data)}")
        return [self.view(item) for item in data]


_NESTED: dict[type, Shape[Any]] = {}
"""Shapes of protocols used as list items, made once each."""


def _check_for(getter: FunctionType, where: str) -> tuple[Check, Shape[Any] | None]:
    """How to check the value of the property ``getter`` reads, and the shape of its items.

    The annotation is read as written, never evaluated: evaluating it would
    start Python's compiler, which costs about a twentieth of a ``storybank
    list`` served from its memo. So protocols read through a shape are written
    with ``from __future__ import annotations``, and a nested protocol is
    named by its plain name.
    """
    hint = getter.__annotations__.get("return")
    if not isinstance(hint, str):
        raise TypeError(f"{where}: annotate it in a module with postponed annotations")
    check = _CHECKS.get(hint)
    if check is not None:
        return check, None
    if hint.startswith("Sequence[") and hint.endswith("]"):
        item = getter.__globals__.get(hint.removeprefix("Sequence[").removesuffix("]"))
        if _is_protocol(item):
            if item not in _NESTED:
                _NESTED[item] = Shape(item)
            return _NESTED[item].views, _NESTED[item]
    raise TypeError(f"{where}: a plain view cannot hold {hint}")


def _is_protocol(value: object) -> TypeGuard[type]:
    return isinstance(value, type) and bool(getattr(value, "_is_protocol", False))
