"""Mock interviews: questions drawn where practice pays, answers saved as a practice round.

A mock draws N questions from the question bank (built-in and the user's),
weighted towards the company's framework, the weak spots of past rounds and
the competencies no story covers yet, and never repeats a question asked in
any round of the last :data:`REPEAT_DAYS` days. For each question the user
picks a story and tells it against a two-minute clock, answers one of that
story's follow-ups against one minute, and scores the answer on the panel's
rubric (1-4 on each of six criteria).

Each answer is saved as soon as it is scored, as a question of a practice
round (:class:`~storybank.scheduling.models.Interview` with
``kind="practice"``), through the same debrief as a real round: so a mock
feeds weak spots, question cards and follow-ups exactly as an interview
does, and stopping halfway keeps what was done.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from storybank.core.models import Question, Story
from storybank.errors import StorybankError
from storybank.scheduling.debriefs import DebriefResult, Debriefs, QuestionEntry, fold
from storybank.scheduling.deck import Deck
from storybank.scheduling.interviews import Interviews, QuestionMatcher, build_matcher
from storybank.scheduling.models import RUBRIC, AskedFollowUp, Interview, Rubric
from storybank.scheduling.weak_spots import WeakSpotsService

DEFAULT_QUESTIONS = 5
MAX_QUESTIONS = 20

ANSWER_SECONDS = 120
"""The clock for telling a story: two minutes."""

FOLLOW_UP_SECONDS = 60
"""The clock for a follow-up: one minute."""

REPEAT_DAYS = 7
"""A question asked in any round this many days back is not drawn again."""

WEAK_WEIGHT = 3.0
"""How much likelier a question on a weak competency is drawn."""

UNCOVERED_WEIGHT = 2.0
"""How much likelier a question on a competency no story covers is drawn."""

SAME_COMPETENCY = 0.25
"""Once a question on a competency is drawn, others on it are this much as likely."""

GENERIC_FOLLOW_UPS: tuple[str, ...] = (
    "What would you do differently next time?",
    "How did you know it had worked? What did you measure?",
    "What was the hardest decision, and what did you weigh?",
    "Who disagreed with you, and how did you bring them along?",
    "What was your part, as opposed to the team's?",
    "What happened afterwards?",
)
"""Probing follow-ups for a story that has none of its own yet."""

MOCK_ROUND = "mock"


@dataclass(frozen=True)
class DrawnQuestion:
    """A question drawn for a mock, and why.

    Attributes:
        question: The question.
        reasons: Why it was likelier (``weak spot: Conflict``), possibly none.
    """

    question: Question
    reasons: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """The reasons in words: ``weak spots: A, B; no story covers C`` (empty: none)."""
        weak = [r.removeprefix("weak spot: ") for r in self.reasons if r.startswith("weak spot: ")]
        rest = [r for r in self.reasons if not r.startswith("weak spot: ")]
        parts = []
        if weak:
            parts.append(("weak spot: " if len(weak) == 1 else "weak spots: ") + ", ".join(weak))
        return "; ".join([*parts, *rest])


@dataclass
class MockAnswer:
    """One answer of a mock interview.

    Attributes:
        question: The question asked.
        story: The story told (``None``: none).
        seconds: Time taken to tell it.
        follow_up: The follow-up asked after it.
        follow_up_answered: Whether you could answer the follow-up.
        follow_up_seconds: Time taken on the follow-up.
        rubric: The self-assessment.
        outline: What you typed while telling it, if anything.
    """

    question: str
    story: str | None
    seconds: float
    follow_up: str | None
    follow_up_answered: bool
    rubric: Rubric
    follow_up_seconds: float | None = None
    outline: str = ""

    def entry(self) -> QuestionEntry:
        """The answer as a debrief question."""
        follow_ups = (
            [AskedFollowUp(text=self.follow_up, answered=self.follow_up_answered)]
            if self.follow_up
            else []
        )
        return QuestionEntry(
            text=self.question,
            story=self.story,
            went=self.rubric.went if self.story is not None else "blank",
            follow_ups=follow_ups,
            note=self.outline,
            rubric=self.rubric,
            seconds=round(self.seconds, 1),
        )


def draw_questions(
    questions: Sequence[Question],
    framework_id: str,
    count: int,
    rng: random.Random,
    *,
    weak: Sequence[str] = (),
    uncovered: Sequence[str] = (),
    recent: frozenset[str] = frozenset(),
    names: dict[str, str] | None = None,
) -> list[DrawnQuestion]:
    """Draw ``count`` different questions, weighted to the weak and the uncovered.

    Args:
        questions: The question bank.
        framework_id: Only questions tagged in this framework are drawn
            (any question, if too few are).
        count: How many.
        rng: The random source (seeded in tests).
        weak: Weak competencies of past rounds.
        uncovered: Competencies no story covers.
        recent: Folded texts and ids of questions asked in the last week: never drawn.
        names: Competency names, for the reasons.
    """
    names = names or {}
    weak_set, uncovered_set = set(weak), set(uncovered)
    pool = [
        q
        for q in questions
        if q.id not in recent and fold(q.text) not in recent and q.competencies.get(framework_id)
    ]
    if len(pool) < count:
        pool = [q for q in questions if q.id not in recent and fold(q.text) not in recent]
    seen_texts: set[str] = set()
    unique = []
    for q in pool:
        if fold(q.text) not in seen_texts:
            seen_texts.add(fold(q.text))
            unique.append(q)
    drawn: list[DrawnQuestion] = []
    used: set[str] = set()
    while unique and len(drawn) < count:
        weights = []
        for q in unique:
            tags = q.competencies.get(framework_id, [])
            weight = 1.0
            if weak_set.intersection(tags):
                weight *= WEAK_WEIGHT
            if uncovered_set.intersection(tags):
                weight *= UNCOVERED_WEIGHT
            if tags and tags[0] in used:
                weight *= SAME_COMPETENCY
            weights.append(weight)
        index = rng.choices(range(len(unique)), weights=weights, k=1)[0]
        question = unique.pop(index)
        chosen = question.competencies.get(framework_id, [])
        reasons = [f"weak spot: {names.get(t, t)}" for t in chosen if t in weak_set]
        reasons += [f"no story covers {names.get(t, t)}" for t in chosen if t in uncovered_set]
        used.update(chosen[:1])
        drawn.append(DrawnQuestion(question, tuple(dict.fromkeys(reasons))))
    return drawn


def follow_up_for(story: Story | None, asked: Sequence[str], rng: random.Random) -> str:
    """One probing follow-up for a story: its own, least recently asked first, else a generic one.

    Args:
        story: The story told (``None``: a generic follow-up).
        asked: Follow-ups asked in earlier mocks, oldest first.
        rng: Breaks ties among follow-ups never asked.
    """
    own = [f.question for f in story.follow_ups] if story is not None else []
    candidates = own or list(GENERIC_FOLLOW_UPS)
    order = {fold(text): i for i, text in enumerate(asked)}
    never = [c for c in candidates if fold(c) not in order]
    if never:
        return rng.choice(never)
    return min(candidates, key=lambda c: order[fold(c)])


@dataclass
class MockSession:
    """One mock interview in progress.

    Attributes:
        round: The practice round its answers are saved in (stored with the first answer).
        questions: The questions drawn, in order.
        answers: The answers so far.
        framework_id: The framework questions are read in.
        results: What saving each answer did.
    """

    round: Interview
    questions: list[DrawnQuestion]
    framework_id: str
    answers: list[MockAnswer] = field(default_factory=list)
    results: list[DebriefResult] = field(default_factory=list)
    matcher: QuestionMatcher | None = None
    """The matcher that reads the answers (built with the first one, kept for the rest)."""

    @property
    def done(self) -> bool:
        """Every question answered."""
        return len(self.answers) >= len(self.questions)

    @property
    def current(self) -> DrawnQuestion | None:
        """The question to ask next."""
        return None if self.done else self.questions[len(self.answers)]


class Mocks:
    """Mock interviews over a deck's bank.

    Args:
        deck: The bank and the clock.
        interviews: The rounds (a mock's practice round joins them).
        debriefs: Saves each answer as a debrief question.
        weak_spots: Weights the draw.
    """

    def __init__(
        self, deck: Deck, interviews: Interviews, debriefs: Debriefs, weak_spots: WeakSpotsService
    ) -> None:
        self.deck = deck
        self.interviews = interviews
        self.debriefs = debriefs
        self.weak_spots = weak_spots

    def start(
        self,
        count: int = DEFAULT_QUESTIONS,
        *,
        company: str | None = None,
        framework: str | None = None,
        rng: random.Random | None = None,
        now: datetime | None = None,
    ) -> MockSession:
        """Draw the questions of a new mock interview (nothing is saved yet).

        Args:
            count: How many questions (1-20).
            company: Practise for this company: its framework (from an earlier
                round) is used unless ``framework`` is given.
            framework: The framework to draw questions in (default: the
                company's, else the active one).
            rng: The random source (tests seed one).
            now: When (the clock by default).

        Raises:
            StorybankError: read-only bank, a bad count or framework, no questions left.
        """
        deck = self.deck
        deck.writable()
        if not 1 <= count <= MAX_QUESTIONS:
            raise StorybankError(
                f"a mock has 1 to {MAX_QUESTIONS} questions, not {count}", field="questions"
            )
        frameworks = deck.bank.frameworks
        framework_id = (
            framework
            or (self.interviews.framework_for(company) if company else None)
            or deck.settings.framework
        )
        if framework_id not in frameworks:
            raise StorybankError(
                f"there is no framework {framework_id!r}",
                field="framework",
                hint="use one of: " + ", ".join(frameworks.ids),
            )
        fw = frameworks.get(framework_id)
        at = deck.at(now)
        today = self.debriefs.today(at)
        stories = deck.bank.stories()
        covered = {c for s in stories for c in s.tags_in(framework_id)}
        uncovered = [c for c in fw.ids if c not in covered]
        weak = (
            self.weak_spots.weak_competencies() if framework_id == deck.settings.framework else []
        )
        drawn = draw_questions(
            deck.questions(),
            framework_id,
            count,
            rng or random.Random(),
            weak=weak,
            uncovered=uncovered,
            recent=self.recent_questions(today),
            names={c.id: c.name for c in fw.competencies},
        )
        if not drawn:
            raise StorybankError(
                "every question in the bank was asked in the last week",
                hint="add questions with `storybank questions add`, or try again in a few days",
            )
        practice = self.interviews.add(
            (company or "Practice").strip() or "Practice",
            today,
            MOCK_ROUND,
            at,
            kind="practice",
            framework=framework_id if framework or company else None,
            save=False,
        )
        return MockSession(practice, drawn, framework_id)

    def recent_questions(self, today: date) -> frozenset[str]:
        """Ids and folded texts of questions asked in any round of the last week."""
        since = today - timedelta(days=REPEAT_DAYS)
        found: set[str] = set()
        for interview in self.deck.store.interviews():
            if since < interview.date <= today:
                for asked in interview.questions:
                    found.add(fold(asked.text))
                    if asked.question_id:
                        found.add(asked.question_id)
        return frozenset(found)

    def asked_follow_ups(self) -> list[str]:
        """Follow-ups asked in earlier mocks, oldest first."""
        return [
            f.text
            for interview in self.deck.store.interviews()
            if interview.is_practice
            for asked in interview.questions
            for f in asked.follow_ups
        ]

    def follow_up(self, story_id: str | None, rng: random.Random | None = None) -> str:
        """The follow-up to ask after telling ``story_id``."""
        story = None
        if story_id is not None:
            story = next((s for s in self.deck.bank.stories() if s.id == story_id), None)
        return follow_up_for(story, self.asked_follow_ups(), rng or random.Random())

    def record(
        self, session: MockSession, answer: MockAnswer, *, now: datetime | None = None
    ) -> DebriefResult:
        """Save one answer into the session's practice round (one atomic write).

        Raises:
            StorybankError: read-only bank or unknown story.
        """
        answers = [*session.answers, answer]
        stored = any(i.id == session.round.id for i in self.deck.store.interviews())
        if session.matcher is None:
            session.matcher = build_matcher(self.deck.bank, session.framework_id)
        result = self.debriefs.debrief(
            session.round.id,
            [a.entry() for a in answers],
            told=[a.story for a in answers if a.story],
            interview=None if stored else session.round,
            matcher=session.matcher,
            allow_future=True,
            now=now,
        )
        session.answers.append(answer)
        session.results.append(result)
        session.round = result.interview
        return result


@dataclass(frozen=True)
class RubricPoint:
    """The rubric of one practice round, for the chart over time.

    Attributes:
        day: The round's date.
        round_id: Its id.
        mean: The mean of every score of every answer (1-4).
        criteria: The mean per criterion.
        answers: How many answers were scored.
    """

    day: date
    round_id: str
    mean: float
    criteria: dict[str, float]
    answers: int


def rubric_history(interviews: Sequence[Interview]) -> list[RubricPoint]:
    """The mean rubric of every practice round with scored answers, oldest first."""
    points = []
    for interview in interviews:
        rubrics = [q.rubric for q in interview.questions if q.rubric is not None]
        if not interview.is_practice or not rubrics:
            continue
        criteria = {
            name: sum(int(getattr(r, name)) for r in rubrics) / len(rubrics) for name, _ in RUBRIC
        }
        mean = sum(r.mean for r in rubrics) / len(rubrics)
        points.append(RubricPoint(interview.date, interview.id, mean, criteria, len(rubrics)))
    points.sort(key=lambda p: (p.day, p.round_id))
    return points
