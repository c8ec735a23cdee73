"""Score text against the competencies of one framework.

A :class:`CompetencyIndex` is built once per (framework, question bank). It
reads a question four ways and blends them:

* **bank model** - a naive Bayes reading of the labeled question bank: how
  often each concept appears in questions about each competency (the main
  competency of a bank question counts in full, the others it could be
  probing in part). It learns from every labeled question, the user's own
  included, and carries the most weight because the bank is written the way
  real interview lists phrase things.
* **cues** - each competency's cue phrases (and its name), normalised to
  concepts by :mod:`.text`; a cue fires when all its concepts occur. Cues
  shared by several competencies, and cues made only of words the bank uses
  everywhere ("project", "team"), count for less.
* **neighbours** - the labeled questions of the bank most similar to the
  question (IDF-weighted cosine over concepts) vote for their competencies;
  the nearest one is named in the reasons.
* **profile** - similarity to everything the framework says about each
  competency (name, description and cues together).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz, process

from storybank.matching.lexicon import CONTEXT_CONCEPTS, FRAMING_CONCEPTS
from storybank.matching.text import Term, analyze, known_keys, vocabulary

if TYPE_CHECKING:
    from storybank.matching.inputs import FrameworkLike, QuestionLike

MODEL_WEIGHT = 0.45
CUE_WEIGHT = 0.3
NEIGHBOUR_WEIGHT = 0.15
PROFILE_WEIGHT = 0.1
"""How the four readings of a question are blended (they sum to 1)."""
MODEL_SMOOTHING = 0.5
"""Added to every concept count of the bank model, so unseen concepts are not impossible."""
MODEL_PRIOR = 0.5
"""How much the bank model leans towards the competencies the bank asks about
most (0: not at all; 1: in proportion to how often it asks)."""
FRAMING_WEIGHT = 0.6
"""How much a framing concept (see :data:`.lexicon.FRAMING_CONCEPTS`) counts,
in cues and in the bank model, once the question also names its subject."""
CUE_IDF = 3.0
"""Cues whose rarest concept has at least this IDF in the bank count in full;
cues of common concepts count in proportion."""
PRIOR_WEIGHT = 0.08
"""Floor score of the competency the bank asks about most (others in proportion)."""
PRIOR_FULL_EVIDENCE = 0.3
"""The floor applies in full once some competency has this much evidence."""
NEIGHBOURS = 7
"""How many nearest bank questions vote."""
NEIGHBOUR_CONFIDENT = 0.5
"""Cosine similarity at which the nearest bank question's vote counts in full."""
SECONDARY_TAG_VOTE = 0.35
"""A bank question's later tags (what else it could be probing) count with this
weight, in the vote of neighbours and in the bank model; its first tag with 1."""
CUE_SCALE = 1.0
"""How fast cue evidence saturates: one plain cue gives 1 - e^-CUE_SCALE."""
CUE_DECAY = 0.5
"""Each further cue of a competency adds this fraction of the one before."""
SPELLING_CUTOFF = 87.0
"""rapidfuzz ratio needed to read an unknown word as a known one."""
SCORE_FULL = 0.8
"""Evidence at or above this shows as 100: a question that hits several cues
of one competency and whose nearest bank questions agree."""
MIN_SCORE = 5
"""Competencies scoring below this are left out of results."""
WINDOW = 8
"""In long text, the concepts of one cue must occur within this many terms."""
DOCUMENT_SCALE = 2.5
"""Cue evidence needed in a long text for a near-certain score."""
DOCUMENT_IDF = 3.0
"""Cues whose rarest concept has at least this IDF count in full in long text."""
DOCUMENT_CUE_WEIGHT = 0.8
"""Share of a long text's score from cues (the rest from profile similarity)."""


class Cue(NamedTuple):
    """A cue phrase of one competency, compiled."""

    competency: int
    text: str
    keys: frozenset[str]
    weight: float
    is_name: bool


class Evidence:
    """Why a competency scored what it did, before rounding.

    A plain slotted class rather than a dataclass: it is created by the
    dozen per question, and module import time matters for the CLI.
    """

    __slots__ = ("cues", "from_prior", "neighbours", "score")

    def __init__(self) -> None:
        self.score = 0.0
        self.cues: list[tuple[Cue, str]] = []
        self.neighbours: list[str] = []
        self.from_prior = False


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(w * large[k] for k, w in small.items() if k in large)
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))


class CompetencyIndex:
    """Precomputed cues, bank vectors and profiles for one framework."""

    def __init__(self, framework: FrameworkLike, questions: Sequence[QuestionLike]) -> None:
        self.framework = framework
        comps = framework.competencies
        self.ids: list[str] = [c.id for c in comps]
        self.names: list[str] = [c.name for c in comps]
        position = {cid: i for i, cid in enumerate(self.ids)}

        # The bank: questions tagged in this framework, with their labels.
        bank_texts: list[str] = []
        bank_keys: list[frozenset[str]] = []
        bank_labels: list[list[tuple[int, float]]] = []
        for q in questions:
            labels = [
                position[cid] for cid in q.competencies.get(framework.id, []) if cid in position
            ]
            if not labels:
                continue
            keys = frozenset(known_keys(q.text))
            if not keys:
                continue
            bank_texts.append(q.text)
            bank_keys.append(keys)

            bank_labels.append(
                [(c, 1.0 if n == 0 else SECONDARY_TAG_VOTE) for n, c in enumerate(labels)]
            )

        # Cues: the competency's own phrases plus its name.
        raw_cues: list[tuple[int, str, frozenset[str], bool]] = []
        profiles_keys: list[list[str]] = []
        for i, comp in enumerate(comps):
            seen: set[frozenset[str]] = set()
            profile: list[str] = []
            for n, text in enumerate((comp.name, *comp.cues)):
                keys = frozenset(known_keys(text))
                profile.extend(keys)
                if keys and keys not in seen:
                    seen.add(keys)
                    raw_cues.append((i, text, keys, n == 0))
            profile.extend(known_keys(comp.description))
            profiles_keys.append(profile)

        # Which bank questions hold each key (each question counts once: its
        # keys are a set), so the document frequencies follow from it.
        postings: dict[str, list[int]] = defaultdict(list)
        for qi, keys in enumerate(bank_keys):
            for k in keys:
                postings[k].append(qi)
        df: dict[str, int] = defaultdict(int, {k: len(v) for k, v in postings.items()})
        for profile in profiles_keys:
            for k in set(profile):
                df[k] += 1
        n_docs = len(bank_keys) + len(profiles_keys)
        self._idf = {k: math.log((n_docs + 1) / (v + 0.5)) for k, v in df.items()}
        self._idf_unknown = math.log((n_docs + 1) / 0.5)

        sharing: dict[frozenset[str], set[int]] = defaultdict(set)
        for comp_i, _text, keys, _name in raw_cues:
            sharing[keys].add(comp_i)
        self.cues: list[Cue] = []
        self._cues_by_key: dict[str, list[int]] = defaultdict(list)
        for comp_i, text, keys, is_name in raw_cues:
            # Longer cues are more specific; cues several competencies share
            # say less about any one of them.
            weight = (1.0 + 0.5 * (len(keys) - 1)) / math.sqrt(len(sharing[keys]))
            weight *= min(1.0, max(self.idf(k) for k in keys) / CUE_IDF)
            self.cues.append(Cue(comp_i, text, keys, weight, is_name))
            for k in keys:
                self._cues_by_key[k].append(len(self.cues) - 1)

        # How often the bank asks about each competency: a prior that only
        # breaks near-ties (what TPM loops ask most, program execution, wins).
        prior = [0.0] * len(comps)
        for question_labels in bank_labels:
            for comp_i, label_w in question_labels:
                prior[comp_i] += label_w
        top_prior = max(prior, default=0.0) or 1.0
        self._prior = [p / top_prior for p in prior]

        self._bank_texts = bank_texts
        self._bank_keys = bank_keys
        self._bank_labels = bank_labels
        self._model = _BankModel(len(comps), bank_keys, bank_labels, postings)
        self._bank_norms: list[float | None] = [None] * len(bank_keys)
        """Each bank question's vector length, worked out the first time it is a neighbour."""
        self._postings = postings
        self._profiles = [self._vector(set(p)) for p in profiles_keys]
        self._known_words: list[str] | None = None

    # -- helpers ---------------------------------------------------------------

    def idf(self, key: str) -> float:
        """How informative a key is (rare keys weigh more)."""
        return self._idf.get(key, self._idf_unknown)

    def _bank_norm(self, qi: int) -> float:
        norm = self._bank_norms[qi]
        if norm is None:
            norm = self._bank_norms[qi] = math.sqrt(
                sum(self.idf(k) ** 2 for k in self._bank_keys[qi])
            )
        return norm

    def _vector(self, keys: Iterable[str]) -> dict[str, float]:
        return {k: self.idf(k) for k in keys}

    def correct_spelling(self, terms: list[Term]) -> list[Term]:
        """Read unknown words as the known word they are a typo of, if any."""
        fixed: list[Term] = []
        for term in terms:
            if term.concept or len(term.key) < 5 or term.key in self._idf:
                fixed.append(term)
                continue
            if self._known_words is None:
                known = set(vocabulary()) | set(self._idf)
                self._known_words = sorted(k for k in known if len(k) >= 4)
            hit = process.extractOne(
                term.key, self._known_words, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF
            )
            if hit is None:
                fixed.append(term)
                continue
            replacement = analyze(hit[0])
            if len(replacement) == 1:
                fixed.append(term._replace(key=replacement[0].key, concept=replacement[0].concept))
            else:
                fixed.append(term._replace(key=hit[0]))
        return fixed

    # -- scoring ---------------------------------------------------------------

    def score_terms(self, terms: list[Term]) -> list[Evidence]:
        """Evidence for every competency (framework order) from analysed text."""
        n = len(self.ids)
        surface: dict[str, str] = {}
        for t in terms:
            surface.setdefault(t.key, t.surface)
            if t.role:
                surface.setdefault(t.role_key, t.surface)
        keys = set(surface)
        order = {k: i for i, k in enumerate(surface)}
        evidence = [Evidence() for _ in range(n)]
        if not keys:
            return evidence

        # Cues whose every concept is present.
        fired: dict[int, list[Cue]] = defaultdict(list)
        candidates = {ci for k in keys for ci in self._cues_by_key.get(k, ())}
        for ci in sorted(candidates):
            cue = self.cues[ci]
            if cue.keys <= keys:
                fired[cue.competency].append(cue)
        # A question that names its subject ("a customer problem") is about
        # the subject more than about its frame ("went above and beyond").
        framing = 1.0
        if any(
            t.concept and t.key not in FRAMING_CONCEPTS and t.key not in CONTEXT_CONCEPTS
            for t in terms
        ):
            framing = FRAMING_WEIGHT

        def weight(cue: Cue) -> float:
            return cue.weight * (framing if cue.keys <= FRAMING_CONCEPTS else 1.0)

        cue_scores = [0.0] * n
        for comp_i, cues in fired.items():
            cues.sort(key=lambda c: -weight(c))
            raw = sum(weight(c) * CUE_DECAY**rank for rank, c in enumerate(cues))
            cue_scores[comp_i] = 1.0 - math.exp(-raw * CUE_SCALE)
            evidence[comp_i].cues = [(c, _joined(c.keys, surface, order)) for c in cues]

        # Nearest labeled questions vote.
        votes = [0.0] * n
        confidence = 0.0
        query = self._vector(keys)
        if self._bank_norms:
            # Cosine through the inverted index: only bank questions sharing a
            # key with the question are touched, however large the bank.
            q_norm = math.sqrt(sum(w * w for w in query.values()))
            dots: dict[int, float] = defaultdict(float)
            for k, w in query.items():
                for qi in self._postings.get(k, ()):
                    dots[qi] += w * w
            sims = sorted(
                ((dot / (q_norm * self._bank_norm(qi)), qi) for qi, dot in dots.items()),
                reverse=True,
            )
            top = sims[:NEIGHBOURS]
            total = sum(s * s for s, _ in top)
            if total:
                # Neighbours that are not very similar vote with less weight.
                confidence = min(1.0, top[0][0] / NEIGHBOUR_CONFIDENT)
                for s, qi in top:
                    for comp_i, label_w in self._bank_labels[qi]:
                        votes[comp_i] += s * s * label_w
                for comp_i in range(n):
                    votes[comp_i] = votes[comp_i] / total * confidence
                for _s, qi in top[:3]:
                    for comp_i, _w in self._bank_labels[qi][:1]:
                        evidence[comp_i].neighbours.append(self._bank_texts[qi])

        # The bank model, trusted as far as the question resembles anything
        # in the bank (a question in another language resembles nothing).
        model = self._model.probabilities(keys, confidence, framing)
        # Similarity to what the framework says about each competency.
        for comp_i in range(n):
            profile = _cosine(query, self._profiles[comp_i])
            evidence[comp_i].score = (
                CUE_WEIGHT * cue_scores[comp_i]
                + NEIGHBOUR_WEIGHT * votes[comp_i]
                + MODEL_WEIGHT * model[comp_i]
                + PROFILE_WEIGHT * profile
            )
        # A floor for the competencies the bank asks about most: when little
        # else fits (a generic "your most complex project"), TPM loops mean
        # program execution. It scales with the evidence found, so text with
        # no signal at all (another language, say) still scores zero.
        strength = min(1.0, max(e.score for e in evidence) / PRIOR_FULL_EVIDENCE)
        for comp_i in range(n):
            floor = PRIOR_WEIGHT * self._prior[comp_i] * strength
            if floor > evidence[comp_i].score:
                evidence[comp_i].score = floor
                evidence[comp_i].from_prior = True
        return evidence

    def score_text(self, text: str) -> list[Evidence]:
        """Evidence for every competency from a question."""
        return self.score_terms(self.correct_spelling(analyze(text)))

    def score_document(self, terms: list[Term]) -> list[Evidence]:
        """Evidence for every competency from a long text such as a story.

        A story mentions many things once; what it is *about* shows in cues
        that recur, so cues count by how often they occur, and a cue of several
        concepts only fires where they occur close together.
        """
        n = len(self.ids)
        evidence = [Evidence() for _ in range(n)]
        positions: dict[str, list[int]] = defaultdict(list)
        surface: dict[str, str] = {}
        for i, t in enumerate(terms):
            positions[t.key].append(i)
            surface.setdefault(t.key, t.surface)
            if t.role:
                positions[t.role_key].append(i)
                surface.setdefault(t.role_key, t.surface)
        order = {k: i for i, k in enumerate(surface)}
        if not positions:
            return evidence
        fired: dict[int, list[tuple[float, Cue]]] = defaultdict(list)
        candidates = {ci for k in positions for ci in self._cues_by_key.get(k, ())}
        for ci in sorted(candidates):
            cue = self.cues[ci]
            if not cue.keys <= positions.keys():
                continue
            count = _co_occurrences(cue.keys, positions)
            if count:
                # A long text mentions "project" and "team" whatever it is
                # about: cues made only of common words count for less.
                rarity = min(1.0, max(self.idf(k) for k in cue.keys) / DOCUMENT_IDF)
                weight = cue.weight * rarity * (1.0 + math.log(count))
                fired[cue.competency].append((weight, cue))
        cue_scores = [0.0] * n
        for comp_i, hits in fired.items():
            hits.sort(key=lambda h: -h[0])
            raw = sum(w * CUE_DECAY**rank for rank, (w, _c) in enumerate(hits))
            cue_scores[comp_i] = 1.0 - math.exp(-raw / DOCUMENT_SCALE)
            evidence[comp_i].cues = [(c, _joined(c.keys, surface, order)) for _w, c in hits]
        counts: dict[str, int] = {k: len(v) for k, v in positions.items()}
        query = {k: self.idf(k) * (1.0 + math.log(c)) for k, c in counts.items()}
        for comp_i in range(n):
            profile = _cosine(query, self._profiles[comp_i])
            evidence[comp_i].score = (
                DOCUMENT_CUE_WEIGHT * cue_scores[comp_i] + (1.0 - DOCUMENT_CUE_WEIGHT) * profile
            )
        return evidence


class _BankModel:
    """A multinomial naive Bayes model of the labeled bank.

    It keeps label-weighted counts of each key per competency and turns the
    few keys of a question into probabilities on demand. A key's counts are
    summed from its postings the first time a question holds it, so building
    the model costs one pass over the bank's labels, not over every key.
    """

    __slots__ = ("_counts", "_denominators", "_labels", "_n", "_postings", "_priors")

    def __init__(
        self,
        n: int,
        bank_keys: list[frozenset[str]],
        bank_labels: list[list[tuple[int, float]]],
        postings: dict[str, list[int]],
    ) -> None:
        self._n = n
        self._labels = bank_labels
        self._postings = postings
        self._counts: dict[str, list[float]] = {}
        totals = [0.0] * n
        mass = [0.0] * n
        for keys, labels in zip(bank_keys, bank_labels, strict=True):
            for comp_i, weight in labels:
                mass[comp_i] += weight
                totals[comp_i] += weight * len(keys)
        size = len(postings) or 1
        self._denominators = [t + MODEL_SMOOTHING * size for t in totals]
        all_mass = sum(mass) or 1.0
        self._priors = [
            MODEL_PRIOR * math.log((m + MODEL_SMOOTHING) / (all_mass + MODEL_SMOOTHING * n))
            for m in mass
        ]

    def _row(self, key: str) -> list[float] | None:
        """The label-weighted count of ``key`` per competency (``None``: in no bank question)."""
        row = self._counts.get(key)
        if row is None:
            holders = self._postings.get(key)
            if not holders:
                return None
            row = self._counts[key] = [0.0] * self._n
            for qi in holders:
                for comp_i, weight in self._labels[qi]:
                    row[comp_i] += weight
        return row

    def probabilities(self, keys: set[str], confidence: float, framing: float = 1.0) -> list[float]:
        """The probability of each competency given the question's keys,
        scaled by ``confidence`` (how close the question is to anything the
        bank holds); all zero when the bank knows none of the keys. Framing
        concepts count ``framing`` times as much as the others."""
        n = len(self._priors)
        rows = [
            (row, framing if k in FRAMING_CONCEPTS else 1.0)
            for k in keys
            if (row := self._row(k)) is not None
        ]
        if not rows or not confidence:
            return [0.0] * n
        logs = list(self._priors)
        for c in range(n):
            denominator = self._denominators[c]
            logs[c] += sum(
                w * math.log((row[c] + MODEL_SMOOTHING) / denominator) for row, w in rows
            )
        top = max(logs)
        exps = [math.exp(v - top) for v in logs]
        total = sum(exps)
        return [e / total * confidence for e in exps]


def _joined(keys: frozenset[str], surface: dict[str, str], order: dict[str, int]) -> str:
    """The words that matched a cue, in the order the text uses them, once each,
    separated by " | "."""
    words = [surface[k] for k in sorted(keys, key=lambda k: order[k])]
    return " | ".join(dict.fromkeys(words))


def _co_occurrences(keys: frozenset[str], positions: dict[str, list[int]]) -> int:
    """How many times all ``keys`` occur within :data:`WINDOW` terms of each other.

    Counted at each place the rarest key occurs. ``positions`` lists each key's
    places in increasing order, so the nearest place of another key at or
    after ``p - WINDOW`` is found by bisection instead of a scan: a long story
    repeats common keys hundreds of times.
    """
    ordered = sorted(keys, key=lambda k: len(positions[k]))
    anchor, others = ordered[0], [positions[k] for k in ordered[1:]]
    if not others:
        return len(positions[anchor])
    count = 0
    for p in positions[anchor]:
        for places in others:
            i = bisect_left(places, p - WINDOW)
            if i == len(places) or places[i] > p + WINDOW:
                break
        else:
            count += 1
    return count
