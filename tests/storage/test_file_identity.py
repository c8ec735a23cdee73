"""Compare before overwrite: a bank whose file another program changed is never written over.

The bank keeps its data in memory while it is open. Before every write it
checks that the file is still the one it read (the bytes it holds, compared
in full); when it is not, the write is refused with FileChangedError, the bank is
read again from the file as it is now, and the next write works on that.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from factories import make_story
from storybank.core.models import Settings
from storybank.errors import FileChangedError, StorybankError
from storybank.storage.repository import Bank


def _other_version(bank: Path, tmp_path: Path, **titles: str) -> Path:
    """A copy of ``bank`` with some stories retitled, as another program would write it."""
    other = tmp_path / "elsewhere" / "bank.json"
    other.parent.mkdir(exist_ok=True)
    shutil.copyfile(bank, other)
    with Bank.open(other) as copy:
        for story_id, title in titles.items():
            copy.save_story(copy.get_story(story_id).model_copy(update={"title": title}))
    return other


def _replace_in_place(bank: Path, source: Path) -> None:
    """What `cp SOURCE BANK` does: the same file (inode), new contents."""
    with bank.open("r+b") as handle:
        handle.truncate(0)
        handle.write(source.read_bytes())


@pytest.fixture
def two_stories(empty_bank: Path) -> Path:
    with Bank.open(empty_bank) as bank:
        bank.save_stories([make_story("one"), make_story("two")])
    return empty_bank


@pytest.mark.parametrize("how", ["rename", "in place", "in place, same size and time"])
def test_a_write_over_a_file_changed_underneath_is_refused_and_the_bank_reads_it_again(
    two_stories: Path, tmp_path: Path, how: str
) -> None:
    with Bank.open(two_stories) as bank:
        bank.get_story("one")
        other = _other_version(two_stories, tmp_path, two="Changed elsewhere")
        if how == "rename":
            os.replace(other, two_stories)  # a sync client's or `mv`'s way
        else:
            status = two_stories.stat()
            _replace_in_place(two_stories, other)  # `cp`'s way
            if how.endswith("time"):
                # As on a file system with coarse timestamps: nothing but the bytes tell.
                os.utime(two_stories, ns=(status.st_atime_ns, status.st_mtime_ns))
        changed = two_stories.read_bytes()
        generation = bank.generation
        with pytest.raises(FileChangedError) as caught:
            bank.save_story(make_story("one", title="Mine"))
        assert caught.value.reloaded
        assert "changed on disk by another program" in caught.value.message
        assert caught.value.file == str(two_stories)
        assert two_stories.read_bytes() == changed  # nothing of the other change lost
        # The bank now works on the file as it is: the other change shows, and the
        # next write keeps it.
        assert bank.generation == generation + 1
        assert bank.get_story("two").title == "Changed elsewhere"
        bank.save_story(make_story("one", title="Mine"))
    with Bank.open(two_stories, read_only=True) as bank:
        assert bank.get_story("one").title == "Mine"
        assert bank.get_story("two").title == "Changed elsewhere"


def test_every_kind_of_write_checks_first(two_stories: Path, tmp_path: Path) -> None:
    writes = {
        "settings": lambda bank: bank.save_settings(Settings(drill_timer=300)),
        "delete": lambda bank: bank.delete_story("one"),
        "batch": lambda bank: bank.save_stories([make_story("three")]),
        "rename": lambda bank: bank.rename_story("one", make_story("uno")),
        "drill table": lambda bank: bank.table("cards").insert({"id": "x"}),
    }
    for name, write in writes.items():
        with Bank.open(two_stories) as bank:
            bank.stories()
            other = _other_version(two_stories, tmp_path, two=f"Changed before {name}")
            os.replace(other, two_stories)
            changed = two_stories.read_bytes()
            with pytest.raises(FileChangedError):
                write(bank)
            assert two_stories.read_bytes() == changed, name


def test_a_file_replaced_by_an_identical_copy_is_not_a_change(two_stories: Path) -> None:
    with Bank.open(two_stories) as bank:
        bank.stories()
        copy = two_stories.with_name("copy.json")
        shutil.copyfile(two_stories, copy)
        os.replace(copy, two_stories)  # a new file (inode), the same bytes
        bank.save_story(make_story("three"))
    with Bank.open(two_stories, read_only=True) as bank:
        assert bank.story_ids() == {"one", "two", "three"}


def test_a_file_removed_underneath_is_not_recreated(two_stories: Path) -> None:
    with Bank.open(two_stories) as bank:
        bank.stories()
        two_stories.unlink()
        with pytest.raises(FileChangedError) as caught:
            bank.save_story(make_story("three"))
        assert not caught.value.reloaded
        assert "there is no bank here any more" in caught.value.message
        assert not two_stories.exists()
        # Reading goes on from what was last saved; every write stays refused.
        assert bank.story_ids() == {"one", "two"}
        with pytest.raises(FileChangedError):
            bank.save_story(make_story("four"))
        assert not two_stories.exists()


def test_a_damaged_file_put_underneath_is_not_overwritten(
    two_stories: Path, tmp_path: Path
) -> None:
    with Bank.open(two_stories) as bank:
        bank.stories()
        whole = _other_version(two_stories, tmp_path, two="Synced")
        two_stories.write_bytes(whole.read_bytes()[:40])  # a sync client mid-write
        with pytest.raises(FileChangedError) as caught:
            bank.save_story(make_story("three"))
        assert not caught.value.reloaded and "truncated" in caught.value.message
        assert two_stories.read_bytes() == whole.read_bytes()[:40]
        assert bank.story_ids() == {"one", "two"}  # reading goes on from the last save
        # The sync finishes: the next write reads the whole file and is refused once...
        two_stories.write_bytes(whole.read_bytes())
        with pytest.raises(FileChangedError) as caught:
            bank.save_story(make_story("three"))
        assert caught.value.reloaded
        assert bank.get_story("two").title == "Synced"
        bank.save_story(make_story("three"))  # ...and the one after works on it
    with Bank.open(two_stories, read_only=True) as bank:
        assert bank.get_story("two").title == "Synced" and bank.has_story("three")


def test_what_this_bank_wrote_itself_is_not_a_change(two_stories: Path) -> None:
    with Bank.open(two_stories) as bank:
        for number in range(5):
            bank.save_story(make_story(f"s{number}"))
        with bank.batch():
            bank.save_story(make_story("b1"))
            bank.save_story(make_story("b2"))
        with pytest.raises(StorybankError), bank.batch():
            bank.save_story(make_story("rolled-back"))
            raise StorybankError("stop")
        bank.save_story(make_story("after"))
    with Bank.open(two_stories, read_only=True) as bank:
        assert "after" in bank.story_ids() and "rolled-back" not in bank.story_ids()
