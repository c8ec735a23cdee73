"""Model validation gives clear, specific messages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from storybank.core.models import BODY_MAX, TITLE_MAX, Settings, Story, slugify
from storybank.core.validation import build, describe
from storybank.errors import StorybankError


def _message(**fields: object) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        Story.model_validate({"id": "s", "title": "T", **fields})
    return describe(caught.value)


def test_bad_slug_explains_the_rule() -> None:
    field, message = _message(id="Billing Ledger")
    assert field == "id" and "lowercase letters, digits and single hyphens" in message


def test_size_caps_name_the_limit() -> None:
    assert _message(title="x" * (TITLE_MAX + 1)) == (
        "title",
        f"the title is {TITLE_MAX + 1} characters; at most {TITLE_MAX} characters are allowed",
    )
    field, message = _message(action="x" * (BODY_MAX + 1))
    assert field == "action" and f"{BODY_MAX:,}" in message


def test_title_is_one_line_without_controls() -> None:
    assert "line break" in _message(title="two\nlines")[1]
    assert "control character" in _message(title="bell\x07")[1]
    assert "needs a title" in _message(title="   ")[1]
    assert Story(id="s", title="tab\tok").title == "tab\tok"


def test_body_fields_keep_text_exactly() -> None:
    text = "  \x1b[31m[bold]red[/]\x00\n\n\u202eevil  "
    assert Story(id="s", title="T", action=text).action == text


def test_tags_are_stripped_and_deduplicated() -> None:
    assert Story(id="s", title="T", tags=[" a ", "a", "b"]).tags == ["a", "b"]
    assert "blank" in _message(tags=["  "])[1]


def test_competency_tags_are_deduplicated_and_empty_frameworks_dropped() -> None:
    story = Story(
        id="s", title="T", competencies={"tpm": ["conflict", "conflict"], "amazon-lp": []}
    )
    assert story.competencies == {"tpm": ["conflict"]}


def test_timestamps_must_be_aware_and_are_stored_as_utc() -> None:
    assert "timezone" in _message(created=datetime(2026, 1, 1))[1]
    local = datetime(2026, 1, 1, 9, tzinfo=timezone(timedelta(hours=2)))
    assert Story(id="s", title="T", created=local).created.utcoffset() == timedelta(0)
    overflow = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    assert "out of range" in _message(created=overflow)[1]


def test_settings_ranges() -> None:
    with pytest.raises(ValidationError):
        Settings(desired_retention=1.2)
    assert Settings().drill_timer == 120 and Settings().rollover_hour == 4


def test_build_reports_file_line_and_field() -> None:
    with pytest.raises(StorybankError) as caught:
        build(Story, {"id": "s", "title": ""}, file="x.md", line_of=lambda f: 7, what="story")
    assert str(caught.value).startswith("x.md:7: title: story:")


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Fixing the ETL!", "fixing-the-etl"), ("  ", "story"), ("Ünïcode — only", "n-code-only")],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
