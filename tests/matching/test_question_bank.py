"""The built-in question bank and the cue lists of the built-in frameworks."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from storybank.core.models import CompetencyFramework
from storybank.core.questions import (
    FRAMEWORK_KEYS,
    builtin_question_records,
    builtin_questions,
    validate_builtin_questions,
)
from storybank.matching.text import keys
from storybank.resources import data_dir

EVAL_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "eval"


def test_the_bank_has_at_least_600_valid_questions() -> None:
    validated = validate_builtin_questions()
    assert len(validated) >= 600
    assert [q.model_dump() for q in validated] == [q.model_dump() for q in builtin_questions()]


def test_the_bank_is_cached() -> None:
    assert builtin_questions() is builtin_questions()


def test_ids_and_texts_are_unique() -> None:
    questions = builtin_questions()
    assert len({q.id for q in questions}) == len(questions)
    assert len({q.text.casefold() for q in questions}) == len(questions)


def test_every_question_is_builtin_and_tagged_in_both_frameworks(
    tpm: CompetencyFramework, amazon_lp: CompetencyFramework
) -> None:
    frameworks = {"tpm": tpm, "amazon-lp": amazon_lp}
    assert set(FRAMEWORK_KEYS) == set(frameworks)
    for question in builtin_questions():
        assert question.source == "builtin"
        for framework_id, framework in frameworks.items():
            tags = question.competencies.get(framework_id, [])
            assert tags, f"{question.id} has no {framework_id} tag"
            assert all(framework.get(t) is not None for t in tags), question.id


def test_every_question_lists_one_to_four_defensible_competencies_per_framework() -> None:
    # The first id is the most direct one; the others are what an interviewer
    # could also be probing. Four is the most the labelling rules allow.
    for record in builtin_question_records():
        for framework_id in FRAMEWORK_KEYS:
            tags = record[framework_id]
            assert 1 <= len(tags) <= 4, f"{record['id']}: {len(tags)} {framework_id} tags"
            assert len(set(tags)) == len(tags), f"{record['id']}: a {framework_id} tag twice"


@pytest.mark.parametrize("framework_id", ["tpm", "amazon-lp"])
def test_every_competency_is_the_main_tag_of_several_questions(
    framework_id: str, tpm: CompetencyFramework, amazon_lp: CompetencyFramework
) -> None:
    framework = tpm if framework_id == "tpm" else amazon_lp
    main_tags = Counter(q.competencies[framework_id][0] for q in builtin_questions())
    thin = {c: main_tags[c] for c in framework.ids if main_tags[c] < 15}
    assert not thin, f"competencies with fewer than 15 questions: {thin}"


def test_the_bank_file_is_json_with_one_question_per_line() -> None:
    text = (data_dir() / "questions.json").read_text(encoding="utf-8")
    records = json.loads(text)["questions"]
    assert records == builtin_question_records()
    question_lines = [line for line in text.splitlines() if '"id":' in line]
    assert len(question_lines) == len(records)


@pytest.mark.parametrize("framework_id", ["tpm", "amazon-lp"])
def test_every_cue_normalises_to_at_least_one_concept(
    framework_id: str, tpm: CompetencyFramework, amazon_lp: CompetencyFramework
) -> None:
    framework = tpm if framework_id == "tpm" else amazon_lp
    for comp in framework.competencies:
        assert len(comp.cues) >= 10, comp.id
        for cue in comp.cues:
            assert keys(cue), f"{comp.id}: cue {cue!r} is only stop words"


@pytest.mark.skipif(not EVAL_DIR.is_dir(), reason="no labeled evaluation questions beside the repo")
def test_no_bank_question_copies_an_evaluation_question() -> None:
    # The evaluation questions are for measuring only; a near-identical bank
    # question would turn the benchmark into a lookup.
    evaluation: list[str] = []
    for path in sorted(EVAL_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            evaluation.extend(json.loads(line)["question"].casefold() for line in handle)
    for question in builtin_questions():
        hit = process.extractOne(
            question.text.casefold(), evaluation, scorer=fuzz.token_sort_ratio, score_cutoff=85
        )
        assert hit is None, f"{question.id} is close to an evaluation question"
