"""The JSON bank export: envelope, determinism, pass-through tables, every error."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import FollowUp, Question, Settings, Story
from storybank.errors import StorybankError
from storybank.io import json_format
from storybank.io.json_format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_DEPTH,
    BankDocument,
    dump_bank,
    find_record_line,
    load_bank,
)

FRAMEWORKS = FrameworkRegistry.load()
WHEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)


def story(story_id: str = "billing-ledger", **fields: object) -> Story:
    base: dict[str, object] = {
        "id": story_id,
        "title": "Migrating billing to the new ledger",
        "situation": "Our ledger could not handle multi-currency invoices.",
        "result": "Reconciliation time fell by 60%.",
        "follow_ups": [FollowUp(question="Why?", answer="Deadline.")],
        "competencies": {"tpm": ["program-execution"], "amazon-lp": ["ownership"]},
        "tags": ["payments"],
        "created": WHEN,
        "updated": WHEN,
    }
    base.update(fields)
    return Story.model_validate(base)


def document() -> BankDocument:
    return BankDocument(
        settings=Settings(framework="amazon-lp", drill_timer=90),
        stories=[story(), story("on-call", title="Owning on-call")],
        questions=[
            Question(
                id="tell-me-about-a-conflict",
                text="Tell me about a conflict.",
                competencies={"tpm": ["conflict"]},
                created=WHEN,
            )
        ],
        extra={
            "cards": [{"id": "card-1", "story": "billing-ledger", "due": "2024-05-03T00:00:00Z"}],
            "review_logs": [],
        },
    )


def dumped() -> str:
    return dump_bank(document(), exported=WHEN)


def error_of(text: str | bytes) -> StorybankError:
    with pytest.raises(StorybankError) as caught:
        load_bank(text, FRAMEWORKS, file="bank.json")
    assert caught.value.file == "bank.json"
    return caught.value


def edited(**changes: object) -> str:
    raw = json.loads(dumped())
    raw.update(changes)
    return json.dumps(raw, indent=2, sort_keys=True)


# --------------------------------------------------------------------------- writing


def test_envelope_and_layout() -> None:
    text = dumped()
    raw = json.loads(text)
    assert (raw["format"], raw["version"], raw["exported"]) == (
        FORMAT_NAME,
        1,
        "2024-05-01T09:30:00Z",
    )
    assert list(raw) == sorted(raw)
    assert set(raw) == {
        "format",
        "version",
        "exported",
        "settings",
        "stories",
        "questions",
        "cards",
        "review_logs",
    }
    assert raw["settings"]["framework"] == "amazon-lp"
    assert raw["stories"][0]["created"] == "2024-05-01T09:30:00Z"
    assert text.startswith('{\n  "cards": [\n')
    assert text.endswith("}\n")


def test_dump_is_deterministic_and_keeps_unicode_readable() -> None:
    doc = BankDocument(stories=[story(title="Café launch — 日本")])
    assert dump_bank(doc, exported=WHEN) == dump_bank(doc, exported=WHEN)
    assert "Café launch — 日本" in dump_bank(doc, exported=WHEN)


def test_dump_without_a_time_records_now() -> None:
    before = datetime.now(UTC)
    exported = datetime.fromisoformat(json.loads(dump_bank(BankDocument()))["exported"])
    assert before <= exported <= datetime.now(UTC)


def test_a_table_cannot_shadow_the_envelope() -> None:
    with pytest.raises(ValueError, match="reserved"):
        dump_bank(BankDocument(extra={"stories": []}))


# --------------------------------------------------------------------------- reading


def test_load_returns_the_same_document_and_passes_tables_through() -> None:
    loaded = load_bank(dumped(), FRAMEWORKS, file="bank.json")
    assert loaded == document()
    assert loaded.extra["cards"] == document().extra["cards"]
    assert dump_bank(loaded, exported=WHEN) == dumped()


def test_load_accepts_bytes_with_a_byte_order_mark() -> None:
    data = b"\xef\xbb\xbf" + dumped().encode("utf-8")
    assert load_bank(data, FRAMEWORKS, file="bank.json") == document()


def test_missing_tables_default_to_empty() -> None:
    loaded = load_bank('{"format": "storybank", "version": 1}', FRAMEWORKS, file="b.json")
    assert loaded == BankDocument()


def test_find_record_line_points_at_the_id() -> None:
    text = dumped()
    line = find_record_line(text, "stories", "on-call")
    assert line is not None
    assert text.splitlines()[line - 1].strip() == '"id": "on-call",'
    assert find_record_line(text, "stories", "missing") is None


# --------------------------------------------------------------------------- errors


def test_not_utf8_names_the_line() -> None:
    data = dumped().encode("utf-8").replace(b"Owning on-call", b"Owning \xff on-call")
    error = error_of(data)
    assert "not UTF-8" in error.message
    assert error.line == dumped().splitlines().index('      "title": "Owning on-call",') + 1


def test_not_json_names_line_and_column() -> None:
    error = error_of('{\n  "format": "storybank",\n  "version": 1,\n}')
    assert error.line == 4
    assert "not valid JSON" in error.message and "column 1" in error.message


def test_nan_is_rejected() -> None:
    error = error_of(dumped().replace('"drill_timer": 90', '"drill_timer": NaN'))
    assert "NaN" in error.message
    assert error.line is not None


@pytest.mark.parametrize(
    "text",
    [
        "[]",
        '"storybank"',
        '{"version": 1}',
        '{"format": "anki", "version": 1}',
    ],
)
def test_wrong_envelope(text: str) -> None:
    error = error_of(text)
    assert (error.message, error.field) == ("not a storybank export", "format")
    assert error.hint is not None and '"format": "storybank"' in error.hint


def test_newer_version_says_to_upgrade() -> None:
    error = error_of(edited(version=FORMAT_VERSION + 1))
    assert "newer storybank" in error.message
    assert error.field == "version"
    assert error.hint is not None and "upgrade" in error.hint
    assert error.line is not None


@pytest.mark.parametrize("version", [None, "1", 0, True, 1.5])
def test_bad_version(version: object) -> None:
    error = error_of(edited(version=version))
    assert "unsupported format version" in error.message
    assert error.field == "version"


def test_bad_story_names_index_id_field_and_line() -> None:
    text = dumped().replace('"Owning on-call"', '"' + "x" * 201 + '"')
    error = error_of(text)
    assert (
        error.message
        == "story #2 ('on-call'): the title is 201 characters; at most 200 characters are allowed"
    )
    assert error.field == "title"
    assert error.line == find_record_line(text, "stories", "on-call")


def test_story_with_unknown_field() -> None:
    raw = json.loads(dumped())
    raw["stories"][0]["mood"] = "happy"
    error = error_of(json.dumps(raw, indent=2))
    assert (error.field, error.message) == ("mood", "story #1 ('billing-ledger'): unknown field")


def test_story_that_is_not_an_object() -> None:
    error = error_of(edited(stories=["billing-ledger"]))
    assert (error.message, error.field) == ("story #1 is not a JSON object", "stories[0]")


def test_stories_that_are_not_a_list() -> None:
    error = error_of(edited(stories={"billing-ledger": {}}))
    assert (error.message, error.field) == ('"stories" must be a list', "stories")
    assert error.line is not None


def test_duplicate_story_ids_point_at_the_second() -> None:
    doc = document()
    doc.stories.append(story("billing-ledger", title="Another"))
    text = dump_bank(doc, exported=WHEN)
    error = error_of(text)
    assert error.message == "story #3 ('billing-ledger') reuses the id of story #1"
    assert error.field == "id"
    first = find_record_line(text, "stories", "billing-ledger")
    second = find_record_line(text, "stories", "billing-ledger", occurrence=2)
    assert first is not None and second is not None and first < second
    assert error.line == second


def test_duplicate_question_ids() -> None:
    doc = document()
    doc.questions.append(doc.questions[0])
    error = error_of(dump_bank(doc, exported=WHEN))
    assert "question #2" in error.message and "reuses the id of question #1" in error.message


def test_unknown_competency_in_a_story() -> None:
    text = dumped().replace('"program-execution"', '"grit"')
    error = error_of(text)
    assert error.message == "story 'billing-ledger': 'grit' is not a competency of 'tpm'"
    assert error.field == "competencies"
    assert error.line == find_record_line(text, "stories", "billing-ledger")
    assert error.hint is not None and "program-execution" in error.hint


def test_unknown_framework_in_a_story() -> None:
    raw = json.loads(dumped())
    raw["stories"][1]["competencies"] = {"google": ["googleyness"]}
    error = error_of(json.dumps(raw, indent=2))
    assert "unknown framework 'google'" in error.message
    assert error.hint is not None and "amazon-lp" in error.hint


def test_unknown_competency_in_a_question() -> None:
    error = error_of(dumped().replace('"conflict"', '"grit"'))
    assert (
        error.message == "question 'tell-me-about-a-conflict': 'grit' is not a competency of 'tpm'"
    )
    assert error.line is not None


def test_bad_settings_name_the_setting_and_its_line() -> None:
    text = dumped().replace('"drill_timer": 90', '"drill_timer": 5')
    error = error_of(text)
    assert error.field == "settings.drill_timer"
    assert error.line == text.splitlines().index('    "drill_timer": 5,') + 1


def test_settings_with_an_unavailable_framework() -> None:
    error = error_of(dumped().replace('"framework": "amazon-lp"', '"framework": "google"'))
    assert error.field == "settings.framework"
    assert "not available" in error.message


def test_timestamp_out_of_range() -> None:
    raw = json.loads(dumped())
    raw["stories"][0]["created"] = "0001-01-01T00:00:00+05:00"
    error = error_of(json.dumps(raw))
    assert "out of range" in error.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"cards": {"card-1": {}}}, '"cards" must be a list of objects'),
        ({"cards": [1, 2]}, '"cards" must be a list of objects'),
        ({"Cards!": []}, "unexpected top-level key 'Cards!'"),
        ({"exported": 12}, '"exported" must be a timestamp string'),
    ],
)
def test_bad_top_level_tables(changes: dict[str, object], message: str) -> None:
    assert error_of(edited(**changes)).message == message


def test_deeply_nested_json_is_refused_cleanly() -> None:
    error = error_of("[" * 100_000 + "]" * 100_000)
    assert "nested too deeply" in error.message


def test_deep_rows_in_a_pass_through_table_are_refused() -> None:
    row: dict[str, object] = {}
    for _ in range(MAX_DEPTH + 1):
        row = {"inner": row}
    error = error_of(edited(cards=[row]))
    assert error.message == f'"cards" is nested more than {MAX_DEPTH} levels deep'
    assert error.field == "cards"


def test_rows_at_the_depth_limit_pass() -> None:
    row: dict[str, object] = {}
    for _ in range(MAX_DEPTH - 3):
        row = {"inner": row}
    assert load_bank(edited(cards=[row]), FRAMEWORKS, file="b").extra["cards"] == [row]


def test_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_format, "MAX_BYTES", 100)
    for text in (dumped(), dumped().encode("utf-8")):
        error = error_of(text)
        assert "too large" in error.message
        assert error.line is None
