"""What stood in the way: the evidence that a story has an obstacle.

Writers name obstacles in many ways, so the Complications are read for classes
of language rather than a list of phrases:

* **strong** evidence means trouble wherever it appears: an obstacle word in
  any of its forms ("resisted", "resistant"), a word that a prefix turns into
  trouble ("unclear", "misaligned", "underestimated", "overloaded"), or two
  parties wanting different things ("Marketing wanted X. Finance wanted Y.");
* **weak** evidence is trouble only in the Complications, where the field says
  what the words are for: contrast ("but", "without"), negation ("nobody",
  "couldn't"), a demand or a limit ("Security required", "the only engineer"),
  a metric moving ("the table grew to 100 TB"), a time limit ("48 hours until
  the release") or a failure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storybank.checks import figures, rules
from storybank.checks.draft import Draft
from storybank.core.morphology import stem
from storybank.core.text import PhraseIndex


@dataclass(frozen=True)
class Evidence:
    """What a field says stood in the way.

    Attributes:
        strong: Words that mean trouble anywhere, as written in the list or text.
        weak: Words that mean trouble in the Complications.
    """

    strong: tuple[str, ...]
    weak: tuple[str, ...]

    @property
    def any(self) -> bool:
        """Whether there is evidence of either kind."""
        return bool(self.strong or self.weak)


@cache
def _indexes() -> tuple[PhraseIndex, PhraseIndex, PhraseIndex, PhraseIndex]:
    return (
        PhraseIndex(rules.OBSTACLE_WORDS, forms=stem),
        PhraseIndex(rules.STANCE_VERBS, forms=stem),
        PhraseIndex((*rules.CONTRAST_WORDS, *rules.NEGATION_WORDS, *rules.NEED_WORDS), forms=stem),
        PhraseIndex(rules.FAILURE_WORDS, forms=stem),
    )


@cache
def _time_limit_re() -> re.Pattern[str]:
    units = "|".join(rf"{re.escape(stem(unit))}\w*" for unit in rules.TIME_UNITS)
    limits = "|".join(re.escape(word) for word in rules.TIME_LIMIT_WORDS)
    figure = r"(?:\d[\d,.]*|" + "|".join(rules.NUMBER_WORDS) + r"|a few|several|a couple of)"
    return re.compile(
        rf"\b(?:(?:{limits})\s+(?:\w+\s+)?{figure}[\s-]+(?:{units})\b|"
        rf"{figure}[\s-]+(?:{units})\s+(?:{limits})\b|\bhad\s+(?:only\s+)?(?:{units}))",
        re.IGNORECASE,
    )


_NOT_RE = re.compile(r"\b\w+n['\u2019]t\b", re.IGNORECASE)
_PREFIXES = tuple(sorted(rules.PREFIX_OBSTACLES, key=len, reverse=True))


def _prefixed(tokens: list[str]) -> list[str]:
    """Words a prefix turns into trouble ("unclear", "underestimated")."""
    found: list[str] = []
    for word in (token for token in tokens if token.startswith(_PREFIXES)):
        for prefix in _PREFIXES:
            if word.startswith(prefix):
                exceptions = rules.PREFIX_OBSTACLES[prefix]
                if (
                    len(word) - len(prefix) >= 4
                    and word.isalpha()
                    and not any(word.startswith(exception) for exception in exceptions)
                ):
                    found.append(word)
                break
    return found


def strong_evidence(draft: Draft, field: str) -> tuple[str, ...]:
    """Obstacle words and trouble-making prefixes in ``field``, and oppositions."""
    if draft.blank(field):
        return ()
    words, stances, _, _ = _indexes()
    found = [*draft.distinct(words, field), *_prefixed(draft.tokens(field))]
    stance_hits = draft.find(stances, field)
    if len(stance_hits) >= rules.OPPOSITION_MIN_STANCES:
        found.append(" \u2026 ".join(hit.phrase for hit in stance_hits[:2]))
    return tuple(dict.fromkeys(found))


def evidence(draft: Draft, field: str) -> Evidence:
    """Strong and weak evidence of an obstacle in ``field`` (see the module docstring)."""
    strong = strong_evidence(draft, field)
    if strong or draft.blank(field):
        return Evidence(strong, ())
    _, stances, markers, failures = _indexes()
    text = draft.text(field)
    weak = [
        *draft.distinct(markers, field),
        *(match.group(0).lower() for match in _NOT_RE.finditer(text)),
        *draft.distinct(stances, field),
        *draft.distinct(failures, field),
    ]
    if figures.measured(text):
        weak.append("a figure that changed")
    limit = _time_limit_re().search(text)
    if limit:
        weak.append(limit.group(0))
    return Evidence((), tuple(dict.fromkeys(weak)))
