"""Who leads a sentence: "I", "we", or someone else.

A panel listens for who did each step. Stories are written in many ways: full
sentences ("I mapped the dependencies"), verb-first bullets ("Mapped the
dependencies"), labelled lines ("Recovery: Worked with the DBA to restore"),
sentences that open with a phrase ("After a month, I presented"). All of these
but "we ..." and "the team ..." are the teller's own steps. Only a light,
predictable reading is attempted: the first words of each sentence decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from storybank.checks import rules
from storybank.core.text import words as split_words

Lead = Literal["i", "we", "other"]
"""Who a sentence says acted: the teller, a group, or someone or something else."""

_BULLET_RE = re.compile(r"^\s*(?:[-*\u2022\u00b7\u2013\u2014>]+|\(?\d{1,2}[.)]|\(?[a-hA-H][.)])\s+")
_LABEL_RE = re.compile(r"^([^:\n]{1,80}):\s+(?=\S)")
_OPENING_PHRASE_MAX_WORDS = 12
_OPENING_CHARS = 120
_SKIPPABLE = frozenset(
    """
    then also first second third next finally later eventually immediately quickly
    so and but afterwards together initially subsequently personally simultaneously
    additionally meanwhile ultimately soon now instead
    """.split()
)
_I_SUBJECTS = frozenset({"i", "i'm", "i've", "i'd", "i'll", "i\u2019m", "i\u2019ve", "i\u2019d"})


@dataclass(frozen=True)
class Step:
    """One sentence and who leads it.

    Attributes:
        text: The sentence, without a list marker or a leading label.
        lead: ``"i"`` for the teller (including verb-first steps), ``"we"`` for a
            group ("we", "our team"), ``"other"`` for anyone or anything else.
    """

    text: str
    lead: Lead


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text`` with list markers removed."""
    out: list[str] = []
    for raw in text.splitlines():
        line = _BULLET_RE.sub("", raw).strip()
        if line:
            out.append(line)
    return out


def strip_label(sentence: str) -> str:
    """``"Recovery: Worked with the DBA"`` -> ``"Worked with the DBA"``.

    A label is at most :data:`rules.STEP_LABEL_MAX_WORDS` words before a colon
    that has text after it; anything else is returned unchanged.
    """
    match = _LABEL_RE.match(sentence)
    if match and len(split_words(match.group(1))) <= rules.STEP_LABEL_MAX_WORDS:
        return sentence[match.end() :]
    return sentence


def _is_verb(word: str, following: str | None) -> bool:
    lower = word.lower()
    if lower in rules.FUNCTION_WORDS or not word[:1].isalpha():
        return False
    if lower in rules.PAST_TENSE_VERBS:
        return True
    if lower.endswith("ed") and len(lower) > 4:
        return True
    # "Negotiate with the vendor": a word followed by what only follows a verb.
    return following is not None and following.lower() in rules.OBJECT_STARTERS


def _lead_of(words: list[str]) -> Lead:
    """Who leads a run of words, skipping connectives and adverbs at its start."""
    index = 0
    while index < len(words) - 1 and index < 3:
        lower = words[index].lower()
        if lower in _SKIPPABLE or (lower.endswith("ly") and len(lower) > 4):
            index += 1
            continue
        break
    if index >= len(words):
        return "other"
    first = words[index].lower()
    if first in _I_SUBJECTS:
        return "i"
    if first in rules.WE_SUBJECTS:
        return "we"
    pair = " ".join(w.lower() for w in words[index : index + 2])
    if pair in rules.TEAM_SUBJECTS:
        return "we"
    # "My manager and I": the teller is one of the subjects.
    if first in ("my", "me") and "I" in words[index : index + 5]:
        return "i"
    following = words[index + 1] if index + 1 < len(words) else None
    return "i" if _is_verb(words[index], following) else "other"


_OPENING_WORDS = 6
# A word as in storybank.core.text.words.
_WORD_RE = re.compile(r"[^\W_]+(?:[-'\u2019.,][^\W_]+)*")


def _first_words(text: str, start: int = 0, count: int = _OPENING_WORDS) -> list[str]:
    found: list[str] = []
    for match in _WORD_RE.finditer(text, start):
        found.append(match.group(0))
        if len(found) == count:
            break
    return found


def step(sentence: str) -> Step:
    """The sentence with its label stripped and its lead found."""
    text = strip_label(sentence)
    words = _first_words(text)
    if not words:
        return Step(text, "other")
    # "After a month, I presented": an opening phrase, then the subject.
    comma = text.find(",", 0, _OPENING_CHARS)
    if comma > 0:
        opening = _first_words(text[:comma], count=_OPENING_PHRASE_MAX_WORDS + 1)
        rest = _first_words(text, comma + 1, count=1)
        if opening and rest and len(opening) <= _OPENING_PHRASE_MAX_WORDS:
            after = rest[0].lower()
            if after in _I_SUBJECTS:
                return Step(text, "i")
            if after in rules.WE_SUBJECTS:
                return Step(text, "we")
    return Step(text, _lead_of(words))
