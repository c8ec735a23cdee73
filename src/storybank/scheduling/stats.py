"""Drill statistics as plain data: what the stats screen charts and ``storybank stats`` prints.

:func:`compute_stats` is a pure function of the review log, the cards, the
stories and the clock, so the screen and the CLI show the same figures and
tests can pin every number.

* **Reviews per day** over the last :data:`HISTORY_DAYS` drill days.
* **Due forecast** for the next :data:`FORECAST_DAYS` days (overdue cards count today).
* **True retention** per week: of the reviews of cards already reviewed on an
  earlier day, the share not rated Again. Same-day learning steps are left
  out, since they measure minutes, not memory.
* **Streak**: consecutive drill days with at least one review, up to today
  (a day not yet drilled does not break it until it is over).
* **Per story**: the recall card's stability, difficulty and recall
  probability now and on the next interview day; reviews and lapses of all
  the story's cards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fsrs import Rating, Scheduler, State

from storybank.core.models import Story
from storybank.scheduling.cards import DrillCard, recall_card_id
from storybank.scheduling.clock import Calendar, as_utc
from storybank.scheduling.log_format import LogEntry
from storybank.scheduling.queue import CramTarget, recall_at

HISTORY_DAYS = 90
FORECAST_DAYS = 30
RETENTION_WEEKS = 13


@dataclass(frozen=True)
class DayCount:
    """Reviews on one drill day.

    Attributes:
        day: The drill day.
        reviews: How many ratings.
        seconds: Time spent, from the recorded durations.
    """

    day: date
    reviews: int
    seconds: int = 0


@dataclass(frozen=True)
class ForecastDay:
    """Cards falling due on one day (overdue ones are counted on the first day)."""

    day: date
    due: int


@dataclass(frozen=True)
class RetentionPoint:
    """True retention over one week (seven drill days ending on ``end``)."""

    start: date
    end: date
    reviews: int
    passed: int

    @property
    def retention(self) -> float | None:
        """Share of reviews not rated Again; ``None`` without reviews."""
        return self.passed / self.reviews if self.reviews else None


@dataclass(frozen=True)
class StoryStat:
    """One row of the per-story table.

    Attributes:
        story_id: The story.
        title: Its title, as written.
        cards: Its active cards.
        reviews: Ratings of all its cards.
        lapses: Review-state cards of it rated Again.
        state: ``new``, ``learning``, ``review`` or ``suspended`` (its recall card).
        stability: Recall card stability in days (``None`` while new).
        difficulty: Recall card difficulty, 1-10 (``None`` while new).
        recall_now: Predicted recall of the recall card now.
        recall_on_interview: Predicted recall on the next interview day.
        due: When the recall card is due.
        due_day: The drill day it is due on (``None`` while new).
        due_in: When it is due in words, as every screen says it: ``today``,
            ``in 8d`` (drill days, so it matches the interval its rating
            button showed), ``in 10m`` for a learning step; ``-`` while new.
        flagged: Marked "needs work".
    """

    story_id: str
    title: str
    cards: int
    reviews: int
    lapses: int
    state: str
    stability: float | None
    difficulty: float | None
    recall_now: float
    recall_on_interview: float | None
    due: datetime | None
    flagged: bool
    due_day: date | None = None
    due_in: str = "-"


@dataclass(frozen=True)
class InterviewOutlook:
    """How ready the stories are for the next interview.

    Attributes:
        interview_id: Its id.
        label: ``Company, date (round)``.
        day: Its date.
        days_away: Calendar days from today.
        at: The instant predictions are for.
        below_target: Stories predicted below the desired retention, weakest first.
        mean_recall: Mean predicted recall over the stories.
    """

    interview_id: str
    label: str
    day: date
    days_away: int
    at: datetime
    below_target: list[str]
    mean_recall: float | None


@dataclass(frozen=True)
class DrillStats:
    """Everything the stats screen shows."""

    now: datetime
    today: date
    desired_retention: float
    reviews_per_day: list[DayCount]
    forecast: list[ForecastDay]
    retention: list[RetentionPoint]
    true_retention: float | None
    streak: int
    longest_streak: int
    total_reviews: int
    reviews_today: int
    seconds_today: int
    card_states: dict[str, int]
    stories: list[StoryStat]
    interview: InterviewOutlook | None
    damaged_log_lines: int = 0
    notes: list[str] = field(default_factory=list)


class LogSummary:
    """What the statistics need from the review log, summed up per day and per card.

    The figures of :func:`compute_stats` are sums over the log's reviews, so
    they can be kept as sums: reviews and seconds per drill day, reviews and
    lapses per card, and, for true retention (which looks at the last
    :data:`RETENTION_WEEKS` weeks only), the recent reviews one by one. The
    review-log aggregates (:mod:`storybank.scheduling.aggregates`) keep a
    summary up to date as ratings are appended, so the statistics never read
    the whole log; :func:`summarize` makes one from the whole log.

    Attributes:
        days: Per drill day (as the calendar gave it, not clamped to today):
            ``[reviews, seconds]``.
        cards: Per ``(FSRS id, story id as logged)``: ``[reviews, lapses]``.
        recent: The reviews of the recent days, one ``(day, previous review's
            day or None, passed)`` each; every review of a day on or after
            :attr:`recent_from` is here.
        recent_from: The first day :attr:`recent` covers (``None``: all days).
        bad_lines: Damaged lines read.
    """

    __slots__ = ("bad_lines", "cards", "days", "recent", "recent_from")

    def __init__(
        self,
        days: dict[date, list[int]] | None = None,
        cards: dict[tuple[int, str], list[int]] | None = None,
        recent: list[tuple[date, date | None, bool]] | None = None,
        recent_from: date | None = None,
        bad_lines: int = 0,
    ) -> None:
        self.days = {} if days is None else days
        self.cards = {} if cards is None else cards
        self.recent = [] if recent is None else recent
        self.recent_from = recent_from
        self.bad_lines = bad_lines

    def covers(self, today: date) -> bool:
        """Whether :attr:`recent` holds every review true retention looks at on ``today``."""
        window = today - timedelta(days=RETENTION_WEEKS * 7 - 1)
        return self.recent_from is None or self.recent_from <= window


def review_facts(entry: LogEntry, calendar: Calendar) -> tuple[date, date | None, bool, int, bool]:
    """What one review adds to a summary: its day, its previous review's day, passed,
    seconds, and whether it was a lapse."""
    previous = entry.previous_review
    before = entry.before
    lapse = (
        entry.rating == Rating.Again and before is not None and before.get("state") == State.Review
    )
    return (
        calendar.day_of(entry.at),
        None if previous is None else calendar.day_of(previous),
        entry.rating != Rating.Again,
        (entry.duration_ms or 0) // 1000,
        lapse,
    )


def summarize(entries: Sequence[LogEntry], calendar: Calendar, bad_lines: int = 0) -> LogSummary:
    """The summary of live review-log entries (resets are ignored)."""
    summary = LogSummary(bad_lines=bad_lines)
    for entry in entries:
        if entry.type != "review":
            continue
        day, previous, passed, seconds, lapse = review_facts(entry, calendar)
        counts = summary.days.setdefault(day, [0, 0])
        counts[0] += 1
        counts[1] += seconds
        per_card = summary.cards.setdefault((entry.fsrs_id, entry.story), [0, 0])
        per_card[0] += 1
        per_card[1] += lapse
        summary.recent.append((day, previous, passed))
    return summary


def compute_stats(
    entries: Sequence[LogEntry],
    cards: Sequence[DrillCard],
    stories: Sequence[Story],
    *,
    now: datetime,
    calendar: Calendar,
    scheduler: Scheduler,
    interview: CramTarget | None = None,
    flagged: Iterable[str] = (),
    damaged_log_lines: int = 0,
) -> DrillStats:
    """Every figure of the stats screen, from the whole log.

    Args:
        entries: Live review-log entries (resets are ignored).
        cards: Every card.
        stories: Every story, in bank order.
        now: The current instant.
        calendar: The user's drill days.
        scheduler: For predicted recall and the desired retention.
        interview: The next interview, if one is ahead.
        flagged: Ids of flagged stories.
        damaged_log_lines: Carried through for the screen's warning.
    """
    return stats_from_summary(
        summarize(entries, calendar, damaged_log_lines),
        cards,
        stories,
        now=now,
        calendar=calendar,
        scheduler=scheduler,
        interview=interview,
        flagged=flagged,
    )


@dataclass(frozen=True)
class DayFigures:
    """What the review log's days give on one drill day: the part of the figures
    that depends on the log and on today only (not on the cards or the hour).

    The review-log aggregates keep these per day while the log is unchanged,
    so asking again the same day costs nothing.
    """

    today: date
    reviews_per_day: list[DayCount]
    retention: list[RetentionPoint]
    true_retention: float | None
    streak: int
    longest_streak: int
    total_reviews: int
    reviews_today: int
    seconds_today: int


def day_figures(summary: LogSummary, today: date) -> DayFigures:
    """The figures of the log's days as they stand on ``today``.

    Raises:
        ValueError: the summary's recent reviews do not reach back far enough
            for today's retention window (see :meth:`LogSummary.covers`).
    """
    if not summary.covers(today):
        raise ValueError("the summary does not cover the retention window")
    by_day: Counter[date] = Counter()
    seconds: Counter[date] = Counter()
    for day, (count, spent) in summary.days.items():
        if count:
            # A review stamped in the future (clock moved back) counts as today's.
            kept = min(day, today)
            by_day[kept] += count
            seconds[kept] += spent

    history = [
        DayCount(d, by_day[d], seconds[d])
        for d in (today - timedelta(days=back) for back in range(HISTORY_DAYS - 1, -1, -1))
    ]
    retention = _retention(summary.recent, today)
    window_start = today - timedelta(days=HISTORY_DAYS - 1)
    counted = [p for p in retention if p.end >= window_start]
    total = sum(p.reviews for p in counted)
    streak, longest = _streaks(set(by_day), today)
    return DayFigures(
        today=today,
        reviews_per_day=history,
        retention=retention,
        true_retention=sum(p.passed for p in counted) / total if total else None,
        streak=streak,
        longest_streak=longest,
        total_reviews=sum(by_day.values()),
        reviews_today=by_day[today],
        seconds_today=seconds[today],
    )


def stats_from_summary(
    summary: LogSummary,
    cards: Sequence[DrillCard],
    stories: Sequence[Story],
    *,
    now: datetime,
    calendar: Calendar,
    scheduler: Scheduler,
    interview: CramTarget | None = None,
    flagged: Iterable[str] = (),
    days: DayFigures | None = None,
) -> DrillStats:
    """Every figure of the stats screen, from a summary of the log (see :class:`LogSummary`).

    Args:
        days: ``day_figures(summary, today)`` when already at hand (the
            aggregates keep it); computed here otherwise.

    Raises:
        ValueError: the summary's recent reviews do not reach back far enough
            for today's retention window (see :meth:`LogSummary.covers`).
    """
    now = as_utc(now)
    today = calendar.day_of(now)
    if days is None or days.today != today:
        days = day_figures(summary, today)

    present = {s.id for s in stories}
    active = [c for c in cards if c.active and c.story in present]
    card_states = _card_states(cards, present)
    forecast = _forecast(active, calendar, today)

    story_of = {c.record.fsrs_id: c.story for c in cards}
    story_reviews: Counter[str] = Counter()
    story_lapses: Counter[str] = Counter()
    for (fsrs_id, logged_story), (count, lapses) in summary.cards.items():
        owner = story_of.get(fsrs_id, logged_story)
        story_reviews[owner] += count
        story_lapses[owner] += lapses
    flagged_set = set(flagged)
    by_id = {c.id: c for c in cards}
    active_cards = Counter(c.story for c in active)
    rows: list[StoryStat] = []
    for story in stories:
        main = by_id.get(recall_card_id(story.id))
        rows.append(
            _story_row(
                story,
                main,
                active_cards[story.id],
                story_reviews[story.id],
                story_lapses[story.id],
                story.id in flagged_set,
                now,
                scheduler,
                interview,
                calendar,
            )
        )
    outlook = _outlook(rows, interview, calendar, now, scheduler.desired_retention)
    return DrillStats(
        now=now,
        today=today,
        desired_retention=scheduler.desired_retention,
        reviews_per_day=list(days.reviews_per_day),
        forecast=forecast,
        retention=list(days.retention),
        true_retention=days.true_retention,
        streak=days.streak,
        longest_streak=days.longest_streak,
        total_reviews=days.total_reviews,
        reviews_today=days.reviews_today,
        seconds_today=days.seconds_today,
        card_states=card_states,
        stories=rows,
        interview=outlook,
        damaged_log_lines=summary.bad_lines,
    )


def _retention(
    recent: Sequence[tuple[date, date | None, bool]], today: date
) -> list[RetentionPoint]:
    reviewed: Counter[int] = Counter()
    passed: Counter[int] = Counter()
    for logged_day, previous, ok in recent:
        day = min(logged_day, today)
        week = (today - day).days // 7
        if week >= RETENTION_WEEKS:
            continue  # outside the window
        if previous is None or previous >= day:
            continue  # a new card, or a learning step on the same day
        reviewed[week] += 1
        passed[week] += ok
    points = []
    for week in range(RETENTION_WEEKS - 1, -1, -1):
        end = today - timedelta(days=7 * week)
        points.append(RetentionPoint(end - timedelta(days=6), end, reviewed[week], passed[week]))
    return points


def _streaks(days: set[date], today: date) -> tuple[int, int]:
    current = 0
    cursor = today if today in days else today - timedelta(days=1)
    while cursor in days:
        current += 1
        cursor -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return current, longest


def _card_states(cards: Sequence[DrillCard], present: set[str]) -> dict[str, int]:
    states = {"new": 0, "learning": 0, "review": 0, "suspended": 0}
    for c in cards:
        if not c.active or c.story not in present:
            states["suspended"] += 1
        elif c.is_new:
            states["new"] += 1
        elif c.in_steps:
            states["learning"] += 1
        else:
            states["review"] += 1
    return states


def _forecast(active: Sequence[DrillCard], calendar: Calendar, today: date) -> list[ForecastDay]:
    counts: Counter[date] = Counter()
    for c in active:
        if c.is_new:
            continue
        counts[max(calendar.day_of(c.card.due), today)] += 1
    return [
        ForecastDay(today + timedelta(days=i), counts[today + timedelta(days=i)])
        for i in range(FORECAST_DAYS)
    ]


def _story_row(
    story: Story,
    main: DrillCard | None,
    cards: int,
    reviews: int,
    lapses: int,
    flagged: bool,
    now: datetime,
    scheduler: Scheduler,
    interview: CramTarget | None,
    calendar: Calendar,
) -> StoryStat:
    if main is None:
        state = "new"
    elif not main.active:
        state = "suspended"
    elif main.is_new:
        state = "new"
    elif main.in_steps:
        state = "learning"
    else:
        state = "review"
    due = None if main is None or main.is_new or not main.active else main.card.due
    return StoryStat(
        story_id=story.id,
        title=story.title,
        cards=cards,
        reviews=reviews,
        lapses=lapses,
        state=state,
        stability=None if main is None or main.is_new else main.card.stability,
        difficulty=None if main is None or main.is_new else main.card.difficulty,
        recall_now=0.0 if main is None else recall_at(scheduler, main, now),
        recall_on_interview=(
            None
            if interview is None
            else (0.0 if main is None else recall_at(scheduler, main, interview.at))
        ),
        due=due,
        flagged=flagged,
        due_day=None if due is None else max(calendar.day_of(due), calendar.day_of(now)),
        due_in="-" if due is None else calendar.due_in(due, now, exact=state == "learning"),
    )


def _outlook(
    rows: Sequence[StoryStat],
    interview: CramTarget | None,
    calendar: Calendar,
    now: datetime,
    target: float,
) -> InterviewOutlook | None:
    if interview is None:
        return None
    predictions = [(r.recall_on_interview or 0.0, r.story_id) for r in rows]
    below = [story for recall, story in sorted(predictions) if recall < target]
    mean = sum(p for p, _ in predictions) / len(predictions) if predictions else None
    local_today = calendar.local(now).date()
    return InterviewOutlook(
        interview_id=interview.interview_id,
        label=interview.label,
        day=interview.day,
        days_away=(interview.day - local_today).days,
        at=interview.at,
        below_target=below,
        mean_recall=mean,
    )
