"""Stories and questions written for the reason tests, with a plain word-form check.

The stories and questions share many words in different forms (plural, tense,
case), say the same thing in other words, and negate or contradict each
other, so that a reason that is not literally true has many chances to show.

:func:`occurs` is written independently of the matcher's stemmer: it knows
only regular English inflection and a few irregular verbs, so a reason the
matcher's own normalisation would wave through still has to be true here.
"""

from __future__ import annotations

import re

from storybank.core.models import FollowUp, Story


def _story(story_id: str, title: str, **fields: str) -> Story:
    return Story(id=story_id, title=title, **fields)


REASON_STORIES: tuple[Story, ...] = (
    _story(
        "focus-roadmap",
        "Focus: cutting the roadmap to three bets",
        headline="I ranked eleven requests by cost of delay and we shipped the top three.",
        situation="Sales, support and finance each sent conflicting requirements for Q3.",
        complications="Every team believed its request was urgent and we had four engineers.",
        action="I sequenced the work by revenue at risk, said no to eight requests, and "
        "published the ranking with the reasons.",
        result="The three bets shipped on time and churn fell 6%.",
        competencies={"tpm": ["prioritization"], "amazon-lp": ["deliver-results"]},
    ),
    _story(
        "directors-agree",
        "Getting two directors to agree on one test environment",
        headline="I got both directors to agree in one meeting by showing the shared cost.",
        situation="Two programs needed the same staging environment in May.",
        complications="Each director had promised a launch date to a vice president.",
        action="I priced a second environment, showed both directors the numbers and "
        "offered to own the tooling.",
        result="They agreed in twenty minutes and both launches kept their dates.",
        competencies={"tpm": ["cross-functional-leadership"], "amazon-lp": ["earn-trust"]},
    ),
    _story(
        "manager-disagreement",
        "Disagreeing with my manager about a launch date",
        headline="I disagreed with my manager's date and we launched two weeks later, safely.",
        situation="My manager committed to a June launch before the load tests ran.",
        complications="The tests showed the payment service failing at twice normal traffic.",
        action="I pushed back in writing with the test results and proposed a phased launch.",
        result="We launched on the later date with no payment errors.",
        competencies={"tpm": ["conflict"], "amazon-lp": ["have-backbone-disagree-and-commit"]},
    ),
    _story(
        "never-missed",
        "Running payroll cutover without a missed payment",
        headline="We never missed a payroll run during the cutover.",
        situation="Payroll for 9,000 staff moved to a new provider.",
        complications="The old provider would not extend its contract.",
        action="I ran both systems in parallel for two cycles and compared every payslip.",
        result="No employee was paid late and the team did not miss a single deadline.",
        competencies={"tpm": ["program-execution"], "amazon-lp": ["deliver-results"]},
    ),
    _story(
        "missed-deadline",
        "Missing the partner integration deadline",
        headline="I missed a partner deadline by two weeks and rebuilt how I track risk.",
        situation="A retail partner needed our inventory feed by March 1.",
        complications="I trusted a vendor's estimate that turned out to be wrong.",
        action="I told the partner early, agreed a new date and added weekly risk reviews.",
        result="We delivered on March 15 and the partner renewed.",
        lessons="Estimates from outside the team need their own checkpoint.",
        competencies={"tpm": ["failure-and-learning"], "amazon-lp": ["earn-trust"]},
    ),
    _story(
        "distrust-vendor",
        "A vendor the team distrusted",
        headline="The team distrusted the vendor, so I made its work visible every week.",
        situation="Our search index was built by an outside vendor.",
        complications="Two releases had broken production and the engineers were skeptical.",
        action="I set up a shared dashboard and a weekly demo with the vendor's engineers.",
        result="Incidents from vendor releases fell from four a quarter to none.",
        competencies={"tpm": ["conflict"], "amazon-lp": ["earn-trust"]},
    ),
    _story(
        "gave-feedback",
        "Telling a senior engineer his reviews were hurting the team",
        headline="I gave a senior engineer direct feedback about his code reviews.",
        situation="New hires were leaving his reviews discouraged.",
        complications="He was the most respected engineer on the team.",
        action="I met him privately, gave him specific feedback with three examples and "
        "agreed a change we would both watch.",
        result="Review complaints stopped and two new hires asked him to mentor them.",
        competencies={"tpm": ["cross-functional-leadership"], "amazon-lp": ["earn-trust"]},
    ),
    _story(
        "received-feedback",
        "Critical feedback from my director on my status reports",
        headline="My director told me my status reports hid the real risks.",
        situation="I ran a data platform migration reporting to a director.",
        complications="I received feedback that my reports were all green until too late.",
        action="I asked her for examples, rewrote the report around risks and dates, and "
        "asked for feedback again a month later.",
        result="She used my report as the template for four other programs.",
        lessons="Green status without risks is not reassurance.",
        competencies={"tpm": ["failure-and-learning"], "amazon-lp": ["learn-and-be-curious"]},
    ),
    _story(
        "cloud-bill",
        "Cutting the cloud bill for the analytics cluster",
        headline="I cut our analytics cloud spend by $100k a year.",
        situation="The analytics cluster ran at full size around the clock.",
        complications="Nobody owned the bill and the data team feared slower queries.",
        action="I measured usage by hour, scheduled the cluster to shrink at night and "
        "moved cold data to cheaper storage.",
        result="Spend fell by $100,000 a year with no change in query times.",
        competencies={"tpm": ["ownership"], "amazon-lp": ["frugality"]},
    ),
    _story(
        "outage-night",
        "Leading the checkout outage on a holiday night",
        headline="I led a checkout outage to recovery in forty minutes.",
        situation="Checkout failed at 9 pm on the busiest night of the year.",
        complications="The on-call engineer was new and the database team was unreachable.",
        action="I opened the incident, split diagnosis from communication and rolled back "
        "the release that changed connection pooling.",
        result="Orders recovered in forty minutes; we lost about 2% of the night's sales.",
        follow_ups=[
            FollowUp(
                question="What would you do differently?",
                answer="Page the database team automatically for checkout incidents.",
            )
        ],
        competencies={"tpm": ["risk-and-pressure"], "amazon-lp": ["bias-for-action"]},
    ),
    _story(
        "reliable-tests",
        "Making the integration test suite reliable",
        headline="Flaky tests were blocking releases, so I made the suite reliable.",
        situation="Integration tests failed on one run in five for no reason.",
        complications="Teams had started ignoring red builds.",
        action="I tracked every failure for two weeks and fixed the three causes with owners.",
        result="The suite became reliable: one false failure in two hundred runs.",
        competencies={"tpm": ["technical-depth"], "amazon-lp": ["insist-on-the-highest-standards"]},
    ),
    _story(
        "untagged-mentor",
        "Mentoring an intern through her first launch",
        headline="I mentored an intern who then led a feature launch on her own.",
        situation="An intern joined the payments team for the summer.",
        action="We met twice a week, I reviewed her plans and let her run the launch meeting.",
        result="Her feature launched on time and she returned as a full-time engineer.",
    ),
)
"""Stories for the reason tests; the last has no tags."""

REASON_QUESTIONS: tuple[str, ...] = (
    "Tell me about a time you disagreed with your manager.",
    "How do you prioritize competing requests?",
    "Tell me about a time you missed a deadline.",
    "Describe a launch you delivered on time.",
    "Tell me about a time you met a hard deadline.",
    "How did you earn the trust of a team that did not trust you?",
    "Tell me about a time you had to deliver difficult feedback.",
    "Describe critical feedback you received and what you changed.",
    "Tell me about a time you saved money for the company.",
    "How have you reduced costs on a project?",
    "Walk me through an outage you handled.",
    "Tell me about fixing unreliable tests.",
    "Give an example of getting two directors to agree.",
    "Tell me about a vendor you did not trust.",
    "How do you focus a team on what matters most?",
    "Describe a time you pushed back on a senior leader.",
    "Tell me about mentoring an intern.",
    "A time you ranked requests from several teams.",
    "What would you do if a partner's estimate was wrong?",
    "Tell me about a migration where payroll had to keep running.",
    "Most difficult conversation with an engineer about code reviews",
    "Describe how you shrank a cluster's spend without slowing queries.",
    "Tell me about a time you never gave up on a reliable release process.",
    "How did you handle a new on-call engineer during an incident?",
    "Tell me about the status reports you write for directors.",
    "Tell me about a time you agreed with your manager even though the data disagreed.",
    "What did you learn from a missed payment?",
    "Tell me about a team that distrusted a vendor's estimates.",
    "Describe cutting the roadmap when everything was urgent.",
    "How do you handle conflicting requirements from sales and finance?",
)
"""Questions for the reason tests, each sharing words with some of the stories."""


# -- a plain word-form check, independent of the matcher --------------------------

_IRREGULAR = {
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "been": "be",
    "being": "be",
    "had": "have",
    "has": "have",
    "did": "do",
    "does": "do",
    "done": "do",
    "led": "lead",
    "met": "meet",
    "told": "tell",
    "gave": "give",
    "given": "give",
    "took": "take",
    "taken": "take",
    "made": "make",
    "ran": "run",
    "fell": "fall",
    "fallen": "fall",
    "lost": "lose",
    "kept": "keep",
    "built": "build",
    "went": "go",
    "brought": "bring",
    "thought": "think",
    "felt": "feel",
    "spent": "spend",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "broke": "break",
    "broken": "break",
    "began": "begin",
    "grew": "grow",
    "knew": "know",
    "held": "hold",
    "sent": "send",
    "sold": "sell",
    "paid": "pay",
    "drove": "drive",
    "driven": "drive",
    "chose": "choose",
    "chosen": "choose",
    "sought": "seek",
    "caught": "catch",
    "taught": "teach",
    "understood": "understand",
    "shrank": "shrink",
    "shrunk": "shrink",
}


def _bases(word: str) -> set[str]:
    """Every base form ``word`` could be an inflection of (generously, two suffixes deep)."""
    return {base for first in _stripped(word) for base in _stripped(first)}


def _stripped(word: str) -> set[str]:
    bases = {word, _IRREGULAR.get(word, word)}
    for suffix in ("s", "es", "ed", "d", "ing", "ly", "er", "est"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            root = word[: -len(suffix)]
            bases.update({root, root + "e"})
            if len(root) > 2 and root[-1] == root[-2]:
                bases.add(root[:-1])
            if root.endswith("i"):
                bases.add(root[:-1] + "y")
    if word.endswith("ies"):
        bases.add(word[:-3] + "y")
    return bases


def same_word(a: str, b: str) -> bool:
    """Whether two words are forms of one word, up to plural and tense."""
    return a == b or bool(_bases(a) & _bases(b))


def words(text: str) -> list[str]:
    """Lower-case words of a text; "n't" read as "not", numbers kept whole."""
    text = text.casefold().replace("\u2019", "'")
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"'(?:s|re|ve|ll|d|m)\b", "", text)
    text = re.sub(r"(?<=\d)[,.](?=\d)", "", text)
    return re.findall(r"[^\W_]+", text)


def occurs(phrase: str, text: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` as consecutive words, up to case,
    plural and tense."""
    wanted = words(phrase)
    have = words(text)
    if not wanted:
        return False
    for start in range(len(have) - len(wanted) + 1):
        if all(same_word(w, have[start + i]) for i, w in enumerate(wanted)):
            return True
    return False


def story_text(story: Story) -> str:
    """Everything a story says that the matcher reads."""
    parts = [
        story.title,
        story.headline,
        ", ".join(story.tags),
        story.situation,
        story.complications,
        story.action,
        story.result,
        story.lessons,
    ]
    parts.extend(f"{f.question} {f.answer}" for f in story.follow_ups)
    return "\n".join(parts)
