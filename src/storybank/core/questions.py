"""The built-in question bank: common behavioral and TPM interview questions.

The bank ships as ``core/data/questions.json``: one question per line, each
tagged in both built-in frameworks (``tpm`` and ``amazon-lp``), main tag first.
It is JSON rather than TOML because it is read on every ``storybank match``
and ``json`` parses it in well under a millisecond.

The file is read in one place, once per process; its plain data
(:func:`builtin_question_data`) is what everything else is built from. The
shipped file is validated field by field by the test suite, so at run time
the models are built without a second validation pass (it would cost more
than everything else the lookup does).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from storybank.errors import StorybankError
from storybank.resources import data_dir

if TYPE_CHECKING:
    from typing import TypedDict

    from storybank.core.models import Question

    # For the type checker only: a TypedDict defined at run time compiles each
    # of its annotations, a cost every lookup from the shell would pay.
    class QuestionData(TypedDict):
        """A built-in question as plain data, shaped as ``Question.model_dump(mode="json")``."""

        id: str
        text: str
        competencies: dict[str, list[str]]


QUESTIONS_FILE = "questions.json"
FRAMEWORK_KEYS: tuple[str, ...] = ("tpm", "amazon-lp")
"""The framework ids each built-in question is tagged in."""

_BUILTIN_CREATED = datetime(2025, 1, 1, tzinfo=UTC)
"""A fixed timestamp, so built-in questions compare equal from run to run."""


@cache
def _records() -> tuple[dict[str, Any], ...]:
    """The one reader of the shipped file: its records, as written (cached)."""
    path = data_dir() / QUESTIONS_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StorybankError(
            f"the built-in question bank cannot be read: {exc}",
            file=path,
            hint="reinstall storybank",
        ) from None
    return tuple(raw["questions"])


def builtin_question_records() -> list[dict[str, Any]]:
    """The records of the shipped question bank as the file writes them (for tests)."""
    return list(_records())


@cache
def builtin_question_data() -> tuple[QuestionData, ...]:
    """The shipped questions as plain data, in file order (cached).

    Everything else here is built from it: the models, and the matcher's
    model-free path (see :mod:`storybank.matching.inputs`).
    """
    return tuple(
        {
            "id": record["id"],
            "text": record["text"],
            "competencies": {fw: record[fw] for fw in FRAMEWORK_KEYS if record.get(fw)},
        }
        for record in _records()
    )


def _model_fields(data: QuestionData) -> dict[str, Any]:
    return {
        "id": data["id"],
        "text": data["text"],
        # Copies: a model must not share its lists with the cached data.
        "competencies": {fw: list(tags) for fw, tags in data["competencies"].items()},
        "source": "builtin",
        "created": _BUILTIN_CREATED,
    }


@cache
def builtin_questions() -> tuple[Question, ...]:
    """The shipped questions as models, in file order (cached for the life of the process)."""
    from storybank.core.models import Question

    # model_construct skips validation: the file ships with the package and
    # validate_builtin_questions() checks every record in the test suite.
    return tuple(Question.model_construct(**_model_fields(d)) for d in builtin_question_data())


def validate_builtin_questions() -> tuple[Question, ...]:
    """The same questions built with full validation (slower; for the test suite)."""
    from storybank.core.models import Question

    return tuple(Question.model_validate(_model_fields(d)) for d in builtin_question_data())
