"""Weak spots: every debrief and mock interview put together, and a plan to act on.

:func:`compute_weak_spots` reads the rounds (real and practice) and says, per
competency of the active framework, how often it was asked, how the answers
went and which stories were told; which themes keep coming back in the
questions; how each company's loop ended; and a short ranked plan:

* **write** a story for a competency that was asked and that no story answers
  (the debrief's gaps);
* **rework** a story whose answers went shaky or blank, with its checks, its
  unanswered follow-ups and its mock rubric scores as the reason;
* **drill** a competency whose answers went shaky or blank although a story
  answers it (in a mock interview, whose questions lean to it; its question
  cards also come first in the daily drill).

The same reading decides which question cards the drill queue shows first
(:meth:`WeakSpotsService.priority_cards`) and which competencies a mock
interview draws more questions from.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from storybank.core.models import CompetencyFramework, Question, Story
from storybank.scheduling.cards import DrillCard
from storybank.scheduling.deck import Deck
from storybank.scheduling.models import RUBRIC, Interview, Went, company_key

PlanKind = Literal["rework", "drill", "write"]

PLAN_SIZE = 7
"""The plan names at most this many things to do: a plan, not a backlog."""

THEMES_SHOWN = 8
"""Recurring themes listed."""

WEAK_SHARE = 0.5
"""A competency is weak when at least this share of its judged answers went
shaky or blank (or it was asked and no story answers it)."""

LOW_RUBRIC = 2.5
"""A rubric criterion averaging below this (1-4) is named in a rework reason."""

_WENT_ORDER: tuple[Went, ...] = ("strong", "ok", "shaky", "blank")


@dataclass
class CompetencySpot:
    """How one competency fared in the rounds.

    Attributes:
        id: The competency id.
        name: Its name.
        asked: Questions that asked about it.
        strong: Answers that went strong.
        ok: Answers that went ok.
        shaky: Answers that went shaky.
        blank: Answers that went blank.
        gaps: Questions about it that no story answers.
        stories: The stories told for it, most used first.
    """

    id: str
    name: str
    asked: int = 0
    strong: int = 0
    ok: int = 0
    shaky: int = 0
    blank: int = 0
    gaps: int = 0
    stories: list[str] = field(default_factory=list)

    @property
    def weak(self) -> int:
        """Answers that went shaky or blank."""
        return self.shaky + self.blank

    @property
    def judged(self) -> int:
        """Answers with a judgement."""
        return self.strong + self.ok + self.shaky + self.blank

    @property
    def is_weak(self) -> bool:
        """Weak: mostly shaky or blank answers, or asked with no story to answer it."""
        return self.gaps > 0 or (self.weak > 0 and self.weak >= WEAK_SHARE * self.judged)

    def to_json(self) -> dict[str, Any]:
        """The ``weak-spots --json`` shape of one competency."""
        return {
            "id": self.id,
            "name": self.name,
            "asked": self.asked,
            "strong": self.strong,
            "ok": self.ok,
            "shaky": self.shaky,
            "blank": self.blank,
            "stories": list(self.stories),
        }


@dataclass(frozen=True)
class Theme:
    """A theme that keeps coming back in the questions.

    Attributes:
        theme: The words the questions used for it (the most common wording).
        asked: How many questions touched it.
        rounds: In how many rounds.
        questions: A few of those questions.
    """

    theme: str
    asked: int
    rounds: int
    questions: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The ``weak-spots --json`` shape of one theme."""
        return {
            "theme": self.theme,
            "asked": self.asked,
            "rounds": self.rounds,
            "questions": list(self.questions),
        }


@dataclass(frozen=True)
class CompanyOutcome:
    """How the loop at one company went.

    Attributes:
        company: As last typed.
        rounds: Real rounds recorded.
        outcome: The latest round's outcome.
        last: The latest round's label.
        feedback: Whether any feedback was recorded.
    """

    company: str
    rounds: int
    outcome: str
    last: str
    feedback: bool


@dataclass(frozen=True)
class PlanItem:
    """One thing to do, with its reason and how to act on it.

    Attributes:
        kind: ``rework`` a story, ``drill`` a competency, ``write`` a story.
        why: The reason, from the rounds.
        story: The story to rework.
        competency: The competency to drill or write a story for.
        competency_name: Its name.
        key: The key that acts on it in the app.
        command: The command that acts on it.
        weight: How much it matters (the plan's order).
    """

    kind: PlanKind
    why: str
    story: str | None = None
    competency: str | None = None
    competency_name: str | None = None
    key: str = ""
    command: str = ""
    weight: float = 0.0

    @property
    def title(self) -> str:
        """``Rework billing-ledger`` / ``Drill Conflict`` / ``Write a story for Ambiguity``."""
        if self.kind == "rework":
            return f"Rework {self.story}"
        if self.kind == "drill":
            return f"Drill {self.competency_name or self.competency}"
        return f"Write a story for {self.competency_name or self.competency}"

    def to_json(self) -> dict[str, Any]:
        """The ``weak-spots --json`` shape: ``kind``, ``story`` or ``competency``, ``why``."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.story is not None:
            data["story"] = self.story
        if self.competency is not None:
            data["competency"] = self.competency
        data["why"] = self.why
        return data


@dataclass
class WeakSpots:
    """Every round put together.

    Attributes:
        framework_id: The framework the competencies belong to.
        rounds: Real rounds with at least one question.
        practice: Practice rounds (mock interviews) with at least one question.
        competencies: Competencies asked about, weakest first.
        themes: Recurring question themes, most frequent first.
        companies: Outcome per company, latest round first.
        rubric: Mean self-assessment per rubric criterion over every mock answer.
        plan: What to do, most important first.
    """

    framework_id: str
    rounds: int = 0
    practice: int = 0
    competencies: list[CompetencySpot] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    companies: list[CompanyOutcome] = field(default_factory=list)
    rubric: dict[str, float] = field(default_factory=dict)
    plan: list[PlanItem] = field(default_factory=list)

    @property
    def weak_competencies(self) -> list[str]:
        """Competency ids that are weak spots, weakest first."""
        return [c.id for c in self.competencies if c.is_weak]

    def to_json(self) -> dict[str, Any]:
        """Exactly ``{"competencies": [...], "themes": [...], "plan": [...]}``."""
        return {
            "competencies": [c.to_json() for c in self.competencies],
            "themes": [t.to_json() for t in self.themes],
            "plan": [p.to_json() for p in self.plan],
        }


StoryFindings = Callable[[Story], list[str]]
"""The ids of a story's error and warning checks, for rework reasons."""


@dataclass
class RoundShare:
    """What one round adds to the weak spots, in one framework.

    Weak spots are the sum of these over every round, so a round's share can
    be kept while the round is unchanged: saving one debrief redoes one share,
    not fifty.
    """

    practice: bool = False
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    """Competency id -> questions ``asked``, answers by how they went
    (``strong``, ``ok``, ``shaky``, ``blank``) and ``gaps``."""
    gaps: dict[str, list[tuple[str, Interview]]] = field(default_factory=dict)
    story_uses: dict[str, list[str]] = field(default_factory=dict)
    themes: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    weak_answers: dict[str, list[str]] = field(default_factory=dict)
    unanswered: dict[str, int] = field(default_factory=dict)
    rubric: dict[str, list[int]] = field(default_factory=dict)
    story_rubric: dict[str, dict[str, list[int]]] = field(default_factory=dict)


def round_share(interview: Interview, framework: CompetencyFramework) -> RoundShare:
    """One round's share of the weak spots (``practice`` says which count it adds to)."""
    share = RoundShare(practice=interview.is_practice)
    names = set(framework.ids)
    where = "mock " + interview.date.isoformat() if interview.is_practice else interview.short_label
    for asked in interview.questions:
        comp = asked.competency if asked.framework == framework.id else None
        if comp is not None and comp in names:
            counts = share.counts.setdefault(comp, Counter())
            counts["asked"] += 1
            if asked.went is not None:
                counts[asked.went] += 1
            if asked.gap:
                counts["gaps"] += 1
                share.gaps.setdefault(comp, []).append((asked.text, interview))
            if asked.story:
                share.story_uses.setdefault(comp, []).append(asked.story)
        for key, words in asked.themes.items():
            share.themes.setdefault(key, []).append((words, asked.text, interview.id))
        if asked.story:
            if asked.went in ("shaky", "blank"):
                share.weak_answers.setdefault(asked.story, []).append(f"{asked.went} at {where}")
            share.unanswered[asked.story] = share.unanswered.get(asked.story, 0) + len(
                asked.unanswered
            )
        if asked.rubric is not None:
            for name, score in asked.rubric.scores():
                share.rubric.setdefault(name, []).append(score)
                if asked.story:
                    share.story_rubric.setdefault(asked.story, {}).setdefault(name, []).append(
                        score
                    )
    return share


def compute_weak_spots(
    interviews: Sequence[Interview],
    framework: CompetencyFramework,
    stories: Sequence[Story],
    *,
    findings: StoryFindings | None = None,
    shares: Callable[[Interview], RoundShare] | None = None,
) -> WeakSpots:
    """Put every round together (pure: no bank, no matcher).

    Args:
        interviews: Every round, real and practice.
        framework: The active framework: questions read in another one count
            for themes and stories, not for the competency table.
        stories: The bank's stories (a story deleted since is left out of the plan).
        findings: The ids of a story's error and warning checks, named in
            rework reasons (left out when ``None``).
        shares: Each round's share, when the caller keeps them (by default
            :func:`round_share` of every round).
    """
    spots = WeakSpots(framework.id)
    names = {c.id: c.name for c in framework.competencies}
    totals: dict[str, Counter[str]] = defaultdict(Counter)
    story_uses: dict[str, Counter[str]] = defaultdict(Counter)
    theme_questions: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    weak_answers: dict[str, list[str]] = defaultdict(list)
    gap_questions: dict[str, list[tuple[str, Interview]]] = defaultdict(list)
    rubric_scores: dict[str, list[int]] = defaultdict(list)
    story_rubric: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    unanswered: Counter[str] = Counter()

    for interview in interviews:
        if not interview.questions:
            continue
        share = shares(interview) if shares is not None else round_share(interview, framework)
        if share.practice:
            spots.practice += 1
        else:
            spots.rounds += 1
        for comp, counts in share.counts.items():
            totals[comp].update(counts)
        for comp, uses in share.story_uses.items():
            story_uses[comp].update(uses)
        for comp, missed in share.gaps.items():
            gap_questions[comp].extend(missed)
        for key, items in share.themes.items():
            theme_questions[key].extend(items)
        for story_id, weak in share.weak_answers.items():
            weak_answers[story_id].extend(weak)
        unanswered.update(share.unanswered)
        for name, scores in share.rubric.items():
            rubric_scores[name].extend(scores)
        for story_id, by_name in share.story_rubric.items():
            for name, scores in by_name.items():
                story_rubric[story_id][name].extend(scores)

    by_id: dict[str, CompetencySpot] = {}
    for comp, counted in totals.items():
        told = [story for story, _ in story_uses[comp].most_common()]
        by_id[comp] = CompetencySpot(
            comp,
            names[comp],
            asked=counted["asked"],
            strong=counted["strong"],
            ok=counted["ok"],
            shaky=counted["shaky"],
            blank=counted["blank"],
            gaps=counted["gaps"],
            stories=told,
        )
    spots.competencies = sorted(
        by_id.values(),
        key=lambda s: (-(s.weak + 2 * s.gaps), -s.asked, framework.ids.index(s.id)),
    )
    spots.themes = _themes(theme_questions)
    spots.companies = _companies(interviews)
    spots.rubric = {
        name: sum(scores) / len(scores) for name, scores in rubric_scores.items() if scores
    }
    present = {s.id: s for s in stories}
    plan: list[PlanItem] = []
    for spot in spots.competencies:
        gaps = gap_questions.get(spot.id, [])
        if gaps:
            plan.append(_write_item(spot, gaps))
        elif spot.weak and spot.is_weak:
            plan.append(_drill_item(spot))
    for story_id in sorted({*weak_answers, *(s for s, n in unanswered.items() if n)}):
        story = present.get(story_id)
        if story is None:
            continue
        plan.append(
            _rework_item(
                story,
                weak_answers.get(story_id, []),
                unanswered.get(story_id, 0),
                story_rubric.get(story_id, {}),
                findings(story) if findings is not None else [],
            )
        )
    plan.sort(key=lambda item: (-item.weight, item.kind, item.story or item.competency or ""))
    spots.plan = plan[:PLAN_SIZE]
    return spots


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _write_item(spot: CompetencySpot, gaps: list[tuple[str, Interview]]) -> PlanItem:
    places = list(dict.fromkeys(i.short_label if not i.is_practice else "a mock" for _, i in gaps))
    example = gaps[0][0]
    why = (
        f"asked {_times(len(gaps))} ({'; '.join(places[:3])}), no story answers it well: "
        f"e.g. {example!r}"
    )
    return PlanItem(
        "write",
        why,
        competency=spot.id,
        competency_name=spot.name,
        key="n",
        command="storybank new",
        weight=3.0 * len(gaps) + 1.0,
    )


def _drill_item(spot: CompetencySpot) -> PlanItem:
    told = f" (told: {', '.join(spot.stories[:3])})" if spot.stories else ""
    why = f"{spot.weak} of {spot.judged} answers went shaky or blank{told}"
    return PlanItem(
        "drill",
        why,
        competency=spot.id,
        competency_name=spot.name,
        key="p",
        command="storybank mock",
        weight=2.0 * spot.weak * (spot.weak / max(spot.judged, 1)),
    )


def _rework_item(
    story: Story,
    weak: list[str],
    unanswered: int,
    rubric: Mapping[str, list[int]],
    findings: list[str],
) -> PlanItem:
    parts: list[str] = []
    if weak:
        parts.append("; ".join(weak[:3]) + (f" and {len(weak) - 3} more" if len(weak) > 3 else ""))
    if unanswered:
        parts.append(f"{_count(unanswered, 'follow-up')} you could not answer")
    labels = dict(RUBRIC)
    low = [
        (sum(scores) / len(scores), name)
        for name, scores in rubric.items()
        if scores and sum(scores) / len(scores) < LOW_RUBRIC
    ]
    if low:
        parts.append(
            "mock rubric: "
            + ", ".join(f"{labels[name]} {mean:.1f}/4" for mean, name in sorted(low))
        )
    # Unanswered follow-ups are named above already.
    findings = [f for f in findings if f != "story-unanswered-follow-ups"]
    if findings:
        parts.append("checks: " + ", ".join(findings[:3]))
    return PlanItem(
        "rework",
        "; ".join(parts),
        story=story.id,
        key="e",
        command=f"storybank edit {story.id}",
        weight=2.0 * len(weak) + unanswered + 0.5 * bool(low) + 0.25 * min(len(findings), 4),
    )


def _themes(found: Mapping[str, list[tuple[str, str, str]]]) -> list[Theme]:
    counted: list[tuple[int, int, list[str], list[tuple[str, str, str]]]] = []
    for items in found.values():
        if len(items) < 2:
            continue
        questions = list(dict.fromkeys(text for _, text, _ in items))
        if len(questions) < 2:
            continue
        rounds = len({round_id for _, _, round_id in items})
        counted.append((len(questions), rounds, questions, items))
    if not counted:
        return []
    # Only the themes that can be shown need their most common wording: those
    # counted at least as often as the last one shown (ties are broken by wording).
    counted.sort(key=lambda c: (-c[0], -c[1]))
    last = counted[min(THEMES_SHOWN, len(counted)) - 1]
    themes = [
        Theme(
            Counter(words for words, _, _ in items).most_common(1)[0][0],
            asked,
            rounds,
            tuple(questions[:3]),
        )
        for asked, rounds, questions, items in counted
        if (asked, rounds) >= (last[0], last[1])
    ]
    themes.sort(key=lambda t: (-t.asked, -t.rounds, t.theme))
    return themes[:THEMES_SHOWN]


def _companies(interviews: Sequence[Interview]) -> list[CompanyOutcome]:
    groups: dict[str, list[Interview]] = defaultdict(list)
    for interview in interviews:
        if not interview.is_practice:
            groups[interview.company_key].append(interview)
    rows = []
    for rounds in groups.values():
        latest = max(rounds, key=lambda i: (i.date, i.created))
        rows.append(
            CompanyOutcome(
                company=latest.company,
                rounds=len(rounds),
                outcome=latest.outcome,
                last=latest.round or latest.date.isoformat(),
                feedback=any(i.feedback.strip() for i in rounds),
            )
        )
    order = {
        company_key(r.company): max(i.date for i in groups[company_key(r.company)]) for r in rows
    }
    rows.sort(key=lambda r: order[company_key(r.company)], reverse=True)
    return rows


def question_competencies(
    questions: Sequence[Question], framework_id: str
) -> dict[str, frozenset[str]]:
    """Each question's competencies in one framework, by question id."""
    return {q.id: frozenset(q.competencies.get(framework_id, ())) for q in questions}


class WeakSpotsService:
    """Weak spots of a deck's bank, kept until the bank or its rounds change.

    Args:
        deck: The cards, the bank and the rounds (through the deck's store).
    """

    def __init__(self, deck: Deck) -> None:
        self.deck = deck
        self._cached: tuple[tuple[int, int, str], WeakSpots] | None = None
        self._tags: tuple[tuple[int, str], dict[str, frozenset[str]]] | None = None
        self._shares: dict[str, tuple[int, str, RoundShare]] = {}
        self._stories: tuple[int, list[Story]] | None = None

    def _key(self) -> tuple[int, int, str]:
        deck = self.deck
        return (deck.bank.revision, deck.store.interview_writes, deck.settings.framework)

    def framework(self) -> CompetencyFramework:
        """The active framework."""
        bank = self.deck.bank
        frameworks = bank.frameworks
        wanted = bank.settings.framework
        return frameworks.get(wanted if wanted in frameworks else frameworks.ids[0])

    def compute(self, *, findings: StoryFindings | None = None) -> WeakSpots:
        """Every round put together (cached while nothing changes, unless ``findings`` is given).

        Args:
            findings: The ids of a story's error and warning checks, for the
                rework reasons (the command line and the app pass the checks).
        """
        key = self._key()
        if findings is None and self._cached is not None and self._cached[0] == key:
            return self._cached[1]
        framework = self.framework()
        interviews = self.deck.store.interviews()
        spots = compute_weak_spots(
            interviews,
            framework,
            self._bank_stories(),
            findings=findings,
            shares=lambda interview: self._share(interview, framework),
        )
        present = {i.id for i in interviews}
        for gone in [i for i in self._shares if i not in present]:
            del self._shares[gone]
        self._cached = (key, spots)
        return spots

    def _share(self, interview: Interview, framework: CompetencyFramework) -> RoundShare:
        """A round's share, redone only when the store replaced the round's model."""
        stamp = self.deck.store.interview_stamp(interview.id)
        kept = self._shares.get(interview.id)
        if kept is not None and kept[0] == stamp and kept[1] == framework.id and stamp >= 0:
            return kept[2]
        share = round_share(interview, framework)
        self._shares[interview.id] = (stamp, framework.id, share)
        return share

    def _bank_stories(self) -> list[Story]:
        revision = self.deck.bank.revision
        if self._stories is None or self._stories[0] != revision:
            self._stories = (revision, self.deck.bank.stories())
        return self._stories[1]

    def weak_competencies(self) -> list[str]:
        """The active framework's weak competencies, weakest first."""
        return self.compute().weak_competencies

    def priority_cards(self, cards: Collection[DrillCard]) -> frozenset[str]:
        """Question cards whose question is about a weak competency (the queue shows them first).

        Reads the question bank only when there is a weak competency at all.
        """
        weak = set(self.weak_competencies())
        if not weak:
            return frozenset()
        tags = self._question_tags()
        return frozenset(
            c.id
            for c in cards
            if c.kind == "question" and tags.get(c.record.ref, frozenset()) & weak
        )

    def _question_tags(self) -> dict[str, frozenset[str]]:
        deck = self.deck
        key = (deck.bank.revision, deck.settings.framework)
        if self._tags is None or self._tags[0] != key:
            self._tags = (key, question_competencies(deck.questions(), deck.settings.framework))
        return self._tags[1]


def plan_rows(spots: WeakSpots) -> list[tuple[str, str, str]]:
    """The plan as ``(title, why, how)`` lines for text output."""
    return [(item.title, item.why, f"{item.command} (key {item.key})") for item in spots.plan]


def went_counts(spot: CompetencySpot) -> list[tuple[Went, int]]:
    """``(judgement, count)`` in order, strong first."""
    return [(went, int(getattr(spot, went))) for went in _WENT_ORDER]
