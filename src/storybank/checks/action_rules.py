"""The Action's rules: who did it, who decided, escalation, detail and the "why"."""

from __future__ import annotations

from collections import Counter

from storybank.checks import rationale, rules
from storybank.checks.draft import Draft, ExactList
from storybank.checks.findings import CheckResult, by_form, finding, quote
from storybank.core.morphology import stem
from storybank.core.text import PhraseHit, PhraseIndex

_ESCALATIONS = PhraseIndex(rules.ESCALATION_PHRASES, forms=stem)
_IMPLEMENTATION = ExactList(rules.IMPLEMENTATION_WORDS)


def _step_counts(draft: Draft) -> tuple[int, int, int]:
    """Steps of the Action led by the teller, by a group, and by anyone else."""
    counts = Counter(step.lead for step in draft.steps("action"))
    return counts["i"], counts["we"], counts["other"]


def action_we_heavy(draft: Draft) -> CheckResult | None:
    mine, ours, _ = _step_counts(draft)
    # A "we decided" is reported by action-we-decided, which says more.
    decided = _group_decisions(draft)
    if decided:
        ours -= sum(
            step.lead == "we" and any(phrase in step.text.lower() for phrase in decided)
            for step in draft.steps("action")
        )
    if ours <= 0:
        return None
    heavy = mine == 0 or ours >= mine or (ours >= rules.WE_HEAVY_MIN_PLURAL and 2 * ours >= mine)
    if not heavy:
        return None
    total = mine + ours
    return finding(
        "action-we-heavy",
        f"{ours} of the {total} steps in the Action are told as 'we'; {mine} as yours.",
        "Say what you did: 'I mapped the dependencies and proposed a new sequence'; keep "
        "'we' for what the team did together, and say what your part in it was.",
    )


def action_no_i(draft: Draft) -> CheckResult | None:
    if draft.blank("action"):
        return None
    mine, ours, _ = _step_counts(draft)
    # A we-led Action is reported by action-we-heavy, which says more.
    if mine or ours:
        return None
    if not rules.FIRST_PERSON_SINGULAR.isdisjoint(draft.tokens("action")):
        return None
    return finding(
        "action-no-i",
        "The Action never says 'I', so the panel cannot tell what you did.",
        "Rewrite the steps in the first person or as your own verb-first steps: 'I mapped…', "
        "'Proposed…', 'Got agreement on…'.",
    )


_DECIDING = ExactList(
    tuple(
        dict.fromkeys(
            [*rules.DECISION_VERBS, *(phrase.split()[-1] for phrase in rules.PASSIVE_DECISIONS)]
        )
    )
)
_OWN_DECIDING = ExactList(rules.OWN_DECISION_VERBS)
_SUBJECT_WINDOW = 3


def _ends_with(words: list[str], phrase: str) -> bool:
    wanted = phrase.split()
    return words[-len(wanted) :] == wanted


_SUBJECT_ENDS = frozenset(
    [group.split()[-1] for group in rules.GROUP_SUBJECTS]
    + [phrase.split()[-2] for phrase in rules.PASSIVE_DECISIONS]
)


def _group_decision(words: list[str], hit: PhraseHit) -> str | None:
    """ "we decided", "the team agreed", "it was decided" at ``hit``, or ``None``."""
    verb = words[hit.start : hit.end]
    before = words[max(0, hit.start - _SUBJECT_WINDOW) : hit.start]
    if not before or (before[-1] not in _SUBJECT_ENDS and not before[-1].endswith("ly")):
        return None
    if words[hit.end : hit.end + 2] in (["with", "my"], ["with", "me"]):
        return None  # "the leads agreed with my call": the teller decided
    for passive in rules.PASSIVE_DECISIONS:
        if _ends_with([*before, *verb], passive):
            return passive
    if " ".join(verb) not in rules.DECISION_VERBS:
        return None
    if before and before[-1].endswith("ly"):
        before = before[:-1]  # "we jointly decided"
    for group in rules.GROUP_SUBJECTS:
        if _ends_with(before, group):
            return f"{group} {' '.join(verb)}"
    return None


def _group_decisions(draft: Draft) -> list[str]:
    """Every "we decided", "it was decided" of the Action, as found."""
    hits = draft.find(_DECIDING, "action")
    if not hits:
        return []
    words = draft.tokens("action")
    return [found for hit in hits if (found := _group_decision(words, hit)) is not None]


def action_we_decided(draft: Draft) -> CheckResult | None:
    decided = _group_decisions(draft)
    if not decided:
        return None
    found = decided[0]
    words = draft.tokens("action")
    # When the Action shows the teller deciding or recommending, a closing "we
    # agreed" reads as consensus on that call: advice, not a weakness.
    own = any(
        "i" in words[max(0, hit.start - 2) : hit.start]
        for hit in draft.find(_OWN_DECIDING, "action")
    )
    return finding(
        "action-we-decided",
        f"The Action says '{found}' at the decision: the panel cannot tell who decided.",
        "Say who made the call and how: 'I recommended a phased launch and the VP approved "
        "it', or 'both leads agreed to my plan'.",
        severity="hint" if own else None,
    )


def action_escalation(draft: Draft) -> CheckResult | None:
    hits = draft.find(_ESCALATIONS, "action")
    if not hits:
        return None
    upward = by_form("UPWARD_WORDS")
    stems = draft.stems("action")
    typed = draft.tokens("action")
    handed_up: list[str] = []
    for hit in hits:
        # Quote the words as written, up to whom it went: "escalated to my director".
        window = stems[hit.start : hit.end + rules.UPWARD_WINDOW]
        targets = upward.find(window)
        if targets:
            end = hit.start + max(hit.end - hit.start, targets[0].end)
            handed_up.append(" ".join(typed[hit.start : end]))
    found = list(dict.fromkeys(" ".join(typed[hit.start : hit.end]) for hit in hits))
    if handed_up:
        return finding(
            "action-escalation",
            f"The Action hands the problem up: {quote(list(dict.fromkeys(handed_up)))}.",
            "Show what you drove yourself first. If escalating was right, say which options "
            "and recommendation you brought and what you decided.",
        )
    # Escalating to a peer or an expert is often asking for help, which a panel
    # respects when the story says why and when.
    return finding(
        "action-escalation",
        f"The Action escalates ({quote(found)}): say to whom, why and when.",
        "Say what you had tried, why escalating was the right call at that moment, and "
        "what you did once it was escalated.",
        severity="hint",
    )


def action_too_technical(draft: Draft) -> CheckResult | None:
    details = draft.find(_IMPLEMENTATION, "action")
    if len(details) < rules.TOO_TECHNICAL_MIN_DETAILS:
        return None
    if draft.find(by_form("PROGRAM_WORDS"), "action"):
        return None
    named = list(dict.fromkeys(hit.phrase for hit in details))
    return finding(
        "action-too-technical",
        f"The Action has {len(details)} implementation details ({quote(named, 4)}) and no "
        "program words (risk, dependency, timeline, stakeholder, trade-off).",
        "Keep the one technical detail that mattered and add the program view: the risk, "
        "the dependency, the trade-off you chose and whom you aligned.",
    )


def action_no_why(draft: Draft) -> CheckResult | None:
    found = rationale.decisions(draft)
    if not found or rationale.reasons(draft):
        return None
    phrases = list(dict.fromkeys(decision.phrase for decision in found))
    return finding(
        "action-no-why",
        f"The story decides ({quote(phrases, 3)}) but never says why: no data, trade-off "
        "or people consulted.",
        "Give the reason a panel will ask for: the data you used ('errors were doubling "
        "every hour'), the trade-off you weighed ('a week's slip against a security "
        "risk'), or whom you consulted ('after hearing both leads').",
    )
