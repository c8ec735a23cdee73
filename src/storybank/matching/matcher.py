"""The matcher: which competencies a question asks about, and which story answers it.

Build one :class:`Matcher` per (framework, question bank, stories) and keep it:
the competency index is built on first use and the story index is rebuilt
incrementally by :meth:`Matcher.update_stories`, so a lookup that updates as
the user types costs about a millisecond per keystroke.

A story's score blends two things: how strongly the question asks about the
competencies the story is tagged with (or, untagged, the ones its text
suggests), and how much of the question's weighted vocabulary the story
shares. Every number comes with the reasons that produced it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process

from storybank.matching.index import MIN_SCORE, SCORE_FULL, CompetencyIndex, Evidence
from storybank.matching.results import CompetencyScore, MatchResult, StoryMatch
from storybank.matching.stories import StoryEntry, StoryIndex, analyse_story
from storybank.matching.text import Term, analyze, literal

if TYPE_CHECKING:
    from storybank.matching.inputs import FrameworkLike, QuestionLike, StoryLike

MAX_QUESTION_CHARS = 2_000
"""Longer input is cut here: a question is a sentence or two, not an essay."""
GOOD_MATCH = 50
"""A best story scoring at least this (and covering the question) is a good match."""
SUGGEST_MIN = 20
"""Suggested competencies of a story must score at least this."""
SUGGESTED_TAG_FACTOR = 0.8
"""A competency the matcher suggests for an untagged story counts a bit less than a tag."""
TEXT_ONLY_FACTOR = 0.6
"""A competency the text of a tagged story clearly suggests, though the user
did not tag it, counts this much: the story about a cost cut answers a
question about saving money even when it was tagged for its technical depth."""
TEXT_ONLY_MIN = 60
"""...when it is the story's strongest suggestion and scores at least this."""
TITLE_CUTOFF = 60.0
"""rapidfuzz token-set ratio for a question to count as naming a story's title."""
TITLE_SHARE = 0.8
"""A title match counts this much of a full word overlap."""
COMPETENCY_SHARE = 0.6
"""Share of a story's score from competencies (the rest from shared words)..."""
CLEAR_QUESTION = 40
"""...once the question's best competency scores at least this."""
SECOND_TAG_SHARE = 0.25
"""A second covered competency adds this share of its score."""
TEXT_COVERS = 0.5
"""Sharing this share of the question's weighted words makes a story relevant."""
TEXT_SAYS_IT = 0.8
"""A story sharing this share of the question's weighted words says what the
question asks, so it also covers the question's main competency, as a
suggestion for an untagged story would, whatever it is tagged with."""
COVERAGE_SHARE = 0.85
"""Competencies scoring within this share of the top one also get a gap check."""
SHARED_WORDS = 3
"""How many shared words a reason lists."""
SIMILAR_WORDINGS = 2
"""How many pairs of similar wordings ("'focus' ≈ 'prioritize'") a reason lists."""
RELEVANT_MIN = 15
RELEVANT_SHARE = 0.35
"""A story's tag counts for a question when the question scores that competency
at least ``max(RELEVANT_MIN, RELEVANT_SHARE * best score)``."""
NEAR_BEST = 5
"""A story scoring within this many points of the best one answers the question
about as well: the matcher cannot tell them apart with any confidence."""


class _Ranked(NamedTuple):
    """A story's score for one question, before its reasons are written."""

    score: int
    strength: float
    """The score before rounding: how strongly the story matches."""
    covers: bool
    entry: StoryEntry
    covered: list[tuple[str, bool]]
    """The competencies it covers, best first, each with whether it was suggested."""


def asked_about(competencies: Sequence[CompetencyScore]) -> list[CompetencyScore]:
    """The competencies a question asks about clearly enough for a story's tag to count.

    ``competencies`` are a question's, best first (see
    :meth:`Matcher.competencies_for`); those scoring at least
    ``max(RELEVANT_MIN, RELEVANT_SHARE * best score)`` are kept.
    """
    if not competencies:
        return []
    floor = max(RELEVANT_MIN, RELEVANT_SHARE * competencies[0].score)
    return [c for c in competencies if c.score >= floor]


def rank_key(score: int, strength: float, readiness: int | None = None) -> tuple[int, int, float]:
    """How ranked stories sort: by score, then readiness (0-100) where the
    story carries one, then by the unrounded strength of the match.

    Never by title: among stories that fit equally well, the better prepared
    one (and, failing that, the closer match) should come first, whatever it
    is called. A story without a readiness sorts after those with one.
    """
    return (-score, -(readiness if readiness is not None else -1), -strength)


class Matcher:
    """Ranks competencies and stories for interview questions in one framework."""

    def __init__(
        self,
        framework: FrameworkLike,
        questions: Sequence[QuestionLike] | None = None,
        stories: Sequence[StoryLike] = (),
    ) -> None:
        """Prepare a matcher.

        Args:
            framework: The active competency framework.
            questions: The labeled question bank; the built-in bank when
                ``None`` (pass built-in plus the user's own questions).
            stories: The user's stories.
        """
        self.framework = framework
        if questions is None:
            # Deferred import: the JSON bank is only read when a matcher needs it.
            from storybank.core.questions import builtin_questions

            questions = builtin_questions()
        self._questions: tuple[QuestionLike, ...] = tuple(questions)
        self._index: CompetencyIndex | None = None
        self._stories = StoryIndex(stories)

    # -- set-up ----------------------------------------------------------------

    @property
    def index(self) -> CompetencyIndex:
        """The competency index, built on first use."""
        if self._index is None:
            self._index = CompetencyIndex(self.framework, self._questions)
        return self._index

    def update_stories(self, stories: Sequence[StoryLike]) -> None:
        """Replace the stories; unchanged stories keep their analysis."""
        self._stories = StoryIndex(stories, previous=self._stories)

    # -- questions -> competencies ---------------------------------------------

    def _question_terms(self, question: str) -> list[Term]:
        return self.index.correct_spelling(analyze(question[:MAX_QUESTION_CHARS]))

    def _scores(self, evidence: list[Evidence]) -> list[CompetencyScore]:
        idx = self.index
        ranked: list[CompetencyScore] = []
        raw: dict[str, float] = {}
        for i, ev in enumerate(evidence):
            score = _percent(ev.score / SCORE_FULL)
            if score < MIN_SCORE:
                continue
            raw[idx.ids[i]] = ev.score
            ranked.append(CompetencyScore(idx.ids[i], idx.names[i], score, _reasons(ev)))
        # Ties after rounding go to the stronger unrounded evidence.
        ranked.sort(key=lambda c: (-c.score, -raw[c.id]))
        return ranked

    def competencies_for(self, question: str, top: int | None = None) -> list[CompetencyScore]:
        """Competencies the question asks about, best first, with reasons.

        Competencies with no evidence at all are left out, so the list is empty
        for an empty question or one with no recognisable content.
        """
        terms = self._question_terms(question)
        ranked = self._scores(self.index.score_terms(terms)) if terms else []
        return ranked if top is None else ranked[: max(top, 0)]

    # -- questions -> stories --------------------------------------------------

    def match(self, question: str, top: int = 5) -> MatchResult:
        """Rank the stories for a question, with reasons and gaps."""
        fw = self.framework
        if not question.strip():
            return MatchResult(
                question, fw.id, [], [], ["type a question to see which story answers it"]
            )
        terms = self._question_terms(question)
        if not terms:
            return MatchResult(
                question,
                fw.id,
                [],
                [],
                [
                    "nothing to match on: say what the question is about, "
                    "e.g. 'a conflict with a peer'"
                ],
            )
        competencies = self._scores(self.index.score_terms(terms))
        gaps: list[str] = []
        if not competencies:
            gaps.append(
                f"no {fw.name} competency stands out in this question; "
                "try rephrasing it in plain English"
            )
        if not len(self._stories):
            gaps.append("your bank has no stories yet: add one to see matches")
            return MatchResult(question, fw.id, competencies, [], gaps)

        ranked = self._rank_stories(terms, competencies)
        shown = [r for r in ranked[: max(top, 0)] if r.score > 0]
        stories = [self._story_match(r, competencies, terms) for r in shown]
        gaps.extend(self._coverage_gaps(competencies))
        best = ranked[0] if ranked else None
        good = best is not None and best.score >= GOOD_MATCH and best.covers
        if not good:
            if best is not None and best.score > 0:
                title = best.entry.story.title
                gaps.append(f"no story fits this question well; the closest is '{title}'")
            else:
                gaps.append("none of your stories fits this question")
        return MatchResult(question, fw.id, competencies, stories, gaps, good)

    def acceptable_stories(self, question: str) -> list[str]:
        """The stories that answer ``question`` about as well as the best one, best first.

        Those that cover the question and score within :data:`NEAR_BEST`
        points of the best story; none when no story covers it. A drill card
        that asks the question is only made for one of them.
        """
        terms = self._question_terms(question) if question.strip() else []
        if not terms or not len(self._stories):
            return []
        ranked = self._rank_stories(terms, self._scores(self.index.score_terms(terms)))
        fitting = [r for r in ranked if r.covers and r.score > 0]
        if not fitting:
            return []
        floor = ranked[0].score - NEAR_BEST
        return [r.entry.story.id for r in fitting if r.score >= floor]

    def _rank_stories(
        self, terms: list[Term], competencies: list[CompetencyScore]
    ) -> list[_Ranked]:
        """Every story scored, best first (reasons are built later, for the few shown)."""
        idx = self.index
        stories = self._stories
        top_score = competencies[0].score if competencies else 0
        main = {c.id for c in competencies[:2]}

        # Words count as shared only with the same sense: the same concept,
        # neither negated nor an opposite form on one side only, and feedback
        # going the same way.
        q_weight: dict[str, float] = {}
        for t in terms:
            q_weight.setdefault(t.sense, idx.idf(t.key))
        q_total = sum(q_weight.values()) or 1.0
        # Shared words, through the inverted index: only stories that share a
        # sense are touched.
        overlap: dict[int, float] = defaultdict(float)
        for sense, w in q_weight.items():
            for si in stories.postings.get(sense, ()):
                overlap[si] += w * stories.entries[si].prominence(sense)
        # A question that names a story ("the billing migration") should find
        # it even with no competency signal: rapidfuzz over the story summaries.
        title_hits = {
            si: score / 100.0
            for _text, score, si in process.extract(
                " ".join(sorted({t.key for t in terms})),
                stories.title_texts,
                scorer=fuzz.token_set_ratio,
                score_cutoff=TITLE_CUTOFF,
                limit=None,
            )
        }
        # With little competency signal (a title typed into the lookup, say),
        # word overlap has to carry the ranking.
        comp_weight = COMPETENCY_SHARE * min(1.0, top_score / CLEAR_QUESTION)
        # Competencies far below the question's best one are noise, not a reason.
        asked = {c.id: c.score / 100.0 for c in asked_about(competencies)}
        top_id = competencies[0].id if competencies else None
        ranked: list[_Ranked] = []
        for si, entry in enumerate(stories.entries):
            weights = self._story_competencies(entry)
            text_part = max(overlap.get(si, 0.0) / q_total, TITLE_SHARE * title_hits.get(si, 0.0))
            if (
                top_id is not None
                and text_part >= TEXT_SAYS_IT
                and weights.get(top_id, 0.0) < SUGGESTED_TAG_FACTOR
            ):
                weights = {**weights, top_id: SUGGESTED_TAG_FACTOR}
            covered = sorted(
                [(asked[c] * f, c, f < 1.0) for c, f in weights.items() if c in asked],
                reverse=True,
            )
            comp_part = 0.0
            if covered:
                comp_part = covered[0][0] + SECOND_TAG_SHARE * sum(c[0] for c in covered[1:2])
                # Half absolute, half relative to the question's best
                # competency, so a vague question can still find a clear winner.
                comp_part = min(1.0, 0.5 * comp_part * (1.0 + 100.0 / max(top_score, 1)))
            strength = comp_weight * comp_part + (1.0 - comp_weight) * text_part
            covers = (bool(covered) and covered[0][1] in main) or text_part >= TEXT_COVERS
            ranked.append(
                _Ranked(
                    _percent(strength),
                    strength,
                    covers,
                    entry,
                    [(c, suggested) for _s, c, suggested in covered],
                )
            )
        # A stable sort: stories that tie on everything keep the bank's order.
        ranked.sort(key=lambda r: rank_key(r.score, r.strength, r.entry.readiness))
        return ranked

    def _story_match(
        self, ranked: _Ranked, competencies: list[CompetencyScore], terms: list[Term]
    ) -> StoryMatch:
        """A ranked story with its reasons: the competencies it covers, then shared words."""
        entry = ranked.entry
        names = {c.id: c.name for c in competencies}
        reasons = [
            f"covers {names[cid]} ({'suggested from its text' if suggested else 'your tag'})"
            for cid, suggested in ranked.covered[:2]
        ]
        if ranked.covered:
            main = next(c for c in competencies if c.id == ranked.covered[0][0])
            reasons.extend([r for r in main.reasons if _is_cue_reason(r)][:1])
        reasons.extend(self._word_reasons(entry, terms))
        return StoryMatch(entry.story.id, entry.story.title, ranked.score, reasons, entry.readiness)

    def _word_reasons(self, entry: StoryEntry, terms: list[Term]) -> list[str]:
        """What the question and the story say alike, literally true.

        "shares" lists words both use, up to case, plural and tense; a story
        that says the same thing in other words gets "'focus' ≈ 'prioritize'"
        (its words first). Words with a different sense (negated on one side
        only, an opposite form, feedback going the other way) are neither.
        """
        idx = self.index
        shared: dict[str, float] = {}
        similar: dict[str, float] = {}
        seen: set[str] = set()
        # Words that stand for several concepts at once ("cut costs" is a cost
        # and a saving): a story matching one of them is not saying all of it.
        keys_of: dict[str, set[str]] = defaultdict(set)
        for t in terms:
            keys_of[t.surface].add(t.key)
        for t in terms:
            sense = t.sense
            wordings = entry.wordings.get(sense)
            if not wordings or t.surface in seen:
                continue
            seen.add(t.surface)
            weight = idx.idf(t.key) * entry.prominence(sense)
            common = _common_words(t.surface, wordings)
            if common is not None:
                shared[common] = max(weight, shared.get(common, 0.0))
                continue
            if len(keys_of[t.surface]) > 1:
                continue
            asked = f"{t.negation} {t.surface}" if t.negation else t.surface
            told = next(iter(wordings.values()))[1]
            pair = f"'{told}' \u2248 '{asked}'"
            similar[pair] = max(weight, similar.get(pair, 0.0))
        reasons: list[str] = []
        if shared:
            words = sorted(shared, key=lambda w: -shared[w])[:SHARED_WORDS]
            reasons.append("shares " + ", ".join(f"'{w}'" for w in words))
        if similar:
            pairs = sorted(similar, key=lambda p: -similar[p])[:SIMILAR_WORDINGS]
            reasons.append(", ".join(pairs))
        return reasons

    def _story_competencies(self, entry: StoryEntry) -> dict[str, float]:
        """Competency -> how much it counts for the story: 1 for a tag, less
        for one only its text suggests (computed once per framework)."""
        fw_id = self.framework.id
        cached = entry.competencies.get(fw_id)
        if cached is not None:
            return cached
        tags, suggested = self._story_tags(entry)
        if suggested:
            weights = dict.fromkeys(tags, SUGGESTED_TAG_FACTOR)
        else:
            weights = dict.fromkeys(tags, 1.0)
            for cid, score in self._suggested(entry)[:1]:
                if score >= TEXT_ONLY_MIN:
                    weights.setdefault(cid, TEXT_ONLY_FACTOR)
        entry.competencies[fw_id] = weights
        return weights

    def _suggested(self, entry: StoryEntry) -> list[tuple[str, int]]:
        """The competencies the story's text suggests, with their scores, best
        first (computed once per framework)."""
        fw = self.framework
        if fw.id not in entry.suggested:
            entry.suggested[fw.id] = [(c.id, c.score) for c in self._suggest(entry, 3)]
        return entry.suggested[fw.id]

    def _story_tags(self, entry: StoryEntry) -> tuple[list[str], bool]:
        """The story's tags in this framework, or suggested ones if it has none."""
        fw = self.framework
        tags = [c for c in entry.story.tags_in(fw.id) if fw.get(c) is not None]
        if tags:
            return tags, False
        return [cid for cid, _score in self._suggested(entry)], True

    def _coverage_gaps(self, competencies: list[CompetencyScore]) -> list[str]:
        if not competencies:
            return []
        covered: set[str] = set()
        for entry in self._stories.entries:
            # A text-only suggestion is not coverage: the user never tagged it.
            weights = self._story_competencies(entry)
            covered.update(c for c, f in weights.items() if f >= SUGGESTED_TAG_FACTOR)
        threshold = competencies[0].score * COVERAGE_SHARE
        return [
            f"none of your stories covers {c.name}"
            for c in competencies[:2]
            if c.score >= threshold and c.id not in covered
        ]

    # -- stories -> competencies -----------------------------------------------

    def _suggest(self, entry: StoryEntry, top: int) -> list[CompetencyScore]:
        idx = self.index
        evidence = idx.score_document(entry.terms)
        ranked: list[CompetencyScore] = []
        raw: dict[str, float] = {}
        for i, ev in enumerate(evidence):
            score = _percent(ev.score)
            if score < SUGGEST_MIN:
                continue
            # The story's own words, strongest cues first: a cue's text could
            # name words the story never uses ("prevent" for "rolled back").
            words = [word for _cue, surface in ev.cues for word in surface.split(" | ")]
            mentions = list(dict.fromkeys(words))[:3]
            reasons = ["mentions " + ", ".join(f"'{m}'" for m in mentions)] if mentions else []
            raw[idx.ids[i]] = ev.score
            ranked.append(CompetencyScore(idx.ids[i], idx.names[i], score, reasons))
        ranked.sort(key=lambda c: (-c.score, -raw[c.id]))
        return ranked[: max(top, 0)]

    def suggest_competencies(self, story: StoryLike, top: int = 3) -> list[CompetencyScore]:
        """Competencies a story's text suggests, best first, ignoring its current tags."""
        for entry in self._stories.entries:
            if entry.story.id == story.id and entry.story == story:
                return self._suggest(entry, top)
        return self._suggest(analyse_story(story), top)


def _common_words(surface: str, wordings: dict[tuple[str, ...], tuple[str, str]]) -> str | None:
    """The words a question's wording and one of the story's have in common,
    if one is the other or a part of it ("missed" in "missed a deadline")."""
    form = literal(surface)
    if form in wordings:
        return surface
    for told, (told_surface, _shown) in wordings.items():
        shorter, longer = (told, form) if len(told) < len(form) else (form, told)
        size = len(shorter)
        if any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1)):
            return told_surface if shorter is told else surface
    return None


def _percent(value: float) -> int:
    return max(0, min(100, math.floor(value * 100 + 0.5)))


def _is_cue_reason(reason: str) -> bool:
    return reason.startswith("cue ") or " the name '" in reason


def _reasons(ev: Evidence) -> list[str]:
    reasons: list[str] = []
    for cue, surface in ev.cues[:2]:
        words = surface.split(" | ")
        quoted = " and ".join(f"'{w}'" for w in words)
        if cue.is_name:
            verb = "matches" if len(words) == 1 else "match"
            reasons.append(f"{quoted} {verb} the name '{cue.text}'")
        elif " ".join(words).casefold() == cue.text.casefold():
            reasons.append(f"cue '{cue.text}' appears in the question")
        else:
            reasons.append(f"cue '{cue.text}' matches {quoted}")
    # The whole bank question: a reason cut short would say half of why.
    reasons.extend(f"like the bank question '{text}'" for text in ev.neighbours[:1])
    if not reasons:
        if ev.from_prior:
            reasons.append("one of the most asked-about competencies in the question bank")
        else:
            reasons.append("related to its description")
    return reasons
