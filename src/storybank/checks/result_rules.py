"""The Result's rules: a measured change, its impact, and the lessons of a failure."""

from __future__ import annotations

from storybank.checks import figures, rules
from storybank.checks.draft import Draft, ExactList
from storybank.checks.findings import (
    FAILURE_PHRASES,
    CheckResult,
    by_form,
    finding,
    label,
    quote,
    tagged,
)
from storybank.core.morphology import stem, stems_of
from storybank.core.text import PhraseIndex, tokens

_LESSONS = ExactList(rules.LESSON_PHRASES)
_SCHEDULE = ExactList(rules.SCHEDULE_WORDS)
_IMPACT_EXACT = ExactList(rules.IMPACT_EXACT_WORDS)


_ARTICLES = frozenset({"the", "a", "an", "my", "our", "their", "his", "her"})
_OPENING_WORDS = 4


def _about_people(draft: Draft) -> bool:
    """Every Result sentence opens with a person or a relationship, not the work."""
    people = by_form("PERSON_WORDS")
    found_any = False
    for sentence in draft.sentences("result"):
        opening = [token for token in tokens(sentence) if token not in _ARTICLES]
        if not people.find(stems_of(opening[:_OPENING_WORDS])):
            return False
        found_any = True
    return found_any


def _number_unnatural(draft: Draft, claims: list[str]) -> bool:
    """A Result whose outcome is about people, where a number is often not natural.

    "The engineer stayed, recovered and became a strong contributor" needs no
    figure; but a Result that claims a change ("morale improved") invites "by
    how much?", and one about the work ("reviews became faster") can be measured.
    """
    return not claims and _about_people(draft)


def result_not_quantified(draft: Draft) -> CheckResult | None:
    if draft.blank("result"):
        return None
    text = draft.text("result")
    if figures.measured(text):
        return None
    claims = draft.distinct(by_form("CLAIM_WORDS"), "result")
    suggestion = (
        "Add the change with its figure: 'p95 latency down from 800 to 200 ms', 'three "
        "weeks early', 'saved $400K a year', 'support tickets fell 30%'. An estimate is "
        "fine if you say it is one."
    )
    if _number_unnatural(draft, claims):
        return finding(
            "result-not-quantified",
            "The Result has no number; in a story about people a concrete outcome can be enough.",
            "If a figure exists (time to ramp up, retention, reviews passed), add it; "
            "otherwise keep the outcome concrete: who stayed, grew or changed what.",
            severity="hint",
        )
    if claims:
        message = f"The Result claims a change ({quote(claims, 3)}) but not by how much."
    elif figures.any_figure(text):
        message = (
            "The Result's figures count people or time, not a change: nothing is "
            "measured against a before, a target or a plan."
        )
    else:
        message = "The Result has no measured change: no figure, percentage, money or comparison."
    return finding("result-not-quantified", message, suggestion)


_PREVENT = PhraseIndex(("prevent", "avoid", "stop", "eliminate"), forms=stem)


def _prevented_harm(draft: Draft) -> bool:
    """The Result prevents or avoids something bad: "prevented 3 similar incidents"."""
    prevented = draft.find(_PREVENT, "result")
    if not prevented:
        return False
    harms = [hit.start for hit in draft.find(by_form("HARM_WORDS"), "result")]
    return any(
        hit.end <= start < hit.end + rules.HARM_WINDOW for hit in prevented for start in harms
    )


def result_no_impact(draft: Draft) -> CheckResult | None:
    if draft.blank("result"):
        return None
    if draft.find(by_form("IMPACT_WORDS"), "result") or draft.find(_IMPACT_EXACT, "result"):
        return None
    if figures.money(draft.text("result")) or _prevented_harm(draft):
        return None
    schedule = draft.distinct(_SCHEDULE, "result")
    if schedule:
        stakes = by_form("STAKE_WORDS")
        if any(draft.find(stakes, field) for field in ("situation", "complications")):
            return None
        message = (
            f"The Result says {quote(schedule, 2)} but not what the date protected: "
            "customers, revenue, cost or risk."
        )
    else:
        message = "The Result names no impact on customers, revenue, cost, risk or time to market."
    if _number_unnatural(draft, draft.distinct(by_form("CLAIM_WORDS"), "result")):
        return finding(
            "result-no-impact",
            "The Result is about people; say what it meant for the team's work as well.",
            "Add the effect on delivery or the business in a phrase: 'and the team hit "
            "its Q3 dates again', 'so we kept the on-call rotation at five'.",
            severity="hint",
        )
    return finding(
        "result-no-impact",
        message,
        "Say who it mattered to: 'customers saw no billing errors', 'the launch held the "
        "Q3 revenue date', 'support tickets fell by a third'.",
    )


# --- Lessons ---------------------------------------------------------------------------


def _lessons_infinding(draft: Draft) -> list[str]:
    return draft.distinct(_LESSONS, "result")


def lessons_missing_for_failure(draft: Draft) -> CheckResult | None:
    if not draft.blank("lessons"):
        return None
    tags = tagged(draft.story, rules.FAILURE_TAGS)
    if not tags:
        return None
    in_result = _lessons_infinding(draft)
    if in_result:
        return finding(
            "lessons-missing-for-failure",
            f"Tagged '{tags[0]}'; the lesson is told in the Result ('{in_result[0]}').",
            "Move it to Lessons and add what you now do differently, so the panel hears "
            "the growth as its own part.",
            severity="hint",
        )
    return finding(
        "lessons-missing-for-failure",
        f"Tagged '{tags[0]}' but Lessons is empty.",
        "Add what you learned and what you now do differently: 'Since then I put a "
        "dependency map in front of every team in week one.'",
    )


def lessons_missing_for_setback(draft: Draft) -> CheckResult | None:
    # A tagged failure story is reported by lessons-missing-for-failure.
    if not draft.blank("lessons") or tagged(draft.story, rules.FAILURE_TAGS):
        return None
    for field in rules.FAILURE_TEXT_FIELDS:
        found = draft.distinct(FAILURE_PHRASES, field)
        if not found:
            continue
        in_result = _lessons_infinding(draft)
        if in_result:
            return finding(
                "lessons-missing-for-setback",
                f"The {label(field)} says '{found[0]}'; its lesson is told in the Result "
                f"('{in_result[0]}').",
                "Move the lesson to Lessons and add what you changed afterwards.",
                severity="hint",
            )
        return finding(
            "lessons-missing-for-setback",
            f"The {label(field)} says '{found[0]}' but Lessons is empty.",
            "Add what you learned and what you changed afterwards, so the setback "
            "ends in growth; tag it failure-and-learning if that is its point.",
        )
    return None
