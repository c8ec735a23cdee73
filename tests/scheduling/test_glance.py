"""The drills at a glance give the queue the drills proper give, or step aside.

``storybank due`` reads the bank without the models (the glance) whenever it
can vouch for the cards: the queue it builds must be the one
:class:`~storybank.scheduling.drills.Drills` builds, card for card, at any
moment. When the cards are out of step with the stories, a rating was cut off
by a crash, or a document is not as the models store it, the glance must
refuse (``None``) so the drills proper decide.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fsrs import Rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.drill_helpers import NEW_YORK, QUESTIONS, local, story, with_follow_ups
from storybank.core.models import FollowUp, Question, Story
from storybank.scheduling.cards import SyncPlan, plan_sync
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.glance import DrillsGlance, glance_drills, in_step
from storybank.scheduling.glance_memo import glance_bank
from storybank.scheduling.log_format import LogEntry, new_id
from storybank.scheduling.queue import DailyQueue
from storybank.storage.repository import Bank
from storybank.storage.snapshot import take_snapshot

START = local(2025, 3, 1, 10, 0)


def _glance(path: Path) -> DrillsGlance | None:
    """The glance of a fresh snapshot, after checking the kept glance says the same."""
    snapshot = take_snapshot(path, frameworks=False)
    assert snapshot is not None
    fresh = glance_drills(snapshot)
    # Once as `due` runs after a change (kept afresh), once as the next run does (from it).
    for kept in (glance_bank(path), glance_bank(path)):
        assert (kept is None) == (fresh is None)
        if kept is not None and fresh is not None:
            assert _seen(kept) == _seen(fresh)
    return fresh


def _seen(glance: DrillsGlance) -> tuple[object, ...]:
    """Everything of a glance the queue is built from."""
    return (
        glance.settings,
        glance.story_order,
        [(card.id, card.fsrs, card.suspended, card.introduced) for card in glance.cards.values()],
        [(i.id, i.date, i.label, i.is_practice) for i in glance.interviews],
        glance.in_order,
    )


def _slow_queue(path: Path, now: datetime) -> DailyQueue:
    with Bank.open(path, read_only=True) as bank:
        drills = Drills(
            bank, clock=FixedClock(now, NEW_YORK), fuzz=False, questions=lambda: QUESTIONS
        )
        try:
            return drills.deck.queue()
        finally:
            drills.close()


def _both(path: Path, now: datetime) -> tuple[DailyQueue | None, DailyQueue]:
    glance = _glance(path)
    fast = None if glance is None else glance.queue(now, glance.calendar(NEW_YORK))
    return fast, _slow_queue(path, now)


def _drill(bank: Bank, now: datetime) -> Drills:
    return Drills(bank, clock=FixedClock(now, NEW_YORK), fuzz=False, questions=lambda: QUESTIONS)


def _bank(path: Path, *stories: Story) -> None:
    with Bank.create(path) as bank:
        for item in stories:
            bank.save_story(item, touch=False)
        with _drill(bank, START) as drills:
            drills.deck.sync()


def test_a_synced_bank_is_read_at_a_glance_with_the_same_queue(bank_file: Path) -> None:
    _bank(bank_file, story("a"), with_follow_ups("b", "Why then?", "What next?"), story("c"))
    for hours in (0, 1, 30, 24 * 9):
        fast, slow = _both(bank_file, START + timedelta(hours=hours))
        assert fast is not None
        assert fast == slow


def test_ratings_learning_steps_and_burial_read_the_same(bank_file: Path) -> None:
    _bank(bank_file, story("a"), with_follow_ups("b", "Why then?"), story("c"))
    now = START
    with Bank.open(bank_file) as bank, _drill(bank, now) as drills:
        for rating in (Rating.Again, Rating.Good, Rating.Easy):
            item = drills.deck.next_item(now)
            assert item is not None
            drills.ledger.review(item.card_id, rating, now=now, duration_s=40)
            now += timedelta(minutes=3)
    for later in (
        now,
        now + timedelta(minutes=15),
        now + timedelta(days=1),
        now + timedelta(days=40),
    ):
        fast, slow = _both(bank_file, later)
        assert fast == slow


def test_an_undone_rating_reads_the_same(bank_file: Path) -> None:
    _bank(bank_file, story("a"), story("b"))
    with Bank.open(bank_file) as bank, _drill(bank, START) as drills:
        drills.ledger.review("recall:a", Rating.Good, now=START)
        drills.ledger.undo_last(now=START + timedelta(minutes=1))
    fast, slow = _both(bank_file, START + timedelta(minutes=2))
    assert fast is not None and fast == slow


def test_cram_mode_reads_the_same(bank_file: Path) -> None:
    _bank(bank_file, story("a"), story("b"))
    with Bank.open(bank_file) as bank, _drill(bank, START) as drills:
        drills.ledger.review("recall:a", Rating.Good, now=START)
        drills.interviews.add("Acme", date(2025, 3, 10), "onsite")
    fast, slow = _both(bank_file, START + timedelta(days=2))
    assert slow.cram is not None
    assert fast is not None and fast == slow


def test_a_story_without_cards_yet_is_left_to_the_drills(bank_file: Path) -> None:
    _bank(bank_file, story("a"))
    with Bank.open(bank_file) as bank:
        bank.save_story(story("new-one"), touch=False)  # no drills opened: no cards yet
    assert _glance(bank_file) is None
    assert any(i.story_id == "new-one" for i in _slow_queue(bank_file, START).items)


def test_a_deleted_story_or_changed_follow_ups_are_left_to_the_drills(bank_file: Path) -> None:
    _bank(bank_file, story("a"), with_follow_ups("b", "Why then?"), story("c"))
    with Bank.open(bank_file) as bank:
        bank.delete_story("c")
    assert _glance(bank_file) is None
    with Bank.open(bank_file) as bank:
        with _drill(bank, START) as drills:
            drills.deck.sync()
        assert _glance(bank_file) is not None
        changed = bank.get_story("b").model_copy(
            update={"follow_ups": [FollowUp(question="Why then, exactly?")]}
        )
        bank.save_story(changed, touch=False)
    assert _glance(bank_file) is None


def test_a_rating_cut_off_by_a_crash_is_left_to_the_drills(bank_file: Path) -> None:
    _bank(bank_file, story("a"))
    with Bank.open(bank_file) as bank, _drill(bank, START) as drills:
        drills.ledger.review("recall:a", Rating.Good, now=START)
        card = drills.deck.card("recall:a")
        # The log line of a second rating, whose card write never happened.
        entry = LogEntry(
            id=new_id(),
            type="review",
            card=card.id,
            story="a",
            kind="recall",
            fsrs_id=card.record.fsrs_id,
            at=(START + timedelta(days=3)).astimezone(UTC),
            rating=int(Rating.Good),
            duration_ms=1000,
            overran=False,
            before=card.record.fsrs,
            after=None,
        )
        drills.deck.store.append(entry)
    assert _glance(bank_file) is None
    # (The drills proper repair it, in memory on a read-only bank.)
    assert _slow_queue(bank_file, START + timedelta(days=30)).total >= 0


def test_a_document_the_models_would_rewrite_is_left_to_the_drills(bank_file: Path) -> None:
    _bank(bank_file, story("a"))
    data = json.loads(bank_file.read_text(encoding="utf-8"))
    card = next(iter(data["cards"].values()))
    card["created"] = card["created"].replace("Z", "+00:00")  # valid, but not as stored
    bank_file.write_text(json.dumps(data), encoding="utf-8")
    assert take_snapshot(bank_file, frameworks=False) is not None
    assert _glance(bank_file) is None
    assert _slow_queue(bank_file, START).total == 1  # one card a story a day


def _counts(queue: DailyQueue) -> tuple[object, ...]:
    """Everything ``storybank due`` prints from a queue (the order of its items aside)."""
    reasons = tuple(queue.count(reason) for reason in ("learning", "due", "cram", "new", "ahead"))
    stories = frozenset(item.story_id for item in queue.items)
    return (
        reasons,
        queue.new_left,
        queue.day,
        queue.next_due,
        queue.cram,
        queue.clock_behind,
        queue.buried,
        stories,
    )


def test_weak_spots_practice_rounds_and_unanswered_follow_ups_count_the_same(
    bank_file: Path,
) -> None:
    from scheduling.test_debriefs import CONFLICT, MATCHER
    from storybank.scheduling.debriefs import QuestionEntry
    from storybank.scheduling.models import AskedFollowUp

    _bank(
        bank_file,
        story("a", competencies={"tpm": ["conflict"]}),
        story("b", competencies={"tpm": ["program-execution"]}),
        story("c", competencies={"tpm": ["conflict"]}),
    )
    with Bank.open(bank_file) as bank, _drill(bank, START) as drills:
        drills.ledger.review("recall:a", Rating.Good, now=START)
        held = drills.interviews.add("Acme", date(2025, 2, 25), "onsite").id
        unanswered = AskedFollowUp(text="What would the search team say?", answered=False)
        drills.debriefs.debrief(
            held,
            [QuestionEntry(CONFLICT, story="a", went="blank", follow_ups=[unanswered])],
            matcher=MATCHER,
        )
        # A mock a few days ahead: a practice round never turns cram mode on.
        drills.interviews.add("Globex", date(2025, 3, 4), "mock", kind="practice")
        assert drills.weak_spots.weak_competencies() == ["conflict"]
        assert any(not f.answer for f in bank.get_story("a").follow_ups)
    glance = _glance(bank_file)
    assert glance is not None and not glance.in_order
    for later in (timedelta(0), timedelta(days=1), timedelta(days=3), timedelta(days=9)):
        now = START + later
        fast = glance.queue(now, glance.calendar(NEW_YORK))
        slow = _slow_queue(bank_file, now)
        assert slow.cram is None
        assert _counts(fast) == _counts(slow)


# -- any history --------------------------------------------------------------------

Step = tuple[str, int]
steps = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "add",
                "tag",
                "follow-up",
                "drop-follow-up",
                "delete",
                "rate",
                "undo",
                "interview",
                "debrief",
                "mock",
                "sync",
                "later",
                "much-later",
            ]
        ),
        st.integers(0, 5),
    ),
    max_size=14,
)


def _apply(bank: Bank, drills: Drills, clock: FixedClock, step: Step) -> None:
    action, n = step
    stories = bank.stories()
    target = stories[n % len(stories)] if stories else None
    if action == "add":
        bank.save_story(story(f"s{n}-{len(stories)}"), touch=False)
    elif action == "tag" and target is not None:
        tags = [["program-execution"], ["ambiguity", "conflict"], []][n % 3]
        bank.save_story(target.model_copy(update={"competencies": {"tpm": tags} if tags else {}}))
    elif action == "follow-up" and target is not None:
        extra = FollowUp(question=f"What about part {n}?", answer="We shipped it.")
        bank.save_story(target.model_copy(update={"follow_ups": [*target.follow_ups, extra]}))
    elif action == "drop-follow-up" and target is not None and target.follow_ups:
        bank.save_story(target.model_copy(update={"follow_ups": target.follow_ups[1:]}))
    elif action == "delete" and target is not None:
        bank.delete_story(target.id)
    elif action == "rate":
        item = drills.deck.next_item()
        if item is not None:
            drills.ledger.review(item.card_id, Rating(n % 4 + 1), duration_s=30)
    elif action == "undo":
        drills.ledger.undo_last()
    elif action == "interview":
        drills.interviews.add(f"Co{n}", clock.now().date() + timedelta(days=n * 4))
    elif action == "debrief" and {"a", "b"} <= {s.id for s in stories}:
        from scheduling.test_debriefs import CONFLICT, MATCHER
        from storybank.scheduling.debriefs import QuestionEntry

        held = drills.interviews.add(f"Held{n}", clock.now().date() - timedelta(days=1)).id
        went = ("strong", "ok", "shaky", "blank")[n % 4]
        # The scripted matcher knows stories a and b only.
        entry = QuestionEntry(CONFLICT, story="ab"[n % 2], went=went)
        drills.debriefs.debrief(held, [entry], matcher=MATCHER)
    elif action == "mock":
        day = clock.now().date() + timedelta(days=n)
        drills.interviews.add(f"Mock{n}", day, "mock", kind="practice")
    elif action == "sync":
        drills.deck.sync()
    elif action == "later":
        clock.advance(minutes=7 * (n + 1))
    elif action == "much-later":
        clock.advance(days=n * 3 + 1)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps)
def test_after_any_history_the_glance_agrees_or_steps_aside(
    tmp_path: Path, history: list[Step]
) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "bank.json"
    _bank(path, story("a"), with_follow_ups("b", "Why then?"))
    clock = FixedClock(START, NEW_YORK)
    with Bank.open(path) as bank:
        drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        for step in history:
            try:
                _apply(bank, drills, clock, step)
            except Exception as exc:  # undo with nothing to undo, and the like
                assert "undo" in str(exc).lower() or "nothing" in str(exc).lower(), exc
        drills.close()
    for later in (clock.now(), clock.now() + timedelta(hours=5), clock.now() + timedelta(days=6)):
        seen = _glance(path)
        if seen is None:
            continue
        fast = seen.queue(later, seen.calendar(NEW_YORK))
        slow = _slow_queue(path, later)
        if seen.in_order:
            assert fast == slow
        else:
            assert _counts(fast) == _counts(slow)
    snapshot = take_snapshot(path)
    assert snapshot is not None
    with Bank.open(path, read_only=True) as bank:
        drills = Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)
        stored = {cid: c.record for cid, c in drills.deck._cards.items()}
        glance = glance_drills(take_snapshot(path, frameworks=False) or snapshot)
        if glance is not None and in_step(snapshot.stories, glance.cards):
            plan = plan_sync(
                bank.stories(),
                stored,
                clock.now(),
                framework_id="tpm",
                questions=lambda: QUESTIONS,
                answers=drills.deck._answers,
            )
            assert plan.is_empty
        drills.close()


# -- a tagged story no question fits ------------------------------------------------


def _unfitting_bank(path: Path) -> None:
    """The sample stories and one tagged with a competency it does not show (own questions)."""
    garden = story(
        "garden",
        title="Tomatoes",
        headline="I grew tomatoes.",
        situation="A garden.",
        complications="Snails.",
        action="I watered them.",
        result="Red tomatoes.",
        competencies={"tpm": ["customer-impact"]},
    )
    from storybank.cli.admin import load_sample

    with Bank.create(path) as bank:
        load_sample(bank)
        bank.save_story(garden, touch=False)
        drills = Drills(bank, clock=FixedClock(START, NEW_YORK), fuzz=False)
        with drills:
            drills.deck.sync()
            assert not [c for c in drills.deck.cards_of("garden") if c.kind == "question"]


def _own_queue(path: Path, now: datetime) -> DailyQueue:
    with Bank.open(path, read_only=True) as bank:
        drills = Drills(bank, clock=FixedClock(now, NEW_YORK), fuzz=False)
        try:
            return drills.deck.queue()
        finally:
            drills.close()


def test_a_tagged_story_no_question_fits_is_read_at_a_glance_after_one_sync(
    bank_file: Path,
) -> None:
    from storybank.scheduling.question_choice import record_path

    _unfitting_bank(bank_file)
    # The drills proper, as `due` opens them when it cannot vouch for the cards
    # (read-only): they ask the matcher and write down what it said.
    _own_queue(bank_file, START)
    assert record_path(bank_file).exists()
    glance = _glance(bank_file)
    assert glance is not None
    for later in (timedelta(0), timedelta(days=2)):
        fast = glance.queue(START + later, glance.calendar(NEW_YORK))
        assert fast == _own_queue(bank_file, START + later)


def test_the_record_of_unfitted_stories_is_trusted_only_for_the_bank_it_was_made_from(
    bank_file: Path,
) -> None:
    from storybank.scheduling.question_choice import record_path

    _unfitting_bank(bank_file)
    _own_queue(bank_file, START)
    assert _glance(bank_file) is not None
    with Bank.open(bank_file) as bank:
        garden = bank.get_story("garden")
        bank.save_story(garden.model_copy(update={"result": "Ripe red tomatoes."}), touch=False)
    assert _glance(bank_file) is None  # a story changed: the matcher may think otherwise now
    _own_queue(bank_file, START)  # the drills ask the matcher again, and write it down
    assert _glance(bank_file) is not None
    record_path(bank_file).unlink()
    assert _glance(bank_file) is None
    record_path(bank_file).write_text('{"key": "other", "stories": {"garden": []}}')
    assert _glance(bank_file) is None


def test_an_unfitted_story_is_in_step_exactly_when_its_record_names_the_others_questions(
    bank_file: Path,
) -> None:
    _unfitting_bank(bank_file)
    _own_queue(bank_file, START)
    snapshot = take_snapshot(bank_file, frameworks=False)
    glance = _glance(bank_file)
    assert snapshot is not None and glance is not None
    cards = glance.cards
    # What the sync writes down: the questions the other stories' active cards drill.
    taken = sorted(
        {
            card.ref
            for card in cards.values()
            if card.kind == "question" and card.story != "garden" and card.suspended is None
        }
    )
    assert len(taken) > 1
    assert in_step(snapshot.stories, cards, unquestioned=lambda: {"garden": taken})
    for other in (taken[1:], [*taken, "zz-unknown"], taken[::-1], []):
        record: dict[str, list[str]] = {"garden": other}
        assert not in_step(snapshot.stories, cards, unquestioned=functools.partial(dict, record))


def slow_cards(path: Path) -> list[str]:
    with Bank.open(path, read_only=True) as bank, _drill(bank, START) as drills:
        return [card.id for card in drills.deck.cards()]


def test_a_kept_glance_is_used_only_for_the_same_bank_and_a_garbled_one_is_rewritten(
    bank_file: Path,
) -> None:
    from storybank.scheduling.glance_memo import FORMAT
    from storybank.storage.cache_files import cache_file, decode_kept, encode_kept

    def inputs() -> str:
        return str(json.loads(kept.read_bytes().partition(b"\n")[0])["inputs"])

    _bank(bank_file, story("a"), story("b"))
    kept = cache_file("due", bank_file)
    assert glance_bank(bank_file) is not None and kept.exists()
    key = inputs()
    head = kept.read_bytes().partition(b"\n")[0]
    for garbled in (
        head + b'\n{"cards": 7}\n',  # cut short or altered: the checksum no longer fits
        encode_kept(key, {"cards": 7}, FORMAT),  # whole, but not what a glance keeps
    ):
        kept.write_bytes(garbled)
        fast, slow = _both(bank_file, START)
        assert fast is not None and fast == slow
        body = decode_kept(kept.read_bytes(), key)
        assert body is not None and len(body["cards"]) == len(slow_cards(bank_file))
    # A rating changes the bank: the next `due` counts it, not the kept cards.
    with Bank.open(bank_file) as bank, _drill(bank, START) as drills:
        drills.ledger.review("recall:a", Rating.Good, now=START)
    glance = glance_bank(bank_file)
    assert glance is not None and inputs() != key
    later = START + timedelta(minutes=5)
    assert glance.queue(later, glance.calendar(NEW_YORK)) == _slow_queue(bank_file, later)


def test_a_sync_believes_the_record_made_from_this_bank_and_plans_as_the_matcher_would(
    bank_file: Path,
) -> None:
    from storybank.matching import Matcher
    from storybank.paths import frameworks_dir
    from storybank.scheduling.question_choice import bank_key, read_record, record_path
    from storybank.storage.repository import QUESTIONS as QUESTION_TABLE
    from storybank.storage.repository import STORIES as STORY_TABLE

    _unfitting_bank(bank_file)
    with Bank.open(bank_file, read_only=True) as bank:
        with Drills(bank, clock=FixedClock(START, NEW_YORK), fuzz=False) as drills:
            cards = {card.id: card.record for card in drills.deck.cards()}
        key = bank_key(
            bank.table(STORY_TABLE).all(),
            bank.table(QUESTION_TABLE).all(),
            bank.settings.framework,
            frameworks_dir(bank.path),
        )
        record = read_record(record_path(bank_file), key)
        assert record is not None and "garden" in record
        asked: list[str] = []

        def answers() -> Callable[[Question], Collection[str]]:
            asked.append("matcher")
            framework = bank.frameworks.get(bank.settings.framework)
            matcher = Matcher(framework, bank.all_questions(), bank.stories())
            return lambda question: matcher.acceptable_stories(question.text)

        def plan(recorded: Callable[[], dict[str, list[str]] | None]) -> SyncPlan:
            asked.clear()
            return plan_sync(
                bank.stories(),
                cards,
                START,
                framework_id=bank.settings.framework,
                questions=bank.all_questions,
                answers=answers,
                recorded=recorded,
            )

        slow = plan(lambda: None)
        assert asked == ["matcher"]
        fast = plan(lambda: record)
        assert asked == []  # the record answered for the garden story
        assert slow == fast
        assert fast.is_empty and fast.unquestioned == record
        # A record naming other questions taken is not this bank's situation: ask again.
        stale = {"garden": [*record["garden"], "zz-unknown"]}
        again = plan(lambda: stale)
        assert asked == ["matcher"]
        assert again == slow
