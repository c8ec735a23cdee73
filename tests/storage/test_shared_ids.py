"""Stories that share an id (a hand-edited or merged bank) are damage: reported on every
open, never acted on as one, and repaired by `doctor --repair` with a fresh id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factories import make_story
from storybank.errors import StorybankError
from storybank.storage import doctor
from storybank.storage.backups import list_backups
from storybank.storage.repository import Bank, DuplicateIdError


def share_an_id(bank: Path, story_id: str, title: str = "A second story, merged in") -> None:
    """Add a copy of a story under a new document number, as a hand edit or a merge would."""
    data = json.loads(bank.read_text())
    stories = data["stories"]
    first = next(doc for doc in stories.values() if doc["id"] == story_id)
    stories[str(max(map(int, stories)) + 1)] = {**first, "title": title}
    bank.write_text(json.dumps(data))


@pytest.fixture
def damaged(empty_bank: Path) -> Path:
    with Bank.open(empty_bank) as bank:
        bank.save_stories([make_story("ledger"), make_story("other")])
    share_an_id(empty_bank, "ledger")
    return empty_bank


def test_every_open_reports_shared_ids_with_the_ids(damaged: Path) -> None:
    for read_only in (True, False):
        with Bank.open(damaged, read_only=read_only) as bank:
            assert bank.problems == [
                "2 stories share the id 'ledger' (#1, #3); `storybank doctor --repair` "
                "gives each but the first a fresh id"
            ]


def test_no_command_acts_on_a_shared_id(damaged: Path) -> None:
    before = damaged.read_bytes()
    with Bank.open(damaged) as bank:
        for act in (
            lambda: bank.get_story("ledger"),
            lambda: bank.save_story(make_story("ledger", title="Overwrites which one?")),
            lambda: bank.delete_story("ledger"),
            lambda: bank.rename_story("ledger", make_story("renamed")),
        ):
            with pytest.raises(DuplicateIdError) as caught:
                act()
            assert "2 stories share the id 'ledger' (#1, #3)" in caught.value.message
            assert "doctor --repair" in (caught.value.hint or "")
        bank.save_story(make_story("other", title="Others work"))
    assert json.loads(damaged.read_text())["stories"]["3"]["title"] == "A second story, merged in"
    assert damaged.read_bytes() != before


def test_doctor_reports_and_repairs_shared_ids(damaged: Path) -> None:
    report = doctor.diagnose(damaged)
    assert not report.ok and report.repairable
    assert any("share the id 'ledger'" in p for p in report.problems)
    assert doctor.plan_repair(damaged) == [
        "stories #1, #3 share the id 'ledger': story #1 keeps it, #3 get a fresh one"
    ]
    done = doctor.repair(damaged)
    assert done.renamed == [("stories", "ledger", "ledger-2")]
    assert any(b.name.endswith("-repair.json") for b in list_backups(damaged))
    with Bank.open(damaged) as bank:
        assert bank.problems == []
        assert bank.get_story("ledger").title == "Migrating billing to the new ledger"
        assert bank.get_story("ledger-2").title == "A second story, merged in"
    assert doctor.diagnose(damaged).ok


def test_a_byte_order_mark_is_named_and_removed_by_repair(empty_bank: Path) -> None:
    with Bank.open(empty_bank) as bank:
        bank.save_story(make_story())
    original = empty_bank.read_bytes()
    empty_bank.write_bytes(b"\xef\xbb\xbf" + original)
    with pytest.raises(StorybankError) as caught:
        Bank.open(empty_bank, read_only=True)
    assert "it starts with a byte-order mark" in caught.value.message
    assert "not valid JSON" not in caught.value.message
    assert "storybank can remove it: run `storybank doctor --repair`" in (caught.value.hint or "")
    assert doctor.plan_repair(empty_bank) == ["remove the byte-order mark at the start of the file"]
    assert doctor.repair(empty_bank).removed_bom
    assert empty_bank.read_bytes() == original
    kept = [b for b in list_backups(empty_bank) if b.name.endswith("-repair.json")]
    assert kept[0].path.read_bytes() == b"\xef\xbb\xbf" + original
