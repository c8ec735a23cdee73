"""Progress: the drill statistics of a bank, gathered on one thread and computed on any.

:func:`~storybank.scheduling.stats.stats_from_summary` is pure; this module
feeds it. Gathering (cards, stories, the next interview, flags) touches the
bank and so belongs on the thread that owns it; computing reads only the
review log's running sums and the ratings appended since
(:mod:`~storybank.scheduling.aggregates`), so the stats screen runs it in a
worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fsrs import Scheduler

from storybank.core.models import Story
from storybank.scheduling.aggregates import log_figures, sums_at_hand
from storybank.scheduling.cards import DrillCard
from storybank.scheduling.clock import Calendar
from storybank.scheduling.deck import Deck
from storybank.scheduling.flags import Flags
from storybank.scheduling.interviews import Interviews
from storybank.scheduling.queue import CramTarget, interview_target
from storybank.scheduling.review_log import ReviewLogFile
from storybank.scheduling.stats import DrillStats, stats_from_summary


@dataclass(frozen=True)
class StatsJob:
    """Everything :func:`compute_stats` needs, gathered by :meth:`Progress.stats_job`.

    :meth:`run` reads the review log file and computes; it never touches the
    bank file, so it is safe in a thread while the bank stays in use elsewhere.
    """

    log: ReviewLogFile
    cards: list[DrillCard]
    stories: list[Story]
    now: datetime
    calendar: Calendar
    scheduler: Scheduler
    interview: CramTarget | None
    flagged: list[str]

    def at_hand(self) -> bool:
        """Whether :meth:`run` takes milliseconds: the log's sums are kept in memory,
        with at most a few ratings appended since (see
        :func:`~storybank.scheduling.aggregates.sums_at_hand`)."""
        return sums_at_hand(self.log, self.calendar)

    def run(self) -> DrillStats:
        """Bring the log's running sums up to date and compute every figure (any thread).

        Only the ratings appended since the sums were last kept are read
        (see :mod:`storybank.scheduling.aggregates`), however long the log.

        Raises:
            StorybankError: the log cannot be read.
        """
        today = self.calendar.day_of(self.now)
        summary, days, torn_tail = log_figures(self.log, self.calendar, today)
        stats = stats_from_summary(
            summary,
            self.cards,
            self.stories,
            now=self.now,
            calendar=self.calendar,
            scheduler=self.scheduler,
            interview=self.interview,
            flagged=self.flagged,
            days=days,
        )
        if torn_tail:
            stats.notes.append("the last review-log line was cut off by a crash and is ignored")
        if summary.bad_lines:
            stats.notes.append(f"{summary.bad_lines} damaged review-log line(s) are ignored")
        return stats


class Progress:
    """Statistics over a deck, its interviews and its flags.

    Args:
        deck: The cards and the review log.
        interviews: For the next interview's outlook.
        flags: Flagged stories are marked in the per-story table.
    """

    def __init__(self, deck: Deck, interviews: Interviews, flags: Flags) -> None:
        self.deck = deck
        self.interviews = interviews
        self.flags = flags

    def stats(self, now: datetime | None = None) -> DrillStats:
        """Every figure of the stats screen."""
        return self.stats_job(now).run()

    def stats_job(self, now: datetime | None = None) -> StatsJob:
        """The bank's side of :meth:`stats`, gathered now; ``run()`` reads the log.

        Gather on the thread that owns the bank; the job's ``run()`` touches
        only the review-log file, so an app can run it in a worker thread.
        """
        deck = self.deck
        at = deck.at(now)
        interview = self.interviews.next(at)
        return StatsJob(
            log=deck.store.log,
            cards=deck.cards(),
            stories=deck.bank.stories(),
            now=at,
            calendar=deck.calendar,
            scheduler=deck.scheduler(),
            interview=None if interview is None else interview_target(interview, deck.calendar, at),
            flagged=self.flags.story_ids(),
        )
