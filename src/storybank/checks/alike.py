"""Which pairs of stories could be near-duplicates, without comparing every pair in full.

The bank check calls two stories near-duplicates when rapidfuzz's
``token_set_ratio`` of their bodies reaches :data:`rules.DUPLICATE_SIMILARITY`.
That comparison costs about 0.1 ms a pair on real stories, and a bank of 300
stories has 44,850 pairs: four seconds. Most pairs share far too few words to
come near the threshold, and how much two stories share can be counted for
every pair at once, cheaply; only the pairs that share enough are looked at
closer, and only those that can reach the threshold are compared in full.

What ``token_set_ratio`` looks at is the set of words of each text. With
``S`` the length of the words both share (joined by spaces) and ``A`` and
``B`` the lengths of the words only one of them has, its score is the largest of

* ``2S / (2S + 1 + A)`` and ``2S / (2S + 1 + B)``, which reach 90% only when
  the shared words are at least 4.5 times the unshared ones of one story
  (over 80% of that story); and
* ``1 - d / (2S + 2 + A + B)``, where ``d`` compares, letter by letter, the two
  sorted lists of unshared words: at 90% only when those lists are nearly the
  same letters.

:func:`pairs_sharing` keeps every pair that shares at least
:data:`SHARED_AT_LEAST` of the smaller story's words (by length): every pair
the first two terms can bring to 90%, and every pair the third can, unless its
unshared words, sorted, are 80% the same letters though not one of them is the
same word (every word misspelt). :func:`may_reach` then works out the first
two terms exactly and the letter comparison with a cutoff, and only a pair
that can reach the threshold is compared in full: so a finding, and its
percentage, is what comparing every pair gives.

Counting the shared words of every pair is one pass over each story's words:
for each block of earlier stories, a word holds one integer with a counter
for every story of the block that has it, and adding up a story's words adds
those counters all at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import repeat
from math import ceil
from sys import byteorder

SHARED_AT_LEAST = 0.5
"""Pairs sharing less than this share of the smaller story's words are never compared."""

_BLOCK = 64
"""Stories per packed counter: short integers keep each addition cheap."""


class Words:
    """One processed text's set of words, and their length as ``token_set_ratio`` counts it."""

    __slots__ = ("by_length", "mass", "sorted", "words")

    def __init__(self, text: str) -> None:
        self.words = frozenset(text.split())
        self.sorted = sorted(self.words)
        self.by_length: dict[int, list[str]] = {}
        for word in self.words:
            self.by_length.setdefault(len(word) + 1, []).append(word)
        self.mass = sum(size * len(group) for size, group in self.by_length.items())
        """The length of the words joined by spaces, plus one."""


def pairs_sharing(
    texts: Sequence[Words | None], share: float = SHARED_AT_LEAST
) -> Iterator[tuple[int, int, int]]:
    """Pairs ``(i, j, shared)``, ``i < j``, whose words share at least ``share`` of the smaller.

    Args:
        texts: Each story's words; ``None`` for a story that is not compared.
        share: The share of the smaller story's word mass (see :attr:`Words.mass`).

    Yields:
        Each pair with the mass of the words both share, ordered by ``j`` then ``i``.
    """
    blocks: list[dict[str, int]] = []
    masses = [0 if words is None else words.mass for words in texts]
    # Each counter holds at most a story's mass: 16 bits each when every mass fits.
    wide = max(masses, default=0) >= 1 << 16
    bits = 32 if wide else 16
    for j, words in enumerate(texts):
        if j % _BLOCK == 0:
            blocks.append({})
        if words is None or not words.words:
            continue
        for number, block in enumerate(blocks):
            get = block.get
            shared = 0
            for size, group in words.by_length.items():
                total = sum(map(get, group, repeat(0)))
                if total:
                    shared += size * total
            if not shared:
                continue
            base = number * _BLOCK
            fields = memoryview(shared.to_bytes(_BLOCK * bits // 8, byteorder)).cast(
                "I" if wide else "H"
            )
            mass = words.mass
            for offset, (common, other) in enumerate(zip(fields, masses[base:j], strict=False)):
                if common and common >= share * (other if other < mass else mass):
                    yield base + offset, j, common
        bit = 1 << (bits * (j % _BLOCK))
        last = blocks[-1]
        for word in words.words:
            last[word] = last.get(word, 0) | bit


def may_reach(first: Words, second: Words, shared: int, score: float) -> bool:
    """Whether ``token_set_ratio`` of the two texts can reach ``score`` (0-100).

    ``shared`` is the mass of the words both have, as :func:`pairs_sharing` gives
    it. ``False`` means surely below; ``True``, that the full comparison decides.
    """
    if shared in (first.mass, second.mass):
        return True  # one's words are all in the other: 100
    sect = shared - 1
    only_first, only_second = first.mass - shared - 1, second.mass - shared - 1
    # A small margin: the bounds must never be below what rapidfuzz computes in floats.
    target = score / 100 - 1e-9
    if 2 * sect / (2 * sect + 1 + min(only_first, only_second)) >= target:
        return True
    total = 2 * sect + 2 + only_first + only_second
    allowed = ceil(total * (1 - target)) + 1
    if abs(only_first - only_second) > allowed:
        return False
    from rapidfuzz.distance import Indel

    theirs, mine = second.words, first.words
    diff_first = " ".join([word for word in first.sorted if word not in theirs])
    diff_second = " ".join([word for word in second.sorted if word not in mine])
    return Indel.distance(diff_first, diff_second, score_cutoff=allowed) <= allowed
