"""Import planning: reading files of either format and deciding add / replace."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import Story
from storybank.errors import StorybankError
from storybank.io import importer
from storybank.io.importer import ImportPlan, plan_import, read_import_file, read_import_text
from storybank.io.json_format import BankDocument, dump_bank
from storybank.io.markdown import stories_to_markdown

FRAMEWORKS = FrameworkRegistry.load()
THEN = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)

MARKDOWN = """\
# Migrating billing to the new ledger
id: billing-ledger
competencies: program-execution
created: 2024-05-01T09:30:00Z
updated: 2024-05-01T09:30:00Z
## Result
Reconciliation time fell by 60%.

# Owning the on-call rotation
## Result
Pages fell by half.
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read(path: Path, default_framework: str = "tpm") -> importer.ImportSource:
    return read_import_file(path, FRAMEWORKS, default_framework, now=NOW)


def error_of(path: Path) -> StorybankError:
    with pytest.raises(StorybankError) as caught:
        read(path)
    assert caught.value.file == str(path)
    return caught.value


# --------------------------------------------------------------------------- reading


@pytest.mark.parametrize("name", ["stories.md", "stories.markdown", "stories.TXT", "stories"])
def test_markdown_files(tmp_path: Path, name: str) -> None:
    source = read(write(tmp_path, name, MARKDOWN))
    assert source.format == "markdown"
    assert source.document is None
    assert [(p.story.id, p.line) for p in source.stories] == [
        ("billing-ledger", 1),
        ("owning-the-on-call-rotation", 9),
    ]
    assert source.stories[0].story.competencies == {"tpm": ["program-execution"]}


def test_default_framework_is_passed_to_markdown(tmp_path: Path) -> None:
    path = write(tmp_path, "s.md", "# T\ncompetencies: Frugality\n")
    assert read(path, "amazon-lp").stories[0].story.competencies == {"amazon-lp": ["frugality"]}


@pytest.mark.parametrize("name", ["bank.json", "bank.backup"])
def test_json_files(tmp_path: Path, name: str) -> None:
    story = Story(id="billing-ledger", title="Billing", created=THEN, updated=THEN)
    text = dump_bank(BankDocument(stories=[story], extra={"cards": [{"id": "c"}]}), exported=THEN)
    source = read(write(tmp_path, name, "\n" + text))
    assert source.format == "json"
    assert [p.story for p in source.stories] == [story]
    assert source.stories[0].line > 1
    assert source.document is not None and source.document.extra == {"cards": [{"id": "c"}]}


def test_a_json_extension_wins_over_content(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "stories.json", MARKDOWN))
    assert "not valid JSON" in error.message
    assert error.line == 1


def test_markdown_errors_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "s.md", "# T\nowner: me\n")
    error = error_of(path)
    assert (error.line, error.field) == (2, "owner")


def test_read_text_sniffs_the_content() -> None:
    source = read_import_text(MARKDOWN, FRAMEWORKS, file="<stdin>", now=NOW)
    assert (source.format, source.file, len(source.stories)) == ("markdown", Path("<stdin>"), 2)
    json_source = read_import_text(dump_bank(BankDocument()), FRAMEWORKS, file="<stdin>")
    assert json_source.format == "json" and json_source.stories == []


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "s.md", b"# T\n## Situation\nna\xefve\n")
    error = error_of(path)
    assert error.line == 3
    assert "not UTF-8" in error.message and "0xef at offset 19" in error.message


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "s.md", b"\xef\xbb\xbf" + MARKDOWN.encode("utf-8"))
    assert len(read(path).stories) == 2


def test_no_stories(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "s.md", "<!-- nothing yet -->\n"))
    assert error.message == "no stories found"
    assert error.hint is not None and "# Title" in error.hint


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert error_of(tmp_path / "nope.md").message == "no such file"
    folder = tmp_path / "folder.md"
    folder.mkdir()
    assert error_of(folder).message == "this is a folder, not a file"


def test_too_large_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(importer, "MAX_BYTES", 10)
    path = write(tmp_path, "s.md", MARKDOWN)
    opened: list[Path] = []
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: opened.append(self))
    error = error_of(path)
    assert "too large" in error.message
    assert opened == []


def test_too_large_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_BYTES", 10)
    with pytest.raises(StorybankError, match="too large"):
        read_import_text(MARKDOWN, FRAMEWORKS, file="<stdin>")


# --------------------------------------------------------------------------- planning


def source(tmp_path: Path) -> importer.ImportSource:
    return read(write(tmp_path, "stories.md", MARKDOWN))


def test_everything_is_added_to_an_empty_bank(tmp_path: Path) -> None:
    plan = plan_import(source(tmp_path), set(), replace=False)
    assert [s.id for s in plan.add] == ["billing-ledger", "owning-the-on-call-rotation"]
    assert plan.replace == plan.unchanged == []
    assert plan.settings is None and plan.questions == [] and plan.extra == {}
    assert not plan.is_empty
    assert plan.changes == plan.add


def test_an_existing_id_without_replace_names_file_line_and_id(tmp_path: Path) -> None:
    src = source(tmp_path)
    with pytest.raises(StorybankError) as caught:
        plan_import(src, {"owning-the-on-call-rotation", "billing-ledger"}, replace=False)
    error = caught.value
    assert error.message == (
        "story 'billing-ledger' is already in the bank (and 1 more: owning-the-on-call-rotation)"
    )
    assert (error.file, error.line, error.field) == (str(src.file), 1, "id")
    assert error.hint is not None and "--replace" in error.hint


def test_a_conflicting_generated_id_explains_where_it_came_from(tmp_path: Path) -> None:
    with pytest.raises(StorybankError) as caught:
        plan_import(source(tmp_path), {"owning-the-on-call-rotation"}, replace=False)
    assert caught.value.line == 9
    assert caught.value.hint is not None and "made from the title" in caught.value.hint


def test_replace_with_ids_only(tmp_path: Path) -> None:
    plan = plan_import(source(tmp_path), {"billing-ledger"}, replace=True)
    assert [s.id for s in plan.add] == ["owning-the-on-call-rotation"]
    assert [s.id for s in plan.replace] == ["billing-ledger"]
    assert plan.replace[0] == source(tmp_path).stories[0].story


def test_replace_with_stories_detects_unchanged_and_keeps_created(tmp_path: Path) -> None:
    src = source(tmp_path)
    billing, on_call = (p.story for p in src.stories)
    older = datetime(2023, 1, 1, tzinfo=UTC)
    existing = {
        # Same content, other timestamps: nothing to do.
        "billing-ledger": billing.model_copy(update={"created": older, "updated": older}),
        "owning-the-on-call-rotation": on_call.model_copy(
            update={"result": "Old text.", "created": older}
        ),
    }
    plan = plan_import(src, existing, replace=True, now=NOW)
    assert plan.unchanged == [existing["billing-ledger"]]
    [replaced] = plan.replace
    assert replaced.result == "Pages fell by half."
    assert (replaced.created, replaced.updated) == (older, NOW)
    assert plan.add == []


def test_json_plans_carry_questions_settings_and_tables(tmp_path: Path) -> None:
    doc = BankDocument(extra={"cards": [{"id": "c"}]})
    path = write(tmp_path, "bank.json", dump_bank(doc, exported=THEN))
    plan = plan_import(read(path), set(), replace=False)
    assert plan.settings == doc.settings
    assert plan.extra == {"cards": [{"id": "c"}]}
    assert not plan.is_empty
    assert plan.summary().endswith("\nalso: settings, cards (1)")


def test_an_empty_plan(tmp_path: Path) -> None:
    src = source(tmp_path)
    existing = {p.story.id: p.story for p in src.stories}
    plan = plan_import(src, existing, replace=True)
    assert plan.is_empty
    assert len(plan.unchanged) == 2


def test_summary_has_one_line_per_story() -> None:
    def make(story_id: str, title: str) -> Story:
        return Story(id=story_id, title=title, created=THEN, updated=THEN)

    plan = ImportPlan(
        file=Path("stories.md"),
        add=[make("billing-ledger", "Migrating billing to the new ledger")],
        replace=[make("on-call", "x" * 80)],
        # A title the model refuses today may still sit in an old bank: show it inert.
        unchanged=[
            Story.model_construct(
                id="esc", title="Bell\x07 and \x1b[31mred", created=THEN, updated=THEN
            )
        ],
    )
    assert plan.summary() == (
        "stories.md: 1 to add, 1 to replace, 1 unchanged\n"
        "+ add        billing-ledger  Migrating billing to the new ledger\n"
        "~ replace    on-call         " + "x" * 59 + "…\n"
        "= unchanged  esc             Bell\\x07 and \\x1b[31mred"
    )


def test_markdown_export_imports_back_into_an_empty_bank(tmp_path: Path) -> None:
    stories = [p.story for p in source(tmp_path).stories]
    exported = stories_to_markdown(stories, FRAMEWORKS)
    plan = plan_import(read(write(tmp_path, "export.md", exported)), set(), replace=False)
    assert plan.add == stories
    assert stories_to_markdown(plan.add, FRAMEWORKS) == exported
