"""The checks of a single story: one small function per rule, and the registry.

Every rule reads a :class:`~storybank.checks.draft.Draft`, which analyses each
field at most once and only when a rule asks for it, so :func:`check_field` on
one field stays cheap enough to run on every keystroke. Thresholds and word
lists come from :mod:`storybank.checks.rules`; the reading of obstacles,
figures, decisions, names and jargon lives in the small modules beside this
one. The rules of length, the headline, the Complications, the competencies
and the story as a whole are here; those of the Action and the Result are in
:mod:`.action_rules` and :mod:`.result_rules`. Each rule words its own
message and suggestion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from storybank.checks import action_rules, jargon, obstacles, result_rules, rules, specifics
from storybank.checks.draft import Draft, ExactList
from storybank.checks.findings import (
    CheckResult,
    by_form,
    failure_story,
    finding,
    label,
    quote,
)
from storybank.checks.rules import Severity
from storybank.core.records import STORY_TEXT_FIELDS, FrameworkData, StoryData
from storybank.core.text import counted, sentences, spoken_seconds
from storybank.core.timewords import format_duration

unexplained_acronyms = jargon.unexplained_acronyms

_HEDGES = ExactList(rules.HEDGE_PHRASES)


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
    def rule(draft: Draft) -> CheckResult | None:
        if not draft.blank(field):
            return None
        return finding(f"{field}-missing", f"{label(field)} is empty.", _MISSING_ADVICE[field])

    return rule


def _length_band(field: str) -> _Rule:
    band = rules.LENGTH_BANDS[field]

    def rule(draft: Draft) -> CheckResult | None:
        count = draft.count(field)
        # An empty field is reported by its -missing check (or is optional).
        if count == 0:
            return None
        if band.min_words:
            aim = f"aim for {band.min_words}\u2013{band.max_words}"
        else:
            aim = f"keep it to {band.max_words} or fewer"
        if count < band.min_words:
            message = f"{label(field)} is {counted(count, 'word')}; {aim}."
            # A SCAR part a third of its least length is as good as missing.
            stub = field in rules.REQUIRED_FIELDS and count * rules.STUB_FRACTION < band.min_words
            severity: Severity | None = "error" if stub else None
            return finding(f"{field}-too-short", message, _SHORT_ADVICE[field], severity)
        if count > band.max_words:
            message = f"{label(field)} is {count} words; {aim}."
            return finding(f"{field}-too-long", message, _LONG_ADVICE[field])
        return None

    return rule


# --- Headline ---------------------------------------------------------------------


def _headline_missing(draft: Draft) -> CheckResult | None:
    if not draft.blank("headline"):
        return None
    return finding(
        "headline-missing",
        "No headline.",
        "Write one sentence that gives the answer first: what you achieved and the key "
        "move, e.g. 'I got four teams to ship the ledger migration three weeks early.'",
    )


def _headline_one_sentence(draft: Draft) -> CheckResult | None:
    # Over-long headlines are reported by the length band; this rule only adds
    # the case of several short sentences.
    if draft.count("headline") > rules.LENGTH_BANDS["headline"].max_words:
        return None
    count = len(sentences(draft.text("headline")))
    if count <= rules.HEADLINE_MAX_SENTENCES:
        return None
    return finding(
        "headline-too-long",
        f"The headline is {count} sentences; a headline is one.",
        "Keep the sentence with the outcome and move the rest into the SCAR fields.",
    )


# --- Complications -------------------------------------------------------------------


def _obstacle_elsewhere(draft: Draft) -> tuple[str, str] | None:
    """(field, words) where the story names an obstacle outside the Complications.

    The Situation (and the headline) set up what stood in the way; in a failure
    story the mistakes told in the Action are its complications too.
    """
    fields = ["situation", "headline"]
    if failure_story(draft):
        fields.append("action")
    for field in fields:
        found = obstacles.strong_evidence(draft, field)
        if found:
            return field, quote(found, 3)
    return None


def _complications_missing(draft: Draft) -> CheckResult | None:
    if not draft.blank("complications"):
        return None
    elsewhere = _obstacle_elsewhere(draft)
    if elsewhere is None:
        return finding(
            "complications-missing",
            "Complications is empty, and nothing else in the story says what stood in the way.",
            _MISSING_ADVICE["complications"],
        )
    field, words = elsewhere
    return finding(
        "complications-missing",
        f"Complications is empty; the {label(field)} names the obstacle ({words}).",
        "Give the obstacle its own section: what made it hard, who disagreed, what was at "
        "risk. It is the part of the answer a panel probes first.",
        severity="hint",
    )


def _complications_no_obstacle(draft: Draft) -> CheckResult | None:
    if draft.blank("complications") or obstacles.evidence(draft, "complications").any:
        return None
    elsewhere = _obstacle_elsewhere(draft)
    suggestion = (
        "Say what stood in your way, e.g. 'Payments and finance disagreed about who owned "
        "the cut-over, and the audit date was at risk.'"
    )
    if elsewhere is None:
        return finding(
            "complications-no-obstacle",
            "The Complications name no obstacle, ambiguity, conflict or risk.",
            suggestion,
        )
    field, words = elsewhere
    return finding(
        "complications-no-obstacle",
        f"The Complications name no obstacle; the {label(field)} does ({words}).",
        "Move the obstacle into the Complications and say why it was hard.",
        severity="hint",
    )


# --- Competencies ----------------------------------------------------------------------


def _competencies_none(draft: Draft) -> CheckResult | None:
    framework = draft.framework
    if draft.story.tags_in(framework.id):
        return None
    return finding(
        "competencies-none",
        f"No {framework.name} competencies tagged.",
        "Tag the two or three competencies this story proves best, so lookup can find it "
        "for the right questions.",
    )


def _competencies_too_many(draft: Draft) -> CheckResult | None:
    framework = draft.framework
    count = len(draft.story.tags_in(framework.id))
    if count <= rules.MAX_COMPETENCIES:
        return None
    return finding(
        "competencies-too-many",
        f"Tagged with {count} {framework.name} competencies.",
        f"Keep the {rules.MAX_COMPETENCIES} or fewer it proves best; a story that claims "
        "everything gets picked for questions it answers weakly.",
    )


def _competency_name(draft: Draft, framework_id: str, competency_id: str) -> str:
    framework = draft.framework
    if framework.id == framework_id:
        competency = framework.get(competency_id)
        if competency is not None:
            return competency.name
    return competency_id


def _competencies_technical_without_content(draft: Draft) -> CheckResult | None:
    tagged = [
        (framework_id, tag)
        for framework_id, tags in rules.TECHNICAL_TAGS.items()
        for tag in draft.story.tags_in(framework_id)
        if tag in tags
    ]
    if not tagged:
        return None
    technical = by_form("TECHNICAL_WORDS")
    found: list[str] = []
    for field in rules.SPOKEN_FIELDS:
        found.extend(draft.distinct(technical, field))
    found = list(dict.fromkeys(found))
    if len(found) >= rules.MIN_TECHNICAL_TERMS:
        return None
    name = _competency_name(draft, *tagged[0])
    named = f" ({quote(found)})" if found else ""
    plural = "term" if len(found) == 1 else "terms"
    return finding(
        "competencies-technical-without-content",
        f"Tagged {name} but the story names {len(found)} technical {plural}{named}.",
        "Add the technical substance you judged: the architecture, the root cause, the "
        "trade-off between designs. Otherwise drop the tag.",
    )


# --- Whole story -------------------------------------------------------------------------


def _spoken(draft: Draft) -> tuple[int, str]:
    total = draft.spoken_words(rules.SPOKEN_FIELDS)
    return total, format_duration(spoken_seconds(total))


_TARGET = format_duration(rules.TARGET_SECONDS)
_MIN_PARTS_FOR_LENGTH = 2


def _story_too_short(draft: Draft) -> CheckResult | None:
    # A draft with one part written is reported by the -missing errors alone.
    written = sum(not draft.blank(field) for field in rules.REQUIRED_FIELDS)
    if written < _MIN_PARTS_FOR_LENGTH:
        return None
    total, spoken = _spoken(draft)
    if spoken_seconds(total) >= rules.MIN_STORY_SECONDS:
        return None
    floor = format_duration(rules.MIN_STORY_SECONDS)
    # Under half the least length, it is a summary, not a story: as serious as a
    # missing part.
    stub = spoken_seconds(total) * 2 < rules.MIN_STORY_SECONDS
    return finding(
        "story-too-short",
        f"About {spoken} when spoken ({counted(total, 'word')}); under {floor} there is too little "
        f"to probe. The target is {_TARGET}.",
        "Add the decisions and trade-offs behind your actions and the impact of the "
        "outcome; aim for about 300 words.",
        severity="error" if stub else None,
    )


def _story_too_long(draft: Draft) -> CheckResult | None:
    total, spoken = _spoken(draft)
    seconds = spoken_seconds(total)
    # Past the rambling limit, story-rambling reports it instead.
    if not rules.TARGET_SECONDS < seconds <= rules.RAMBLING_SECONDS:
        return None
    return finding(
        "story-too-long",
        f"About {spoken} when spoken ({total} words); the target is {_TARGET}.",
        "Trim the Situation and the routine steps of the Action; keep the decisions and "
        "the result.",
    )


def _story_rambling(draft: Draft) -> CheckResult | None:
    total, spoken = _spoken(draft)
    if spoken_seconds(total) <= rules.RAMBLING_SECONDS:
        return None
    limit = format_duration(rules.RAMBLING_SECONDS)
    return finding(
        "story-rambling",
        f"About {spoken} when spoken ({total} words); past {limit} a panel hears rambling.",
        "Cut to about 300 words: a short Situation, the two or three hardest "
        "Complications, your key decisions, the result.",
    )


def _story_hedging(draft: Draft) -> CheckResult | None:
    counts: Counter[str] = Counter()
    for field in rules.SPOKEN_FIELDS:
        counts.update(hit.phrase for hit in draft.find(_HEDGES, field))
    if not counts:
        return None
    shown = [f"'{phrase}'" + (f" \u00d7{n}" if n > 1 else "") for phrase, n in counts.items()]
    return finding(
        "story-hedging",
        f"Hedges and filler: {', '.join(shown)}.",
        "Cut them or say it plainly: 'I decided to cut scope', not 'I kind of decided to "
        "cut scope'.",
    )


def _spoken_text(draft: Draft) -> str:
    return "\n".join(draft.text(field) for field in rules.SPOKEN_FIELDS)


def _marked_words(draft: Draft) -> list[str]:
    words = (word for field in rules.SPOKEN_FIELDS for word in draft.marked_words(field))
    return list(dict.fromkeys(words))


def _story_acronyms(draft: Draft) -> CheckResult | None:
    found = unexplained_acronyms(_spoken_text(draft), _marked_words(draft))
    if not found:
        return None
    return finding(
        "story-acronyms",
        f"Unexplained acronyms: {', '.join(found)}.",
        "Spell each one out the first time, e.g. 'service level objective (SLO)', or use "
        "the plain words.",
    )


def _story_jargon(draft: Draft) -> CheckResult | None:
    listed: list[str] = []
    for field in rules.SPOKEN_FIELDS:
        listed.extend(draft.distinct(jargon.listed_terms(), field))
    found = jargon.insider_terms(
        _spoken_text(draft), list(dict.fromkeys(listed)), _marked_words(draft)
    )
    if not found:
        return None
    return finding(
        "story-jargon",
        f"Insider terms a panel may not know: {quote(found)}.",
        "Say what each one is the first time, in plain words: 'a circuit breaker (it stops "
        "calls to a failing service)', or say what it did instead of naming it.",
    )


_GENERIC_MIN_WORDS = 20


def _story_generic(draft: Draft) -> CheckResult | None:
    if draft.spoken_words(rules.TELLING_FIELDS) < _GENERIC_MIN_WORDS:
        return None
    suggestion = (
        "Name the company and the product or program, the teams or people involved and "
        "when it happened: 'At Northwind in Q3, the payments and ledger teams…'. If a name "
        "is confidential, give a date and a specific description instead."
    )
    stand_ins = specifics.placeholders(
        _spoken_text(draft), [draft.words(field) for field in rules.SPOKEN_FIELDS]
    )
    if stand_ins:
        return finding(
            "story-generic",
            f"The story uses a placeholder instead of a name ({quote(stand_ins, 3)}): it "
            "reads as a template.",
            suggestion,
        )
    if specifics.dates(draft, limit=1) or specifics.names(draft, limit=1):
        return None
    return finding(
        "story-generic",
        "The story names no company, product, team or person and no date: it could be anyone's.",
        suggestion,
    )


def fold_follow_up(question: str) -> str:
    """A follow-up question folded for lookup: case and runs of spaces ignored."""
    return " ".join(question.casefold().split())


def _follow_ups_unanswered(draft: Draft) -> CheckResult | None:
    empty = [f.question for f in draft.story.follow_ups if not f.answer.strip()]
    if not empty:
        return None

    def shown(question: str) -> str:
        where = draft.asked_in.get(fold_follow_up(question))
        return f"'{question}'" + (f" (from {where})" if where else "")

    first = empty[0]
    where = draft.asked_in.get(fold_follow_up(first))
    if len(empty) == 1 and where:
        message = f"Unanswered follow-up from {where}: '{first}'"
    elif len(empty) == 1:
        message = f"The follow-up '{first}' has no answer"
    else:
        message = f"{len(empty)} follow-ups have no answer: " + ", ".join(map(shown, empty))
    return finding(
        "story-unanswered-follow-ups",
        message,
        "Write the answer you would give, in two or three sentences with the direct answer "
        "first; once it has an answer it becomes a drill card.",
    )


# --- Registry --------------------------------------------------------------------------------

_Rule = Callable[[Draft], CheckResult | None]

_RULES: Mapping[str, tuple[_Rule, ...]] = {
    "title": (_length_band("title"),),
    "headline": (_headline_missing, _length_band("headline"), _headline_one_sentence),
    "situation": (_missing("situation"), _length_band("situation")),
    "complications": (
        _complications_missing,
        _length_band("complications"),
        _complications_no_obstacle,
    ),
    "action": (
        _missing("action"),
        _length_band("action"),
        action_rules.action_we_heavy,
        action_rules.action_no_i,
        action_rules.action_we_decided,
        action_rules.action_escalation,
        action_rules.action_too_technical,
        action_rules.action_no_why,
    ),
    "result": (
        _missing("result"),
        _length_band("result"),
        result_rules.result_not_quantified,
        result_rules.result_no_impact,
    ),
    "lessons": (
        result_rules.lessons_missing_for_failure,
        result_rules.lessons_missing_for_setback,
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
        _story_jargon,
        _story_generic,
        _follow_ups_unanswered,
    ),
}

_ORDER = {check_id: index for index, check_id in enumerate(rules.STORY_CHECKS)}


def _run(draft: Draft, fields: tuple[str, ...]) -> list[CheckResult]:
    found = [
        result for field in fields for rule in _RULES[field] if (result := rule(draft)) is not None
    ]
    found.sort(key=lambda result: _ORDER[result.id])
    return found


def check_story(
    story: StoryData,
    framework: FrameworkData | None = None,
    *,
    asked_in: Mapping[str, str] | None = None,
) -> list[CheckResult]:
    """Run every story check.

    Args:
        story: The story to check.
        framework: The active competency framework; the built-in default
            (``tpm``) when omitted.
        asked_in: Where each unanswered follow-up was asked (``"Acme, onsite"``),
            by its question folded with :func:`fold_follow_up`; the finding
            names it. Severities never depend on it.

    Returns:
        The findings, in the stable order of :data:`rules.STORY_CHECKS`
        (by field, then by rule).
    """
    return _run(Draft(story, framework, asked_in), rules.CHECK_FIELDS)


def check_field(
    story: StoryData, field: str, framework: FrameworkData | None = None
) -> list[CheckResult]:
    """Run only the checks of one field, e.g. for live checks in the editor.

    Only that field is read, except for ``story`` and ``competencies``, which
    read the spoken fields, and for the rules that compare the field with the
    rest of the story (an obstacle told in the Situation, a decision's reason
    given elsewhere).

    Args:
        story: The story to check.
        field: One of :data:`rules.CHECK_FIELDS`.
        framework: The active framework, as for :func:`check_story`.

    Raises:
        ValueError: ``field`` is not one of :data:`rules.CHECK_FIELDS`.
    """
    if field not in _RULES:
        raise ValueError(f"unknown field {field!r}; use one of: {', '.join(rules.CHECK_FIELDS)}")
    return _run(Draft(story, framework), (field,))


def story_stats(story: StoryData) -> StoryStats:
    """Per-field word counts and the spoken-time estimate of ``story``."""
    draft = Draft(story, None)
    counts = {field: draft.count(field) for field in STORY_TEXT_FIELDS}
    total = sum(counts[field] for field in rules.SPOKEN_FIELDS)
    return StoryStats(words=counts, total_words=total, spoken_seconds=spoken_seconds(total))
