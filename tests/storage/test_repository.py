"""The bank as a service: stories, settings, questions, batches, backups."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from factories import age_backups, make_story
from storybank.core.models import Question, Settings
from storybank.errors import StorybankError
from storybank.storage import migrations
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank


def test_create_writes_schema_version_and_default_settings(bank_path: Path) -> None:
    Bank.create(bank_path).close()
    raw = json.loads(bank_path.read_text())
    assert raw["_meta"]["1"]["schema_version"] == migrations.SCHEMA_VERSION
    assert raw["settings"]["1"]["desired_retention"] == 0.9
    assert stat.S_IMODE(bank_path.stat().st_mode) == 0o600


def test_create_refuses_to_overwrite_without_force(empty_bank: Path) -> None:
    with pytest.raises(StorybankError, match="already exists"):
        Bank.create(empty_bank)
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    Bank.create(empty_bank, force=True).close()
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.stories() == []
    replaced = [b for b in list_backups(empty_bank) if b.name.endswith("-replaced.json")]
    assert replaced and "billing-ledger" in replaced[0].path.read_text()


def test_story_round_trips_through_the_file(empty_bank: Path) -> None:
    story = make_story(title="[bold]x[/] 😀 \u202eevil", tags=["a", "b"])
    with Bank.open(empty_bank) as bank:
        saved = bank.save_story(story)
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.get_story(story.id) == saved
        assert bank.get_story(story.id).title == story.title


def test_save_story_updates_in_place_and_touches_updated(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        first = bank.save_story(make_story())
        second = bank.save_story(first.model_copy(update={"title": "New title"}))
        assert [s.title for s in bank.stories()] == ["New title"]
        assert second.updated >= first.updated
        assert second.created == first.created


def test_unknown_competency_is_refused(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        with pytest.raises(StorybankError) as caught:
            bank.save_story(make_story(competencies={"tpm": ["juggling"]}))
        assert "juggling" in caught.value.message
        assert "ambiguity" in (caught.value.hint or "")
        assert bank.stories() == []


def test_missing_story_names_the_id(empty_bank: Path) -> None:
    with Bank.open(empty_bank, read_only=True) as bank, pytest.raises(StorybankError) as caught:
        bank.get_story("nope")
    assert "'nope'" in caught.value.message and "storybank list" in (caught.value.hint or "")


def test_read_only_bank_refuses_writes(empty_bank: Path) -> None:
    before = empty_bank.read_bytes()
    with Bank.open(empty_bank, read_only=True) as bank, pytest.raises(StorybankError):
        bank.save_story(make_story())
    assert empty_bank.read_bytes() == before


def test_writes_take_a_backup_at_most_every_half_hour(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("one"))
        bank.save_story(make_story("two"))
    assert len(list_backups(empty_bank)) == 1
    with Bank.open(empty_bank) as bank:  # a new session, within the half hour
        bank.save_story(make_story("three"))
    assert len(list_backups(empty_bank)) == 1
    age_backups(empty_bank, 31)
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("four"))
        bank.save_story(make_story("five"))
    backups = list_backups(empty_bank)
    assert len(backups) == 2
    assert '"three"' in backups[0].path.read_text()
    assert '"four"' not in backups[0].path.read_text()
    assert all(stat.S_IMODE(b.path.stat().st_mode) == 0o600 for b in backups)


def test_delete_keeps_a_backup_with_the_story(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    with Bank.open(empty_bank) as bank:
        bank.delete_story("billing-ledger")
        assert not bank.has_story("billing-ledger")
    tagged = [b for b in list_backups(empty_bank) if "-delete" in b.name]
    assert tagged and "billing-ledger" in tagged[0].path.read_text()


def test_batch_is_all_or_nothing(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        with pytest.raises(StorybankError):
            with bank.batch():
                bank.save_story(make_story("good"))
                bank.save_story(make_story("bad", competencies={"tpm": ["nope"]}))
        assert bank.stories() == []
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.stories() == []


def test_batch_writes_once(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_stories([make_story(f"s{i}") for i in range(5)])
    with Bank.open(empty_bank, read_only=True) as bank:
        assert [s.id for s in bank.stories()] == [f"s{i}" for i in range(5)]


def test_rename_story_moves_it(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story("old-id"))
        bank.save_story(make_story("taken"))
        story = bank.get_story("old-id")
        with pytest.raises(StorybankError, match="already exists"):
            bank.rename_story("old-id", story.model_copy(update={"id": "taken"}))
        bank.rename_story("old-id", story.model_copy(update={"id": "new-id"}))
        assert sorted(bank.story_ids()) == ["new-id", "taken"]


def test_settings_persist_and_are_validated(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_settings(Settings(framework="amazon-lp", drill_timer=90))
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.settings.framework == "amazon-lp"
        assert bank.settings.drill_timer == 90
    with Bank.open(empty_bank) as bank, pytest.raises(StorybankError, match="unknown framework"):
        bank.save_settings(Settings(framework="google"))


def test_user_questions(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_question(
            Question(id="why-us", text="Why this company?", competencies={"tpm": ["ownership"]})
        )
        with pytest.raises(StorybankError, match="not a competency"):
            bank.save_question(Question(id="x", text="?", competencies={"tpm": ["nope"]}))
    with Bank.open(empty_bank) as bank:
        assert [q.id for q in bank.questions()] == ["why-us"]
        bank.delete_question("why-us")
        assert bank.questions() == []


def test_old_schema_is_migrated_on_first_write(
    empty_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_nickname(data: migrations.RawData) -> migrations.RawData:
        data.setdefault("_meta", {})["1"]["nickname"] = "upgraded"
        return data

    current = migrations.SCHEMA_VERSION
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATIONS, current, add_nickname)
    before = empty_bank.read_bytes()
    with Bank.open(empty_bank, read_only=True) as bank:
        assert bank.stories() == []
    assert empty_bank.read_bytes() == before  # reading never rewrites
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    meta = json.loads(empty_bank.read_text())["_meta"]["1"]
    assert meta == {
        "schema_version": current + 1,
        "created_by": meta["created_by"],
        "nickname": "upgraded",
    }
    assert (
        json.loads(list_backups(empty_bank)[0].path.read_text())["_meta"]["1"]["schema_version"]
        == current
    )


def test_revision_changes_on_every_write_of_stories_questions_or_settings(
    empty_bank: Path,
) -> None:
    with Bank.open(empty_bank) as bank:
        seen = [bank.revision]

        def changed() -> bool:
            seen.append(bank.revision)
            return seen[-1] != seen[-2]

        bank.stories()
        bank.questions()
        bank.settings  # noqa: B018 - reading changes nothing
        assert not changed()
        bank.save_story(make_story("a"))
        assert changed()
        bank.rename_story("a", make_story("b"))
        assert changed()
        bank.delete_story("b")
        assert changed()
        question = Question(id="q", text="Why?", source="user")
        bank.save_question(question)
        assert changed()
        bank.delete_question("q")
        assert changed()
        bank.save_settings(Settings(drill_timer=90))
        assert changed()
        bank.table("cards").insert({"id": "x"})  # a feature's own table
        assert not changed()


def test_a_rolled_back_batch_changes_the_revision(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        before = bank.revision
        with pytest.raises(RuntimeError), bank.batch():
            bank.table("cards").insert({"id": "x"})
            raise RuntimeError("stop")
        assert bank.revision != before
