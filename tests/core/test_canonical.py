"""The fast reader of stored documents agrees with the models.

``canonical.X(document)`` may say "yes" only when the model accepts the
document and dumps it back unchanged: then reading the document as it is (a
record) gives what the model gives. Every document the bank writes must get a
"yes", or the fast path would never be taken. Documents are generated from
valid ones and then damaged one field at a time, with the values people and
programs get wrong: wrong types, edge lengths, control characters, blank or
padded text, duplicates, other timestamp spellings.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from property_runs import examples
from storybank.core import canonical
from storybank.core.frameworks import BUILTIN_IDS, builtin_frameworks, framework_records
from storybank.core.models import CompetencyFramework, FollowUp, Question, Settings, Story
from storybank.core.records import StoryRecord
from storybank.storage.snapshot import DEFAULT_SETTINGS

PROPERTY = settings(
    max_examples=examples(300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

chars = st.characters(codec="utf-8")
EDGY_TEXT = [
    "",
    " ",
    "x",
    " padded ",
    "\t",
    "line\nbreak",
    "cr\r",
    "\x00",
    "\x7f",
    "\x85",
    "\u2028",
    "tab\tinside",
    "[bold]x[/]",
    "naïve 日本語 🎉",
    "Billing-Ledger",
    "billing--ledger",
    "-billing",
    "billing-ledger",
    "a" * 50,
    "a" * 51,
    "a" * 60,
    "a" * 61,
    "b" * 200,
    "b" * 201,
]
TIMESTAMPS = [
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.120000Z",
    "2024-05-01T10:00:00.000000Z",
    "2024-05-01T10:00:00.12Z",
    "2024-05-01T10:00:00+00:00",
    "2024-05-01T12:00:00+02:00",
    "2024-05-01T10:00:00",
    "2024-05-01 10:00:00Z",
    "2024-13-01T10:00:00Z",
    "2024-02-30T10:00:00Z",
    "0001-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999Z",
    "2024-05-01T24:00:00Z",
    "2024-05-01T23:59:60Z",
    "1714557600",
    "2024-05-01",
]
VALUES: list[Any] = [
    *EDGY_TEXT,
    *TIMESTAMPS,
    None,
    True,
    False,
    -1,
    0,
    1,
    14,
    15,
    23,
    24,
    200,
    201,
    365,
    1_800,
    1_801,
    36_500,
    36_501,
    0.0,
    0.69,
    0.7,
    0.9,
    0.99,
    0.991,
    1.0,
    float("nan"),
    float("inf"),
    [],
    ["a"],
    ["a", "a"],
    [" a"],
    ["a "],
    [""],
    ["line\nbreak"],
    [1],
    [None],
    [["nested"]],
    ["x"] * 50,
    ["x" + str(i) for i in range(51)],
    {},
    {"tpm": []},
    {"tpm": ["ownership"]},
    {"tpm": ["ownership", "ownership"]},
    {"tpm": ["Ownership"]},
    {"Tpm": ["ownership"]},
    {"tpm": "ownership"},
    {"tpm": [1]},
    [{"question": "Why?", "answer": ""}],
    [{"question": "Why?", "answer": "Because."}],
    [{"question": "Why?"}],
    [{"question": "", "answer": ""}],
    [{"question": "Why?\nReally?", "answer": ""}],
    [{"question": "Why?", "answer": "", "extra": 1}],
    [{"question": "Why?", "answer": None}],
    [{"question": "q" * 501, "answer": ""}],
    ["not a follow-up"],
    {"nested": {"table": 1}},
]
"""Values that any field may be given, right for some fields and wrong for others."""
any_value: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(VALUES), st.text(chars, max_size=12), st.floats(), st.integers()
)


def _verdict(model: type[BaseModel], document: dict[str, Any]) -> dict[str, Any] | None:
    """What the model dumps for ``document``, or ``None`` if it refuses it."""
    try:
        return model.model_validate(copy.deepcopy(document)).model_dump(mode="json")
    except (ValidationError, ValueError, OverflowError):
        return None


def _damaged(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    damaged = copy.deepcopy(document)
    for _ in range(draw(st.integers(0, 3))):
        action = draw(st.sampled_from(["set", "drop", "add"]))
        key = draw(st.sampled_from(sorted(damaged) or ["id"]))
        if action == "set":
            damaged[key] = draw(any_value)
        elif action == "drop":
            damaged.pop(key, None)
        else:
            damaged[draw(st.sampled_from(["extra", "Title", key]))] = draw(any_value)
    return damaged


slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
moments = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))]),
)
one_line = st.text(chars, min_size=1, max_size=30).filter(
    lambda s: s.strip() and canonical.line(s, 200, 1)
)


@st.composite
def stories(draw: st.DrawFn) -> Story:
    tpm = builtin_frameworks()[0]
    return Story(
        id=draw(slugs),
        title=draw(one_line),
        headline=draw(st.text(chars, max_size=30)),
        situation=draw(st.text(chars, max_size=60)),
        action=draw(st.sampled_from(EDGY_TEXT)),
        follow_ups=draw(
            st.lists(st.builds(FollowUp, question=one_line, answer=st.text(max_size=9)), max_size=2)
        ),
        competencies={"tpm": draw(st.lists(st.sampled_from(tpm.ids), max_size=3))},
        tags=draw(st.lists(one_line.map(str.strip).filter(bool), max_size=3)),
        created=draw(moments),
        updated=draw(moments),
    )


@PROPERTY
@given(stories())
def test_every_story_the_bank_writes_is_canonical(story: Story) -> None:
    document = story.model_dump(mode="json")
    assert canonical.story(document)
    assert StoryRecord.of(document) == StoryRecord.of(_verdict(Story, document) or {})
    record = StoryRecord.of(document)
    for name in Story.model_fields:
        if name != "follow_ups":
            assert getattr(record, name) == getattr(story, name), name
    assert [(f.question, f.answer) for f in record.follow_ups] == [
        (f.question, f.answer) for f in story.follow_ups
    ]


def _every_single_damage(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The document with one field changed to each of :data:`VALUES`, or dropped, or an extra."""
    found = [{**document, "extra": "x"}]
    for key in document:
        found.append({k: v for k, v in document.items() if k != key})
        found.extend({**document, key: copy.deepcopy(value)} for value in VALUES)
    return found


SAMPLE_STORY = Story(
    id="billing-ledger",
    title="Migrating billing",
    follow_ups=[FollowUp(question="Why?", answer="Because.")],
    competencies={"tpm": ["ownership"]},
    tags=["payments"],
    created=datetime(2024, 5, 1, tzinfo=UTC),
    updated=datetime(2024, 5, 2, 3, 4, 5, 6, tzinfo=UTC),
)


@pytest.mark.parametrize(
    ("model", "check", "document"),
    [
        (Story, canonical.story, SAMPLE_STORY.model_dump(mode="json")),
        (
            Question,
            canonical.question,
            Question(id="q", text="Why?", created=datetime(2024, 5, 1, tzinfo=UTC)).model_dump(
                mode="json"
            ),
        ),
        (Settings, canonical.settings, Settings().model_dump(mode="json")),
    ],
)
def test_no_single_damage_fools_the_fast_reader(
    model: type[BaseModel], check: Any, document: dict[str, Any]
) -> None:
    assert check(document)
    for damaged in _every_single_damage(document):
        if check(damaged):
            assert _verdict(model, damaged) == damaged, damaged


def test_no_damage_to_a_follow_up_fools_the_fast_reader() -> None:
    document = SAMPLE_STORY.model_dump(mode="json")
    for follow_up in _every_single_damage(document["follow_ups"][0]):
        damaged = {**document, "follow_ups": [follow_up]}
        if canonical.story(damaged):
            assert _verdict(Story, damaged) == damaged, damaged
    for tags in VALUES:
        damaged = {**document, "tags": [tags] if isinstance(tags, str) else tags}
        if canonical.story(damaged):
            assert _verdict(Story, damaged) == damaged, damaged


@PROPERTY
@given(st.data())
def test_a_story_is_canonical_only_if_the_model_keeps_it_unchanged(data: st.DataObject) -> None:
    document = _damaged(data.draw, data.draw(stories()).model_dump(mode="json"))
    if canonical.story(document):
        assert _verdict(Story, document) == document


@PROPERTY
@given(st.data())
def test_a_question_is_canonical_only_if_the_model_keeps_it_unchanged(data: st.DataObject) -> None:
    question = Question(
        id=data.draw(slugs),
        text=data.draw(st.text(chars, min_size=1, max_size=40)),
        competencies=data.draw(st.sampled_from([{}, {"tpm": []}, {"tpm": ["ownership"] * 2}])),
        source=data.draw(st.sampled_from(["builtin", "user"])),
        created=data.draw(moments),
    )
    assert canonical.question(question.model_dump(mode="json"))
    document = _damaged(data.draw, question.model_dump(mode="json"))
    if canonical.question(document):
        assert _verdict(Question, document) == document


@PROPERTY
@given(st.data())
def test_settings_are_canonical_only_if_the_model_keeps_them_unchanged(
    data: st.DataObject,
) -> None:
    stored = Settings(
        desired_retention=data.draw(st.floats(0.7, 0.99)),
        new_cards_per_day=data.draw(st.integers(0, 200)),
        rollover_hour=data.draw(st.integers(0, 23)),
    )
    assert canonical.settings(stored.model_dump(mode="json"))
    document = _damaged(data.draw, stored.model_dump(mode="json"))
    if canonical.settings(document):
        assert _verdict(Settings, document) == document


def test_default_settings_are_the_models_defaults() -> None:
    assert Settings().model_dump(mode="json") == DEFAULT_SETTINGS


@PROPERTY
@given(st.data())
def test_a_framework_file_reads_as_the_model_reads_it(data: st.DataObject) -> None:
    table: dict[str, Any] = {
        "id": "team",
        "name": "Team",
        "competencies": [
            {"id": "craft", "name": "Craft", "description": "Builds well.", "cues": ["build"]},
            {"id": "care", "name": "Care", "description": "Helps others."},
        ],
    }
    if data.draw(st.booleans()):
        table["description"] = "Ours."
    if data.draw(st.booleans()):
        table = _damaged(data.draw, table)
    else:
        competencies = table["competencies"]
        index = data.draw(st.integers(0, 1))
        competencies[index] = _damaged(data.draw, competencies[index])
    read = canonical.framework(table)
    if read is not None:
        assert _verdict(CompetencyFramework, table) == read


def test_the_built_in_frameworks_read_the_same_both_ways() -> None:
    records = framework_records()
    assert records is not None and list(records) == list(BUILTIN_IDS)
    for record, model in zip(records.values(), builtin_frameworks(), strict=True):
        assert record.document == model.model_dump(mode="json")


@pytest.mark.parametrize("stamp", TIMESTAMPS)
def test_only_the_timestamps_the_models_write_are_canonical(stamp: str) -> None:
    written = _verdict(Question, {"id": "q", "text": "Why?", "created": stamp})
    assert canonical.utc(stamp) == (written is not None and written["created"] == stamp)
