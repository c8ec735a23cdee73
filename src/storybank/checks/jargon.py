"""Words a cross-functional panel would need explained: acronyms and insider terms.

Acronyms are words of capitals ("MTTR"); a short list any panel knows (API,
CSV, CEO, VP…) is never flagged. Insider terms are found by their shape as
well as by a list:

* engineering terms from :data:`storybank.checks.rules.JARGON_TERMS`
  ("race condition", "strangler fig");
* names with inner capitals that are not the company the teller worked at
  ("SecEng", "DynamoDB"; "at FoodMesh" is the employer);
* letter-and-digit codes other than quarters and priorities ("p95", "EC2");
* a coined name in quotes ("the 'Walking the Board' format").

A term counts as explained when it stands next to its explanation: in
parentheses, either way round, or followed by an appositive ("Doxygen, a
documentation tool").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from storybank.checks import rules
from storybank.checks.draft import marked
from storybank.core.morphology import stem, stems_of
from storybank.core.text import PhraseIndex, tokens
from storybank.core.text import words as split_words

_PARENTHESIS_RE = re.compile(r"\(([^()\n]{1,160})\)")
# "(SLO)", "(SLOs)", "(SLO: service level objective)", "(SLO = ...)".
_ACRONYM_FIRST_RE = re.compile(
    rf"\s*([A-Z]{{{rules.ACRONYM_MIN_LETTERS},{rules.ACRONYM_MAX_LETTERS}}})s?\s*"
    r"(?:$|[=:,\u2013\u2014-]\s*\S)"
)
# An acronym right before an opening parenthesis: "SLO (service level objective)".
_ACRONYM_BEFORE_RE = re.compile(
    rf"\b([A-Z]{{{rules.ACRONYM_MIN_LETTERS},{rules.ACRONYM_MAX_LETTERS}}})s?\s*$"
)
_ACRONYM_WORD_RE = re.compile(
    rf"([A-Z]{{{rules.ACRONYM_MIN_LETTERS},{rules.ACRONYM_MAX_LETTERS}}})s?"
)
# A capital inside a word after lowercase letters: "DynamoDB", "SecEng", "OpenAPI".
_CAMEL_WORD_RE = re.compile(r"[A-Za-z][a-z]+[A-Z][A-Za-z]*")
# Letters then digits: "EC2", "p95", "k8s".
_CODE_WORD_RE = re.compile(r"[A-Za-z]{1,4}\d{1,4}[a-z]?")
_PIECE_SPLIT_RE = re.compile(r"[-.,'\u2019/]")
_QUOTE_HINT_RE = re.compile(r"[\"'\u2018\u201c]")
# A capitalised term in quotes (a straight single quote must open a word).
_COINED_RE = re.compile(
    r"[\"'\u2018\u201c]([A-Z][^\"'\u2018\u2019\u201c\u201d\n]{1,40})[\"'\u2019\u201d]"
    r"(?=[\s.,;:!?)]|$)"
)
_EXPLANATION_RE = re.compile(
    r"\s*(?:\(|[,:\u2013\u2014-]\s*(?:a|an|the|which|that|i\.e\.|our|its)\b)", re.IGNORECASE
)
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")
_COINED_MAX_WORDS = 4


def _pieces(words: Iterable[str]) -> Iterator[str]:
    for word in words:
        yield from _PIECE_SPLIT_RE.split(word)


def unexplained_acronyms(text: str, odd: list[str] | None = None) -> list[str]:
    """Acronyms in ``text`` that are neither common nor explained, in order of appearance.

    An acronym is a word of 2-6 capital letters, optionally with a plural ``s``
    (``SLOs``); words with digits (``Q3``, ``P0``) are not. It counts as
    explained when it stands in parentheses next to its expansion, either way
    round: "service level objective (SLO)" or "SLO (service level objective)".
    A placeholder ("XYZ") is not an acronym; the generic check reports it.

    Args:
        text: The text to read.
        odd: :func:`~storybank.checks.draft.marked` words of the text, when the
            caller has them.
    """
    if odd is None:
        odd = marked(split_words(text))
    placeholders = set(rules.PLACEHOLDER_NAMES)
    found = (
        match.group(1) for piece in _pieces(odd) if (match := _ACRONYM_WORD_RE.fullmatch(piece))
    )
    candidates = [
        acronym
        for acronym in dict.fromkeys(found)
        if acronym not in rules.COMMON_ACRONYMS and acronym not in placeholders
    ]
    if not candidates:
        return []
    explained: set[str] = set()
    for match in _PARENTHESIS_RE.finditer(text):
        inside = _ACRONYM_FIRST_RE.match(match.group(1))
        if inside:
            explained.add(inside.group(1))
            continue
        before = _ACRONYM_BEFORE_RE.search(text, max(0, match.start() - 12), match.start())
        if before:
            explained.add(before.group(1))
    return [acronym for acronym in candidates if acronym not in explained]


@cache
def _terms() -> PhraseIndex:
    return PhraseIndex(rules.JARGON_TERMS, forms=stem)


def _explained(text: str, end: int) -> bool:
    return _EXPLANATION_RE.match(text, end) is not None


def _after_employer(text: str, start: int) -> bool:
    before = _WORD_BEFORE_RE.search(text, max(0, start - 20), start)
    return before is not None and before.group(1).lower() in rules.EMPLOYER_INTRODUCERS


def listed_terms() -> PhraseIndex:
    """:data:`rules.JARGON_TERMS`, matched by word form."""
    return _terms()


def _term_explained(text: str, term: str) -> bool:
    """Whether the first use of a listed term ("circuit breakers") is explained."""
    words = [re.escape(stem(word)) + r"\w*" for word in tokens(term)]
    match = re.search(r"\b" + r"[\s-]+".join(words), text, re.IGNORECASE)
    return match is not None and _explained(text, match.end())


def _first_end(text: str, word: str) -> int:
    """Where the first whole-word occurrence of ``word`` ends (-1 if none)."""
    match = re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text)
    return match.end() if match else -1


def _employer(text: str, word: str) -> bool:
    """``word`` follows "at", "for", "joined"… somewhere, or owns something
    ("FoodMesh's investors"): it names the company, not a piece of technology."""
    for match in re.finditer(rf"(?<![\w]){re.escape(word)}(?![\w])", text):
        if _after_employer(text, match.start()) or text.startswith(("'s", "\u2019s"), match.end()):
            return True
    return False


def insider_terms(
    text: str, listed: list[str] | None = None, odd: list[str] | None = None
) -> list[str]:
    """Unexplained insider terms in ``text`` (see the module docstring).

    Args:
        text: The text to read.
        listed: The terms of :func:`listed_terms` already found in it, when the
            caller has them; otherwise they are looked for here.
        odd: :func:`~storybank.checks.draft.marked` words of the text, when the
            caller has them.
    """
    if listed is None:
        listed = _terms().distinct(stems_of(tokens(text)))
    if odd is None:
        odd = marked(split_words(text))
    found = [term for term in listed if not _term_explained(text, term)]
    for piece in dict.fromkeys(_pieces(odd)):
        camel = _CAMEL_WORD_RE.fullmatch(piece)
        code = _CODE_WORD_RE.fullmatch(piece)
        if camel and piece.lower() in rules.COMMON_MIXED_CASE:
            continue
        if code and piece.lower() in rules.COMMON_CODES:
            continue
        if not (camel or code):
            continue
        end = _first_end(text, piece)
        if end < 0 or _explained(text, end) or (camel and _employer(text, piece)):
            continue
        found.append(piece)
    if _QUOTE_HINT_RE.search(text):
        for match in _COINED_RE.finditer(text):
            term = match.group(1)
            opener = match.start()
            if match.group(0)[0] in "'\u2018" and opener and not text[opener - 1].isspace():
                continue
            words = term.split()
            content = [w for w in words if w.lower() not in rules.FUNCTION_WORDS]
            if (
                len(words) <= _COINED_MAX_WORDS
                and content
                and all(w[:1].isupper() for w in content)
                and not _explained(text, match.end())
            ):
                found.append(term.strip(" .,"))
    return list(dict.fromkeys(found))
