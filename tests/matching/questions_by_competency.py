"""Interview questions written for these tests, grouped by the competency they probe.

They are deliberately phrased unlike the built-in question bank (and unlike each
other) so that the tests exercise generalisation, not lookup.
"""

from __future__ import annotations

TPM: dict[str, tuple[str, ...]] = {
    "cross-functional-leadership": (
        "How did you get five teams with different bosses to sign up for one launch plan?",
        "Describe leading a working group where none of the members reported to you.",
        "How do you get another org to care about your program's goals?",
    ),
    "stakeholder-communication": (
        "How do you keep a VP informed about a program without drowning them in detail?",
        "Tell me about presenting a slipping timeline to your executive sponsor.",
        "Give an example of adapting your message for finance versus engineering audiences.",
    ),
    "ambiguity": (
        "You get a one-sentence problem statement and no team. Where do you start?",
        "Tell me about a project whose goals were fuzzy from day one.",
        "How do you make progress when nobody can tell you what done looks like?",
    ),
    "conflict": (
        "Two engineering leads could not agree on an approach. How did you get them unstuck?",
        "What do you do when a peer publicly criticizes your plan?",
        "Describe a heated argument with a product manager and how it ended.",
    ),
    "decision-making": (
        "Walk me through a difficult trade-off between two architectures.",
        "How do you decide between shipping now with known issues and waiting a month?",
        "Tell me about a call you had to make without consensus.",
    ),
    "technical-depth": (
        "Explain the design of a distributed system you worked on and its bottlenecks.",
        "Tell me about digging into logs and code to find out why a service was slow.",
        "How technical are you? Describe a system-level problem you solved.",
    ),
    "program-execution": (
        "How do you run a program that spans six teams and three time zones?",
        "Tell me about delivering a large launch on the date you committed to.",
        "What does your program plan look like in the first two weeks?",
    ),
    "risk-and-pressure": (
        "Tell me about a sev-1 you were in charge of.",
        "How do you spot risks early in a program?",
        "Describe working against an immovable deadline with the team behind.",
    ),
    "failure-and-learning": (
        "Tell me about something you got wrong and what it taught you.",
        "Which project of yours flopped, and why?",
        "Describe feedback that stung and what you changed because of it.",
    ),
    "customer-impact": (
        "How did your last program change things for end users?",
        "Tell me about using customer complaints to reshape a roadmap.",
        "What revenue or adoption impact did your work have?",
    ),
    "ownership": (
        "Tell me about picking up a problem no one else would touch.",
        "Describe going beyond your job description to get something over the line.",
        "Give an example of fixing a broken process you didn't own.",
    ),
    "prioritization": (
        "How do you decide what your team works on when everything is urgent?",
        "Tell me about deciding which of three projects to drop.",
        "You have capacity for two of five requested features. How do you choose?",
    ),
}
"""Questions per ``tpm`` competency."""

AMAZON_LP: dict[str, tuple[str, ...]] = {
    "customer-obsession": (
        "Tell me about going out of your way to fix a problem for one customer.",
        "How do you find out what customers actually need rather than what they ask for?",
        "Describe a decision where you put the customer experience ahead of a team goal.",
    ),
    "ownership": (
        "Tell me about stepping in when something was falling through the cracks between teams.",
        "Describe taking responsibility for a problem you didn't cause.",
        "Give an example of acting like an owner rather than an employee.",
    ),
    "invent-and-simplify": (
        "Tell me about a clever way you made a complicated workflow easier.",
        "What is something you invented at work?",
        "Describe removing unnecessary steps from how your team ships.",
    ),
    "are-right-a-lot": (
        "Tell me about a judgment call you got right when the data was thin.",
        "How do you decide when your intuition is enough to act on?",
        "Describe seeking out people who disagreed with you before a big decision.",
    ),
    "learn-and-be-curious": (
        "What is the most recent new skill you picked up, and how?",
        "Tell me about exploring an area far outside your job just out of interest.",
        "How do you keep learning about technology trends?",
    ),
    "hire-and-develop-the-best": (
        "How do you interview candidates to find the best people?",
        "Tell me about coaching a struggling engineer back to strong performance.",
        "Describe growing a junior person into a leader.",
    ),
    "insist-on-the-highest-standards": (
        "Tell me about refusing to accept a deliverable that wasn't good enough.",
        "How do you keep quality high when the schedule is tight?",
        "Describe setting a higher bar for your team than they set for themselves.",
    ),
    "think-big": (
        "Tell me about a bold vision you pitched to leadership.",
        "Describe an idea of yours that grew well beyond its original scope.",
        "What's the most ambitious goal you've set for a team?",
    ),
    "bias-for-action": (
        "Tell me about making a fast decision when waiting was costly.",
        "Describe acting without full information because speed mattered.",
        "Give an example of moving ahead before you had every sign-off.",
    ),
    "frugality": (
        "Tell me about doing a lot with a tiny budget.",
        "How have you cut costs on a project without hurting quality?",
        "Describe a resourceful answer to a lack of headcount.",
    ),
    "earn-trust": (
        "Tell me about winning over a team that distrusted you.",
        "Describe admitting an error to your stakeholders.",
        "How do you deliver hard truths while keeping the relationship?",
    ),
    "dive-deep": (
        "Tell me about going into the weeds of the data to find a hidden problem.",
        "Describe finding the root cause of a recurring failure.",
        "How do you audit a program's numbers when something looks off?",
    ),
    "have-backbone-disagree-and-commit": (
        "Tell me about standing up to a senior leader on a decision you thought was wrong.",
        "Describe disagreeing openly and then committing to the team's decision.",
        "When did you push back even though it was unpopular?",
    ),
    "deliver-results": (
        "Tell me about hitting an aggressive goal despite setbacks.",
        "Describe delivering a critical project on time when it seemed impossible.",
        "What's the most significant result you've delivered?",
    ),
    "strive-to-be-earths-best-employer": (
        "How do you look after team morale during a crunch?",
        "Tell me about making your workplace more inclusive.",
        "Describe helping a teammate who was burning out.",
    ),
    "success-and-scale-bring-broad-responsibility": (
        "Tell me about weighing the societal impact of a product decision.",
        "How have you reduced your work's environmental footprint?",
        "Describe protecting user privacy even though it cost the business.",
    ),
}
"""Questions per ``amazon-lp`` competency."""
