"""Flags: stories marked "needs work", by card or by story."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scheduling.drill_helpers import story
from storybank.errors import StorybankError
from storybank.scheduling.drills import Drills
from storybank.storage.repository import Bank

MakeBank = Callable[..., Bank]
OpenDrills = Callable[[Bank], Drills]


def test_flagging_lists_the_story_until_unflagged(
    make_bank: MakeBank, open_drills: OpenDrills
) -> None:
    drills = open_drills(make_bank(story("a"), story("b")))
    drills.flags.flag("recall:a", note="numbers are vague")
    drills.flags.flag("b")
    flagged = drills.flags.flagged_stories()
    assert [(f.story_id, f.card_id, f.note) for f in flagged] == [
        ("a", "recall:a", "numbers are vague"),
        ("b", None, ""),
    ]
    assert drills.faces.face("recall:a").flagged
    assert drills.flags.unflag("a") is True
    assert drills.flags.unflag("a") is False
    assert [f.story_id for f in drills.flags.flagged_stories()] == ["b"]
    with pytest.raises(StorybankError):
        drills.flags.flag("no-such-story")
