"""Text normalisation shared by every part of the matcher.

``analyze(text)`` turns free text into a list of :class:`Term` objects: one per
meaningful word or phrase, each carrying a *key* (a concept from
:mod:`.lexicon`, or a light stem for words the lexicon does not know) and the
words the user actually wrote, for explanations.

The steps, in order: Unicode folding and case folding; removal of interview
boilerplate ("tell me about a time when"); tokenising into words and clause
marks; stemming; longest-match phrase lookup within a clause; single-word
concept lookup; stop-word removal. Then three readings of the sentence that
hold for any wording of their kind: negation ("never missed"), opposite forms
of a concept ("distrust"), and the direction of feedback and news ("gave" or
"received"). A cost next to a reduction also reads as a saving ("cut the
cloud bill"). The lexicon tables are loaded on first use (from the snapshot
:mod:`.compiled` keeps, or compiled from :mod:`.lexicon`), so importing this
module stays cheap.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

from storybank.matching import lexicon

_WORD_RE = re.compile(r"[^\W_]+")
_TOKEN_RE = re.compile(r"[^\W_]+|[" + re.escape(lexicon.CLAUSE_MARKS) + "]")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_NOT_RE = re.compile(r"n't\b")
_CLITIC_RE = re.compile(r"'(?:s|re|ve|ll|d|m)\b")
_DIGIT_GROUP_RE = re.compile(r"(?<=\d)[,.](?=\d)")
_MAX_PHRASE = 6


class Term(NamedTuple):
    """One meaningful unit of a text (a named tuple: cheap to build in bulk).

    Attributes:
        key: The concept (``"disagree"``) or, for a word the lexicon does not
            know, its stem (``"ledger"``).
        surface: The words as written, lower-cased (``"pushed back"``): a
            literal run of the text, so a reason can quote it.
        concept: Whether ``key`` comes from the lexicon.
        negation: The word that negates this one in its clause (``"never"``
            in "never missed"), or ``""``.
        opposite: Whether the word is the opposite form of its concept
            (``"distrust"`` for trust, ``"unreliable"`` for reliability).
        role: For a concept that passes between people (feedback, bad news),
            whether the speaker ``"given"`` or ``"received"`` it, or ``""``
            when the sentence does not say.
    """

    key: str
    surface: str
    concept: bool
    negation: str = ""
    opposite: bool = False
    role: str = ""

    @property
    def negative(self) -> bool:
        """Whether the term says the opposite of its key ("not trusted", "distrust")."""
        return bool(self.negation) != self.opposite

    @property
    def role_key(self) -> str:
        """The key with its role (``"feedback@given"``), or ``""`` without a role."""
        return f"{self.key}@{self.role}" if self.role else ""

    @property
    def sense(self) -> str:
        """The key qualified by polarity and role: two terms with the same sense
        mean the same thing, so only they count as shared between texts."""
        sense = f"{self.key}~" if self.negative else self.key
        return f"{sense}@{self.role}" if self.role else sense


def _undouble(word: str) -> str:
    if len(word) > 2 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def _has_vowel(word: str) -> bool:
    return any(ch in "aeiouy" for ch in word)


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A light, deterministic stem: enough to merge inflections, never a lemma.

    It only has to be consistent, because lexicon entries and user text go
    through the same function.
    """
    base = lexicon.IRREGULAR.get(word)
    if base is not None:
        word = base
        return word[:-1] if word.endswith("e") and len(word) > 3 else word
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) >= 6 and _has_vowel(word[:-3]):
        word = _undouble(word[:-3])
    elif word.endswith("ed") and not word.endswith("eed") and len(word) >= 5:
        if _has_vowel(word[:-2]):
            word = _undouble(word[:-2])
    elif word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _fold(text: str) -> str:
    """Unicode- and case-folded text with contractions expanded."""
    if not text.isascii():
        # Compatibility forms and accents folded away ("ﬁ" -> "fi", "é" -> "e"),
        # curly apostrophes made straight.
        text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold()
    if "'" in text:
        text = _CLITIC_RE.sub("", _NOT_RE.sub(" not", text))
    return text


def _tokens(text: str) -> list[str]:
    """Lower-cased words and clause marks of ``text``; boilerplate ends a clause."""
    # "400,000" and "1.5" are one number, not two words across a clause mark.
    text = _DIGIT_GROUP_RE.sub("", _fold(text))
    return _TOKEN_RE.findall(_Lexicon.get().boilerplate.sub(" , ", text))


def _words(text: str) -> list[str]:
    """Lower-cased words of ``text`` (boilerplate removed), hyphens split."""
    marks = _Lexicon.get().marks
    return [t for t in _tokens(text) if t not in marks]


def _add(concepts: tuple[str, ...], concept: str) -> tuple[str, ...]:
    return concepts if concept in concepts else (*concepts, concept)


def _opposites(surface: dict[str, tuple[str, ...]]) -> frozenset[str]:
    """Stems of the words that are the opposite form of another word of their concept."""
    found: set[str] = set()
    for word, concepts in surface.items():
        for prefix in lexicon.OPPOSITE_PREFIXES:
            rest = word[len(prefix) :]
            if word.startswith(prefix) and len(rest) >= 4:
                if set(surface.get(rest, ())) & set(concepts):
                    found.add(stem(word))
                break
    return frozenset(found)


class _Lexicon:
    """The compiled lexicon: phrase table, word tables and stop stems."""

    _instance: _Lexicon | None = None

    def __init__(
        self,
        phrases: dict[tuple[str, ...], tuple[str, ...]],
        surface: dict[str, tuple[str, ...]],
        stems: dict[str, str],
        stop_stems: frozenset[str],
        opposites: frozenset[str],
    ) -> None:
        self.marks = frozenset(lexicon.CLAUSE_MARKS)
        self.opposites = opposites
        self.boilerplate = re.compile(r"\b(?:" + "|".join(lexicon.BOILERPLATE) + r")\b")
        self.glue = lexicon.GLUE_WORDS
        self.phrases = phrases
        self.surface = surface
        self.stems = stems
        self.stop_stems = stop_stems
        # First stem of each phrase -> the longest phrase starting with it, so
        # that most words need no phrase lookup at all.
        self.phrase_starts: dict[str, int] = {}
        for phrase in phrases:
            longest = min(_MAX_PHRASE, len(phrase))
            if self.phrase_starts.get(phrase[0], 0) < longest:
                self.phrase_starts[phrase[0]] = longest
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def compile(cls) -> _Lexicon:
        """Build the tables from :mod:`.lexicon` (a few milliseconds)."""
        glue = lexicon.GLUE_WORDS
        stop_stems = frozenset(stem(w) for w in lexicon.STOP_WORDS)
        phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        surface: dict[str, tuple[str, ...]] = {}
        stems: dict[str, str] = {}
        ambiguous: set[str] = set()
        for concept, listing in lexicon.CONCEPTS.items():
            entries = [e.strip() for e in " ".join(listing.split()).split(",")]
            for entry in (concept, *entries):
                # Most entries are plain lower-case ASCII: skip the Unicode fold.
                plain = entry.isascii() and "'" not in entry and entry.islower()
                words = [
                    w for w in _WORD_RE.findall(entry if plain else _fold(entry)) if w not in glue
                ]
                if not words:
                    continue
                # An entry listed under several concepts stands for all of them
                # ("technical decision" is both technical and a decision).
                if len(words) > 1:
                    key = tuple(stem(w) for w in words)
                    phrases[key] = _add(phrases.get(key, ()), concept)
                    continue
                word = words[0]
                surface[word] = _add(surface.get(word, ()), concept)
                word_stem = stem(word)
                if stems.get(word_stem, concept) != concept:
                    ambiguous.add(word_stem)
                stems.setdefault(word_stem, concept)
        # A stem shared by words of different concepts ("own" for "owned" and
        # "your own") must not pick one at random: only exact forms map then.
        for shared_stem in ambiguous | (stop_stems & set(stems)):
            stems.pop(shared_stem, None)
        for word, concept in lexicon.SURFACE_CONCEPTS.items():
            surface[word] = (concept,)
        return cls(phrases, surface, stems, stop_stems, _opposites(surface))

    def to_data(self) -> dict[str, Any]:
        """The tables as JSON-ready data (see :mod:`.compiled`)."""
        return {
            "phrases": [[list(k), list(v)] for k, v in self.phrases.items()],
            "surface": {k: list(v) for k, v in self.surface.items()},
            "stems": self.stems,
            "stop_stems": sorted(self.stop_stems),
            "opposites": sorted(self.opposites),
            "vocabulary": sorted(self.vocabulary),
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> _Lexicon:
        """The inverse of :meth:`to_data`."""
        lex = cls(
            {tuple(k): tuple(v) for k, v in data["phrases"]},
            {k: tuple(v) for k, v in data["surface"].items()},
            dict(data["stems"]),
            frozenset(data["stop_stems"]),
            frozenset(data["opposites"]),
        )
        lex._vocabulary = frozenset(data["vocabulary"])
        return lex

    @property
    def vocabulary(self) -> frozenset[str]:
        """Every stem the lexicon knows (built on first use: only typos need it)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.stems) | frozenset(stem(w) for w in self.surface)
        return self._vocabulary

    @classmethod
    def get(cls) -> _Lexicon:
        if cls._instance is None:
            # Deferred import: compiled imports this module to rebuild itself.
            from storybank.matching import compiled

            data = compiled.load()
            cls._instance = cls.from_data(data["lexicon"]) if data else cls.compile()
        return cls._instance


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
"""Where a long text is cut to be read sentence by sentence (see :func:`analyze`)."""
_READ_WHOLE = 300
"""Texts up to this many characters are read in one piece."""


def analyze(text: str) -> list[Term]:
    """The meaningful terms of ``text``, in order (duplicates kept).

    A long text is read sentence by sentence, each sentence remembered on its
    own: editing a long Action re-reads the sentence that changed, not the
    whole field. The terms are the same as reading it whole, since nothing
    reaches across a sentence's end (phrases, negation, who gave feedback and
    savings all stay inside a clause, and a sentence end is a clause mark).
    """
    if len(text) <= _READ_WHOLE:
        return list(_analyze(text))
    terms: list[Term] = []
    for sentence in _SENTENCE_END.split(text):
        terms.extend(_analyze(sentence))
    return terms


@lru_cache(maxsize=8192)
def _analyze(text: str) -> tuple[Term, ...]:
    # Remembered per text (a short one, or a sentence of a long one).
    lex = _Lexicon.get()
    tokens = _tokens(text)
    marks, glue = lex.marks, lex.glue
    words: list[str] = []
    where: list[int] = []  # the token index of each word
    clause: list[int] = []  # the clause number of each word
    number = 0
    for j, token in enumerate(tokens):
        if token in marks:
            number += 1
        elif token not in glue:
            words.append(token)
            where.append(j)
            clause.append(number)
    n = len(words)
    if not n:
        return ()
    stems = [stem(w) for w in words]
    # Local names: this loop runs for every word of every story.
    phrases, starts = lex.phrases, lex.phrase_starts
    surfaces, known_stems, stop_stems = lex.surface, lex.stems, lex.stop_stems
    opposites = lex.opposites
    negators, reach = lexicon.NEGATORS, lexicon.NEGATION_REACH
    terms: list[Term] = []
    spans: list[tuple[int, int]] = []  # the first and last word of each term
    negator = ""
    negator_at = -1
    i = 0
    while i < n:
        concepts: tuple[str, ...] | None = None
        size = 1
        longest = starts.get(stems[i])
        if longest:
            for size in range(min(longest, n - i), 1, -1):
                if clause[i + size - 1] == clause[i]:
                    concepts = phrases.get(tuple(stems[i : i + size]))
                    if concepts is not None:
                        break
            else:
                size = 1
        word = words[i]
        is_concept = True
        if concepts is None:
            size = 1
            if word in negators:
                after = words[i + 1] if i + 1 < n else ""
                if after in lexicon.NEGATION_BREAKERS:
                    negator = ""
                else:
                    negator, negator_at = word, i
                i += 1
                continue
            key = stems[i]
            concepts = surfaces.get(word)
            if concepts is None and key in known_stems:
                concepts = (known_stems[key],)
            if concepts is None:
                if key in stop_stems or len(key) < 2 or key.isdigit():
                    i += 1
                    continue
                concepts, is_concept = (key,), False
        last = i + size - 1
        if negator and (clause[i] != clause[negator_at] or i - negator_at > reach):
            negator = ""
        surface = word if size == 1 else " ".join(tokens[where[i] : where[last] + 1])
        opposite = is_concept and size == 1 and stems[i] in opposites
        for concept in concepts:
            terms.append(Term(concept, surface, is_concept, negator, opposite))
            spans.append((i, last))
        # An adverb between the negator and its word ("not fully agreed")
        # leaves the negation for the word.
        if not (size == 1 and word.endswith("ly")):
            negator = ""
        i += size
    if any(t.key in lexicon.DIRECTED_CONCEPTS for t in terms):
        terms, spans = _with_roles(terms, spans, tokens, where, lex)
    return tuple(_with_savings(terms, spans, words, where, clause, tokens))


def _with_roles(
    terms: list[Term],
    spans: list[tuple[int, int]],
    tokens: list[str],
    where: list[int],
    lex: _Lexicon,
) -> tuple[list[Term], list[tuple[int, int]]]:
    """Give directed terms their role and drop the verbs that carried them."""
    roles: dict[int, str] = {}
    absorbed: set[int] = set()
    for n, term in enumerate(terms):
        if term.key in lexicon.DIRECTED_CONCEPTS:
            first, last = spans[n]
            role, verb = _role(tokens, where[first], where[last], lex)
            roles[n] = role
            if verb is not None:
                absorbed.add(verb)
    kept_terms: list[Term] = []
    kept_spans: list[tuple[int, int]] = []
    for n, term in enumerate(terms):
        first, last = spans[n]
        if first == last and where[first] in absorbed:
            continue
        kept_terms.append(term._replace(role=roles[n]) if roles.get(n) else term)
        kept_spans.append((first, last))
    return kept_terms, kept_spans


_TO_SOMEONE = frozenset(
    "him her them someone somebody a an the his their your my our each every one".split()
)
"""Words after "to" that name who feedback went to ("feedback to a peer")."""


def _role(tokens: list[str], first: int, last: int, lex: _Lexicon) -> tuple[str, int | None]:
    """Whether the speaker gave or received the directed words ``first``..``last``.

    Returns the role (``""`` when the clause does not say) and the token index
    of the verb that said so, whose own meaning the role absorbs ("deliver"
    feedback is not delivering a project).
    """
    reach = lexicon.ROLE_REACH
    j = last
    # The verb before the words, or inside them ("broke the news"); a verb
    # inside them is part of their meaning, so it is not absorbed.
    while j >= 0 and last - j <= reach and tokens[j] not in lex.marks:
        word = tokens[j]
        verb = j if j < first else None
        if word in lexicon.GIVING_VERBS:
            after = tokens[j + 1] if j + 1 < len(tokens) else ""
            before = tokens[j - 1] if j > 0 else ""
            passive = word == "given" and before in lexicon.PASSIVE_WORDS
            received = after in lexicon.SELF_WORDS or passive
            return (lexicon.RECEIVED if received else lexicon.GIVEN), verb
        if word in lexicon.RECEIVING_VERBS:
            return lexicon.RECEIVED, verb
        j -= 1
    # The words after: "feedback you received", "feedback from your manager".
    j = last + 1
    while j < len(tokens) and j - last <= reach and tokens[j] not in lex.marks:
        word = tokens[j]
        after = tokens[j + 1] if j + 1 < len(tokens) else ""
        if word in lexicon.GIVING_VERBS:
            received = after in lexicon.SELF_WORDS or tokens[j - 1] in lexicon.PASSIVE_WORDS
            return (lexicon.RECEIVED if received else lexicon.GIVEN), j
        if word in lexicon.RECEIVING_VERBS:
            return lexicon.RECEIVED, j
        if word == "from":
            return lexicon.RECEIVED, None
        if word == "to" and after in lexicon.SELF_WORDS:
            return lexicon.RECEIVED, None
        if word == "to" and after in _TO_SOMEONE:
            return lexicon.GIVEN, None
        if word in ("on", "about", "of"):
            if after in lexicon.SELF_POSSESSIVES or after in lexicon.SELF_WORDS:
                return lexicon.RECEIVED, None
            if after in lexicon.OTHER_POSSESSIVES:
                return lexicon.GIVEN, None
        j += 1
    return "", None


def _with_savings(
    terms: list[Term],
    positions: list[tuple[int, int]],
    words: list[str],
    where: list[int],
    clause: list[int],
    tokens: list[str],
) -> list[Term]:
    """Add a saving where a cost and a reduction meet in a clause ("cut the cloud bill")."""
    costs = [n for n, t in enumerate(terms) if t.key == "cost"]
    if not costs:
        return terms
    saved = {clause[positions[n][0]] for n, t in enumerate(terms) if t.key == "save"}
    reducing = {positions[n] for n, t in enumerate(terms) if t.key == "reduce"}
    reducing |= {(i, i) for i, w in enumerate(words) if w in lexicon.REDUCING_WORDS}
    added: list[tuple[int, Term]] = []
    for n in costs:
        first, last = positions[n]
        if clause[first] in saved:
            continue
        near = [
            (low, high)
            for low, high in reducing
            if clause[low] == clause[first]
            and (0 < first - high <= lexicon.SAVING_REACH or 0 < low - last <= lexicon.SAVING_REACH)
        ]
        if not near:
            continue
        low, high = min(near, key=lambda span: abs(span[0] - first))
        start, end = min(low, first), max(high, last)
        surface = " ".join(tokens[where[start] : where[end] + 1])
        added.append((n, Term("save", surface, True, terms[n].negation)))
        saved.add(clause[first])
    for n, term in reversed(added):
        terms.insert(n + 1, term)
    return terms


def literal(surface: str) -> tuple[str, ...]:
    """The literal form of a term's words: their stems, in order.

    Two wordings with the same literal form are the same words up to case,
    plural and tense ("missed deadlines" and "Missed deadline"); "raise the
    bar" and "raised our bar" are not.
    """
    return tuple(stem(w) for w in surface.split())


def keys(text: str) -> list[str]:
    """The keys of :func:`analyze` and the role keys of its directed terms
    (``"feedback@given"``), duplicates removed, order kept."""
    return list(dict.fromkeys(k for t in analyze(text) for k in (t.key, t.role_key) if k))


def known_keys(text: str) -> list[str]:
    """:func:`keys`, read from the precompiled analyses when ``text`` is built in."""
    cached = _precompiled().get(text)
    return list(cached) if cached is not None else keys(text)


@lru_cache(maxsize=1)
def _precompiled() -> dict[str, list[str]]:
    # Deferred import, as in _Lexicon.get; looked up once, not per text.
    from storybank.matching import compiled

    return compiled.analyses()


def vocabulary() -> frozenset[str]:
    """Every stem the lexicon knows, for spelling correction."""
    return _Lexicon.get().vocabulary
