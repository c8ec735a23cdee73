"""Key facts of a story, and grading what a person typed from memory.

In a recall drill the user may type what they remember before revealing the
story. The facts an interviewer remembers are the concrete ones: numbers
(``60%``, ``$1.2M``, ``two weeks``), names (``Kafka``, ``Black Friday``,
``SLO``) and quoted phrases. :func:`key_facts` pulls them out of the headline
and SCAR fields in telling order; :func:`grade_recall` marks which of them the
typed text contains and proposes a rating. The user still chooses the rating.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fsrs import Rating
from rapidfuzz import fuzz

from storybank.core.models import SCAR_FIELDS, Story
from storybank.core.text import sentences

MAX_FACTS = 15
"""A story has at most this many key facts (the first ones, in telling order)."""

PHRASE_MATCH = 85.0
"""How close (0-100) a typed phrase must be to a multi-word fact to count."""

_NUMBER_WORDS = {
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "fifteen": "15",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "hundred": "100",
    "dozen": "12",
    "half": "0.5",
}
_UNITS = (
    "percent|per cent|million|billion|thousand|hundred|k|m|bn|"
    "ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?|"
    "engineers?|people|teams?|customers?|users?|services?|countries|regions?|"
    "releases?|incidents?|invoices?|orders?|requests?|dollars?|euros?|points?|x"
)
# A figure: optional currency, digits (1,200 / 3.5), an optional suffix or
# unit word; or a number word followed by a unit ("two weeks").
_FIGURE_RE = re.compile(
    r"(?<![\w.:])\d{1,2}:\d{2}(?:\s?[ap]\.?m\b)?"  # a time of day: 9:00, 10:30 pm
    rf"|(?<![\w.:])(?:[$€£]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?%|\s?(?:{_UNITS})\b)?"
    rf"|\b(?:{'|'.join(_NUMBER_WORDS)})\s(?:{_UNITS})\b",
    re.IGNORECASE,
)
_DIGITS_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
# Capitalised runs ("Black Friday", "Kafka") and acronyms with digits ("Q3", "P0").
_NAME_WORD = r"[A-Z][\w'\u2019&-]*[A-Za-z0-9]"
_NAME_RE = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*\b")
_ACRONYM_RE = re.compile(r"^[A-Z0-9&]{2,}$")
_QUOTED_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,80})[\"\u201d]")
_WORD_RE = re.compile(r"[\w$€£%.,]+")
_NOT_NAMES = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "we", "our", "my", "the", "a", "an", "it", "this"}
)


@dataclass(frozen=True)
class RecallGrade:
    """How a typed recall compares with the story's key facts.

    Attributes:
        found: Facts the typed text contains, in telling order.
        missed: Facts it does not contain.
        proposed: The rating storybank suggests; ``None`` when there is nothing
            to judge by (no facts, or nothing typed).
    """

    found: list[str]
    missed: list[str]
    proposed: Rating | None

    @property
    def score(self) -> float:
        """Share of facts found (0-1; 0 when the story has none)."""
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 0.0


def _telling_text(story: Story) -> list[str]:
    return [story.headline, *(getattr(story, name) for name in SCAR_FIELDS)]


def facts_of_text(parts: list[str], limit: int = MAX_FACTS) -> list[str]:
    """Key facts of some texts, in order, each once (case-insensitive).

    A bare number that also appears with its unit ("90" beside "90 days") is
    one fact, not two: counting it twice would skew the proposed rating.
    """
    found: dict[str, str] = {}
    for part in parts:
        for fact in _facts_in(part):
            found.setdefault(_fold(fact), fact)
    facts = list(found.values())
    with_units: set[str] = set()
    for fact in facts:
        if not _DIGITS_RE.fullmatch(fact) and _FIGURE_RE.fullmatch(fact):
            with_units |= _numbers(fact)
    facts = [f for f in facts if not (_DIGITS_RE.fullmatch(f) and _numbers(f) <= with_units)]
    return facts[:limit]


def key_facts(story: Story) -> list[str]:
    """The numbers, names and key phrases of a story's headline and SCAR fields."""
    return facts_of_text(_telling_text(story))


def _facts_in(text: str) -> list[str]:
    hits: list[tuple[int, str]] = []
    for match in _FIGURE_RE.finditer(text):
        hits.append((match.start(), match.group().strip()))
    for match in _QUOTED_RE.finditer(text):
        hits.append((match.start(), match.group(1).strip()))
    starts = _sentence_starts(text)
    for match in _NAME_RE.finditer(text):
        name = _trim_name(match.group(), match.start(), starts)
        if name:
            hits.append((match.start(), name))
    hits.sort(key=lambda hit: hit[0])
    return [fact for _, fact in hits]


def _sentence_starts(text: str) -> set[int]:
    starts = {0}
    position = 0
    for sentence in sentences(text):
        index = text.find(sentence, position)
        if index >= 0:
            starts.add(index)
            # An opening quote or bracket does not move the capitalised word.
            stripped = sentence.lstrip("\"'\u201c\u2018([")
            starts.add(index + len(sentence) - len(stripped))
            position = index + len(sentence)
    return starts


def _trim_name(name: str, start: int, sentence_starts: set[int]) -> str:
    parts = name.split()
    if start in sentence_starts and not _ACRONYM_RE.match(parts[0]):
        # A capital at the start of a sentence says nothing; drop that word.
        parts = parts[1:]
    parts = [p for p in parts if p.casefold() not in _NOT_NAMES]
    if not parts:
        return ""
    if len(parts) == 1 and len(parts[0]) < 2:
        return ""
    return " ".join(parts)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("\u2019", "'").split())


def _numbers(text: str) -> set[str]:
    folded = _fold(text)
    values = {m.group().replace(",", "") for m in _DIGITS_RE.finditer(folded)}
    for word in re.findall(r"[a-z]+", folded):
        if word in _NUMBER_WORDS:
            values.add(_NUMBER_WORDS[word])
    return {v.rstrip("0").rstrip(".") if "." in v else v for v in values}


def fact_in(fact: str, typed: str) -> bool:
    """Whether ``typed`` mentions ``fact`` (numbers by value, words case-insensitively)."""
    if _FIGURE_RE.fullmatch(fact.strip()):
        wanted = _numbers(fact)
        return bool(wanted) and wanted <= _numbers(typed)
    folded_fact, folded_typed = _fold(fact), _fold(typed)
    if not folded_fact:
        return False
    typed_words = set(_WORD_RE.findall(folded_typed))
    fact_words = _WORD_RE.findall(folded_fact)
    if all(w in typed_words for w in fact_words):
        return True
    if len(fact_words) > 1:
        return fuzz.partial_ratio(folded_fact, folded_typed) >= PHRASE_MATCH
    return False


def propose_rating(found: int, total: int) -> Rating:
    """The rating a share of facts suggests: all → Easy, ⅔ → Good, ⅓ → Hard, else Again."""
    if total <= 0:
        return Rating.Good
    share = found / total
    if share >= 1.0:
        return Rating.Easy
    if share >= 2 / 3:
        return Rating.Good
    if share >= 1 / 3:
        return Rating.Hard
    return Rating.Again


def grade_facts(facts: list[str], typed: str | None) -> RecallGrade:
    """Mark ``facts`` found or missed in ``typed`` and propose a rating."""
    if typed is None or not typed.strip():
        return RecallGrade(found=[], missed=list(facts), proposed=None)
    found = [f for f in facts if fact_in(f, typed)]
    missed = [f for f in facts if f not in found]
    proposed = propose_rating(len(found), len(facts)) if facts else None
    return RecallGrade(found=found, missed=missed, proposed=proposed)


def grade_recall(story: Story, typed: str | None) -> RecallGrade:
    """Compare a typed recall with the story's key facts."""
    return grade_facts(key_facts(story), typed)
