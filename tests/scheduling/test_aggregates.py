"""The review log's running sums give the statistics the whole log gives.

The stats screen reads the sums kept beside the log and only the ratings
appended since. Whatever happened to the log (ratings, undos, days skipped,
a clock moved back, damaged or torn lines, a rewrite by an import, a damaged
or foreign sidecar), the figures must be those of reading the whole log.
"""

from __future__ import annotations

import json
from datetime import UTC, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from fsrs import Rating
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.drill_helpers import NEW_YORK, QUESTIONS, local, story, with_follow_ups
from storybank.scheduling import aggregates
from storybank.scheduling.clock import FixedClock
from storybank.scheduling.drills import Drills
from storybank.scheduling.review_log import ReviewLogFile
from storybank.scheduling.stats import DrillStats, compute_stats
from storybank.storage.repository import Bank

START = local(2025, 3, 1, 10, 0)


def _drills(bank: Bank, clock: FixedClock) -> Drills:
    return Drills(bank, clock=clock, fuzz=False, questions=lambda: QUESTIONS)


def _whole_log_stats(drills: Drills) -> DrillStats:
    """The figures the way they were computed before the sums: from every entry."""
    job = drills.progress.stats_job()
    scan = drills.deck.store.scan()
    return compute_stats(
        scan.entries,
        job.cards,
        job.stories,
        now=job.now,
        calendar=job.calendar,
        scheduler=job.scheduler,
        interview=job.interview,
        flagged=job.flagged,
        damaged_log_lines=scan.bad_lines,
    )


def _agree(drills: Drills) -> DrillStats:
    kept = drills.progress.stats()
    whole = _whole_log_stats(drills)
    assert kept.notes[: len(kept.notes)] == kept.notes
    kept.notes.clear()
    assert kept == whole
    return kept


@pytest.fixture
def bank(bank_file: Path) -> Bank:
    created = Bank.create(bank_file)
    for item in (story("a"), with_follow_ups("b", "Why then?"), story("c"), story("d")):
        created.save_story(item, touch=False)
    return created


def _rate_day(drills: Drills, clock: FixedClock, ratings: list[Rating]) -> None:
    for rating in ratings:
        item = drills.deck.next_item()
        if item is None:
            return
        drills.ledger.review(item.card_id, rating, duration_s=45)
        clock.advance(minutes=2)


def test_the_sums_are_kept_beside_the_log_and_read_only_what_was_appended(
    bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    for _ in range(5):
        _rate_day(drills, clock, [Rating.Good, Rating.Again, Rating.Easy])
        clock.advance(days=1)
    first = _agree(drills)
    sidecar = aggregates.sidecar_path(drills.deck.store.log)
    assert sidecar.exists() and sidecar.stat().st_mode & 0o777 == 0o600

    def refuse(self: ReviewLogFile) -> None:
        raise AssertionError("the whole review log was read")

    _rate_day(drills, clock, [Rating.Good])
    monkeypatch.setattr(ReviewLogFile, "scan", refuse)
    later = drills.progress.stats()
    assert later.total_reviews == first.total_reviews + 1
    drills.close()


def test_an_undo_takes_the_rating_back_out_of_the_sums(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    _rate_day(drills, clock, [Rating.Good, Rating.Again])
    before = _agree(drills).total_reviews
    drills.ledger.undo_last()
    assert _agree(drills).total_reviews == before - 1
    drills.close()


def test_damaged_or_foreign_sums_are_rebuilt_from_the_log(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    for _ in range(3):
        _rate_day(drills, clock, [Rating.Good, Rating.Hard])
        clock.advance(days=1)
    _agree(drills)
    sidecar = aggregates.sidecar_path(drills.deck.store.log)
    head, _, body = sidecar.read_bytes().partition(b"\n")
    data = json.loads(body)
    data["days"][0][1] += 5  # a count changed by hand: the checksum no longer matches
    sidecar.write_bytes(head + b"\n" + json.dumps(data).encode())
    aggregates.forget_kept()  # as a new process: the sidecar is read
    _agree(drills)
    sidecar.write_bytes(b"not the sums")
    aggregates.forget_kept()
    _agree(drills)
    # Sums kept for another zone are not used for this one.
    tokyo = _drills(bank, FixedClock(clock.now(), ZoneInfo("Asia/Tokyo")))
    _agree(tokyo)
    _agree(drills)
    tokyo.close()
    drills.close()


def test_a_rewritten_log_is_summed_again(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    _rate_day(drills, clock, [Rating.Good, Rating.Good, Rating.Again])
    _agree(drills)
    store = drills.deck.store
    entries = store.scan().entries
    store.log.rewrite([e.raw or e.to_json() for e in entries[:1]])  # as an import rewrites it
    assert _agree(drills).total_reviews == 1
    drills.close()


def test_damaged_and_torn_lines_are_counted_as_the_whole_log_counts_them(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    _rate_day(drills, clock, [Rating.Good])
    _agree(drills)
    path = drills.deck.store.log.path
    drills.close()
    with path.open("ab") as handle:
        handle.write(b'{"not": "an entry"}\n\xff\xfe garbage\n{"id": "x", "type": "rev')
    drills = _drills(bank, clock)
    stats = drills.progress.stats()
    assert stats.damaged_log_lines == 2
    assert any("cut off" in note for note in stats.notes)
    _agree(drills)
    drills.close()


# -- any history --------------------------------------------------------------------

actions = st.lists(
    st.tuples(
        st.sampled_from(["rate", "rate", "undo", "stats", "day", "days", "back", "garbage"]),
        st.integers(1, 4),
    ),
    max_size=25,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions, st.sampled_from([NEW_YORK, UTC, ZoneInfo("Asia/Kolkata")]))
def test_after_any_history_the_sums_give_the_whole_logs_figures(
    tmp_path_factory: pytest.TempPathFactory, history: list[tuple[str, int]], zone: ZoneInfo
) -> None:
    path = tmp_path_factory.mktemp("bank") / "bank.json"
    with Bank.create(path) as bank:
        for item in (story("a"), with_follow_ups("b", "Why then?"), story("c")):
            bank.save_story(item, touch=False)
        clock = FixedClock(START, zone)
        drills = _drills(bank, clock)
        for action, n in history:
            if action == "rate":
                _rate_day(drills, clock, [Rating(n)])
            elif action == "undo":
                if drills.ledger.last_entry() is not None:
                    drills.ledger.undo_last()
            elif action == "stats":
                _agree(drills)
            elif action == "day":
                clock.advance(hours=10 * n)
            elif action == "days":
                clock.advance(days=40 * n)
            elif action == "back":
                clock.advance(days=-n)
            elif action == "garbage":
                drills.close()
                with drills.deck.store.log.path.open("ab") as handle:
                    handle.write(b"{broken\n")
                drills = _drills(bank, clock)
        _agree(drills)
        clock.advance(timedelta(days=3))
        _agree(drills)
        drills.close()


def test_doctor_finds_the_sums_matching_the_log(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    _rate_day(drills, clock, [Rating.Good, Rating.Again, Rating.Hard])
    drills.progress.stats()
    log = drills.deck.store.log
    calendar = drills.progress.stats_job().calendar
    assert aggregates.check_sums(log, calendar, calendar.day_of(clock.now()))
    drills.close()


# -- the sums kept in memory --------------------------------------------------------


def test_sums_kept_in_memory_answer_as_the_whole_log_without_reading_the_sidecar(
    bank: Bank,
) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    for _ in range(3):
        _rate_day(drills, clock, [Rating.Good, Rating.Again])
        clock.advance(days=1)
    aggregates.forget_kept()
    from_sidecar = _agree(drills)
    sidecar = aggregates.sidecar_path(drills.deck.store.log)
    sidecar.write_bytes(b"not the sums")
    # From memory: the same figures, and the sidecar was not read (it would be rewritten).
    assert _agree(drills).reviews_per_day == from_sidecar.reviews_per_day
    assert sidecar.read_bytes() == b"not the sums"
    # A rating, an undo and a reset are followed from memory too.
    _rate_day(drills, clock, [Rating.Hard])
    _agree(drills)
    drills.ledger.undo_last()
    assert _agree(drills).total_reviews == from_sidecar.total_reviews
    drills.ledger.reset_card(drills.deck.cards()[0].id)
    _agree(drills)
    # A new process reads the sidecar again, rewritten by the ratings since.
    aggregates.forget_kept()
    _agree(drills)
    drills.close()


def test_the_figures_are_at_hand_only_while_the_kept_sums_fit_the_log(bank: Bank) -> None:
    clock = FixedClock(START, NEW_YORK)
    drills = _drills(bank, clock)
    _rate_day(drills, clock, [Rating.Good, Rating.Good, Rating.Again])
    aggregates.forget_kept()
    assert not drills.progress.stats_job().at_hand()  # the sidecar must be read first
    _agree(drills)
    assert drills.progress.stats_job().at_hand()
    _rate_day(drills, clock, [Rating.Good])
    job = drills.progress.stats_job()
    assert job.at_hand()  # one line appended since
    assert not aggregates.sums_at_hand(job.log, job.calendar, most=0)
    _agree(drills)
    store = drills.deck.store
    entries = store.scan().entries
    store.log.rewrite([e.raw or e.to_json() for e in entries[:1]])  # as an import rewrites it
    assert not drills.progress.stats_job().at_hand()
    assert _agree(drills).total_reviews == 1
    assert drills.progress.stats_job().at_hand()
    # Another zone's calendar does not use them.
    tokyo = _drills(bank, FixedClock(clock.now(), ZoneInfo("Asia/Tokyo")))
    assert not tokyo.progress.stats_job().at_hand()
    tokyo.close()
    drills.close()
