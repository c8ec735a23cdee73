"""Precomputed story data for matching: analysed text, key weights, titles.

A :class:`StoryEntry` is built once per story and reused for every question;
:class:`StoryIndex` holds them with an inverted index so that a question only
touches the stories that share a key with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from storybank.matching.text import Term, analyze, literal

if TYPE_CHECKING:
    from storybank.matching.inputs import StoryLike

# Words the user put in the title, headline or tags say more about what a
# story is about than a word somewhere in the Action paragraph.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "headline": 2.0,
    "tags": 2.0,
    "situation": 1.0,
    "complications": 1.0,
    "action": 1.0,
    "result": 1.0,
    "lessons": 1.0,
    "follow_ups": 0.5,
}
PROMINENT = 3.0
"""Field weight at which a key counts as fully present (the title alone reaches it)."""


class StoryEntry:
    """One story, analysed.

    Attributes:
        story: The story itself.
        terms: Every term of its text, in order (for competency suggestions).
        weights: Sense (see :attr:`Term.sense`) -> how prominently the story
            uses it (field-weighted). A term with a role also counts under
            its sense without one, for questions that do not say.
        title_text: Sorted keys of the title, headline and tags, for rapidfuzz.
        readiness: The story's readiness (0-100) where the story carries one,
            else ``None``; it breaks ties between equally good matches.
        suggested: Framework id -> competencies suggested from the text,
            with their scores, filled in when a matcher first needs them.
        competencies: Framework id -> competency -> how much it counts for
            the story (see ``Matcher._story_competencies``), filled in on
            first use.
    """

    __slots__ = (
        "_wordings",
        "competencies",
        "readiness",
        "story",
        "suggested",
        "terms",
        "title_text",
        "weights",
    )

    def __init__(
        self,
        story: StoryLike,
        terms: list[Term],
        weights: dict[str, float],
        title_text: str,
    ) -> None:
        self.story = story
        self.terms = terms
        self.weights = weights
        self._wordings: dict[str, dict[tuple[str, ...], tuple[str, str]]] | None = None
        self.title_text = title_text
        self.readiness = story_readiness(story)
        self.suggested: dict[str, list[tuple[str, int]]] = {}
        self.competencies: dict[str, dict[str, float]] = {}

    @property
    def wordings(self) -> dict[str, dict[tuple[str, ...], tuple[str, str]]]:
        """Sense -> the story's wordings of it: the literal form (stems, see
        :func:`literal`) -> the words as written and as shown in a reason (with
        their negation, "never missed"). Built when a reason first needs it:
        only the few stories shown get reasons."""
        if self._wordings is None:
            wordings: defaultdict[str, dict[tuple[str, ...], tuple[str, str]]] = defaultdict(dict)
            forms: dict[str, tuple[str, ...]] = {}
            for t in self.terms:
                form = forms.get(t.surface)
                if form is None:
                    form = forms[t.surface] = literal(t.surface)
                shown = f"{t.negation} {t.surface}" if t.negation else t.surface
                for sense in story_senses(t):
                    wordings[sense].setdefault(form, (t.surface, shown))
            self._wordings = dict(wordings)
        return self._wordings

    def prominence(self, sense: str) -> float:
        """0-1: how prominently the story uses a sense (1 in the title or used often)."""
        return min(1.0, self.weights.get(sense, 0.0) / PROMINENT)


def story_readiness(story: StoryLike) -> int | None:
    """The story's readiness score (0-100), for stories that carry one.

    A :class:`~storybank.matching.inputs.RatedStoryLike` carries one; a bare
    story (a model the caller did not rate) has none and returns ``None``.
    """
    value = getattr(story, "readiness", None)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _field_texts(story: StoryLike) -> list[tuple[str, str]]:
    texts = [
        ("title", story.title),
        ("headline", story.headline),
        ("tags", ", ".join(story.tags)),
        ("situation", story.situation),
        ("complications", story.complications),
        ("action", story.action),
        ("result", story.result),
        ("lessons", story.lessons),
    ]
    texts.extend(("follow_ups", f"{f.question} {f.answer}") for f in story.follow_ups)
    return [(name, text) for name, text in texts if text]


def story_senses(term: Term) -> tuple[str, ...]:
    """The senses a story's term can be matched under: a term with a role
    also answers a question that does not say which way feedback went."""
    if not term.role:
        return (term.sense,)
    return (term.sense, term.sense.rsplit("@", 1)[0])


def analyse_story(story: StoryLike) -> StoryEntry:
    """Analyse one story's text once."""
    weights: defaultdict[str, float] = defaultdict(float)
    all_terms: list[Term] = []
    summary: set[str] = set()
    for name, text in _field_texts(story):
        terms = analyze(text)
        all_terms.extend(terms)
        if name in ("title", "headline", "tags"):
            summary |= {t.key for t in terms}
        # Presence per field, not raw counts: a long Action paragraph should
        # not drown the title.
        for sense in _text_senses(text):
            weights[sense] += FIELD_WEIGHTS[name]
    return StoryEntry(story, all_terms, dict(weights), " ".join(sorted(summary)))


@lru_cache(maxsize=256)
def _text_senses(text: str) -> tuple[str, ...]:
    """The senses a text's terms can be matched under, once each, in order of first use.

    Remembered per text, like its analysis: while a story is edited only one
    field changes, and the others need not be read again.
    """
    senses: dict[str, None] = {}
    for t in analyze(text):
        senses.update(dict.fromkeys(story_senses(t)))
    return tuple(senses)


class StoryIndex:
    """All the user's stories, analysed, with an inverted index by key."""

    def __init__(self, stories: Sequence[StoryLike], previous: StoryIndex | None = None) -> None:
        reuse: dict[str, StoryEntry] = {}
        if previous is not None:
            reuse = {e.story.id: e for e in previous.entries}
        self.entries: list[StoryEntry] = []
        for story in stories:
            old = reuse.get(story.id)
            # Stories are immutable in practice (edits produce new objects);
            # equal content means the analysis can be reused as is.
            if old is not None and old.story == story:
                self.entries.append(old)
            else:
                self.entries.append(analyse_story(story))
        self.postings: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.entries):
            for key in entry.weights:
                self.postings[key].append(i)
        self.title_texts: list[str] = [e.title_text for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)
