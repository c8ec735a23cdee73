"""The built-in question bank: common behavioral and TPM interview questions.

The bank ships as ``core/data/questions.json``: one question per line, each
tagged in both built-in frameworks (``tpm`` and ``amazon-lp``), main tag first.
It is JSON rather than TOML because it is read on every ``storybank match``
and ``json`` parses it in well under a millisecond.

The shipped file is validated field by field by the test suite, so at run
time the questions are built without a second validation pass (it would cost
more than everything else the lookup does).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from storybank.errors import StorybankError
from storybank.resources import data_dir

if TYPE_CHECKING:
    from storybank.core.models import Question

QUESTIONS_FILE = "questions.json"
FRAMEWORK_KEYS: tuple[str, ...] = ("tpm", "amazon-lp")
"""The framework ids each built-in question is tagged in."""

_BUILTIN_CREATED = datetime(2025, 1, 1, tzinfo=UTC)
"""A fixed timestamp, so built-in questions compare equal from run to run."""


def builtin_question_records() -> list[dict[str, Any]]:
    """The raw records of the shipped question bank (for validation in tests)."""
    path = data_dir() / QUESTIONS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StorybankError(
            f"the built-in question bank cannot be read: {exc}",
            file=path,
            hint="reinstall storybank",
        ) from None
    records: list[dict[str, Any]] = raw["questions"]
    return records


def _record_data(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "text": record["text"],
        "competencies": {fw: list(record[fw]) for fw in FRAMEWORK_KEYS if record.get(fw)},
        "source": "builtin",
        "created": _BUILTIN_CREATED,
    }


def validate_builtin_questions() -> tuple[Question, ...]:
    """The question bank built with full validation (slower; for tests and doctor)."""
    from storybank.core.models import Question

    return tuple(Question.model_validate(_record_data(r)) for r in builtin_question_records())


@cache
def builtin_questions() -> tuple[Question, ...]:
    """The shipped questions, in file order (cached for the life of the process)."""
    from storybank.core.models import Question

    # model_construct skips validation: the file ships with the package and
    # validate_builtin_questions() checks every record in the test suite.
    return tuple(Question.model_construct(**_record_data(r)) for r in builtin_question_records())


def builtin_question_data() -> list[dict[str, Any]]:
    """The shipped questions as plain data (id, text, competencies), in file order.

    For the matcher's model-free path (see :mod:`storybank.matching.inputs`).
    """
    return [
        {"id": d["id"], "text": d["text"], "competencies": d["competencies"]}
        for d in map(_record_data, builtin_question_records())
    ]
