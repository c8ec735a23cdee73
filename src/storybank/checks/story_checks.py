"""The checks of a single story: one small function per rule.

Every rule reads a :class:`_Draft`, which tokenizes each field at most once and
only when a rule asks for it, so :func:`check_field` on one field stays cheap
enough to run on every keystroke. Thresholds and word lists come from
:mod:`storybank.checks.rules`; the wording of messages and suggestions lives
here, next to the rule that produces it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from storybank.checks import rules
from storybank.checks.rules import Severity
from storybank.core.frameworks import DEFAULT_FRAMEWORK, builtin_frameworks
from storybank.core.models import STORY_TEXT_FIELDS, CompetencyFramework, Story
from storybank.core.text import (
    PhraseIndex,
    sentences,
    spoken_seconds,
    tokens_of,
)
from storybank.core.text import words as split_words
from storybank.core.timewords import format_duration


@dataclass(frozen=True)
class CheckResult:
    """One finding about a story.

    Attributes:
        id: Stable kebab-case id prefixed by its field, e.g. ``action-we-heavy``.
        field: The field concerned: a SCAR field, ``title``, ``headline``,
            ``lessons``, ``competencies``, or ``story`` for the whole story.
        severity: ``error``, ``warning`` or ``hint``.
        message: What is wrong, naming the offending words or figures.
        suggestion: A concrete way to fix it.
    """

    id: str
    field: str
    severity: Severity
    message: str
    suggestion: str

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready dict of the finding."""
        return {
            "id": self.id,
            "field": self.field,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class StoryStats:
    """Word counts and spoken time of a story, for the editor's status line.

    Attributes:
        words: Word count per text field (title, headline, SCAR fields, lessons).
        total_words: Words said aloud: every field but the title.
        spoken_seconds: Estimated time to tell the story at 150 words a minute.
    """

    words: Mapping[str, int]
    total_words: int
    spoken_seconds: int

    @property
    def spoken_time(self) -> str:
        """The spoken time as ``m:ss``, e.g. ``"1:52"``."""
        return format_duration(self.spoken_seconds)

    @property
    def over_target(self) -> bool:
        """Longer than the two-minute target."""
        return self.spoken_seconds > rules.TARGET_SECONDS

    @property
    def rambling(self) -> bool:
        """Longer than the three-minute rambling limit."""
        return self.spoken_seconds > rules.RAMBLING_SECONDS


# --- Analysis -------------------------------------------------------------------

_HEDGES = PhraseIndex(rules.HEDGE_PHRASES)
_ESCALATIONS = PhraseIndex(rules.ESCALATION_PHRASES)
_PROGRAM = PhraseIndex(rules.PROGRAM_WORDS)
_IMPLEMENTATION = PhraseIndex(rules.IMPLEMENTATION_WORDS)
_TECHNICAL = PhraseIndex(rules.TECHNICAL_WORDS)
_IMPACT = PhraseIndex(rules.IMPACT_WORDS)
_NUMBERS = PhraseIndex(rules.NUMBER_WORDS)
_COMPLICATIONS = PhraseIndex(rules.COMPLICATION_WORDS)
_FAILURES = PhraseIndex(rules.FAILURE_PHRASES)

# A figure: a digit not glued to a preceding letter (so "Q3", "P0" and "SEV2"
# are names, not figures), or a currency or percent sign.
_FIGURE_RE = re.compile(r"(?<![^\W\d_])\d|[$\u20ac\u00a3\u00a5%]")
_ACRONYM_RE = re.compile(
    rf"\b([A-Z]{{{rules.ACRONYM_MIN_LETTERS},{rules.ACRONYM_MAX_LETTERS}}})s?\b"
)
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


class _Draft:
    """A story's text, tokenized lazily, one field at a time, at most once."""

    def __init__(self, story: Story, framework: CompetencyFramework | None) -> None:
        self.story = story
        self._framework = framework
        self._words: dict[str, list[str]] = {}
        self._tokens: dict[str, list[str]] = {}

    @property
    def framework(self) -> CompetencyFramework:
        """The active framework (the built-in default when none was given)."""
        if self._framework is None:
            self._framework = _default_framework()
        return self._framework

    def text(self, field: str) -> str:
        value: str = getattr(self.story, field)
        return value

    def blank(self, field: str) -> bool:
        return not self.text(field).strip()

    def words(self, field: str) -> list[str]:
        found = self._words.get(field)
        if found is None:
            found = self._words[field] = split_words(self.text(field))
        return found

    def count(self, field: str) -> int:
        return len(self.words(field))

    def tokens(self, field: str) -> list[str]:
        found = self._tokens.get(field)
        if found is None:
            found = self._tokens[field] = tokens_of(self.words(field))
        return found

    def spoken_words(self) -> int:
        return sum(self.count(field) for field in rules.SPOKEN_FIELDS)


@cache
def _default_framework() -> CompetencyFramework:
    return next(fw for fw in builtin_frameworks() if fw.id == DEFAULT_FRAMEWORK)


def _result(check_id: str, message: str, suggestion: str) -> CheckResult:
    spec = rules.STORY_CHECKS[check_id]
    return CheckResult(check_id, spec.field, spec.severity, message, suggestion)


def _quote(items: list[str], limit: int = 5) -> str:
    """``'a', 'b', 'c'`` — at most ``limit`` items, then ``…``."""
    shown = ", ".join(f"'{item}'" for item in items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _label(field: str) -> str:
    return field.capitalize()


def _times(count: int) -> str:
    return f"{count} time" if count == 1 else f"{count} times"


# --- Length ---------------------------------------------------------------------

_MISSING_ADVICE = {
    "situation": "Set the scene in two or three sentences: the company, the program, "
    "your role and what was at stake.",
    "complications": "Name what stood in the way: an obstacle, an ambiguity, a conflict "
    "or a risk, e.g. 'Two teams disagreed about who owned the cut-over.'",
    "action": "Say what you did, in the first person: 'I mapped the dependencies, "
    "proposed a new sequence and got the three leads to agree.'",
    "result": "Give the outcome with a figure and its impact: 'We launched two weeks "
    "early and support tickets fell 30%.'",
}

_SHORT_ADVICE = {
    "headline": "Give the outcome and the move that earned it in one sentence: 'I got four "
    "teams to ship the migration three weeks early by re-sequencing dependencies.'",
    "situation": "Add what a stranger needs to follow you: the company, the program, "
    "your role and what was at stake.",
    "complications": "Say what made it hard: the conflict, the unclear ownership, the "
    "dependency that put the date at risk.",
    "action": "Walk through the three or four things you did, in order, each with its "
    "reason: 'I mapped…', 'I proposed…', 'I got agreement on…'.",
    "result": "State the outcome with a figure, say who it mattered to, and tie it back "
    "to the goal in the Situation.",
    "lessons": "Say what you learned and what you now do differently, with one example.",
}

_LONG_ADVICE = {
    "title": "Shorten it to a label you recognise at a glance, e.g. 'Ledger migration: "
    "four teams, one date'.",
    "headline": "Keep the outcome and the one move that earned it; the details belong in "
    "the Action.",
    "situation": "Keep only what the listener needs to follow the Action: who, what, and "
    "what was at stake. Move the history out.",
    "complications": "Keep the two or three obstacles that shaped what you did; drop the rest.",
    "action": "Keep the three or four decisions that changed the outcome; cut the routine steps.",
    "result": "Lead with the main figure and its impact; keep secondary outcomes for "
    "follow-up questions.",
    "lessons": "Keep one lesson and what you changed because of it.",
}


def _missing(field: str) -> _Rule:
    def rule(draft: _Draft) -> CheckResult | None:
        if not draft.blank(field):
            return None
        return _result(f"{field}-missing", f"{_label(field)} is empty.", _MISSING_ADVICE[field])

    return rule


def _length_band(field: str) -> _Rule:
    band = rules.LENGTH_BANDS[field]

    def rule(draft: _Draft) -> CheckResult | None:
        count = draft.count(field)
        # An empty field is reported by its -missing check (or is optional).
        if count == 0:
            return None
        if band.min_words:
            aim = f"aim for {band.min_words}\u2013{band.max_words}"
        else:
            aim = f"keep it to {band.max_words} or fewer"
        if count < band.min_words:
            message = f"{_label(field)} is {count} words; {aim}."
            return _result(f"{field}-too-short", message, _SHORT_ADVICE[field])
        if count > band.max_words:
            message = f"{_label(field)} is {count} words; {aim}."
            return _result(f"{field}-too-long", message, _LONG_ADVICE[field])
        return None

    return rule


# --- Headline ---------------------------------------------------------------------


def _headline_missing(draft: _Draft) -> CheckResult | None:
    if not draft.blank("headline"):
        return None
    return _result(
        "headline-missing",
        "No headline.",
        "Write one sentence that gives the answer first: what you achieved and the key "
        "move, e.g. 'I got four teams to ship the ledger migration three weeks early.'",
    )


def _headline_one_sentence(draft: _Draft) -> CheckResult | None:
    # Over-long headlines are reported by the length band; this rule only adds
    # the case of several short sentences.
    if draft.count("headline") > rules.LENGTH_BANDS["headline"].max_words:
        return None
    count = len(sentences(draft.text("headline")))
    if count <= rules.HEADLINE_MAX_SENTENCES:
        return None
    return _result(
        "headline-too-long",
        f"The headline is {count} sentences; a headline is one.",
        "Keep the sentence with the outcome and move the rest into the SCAR fields.",
    )


# --- Complications -------------------------------------------------------------------


def _complications_no_obstacle(draft: _Draft) -> CheckResult | None:
    if draft.blank("complications") or _COMPLICATIONS.find(draft.tokens("complications")):
        return None
    return _result(
        "complications-no-obstacle",
        "The Complications name no obstacle, ambiguity, conflict or risk.",
        "Say what stood in your way, e.g. 'Payments and finance disagreed about who owned "
        "the cut-over, and the audit date was at risk.'",
    )


# --- Action ---------------------------------------------------------------------------


def _pronoun_counts(draft: _Draft) -> tuple[int, int]:
    """(first-person singular, first-person plural) counts in the Action."""
    singular = plural = 0
    for token in draft.tokens("action"):
        if token in rules.FIRST_PERSON_SINGULAR:
            singular += 1
        elif token in rules.FIRST_PERSON_PLURAL:
            plural += 1
    return singular, plural


def _we_heavy(singular: int, plural: int) -> bool:
    return plural >= rules.WE_HEAVY_MIN_PLURAL and plural > singular


def _action_we_heavy(draft: _Draft) -> CheckResult | None:
    singular, plural = _pronoun_counts(draft)
    if not _we_heavy(singular, plural):
        return None
    return _result(
        "action-we-heavy",
        f"The Action says 'we/our' {_times(plural)} and 'I/my' {_times(singular)}.",
        "Say what you did: 'I mapped the dependencies and proposed a new sequence'; keep "
        "'we' for what the team did together.",
    )


def _action_no_i(draft: _Draft) -> CheckResult | None:
    if draft.count("action") < rules.NO_I_MIN_WORDS:
        return None
    singular, plural = _pronoun_counts(draft)
    # A we-heavy Action is reported by action-we-heavy, which says more.
    if singular or _we_heavy(singular, plural):
        return None
    return _result(
        "action-no-i",
        "The Action never says 'I', so the panel cannot tell what you did.",
        "Rewrite the steps in the first person: 'I mapped…', 'I proposed…', 'I got agreement on…'.",
    )


def _action_escalation(draft: _Draft) -> CheckResult | None:
    found = _ESCALATIONS.distinct(draft.tokens("action"))
    if not found:
        return None
    return _result(
        "action-escalation",
        f"The Action hands the problem up: {_quote(found)}.",
        "Show what you drove yourself first. If escalating was right, say which options "
        "and recommendation you brought and what you decided.",
    )


def _action_too_technical(draft: _Draft) -> CheckResult | None:
    action = draft.tokens("action")
    details = _IMPLEMENTATION.find(action)
    if len(details) < rules.TOO_TECHNICAL_MIN_DETAILS or _PROGRAM.find(action):
        return None
    named = list(dict.fromkeys(hit.phrase for hit in details))
    return _result(
        "action-too-technical",
        f"The Action has {len(details)} implementation details ({_quote(named, 4)}) and no "
        "program words (risk, dependency, timeline, stakeholder, trade-off).",
        "Keep the one technical detail that mattered and add the program view: the risk, "
        "the dependency, the trade-off you chose and whom you aligned.",
    )


# --- Result ---------------------------------------------------------------------------


def _result_not_quantified(draft: _Draft) -> CheckResult | None:
    if draft.blank("result"):
        return None
    if _FIGURE_RE.search(draft.text("result")) or _NUMBERS.find(draft.tokens("result")):
        return None
    return _result(
        "result-not-quantified",
        "The Result has no number, percentage, money or time figure.",
        "Add a figure: 'three weeks early', 'p95 latency down 40%', 'saved $400K a year'. "
        "An estimate is fine if you say it is one.",
    )


def _result_no_impact(draft: _Draft) -> CheckResult | None:
    if draft.blank("result") or _IMPACT.find(draft.tokens("result")):
        return None
    return _result(
        "result-no-impact",
        "The Result names no impact on customers, revenue, latency, cost or a launch date.",
        "Say who it mattered to: 'customers saw no billing errors', 'the launch date "
        "held', 'support tickets fell by a third'.",
    )


# --- Lessons ---------------------------------------------------------------------------


def _failure_tags(story: Story) -> list[str]:
    return [
        tag
        for framework_id, tags in rules.FAILURE_TAGS.items()
        for tag in story.tags_in(framework_id)
        if tag in tags
    ]


def _lessons_missing_for_failure(draft: _Draft) -> CheckResult | None:
    if not draft.blank("lessons"):
        return None
    tags = _failure_tags(draft.story)
    if not tags:
        return None
    return _result(
        "lessons-missing-for-failure",
        f"Tagged '{tags[0]}' but Lessons is empty.",
        "Add what you learned and what you now do differently: 'Since then I put a "
        "dependency map in front of every team in week one.'",
    )


def _lessons_missing_for_setback(draft: _Draft) -> CheckResult | None:
    # A tagged failure story is already reported as an error.
    if not draft.blank("lessons") or _failure_tags(draft.story):
        return None
    for field in rules.FAILURE_TEXT_FIELDS:
        found = _FAILURES.distinct(draft.tokens(field))
        if found:
            return _result(
                "lessons-missing-for-setback",
                f"The {_label(field)} says '{found[0]}' but Lessons is empty.",
                "Add what you learned and what you changed afterwards, so the setback "
                "ends in growth; tag it failure-and-learning if that is its point.",
            )
    return None


# --- Competencies ----------------------------------------------------------------------


def _competencies_none(draft: _Draft) -> CheckResult | None:
    framework = draft.framework
    if draft.story.tags_in(framework.id):
        return None
    return _result(
        "competencies-none",
        f"No {framework.name} competencies tagged.",
        "Tag the two or three competencies this story proves best, so lookup can find it "
        "for the right questions.",
    )


def _competencies_too_many(draft: _Draft) -> CheckResult | None:
    framework = draft.framework
    count = len(draft.story.tags_in(framework.id))
    if count <= rules.MAX_COMPETENCIES:
        return None
    return _result(
        "competencies-too-many",
        f"Tagged with {count} {framework.name} competencies.",
        f"Keep the {rules.MAX_COMPETENCIES} or fewer it proves best; a story that claims "
        "everything gets picked for questions it answers weakly.",
    )


def _competency_name(draft: _Draft, framework_id: str, competency_id: str) -> str:
    framework = draft.framework
    if framework.id == framework_id:
        competency = framework.get(competency_id)
        if competency is not None:
            return competency.name
    return competency_id


def _competencies_technical_without_content(draft: _Draft) -> CheckResult | None:
    tagged = [
        (framework_id, tag)
        for framework_id, tags in rules.TECHNICAL_TAGS.items()
        for tag in draft.story.tags_in(framework_id)
        if tag in tags
    ]
    if not tagged:
        return None
    found: list[str] = []
    for field in rules.SPOKEN_FIELDS:
        found.extend(_TECHNICAL.distinct(draft.tokens(field)))
    found = list(dict.fromkeys(found))
    if len(found) >= rules.MIN_TECHNICAL_TERMS:
        return None
    name = _competency_name(draft, *tagged[0])
    named = f" ({_quote(found)})" if found else ""
    plural = "term" if len(found) == 1 else "terms"
    return _result(
        "competencies-technical-without-content",
        f"Tagged {name} but the story names {len(found)} technical {plural}{named}.",
        "Add the technical substance you judged: the architecture, the root cause, the "
        "trade-off between designs. Otherwise drop the tag.",
    )


# --- Whole story -------------------------------------------------------------------------


def _spoken(draft: _Draft) -> tuple[int, str]:
    total = draft.spoken_words()
    return total, format_duration(spoken_seconds(total))


_TARGET = format_duration(rules.TARGET_SECONDS)


def _story_too_short(draft: _Draft) -> CheckResult | None:
    # While a SCAR part is missing, its -missing error says what to add.
    if any(draft.blank(field) for field in rules.REQUIRED_FIELDS):
        return None
    total, spoken = _spoken(draft)
    if spoken_seconds(total) >= rules.MIN_STORY_SECONDS:
        return None
    return _result(
        "story-too-short",
        f"About {spoken} when spoken ({total} words); the target is {_TARGET}.",
        "Add the decisions and trade-offs behind your actions and the impact of the "
        "outcome; aim for about 300 words.",
    )


def _story_too_long(draft: _Draft) -> CheckResult | None:
    total, spoken = _spoken(draft)
    seconds = spoken_seconds(total)
    # Past the rambling limit, story-rambling reports it instead.
    if not rules.TARGET_SECONDS < seconds <= rules.RAMBLING_SECONDS:
        return None
    return _result(
        "story-too-long",
        f"About {spoken} when spoken ({total} words); the target is {_TARGET}.",
        "Trim the Situation and the routine steps of the Action; keep the decisions and "
        "the result.",
    )


def _story_rambling(draft: _Draft) -> CheckResult | None:
    total, spoken = _spoken(draft)
    if spoken_seconds(total) <= rules.RAMBLING_SECONDS:
        return None
    limit = format_duration(rules.RAMBLING_SECONDS)
    return _result(
        "story-rambling",
        f"About {spoken} when spoken ({total} words); past {limit} a panel hears rambling.",
        "Cut to about 300 words: a short Situation, the two or three hardest "
        "Complications, your key decisions, the result.",
    )


def _story_hedging(draft: _Draft) -> CheckResult | None:
    counts: Counter[str] = Counter()
    for field in rules.SPOKEN_FIELDS:
        counts.update(hit.phrase for hit in _HEDGES.find(draft.tokens(field)))
    if not counts:
        return None
    shown = [f"'{phrase}'" + (f" \u00d7{n}" if n > 1 else "") for phrase, n in counts.items()]
    return _result(
        "story-hedging",
        f"Hedges and filler: {', '.join(shown)}.",
        "Cut them or say it plainly: 'I decided to cut scope', not 'I kind of decided to "
        "cut scope'.",
    )


def unexplained_acronyms(text: str) -> list[str]:
    """Acronyms in ``text`` that are neither common nor explained, in order of appearance.

    An acronym is a word of 2-6 capital letters, optionally with a plural ``s``
    (``SLOs``); words with digits (``Q3``, ``P0``) are not. It counts as
    explained when it stands in parentheses next to its expansion, either way
    round: "service level objective (SLO)" or "SLO (service level objective)".
    """
    candidates = [
        acronym
        for acronym in dict.fromkeys(_ACRONYM_RE.findall(text))
        if acronym not in rules.COMMON_ACRONYMS
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


def _story_acronyms(draft: _Draft) -> CheckResult | None:
    text = "\n".join(draft.text(field) for field in rules.SPOKEN_FIELDS)
    found = unexplained_acronyms(text)
    if not found:
        return None
    return _result(
        "story-acronyms",
        f"Unexplained acronyms: {', '.join(found)}.",
        "Spell each one out the first time, e.g. 'service level objective (SLO)', or use "
        "the plain words.",
    )


# --- Registry --------------------------------------------------------------------------------

_Rule = Callable[[_Draft], CheckResult | None]

_RULES: Mapping[str, tuple[_Rule, ...]] = {
    "title": (_length_band("title"),),
    "headline": (_headline_missing, _length_band("headline"), _headline_one_sentence),
    "situation": (_missing("situation"), _length_band("situation")),
    "complications": (
        _missing("complications"),
        _length_band("complications"),
        _complications_no_obstacle,
    ),
    "action": (
        _missing("action"),
        _length_band("action"),
        _action_we_heavy,
        _action_no_i,
        _action_escalation,
        _action_too_technical,
    ),
    "result": (
        _missing("result"),
        _length_band("result"),
        _result_not_quantified,
        _result_no_impact,
    ),
    "lessons": (
        _lessons_missing_for_failure,
        _lessons_missing_for_setback,
        _length_band("lessons"),
    ),
    "competencies": (
        _competencies_none,
        _competencies_too_many,
        _competencies_technical_without_content,
    ),
    "story": (
        _story_too_short,
        _story_too_long,
        _story_rambling,
        _story_hedging,
        _story_acronyms,
    ),
}

_ORDER = {check_id: index for index, check_id in enumerate(rules.STORY_CHECKS)}


def _run(draft: _Draft, fields: tuple[str, ...]) -> list[CheckResult]:
    found = [
        result for field in fields for rule in _RULES[field] if (result := rule(draft)) is not None
    ]
    found.sort(key=lambda result: _ORDER[result.id])
    return found


def check_story(story: Story, framework: CompetencyFramework | None = None) -> list[CheckResult]:
    """Run every story check.

    Args:
        story: The story to check.
        framework: The active competency framework; the built-in default
            (``tpm``) when omitted.

    Returns:
        The findings, in the stable order of :data:`rules.STORY_CHECKS`
        (by field, then by rule).
    """
    return _run(_Draft(story, framework), rules.CHECK_FIELDS)


def check_field(
    story: Story, field: str, framework: CompetencyFramework | None = None
) -> list[CheckResult]:
    """Run only the checks of one field, e.g. for live checks in the editor.

    Only that field is tokenized, except for ``story`` and ``competencies``,
    which read the spoken fields.

    Args:
        story: The story to check.
        field: One of :data:`rules.CHECK_FIELDS`.
        framework: The active framework, as for :func:`check_story`.

    Raises:
        ValueError: ``field`` is not one of :data:`rules.CHECK_FIELDS`.
    """
    if field not in _RULES:
        raise ValueError(f"unknown field {field!r}; use one of: {', '.join(rules.CHECK_FIELDS)}")
    return _run(_Draft(story, framework), (field,))


def story_stats(story: Story) -> StoryStats:
    """Per-field word counts and the spoken-time estimate of ``story``."""
    draft = _Draft(story, None)
    counts = {field: draft.count(field) for field in STORY_TEXT_FIELDS}
    total = sum(counts[field] for field in rules.SPOKEN_FIELDS)
    return StoryStats(words=counts, total_words=total, spoken_seconds=spoken_seconds(total))
