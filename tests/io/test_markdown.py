"""The Markdown story format: concrete files, exact output, and every error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import FollowUp, Story
from storybank.errors import StorybankError
from storybank.io.markdown import (
    parse_markdown,
    stories_to_markdown,
    story_template,
    story_to_markdown,
)
from storybank.resources import sample_data_dir

FRAMEWORKS = FrameworkRegistry.load()
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
CREATED = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
UPDATED = datetime(2024, 5, 2, 17, 5, 30, 250000, tzinfo=UTC)

BANK = """\
<!-- Exported from my notes; comments like this one are ignored. -->

# Migrating billing to the new ledger
id: billing-ledger
tpm: Ambiguity, program-execution
amazon-lp: Ownership, Dive Deep, Are Right, A Lot
tags: payments, migration
created: 2024-05-01T09:30:00Z
updated: 2024-05-02T17:05:30.25+00:00

> I moved 4 million invoices to the new ledger two weeks early,
> with no outage.

## Situation
Our billing ran on a ledger that could not handle multi-currency invoices.

Finance closed the books by hand every month.

## complications
Three teams owned parts of the data and the finance deadline was fixed.
<!-- TODO: mention the audit -->
## Action
I mapped every dependency, set weekly milestones and ran a parallel ledger.
## Result
We cut reconciliation time by 60% and launched two weeks early.
## Follow-ups
- Q: What would you do differently?
  A: Start the parallel run a month earlier.

  It would have caught the rounding defect sooner.
- Q: Who disagreed with you?
  A: The payments lead, at first.
- Q: What did it cost?

# Owning the on-call rotation
competencies: ownership
tags: operations
## Situation
Pages went to whoever was awake.
## Action
I wrote the rotation.
## Result
Pages fell by half.
## Lessons
Write the runbook first.

# Owning the on-call rotation
## Situation
A second story with the same title gets its own id.
"""


def parse(text: str, default_framework: str = "tpm") -> list[Story]:
    parsed = parse_markdown(text, FRAMEWORKS, default_framework=default_framework, now=NOW)
    return [p.story for p in parsed]


def error_of(text: str, default_framework: str = "tpm") -> StorybankError:
    with pytest.raises(StorybankError) as caught:
        parse_markdown(
            text, FRAMEWORKS, file="stories.md", default_framework=default_framework, now=NOW
        )
    return caught.value


# --------------------------------------------------------------------------- reading


def test_a_realistic_file_reads_every_field() -> None:
    parsed = parse_markdown(BANK, FRAMEWORKS, file="stories.md", now=NOW)
    assert [(p.story.id, p.line, p.id_given) for p in parsed] == [
        ("billing-ledger", 3, True),
        ("owning-the-on-call-rotation", 35, False),
        ("owning-the-on-call-rotation-2", 47, False),
    ]
    billing = parsed[0].story
    assert billing == Story(
        id="billing-ledger",
        title="Migrating billing to the new ledger",
        headline="I moved 4 million invoices to the new ledger two weeks early,\nwith no outage.",
        situation=(
            "Our billing ran on a ledger that could not handle multi-currency invoices.\n"
            "\n"
            "Finance closed the books by hand every month."
        ),
        complications="Three teams owned parts of the data and the finance deadline was fixed.",
        action="I mapped every dependency, set weekly milestones and ran a parallel ledger.",
        result="We cut reconciliation time by 60% and launched two weeks early.",
        follow_ups=[
            FollowUp(
                question="What would you do differently?",
                answer="Start the parallel run a month earlier.\n\n"
                "It would have caught the rounding defect sooner.",
            ),
            FollowUp(question="Who disagreed with you?", answer="The payments lead, at first."),
            FollowUp(question="What did it cost?"),
        ],
        competencies={
            "tpm": ["ambiguity", "program-execution"],
            "amazon-lp": ["ownership", "dive-deep", "are-right-a-lot"],
        },
        tags=["payments", "migration"],
        created=CREATED,
        updated=UPDATED,
    )


def test_defaults_for_a_minimal_story() -> None:
    on_call = parse(BANK)[1]
    assert on_call.competencies == {"tpm": ["ownership"]}  # competencies: = default framework
    assert on_call.headline == on_call.complications == ""
    assert on_call.lessons == "Write the runbook first."
    assert on_call.created == on_call.updated == NOW


def test_competencies_key_follows_the_default_framework() -> None:
    text = "# T\ncompetencies: Earn Trust, have backbone; disagree and commit\n"
    [story] = parse(text, default_framework="amazon-lp")
    assert story.competencies == {"amazon-lp": ["earn-trust", "have-backbone-disagree-and-commit"]}


def test_missing_updated_defaults_to_now_and_missing_created_to_updated() -> None:
    [only_created] = parse("# T\ncreated: 2024-05-01T09:30:00Z\n")
    assert (only_created.created, only_created.updated) == (CREATED, NOW)
    [only_updated] = parse("# T\nupdated: 2024-05-01T09:30:00Z\n")
    assert only_updated.created == only_updated.updated == CREATED


def test_timestamps_with_an_offset_are_stored_in_utc() -> None:
    [story] = parse("# T\ncreated: 2024-05-01T11:30:00+02:00\n")
    assert story.created == CREATED
    assert story.created.tzinfo == UTC


def test_the_bundled_sample_bank_reads_and_round_trips() -> None:
    text = (sample_data_dir() / "stories.md").read_text(encoding="utf-8")
    stories = parse(text)
    assert len(stories) == 6
    assert all(story.situation and story.result and story.follow_ups for story in stories)
    exported = stories_to_markdown(stories, FRAMEWORKS)
    assert parse(exported) == stories


def test_windows_line_endings_and_a_byte_order_mark() -> None:
    unix = parse(BANK)
    assert parse("\ufeff" + BANK.replace("\n", "\r\n")) == unix


def test_mixed_line_endings_keep_carriage_returns_in_text() -> None:
    # Not CR LF throughout, so the CR is part of the situation; the metadata
    # line still reads even though it ends in CR.
    [story] = parse("# T\r\nid: t\r\n## Situation\nline one\r\nline two\n")
    assert story.id == "t"
    assert story.title == "T"
    assert story.situation == "line one\r\nline two"


def test_sections_in_any_order_and_spelling() -> None:
    text = "# T\n## RESULT\nr\n## Follow ups\n- q: Why?\n  a: Because.\n## situation\ns\n"
    [story] = parse(text)
    assert (story.situation, story.result) == ("s", "r")
    assert story.follow_ups == [FollowUp(question="Why?", answer="Because.")]


def test_heading_like_lines_that_are_not_headings_are_text() -> None:
    text = "# T\n## Situation\n#1 priority\n### Details\n  # indented\n"
    assert parse(text)[0].situation == "#1 priority\n### Details\n  # indented"


def test_a_multi_line_comment_is_ignored() -> None:
    text = "<!--\nnotes\n-->\n# T\n## Action\nfirst\n<!-- a\n   b -->\nsecond\n"
    assert parse(text)[0].action == "first\nsecond"


def test_empty_text_has_no_stories() -> None:
    assert parse("") == []
    assert parse("\n<!-- nothing yet -->\n\n") == []


def test_an_empty_id_line_makes_the_id_from_the_title() -> None:
    [story] = parse("# Fixing the ETL!\nid:\n")
    assert story.id == "fixing-the-etl"


def test_generated_ids_avoid_ids_given_later_in_the_file() -> None:
    stories = parse("# Ledger\n\n# Other\nid: ledger\n")
    assert [s.id for s in stories] == ["ledger-2", "ledger"]


# --------------------------------------------------------------------------- writing


def test_a_plain_story_exports_as_clean_markdown() -> None:
    story = parse(BANK)[0]
    assert story_to_markdown(story, FRAMEWORKS) == (
        "# Migrating billing to the new ledger\n"
        "id: billing-ledger\n"
        "tpm: ambiguity, program-execution\n"
        "amazon-lp: ownership, dive-deep, are-right-a-lot\n"
        "tags: payments, migration\n"
        "created: 2024-05-01T09:30:00Z\n"
        "updated: 2024-05-02T17:05:30.250000Z\n"
        "\n"
        "> I moved 4 million invoices to the new ledger two weeks early,\n"
        "> with no outage.\n"
        "\n"
        "## Situation\n"
        "Our billing ran on a ledger that could not handle multi-currency invoices.\n"
        "\n"
        "Finance closed the books by hand every month.\n"
        "## Complications\n"
        "Three teams owned parts of the data and the finance deadline was fixed.\n"
        "## Action\n"
        "I mapped every dependency, set weekly milestones and ran a parallel ledger.\n"
        "## Result\n"
        "We cut reconciliation time by 60% and launched two weeks early.\n"
        "## Follow-ups\n"
        "- Q: What would you do differently?\n"
        "  A: Start the parallel run a month earlier.\n"
        "\n"
        "  It would have caught the rounding defect sooner.\n"
        "- Q: Who disagreed with you?\n"
        "  A: The payments lead, at first.\n"
        "- Q: What did it cost?\n"
    )


def test_empty_scar_sections_are_written_and_empty_optional_ones_left_out() -> None:
    story = Story(id="t", title="T", created=CREATED, updated=CREATED)
    assert story_to_markdown(story, FRAMEWORKS) == (
        "# T\nid: t\ncreated: 2024-05-01T09:30:00Z\nupdated: 2024-05-01T09:30:00Z\n\n"
        "## Situation\n## Complications\n## Action\n## Result\n"
    )


def test_several_stories_are_separated_by_a_blank_line() -> None:
    a = Story(id="a", title="A", result="done", created=CREATED, updated=CREATED)
    b = a.model_copy(update={"id": "b", "title": "B"})
    text = stories_to_markdown([a, b], FRAMEWORKS)
    assert "## Result\ndone\n\n# B\n" in text
    assert parse(text) == [a, b]
    assert stories_to_markdown([], FRAMEWORKS) == ""


def test_structure_like_text_is_escaped_and_read_back() -> None:
    story = Story(
        id="tricky",
        title="  C:\\new [bold]x[/]\t",
        headline=" first\n\n> quoted",
        situation="# not a title\n## not a section\n\\ starts with a backslash\n<!-- not a comment",
        complications="\n  \nkept blank lines around\n",
        action="- Q: not a follow-up\n> not a headline\nid: not metadata",
        follow_ups=[
            FollowUp(question=" Why,\treally? ", answer="\\n\n# line\n"),
            FollowUp(question="\\", answer=" "),
        ],
        tags=["a, b", " padded ", "back\\", "tab\tinside"],
        created=CREATED,
        updated=CREATED,
    )
    text = story_to_markdown(story, FRAMEWORKS)
    assert text == (
        "# \\s\\sC:\\\\new [bold]x[/]\\t\n"
        "id: tricky\n"
        "tags: a\\, b, padded, back\\\\, tab\tinside\n"
        "created: 2024-05-01T09:30:00Z\n"
        "updated: 2024-05-01T09:30:00Z\n"
        "\n"
        ">  first\n"
        ">\n"
        "> > quoted\n"
        "\n"
        "## Situation\n"
        "\\# not a title\n"
        "\\## not a section\n"
        "\\\\ starts with a backslash\n"
        "\\<!-- not a comment\n"
        "## Complications\n"
        "\\\n"
        "  \n"
        "kept blank lines around\n"
        "\\\n"
        "## Action\n"
        "- Q: not a follow-up\n"
        "> not a headline\n"
        "id: not metadata\n"
        "## Result\n"
        "## Follow-ups\n"
        "- Q: \\sWhy,\treally?\\s\n"
        "  A: \\\\n\n"
        "  \\# line\n"
        "  \\\n"
        "- Q: \\\\\n"
        "  A: \\ \n"
    )
    assert parse(text) == [story]


def test_export_is_deterministic_and_stable() -> None:
    stories = parse(BANK)
    first = stories_to_markdown(stories, FRAMEWORKS)
    assert stories_to_markdown(stories, FRAMEWORKS) == first
    assert stories_to_markdown(parse(first), FRAMEWORKS) == first


def test_frameworks_are_written_in_registry_order() -> None:
    story = Story(
        id="t",
        title="T",
        competencies={"amazon-lp": ["ownership"], "tpm": ["conflict", "ambiguity"]},
        created=CREATED,
        updated=CREATED,
    )
    text = story_to_markdown(story, FRAMEWORKS)
    assert "\ntpm: conflict, ambiguity\namazon-lp: ownership\n" in text


# --------------------------------------------------------------------------- template


def test_the_template_is_all_guidance_until_filled_in() -> None:
    template = story_template(FRAMEWORKS, "tpm")
    assert "\n# \n" in template
    assert "\ntpm:\n" in template
    assert "program-execution" in template  # lists the default framework's ids
    error = error_of(template)
    assert (error.field, error.message) == ("title", "a story needs a title")
    filled = template.replace("\n# \n", "\n# Leading the ledger move\n").replace(
        "## Result\n", "## Result\nWe launched 2 weeks early.\n"
    )
    [story] = parse(filled)
    assert story.id == "leading-the-ledger-move"
    assert story.result == "We launched 2 weeks early."
    assert story.situation == story.lessons == story.headline == ""
    assert story.follow_ups == [] and story.competencies == {} and story.tags == []


def test_the_template_can_carry_a_title() -> None:
    template = story_template(FRAMEWORKS, "amazon-lp", title="Shipping the ledger")
    [story] = parse(template, default_framework="amazon-lp")
    assert story.title == "Shipping the ledger"
    assert "\namazon-lp:\n" in template


# --------------------------------------------------------------------------- errors

ERRORS = [
    pytest.param(
        "Notes\n# T\n", 1, None, "text before the first story heading", "'# Title'", id="preamble"
    ),
    pytest.param("# T\nowner: me\n", 2, "owner", "unknown key 'owner:'", "tpm:", id="unknown-key"),
    pytest.param(
        "# T\ngoogle: googleyness\n", 2, "google", "unknown key", "amazon-lp:", id="unknown-fw"
    ),
    pytest.param(
        "# T\ntpm: ambiguity, Grit\n",
        2,
        "tpm",
        "'Grit' is not a competency of 'tpm'",
        "program-execution",
        id="unknown-competency",
    ),
    pytest.param(
        "# T\n## Situation\ns\n## Background\nb\n",
        4,
        None,
        "unknown section '## Background'",
        "## Follow-ups",
        id="unknown-section",
    ),
    pytest.param(
        "# T\n## Action\na\n## action\nb\n",
        4,
        "action",
        "appears twice in this story (first at line 2)",
        "merge",
        id="duplicate-section",
    ),
    pytest.param(
        "# A\nid: same\n\n# B\nid: same\n",
        5,
        "id",
        "id 'same' is used twice in this file (first at line 2)",
        "its own id",
        id="duplicate-id",
    ),
    pytest.param(
        "# T\ntags: a\ntags: b\n", 3, "tags", "given twice (first at line 2)", None, id="dup-key"
    ),
    pytest.param(
        "# T\ncompetencies: ownership\ntpm: conflict\n",
        3,
        "tpm",
        "competencies of 'tpm' are given twice (first at line 2)",
        None,
        id="dup-framework",
    ),
    pytest.param("#\n", 1, "title", "a story needs a title", None, id="empty-title"),
    pytest.param("# \\s\n", 1, "title", "a story needs a title", None, id="blank-title"),
    pytest.param("# " + "x" * 201 + "\n", 1, "title", "characters; ", None, id="title-cap"),
    pytest.param("# T\nid: Billing Ledger\n", 2, "id", "is not a valid id", None, id="invalid-id"),
    pytest.param(
        "# T\ncreated: yesterday\n", 2, "created", "not an ISO-8601 timestamp", "2024", id="time"
    ),
    pytest.param(
        "# T\nupdated: 2024-05-01T09:30:00\n", 2, "updated", "no timezone", "Z", id="naive-time"
    ),
    pytest.param(
        "# T\ncreated: 0001-01-01T00:00:00+05:00\n",
        2,
        "created",
        "out of range",
        None,
        id="time-overflow",
    ),
    pytest.param(
        "# T\n> one\n\n> two\n", 4, "headline", "a second headline", "one block", id="headline-2"
    ),
    pytest.param(
        "# T\n\n> " + "h" * 1_001 + "\n", 3, "headline", "characters; ", None, id="headline-cap"
    ),
    pytest.param(
        "# T\nI led the migration.\n",
        2,
        None,
        "unexpected text between the title and the first section",
        "## Situation",
        id="stray-text",
    ),
    pytest.param(
        "# T\n\n\n## Result\n" + "r" * 100_001 + "\n",
        4,
        "result",
        "is 100,001 characters; at most 100,000 characters are allowed",
        None,
        id="body-cap",
    ),
    pytest.param(
        "# T\ntags: ok, " + "t" * 51 + "\n", 2, "tags.1", "characters; ", None, id="tag-cap"
    ),
    pytest.param(
        "# T\ntags: " + ", ".join(f"t{i}" for i in range(51)) + "\n",
        2,
        "tags",
        "at most 50",
        None,
        id="tag-count",
    ),
    pytest.param(
        "# T\n## Follow-ups\n- Q: ok\n- Q: " + "q" * 501 + "\n",
        4,
        "follow_ups.1.question",
        "characters; ",
        None,
        id="question-cap",
    ),
    pytest.param(
        "# T\n## Follow-ups\n- Q: ok\n  A: " + "a" * 10_001 + "\n",
        4,
        "follow_ups.0.answer",
        "characters; ",
        None,
        id="answer-cap",
    ),
    pytest.param(
        "# T\n## Follow-ups\nWhat next?\n",
        3,
        "follow_ups",
        "expected a follow-up question",
        "- Q: question",
        id="follow-up-text",
    ),
    pytest.param(
        "# T\n## Follow-ups\n  A: orphan\n",
        3,
        "follow_ups",
        "before the first '- Q:'",
        None,
        id="orphan-answer",
    ),
    pytest.param(
        "# T\n## Follow-ups\n- Q: Why?\n  Because.\n",
        4,
        "follow_ups.0.answer",
        "expected the answer as '  A: ...'",
        None,
        id="missing-a",
    ),
    pytest.param(
        "# T\n## Follow-ups\n- Q: Why?\n  A: Because.\nunindented\n",
        5,
        "follow_ups",
        "expected a follow-up question",
        "indent",
        id="unindented-answer",
    ),
    pytest.param("# T\n<!-- open\n\n", 2, None, "never closed", "-->", id="open-comment"),
    pytest.param(
        "# T\n<!-- c --> text\n", 2, None, "text after the end of a comment", None, id="after"
    ),
]


@pytest.mark.parametrize(("text", "line", "field", "message", "hint"), ERRORS)
def test_errors_name_file_line_and_field(
    text: str, line: int, field: str | None, message: str, hint: str | None
) -> None:
    error = error_of(text)
    assert error.file == "stories.md"
    assert (error.line, error.field) == (line, field)
    assert message in error.message
    if hint is not None:
        assert error.hint is not None and hint in error.hint
    assert str(error).startswith(f"stories.md:{line}: ")


def test_validation_errors_name_the_story() -> None:
    error = error_of("# T\nid: billing\n## Situation\n" + "s" * 100_001)
    assert error.message.startswith("story 'billing': ")


def test_an_unknown_default_framework_is_reported_on_the_competencies_line() -> None:
    error = error_of("# T\ncompetencies: ownership\n", default_framework="google")
    assert (error.line, error.field) == (2, "competencies")
    assert error.hint is not None and "tpm" in error.hint
