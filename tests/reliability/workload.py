"""A deterministic stream of bank writes, shared by the crash child and the checking parent.

Write number ``seq`` is a pure function of ``seq`` and the bank's state before
it (:func:`next_op`), so the parent can replay the stream and know exactly
what the bank must hold after any number of writes. Every write changes the
visible state (a new id, a ``rev <seq>`` stamp or a new timer value), so two
consecutive states are never equal and "the last acknowledged write is on
disk" can be checked exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Literal

from storybank.core.models import Story
from storybank.storage.repository import Bank

SEED = 20_250_314

OpKind = Literal["new", "batch", "edit", "timer", "delete"]

# Text that has broken text formats before: markup, escapes, RTL, emoji, NUL.
BODY = (
    "Three teams [bold]owned[/] parts of the data; the deadline was fixed.\n"
    "\x1b[31mred\x1b[0m \u202eRTL\u202c 🎉 e\u0301 \x00 end\n" * 4
)


@dataclass(frozen=True)
class BankState:
    """What the workload can see of a bank: each story's title and result, and one setting."""

    stories: dict[str, tuple[str, str]] = field(default_factory=dict)
    drill_timer: int = 120


@dataclass(frozen=True)
class Op:
    """One write of the stream."""

    seq: int
    kind: OpKind
    ids: tuple[str, ...] = ()
    timer: int = 0

    def title(self, story_id: str) -> str:
        """The title this op gives ``story_id``."""
        return f"Story {story_id} v{self.seq}"

    @property
    def result(self) -> str:
        """The result text this op writes (unique to the op)."""
        return f"We cut costs by 40% (rev {self.seq})."

    def applied(self, state: BankState) -> BankState:
        """The state after this op."""
        stories = dict(state.stories)
        if self.kind in ("new", "batch", "edit"):
            for story_id in self.ids:
                stories[story_id] = (self.title(story_id), self.result)
            return replace(state, stories=stories)
        if self.kind == "delete":
            for story_id in self.ids:
                del stories[story_id]
            return replace(state, stories=stories)
        return replace(state, drill_timer=self.timer)

    def run(self, bank: Bank) -> None:
        """Make this write through the real repository API (one atomic save)."""
        if self.kind == "timer":
            bank.save_settings(bank.settings.model_copy(update={"drill_timer": self.timer}))
        elif self.kind == "delete":
            (story_id,) = self.ids
            bank.delete_story(story_id)
        elif self.kind == "edit":
            (story_id,) = self.ids
            story = bank.get_story(story_id)
            bank.save_story(
                story.model_copy(update={"title": self.title(story_id), "result": self.result})
            )
        else:
            bank.save_stories([self.story(story_id) for story_id in self.ids], touch=True)

    def story(self, story_id: str) -> Story:
        """A new, valid story written by this op."""
        return Story(
            id=story_id,
            title=self.title(story_id),
            headline="I shipped it [link=https://e]early[/link].",
            situation=BODY,
            complications="Two leads disagreed; a missed page was a real risk.",
            action="I mapped every dependency and set weekly milestones.",
            result=self.result,
            competencies={"tpm": ["program-execution"]},
            tags=["crash", "[/]"],
        )


def next_op(seq: int, state: BankState) -> Op:
    """Write number ``seq``, given the state before it."""
    rng = random.Random(SEED * 1_000_003 + seq)
    count = len(state.stories)
    roll = rng.random()
    ids = sorted(state.stories)
    if count > 40 and roll < 0.4:
        return Op(seq, "delete", (ids[rng.randrange(count)],))
    if count < 3 or roll < 0.25:
        return Op(seq, "new", (f"s{seq}",))
    if roll < 0.32:
        return Op(seq, "batch", (f"s{seq}-a", f"s{seq}-b", f"s{seq}-c"))
    if roll < 0.72:
        return Op(seq, "edit", (ids[rng.randrange(count)],))
    if roll < 0.90:
        timer = 15 + seq % 1_700
        if timer == state.drill_timer:
            timer += 1
        return Op(seq, "timer", timer=timer)
    return Op(seq, "delete", (ids[rng.randrange(count)],))


def replay(state: BankState, first: int, last: int) -> list[BankState]:
    """States after writes ``first``..``last`` applied to ``state``, in order."""
    states = []
    for seq in range(first, last + 1):
        state = next_op(seq, state).applied(state)
        states.append(state)
    return states


def snapshot(bank: Bank) -> BankState:
    """What the workload can see of an open bank."""
    return BankState(
        stories={s.id: (s.title, s.result) for s in bank.stories()},
        drill_timer=bank.settings.drill_timer,
    )
