"""Stories written for the matching tests: three tagged, one with no tags."""

from __future__ import annotations

from storybank.core.models import Story

LAUNCH_INCIDENT = Story(
    id="checkout-outage-launch",
    title="Keeping a product launch alive through a checkout outage",
    headline="When checkout failed an hour into our launch, I rolled back one service "
    "instead of pausing the launch and kept 92% of forecast orders.",
    situation="I was the launch lead for a new subscription plan at an online retailer.",
    complications="An hour after launch the checkout service started timing out under "
    "three times the expected load, and the VP of sales wanted to keep selling at any cost.",
    action="I opened an incident, split diagnosis from mitigation, rolled back the pricing "
    "service behind a flag, and sent leadership an update every fifteen minutes with the "
    "risk and the next checkpoint.",
    result="Errors fell from 14% to 1% in twenty minutes and the launch closed at 92% of "
    "forecast orders, about $2 million.",
    competencies={
        "tpm": ["risk-and-pressure", "stakeholder-communication"],
        "amazon-lp": ["bias-for-action", "customer-obsession"],
    },
    tags=["incident", "launch"],
)

VENDOR_MIGRATION = Story(
    id="vendor-pipeline-migration",
    title="Moving the analytics pipeline off a vendor before the contract ended",
    headline="I migrated 300 data pipelines from a vendor to our own platform four weeks "
    "before the contract ended, with no lost data.",
    situation="Our analytics ran on a vendor whose contract ended in March.",
    complications="Five teams owned pieces of the pipelines and two of them had other "
    "launches planned for the same quarter.",
    action="I mapped the dependencies, planned the migration in weekly milestones, "
    "and reviewed the schema design with the data engineers before each wave.",
    result="All 300 pipelines moved four weeks early and the platform costs $400,000 a year "
    "less than the vendor.",
    competencies={
        "tpm": ["program-execution", "technical-depth"],
        "amazon-lp": ["deliver-results", "dive-deep"],
    },
    tags=["migration", "data"],
)

ROADMAP_DISPUTE = Story(
    id="platform-roadmap-dispute",
    title="Settling a dispute between two directors over one platform team",
    headline="Two directors both claimed the same platform team; I replaced the argument "
    "with a cost-of-delay model and both projects shipped.",
    situation="I ran the roadmap for a shared platform team of eight engineers.",
    complications="Each director had promised their VP a date, and they disagreed "
    "openly about whose project should go first.",
    action="I met each director alone, built a cost-of-delay model from their own numbers, "
    "and presented a sequence with a scope cut to both of them together.",
    result="Both projects shipped within the quarter and priority disputes sent to "
    "leadership fell from nine to two.",
    competencies={
        "tpm": ["conflict", "prioritization"],
        "amazon-lp": ["have-backbone-disagree-and-commit", "earn-trust"],
    },
    tags=["roadmap"],
)

UNTAGGED_MENTORING = Story(
    id="mentoring-new-engineer",
    title="Coaching a struggling new engineer to a promotion",
    headline="I mentored a new engineer who was close to a performance plan until he was "
    "promoted a year later.",
    situation="A new hire on my team was missing every sprint commitment.",
    complications="His manager was on leave and he was losing confidence.",
    action="I coached him weekly, paired him with a senior engineer, and gave him clear "
    "feedback on each design review so he could grow.",
    result="He met his goals within three months and was promoted the next cycle.",
    lessons="Mentoring works when feedback is specific and frequent.",
)

ALL_STORIES: tuple[Story, ...] = (
    LAUNCH_INCIDENT,
    VENDOR_MIGRATION,
    ROADMAP_DISPUTE,
    UNTAGGED_MENTORING,
)
"""Every sample story, tagged ones first."""
