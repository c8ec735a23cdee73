"""Flags: stories marked "needs work" during a drill, listed on the bank screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from storybank.scheduling.deck import Deck
from storybank.scheduling.models import Flag


@dataclass(frozen=True)
class FlaggedStory:
    """A story marked "needs work", for the bank screen."""

    story_id: str
    title: str
    note: str
    flagged: datetime
    card_id: str | None


class Flags:
    """The "needs work" marks of a deck's stories.

    Args:
        deck: The cards (a flag may name the card it was set from) and their store.
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck

    def flag(self, target: str, note: str = "", now: datetime | None = None) -> Flag:
        """Mark a story "needs work", by card id (during a drill) or story id.

        Raises:
            StorybankError: read-only bank, or no such card or story.
        """
        deck = self.deck
        deck.writable()
        if deck.has(target):
            story_id, card_id = deck.card(target).story, target
        else:
            story_id, card_id = deck.bank.get_story(target).id, None
        flag = Flag(story=story_id, card=card_id, note=note, flagged=deck.at(now))
        deck.store.put_flag(flag)
        return flag

    def unflag(self, story_id: str) -> bool:
        """Clear a story's flag; whether it was flagged."""
        self.deck.writable()
        return self.deck.store.remove_flag(story_id)

    def flagged_stories(self) -> list[FlaggedStory]:
        """Stories marked "needs work" (of stories that still exist), oldest first."""
        titles = {s.id: s.title for s in self.deck.bank.stories()}
        return [
            FlaggedStory(f.story, titles[f.story], f.note, f.flagged, f.card)
            for f in self.deck.store.flags()
            if f.story in titles
        ]

    def story_ids(self) -> list[str]:
        """Ids of the flagged stories (deleted ones included), oldest flag first."""
        return [f.story for f in self.deck.store.flags()]

    def is_flagged(self, story_id: str) -> bool:
        """Whether a story is marked "needs work"."""
        return story_id in self.story_ids()
