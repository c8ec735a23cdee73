"""What makes a story the teller's own: names and dates, and the placeholders that
pretend to be them.

A name is a capitalised word inside a sentence that is not a role or function
("Head of Marketing"), a month or weekday, a word in quotes, a label before a
colon, or a tool someone used ("using Datadog"): the company, the product, the
program, a person. A word that opens a sentence counts only when its inner
capitals ("FoodMesh"), a possessive ("Larkvale's") or the capitalised word
after it ("Priya Raman") make it a name. Acronyms are left to the jargon check.

Everything is read with regular expressions over the whole field, so a long
story costs little more than a short one.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from storybank.checks import rules
from storybank.checks.draft import Draft

_BULLET_RE = re.compile(
    r"^[ \t]*(?:[-*\u2022\u00b7\u2013\u2014>]+|\(?\d{1,2}[.)]|\(?[a-hA-H][.)])[ \t]+", re.MULTILINE
)
_HEADING_RE = re.compile(r"^[^\n]*:[ \t]*$", re.MULTILINE)
_LABEL_RE = re.compile(r"^([^:\n]{1,80}):[ \t]+(?=\S)", re.MULTILINE)
_QUOTED_RE = re.compile(
    r"[\"\u201c][^\"\u201c\u201d\n]{1,80}[\"\u201d]"
    r"|(?:(?<=\s)|^)['\u2018][^'\u2018\u2019\n]{1,60}['\u2019](?=[\s.,;:!?)]|$)",
    re.MULTILINE,
)
_CAPITALISED_RE = re.compile(r"(?<![\w'\u2019&-])[A-Z][\w&'\u2019-]+")
_INNER_CAPITAL_RE = re.compile(r"^[A-Z]?[a-z]+[A-Z]")
# A capitalised word right after another, not a function word: "Priya Raman".
_NEXT_NAME_RE = re.compile(r" (?!(?:I|A|An|The|And|Or|Of)\b)[A-Z][a-z]+\b")
_ACRONYM_RE = re.compile(r"^[A-Z0-9&]{2,}s?$")
_WORD_BEFORE_RE = re.compile(r"(\w+)[\W_]*$")
_TOOL_GAP_RE = re.compile(r"[\s(]*")
_SENTENCE_ENDS = frozenset(".!?:;\n")
_DATE_RE = re.compile(
    r"\b(?:Q[1-4]|H[12]|FY\s?'?\d{2,4}|(?:19[89]\d|20[0-3]\d)|\d{1,2}/\d{1,2}/\d{2,4})\b"
)
# Capitalised words that start like a month; the list of months has the last word.
_MONTH_RE = re.compile(r"\b[ADFJMNOS][a-z]{2,8}\b")


@cache
def _placeholder_re() -> re.Pattern[str]:
    names = "|".join(re.escape(name) for name in rules.PLACEHOLDER_NAMES)
    return re.compile(rf"\b(?:{names})\b|\[(?:company|client|product|project|name)\]")


_PLACEHOLDER_STARTS = frozenset(name.split()[0] for name in rules.PLACEHOLDER_NAMES)


def placeholders(text: str, words: list[list[str]] | None = None) -> list[str]:
    """Stand-ins for a real name ("XYZ Company", "[client]"), in order.

    ``words``, the text's words (in parts) when the caller has them, spare the
    full pattern on text that cannot hold a placeholder.
    """
    parts = words if words is not None else [text.split()]
    if "[" not in text and all(_PLACEHOLDER_STARTS.isdisjoint(part) for part in parts):
        return []
    return list(dict.fromkeys(match.group(0) for match in _placeholder_re().finditer(text)))


def _without_label(match: re.Match[str]) -> str:
    label = match.group(1)
    return "" if len(label.split()) <= rules.STEP_LABEL_MAX_WORDS else match.group(0)


_QUOTES = ('"', "'", "\u2018", "\u201c")


def _readable(text: str) -> str:
    """The text without list markers, headings, labels and quoted words."""
    # Each pattern runs only when its tell-tale character is there at all.
    text = _BULLET_RE.sub("", text)
    if ":" in text:
        text = _HEADING_RE.sub("", text)
        text = _LABEL_RE.sub(_without_label, text)
    if any(quote in text for quote in _QUOTES):
        text = _QUOTED_RE.sub(" ", text)
    return text


def _opens_sentence(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and text[index] in " \t(\"'\u201c\u2018":
        index -= 1
    return index < 0 or text[index] in _SENTENCE_ENDS


def _names_in(text: str) -> list[str]:
    found: list[str] = []
    tool_end = -1
    for match in _CAPITALISED_RE.finditer(text):
        word, start = match.group(0), match.start()
        # "using New Relic (an APM tool)": the words after a tool are its name.
        if tool_end >= 0 and _TOOL_GAP_RE.fullmatch(text, tool_end, start):
            tool_end = match.end()
            continue
        tool_end = -1
        if _ACRONYM_RE.match(word):
            continue
        lower = word.lower()
        if lower.endswith(("'s", "\u2019s")):
            lower = lower[:-2]
        if (
            lower in rules.FUNCTION_WORDS
            or lower in rules.ROLE_WORDS
            or lower in rules.MONTHS
            or lower in rules.WEEKDAYS
        ):
            continue
        # A sentence opens with a capital anyway; there, only inner capitals
        # ("FoodMesh"), a possessive ("Larkvale's COO") or a second capitalised
        # word ("Priya Raman said") make a name.
        if _opens_sentence(text, start) and not (
            _INNER_CAPITAL_RE.match(word)
            or lower != word.lower()
            or _NEXT_NAME_RE.match(text, match.end())
        ):
            continue
        before = _WORD_BEFORE_RE.search(text, max(0, start - 24), start)
        if before is not None and before.group(1).lower() in rules.TOOL_INTRODUCERS:
            tool_end = match.end()
            continue
        found.append(word)
    return found


@lru_cache(maxsize=64)
def names_in(text: str) -> tuple[str, ...]:
    """The names in one field's text (cached: the checks and the score both ask)."""
    return tuple(dict.fromkeys(_names_in(_readable(text))))


@lru_cache(maxsize=64)
def dates_in(text: str) -> tuple[str, ...]:
    """The dates in one field's text."""
    found = [match.group(0) for match in _DATE_RE.finditer(text)]
    found.extend(
        match.group(0)
        for match in _MONTH_RE.finditer(text)
        if match.group(0).lower() in rules.MONTHS
    )
    return tuple(dict.fromkeys(found))


def names(draft: Draft, limit: int | None = None) -> list[str]:
    """Names of organisations, products, programs and people the story mentions.

    With ``limit``, reading stops once that many are found.
    """
    found: list[str] = []
    for field in rules.SPOKEN_FIELDS:
        if not draft.blank(field):
            found.extend(names_in(draft.text(field)))
            if limit is not None and len(set(found)) >= limit:
                break
    return list(dict.fromkeys(found))


def dates(draft: Draft, limit: int | None = None) -> list[str]:
    """Months, quarters, fiscal years and years the story mentions.

    With ``limit``, reading stops once that many are found.
    """
    found: list[str] = []
    for field in rules.SPOKEN_FIELDS:
        text = draft.text(field)
        if text:
            found.extend(dates_in(text))
            if limit is not None and len(set(found)) >= limit:
                break
    return list(dict.fromkeys(found))
