"""Key facts of a story, and grading what a person typed from memory.

In a recall drill the user may type what they remember before revealing the
story. The facts an interviewer remembers are the concrete ones: numbers
(``60%``, ``$1.2M``, ``two weeks``), names (``Northwind``, ``Black Friday``,
``SLO``) and quoted phrases. :func:`key_facts` pulls them out of the headline
and SCAR fields in telling order; :func:`grade_recall` marks which of them the
typed text contains and proposes a rating. The user still chooses the rating.

Text is compared the way the matcher reads it: case and accents folded, a
possessive ``'s`` dropped, words reduced to the matcher's stems (so
"invoices" finds "invoice"). A figure counts only with its unit ("one week"
is not found by a "1" elsewhere). Role titles and acronyms every panel knows
(TPM, VP, API) are not facts. Figures weigh most, and any fact the Result or
the headline states (an outcome) weighs more than one told on the way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from fsrs import Rating
from rapidfuzz import fuzz

from storybank.core.models import SCAR_FIELDS, Story
from storybank.core.text import sentences

MAX_FACTS = 15
"""A story has at most this many key facts (the first ones, in telling order)."""

PHRASE_MATCH = 85.0
"""How close (0-100) a typed phrase must be to a multi-word fact to count."""

FIGURE_WEIGHT = 3
"""A number weighs this much; a name or phrase of several words 2, a single name 1."""

OUTCOME_BONUS = 1
"""Added to a fact the Result or the headline states."""

EASY_SHARE, GOOD_SHARE, HARD_SHARE = 0.9, 0.6, 0.3
"""Weighted shares of facts recalled that propose Easy, Good and Hard (below: Again)."""

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
    "percent|per cent|million|billion|thousand|hundred|k|m|mn|bn|"
    "ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|sprints?|"
    "engineers?|people|teams?|customers?|users?|services?|countries|regions?|"
    "releases?|incidents?|invoices?|orders?|requests?|dollars?|euros?|points?|x"
)
# Unit words that name the same thing, folded to one spelling.
_UNIT_SYNONYMS = {
    "percent": "%",
    "per cent": "%",
    "m": "million",
    "mn": "million",
    "k": "thousand",
    "bn": "billion",
    "millisecond": "ms",
}
# A figure: optional currency, digits (1,200 / 3.5), an optional suffix or
# unit word; or a number word followed by a unit ("two weeks").
_FIGURE_RE = re.compile(
    r"(?<![\w.:])\d{1,2}:\d{2}(?:\s?[ap]\.?m\b)?"  # a time of day: 9:00, 10:30 pm
    # A comma belongs to a number only between digits ("1,200"), never after it.
    rf"|(?<![\w.:])(?:[$€£]\s?)?\d(?:[\d,]*\d)?(?:\.\d+)?(?:\s?%|\s?(?:{_UNITS})\b)?"
    rf"|\b(?:{'|'.join(_NUMBER_WORDS)})\s(?:{_UNITS})\b",
    re.IGNORECASE,
)
_PARTS_RE = re.compile(
    rf"(?P<value>\d(?:[\d,]*\d)?(?:\.\d+)?|\b(?:{'|'.join(_NUMBER_WORDS)})\b)\s?"
    rf"(?P<unit>%|(?:{_UNITS})\b)?",
    re.IGNORECASE,
)
_TIME_RE = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_DIGITS_RE = re.compile(r"\d(?:[\d,]*\d)?(?:\.\d+)?")
# Capitalised runs ("Black Friday", "Kafka") and acronyms with digits ("Q3", "P0").
_NAME_WORD = r"[A-Z][\w'\u2019&-]*[A-Za-z0-9]"
_NAME_RE = re.compile(rf"\b{_NAME_WORD}(?:\s+{_NAME_WORD})*\b")
_ACRONYM_RE = re.compile(r"^[A-Z0-9&]{2,}$")
_ACRONYM_PLURAL_RE = re.compile(r"^([A-Z][A-Z0-9&]+)s$")
_POSSESSIVE_RE = re.compile(r"(?:'s|s')$", re.IGNORECASE)
_QUOTED_RE = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{3,80})[\"\u201d]")
_LETTERS_RE = re.compile(r"[^\W_]+")
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
        score: Weighted share of the facts found (0-1; 0 without facts).
    """

    found: list[str]
    missed: list[str]
    proposed: Rating | None
    score: float = 0.0


# -- extraction ---------------------------------------------------------------------


def _telling_text(story: Story) -> list[str]:
    return [story.headline, *(getattr(story, name) for name in SCAR_FIELDS)]


def facts_of_text(parts: Sequence[str], limit: int = MAX_FACTS) -> list[str]:
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
            with_units |= {value for value, _ in _figures(fact)}
    facts = [
        f
        for f in facts
        if not (_DIGITS_RE.fullmatch(f) and {v for v, _ in _figures(f)} <= with_units)
    ]
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


def _known_acronyms() -> frozenset[str]:
    # Deferred import: the checks are loaded by the app anyway, and `storybank
    # due` (which imports the drills) never grades a recall.
    from storybank.checks.rules import COMMON_ACRONYMS

    return COMMON_ACRONYMS


def _trim_name(name: str, start: int, sentence_starts: set[int]) -> str:
    parts = [_POSSESSIVE_RE.sub("", part.replace("\u2019", "'")) for part in name.split()]
    if start in sentence_starts and not _ACRONYM_RE.match(parts[0]):
        # A capital at the start of a sentence says nothing; drop that word.
        parts = parts[1:]
    known = _known_acronyms()
    kept = []
    for part in parts:
        plural = _ACRONYM_PLURAL_RE.match(part)
        acronym = plural.group(1) if plural else part
        if part.casefold() in _NOT_NAMES or acronym in known:
            continue
        kept.append(part)
    if not kept or (len(kept) == 1 and len(kept[0]) < 2):
        return ""
    return " ".join(kept)


# -- comparison ----------------------------------------------------------------------


def _fold(text: str) -> str:
    """Case, accents and curly apostrophes folded; whitespace collapsed."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.casefold().split())


def _stems(text: str) -> list[str]:
    """The words of ``text`` as the matcher stems them, possessives dropped."""
    # Deferred import: only grading needs the matcher's stemmer.
    from storybank.matching.text import stem

    # Apostrophes split words, so a possessive leaves a lone "s" behind.
    return [stem(word) for word in _LETTERS_RE.findall(_fold(text)) if word != "s"]


def _value(raw: str) -> str:
    raw = raw.casefold()
    value = _NUMBER_WORDS.get(raw, raw).replace(",", "")
    return value.rstrip("0").rstrip(".") if "." in value else value


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    unit = " ".join(raw.casefold().split())
    unit = _UNIT_SYNONYMS.get(unit, unit)
    if unit not in ("%", "ms", "x") and len(unit) > 3 and unit.endswith("s"):
        unit = unit[:-1]
    return _UNIT_SYNONYMS.get(unit, unit)


def _figures(text: str) -> list[tuple[str, str]]:
    """Every number in ``text`` with the unit right after it (``""`` when none).

    A time of day is one value (``9:00`` and ``09:00`` alike).
    """
    times = [(f"{int(m[1])}:{m[2]}", "") for m in _TIME_RE.finditer(text)]
    rest = _TIME_RE.sub(" ", text)
    return times + [(_value(m["value"]), _unit(m["unit"])) for m in _PARTS_RE.finditer(rest)]


def fact_in(fact: str, typed: str) -> bool:
    """Whether ``typed`` mentions ``fact``.

    A figure by its value and its unit, each number with the unit that
    follows it (``two weeks`` is found by ``2 weeks``, not by a ``2``
    elsewhere); a name or phrase by its words' stems, or by a close match for
    a phrase of several words.
    """
    stripped = fact.strip()
    if _FIGURE_RE.fullmatch(stripped):
        wanted = _figures(stripped)
        said = _figures(typed)
        values = {value for value, _ in said}
        return bool(wanted) and all(
            (value, unit) in said if unit else value in values for value, unit in wanted
        )
    fact_stems = _stems(stripped)
    if not fact_stems:
        return False
    if set(fact_stems) <= set(_stems(typed)):
        return True
    if len(fact_stems) > 1:
        return fuzz.partial_ratio(_fold(stripped), _fold(typed)) >= PHRASE_MATCH
    return False


def fact_weight(fact: str, outcome_text: str = "") -> int:
    """How much a fact counts: a figure most, an outcome (stated in ``outcome_text``) more."""
    if _FIGURE_RE.fullmatch(fact.strip()):
        weight = FIGURE_WEIGHT
    else:
        weight = 2 if len(fact.split()) > 1 else 1
    if outcome_text and _fold(fact) in _fold(outcome_text):
        weight += OUTCOME_BONUS
    return weight


def propose_rating(share: float) -> Rating:
    """The rating a weighted share of facts recalled suggests (see :data:`EASY_SHARE`)."""
    if share >= EASY_SHARE:
        return Rating.Easy
    if share >= GOOD_SHARE:
        return Rating.Good
    if share >= HARD_SHARE:
        return Rating.Hard
    return Rating.Again


def grade_facts(facts: Sequence[str], typed: str | None, outcome_text: str = "") -> RecallGrade:
    """Mark ``facts`` found or missed in ``typed`` and propose a rating.

    Args:
        facts: The key facts, in telling order.
        typed: What the user typed.
        outcome_text: Where the outcomes are told (the Result and the
            headline); facts stated there weigh more.
    """
    if typed is None or not typed.strip():
        return RecallGrade(found=[], missed=list(facts), proposed=None)
    found = [f for f in facts if fact_in(f, typed)]
    missed = [f for f in facts if f not in found]
    if not facts:
        return RecallGrade(found=[], missed=[], proposed=None)
    total = sum(fact_weight(f, outcome_text) for f in facts)
    share = sum(fact_weight(f, outcome_text) for f in found) / total
    return RecallGrade(found=found, missed=missed, proposed=propose_rating(share), score=share)


def outcome_text(story: Story) -> str:
    """Where a story states its outcomes: the headline and the Result."""
    return f"{story.headline}\n{story.result}"


def grade_recall(story: Story, typed: str | None) -> RecallGrade:
    """Compare a typed recall with the story's key facts."""
    return grade_facts(key_facts(story), typed, outcome_text(story))
