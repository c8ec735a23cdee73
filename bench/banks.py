"""Banks of any size for the benchmarks: realistic stories and a long review history.

Stories are made from the sample bank's own sentences, shuffled into new
stories with their figures changed, so each one reads like a real story (the
checks find what they find in real stories) and no two are near-duplicates.
The review history is simulated with the real FSRS scheduler and written in
one go in the review log's own format, so setting up 500,000 reviews takes
seconds rather than the hours as many durable ratings would.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fsrs import Rating, Scheduler

START = datetime(2005, 1, 1, 18, tzinfo=UTC)
"""When the simulated history begins."""

_FIELDS = ("situation", "complications", "action", "result", "lessons")
_SENTENCES = {"situation": 2, "complications": 2, "action": 4, "result": 2, "lessons": 1}
_NUMBER = re.compile(r"\d+")


def synthetic_stories(count: int, seed: int = 5) -> list[object]:
    """``count`` stories made from the sample bank's sentences (Story models)."""
    from storybank.core.frameworks import FrameworkRegistry
    from storybank.core.models import FollowUp, Story
    from storybank.io.markdown import parse_markdown
    from storybank.resources import sample_data_dir

    rng = random.Random(seed)
    source = sample_data_dir() / "stories.md"
    parsed = parse_markdown(source.read_text(encoding="utf-8"), FrameworkRegistry.load())
    samples = [p.story for p in parsed]
    pools: dict[str, list[str]] = {name: [] for name in _FIELDS}
    for story in samples:
        for name in _FIELDS:
            text = getattr(story, name)
            pools[name].extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
    words = [w for s in pools["situation"] for w in s.split() if w.isalpha() and len(w) > 4]
    tag_sets = [(s.competencies, s.tags) for s in samples]

    def renumber(text: str) -> str:
        return _NUMBER.sub(lambda m: str(rng.randint(2, 97)), text)

    stories = []
    for i in range(count):
        fields = {
            name: " ".join(renumber(s) for s in rng.sample(pools[name], _SENTENCES[name]))
            for name in _FIELDS
        }
        competencies, tags = tag_sets[i % len(tag_sets)]
        title = " ".join(rng.sample(words, 5)).capitalize()
        stories.append(
            Story(
                id=f"story-{i + 1}",
                title=f"{title} ({i + 1})",
                headline=renumber(rng.choice(pools["result"])),
                follow_ups=[FollowUp(question=f"What would you change in round {i + 1}?")],
                competencies=competencies,
                tags=list(tags),
                created=START + timedelta(minutes=i),
                updated=START + timedelta(minutes=i),
                **fields,
            )
        )
    return stories


def make_bank(path: Path, stories: int | None) -> None:
    """A bank at ``path``: the sample bank (``None``) or ``stories`` synthetic ones, with cards."""
    from storybank.cli.admin import create_bank
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills
    from storybank.storage.repository import Bank

    create_bank(path, sample=stories is None, force=False)
    with Bank.open(path) as bank:
        if stories is not None:
            bank.save_stories(synthetic_stories(stories))  # type: ignore[arg-type]
        with Drills(bank, clock=FixedClock(START)) as drills:
            drills.deck.sync()  # make the cards


def simulate_history(path: Path, count: int) -> datetime:
    """Fill the log with ``count`` realistic reviews over twenty years; returns the instant after.

    About seven reviews a day for a small bank; the same twenty years for a big
    one, so the cards are spread over the same days.
    """
    from storybank.scheduling.cards import DrillCard
    from storybank.scheduling.log_format import LogEntry, new_id
    from storybank.scheduling.store import DrillStore
    from storybank.storage.repository import Bank

    scheduler = Scheduler()
    with Bank.open(path) as bank:
        store = DrillStore(bank)
        records = store.cards()
        cards = {cid: DrillCard.of(r).card for cid, r in records.items()}
        ids = sorted(cards)
        ratings = (Rating.Good, Rating.Good, Rating.Good, Rating.Easy, Rating.Hard, Rating.Again)
        lines = []
        now = START
        step = timedelta(hours=24 * 7300 / count)
        for i in range(count):
            card_id = ids[i % len(ids)]
            before = cards[card_id]
            after, log = scheduler.review_card(before, ratings[i % len(ratings)], now, 90_000)
            entry = LogEntry(
                id=new_id(),
                type="review",
                card=card_id,
                story=records[card_id].story,
                kind=records[card_id].kind,
                fsrs_id=log.card_id,
                at=log.review_datetime,
                rating=int(log.rating),
                duration_ms=log.review_duration,
                overran=False,
                before=before.to_dict(),
                after=None,
            )
            lines.append(entry.to_json())
            cards[card_id] = after
            now += step
        store.ensure_log_token()
        store.log.rewrite(lines)
        store.put_cards(
            r.model_copy(update={"fsrs": cards[cid].to_dict(), "introduced": START})
            for cid, r in records.items()
        )
        store.close()
    return now
