"""A round the glance reads without the models is one the Interview model accepts.

``storybank due`` reads the interview table without pydantic
(:func:`storybank.scheduling.canonical.interview`); a round it accepts must be
one the model accepts too, with the same id, date, round and kind, or the
count it prints could come from a bank the Drill screen refuses to read.
Rounds are stored without their defaults, so every key but four may be absent.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pydantic
import pytest

from scheduling.drill_helpers import story
from scheduling.test_debriefs import CONFLICT, MATCHER
from storybank.scheduling import canonical
from storybank.scheduling.debriefs import QuestionEntry
from storybank.scheduling.drills import Drills
from storybank.scheduling.models import AskedFollowUp, Interview, Rubric
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]

ODD_VALUES: list[object] = [
    None,
    "",
    " ",
    "two\nlines",
    "Not A Slug!",
    "2025-13-01",
    "2025-03-01T10:00:00+00:00",
    0,
    5,
    -1.0,
    2.5,
    float("nan"),
    True,
    [],
    ["x"],
    {},
    {"k": 1},
    "x" * 25_000,
]


def _stored_rounds(make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path) -> list[Any]:
    bank = make_bank(story("a", competencies={"tpm": ["conflict"]}), story("b"))
    drills = open_drills(bank)
    held = drills.interviews.add("Acme", date(2025, 2, 25), "onsite").id
    drills.debriefs.debrief(
        held,
        [
            QuestionEntry(
                CONFLICT,
                story="a",
                went="shaky",
                follow_ups=[AskedFollowUp(text="What would they say?", answered=False)],
            )
        ],
        matcher=MATCHER,
    )
    drills.debriefs.outcome(held, "rejected", "Too vague on numbers.")
    mock = drills.interviews.add("Acme", date(2025, 3, 1), "mock", kind="practice").id
    scores = dict.fromkeys(
        ("structure", "ownership", "complications", "quantified", "lesson", "composure"), 3
    )
    drills.debriefs.log(
        mock,
        [QuestionEntry(CONFLICT, story="a", went="ok", rubric=Rubric.model_validate(scores))],
        matcher=MATCHER,
    )
    drills.interviews.add("Globex", date(2025, 3, 9))
    drills.close()
    bank.close()
    data = json.loads(bank_file.read_text(encoding="utf-8"))
    return list(data["interviews"].values())


def _variants(document: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The document with each key, and each key of its first question, changed or dropped."""
    for key in list(document):
        for value in ODD_VALUES:
            changed = copy.deepcopy(document)
            changed[key] = value
            yield changed
        dropped = copy.deepcopy(document)
        del dropped[key]
        yield dropped
    extra = copy.deepcopy(document)
    extra["unknown"] = 1
    yield extra
    if document.get("questions"):
        first = document["questions"][0]
        for key in list(first):
            for value in ODD_VALUES:
                changed = copy.deepcopy(document)
                changed["questions"][0][key] = value
                yield changed
        if first.get("follow_ups"):
            for value in ODD_VALUES:
                changed = copy.deepcopy(document)
                changed["questions"][0]["follow_ups"][0]["text"] = value
                yield changed
        if first.get("rubric"):
            for value in ODD_VALUES:
                changed = copy.deepcopy(document)
                changed["questions"][0]["rubric"]["lesson"] = value
                yield changed


def _agrees(document: dict[str, Any]) -> None:
    if not canonical.interview(document):
        return  # "not sure": the drills proper read it
    model = Interview.model_validate(document)
    assert (model.id, model.date.isoformat(), model.round, model.kind) == (
        document["id"],
        document["date"],
        document.get("round", ""),
        document.get("kind", "interview"),
    )


def test_rounds_as_stored_are_read_at_a_glance(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    rounds = _stored_rounds(make_bank, open_drills, bank_file)
    assert len(rounds) == 3
    assert all(canonical.interview(document) for document in rounds)
    assert any(document.get("kind") == "practice" for document in rounds)
    assert canonical.weak_spots_possible(rounds)


def test_a_round_the_glance_accepts_is_one_the_model_accepts(
    make_bank: MakeBank, open_drills: OpenDrills, bank_file: Path
) -> None:
    refused = 0
    for document in _stored_rounds(make_bank, open_drills, bank_file):
        for variant in _variants(document):
            try:
                _agrees(variant)
            except pydantic.ValidationError as exc:
                pytest.fail(f"the glance accepted a round the model refuses: {variant}\n{exc}")
            refused += not canonical.interview(variant)
    assert refused > 100
