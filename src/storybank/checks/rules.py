"""Every threshold, word list, category and severity the checks use, as data.

This is the one module to read (or tune) to see what storybank asks of a story.
Each rule traces back to a reason interview panels reject TPM candidates (see
"Where the rules come from" in the product brief). The functions that apply
these rules live in :mod:`storybank.checks.story_checks`,
:mod:`~storybank.checks.action_rules`, :mod:`~storybank.checks.result_rules`
(with the small modules they read text with) and
:mod:`storybank.checks.bank_checks`.

The domain vocabulary (what counts as an obstacle, an impact, a piece of
technology) is shared with the matcher and lives in
:mod:`storybank.core.vocabulary`; this module unions those families into what
each check looks for. Word lists are matched as lowercase tokens (see
:mod:`storybank.core.text`): case does not matter, ``"trade-off"`` also
matches "trade off", and a possessive ``'s`` is ignored. Lists marked *by word
form* are matched through :func:`storybank.core.morphology.stem`, so "resist"
also finds "resisted", "resistant" and "resistance"; the other lists are exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

from storybank.core import vocabulary as vocab

# Defined with the text helpers so the core can estimate spoken time without
# depending on the checks; re-exported so every number the checks use is here.
from storybank.core.text import WORDS_PER_MINUTE as WORDS_PER_MINUTE

Severity = Literal["error", "warning", "hint"]
"""How much a finding matters: ``error`` (the panel would reject the answer or a
required part is missing), ``warning`` (it weakens the answer), ``hint`` (advice,
or a finding the check is not sure of)."""

SEVERITIES: Final[tuple[Severity, ...]] = ("error", "warning", "hint")
"""Severities, most serious first."""

Category = Literal[
    "structure",
    "headline",
    "thin",
    "length",
    "complications",
    "ownership",
    "quantified",
    "impact",
    "jargon",
    "hedging",
    "lessons",
    "generic",
    "why",
    "tags",
    "bank",
]
"""What kind of weakness a finding is: the reason a hiring panel would give."""

CATEGORIES: Final[Mapping[Category, str]] = MappingProxyType(
    {
        "structure": "a SCAR part is missing or out of proportion",
        "headline": "no one-sentence headline that gives the answer first",
        "thin": "too little detail to survive follow-up questions",
        "length": "too long when spoken: rambling",
        "complications": "no obstacle, ambiguity, conflict or risk",
        "ownership": "'we' where the panel needs 'I', escalating instead of driving, "
        "no one named as deciding",
        "quantified": "the Result has no measured change",
        "impact": "the Result names no customer or business impact",
        "jargon": "acronyms or insider terms a cross-functional panel would not know",
        "hedging": "hedges and filler that sound unsure",
        "lessons": "a failure with no lesson",
        "generic": "no names or dates: it could be anyone's story",
        "why": "a decision without its rationale",
        "tags": "competency tags that do not fit the story",
        "bank": "the bank as a whole",
    }
)
"""Every category, with the weakness it stands for (documented in the README)."""

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
MIN_STORY_SECONDS: Final = 45
"""Under 45 seconds (about 110 words) an answer is a summary with nothing to probe."""

SPOKEN_FIELDS: Final[tuple[str, ...]] = (
    "headline",
    "situation",
    "complications",
    "action",
    "result",
    "lessons",
)
"""The fields said aloud; the title is only a label for the teller."""

TELLING_FIELDS: Final[tuple[str, ...]] = ("situation", "complications", "action", "result")
"""The fields that tell what happened (Lessons and the headline look back on it)."""


# --- Length bands ------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """The word-count range a field should fall in, and how serious leaving it is.

    Attributes:
        min_words: Fewer words than this is too short (0: no lower bound).
        max_words: More words than this is too long.
        short: Severity of a too-short finding.
        long: Severity of a too-long finding (the catalogue below has the final
            say, see ``headline-too-long``).
    """

    min_words: int
    max_words: int
    short: Severity = "hint"
    long: Severity = "hint"


LENGTH_BANDS: Final[Mapping[str, Band]] = MappingProxyType(
    {
        # A label to recognise the story by on a drill card, not a sentence.
        "title": Band(0, 12),
        # One sentence that gives the answer first. Too long is the warning
        # headline-too-long, which also covers extra sentences.
        "headline": Band(6, 35, long="warning"),
        # Together about 300 words: two minutes at 150 words a minute, with the
        # Action the largest part. One short or long field in a story of the right
        # length is a matter of balance (a hint); the story-wide checks warn when
        # the whole answer is too short or too long. The Action is the exception:
        # under 50 words it cannot show three or four steps and their reasons.
        "situation": Band(20, 80),
        "complications": Band(15, 80),
        "action": Band(50, 180, short="warning"),
        "result": Band(15, 70),
        # Optional; only checked when written.
        "lessons": Band(10, 80),
    }
)
"""Word-count bands per field."""

REQUIRED_FIELDS: Final[tuple[str, ...]] = ("situation", "complications", "action", "result")
"""Fields that must not be empty: the four SCAR parts."""

STUB_FRACTION: Final = 3
"""A SCAR part shorter than a third of its band's minimum is as good as missing: its
too-short finding is an error, like the -missing one."""

HEADLINE_MAX_SENTENCES: Final = 1
"""A headline is one sentence: the answer, first."""


# --- Sentences: who does what -------------------------------------------------

FIRST_PERSON_SINGULAR: Final = frozenset(
    {"i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll"}
)
"""An Action with none of these and no step of the teller's own never says "I"."""
WE_SUBJECTS: Final = frozenset({"we", "we're", "we've", "we'd", "we'll"})
"""Words that make "we" the subject of a sentence."""
TEAM_SUBJECTS: Final[tuple[str, ...]] = ("our team", "the team", "my team", "the group")
"""Sentence openings that credit the team as a whole (counted like "we")."""

FUNCTION_WORDS: Final = frozenset(
    """
    a an the this that these those some any each every all both either neither no
    another other such what which whose whatever whichever
    i me my mine we us our ours you your yours he him his she her hers it its they
    them their theirs one someone somebody something anyone anybody anything
    everyone everybody everything nobody nothing none myself ourselves itself
    themselves yourself himself herself
    is am are was were be been being do does did done have has had having will would
    shall should can could may might must ought
    and or but nor so yet for if then than because since unless until while whereas
    although though whether once when whenever where wherever why how as
    of in on at by to from with without within into onto upon over under above below
    between among through throughout during before after around about against along
    across behind beyond despite toward towards via per like near off out up down
    instead rather also too very just only even still already again ever never not
    here there now then today later soon first second third next last finally
    meanwhile however therefore thus hence moreover furthermore otherwise ultimately
    eventually initially originally early immediately quickly soon together
    most more many much few fewer several less least own same
    """.split()
)
"""Closed-class words: a sentence that opens with one has an ordinary subject or an
opening phrase, never a bare verb. Anything else at the start of a sentence that is
followed by one of these (or that ends in -ed) is read as a verb-first step:
"Negotiated with the vendor", "Set up the review"."""

OBJECT_STARTERS: Final = frozenset(
    """
    a an the this that these those my our their his her its all every each both
    with to for into on in up out back down off over through across about from
    it them him her me us everyone everybody anyone
    """.split()
)
"""Words that follow a verb, not a subject: "Rolled back the change", "Met with
the leads". A capitalised first word followed by one of these is a verb."""

PAST_TENSE_VERBS: Final = frozenset(
    """
    built found wrote rewrote led ran set spent took made got met held sent brought
    drove gave kept chose began told sought caught taught bought won put cut shut
    read left lost oversaw undertook overcame drew grew split shipped rolled hired
    fought knew saw thought stood spoke understood
    """.split()
)
"""Irregular past forms (and a few short regular ones) that open a verb-first step."""

STEP_LABEL_MAX_WORDS: Final = 6
"""A line such as "Recovery: Worked with the DBA" opens with a label of at most this
many words before the colon; the step is what follows it."""

WE_HEAVY_MIN_PLURAL: Final = 2
"""``action-we-heavy``: at least this many steps led by "we" (see the rule)."""

DECISION_VERBS: Final[tuple[str, ...]] = (
    "decide",
    "decided",
    "agreed",
    "agree",
    "chose",
    "opted",
    "settled on",
    "went with",
    "picked",
    "selected",
    "concluded",
)
"""Verbs that make a decision, matched after a group subject ("we", "the team") or
in the passive ("it was decided") for ``action-we-decided``."""

GROUP_SUBJECTS: Final[tuple[str, ...]] = (
    "we",
    "we all",
    "we jointly",
    "we collectively",
    "we then",
    "we eventually",
    "we finally",
    "together we",
    "the team",
    "the group",
    "everyone",
    "everybody",
    "both teams",
    "all parties",
    "leadership",
    "management",
)
"""Subjects that hide who decided."""

PASSIVE_DECISIONS: Final[tuple[str, ...]] = (
    "it was decided",
    "it was agreed",
    "the decision was made",
    "a decision was made",
    "the decision was taken",
    "a decision was taken",
    "the call was made",
    "it was determined",
)
"""Decisions told with no one making them."""

OWN_DECISION_VERBS: Final[tuple[str, ...]] = (
    "decided",
    "chose",
    "recommended",
    "proposed",
    "made the call",
    "made the decision",
    "pushed for",
    "drove",
    "convinced",
    "persuaded",
)
"""With "I" in front: the Action already shows the teller deciding or recommending."""

UPWARD_WORDS: Final[tuple[str, ...]] = (
    "manager",
    "boss",
    "leadership",
    "director",
    "vp",
    "executive",
    "management",
    "skip-level",
    "head of",
    "cto",
    "ceo",
    "supervisor",
)
"""Who an escalation goes up to. "Escalated to a more experienced engineer" is asking
for help; "escalated to my director" hands the problem up (by word form)."""
UPWARD_WINDOW: Final = 6
"""How many words after an escalation phrase its target may be."""

ESCALATION_PHRASES: Final[tuple[str, ...]] = (
    "escalate",
    "raise it with my manager",
    "raise it to my manager",
    "ask my manager to",
    "ask my boss to",
    "go to my manager",
    "go to my boss",
    "my manager stepped in",
    "my manager took over",
    "my manager decided",
    "let my manager decide",
    "let leadership decide",
    "wait for my manager",
    "wait for leadership",
    "hand it to my manager",
    "hand it over to my manager",
)
"""Phrasing that reads as passing a problem up instead of driving it (by word form:
"escalated", "escalating", "went to my manager")."""

PROGRAM_WORDS: Final[tuple[str, ...]] = (
    *vocab.RISKS,
    *vocab.MITIGATION,
    *vocab.DEPENDENCIES,
    *vocab.MILESTONES,
    *vocab.DEADLINES,
    *vocab.PLANNING,
    *vocab.TRADE_OFFS,
    "stakeholder",
    "scope",
    "prioritize",
    "prioritise",
    "priority",
    "sequence",
    "replan",
    "re-plan",
    "owner",
    "ownership",
    "align",
    "alignment",
    "decision",
    "decide",
    "option",
    "go/no-go",
    "status",
    "budget",
    "resourcing",
    "headcount",
    "rollout",
    "phased",
    "cross-functional",
    "partner team",
    "leadership",
    "executive",
)
"""Words that show program work: the vocabulary a TPM's Action should carry (by word form)."""

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
    *vocab.ARCHITECTURE,
    *vocab.SOFTWARE,
    *vocab.RELIABILITY,
    *vocab.MIGRATION,
    *vocab.TECH_DEBT,
    *vocab.ROOT_CAUSE,
    *vocab.SCALABILITY,
    *vocab.SYSTEMS_WORK,
)
"""Technical content: what a story tagged technical depth should show (by word form)."""
MIN_TECHNICAL_TERMS: Final = 2
"""A technical-depth story needs at least this many distinct technical terms."""

TECHNICAL_TAGS: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {"tpm": ("technical-depth",)}
)
"""Competency tags (per framework id) that promise technical content."""


# --- Result: measured change and impact ------------------------------------------

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
    "dozen",
    "dozens",
    "a third",
    "a quarter",
)
"""Spelled-out quantities. "one" is left out: "one of the teams" is not a figure."""

MULTIPLIER_WORDS: Final[tuple[str, ...]] = (
    "halved",
    "doubled",
    "tripled",
    "quadrupled",
    "tenfold",
    "twice as",
    "three times",
    "ten times",
)
"""A change stated as a multiple: a measured result on its own."""

CHANGE_WORDS: Final[tuple[str, ...]] = (
    "reduce",
    "reduction",
    "cut",
    "decrease",
    "increase",
    "improve",
    "grow",
    "growth",
    "drop",
    "fall",
    "rise",
    "raise",
    "lower",
    "shrink",
    "boost",
    "lift",
    "uplift",
    "slash",
    "gain",
    "lose",
    "speed up",
    "accelerate",
    "climb",
    "jump",
    "decline",
    "down",
    "up",
    "save",
    "saving",
    "trim",
    "balloon",
    "spike",
    "soar",
    "surge",
    "plummet",
)
"""Verbs and nouns of change; a figure right after one ("cut 40%", "dropped to 15
minutes", "saved 12 hours") or right before a noun ("a 30% reduction") is a
measured change (by word form)."""

COMPARATIVE_WORDS: Final[tuple[str, ...]] = (
    "faster",
    "slower",
    "fewer",
    "more",
    "less",
    "higher",
    "lower",
    "smaller",
    "larger",
    "bigger",
    "shorter",
    "longer",
    "cheaper",
    "earlier",
    "sooner",
    "better",
    "worse",
    "early",
    "ahead",
    "late",
    "over budget",
    "under budget",
    "past the deadline",
    "before the deadline",
    "ahead of schedule",
    "behind schedule",
)
"""A figure followed by one of these is a comparison: "2 weeks early", "40% fewer
tickets", "one week past the deadline", "5% over budget"."""

COMPARISON_MARKERS: Final[tuple[str, ...]] = (
    "instead of",
    "rather than",
    "versus",
    "vs",
    "compared to",
    "compared with",
    "down from",
    "up from",
)
"""Between two figures (or after one), these make a comparison: "in 3 months instead
of 6"."""

OUTCOME_VERBS: Final[tuple[str, ...]] = (
    "prevent",
    "avoid",
    "catch",
    "caught",
    "resolve",
    "eliminate",
    "remove",
    "retire",
    "sign",
    "win",
    "onboard",
    "retain",
    "recover",
    "unlock",
    "acquire",
    "add",
    "migrate",
    "serve",
    "process",
    "automate",
    "handle",
)
"""A figure right after one of these counts outcomes ("prevented 3 incidents",
"signed 12 customers"), which is measured (by word form)."""

PARTICIPANT_NOUNS: Final[tuple[str, ...]] = (
    "team",
    "people",
    "person",
    "engineer",
    "developer",
    "member",
    "stakeholder",
    "lead",
    "director",
    "manager",
    "department",
    "group",
    "partner",
    "colleague",
    "report",
    "org",
    "organization",
    "function",
    "side",
    "party",
)
"""A count of these says who took part, not what changed: "kept two teams" is not a
result (by word form)."""

CLAIM_WORDS: Final[tuple[str, ...]] = (
    # "grow" is left out: "she grew into the role" is a person developing, not a
    # metric changing.
    *(word for word in CHANGE_WORDS if word not in ("grow", "growth")),
    "faster",
    "higher",
    "better",
    "more",
    "fewer",
    "less",
    "significant",
    "significantly",
    "substantial",
    "substantially",
    "dramatic",
    "dramatically",
    "greatly",
    "massive",
    "massively",
    "huge",
)
"""Words that claim a change or its size; without a figure, the panel asks "by how
much?" (by word form)."""

_IMPACT_FAMILIES: tuple[str, ...] = (
    *vocab.CUSTOMERS,
    *vocab.REVENUE,
    *vocab.COSTS,
    *vocab.SAVINGS,
    *vocab.CUSTOMER_METRICS,
    *vocab.SATISFACTION,
    *vocab.COMPLAINTS,
    *vocab.RISKS,
    *vocab.INCIDENTS,
    *vocab.REGULATION,
    "latency",
    "availability",
    "uptime",
    "response time",
    "page load",
    "error rate",
    "sla",
    "slo",
    "arr",
    "mrr",
    "bookings",
    "discount",
    "money",
    "dollar",
    "time to market",
    "to market",
    "competitor",
    "support ticket",
    "ticket volume",
    "retention",
    "engagement",
    "data loss",
    "security",
    "audit",
    "fine",
    "penalty",
    "liability",
)
IMPACT_EXACT_WORDS: Final[tuple[str, ...]] = (
    "adoption",
    "conversion",
    "retention",
    "engagement",
    "availability",
    "security",
    "spend",
    "spending",
    "fines",
    "emergency",
    "market",
    "markets",
)
"""Impact words matched only as written: their other forms mean something else ("we
adopted a process", "made it available", "spent a week")."""

IMPACT_WORDS: Final[tuple[str, ...]] = tuple(
    word for word in _IMPACT_FAMILIES if word not in IMPACT_EXACT_WORDS
)
"""What a Result should name: who or what the work changed for the business (by word
form, plus :data:`IMPACT_EXACT_WORDS`). "Performance", "on time" and "shipped" alone
are delivery, not impact."""


HARM_WORDS: Final[tuple[str, ...]] = (
    *vocab.INCIDENTS,
    *vocab.MISTAKES,
    *vocab.DEFECTS,
    *vocab.DELAYS,
    *vocab.RISKS,
    "issue",
    "loss",
    "losses",
    "fine",
    "penalty",
    "churn",
    "escalation",
    "complaint",
)
"""Bad outcomes: "prevented" or "avoided" one of these is a risk impact (by word form)."""
HARM_WINDOW: Final = 4
"""How many words after "prevented" or "avoided" the bad outcome may come."""

SCHEDULE_WORDS: Final[tuple[str, ...]] = (
    "on time",
    "on schedule",
    "on track",
    "on the date",
    "before the deadline",
    "met the deadline",
    "ahead of schedule",
    "ahead of the schedule",
    "early",
    "launched",
    "shipped",
    "delivered",
    "went live",
)
"""Delivery words: impact only when the story has said what the date protected."""

STAKE_WORDS: Final[tuple[str, ...]] = (
    *IMPACT_WORDS,
    *IMPACT_EXACT_WORDS,
    *vocab.REGULATION,
    "fines",
    "legal",
    "contract",
)
"""Stakes named before the Result (Situation, Complications) that make meeting the date
an impact: "the regulator's deadline", "the customer contract"."""

PERSON_WORDS: Final[tuple[str, ...]] = (
    "he",
    "she",
    "they",
    "both",
    "engineer",
    "developer",
    "report",
    "hire",
    "mentee",
    "member",
    "colleague",
    "peer",
    "lead",
    "manager",
    "intern",
    "relationship",
    "trust",
)
"""Subjects of a Result about people: "The engineer stayed", "Trust came back". In
such a Result (a people, conflict or failure story's), a missing number is a hint."""


# --- Complications: what stood in the way -----------------------------------------

OBSTACLE_WORDS: Final[tuple[str, ...]] = (
    *vocab.OBSTACLES,
    *vocab.BLOCKERS,
    *vocab.RISKS,
    *vocab.AMBIGUITY,
    *vocab.DISAGREEMENT,
    *vocab.CONFLICT,
    *vocab.CONSTRAINTS,
    *vocab.DELAYS,
    *vocab.DEADLINES,
    *vocab.INCIDENTS,
    *vocab.DEFECTS,
    *vocab.MISTAKES,
    *vocab.PRESSURE,
    *vocab.TIGHT,
    *vocab.DEPENDENCIES,
    *vocab.DIFFICULTY,
    *vocab.CHALLENGES,
    *vocab.PROBLEMS,
    *vocab.COMPLEXITY,
    *vocab.UPHEAVAL,
    *vocab.REGULATION,
    *vocab.NO_OWNER,
    "resist",
    "reluctant",
    "skeptical",
    "sceptical",
    "refuse",
    "reject",
    "concern",
    "worry",
    "crash",
    "corrupt",
    "degrade",
    "wrong",
    "competing",
    "budget cut",
    "freeze",
    "penalty",
    "fines",
    "regulator",
    "mandate",
    "law",
    "churn",
    "complaint",
    "attrition",
    "run out",
    "running out",
    "lack",
    "insufficient",
    "inconsistent",
    "intermittent",
    "flaky",
    "fragile",
    "slow",
    "legacy",
    "jeopardize",
    "jeopardise",
    "endanger",
    "strain",
    "overload",
    "burnout",
    "distrust",
    "threaten",
    "critical path",
)
"""Words that name what stood in the way, wherever they appear (by word form)."""

PREFIX_OBSTACLES: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        # "unclear", "unrealistic", "unowned", "unable", "unexpected".
        "un": frozenset(
            """
            under understand understood understanding until unit units unique united
            universal university union unless unify unified uniform unlock unlocked
            unblock unblocked unblocking undo undone unveil unveiled unpack unanimous
            unanimously uninstall unsubscribe
            """.split()
        ),
        # "misaligned", "miscommunication", "misunderstood".
        "mis": frozenset("mission missions missile mist misc mischief".split()),
        # "underestimated", "understaffed", "underfunded".
        "under": frozenset(
            """
            understand understood understanding undertake undertook undertaken underline
            underlined underlying underneath undergo underwent underway underscore
            underscored undersigned
            """.split()
        ),
        # "overloaded", "overcommitted", "overrun", "overwhelmed".
        "over": frozenset(
            """
            overview oversee oversaw overseeing overseen overall overnight overhaul
            overhauled overtime overlook overlooked overseas overt
            """.split()
        ),
    }
)
"""Prefixes that turn a word into trouble, with the words that merely start that way.
The rest of the word must have at least four letters ("unclear", not "unit")."""

CONTRAST_WORDS: Final[tuple[str, ...]] = (
    "but",
    "however",
    "yet",
    "although",
    "though",
    "despite",
    "in spite of",
    "without",
    "whereas",
    "instead",
    "even though",
    "only to",
)
"""Contrast: in the Complications, what follows is usually the snag."""

NEGATION_WORDS: Final[tuple[str, ...]] = (
    "not",
    "no",
    "never",
    "nobody",
    "no one",
    "nothing",
    "none",
    "neither",
    "nor",
    "cannot",
    "unable",
)
"""Negation (words ending in "n't" count too): what could not be done or was missing."""

NEED_WORDS: Final[tuple[str, ...]] = (
    "had to",
    "have to",
    "needed to",
    "required",
    "requirement",
    "must",
    "forced",
    "mandated",
    "mandatory",
    "only",
    "sole",
    "alone",
    "limited",
)
"""Demands and limits: "Security required a full audit", "the only engineer"."""

STANCE_VERBS: Final[tuple[str, ...]] = (
    "want",
    "insist",
    "demand",
    "prefer",
    "expect",
    "argue",
    "push for",
    "pushed for",
    "ask for",
    "asked for",
    "advocate",
    "favor",
    "favour",
)
"""What a party wanted; two of them in the Complications are an opposition
("Marketing wanted X. Finance wanted Y.") (by word form)."""

OPPOSITION_MIN_STANCES: Final = 2
"""Stances in the Complications that make an opposition."""

FAILURE_WORDS: Final[tuple[str, ...]] = vocab.FAILURES
"""A failure in the Complications is a setback the story had to get past (by word form)."""

TIME_UNITS: Final[tuple[str, ...]] = (
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "sprint",
    "year",
)
"""Units of a time limit: "with only 48 hours until the release", "six weeks away"
(by word form)."""

TIME_LIMIT_WORDS: Final[tuple[str, ...]] = (
    "until",
    "left",
    "away",
    "before",
    "to go",
    "remaining",
    "only",
    "just",
    "within",
)
"""Next to a figure and a time unit, these make a time limit."""


# --- Decisions and their rationale ------------------------------------------------

DECISION_WORDS: Final[tuple[str, ...]] = (
    "decide",
    "decision",
    "choose",
    "choice",
    "opt",
    "settle on",
    "go with",
    "went with",
    "prioritize",
    "prioritise",
    "deprioritize",
    "cancel",
    "escalate",
    "propose",
    "advocate",
    "compromise",
    "switch to",
    "adopt",
    "reject",
    "veto",
    "postpone",
    "descope",
    "made the call",
    "make the call",
    "pulled the plug",
    "shut down",
)
"""Words that state a decision (by word form). "let <someone> go" is found too."""

DESIGN_NOUNS: Final[tuple[str, ...]] = (
    "pattern",
    "approach",
    "architecture",
    "design",
    "strategy",
    "framework",
    "format",
    "model",
    "policy",
)
"""Chosen designs: "I implemented a tenant-context pattern" is a decision (by word form)."""

DESIGN_VERBS: Final[tuple[str, ...]] = (
    "implement",
    "introduce",
    "use",
    "build",
    "adopt",
    "choose",
    "pick",
    "apply",
    "set up",
)
"""Verbs that, followed closely by a design noun, state a design decision."""
DESIGN_WINDOW: Final = 6
"""How many words after a design verb its noun may come."""

RATIONALE_WORDS: Final[tuple[str, ...]] = (
    # Reasons.
    "because",
    "so that",
    "in order to",
    "given that",
    "due to",
    "the reason",
    "which meant",
    "which would",
    "would have",
    "otherwise",
    "to avoid",
    "to prevent",
    "to protect",
    "driven by",
    # Trade-offs.
    *vocab.TRADE_OFFS,
    "pros and cons",
    "instead of",
    "rather than",
    "versus",
    "vs",
    "compared",
    "comparison",
    "alternative",
    "option",
    "at the cost of",
    "at the expense of",
    "downside",
    "upside",
    "benefit",
    # Data.
    "showed that",
    "shows that",
    "data showed",
    "which showed",
    "found that",
    "revealed",
    "confirmed",
    "calculated",
    "measured",
    "estimated",
    "benchmark",
    "prototype",
    "pilot",
    "trial run",
    "a/b test",
    "survey",
    "evidence",
    "based on the data",
    "based on data",
    "based on this information",
    "based on the analysis",
    "based on feedback",
    "data showed",
    # People consulted.
    "consulted",
    "interviewed",
    "met with",
    "meeting with",
    "talked to",
    "spoke with",
    "checked with",
    "reviewed with",
    "feedback from",
    "input from",
    "asked",
    "assessing",
    "assessed",
)
"""What turns a decision into a reasoned one: a reason, a trade-off weighed, the data
used, or the people consulted (by word form)."""


# --- Specifics: names and dates --------------------------------------------------

PLACEHOLDER_NAMES: Final[tuple[str, ...]] = (
    "XYZ",
    "ABC",
    "Acme",
    "Company X",
    "Company Y",
    "Client X",
    "Client A",
    "Project X",
    "Product X",
    "Team X",
    "Person X",
    "Foo",
)
"""Stand-ins for a real name: a story that uses one reads as a template."""

ROLE_WORDS: Final = frozenset(
    """
    head chief director manager lead leader engineer engineering developer development
    product products program project marketing finance sales legal security support
    operations ops leadership management design data platform infrastructure research
    qa hr it team teams customer customers success services service business strategy
    partner partners vendor vendors executive executives committee board office group
    department division unit org organization company client clients user users staff
    senior junior principal staff architect architecture analyst scientist officer
    president founder owner stakeholder stakeholders review reviews meeting standup success
    council panel squad tribe guild chapter center centre
    """.split()
)
"""Capitalised words that name a role or function, not a specific organisation:
"Head of Marketing", "the Security team"."""

MONTHS: Final = frozenset(
    """
    january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec
    """.split()
)
"""Month names: a date is a specific."""

WEEKDAYS: Final = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
"""Weekday names: capitalised, but not a name and not a date on their own."""

TOOL_INTRODUCERS: Final = frozenset("use used using via tool tools with".split())
"""A name right after one of these is a tool everyone uses, not what makes the story
yours ("using Datadog")."""


# --- Jargon -----------------------------------------------------------------------

JARGON_TERMS: Final[tuple[str, ...]] = (
    "middleware",
    "race condition",
    "deadlock",
    "mutex",
    "semaphore",
    "idempotent",
    "idempotency",
    "sharding",
    "shard",
    "circuit breaker",
    "strangler fig",
    "blue-green",
    "canary release",
    "canary deploy",
    "monorepo",
    "sidecar",
    "service mesh",
    "event sourcing",
    "backpressure",
    "connection pool",
    "thread pool",
    "thundering herd",
    "dead letter queue",
    "eventual consistency",
    "two-phase commit",
    "lazy loading",
    "memoization",
    "cache invalidation",
    "garbage collection",
    "stack trace",
    "heap dump",
    "cron job",
    "regex",
    "yaml",
    "webhook",
    "websocket",
    "serialization",
    "deserialization",
    "payload",
    "query plan",
    "join query",
    "table lock",
    "row lock",
    "foreign key",
    "primary key",
    "hash ring",
    "consistent hashing",
    "bloom filter",
    "linter",
    "transpile",
    "polyfill",
    "monkey patch",
    "singleton",
    "dependency injection",
    "feature toggle",
    "terraform",
    "helm chart",
    "kubectl",
    "hotpath",
    "hot path",
)
"""Insider engineering terms a cross-functional panel would need explained (by word
form). Everyday product words (API, deployment, migration) are not here."""

COMMON_CODES: Final = frozenset(
    """
    q1 q2 q3 q4 h1 h2 p0 p1 p2 p3 p4 sev0 sev1 sev2 sev3 sev4 s1 s2 s3 fy b2b b2c
    24x7 w2 k12 v1 v2 v3 mp3 mp4 4g 5g 3d 2d
    """.split()
)
"""Letter-and-digit codes any panel reads (quarters, priorities, severities); other
codes ("EC2", "p95", "k8s") are insider terms."""

EMPLOYER_INTRODUCERS: Final = frozenset("at for joined from by".split())
"""A CamelCase name after one of these is the company ("at FoodMesh"), not jargon."""


# --- Hedges and filler --------------------------------------------------------

HEDGE_PHRASES: Final[tuple[str, ...]] = (
    "kind of",
    "sort of",
    "kinda",
    "sorta",
    "basically",
    "i guess",
    "i think",
    "i believe",
    "i feel like",
    "i feel that",
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
    "to be honest",
    "you know",
    "i mean",
)
"""Filler and hedges that make a confident story sound unsure. Intensifiers such as
"actually" or "honestly" are left out: in a written answer they read as emphasis."""


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
        "JSON", "XML", "HTML", "CSS", "CSV", "REST", "GDPR", "USB", "TV", "OK", "SMS",
        "SEO", "FTE", "YOY",
        # Places, currencies, clock times, numerals.
        "US", "USA", "UK", "EU", "APAC", "EMEA", "LATAM", "USD", "EUR", "GBP", "CAD",
        "AUD", "INR", "JPY", "CHF", "CNY", "SGD", "AM",
        "II", "III", "IV",
        # Words typed in capitals for emphasis, not acronyms.
        "NOT", "NO", "ALL", "ANY", "NEVER", "MUST", "ONLY", "VERY",
    }
)  # fmt: skip
"""Acronyms (and capitalised words) a panel understands without explanation."""

COMMON_MIXED_CASE: Final = frozenset(
    """
    saas paas iaas phd mba ios ipad iphone imac macos macbook linkedin youtube github
    gitlab javascript typescript powerpoint devops mcdonald mckinsey ebay paypal
    openai chatgpt wifi postgresql mysql nosql graphql
    """.split()
)
"""Names with inner capitals that any panel reads ("SaaS", "PhD", "GitHub")."""


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
    "we underestimated",
    "i misjudged",
)
"""Phrasing in a headline or Result that tells the story of a failure.

Only the headline and Result are read: setbacks in the Complications are part
of most success stories.
"""

FAILURE_TEXT_FIELDS: Final[tuple[str, ...]] = ("headline", "result")
"""Where :data:`FAILURE_PHRASES` are looked for."""

LESSON_PHRASES: Final[tuple[str, ...]] = (
    "i learned",
    "i learnt",
    "we learned",
    "lesson",
    "taught me",
    "takeaway",
    "i now",
    "now i",
    "since then",
    "going forward",
    "next time",
    "in hindsight",
    "looking back",
    "would do differently",
    "do differently",
    "i realized",
    "i realised",
)
"""A lesson told inside the Result: it counts, but belongs in Lessons."""


# --- Competencies ----------------------------------------------------------------

MAX_COMPETENCIES: Final = 4
"""Past this many tags in one framework, a story claims everything and proves little."""


# --- Readiness -----------------------------------------------------------------------

READINESS_WEIGHTS: Final[Mapping[Severity, int]] = MappingProxyType(
    {"error": 20, "warning": 10, "hint": 2}
)
"""Points one finding takes off a perfect readiness score of 100."""

READINESS_FIELD_CAP: Final = 30
"""The most one field (or the story as a whole) can cost, however many findings it
has: a story is weak in several places, not ruined by one."""

SPECIFIC_DETAIL_BONUS: Final = 2
"""Points back per specific detail (a name, a date, a measured change), up to
:data:`SPECIFIC_DETAIL_MAX`, for a story that has findings."""
SPECIFIC_DETAIL_MAX: Final = 10

READY_MIN_SCORE: Final = 85
"""Score from which a story is labelled ``ready``."""
READY_MAX_WARNINGS: Final = 1
"""A story with an error or more warnings than this scores below ``ready`` whatever
its detail earns back."""
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
        severity: The severity of a sure finding. Where a rule is unsure (the
            obstacle is only in the Situation, a number would not be natural),
            it reports the same id as a ``hint``.
        category: The kind of weakness (one of :data:`CATEGORIES`).
        summary: One line for help screens and docs.
    """

    id: str
    field: str
    severity: Severity
    category: Category
    summary: str


def _catalogue(*specs: CheckSpec) -> Mapping[str, CheckSpec]:
    return MappingProxyType({spec.id: spec for spec in specs})


def _missing(field: str, category: Category = "structure") -> CheckSpec:
    return CheckSpec(f"{field}-missing", field, "error", category, f"{field.capitalize()} is empty")


def _too_short(field: str, category: Category = "thin") -> CheckSpec:
    band = LENGTH_BANDS[field]
    summary = f"{field.capitalize()} under {band.min_words} words"
    return CheckSpec(f"{field}-too-short", field, band.short, category, summary)


def _too_long(field: str) -> CheckSpec:
    band = LENGTH_BANDS[field]
    summary = f"{field.capitalize()} over {band.max_words} words"
    return CheckSpec(f"{field}-too-long", field, band.long, "structure", summary)


STORY_CHECKS: Final[Mapping[str, CheckSpec]] = _catalogue(
    _too_long("title"),
    CheckSpec("headline-missing", "headline", "warning", "headline", "No one-sentence headline"),
    _too_short("headline", "headline"),
    CheckSpec(
        "headline-too-long",
        "headline",
        "warning",
        "headline",
        f"Headline longer than one sentence or {LENGTH_BANDS['headline'].max_words} words",
    ),
    _missing("situation"),
    _too_short("situation"),
    _too_long("situation"),
    _missing("complications", "complications"),
    _too_short("complications"),
    _too_long("complications"),
    CheckSpec(
        "complications-no-obstacle",
        "complications",
        "warning",
        "complications",
        "Complications name no obstacle, ambiguity, conflict or risk",
    ),
    _missing("action"),
    _too_short("action"),
    _too_long("action"),
    CheckSpec(
        "action-we-heavy", "action", "warning", "ownership", "Action says 'we' more than 'I'"
    ),
    CheckSpec("action-no-i", "action", "warning", "ownership", "Action never says what I did"),
    CheckSpec(
        "action-we-decided",
        "action",
        "warning",
        "ownership",
        "A decision told as 'we decided' or 'it was decided'",
    ),
    CheckSpec(
        "action-escalation", "action", "warning", "ownership", "Action escalates instead of driving"
    ),
    CheckSpec(
        "action-too-technical",
        "action",
        "warning",
        "jargon",
        "Action is implementation detail with no program words",
    ),
    CheckSpec(
        "action-no-why",
        "action",
        "warning",
        "why",
        "Decisions without the data, trade-off or people behind them",
    ),
    _missing("result", "quantified"),
    _too_short("result"),
    _too_long("result"),
    CheckSpec(
        "result-not-quantified",
        "result",
        "error",
        "quantified",
        "Result has no measured change",
    ),
    CheckSpec("result-no-impact", "result", "warning", "impact", "Result names no business impact"),
    CheckSpec(
        "lessons-missing-for-failure",
        "lessons",
        "error",
        "lessons",
        "Story tagged failure-and-learning has no lessons",
    ),
    CheckSpec(
        "lessons-missing-for-setback",
        "lessons",
        "warning",
        "lessons",
        "Headline or Result describes a failure but there are no lessons",
    ),
    _too_short("lessons", "lessons"),
    _too_long("lessons"),
    CheckSpec(
        "competencies-none", "competencies", "warning", "tags", "No tags in the active framework"
    ),
    CheckSpec(
        "competencies-too-many",
        "competencies",
        "hint",
        "tags",
        f"More than {MAX_COMPETENCIES} tags in the active framework",
    ),
    CheckSpec(
        "competencies-technical-without-content",
        "competencies",
        "warning",
        "thin",
        "Tagged technical depth but the story has no technical content",
    ),
    CheckSpec("story-too-short", "story", "warning", "thin", "Under 45 seconds when spoken"),
    CheckSpec(
        "story-too-long", "story", "hint", "length", "Over the two-minute target when spoken"
    ),
    CheckSpec("story-rambling", "story", "error", "length", "Over three minutes when spoken"),
    CheckSpec("story-hedging", "story", "warning", "hedging", "Filler and hedges"),
    CheckSpec(
        "story-acronyms", "story", "warning", "jargon", "Acronyms neither common nor explained"
    ),
    CheckSpec(
        "story-jargon", "story", "warning", "jargon", "Insider terms a panel would need explained"
    ),
    CheckSpec(
        "story-generic",
        "story",
        "warning",
        "generic",
        "No names or dates: the story could be anyone's",
    ),
    CheckSpec(
        "story-unanswered-follow-ups",
        "story",
        "warning",
        "thin",
        "A follow-up question with no answer (one you could not answer in an interview)",
    ),
)
"""Every story check id, in the order :func:`~storybank.checks.check_story` reports them."""

BANK_CHECKS: Final[Mapping[str, CheckSpec]] = _catalogue(
    CheckSpec("bank-empty", "bank", "warning", "bank", "The bank has no stories"),
    CheckSpec("bank-too-few", "bank", "warning", "bank", f"Fewer than {BANK_MIN_STORIES} stories"),
    CheckSpec("bank-too-many", "bank", "warning", "bank", f"More than {BANK_MAX_STORIES} stories"),
    CheckSpec("bank-gap", "bank", "warning", "bank", "A competency no story covers"),
    CheckSpec("bank-thin", "bank", "hint", "bank", "A competency only one story covers"),
    CheckSpec("bank-duplicate", "bank", "warning", "bank", "Two stories that are near-duplicates"),
)
"""Every bank check id, in the order :func:`~storybank.checks.check_bank` reports them."""
