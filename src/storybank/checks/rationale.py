"""Decisions and the reasons given for them ("Articulate your 'why'").

A decision is a phrase that decides ("we decided to delay", "I proposed a
phased launch", "we had to let him go") or picks a design ("I implemented a
tenant-context pattern": a design verb followed closely by a design noun). A
reason is any of what a panel probes for: a connective that gives one
("because", "so that", "to avoid"), a trade-off weighed ("instead of", "pros
and cons"), the data used ("the prototype showed that"), or the people
consulted ("after talking to the leads"). Reasons are looked for in the whole
telling, because a good answer often gives the data first and the decision
after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from storybank.checks import rules
from storybank.checks.draft import Draft
from storybank.core.morphology import stem
from storybank.core.text import PhraseIndex

_LET_GO_RE = re.compile(r"\blet\s+(?:\w+\s+){1,6}?go\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decision:
    """One decision found in the story.

    Attributes:
        field: The field it is told in.
        phrase: The words that state it, as listed in the rules.
    """

    field: str
    phrase: str


@cache
def _indexes() -> tuple[PhraseIndex, PhraseIndex, PhraseIndex, PhraseIndex]:
    return (
        PhraseIndex(rules.DECISION_WORDS, forms=stem),
        PhraseIndex(rules.DESIGN_VERBS, forms=stem),
        PhraseIndex(rules.DESIGN_NOUNS, forms=stem),
        PhraseIndex(rules.RATIONALE_WORDS, forms=stem),
    )


def decisions(draft: Draft) -> list[Decision]:
    """The decisions told in the Situation, Complications, Action and Result."""
    decide, design_verbs, design_nouns, _ = _indexes()
    found: list[Decision] = []
    for field in rules.TELLING_FIELDS:
        if draft.blank(field):
            continue
        found.extend(Decision(field, hit.phrase) for hit in draft.find(decide, field))
        text = draft.text(field)
        if "let " in text.lower() and _LET_GO_RE.search(text):
            found.append(Decision(field, "let go"))
        # "I implemented a tenant-context pattern": a design verb, then its noun.
        nouns = draft.find(design_nouns, field)
        for verb in draft.find(design_verbs, field):
            for noun in nouns:
                if verb.end <= noun.start < verb.end + rules.DESIGN_WINDOW:
                    found.append(Decision(field, noun.phrase))
                    break
    return found


def reasons(draft: Draft) -> list[str]:
    """The words that give a reason, weigh a trade-off, cite data or name who was asked."""
    _, _, _, rationale = _indexes()
    found: list[str] = []
    for field in ("headline", *rules.TELLING_FIELDS):
        found.extend(draft.distinct(rationale, field))
    return list(dict.fromkeys(found))
