"""The words storybank reads stories and questions by, grouped by what they mean.

Both the checks (what a story lacks) and the matcher (which competency a
question asks about) need to know which words name an obstacle, a business
impact or a piece of technology. Each notion is written here once, as a family
of plain English words and short phrases, and both sides build their lists
from these families: :mod:`storybank.checks.rules` unions them into what a
check looks for, :mod:`storybank.matching.lexicon` files each family under its
concept.

Entries are written the way people write them, in lowercase. The checks match
single words through :func:`storybank.core.morphology.stem`, so one form
covers the others ("resist" also finds "resistant" and "resistance"); a family
that lists several forms of a word does so because the matcher reads them as
written. A family the matcher uses only holds words that concept already
means, so sharing a word never changes what a question matches.
"""

from __future__ import annotations

from typing import Final

Family = tuple[str, ...]
"""A group of words and phrases that mean the same kind of thing."""

# --- Who a result matters to ----------------------------------------------------

CUSTOMERS: Final[Family] = (
    "customer",
    "client",
    "consumer",
    "user",
    "end user",
    "buyer",
    "shopper",
    "merchant",
    "subscriber",
    "patient",
)
"""The people a business serves (matcher concept ``customer``)."""

REVENUE: Final[Family] = (
    "revenue",
    "profit",
    "profitability",
    "sales",
    "margin",
    "market share",
    "roi",
    "return on investment",
    "go-to-market",
    "go to market",
)
"""Money coming in (matcher concept ``business``)."""

COSTS: Final[Family] = ("cost", "costs", "expense", "spend", "budget", "price", "pricing")
"""Money going out (matcher concept ``cost``)."""

SAVINGS: Final[Family] = ("save", "saved", "saving")
"""Money or time kept (matcher concept ``save``)."""

CUSTOMER_METRICS: Final[Family] = ("adoption", "conversion")
"""How many customers take up a product (matcher concept ``adoption``)."""

SATISFACTION: Final[Family] = ("satisfaction", "nps", "csat", "net promoter")
"""How customers feel about it (matcher concept ``satisfaction``)."""

COMPLAINTS: Final[Family] = ("complaint", "complaints", "churn")
"""Customers leaving or complaining (matcher concept ``complaint``)."""

# --- What stood in the way ----------------------------------------------------------

RISKS: Final[Family] = ("risk", "risks", "risky", "at risk", "threat", "hazard", "exposure")
"""Something bad that may happen (matcher concept ``risk``)."""

DEADLINES: Final[Family] = (
    "deadline",
    "deadlines",
    "due date",
    "hard date",
    "fixed date",
    "launch date",
    "cutoff",
    "time constraint",
    "limited time",
    "time pressure",
    "tight timeline",
    "tight schedule",
    "hard deadline",
)
"""A date that cannot move (matcher concept ``deadline``)."""

DELAYS: Final[Family] = (
    "behind schedule",
    "falling behind",
    "fell behind",
    "slip",
    "slipped",
    "slipping",
    "slippage",
    "delay",
    "delayed",
    "delays",
    "off track",
    "derail",
    "derailed",
    "overdue",
    "overrun",
)
"""Work running late (matcher concept ``behind``)."""

INCIDENTS: Final[Family] = (
    "incident",
    "incidents",
    "outage",
    "outages",
    "downtime",
    "crisis",
    "emergency",
    "breach",
    "production issue",
    "production incident",
    "critical bug",
    "meltdown",
    "disaster",
)
"""Something broken in production (matcher concept ``incident``)."""

DEFECTS: Final[Family] = ("defect", "bug", "regression", "glitch", "flaw", "broken", "error rate")
"""Faults in what was built (matcher concept ``defect``)."""

MISTAKES: Final[Family] = ("mistake", "mistakes", "error", "errors", "went wrong", "misjudged")
"""Something someone got wrong (matcher concept ``fail``)."""

FAILURES: Final[Family] = ("fail", "failed", "failing", "failure", "failures")
"""Not achieving something (matcher concept ``fail``)."""

DISAGREEMENT: Final[Family] = (
    "disagree",
    "disagreement",
    "disagreed",
    "pushback",
    "push back",
    "pushed back",
    "pushing back",
    "objection",
    "oppose",
    "opposition",
    "opposed",
    "dissent",
    "contested",
    "overruled",
    "veto",
)
"""People arguing against a plan (matcher concept ``disagree``)."""

CONFLICT: Final[Family] = (
    "conflict",
    "clash",
    "friction",
    "tension",
    "feud",
    "dispute",
    "turf war",
    "at odds",
    "rivalry",
    "hostile",
    "mutually exclusive",
    "incompatible",
    "opposing",
)
"""People or goals pulling against each other (matcher concept ``conflict``)."""

AMBIGUITY: Final[Family] = (
    "ambiguous",
    "ambiguity",
    "unclear",
    "vague",
    "uncertain",
    "uncertainty",
    "undefined",
    "ill-defined",
    "unknown",
    "unknowns",
    "murky",
    "no playbook",
    "no precedent",
    "no clear",
    "not clear",
    "poorly defined",
)
"""Not knowing what to do (matcher concept ``ambiguous``)."""

OBSTACLES: Final[Family] = (
    "obstacle",
    "setback",
    "hurdle",
    "roadblock",
    "barrier",
    "adversity",
    "impediment",
    "headwind",
)
"""The general words for what stands in the way (matcher concept ``obstacle``)."""

BLOCKERS: Final[Family] = (
    "blocked",
    "blocker",
    "blockers",
    "stalled",
    "stuck",
    "deadlock",
    "impasse",
    "gridlock",
    "bottleneck",
    "bottlenecks",
    "unresponsive",
)
"""Work that cannot move (matcher concept ``stall``)."""

CONSTRAINTS: Final[Family] = (
    "constraint",
    "constraints",
    "constrained",
    "scarce",
    "scarcity",
    "shortage",
    "short-staffed",
    "understaffed",
    "under-resourced",
    "skeleton crew",
    "tight budget",
    "no budget",
)
"""Too little of something: people, money, time (matcher concept ``limit``)."""

PRESSURE: Final[Family] = ("pressure", "high stakes", "crunch", "time pressure")
"""Stakes and stress (matcher concept ``pressure``)."""

TIGHT: Final[Family] = (
    "aggressive",
    "compressed",
    "short notice",
    "last minute",
    "last-minute",
    "unrealistic",
    "non-negotiable",
    "immovable",
)
"""A plan with no slack (matcher concept ``tight``)."""

DEPENDENCIES: Final[Family] = (
    "dependency",
    "dependencies",
    "interdependency",
    "interdependencies",
)
"""Work waiting on other work (matcher concept ``dependency``)."""

DIFFICULTY: Final[Family] = (
    "difficult",
    "difficulty",
    "difficulties",
    "tough",
    "tricky",
    "struggle",
    "struggled",
    "struggling",
)
"""Hard going (matcher concept ``difficult``)."""

CHALLENGES: Final[Family] = ("challenge", "challenges", "challenged")
"""The word "challenge" itself (matcher concept ``challenge``)."""

PROBLEMS: Final[Family] = ("problem", "problems")
"""The word "problem" itself (matcher concept ``problem``)."""

COMPLEXITY: Final[Family] = ("complex", "complexity", "complicated", "convoluted")
"""Too many moving parts (matcher concept ``complex``)."""

UPHEAVAL: Final[Family] = (
    "reorg",
    "reorganization",
    "restructuring",
    "turnover",
    "moving target",
    "changing requirements",
)
"""The ground moving under a program (matcher concept ``change``)."""

REGULATION: Final[Family] = (
    "regulation",
    "regulations",
    "regulatory",
    "compliance",
    "legal",
    "lawsuit",
)
"""Rules from outside the company (matcher concept ``security``)."""

NO_OWNER: Final[Family] = ("nobody owned", "no one owned", "no owner", "unowned")
"""Work nobody was responsible for (matcher concept ``proactive``)."""

# --- Program management -----------------------------------------------------------------

MILESTONES: Final[Family] = (
    "milestone",
    "milestones",
    "critical path",
    "timeline",
    "timelines",
    "schedule",
)
"""Dates and the path to them (matcher concept ``milestone``)."""

PLANNING: Final[Family] = ("plan", "roadmap", "cadence")
"""Plans and their rhythm (matcher concept ``plan``)."""

TRADE_OFFS: Final[Family] = ("tradeoff", "trade-off", "trade off", "weigh", "weighed", "weighing")
"""Weighing one thing against another (matcher concept ``tradeoff``)."""

MITIGATION: Final[Family] = ("mitigate", "mitigated", "mitigation", "contingency")
"""Reducing a risk (matcher concept ``mitigate``)."""

# --- Technology ---------------------------------------------------------------------------

ARCHITECTURE: Final[Family] = (
    "architecture",
    "architectural",
    "system design",
    "infrastructure",
    "microservice",
    "microservices",
    "database",
    "databases",
    "schema",
    "api",
    "apis",
    "backend",
    "frontend",
    "cloud",
    "kubernetes",
    "distributed system",
    "distributed systems",
    "protocol",
    "network",
    "hardware",
    "firmware",
    "integration",
    "component",
    "components",
    "service",
    "services",
    "server",
    "servers",
    "pipeline",
    "pipelines",
    "data model",
)
"""How a system is built (matcher concept ``architecture``)."""

SOFTWARE: Final[Family] = (
    "codebase",
    "algorithm",
    "refactor",
    "deployment",
    "ci/cd",
    "sdk",
    "code review",
)
"""Writing and shipping code (matcher concept ``code``)."""

RELIABILITY: Final[Family] = (
    "latency",
    "throughput",
    "availability",
    "uptime",
    "reliability",
    "failover",
    "redundancy",
    "fault tolerance",
    "response time",
)
"""How well a system holds up (matcher concept ``reliability``)."""

MIGRATION: Final[Family] = ("migration", "migrations")
"""Moving from one system to another (matcher concept ``migration``)."""

TECH_DEBT: Final[Family] = ("technical debt", "tech debt")
"""Work owed on old code (matcher concept ``techdebt``)."""

ROOT_CAUSE: Final[Family] = ("root cause",)
"""Finding why something broke (matcher concept ``rootcause``)."""

SCALABILITY: Final[Family] = ("scalability", "scaling")
"""Growing a system (matcher concept ``scale``)."""

SYSTEMS_WORK: Final[Family] = (
    "cache",
    "caching",
    "queue",
    "queues",
    "distributed",
    "replication",
    "sharding",
    "partitioning",
    "load balancer",
    "encryption",
    "authentication",
    "storage",
    "observability",
    "telemetry",
    "monitoring",
    "endpoint",
    "consistency",
    "concurrency",
    "backfill",
    "capacity",
    "bottleneck",
    "design pattern",
    "prototype",
    "benchmark",
    "load test",
    "performance test",
    "data pipeline",
    "machine learning",
    "model training",
    "ml",
)
"""Engineering words the matcher does not file under one concept."""
