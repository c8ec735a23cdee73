"""Measured results: a change or a comparison with a figure, not any digit.

A panel hears "we kept two teams" or "performance improved significantly
within 60 days" as unmeasured: the figure counts people or a duration, not what
changed. What counts as measured:

* a percentage, a sum of money or a multiple ("40%", "$400K", "3x", "halved");
* a figure attached to a change ("cut 40", "dropped to 15 minutes", "a 30%
  reduction") or to an outcome ("prevented 3 incidents", "signed 12 customers");
* a comparison ("from 800 ms to 200 ms", "in 3 months instead of 6", "2 weeks
  early", "one week past the deadline");
* a zero outcome ("zero downtime").

Everything is a handful of regular expressions built once from the word lists in
:mod:`storybank.checks.rules`, so a Result is read in one pass per pattern. They
are tried cheapest first, and each is compiled the first time it is tried:
compiling them all costs more than checking a bank of stories, and a Result
with a percentage never needs the others.
"""

from __future__ import annotations

import re
from functools import cache

from storybank.checks import rules
from storybank.core.morphology import stem

_IRREGULAR_CHANGES = (
    "fell",
    "rose",
    "risen",
    "grew",
    "grown",
    "lost",
    "shrank",
    "shrunk",
    "sped up",
)
_SKIP = (
    "by",
    "to",
    "about",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "around",
    "an estimated",
    "more than",
    "less than",
    "over",
    "the",
    "its",
    "our",
    "their",
    "a",
    "an",
    "all",
)
_DATE_NOUNS = (
    "deadline|date|target|launch|schedule|plan|estimate|audit|event|go-live|release|cut-over"
)


def _alternation(items: list[str]) -> str:
    return "|".join(re.escape(item) for item in sorted(set(items), key=len, reverse=True))


_ENDINGS = r"(?:e|es|ed|d|s|ing|ings|er|ers|ion|ions|tion|tions|ment|ments|th|ly|y)?"


def _forms(words: tuple[str, ...]) -> str:
    """Every form of the words, as a regular expression: "reduce" -> ``reduc(?:e|ed|…)?``.

    Each single word is its stem, an optional doubled last letter ("dropped")
    and one of a few endings; phrases are matched as written.
    """
    parts: list[str] = []
    for word in dict.fromkeys(words):
        if " " in word:
            parts.append(re.escape(word))
            continue
        root = stem(word)
        parts.append(rf"{re.escape(root)}{re.escape(root[-1])}?{_ENDINGS}")
        parts.append(rf"{re.escape(word)}(?:s|es|d|ed)?")
    parts.sort(key=len, reverse=True)
    return r"\b(?:" + "|".join(parts) + r")\b"


@cache
def _sources() -> tuple[str, ...]:
    number_words = _alternation([w for w in rules.NUMBER_WORDS])
    units = _alternation(list(rules.TIME_UNITS))
    figure = (
        rf"(?:[$\u20ac\u00a3\u00a5]\s?)?(?<![A-Za-z])\d[\d,.]*(?:\s?(?:%|x|k|m|bn|ms|s|h|tb|gb|mb)\b)?"
        rf"|\b(?:{number_words})\b|\b(?:one|a|an)(?=\s+(?:{units})s?\b)"
    )
    skip = rf"(?:(?:{_alternation(list(_SKIP))})\s+){{0,2}}"
    changes = tuple(word for word in rules.CHANGE_WORDS if word not in ("up", "down"))
    change = rf"(?:{_forms(changes)}|\b(?:{_alternation(list(_IRREGULAR_CHANGES))})\b)"
    outcome = _forms(rules.OUTCOME_VERBS)
    participants = _forms(rules.PARTICIPANT_NOUNS)
    comparatives = _alternation([w for w in rules.COMPARATIVE_WORDS])
    markers = _alternation(list(rules.COMPARISON_MARKERS))
    sources = (
        # A share or a sum of money.
        r"\d\s?%|\bpercent\b|\bpercentage points?\b",
        r"[$\u20ac\u00a3\u00a5]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\s?"
        r"(?:dollars|usd|euros?|eur|pounds|gbp)\b",
        # A multiple or a fraction.
        rf"\b\d+(?:\.\d+)?\s?x\b|\b(?:{_alternation(list(rules.MULTIPLIER_WORDS))})\b",
        r"\bby\s+(?:half|a\s+third|a\s+quarter|two\s+thirds|\w+fold)\b",
        # From one figure to another.
        rf"\bfrom\s+{skip}(?:{figure})[^.;\n]{{0,40}}?\bto\s+{skip}(?:{figure})",
        # A change and its size: "cut 40", "dropped to 15 minutes", "down to 3".
        rf"{change}\s+{skip}(?:{figure})",
        rf"\b(?:down|up)\s+(?:by|to|from)\s+(?:{figure})",
        # A figure and a change or comparison: "a 30% reduction", "2 weeks early".
        rf"(?:{figure})\s+(?:[a-z-]+\s+)?(?:{change}|\b(?:{comparatives})\b)",
        rf"(?:{figure})\s+(?:[a-z-]+\s+)?(?:before|past|after|ahead of|behind)\s+"
        rf"(?:the\s+)?(?:[a-z-]+\s+)?(?:{_DATE_NOUNS})\b",
        # Against a target: "missed the deadline by two weeks", "beat the plan by 3".
        rf"\b(?:the|our|its|their)\s+(?:[a-z-]+\s+)?(?:{_DATE_NOUNS}|goal|budget|forecast|"
        rf"baseline|sla|slo)\s+by\s+{skip}(?:{figure})",
        # A comparison after a figure: "in 3 months instead of 6".
        rf"(?:{figure})[^.;\n]{{0,40}}?\b(?:{markers})\b",
        # Counted outcomes: "prevented 3 incidents" (but not "kept 2 teams").
        rf"{outcome}\s+{skip}(?:{figure})(?!\s+{participants})",
        # A zero outcome.
        r"\b(?:zero|0)\s+[a-z]",
    )
    # Shortest first: a pattern's length is what compiling it costs.
    return tuple(sorted(sources, key=len))


@cache
def _pattern(index: int) -> re.Pattern[str]:
    return re.compile(_sources()[index], re.IGNORECASE)


def measured(text: str) -> bool:
    """Whether ``text`` states a measured change or comparison (see the module docstring)."""
    return any(_pattern(index).search(text) for index in range(len(_sources())))


_MONEY_RE = re.compile(
    r"[$\u20ac\u00a3\u00a5]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|million|billion|thousand)?\s?"
    r"(?:dollars|usd|euros?|eur|pounds|gbp)\b",
    re.IGNORECASE,
)
# A digit not glued to a preceding letter (so "Q3", "P0" and "SEV2" are names, not
# figures), or a spelled-out quantity.
_ANY_FIGURE_RE = re.compile(r"(?<![^\W\d_])\d|[$\u20ac\u00a3\u00a5%]")


def money(text: str) -> bool:
    """Whether ``text`` names a sum of money."""
    return _MONEY_RE.search(text) is not None


def any_figure(text: str) -> bool:
    """Whether ``text`` has a digit, a currency sign or a percent sign at all."""
    return _ANY_FIGURE_RE.search(text) is not None
