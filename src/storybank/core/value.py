"""Small immutable value classes, without what ``dataclasses`` costs at start-up.

A frozen dataclass writes and compiles its methods when its module is
imported: about two milliseconds a class. ``storybank due`` runs on every
shell prompt and imports a handful of such classes, so the few on its path are
written as :class:`Value` subclasses instead: fields in ``__slots__``, set once
in ``__init__``, compared, hashed and shown by value like a frozen dataclass.
"""

from __future__ import annotations

from typing import Any


class Value:
    """Base of a value class: equal, hashed and shown by the fields named in ``__slots__``.

    A subclass lists its fields in ``__slots__`` (in constructor order) and sets
    each once in ``__init__`` with :meth:`_set`; afterwards they cannot change.
    """

    __slots__: tuple[str, ...] = ()

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> Any:
        """A copy with ``changes`` (as :func:`dataclasses.replace` makes of a dataclass).

        The constructor's parameters must be named as the fields.
        """
        fields = {name: getattr(self, name) for name in self.__slots__}
        fields.update(changes)
        return type(self)(**fields)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}: {type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}: {type(self).__name__} is immutable")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Value)
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"
