"""Every threshold, word list and severity the checks use, as data.

This is the one module to read (or tune) to see what storybank asks of a story.
Each rule traces back to a reason interview panels reject TPM candidates (see
"Where the rules come from" in the product brief). The functions that apply
these rules live in :mod:`storybank.checks.story_checks` and
:mod:`storybank.checks.bank_checks`.

Word lists are matched as lowercase tokens (see :mod:`storybank.core.text`):
case does not matter, ``"trade-off"`` also matches "trade off", and a
possessive ``'s`` is ignored. Lists spell out the inflections they accept
(``risk``, ``risks``, ``risky``) rather than guessing at stems.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

# Defined with the text helpers so the core can estimate spoken time without
# depending on the checks; re-exported so every number the checks use is here.
from storybank.core.text import WORDS_PER_MINUTE as WORDS_PER_MINUTE

Severity = Literal["error", "warning", "hint"]
"""How much a finding matters: ``error`` (the panel would reject the answer or a
required part is missing), ``warning`` (it weakens the answer), ``hint`` (polish)."""

SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "hint")
"""Severities, most serious first."""

CHECK_FIELDS: Final[tuple[str, ...]] = (
    "title",
    "headline",
    "situation",
    "complications",
    "action",
    "result",
    "lessons",
    "competencies",
    "story",
)
"""The fields a story check can concern, in display order; ``story`` is the whole story."""

# --- Spoken time ------------------------------------------------------------

# Spoken time is estimated at WORDS_PER_MINUTE (150, imported above).

TARGET_SECONDS: Final = 120
"""The spoken length to aim for: a two-minute answer."""
RAMBLING_SECONDS: Final = 180
"""Past three minutes an answer reads as rambling to a panel."""
MIN_STORY_SECONDS: Final = 60
"""Under a minute there is rarely enough story to probe."""

SPOKEN_FIELDS: Final[tuple[str, ...]] = (
    "headline",
    "situation",
    "complications",
    "action",
    "result",
    "lessons",
)
"""The fields said aloud; the title is only a label for the teller."""


# --- Length bands ------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """The word-count range a field should fall in, and how serious leaving it is.

    Attributes:
        min_words: Fewer words than this is too short (0: no lower bound).
        max_words: More words than this is too long.
        severity: Severity of a too-short or too-long finding (the check
            catalogue below has the final say, see ``headline-too-long``).
    """

    min_words: int
    max_words: int
    severity: Severity


LENGTH_BANDS: Final[Mapping[str, Band]] = MappingProxyType(
    {
        # A label to recognise the story by on a drill card, not a sentence.
        "title": Band(0, 12, "hint"),
        # One sentence that gives the answer first. Too short is a hint; too long
        # is the warning headline-too-long, which also covers extra sentences.
        "headline": Band(6, 35, "hint"),
        # Together about 300 words: two minutes at 150 words a minute, with the
        # Action the largest part and the Situation the smallest that still sets scene.
        "situation": Band(20, 80, "warning"),
        "complications": Band(15, 80, "warning"),
        "action": Band(50, 180, "warning"),
        "result": Band(15, 70, "warning"),
        # Optional; only checked when written.
        "lessons": Band(10, 80, "hint"),
    }
)
"""Word-count bands per field."""

REQUIRED_FIELDS: Final[tuple[str, ...]] = ("situation", "complications", "action", "result")
"""Fields that must not be empty: the four SCAR parts."""

HEADLINE_MAX_SENTENCES: Final = 1
"""A headline is one sentence: the answer, first."""


# --- Action: "I" versus "we", escalation, technical detail -------------------

FIRST_PERSON_SINGULAR: Final = frozenset(
    {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"}
)
FIRST_PERSON_PLURAL: Final = frozenset(
    {"we", "us", "our", "ours", "ourselves", "we're", "we've", "we'd", "we'll"}
)
WE_HEAVY_MIN_PLURAL: Final = 3
"""``action-we-heavy`` needs at least this many plural pronouns (and more than singular)."""
NO_I_MIN_WORDS: Final = 20
"""``action-no-i`` only fires on an Action at least this long (a stub is just short)."""

ESCALATION_PHRASES: Final[tuple[str, ...]] = (
    "escalated to",
    "escalated it",
    "escalated this",
    "escalated the issue",
    "escalated the problem",
    "escalate to",
    "escalate it",
    "escalating to",
    "raised it with my manager",
    "raised it to my manager",
    "asked my manager to",
    "asked my boss to",
    "went to my manager",
    "went to my boss",
    "my manager stepped in",
    "my manager took over",
    "my manager decided",
    "let my manager decide",
    "let leadership decide",
    "waited for my manager",
    "waited for leadership",
    "handed it to my manager",
    "handed it over to my manager",
)
"""Phrasing that reads as passing a problem up instead of driving it."""

PROGRAM_WORDS: Final[tuple[str, ...]] = (
    "risk",
    "risks",
    "risky",
    "mitigation",
    "mitigate",
    "mitigated",
    "dependency",
    "dependencies",
    "timeline",
    "timelines",
    "schedule",
    "milestone",
    "milestones",
    "critical path",
    "deadline",
    "launch date",
    "stakeholder",
    "stakeholders",
    "trade-off",
    "trade-offs",
    "tradeoff",
    "tradeoffs",
    "scope",
    "prioritized",
    "prioritised",
    "priorities",
    "roadmap",
    "plan",
    "re-planned",
    "replanned",
    "sequenced",
    "sequencing",
    "owner",
    "owners",
    "ownership",
    "aligned",
    "alignment",
    "decision",
    "decided",
    "options",
    "contingency",
    "go/no-go",
    "status",
    "cadence",
    "budget",
    "resourcing",
    "headcount",
    "rollout",
    "phased",
    "cross-functional",
    "partner teams",
    "leadership",
    "executives",
)
"""Words that show program work: the vocabulary a TPM's Action should carry."""

IMPLEMENTATION_WORDS: Final[tuple[str, ...]] = (
    "code",
    "coded",
    "coding",
    "codebase",
    "function",
    "functions",
    "method",
    "class",
    "variable",
    "endpoint",
    "endpoints",
    "schema",
    "query",
    "queries",
    "sql",
    "table",
    "tables",
    "column",
    "columns",
    "index",
    "indexes",
    "script",
    "scripts",
    "commit",
    "commits",
    "pull request",
    "merged",
    "branch",
    "refactor",
    "refactored",
    "debugged",
    "debugging",
    "stack trace",
    "config",
    "yaml",
    "json",
    "kubernetes",
    "k8s",
    "docker",
    "container",
    "containers",
    "kafka",
    "redis",
    "postgres",
    "mysql",
    "lambda",
    "thread",
    "threads",
    "mutex",
    "regex",
    "unit test",
    "unit tests",
    "python",
    "java",
    "golang",
    "javascript",
    "typescript",
    "terraform",
    "helm",
    "pod",
    "pods",
    "cron",
    "heap",
    "garbage collection",
    "memory leak",
)
"""Implementation detail: fine in passing, a problem when it is all the Action says."""
TOO_TECHNICAL_MIN_DETAILS: Final = 3
"""``action-too-technical`` needs this many implementation details and no program words."""

TECHNICAL_WORDS: Final[tuple[str, ...]] = (
    "architecture",
    "architectural",
    "system design",
    "api",
    "apis",
    "service",
    "services",
    "microservice",
    "microservices",
    "database",
    "databases",
    "schema",
    "migration",
    "infrastructure",
    "latency",
    "throughput",
    "scalability",
    "scaling",
    "cache",
    "caching",
    "queue",
    "queues",
    "pipeline",
    "pipelines",
    "distributed",
    "replication",
    "sharding",
    "partitioning",
    "failover",
    "redundancy",
    "load balancer",
    "cloud",
    "kubernetes",
    "protocol",
    "encryption",
    "authentication",
    "root cause",
    "bottleneck",
    "capacity",
    "storage",
    "network",
    "deployment",
    "ci/cd",
    "monitoring",
    "observability",
    "telemetry",
    "algorithm",
    "backend",
    "frontend",
    "firmware",
    "hardware",
    "sdk",
    "integration",
    "endpoint",
    "technical debt",
    "tech debt",
    "refactor",
    "codebase",
    "server",
    "servers",
    "consistency",
    "concurrency",
    "backfill",
    "data model",
)
"""Technical content: what a story tagged technical depth should show."""
MIN_TECHNICAL_TERMS: Final = 2
"""A technical-depth story needs at least this many distinct technical terms."""

TECHNICAL_TAGS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {"tpm": ("technical-depth",)}
)
"""Competency tags (per framework id) that promise technical content."""


# --- Result: numbers and impact ----------------------------------------------

NUMBER_WORDS: Final[tuple[str, ...]] = (
    "zero",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "half",
    "halved",
    "twice",
    "double",
    "doubled",
    "tripled",
    "tenfold",
    "dozen",
    "dozens",
    "percent",
)
"""Spelled-out quantities. "one" is left out: "one of the teams" is not a figure."""

IMPACT_WORDS: Final[tuple[str, ...]] = (
    "customer",
    "customers",
    "user",
    "users",
    "client",
    "clients",
    "merchant",
    "merchants",
    "revenue",
    "sales",
    "profit",
    "margin",
    "arr",
    "latency",
    "cost",
    "costs",
    "saved",
    "savings",
    "spend",
    "launch date",
    "launch",
    "launched",
    "shipped",
    "on time",
    "ahead of schedule",
    "deadline",
    "time to market",
    "adoption",
    "retention",
    "churn",
    "conversion",
    "engagement",
    "satisfaction",
    "nps",
    "uptime",
    "availability",
    "reliability",
    "outage",
    "outages",
    "incident",
    "incidents",
    "errors",
    "error rate",
    "throughput",
    "performance",
    "productivity",
    "support tickets",
    "tickets",
    "complaints",
    "compliance",
    "audit",
)
"""What a Result should name: who or what the work changed for the business."""


# --- Complications -----------------------------------------------------------

COMPLICATION_WORDS: Final[tuple[str, ...]] = (
    "obstacle",
    "obstacles",
    "blocker",
    "blockers",
    "blocked",
    "blocking",
    "ambiguity",
    "ambiguous",
    "unclear",
    "unknown",
    "unknowns",
    "conflict",
    "conflicts",
    "conflicting",
    "disagree",
    "disagreed",
    "disagreement",
    "pushback",
    "push back",
    "pushed back",
    "tension",
    "risk",
    "risks",
    "risky",
    "at risk",
    "constraint",
    "constraints",
    "deadline",
    "critical path",
    "dependency",
    "dependencies",
    "competing",
    "challenge",
    "challenges",
    "challenging",
    "problem",
    "problems",
    "resistance",
    "resisted",
    "slipped",
    "slipping",
    "behind schedule",
    "delay",
    "delays",
    "delayed",
    "outage",
    "incident",
    "understaffed",
    "short-staffed",
    "no owner",
    "nobody owned",
    "no one owned",
    "budget cut",
    "reorg",
)
"""Words that show what stood in the way; a story without them has no tension."""


# --- Hedges and filler --------------------------------------------------------

HEDGE_PHRASES: Final[tuple[str, ...]] = (
    "kind of",
    "sort of",
    "kinda",
    "sorta",
    "basically",
    "i guess",
    "i think",
    "i feel like",
    "i suppose",
    "i hope",
    "hopefully",
    "maybe",
    "perhaps",
    "probably",
    "somewhat",
    "a little bit",
    "pretty much",
    "more or less",
    "literally",
    "actually",
    "honestly",
    "to be honest",
    "you know",
    "i mean",
)
"""Filler and hedges that make a confident story sound unsure."""


# --- Acronyms -----------------------------------------------------------------

ACRONYM_MIN_LETTERS: Final = 2
ACRONYM_MAX_LETTERS: Final = 6

COMMON_ACRONYMS: Final = frozenset(
    {
        # Roles and functions every panel knows.
        "CEO", "CTO", "CFO", "COO", "CPO", "CIO", "CISO", "VP", "SVP", "EVP", "HR",
        "PM", "TPM", "EM", "SDE", "SWE", "SRE", "QA", "IT", "PR", "PMO", "GM",
        # Everyday tech and product terms.
        "API", "UI", "UX", "AI", "ML", "LLM", "SQL", "URL", "HTTP", "HTTPS", "DNS",
        "CPU", "GPU", "RAM", "SSD", "OS", "AWS", "GCP", "SDK", "MVP", "FAQ", "PDF",
        "CI", "CD", "ID", "IP", "VPN", "SSO", "SLA", "KPI", "OKR", "ROI", "B2B",
        "B2C", "CRM", "ERP", "NPS", "ARR", "ETA", "ASAP", "EOD", "EOW", "FY", "RFC",
        "JSON", "XML", "HTML", "CSS", "REST", "GDPR", "USB", "TV", "OK",
        # Places, currencies, clock times, numerals.
        "US", "USA", "UK", "EU", "APAC", "EMEA", "USD", "EUR", "GBP", "AM",
        "II", "III", "IV",
        # Words typed in capitals for emphasis, not acronyms.
        "NOT", "NO", "ALL", "ANY", "NEVER", "MUST", "ONLY", "VERY",
    }
)  # fmt: skip
"""Acronyms (and capitalised words) a panel understands without explanation."""


# --- Failures and lessons -------------------------------------------------------

FAILURE_TAGS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {"tpm": ("failure-and-learning",)}
)
"""Competency tags (per framework id) that make a story a failure story."""

FAILURE_PHRASES: Final[tuple[str, ...]] = (
    "i failed",
    "we failed",
    "failed to",
    "my mistake",
    "i made a mistake",
    "i was wrong",
    "my fault",
    "went wrong",
    "fell short",
    "missed the deadline",
    "missed our deadline",
    "missed the launch",
    "missed the date",
    "project failed",
    "program failed",
    "launch failed",
    "was cancelled",
    "was canceled",
    "did not deliver",
    "didn't deliver",
    "i underestimated",
    "i misjudged",
)
"""Phrasing in a headline or Result that tells the story of a failure.

Only the headline and Result are read: setbacks in the Complications are part
of most success stories.
"""

FAILURE_TEXT_FIELDS: Final[tuple[str, ...]] = ("headline", "result")
"""Where :data:`FAILURE_PHRASES` are looked for."""


# --- Competencies ----------------------------------------------------------------

MAX_COMPETENCIES: Final = 4
"""Past this many tags in one framework, a story claims everything and proves little."""


# --- Readiness -----------------------------------------------------------------------

READINESS_WEIGHTS: Final[Mapping[Severity, int]] = MappingProxyType(
    {"error": 20, "warning": 8, "hint": 2}
)
"""Points one finding takes off a perfect readiness score of 100.

An error costs more than ``100 - READY_MIN_SCORE``, so a story with any error
is never labelled ready.
"""

READY_MIN_SCORE: Final = 85
"""Score from which a story is labelled ``ready``."""
ALMOST_MIN_SCORE: Final = 60
"""Score from which a story is labelled ``almost``; below it, ``draft``."""


# --- Bank ------------------------------------------------------------------------------

BANK_MIN_STORIES: Final = 5
BANK_MAX_STORIES: Final = 7
BANK_IDEAL_COVERAGE: Final = 2
"""Each competency should be answered by this many stories, so one can rest."""

DUPLICATE_SIMILARITY: Final = 90
"""rapidfuzz ``token_set_ratio`` (0-100) from which two stories are near-duplicates."""
DUPLICATE_MIN_WORDS: Final = 40
"""Stories shorter than this are not compared by text (a stub matches anything)."""


# --- Check catalogue -------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSpec:
    """What one check id means.

    Attributes:
        id: The stable check id, prefixed by its field.
        field: The field the check concerns (one of :data:`CHECK_FIELDS`),
            or ``"bank"`` for bank checks.
        severity: The severity of its findings.
        summary: One line for help screens and docs.
    """

    id: str
    field: str
    severity: Severity
    summary: str


def _catalogue(*specs: CheckSpec) -> Mapping[str, CheckSpec]:
    return MappingProxyType({spec.id: spec for spec in specs})


def _missing(field: str) -> CheckSpec:
    return CheckSpec(f"{field}-missing", field, "error", f"{field.capitalize()} is empty")


def _too_short(field: str) -> CheckSpec:
    band = LENGTH_BANDS[field]
    summary = f"{field.capitalize()} under {band.min_words} words"
    return CheckSpec(f"{field}-too-short", field, band.severity, summary)


def _too_long(field: str) -> CheckSpec:
    band = LENGTH_BANDS[field]
    summary = f"{field.capitalize()} over {band.max_words} words"
    return CheckSpec(f"{field}-too-long", field, band.severity, summary)


STORY_CHECKS: Final[Mapping[str, CheckSpec]] = _catalogue(
    _too_long("title"),
    CheckSpec("headline-missing", "headline", "warning", "No one-sentence headline"),
    _too_short("headline"),
    CheckSpec(
        "headline-too-long",
        "headline",
        "warning",
        f"Headline longer than one sentence or {LENGTH_BANDS['headline'].max_words} words",
    ),
    _missing("situation"),
    _too_short("situation"),
    _too_long("situation"),
    _missing("complications"),
    _too_short("complications"),
    _too_long("complications"),
    CheckSpec(
        "complications-no-obstacle",
        "complications",
        "warning",
        "Complications name no obstacle, ambiguity, conflict or risk",
    ),
    _missing("action"),
    _too_short("action"),
    _too_long("action"),
    CheckSpec("action-we-heavy", "action", "warning", "Action says 'we' more than 'I'"),
    CheckSpec("action-no-i", "action", "warning", "Action never says what I did"),
    CheckSpec("action-escalation", "action", "warning", "Action escalates instead of driving"),
    CheckSpec(
        "action-too-technical",
        "action",
        "warning",
        "Action is implementation detail with no program words",
    ),
    _missing("result"),
    _too_short("result"),
    _too_long("result"),
    CheckSpec(
        "result-not-quantified",
        "result",
        "error",
        "Result carries no number, percentage, money or time figure",
    ),
    CheckSpec("result-no-impact", "result", "warning", "Result names no business impact"),
    CheckSpec(
        "lessons-missing-for-failure",
        "lessons",
        "error",
        "Story tagged failure-and-learning has no Lessons",
    ),
    CheckSpec(
        "lessons-missing-for-setback",
        "lessons",
        "warning",
        "Headline or Result describes a failure but there are no Lessons",
    ),
    _too_short("lessons"),
    _too_long("lessons"),
    CheckSpec("competencies-none", "competencies", "warning", "No tags in the active framework"),
    CheckSpec(
        "competencies-too-many",
        "competencies",
        "hint",
        f"More than {MAX_COMPETENCIES} tags in the active framework",
    ),
    CheckSpec(
        "competencies-technical-without-content",
        "competencies",
        "warning",
        "Tagged technical depth but the story has no technical content",
    ),
    CheckSpec("story-too-short", "story", "warning", "Under a minute when spoken"),
    CheckSpec("story-too-long", "story", "hint", "Over the two-minute target when spoken"),
    CheckSpec("story-rambling", "story", "error", "Over three minutes when spoken"),
    CheckSpec("story-hedging", "story", "warning", "Filler and hedges"),
    CheckSpec("story-acronyms", "story", "warning", "Acronyms neither common nor explained"),
)
"""Every story check id, in the order :func:`~storybank.checks.check_story` reports them."""

BANK_CHECKS: Final[Mapping[str, CheckSpec]] = _catalogue(
    CheckSpec("bank-empty", "bank", "warning", "The bank has no stories"),
    CheckSpec("bank-too-few", "bank", "warning", f"Fewer than {BANK_MIN_STORIES} stories"),
    CheckSpec("bank-too-many", "bank", "warning", f"More than {BANK_MAX_STORIES} stories"),
    CheckSpec("bank-gap", "bank", "warning", "A competency no story covers"),
    CheckSpec("bank-thin", "bank", "hint", "A competency only one story covers"),
    CheckSpec("bank-duplicate", "bank", "warning", "Two stories that are near-duplicates"),
)
"""Every bank check id, in the order :func:`~storybank.checks.check_bank` reports them."""
