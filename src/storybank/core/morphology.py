"""Word forms: one stem for ``resist``, ``resists``, ``resisted``, ``resistant``, ``resistance``.

Word lists in storybank name a word once, in its plain form, and
:func:`stem` lets it match the other forms a writer may use. The stemmer is
deliberately small: it strips the common inflections and a few derivational
endings, the same way for list entries and for user text, so it only has to be
consistent, never linguistically right ("challenge" and "challenging" both
become ``challeng``).

A word shorter than five letters is left alone apart from a plural ``s``, so
short words ("sale", "cost", "user") are not mangled into each other.
"""

from __future__ import annotations

from functools import lru_cache

# Irregular forms that suffix stripping cannot reach, mapped to their base.
_IRREGULAR: dict[str, str] = {
    "broke": "break",
    "broken": "break",
    "fell": "fall",
    "fallen": "fall",
    "grew": "grow",
    "grown": "grow",
    "rose": "rise",
    "risen": "rise",
    "ran": "run",
    "led": "lead",
    "lost": "lose",
    "left": "leave",
    "kept": "keep",
    "chose": "choose",
    "chosen": "choose",
    "went": "go",
    "gone": "go",
    "took": "take",
    "taken": "take",
    "made": "make",
    "won": "win",
    "met": "meet",
    "spent": "spend",
    "sought": "seek",
    "thought": "think",
    "taught": "teach",
    "fought": "fight",
    "built": "build",
    "wrote": "write",
    "written": "write",
    "rewrote": "rewrite",
    "rewritten": "rewrite",
    "gave": "give",
    "given": "give",
    "drove": "drive",
    "driven": "drive",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "sold": "sell",
    "paid": "pay",
    "overcame": "overcome",
    "underwent": "undergo",
    "undertook": "undertake",
    "misunderstood": "misunderstand",
    "understood": "understand",
    "withdrew": "withdraw",
    "froze": "freeze",
    "frozen": "freeze",
    "slid": "slide",
    "sank": "sink",
    "sunk": "sink",
    "shrank": "shrink",
    "shrunk": "shrink",
}

# Derivational endings tried after the inflections, longest first. Each leaves
# a stem of at least five letters, so "agent", "client" and "event" survive.
_ENDINGS: tuple[str, ...] = (
    "ation",
    "ition",
    "ment",
    "ance",
    "ence",
    "ancy",
    "ency",
    "ness",
    "ity",
    "ant",
    "ent",
    "ion",
    "ive",
    "ful",
    "ous",
)
_MIN_STEM = 4
_ENDINGS_BY_LENGTH: tuple[tuple[int, frozenset[str]], ...] = tuple(
    (size, frozenset(e for e in _ENDINGS if len(e) == size))
    for size in sorted({len(e) for e in _ENDINGS}, reverse=True)
)
""":data:`_ENDINGS` by length, longest first: a word can end in only one ending of a length."""


def _undouble(word: str) -> str:
    """``slipp`` -> ``slip``; ``miss`` and ``stall`` keep theirs, ``cancell`` does not."""
    last = word[-1:]
    if len(word) > 3 and last == word[-2] and last not in "aeiousz":
        if last != "l" or len(word) >= 7:
            return word[:-1]
    return word


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in word)


@lru_cache(maxsize=32_768)
def stem(word: str) -> str:
    """The stem of one lowercase word (see the module docstring).

    >>> [stem(w) for w in ("resist", "resisted", "resistant", "resistance")]
    ['resist', 'resist', 'resist', 'resist']
    >>> stem("slipped") == stem("slip") and stem("risky") == stem("risks")
    True
    """
    base = _IRREGULAR.get(word)
    if base is not None:
        word = base
    if not word.isalpha():
        return word
    if len(word) < 5:
        if word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        return word[:-1] if word.endswith("e") and len(word) == 4 else word
    # Plurals and third person.
    if word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    # Verb inflections and agent nouns.
    if word.endswith("ied") and len(word) > 5:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) - 3 >= _MIN_STEM - 1 and _has_vowel(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith(("ed", "er")) and not word.endswith("eed") and len(word) - 2 >= 3:
        if _has_vowel(word[:-2]):
            word = _undouble(word[:-2])
    elif word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    # "disagreed" and "exceeded" end up as "disagree" and "exceed": one "e" goes below.
    if word.endswith("eed") and len(word) >= 6:
        word = word[:-1]
    # One derivational ending ("resistance", "dependency", "disagreement").
    for size, endings in _ENDINGS_BY_LENGTH:
        if len(word) - size >= _MIN_STEM + 1 and word[-size:] in endings:
            word = word[:-size]
            break
    # "threatened" -> "threaten" -> "threat"; "escalated" -> "escalat" -> "escal",
    # the same stem as "escalation".
    if word.endswith("en") and len(word) >= 7:
        word = word[:-2]
    # "risky" -> "risk" ("costly" lost its "ly" above).
    if word.endswith("y") and len(word) >= 5 and word[-2] not in "aeiou":
        word = word[:-1]
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    if word.endswith("at") and len(word) >= 7:
        word = word[:-2]
    return word


def stems_of(tokens: list[str]) -> list[str]:
    """:func:`stem` of every token, in order."""
    return list(map(stem, tokens))
