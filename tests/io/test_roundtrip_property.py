"""Property tests: any story the model accepts survives Markdown and JSON exactly.

The strategies lean on text that looks like structure (headings, quotes,
follow-up markers, comments, escapes), whitespace at the edges, control
characters and markup-like strings, because that is where a text format loses
data.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from property_runs import examples
from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import (
    _LINE_CONTROL_RE,
    FOLLOW_UP_QUESTION_MAX,
    SLUG_MAX,
    SLUG_RE,
    TAG_MAX,
    TITLE_MAX,
    FollowUp,
    Question,
    Settings,
    Story,
)
from storybank.io.json_format import BankDocument, dump_bank, load_bank
from storybank.io.markdown import parse_markdown, stories_to_markdown, story_to_markdown

FRAMEWORKS = FrameworkRegistry.load()
EXPORTED = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)

PROPERTY = settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Lines that a naive reader would take for structure or for an escape.
TRICKY_LINES = [
    "",
    " ",
    "  ",
    "\t",
    "\r",
    " \r ",
    "#",
    "# Title",
    "#\tTitle",
    "## Situation",
    "##",
    "## Follow-ups",
    "### Details",
    "#hashtag",
    "\\",
    "\\\\",
    "\\# escaped",
    "\\s\\n\\,",
    "C:\\new\\table",
    ">",
    "> quoted",
    ">>",
    "- Q: question?",
    "-  q: lower",
    "  A: answer",
    "A: answer",
    "id: billing-ledger",
    "tpm: ambiguity",
    "tags: a, b",
    "created: 2024-01-01T00:00:00Z",
    "<!-- comment -->",
    "<!--",
    "-->",
    "[bold]x[/] [/] [link=https://e]y[/link] [@click=app.quit]z",
    "  indented",
    "trailing  ",
    "a,b , c",
    "\x00\x07\x1b[31mred\x1b[0m",
    "\x0b\x0c\x1c\x85\u2028\u2029",
    "\ufeffbom",
    "naïve café \u2013 日本語 🎉",
]

chars = st.characters(codec="utf-8")
plain_text = st.text(chars, max_size=40)
tricky_line = st.sampled_from(TRICKY_LINES)
line = st.one_of(plain_text, tricky_line, st.tuples(tricky_line, plain_text).map("".join))
multiline = st.lists(line, max_size=6).map("\n".join)
body = st.one_of(plain_text, multiline)


def _single_line(max_size: int) -> st.SearchStrategy[str]:
    # One-line fields refuse control characters other than tab; everything else goes.
    return (
        st.one_of(
            st.text(chars, min_size=1, max_size=max_size),
            st.lists(line, min_size=1, max_size=3).map("".join),
            st.lists(line, min_size=1, max_size=3).map(" ".join),
        )
        .map(lambda s: _LINE_CONTROL_RE.sub(" ", s))
        .filter(lambda s: 0 < len(s) <= max_size and bool(s.strip()))
    )


titles = (
    _single_line(TITLE_MAX)
    .map(lambda s: s.replace("\n", " ").replace("\r", " "))
    .filter(lambda s: bool(s.strip()))
)
slugs = st.from_regex(SLUG_RE, fullmatch=True).filter(lambda s: len(s) <= SLUG_MAX)
timestamps = st.datetimes(
    min_value=datetime(1, 1, 1),
    max_value=datetime(9999, 12, 31, 23, 59, 59, 999999),
    timezones=st.just(UTC),
)
follow_ups = st.builds(
    FollowUp,
    question=_single_line(FOLLOW_UP_QUESTION_MAX),
    answer=body,
)
competencies = st.fixed_dictionaries(
    {fw.id: st.lists(st.sampled_from(fw.ids), unique=True, max_size=4) for fw in FRAMEWORKS}
)


@st.composite
def stories(draw: st.DrawFn, story_id: st.SearchStrategy[str] = slugs) -> Story:
    return Story(
        id=draw(story_id),
        title=draw(titles),
        headline=draw(body),
        situation=draw(body),
        complications=draw(body),
        action=draw(body),
        result=draw(body),
        lessons=draw(body),
        follow_ups=draw(st.lists(follow_ups, max_size=3)),
        competencies=draw(competencies),
        tags=draw(st.lists(_single_line(TAG_MAX), max_size=5)),
        created=draw(timestamps),
        updated=draw(timestamps),
    )


story_lists = st.lists(stories(), max_size=4, unique_by=lambda story: story.id)


@PROPERTY
@given(stories())
def test_markdown_round_trip_is_exact(story: Story) -> None:
    text = story_to_markdown(story, FRAMEWORKS)
    [parsed] = parse_markdown(text, FRAMEWORKS, file="story.md")
    assert parsed.story == story
    assert parsed.line == 1
    assert parsed.id_given


@PROPERTY
@given(story_lists)
def test_markdown_export_import_export_is_byte_identical(stories: list[Story]) -> None:
    first = stories_to_markdown(stories, FRAMEWORKS)
    parsed = [p.story for p in parse_markdown(first, FRAMEWORKS, file="bank.md")]
    assert parsed == stories
    assert stories_to_markdown(parsed, FRAMEWORKS) == first


@PROPERTY
@given(
    story_lists,
    st.lists(
        st.builds(
            Question,
            id=slugs,
            text=st.text(chars, min_size=1, max_size=200),
            competencies=competencies,
            source=st.sampled_from(["builtin", "user"]),
            created=timestamps,
        ),
        max_size=3,
        unique_by=lambda q: q.id,
    ),
    st.builds(
        Settings,
        framework=st.sampled_from(FRAMEWORKS.ids),
        desired_retention=st.floats(0.7, 0.99),
        drill_timer=st.integers(15, 1_800),
    ),
)
def test_json_round_trip_is_exact(
    stories: list[Story], questions: list[Question], bank_settings: Settings
) -> None:
    extra = {"cards": [{"id": "c1", "due": "2024-05-02T00:00:00Z", "state": 2}]}
    document = BankDocument(bank_settings, stories, questions, extra)
    first = dump_bank(document, exported=EXPORTED)
    loaded = load_bank(first, FRAMEWORKS, file="bank.json")
    assert loaded == document
    assert dump_bank(loaded, exported=EXPORTED) == first
    # Bytes as read from disk load the same.
    assert load_bank(first.encode("utf-8"), FRAMEWORKS, file="bank.json") == document


@PROPERTY
@given(story_lists)
def test_markdown_and_json_agree(stories: list[Story]) -> None:
    via_markdown = [
        p.story
        for p in parse_markdown(stories_to_markdown(stories, FRAMEWORKS), FRAMEWORKS, file="x")
    ]
    via_json = load_bank(
        dump_bank(BankDocument(stories=stories), exported=EXPORTED), FRAMEWORKS, file="x"
    ).stories
    assert via_markdown == via_json == stories
