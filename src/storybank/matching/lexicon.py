"""Word lists the text normaliser uses: stop words, interview boilerplate, concepts.

Interview questions say the same thing in many ways ("pushed back", "disagreed",
"didn't see eye to eye"). Matching raw words would only find questions phrased
like the cue lists, so the normaliser maps words and short phrases onto a small
vocabulary of *concepts* first. Cue phrases, descriptions, the question bank and
story text all go through the same mapping, which is what lets the matcher
generalise to phrasings it has never seen.

Everything here is plain data written in ordinary English; :mod:`.text` stems
it, so the entries never have to be written pre-stemmed. Words the checks use
too (obstacles, impact, technology) come from :mod:`storybank.core.vocabulary`,
one family per concept, before the words only the matcher needs. After
editing this file or the vocabulary, regenerate the snapshot with
``python -m storybank.matching.compiled`` (a test says so when it is stale).

An entry listed under several concepts stands for all of them: "limited
information" is both a lack and information, so cues about either fire.
"""

from __future__ import annotations

from storybank.core import vocabulary as vocab


def _listing(*parts: tuple[str, ...] | str) -> str:
    """A concept's listing: a shared family's words, then the matcher's own."""
    return ", ".join(part if isinstance(part, str) else ", ".join(part) for part in parts)


BOILERPLATE: tuple[str, ...] = (
    # Openers that carry no meaning about the competency asked for. They are
    # removed as whole phrases so that the words they contain ("time",
    # "example") stay available where they do mean something ("on time").
    r"tell (?:me|us)(?: about)?",
    r"(?:can|could|would) you(?: please)?",
    r"give (?:me |us )?(?:an? |one |two |three |some |a few |a couple of )?"
    r"examples? (?:of|from|where|when)",
    r"(?:describe|share|recall|discuss|explain|provide|name)",
    r"walk (?:me|us) through",
    r"talk (?:me |us )?(?:about|through)",
    r"(?:a|an|one|the|some|any) (?:time|situation|occasion|instance|case|scenario|moment|story"
    r"|example|period|point)s? (?:when|where|in which|that|during which|you)",
    r"(?:a|an|one) (?:time|situation|occasion|instance|case|scenario|example)",
    r"by (?:providing|giving) an example",
    r"how (?:do|did|would|will|should|could|can|have) you",
    r"what (?:would|will|did|do|should|could) you do (?:if|when)",
    r"what (?:did|do|would) you do",
    r"have you ever",
    r"what (?:was|is|were|are) (?:the|your) (?:approach|process)",
    r"how did you (?:handle|approach|deal with|manage) it",
    r"what happened",
    r"in your (?:career|experience|last role|previous role|current role)",
    r"at work",
)
"""Regular expressions (applied to lower-cased text) for interview boilerplate."""

GLUE_WORDS: frozenset[str] = frozenset(
    # Dropped before phrase matching, so that "raise the bar" and "raised our
    # bar", or "outside my role" and "outside of your role", read the same.
    "a an the my your our their his her its of this that these those some any".split()
)

STOP_WORDS: frozenset[str] = frozenset(
    """
    i me we us you he him she it they them myself yourself ourselves themselves one
    am is are was were be been being do does did done doing have has had having
    will would shall should can could may might must ca wo
    and or but if then than so as because while although though yet nor
    to of in on at by for with from into onto about over under up down out off
    through during before after above below between among around again further
    once here there when where why how what which who whom whose whether
    all both each every few more most other others such only same very just
    also too even ever still really quite rather much many any some no not
    this that these those my your our their his her its mine yours
    get got gets getting make made makes making go went gone going come came
    take took taken put let say said see seen know knew known think thought
    want wanted like need needed try tried use used way thing things stuff
    tell describe explain share give example examples time times situation
    situations occasion instance scenario story stories case walk talk recall
    moment period point experience handle handled handling deal dealt dealing
    approach approached work worked working job role position company
    someone somebody something anyone anything everyone everything person
    people individual individuals lot lots kind sort type bit
    specific particular certain various several important significant
    major minor real actual given own ensure sure completely fully entirely
    totally absolutely lately recently currently nowadays shortly directly personal
    """.split()
)
"""Words that say nothing about a competency, after phrase matching.

"own" is here because "your own" is reflexive far more often than it means
ownership; the ownership sense is caught by the phrases below. Adverbs of
time and manner ("lately", "currently", "shortly", "directly") only date or
colour a question, and their stems would otherwise read as "late", "current",
"fell short" or "direct" (candid). "personal" (a personal situation) is not
ownership, though "personally" is.
"""

IRREGULAR: dict[str, str] = {
    # Irregular verb forms the suffix stripper cannot reach.
    "led": "lead",
    "made": "make",
    "took": "take",
    "taken": "take",
    "gave": "give",
    "given": "give",
    "went": "go",
    "gone": "go",
    "built": "build",
    "chose": "choose",
    "chosen": "choose",
    "drove": "drive",
    "driven": "drive",
    "ran": "run",
    "fell": "fall",
    "fallen": "fall",
    "brought": "bring",
    "thought": "think",
    "taught": "teach",
    "sought": "seek",
    "caught": "catch",
    "felt": "feel",
    "kept": "keep",
    "left": "leave",
    "lost": "lose",
    "met": "meet",
    "said": "say",
    "saw": "see",
    "seen": "see",
    "spent": "spend",
    "told": "tell",
    "understood": "understand",
    "won": "win",
    "wrote": "write",
    "written": "write",
    "broke": "break",
    "broken": "break",
    "began": "begin",
    "begun": "begin",
    "grew": "grow",
    "grown": "grow",
    "knew": "know",
    "known": "know",
    "overcame": "overcome",
    "rose": "rise",
    "stood": "stand",
    "spoke": "speak",
    "spoken": "speak",
    "found": "find",
    "heard": "hear",
    "held": "hold",
    "sent": "send",
    "shown": "show",
    "sold": "sell",
    "fought": "fight",
    "became": "become",
    "bought": "buy",
    "dealt": "deal",
    "paid": "pay",
    "undertook": "undertake",
    "mistook": "mistake",
    "withdrew": "withdraw",
    "arose": "arise",
    # "-eed" forms the suffix stripper leaves alone, because "need" and
    # "exceed" end the same way.
    "agreed": "agree",
    "disagreed": "disagree",
    "guaranteed": "guarantee",
    "freed": "free",
    "did": "do",
    "done": "do",
    "was": "be",
    "were": "be",
    "had": "have",
    "has": "have",
    "got": "get",
    "gotten": "get",
    "going": "go",
    "doing": "do",
    "being": "be",
    "worse": "bad",
    "worst": "bad",
    "better": "good",
    "best": "good",
    "data": "data",
    "criteria": "criterion",
    "analyses": "analysis",
    "crises": "crisis",
    "hypotheses": "hypothesis",
    "people": "people",
    "news": "news",
    "status": "status",
    "process": "process",
    "business": "business",
    "success": "success",
    "analysis": "analysis",
    "basis": "basis",
    "bias": "bias",
    "focus": "focus",
    "consensus": "consensus",
    "less": "less",
    "across": "across",
    "this": "this",
}
"""Word forms mapped straight to their base form (and words not to strip)."""

CONCEPTS: dict[str, str] = {
    # concept: the words and phrases that express it, comma-separated. A phrase
    # of several words is matched as a sequence (after glue words are dropped);
    # a single word is matched after stemming, so one form covers inflections.
    # -- who is involved -------------------------------------------------------
    "customer": _listing(
        vocab.CUSTOMERS,
        """
        ux, user experience, customer experience, customer facing, customer-facing, clientele,
        customer needs, customer need, customer wants, what customers want, customers first,
        customer first, customer-centric, customer centric, voice of customer,
        voice of the customer, customer support, user support, support ticket, support tickets,
        support case, support cases, support queue, support agent, support agents, support
        calls, help desk, helpdesk
        """,
    ),
    "stakeholder": """
        stakeholder, sponsor, key partners, business partners, many stakeholders, multiple
        stakeholders, several stakeholders
    """,
    "executive": """
        executive, exec, senior leadership, senior leader, senior leaders, leadership team,
        senior management, upper management, vp, vice president, director, cto, ceo, cfo,
        c-suite, c suite, c-level, c level, board, higher up, higher-ups, skip level, senior
        executive, senior stakeholder, management chain, head of, general manager, steering
        committee, steerco, business review, mbr, qbr, operating review, exec review
    """,
    "manager": "manager, boss, supervisor, line manager, direct manager",
    "peer": "peer, colleague, coworker, co-worker, teammate, fellow",
    "teammember": """
        team member, member of team, direct report, report to you, reports to you, employee,
        subordinate, junior, intern, new hire, one of engineers, someone on team, engineer on
        team, person on team, staff member
    """,
    "crossteam": """
        cross-functional, cross functional, crossfunctional, cross-team, cross team, multiple
        teams, several teams, many teams, other teams, another team, partner team, partner
        teams, different teams, various teams, other departments, different departments, across
        teams, across organization, across organizations, across company, across the company,
        interdisciplinary, multi-team, multiple departments, multiple groups, other groups,
        other orgs, across orgs, engineering and product, product and engineering, matrixed,
        matrix organization, many stakeholders, multiple stakeholders, several stakeholders,
        different functions, other functions, teams you did not manage, teams that did not
        report, two teams, three teams, four teams, five teams, six teams, ten teams, dozen
        teams, different bosses, different managers, different orgs, different organizations,
        another org, another organization, another group, another department, other org, partner
        org, other organizations, not their priority, not their top priority, their own
        priorities, own priorities, their priorities
    """,
    "engineer": """
        engineer, engineers, developer, developers, programmer, programmers, software
        development, feature development, app development, web development
    """,
    "vendor": """
        vendor, supplier, contractor, third party, third-party, outsource, outsourced, external
        partner, agency
    """,
    # -- influence, alignment, communication ------------------------------------
    "influence": """
        influence, persuade, convince, sway, win over, won over, bring around, buy-in, buy in,
        get buy-in, rally, lobby, champion, sell idea, sold idea, bring on board, brought on
        board, get on board, get commitment, gain commitment, win commitment, commitment from
    """,
    "noauthority": """
        without authority, no authority, no formal authority, without formal authority, without
        direct authority, lack authority, lacked authority, did not report to you, not report to
        you, didn't report to you, no direct reports, without being manager, without managing,
        no reporting line, without reporting line
    """,
    "align": """
        align, alignment, aligned, consensus, agree on, agreement, common ground, shared goal,
        common goal, same page, unify, unified, shared vision, shared understanding, get
        everyone, bring together, brought together, bring teams together, sign up, signed up,
        sign on, signed on
    """,
    "collaborate": """
        collaborate, collaboration, collaborative, cooperate, cooperation, partner with,
        partnered with, work together, worked together, working together, teamwork, coordinate,
        coordination, orchestrate, synchronize, joint
    """,
    "communicate": """
        communicate, communication, inform, keep informed, update, status update, status report,
        progress report, status, present, presentation, presented, pitch, demo, brief, briefing,
        write up, write-up, memo, newsletter, email, announce, announcement, report to,
        reporting, convey, articulate, explain to, storytelling, tell story, message, messaging,
        talk to, speak to, townhall, town hall, all-hands, all hands, public speaking, summary,
        summarize, summarise, one-pager, one pager, one-page, one page, steering committee,
        steerco, business review, mbr, qbr, operating review
    """,
    "nontechnical": """
        non-technical, nontechnical, non technical, layman, lay audience, business audience,
        less technical, not technical, technical concept, technical concepts, complex topic,
        simple terms, plain language, jargon
    """,
    "audience": "audience, tailor, tailored, adjust message, adapt message",
    "expectation": """
        expectation, expectations, set expectations, manage expectations, meet expectations, own
        expectations
    """,
    "badnews": """
        bad news, unwelcome news, difficult news, tough news, hard news, unpleasant news,
        disappointing news, harsh truth, hard truth, uncomfortable truth, difficult message,
        unwelcome message, deliver bad news, break news, broke news
    """,
    "escalate": "escalate, escalation, escalated, go over head, went over head",
    "negotiate": """
        negotiate, negotiation, bargain, win-win, win win, mediate, mediation, mediator, broker,
        middle ground, meet halfway, facilitate, facilitated, facilitating, moderate discussion
    """,
    # -- disagreement and conflict ----------------------------------------------
    # Not "contradict": goals, numbers and sources contradict each other far
    # more often than people do, and inconsistent goals are not a dispute.
    "disagree": _listing(
        vocab.DISAGREEMENT,
        """
        object, dissenting, see eye to eye, saw eye to eye, difference of opinion,
        differences of opinion, differing opinion, different opinion, different opinions,
        differing views, different view, argue, argument, contest, stand up to, stood up to,
        stand up for, stood up for, speak up, spoke up, speak out, voice concern,
        voiced concern, raise concern, raised concern, raise concerns, raised concerns,
        devil's advocate, devils advocate, question decision, questioned decision, not agree,
        counter, overrule, say no to manager, believed was wrong, believed was a mistake,
        thought was a mistake, thought was wrong, felt was wrong, felt was a mistake
        """,
    ),
    "conflict": _listing(
        vocab.CONFLICT,
        """
        fight, quarrel, butt heads, butted heads, heated, interpersonal, personality,
        difficult person, difficult colleague, difficult coworker, difficult co-worker,
        difficult teammate, difficult peer, difficult people, hard to work with,
        difficult to work with, difficult relationship, difficult interaction,
        difficult interactions, strained relationship, rival, turf, blame game, defensive,
        abrasive, debate, debated, heated debate, publicly criticize, publicly criticized,
        publicly criticizes, undermine, undermined, undercut, blame, blamed, attacked, badmouth,
        opposite things, opposite, different things
        """,
    ),
    "challenge": _listing(
        vocab.CHALLENGES,
        "challenging decision",
    ),
    "statusquo": """
        status quo, conventional wisdom, way things done, way things always, always been done,
        accepted practice, established process, norm, norms, sacred cow, orthodoxy, popular
        opinion, popular approach, prevailing view, groupthink, accepted as unchangeable,
        unchangeable
    """,
    "unpopular": """
        unpopular, controversial, not popular, wasn't popular, was not popular, polarizing,
        against majority, against grain, minority opinion, lone voice, against consensus, go
        against, went against, going against
    """,
    "commit": """
        commit, committed, committing, disagree and commit, fully behind, committed to, support
        decision, supported decision, back decision, backed decision, get behind, got behind
    """,
    "promise": "commitment, commitments, promise, promised, keep word, kept word, committed to",
    "compromise": "compromise, compromised, compromising, cut corners, cutting corners",
    "wrong": """
        wrong, incorrect, misguided, not right, mistaken, were wrong, was wrong, you were wrong
    """,
    "right": "right, correct, proved right, proven right, vindicated",
    # -- decisions and judgment -------------------------------------------------
    "decision": """
        decision, decide, decided, deciding, decisive, make call, made call, tough call,
        judgment call, choose, choice, option, options, alternative, alternatives, go/no-go, go
        no go, conclusion, verdict, determine, choose between, chose between, choosing between,
        call, build versus buy, build vs buy, build or buy
    """,
    "tradeoff": _listing(
        vocab.TRADE_OFFS,
        """
        balance, balanced, balancing, pros and cons, cost-benefit, cost benefit, either or,
        sacrifice, give up on, between two, choose between, chose between, choosing between,
        torn between, opportunity cost
        """,
    ),
    "judgment": """
        judgment, judgement, instinct, instincts, intuition, intuitive, gut, gut feeling, hunch,
        sound judgment, good judgment, common sense, reasoning, reason through, first
        principles, judgment call, own read, read of situation, read on situation, read room,
        read of room
    """,
    "information": """
        information, info, facts, fact, evidence, context, input, inputs, limited information,
        little information
    """,
    "incomplete": """
        incomplete, insufficient, partial, imperfect, lacking, lack of, missing, without all,
        not all, without full, without complete, without enough, not enough, limited data,
        limited information, little data, little information, no data, sparse
    """,
    "data": """
        data, metric, metrics, analytics, dashboard, kpi, kpis, measure, measurement,
        statistics, statistical, quantitative, quantify, data-driven, data driven, sql,
        spreadsheet, report card, survey, telemetry, logs, limited data, little data, no data
    """,
    "analyze": """
        analyze, analyse, analysis, analytical, investigate, investigation, dig, dig into, dig
        deeper, dug into, deep dive, dive deep, dove deep, dived deep, dive into, dove into,
        audit, examine, scrutinize, scrutinise, research, diagnose, diagnosis, troubleshoot,
        troubleshooting, drill down, drilled down, look closer, looked closer, get to bottom,
        got to bottom, get bottom, bottom of, surface-level, surface level, below surface,
        beneath surface, forensic, inspect, probe, understand problem, understood problem,
        understand system, understand deeply, deeply understand, deep understanding, deeply,
        test assumption, test assumptions, tested assumptions, testing assumptions, validate
        assumptions, validated assumptions, validating assumptions
    """,
    "detail": """
        detail, details, detailed, granular, nitty-gritty, nitty gritty, attention to detail,
        fine print, specifics, meticulous, detail-oriented, detail oriented
    """,
    "rootcause": _listing(
        vocab.ROOT_CAUSE,
        """
        root-cause, root causes, underlying cause, underlying causes, underlying issue,
        underlying problem, real cause, true cause, why it happened, source of problem,
        five whys, 5 whys, multiple potential causes
        """,
    ),
    "anomaly": """
        anomaly, discrepancy, inconsistency, did not add up, didn't add up, not add up, outlier,
        mismatch, something off, something was off, red flag, warning sign, early warning,
        didn't look right, not look right, odd
    """,
    "insight": """
        insight, insights, non-obvious, not obvious, weren't obvious, uncover, uncovered,
        discover, discovered, pattern, patterns
    """,
    "notice": """
        notice, noticed, observe, observation, spot, spotted, identify, identified, detect,
        detected, recognize, recognise, realize, realise, picked up on
    """,
    # -- ambiguity, change, learning --------------------------------------------
    "ambiguous": _listing(
        vocab.AMBIGUITY,
        """
        ambiguities, ill defined, not clear cut, not clear-cut, clear cut, not well defined,
        loosely defined, fuzzy, open-ended, open ended, grey area, gray area, unstructured,
        no roadmap, no direction, lack of direction, little direction, no guidance,
        little guidance, without guidance, without direction, without clear direction, no clear
        direction, unclear direction, vague direction, limited direction, minimal direction,
        minimal guidance, without clear guidance, no instructions, without instructions, no
        clear instructions, blank slate, blank page,
        not obvious way, best way forward, way forward, figure out, figured out, fog, chaos,
        chaotic, messy, nebulous, where do you start, where would you start, where to start,
        where to begin, where do you begin, problem statement, no information,
        no other information, no context, no other context, no details, without context,
        without details, nothing else, from nothing, define scope, defined scope,
        defining scope, define problem, frame problem, framing problem, problem framing,
        what problem is, what problem was
        """,
    ),
    "change": _listing(
        vocab.UPHEAVAL,
        """
        change, changes, changed, changing, shift, shifted, shifting, reorgs, new direction,
        evolving, changing priorities, upheaval, transition, course correct, course-correct,
        course correction, keep changing, keeps changing, kept changing, constantly changing,
        constant change, always changing
        """,
    ),
    "adapt": """
        adapt, adapted, adaptable, adaptability, adjust, adjusted, flexible, flexibility, agile,
        agility, roll with, pivot, pivoted, pivoting
    """,
    "requirement": "requirement, requirements, spec, specs, specification, changing requirements",
    "learn": """
        learn, learned, learnt, learning, study, studied, get up to speed, got up to speed, up
        to speed, ramp up, ramped up, upskill, upskilled, self-taught, self taught, teach
        yourself, taught yourself, taught myself, course, courses, certification, read up,
        reading up, read about, reading about, read widely, read lot, read books, reading books,
        read articles, read papers, reading list, book, books, educate yourself, acquire
        knowledge, new knowledge, gain knowledge, gained knowledge, grow knowledge, stay
        inspired, personal growth, professional growth, grow professionally, keep growing,
        self-improvement, self improvement, develop yourself, professional development
    """,
    "curious": """
        curious, curiosity, inquisitive, explore, exploration, explored, wonder, wondered, ask
        questions, asked questions, asking questions, only asking questions, different
        perspective, fresh perspective, interest, interested, fascinated, hobby, side project,
        why things work, outside work, outside of work, spare time, free time, for fun
    """,
    "unfamiliar": """
        unfamiliar, comfort zone, outside comfort zone, outside area of expertise, outside
        expertise, outside of expertise, outside your expertise, outside area, outside domain,
        new domain, new field, new area, never done before, had never done, first time, not
        familiar, no experience, no prior experience, little experience, new to, brand new,
        completely new, new technology, new tool, new language, new skill, new skills, out of
        depth, out of element, never seen, never seen before, haven't seen, new problem, novel
        problem, unfamiliar problem
    """,
    "trend": """
        trend, trends, industry, state of art, state-of-the-art, cutting edge, cutting-edge,
        stay current, stay up to date, up to date, keep up, keep current, latest, emerging,
        current
    """,
    "skill": """
        skill, skills, expertise, expert, know-how, competence, proficiency, capability,
        capabilities, specialist, subject matter, sme, domain knowledge, knowledge
    """,
    "perspective": """
        perspective, perspectives, viewpoint, viewpoints, point of view, points of view, diverse
        perspectives, diverse views, diverse opinions, other views, opposing views, different
        angle, other side, both sides, disconfirm, blind spot, blind spots, bias, biases
    """,
    "mind": "mind, change mind, changed mind, changing mind, reconsider, rethink",
    # -- failure ------------------------------------------------------------------
    "fail": _listing(
        vocab.FAILURES,
        vocab.MISTAKES,
        """
        flop, go wrong, goes wrong, gone wrong, blunder, misstep, drop ball, dropped ball,
        didn't work, did not work, not work out, didn't work out, did not go as planned,
        didn't go as planned, not go as planned, went badly, go badly, misjudge, screw up,
        screwed up, messed up, mess up, unsuccessful, fiasco, not succeed, didn't succeed, lost,
        lose, got wrong, get wrong, gotten wrong, going wrong
        """,
    ),
    "miss": """
        miss, missed, missing deadline, unable to meet, fail to meet, failed to meet, could not
        meet, couldn't meet, did not meet, didn't meet, not meet, fall short, fell short, short
        of, not deliver, didn't deliver, did not deliver, unfinished, leave unfinished, left
        unfinished, incomplete task, couldn't deliver, could not deliver, below expectations,
        not finish, didn't finish, did not finish, unable to finish, couldn't finish, could not
        finish, unable to deliver, not keep, didn't keep, did not keep, couldn't keep, could not
        keep, unable to keep, broke promise, broken promise, break promise, not hit, didn't hit,
        did not hit, couldn't hit, could not hit, unable to hit, not achieve, didn't achieve, did
        not achieve, couldn't achieve, could not achieve, unable to achieve
    """,
    "lesson": """
        lesson, lessons, lessons learned, learned from, learn from, learnt from, takeaway,
        takeaways, retrospective, retro, postmortem, post-mortem, post mortem, do differently,
        done differently, in hindsight, hindsight, reflect, reflection, regret, look back,
        looking back, wish you had, grow from, grew from, taught you, taught me, teach you, what
        it taught, do it again, do it over, start over, second chance, go back, run differently
    """,
    "admit": """
        admit, admitted, admitting, acknowledge, acknowledged, apologize, apologise, apology,
        own up, owned up, take blame, took blame, accept blame, accepted blame, take the fall,
        say sorry, said sorry, were wrong, was wrong, you were wrong, own mistake, owned
        mistake, own failure, take responsibility for mistake, took responsibility for mistake,
        vulnerable, self-critical, self critical
    """,
    # -- risk, pressure, incidents ----------------------------------------------
    "risk": _listing(
        vocab.RISKS,
        """
        what could go wrong, bet, gamble, gambled, leap of faith, calculated risk,
        measured risk
        """,
    ),
    "calculated": "calculated, calculated risk, measured risk, educated guess",
    "mitigate": _listing(
        vocab.MITIGATION,
        """
        contingencies, plan b, fallback, fall back, backup plan, de-risk, derisk, rollback,
        roll back, safeguard, prevent, prevented, prevention, avert, averted, head off,
        headed off, anticipate, anticipated, preempt, pre-empt, proactively address, guardrail,
        guardrails, stop from happening
        """,
    ),
    "incident": _listing(
        vocab.INCIDENTS,
        """
        production outage, production problem, site down, system down, service down, sev, sev1,
        sev-1, sev 1, severity, high severity, high-severity, p0, p1, firefight, firefighting,
        fire fight, fire drill, war room, on-call, on call, pager, paged, critical issue,
        critical problem, critical failure, recovery, broke in production, went down,
        live issue, hotfix, production issues, production incidents, production bug, production
        bugs, production failure, broke production, production down, live site
        """,
    ),
    "pressure": _listing(
        vocab.PRESSURE,
        """
        pressured, stress, stressful, stressed, high-stakes, intense, under gun,
        pressure cooker, extreme pressure, crunch time, high pressure, high-pressure, strain
        """,
    ),
    "deadline": _listing(
        vocab.DEADLINES,
        """
        cut-off, time constraints, time-bound, short timeline, timebox, countdown,
        missing deadline
        """,
    ),
    "tight": _listing(
        vocab.TIGHT,
        """
        tight, impossible, extreme, hard deadline, days before, day before, hours before,
        week before, weeks before, eve of
        """,
    ),
    "behind": _listing(
        vocab.DELAYS,
        """
        behind, fall behind, late, off-track, at risk, trouble, troubled, in trouble,
        red status, turn around, turned around, turnaround, rescue, rescued, salvage, salvaged,
        recover, recovered, not keep up, not keeping up, wasn't keeping up, couldn't keep up,
        could not keep up, struggle to keep up, struggling to keep up
        """,
    ),
    "urgent": """
        urgent, urgency, time-sensitive, time sensitive, asap, immediate, immediately, right
        away, critical, pressing, hours, overnight, same day
    """,
    "fast": """
        fast, quick, quickly, rapid, rapidly, speed, swift, swiftly, promptly, hurry, move fast,
        moved fast, act fast, acted fast, act quickly, acted quickly, sooner, faster,
        accelerate, accelerated, velocity, expedite, short time, short period
    """,
    # -- action and ownership ---------------------------------------------------
    "act": """
        act, acted, action, actions, take action, took action, bias for action, jump in, jumped
        in, dive in, dove in, just do it, get going, move forward, moved forward, moving
        forward, move things forward, push forward, pushed forward, keep moving, unblock,
        unblocked, unstick, get unstuck, make progress, made progress
    """,
    "stall": _listing(
        vocab.BLOCKERS,
        """
        stall, analysis paralysis, paralysis, indecision, deadlocked, not responsive,
        wasn't responsive, not very responsive, no response, didn't respond, did not respond,
        not getting back, ignored, ignoring, waiting on, waiting for, wait for, waiting
        """,
    ),
    "approval": """
        approval, approve, approved, permission, sign-off, signoff, sign off, green light,
        authorization, blessing, go-ahead, go ahead, full approval, before getting approval,
        without approval, without permission
    """,
    "reversible": "reversible, irreversible, two-way door, one-way door, undo, undone",
    "proactive": _listing(
        vocab.NO_OWNER,
        """
        proactive, proactively, take initiative, took initiative, taking initiative,
        show initiative, showed initiative, showing initiative, took it upon, take it upon,
        initiative to, without being asked, before being asked, without being told,
        no one asked, nobody asked, not asked, unprompted, self-starter, self starter,
        self-started, volunteer, volunteered, step up, stepped up, stepping up, step in,
        stepped in, took charge, take charge, took lead, take lead, rather than waiting,
        instead of waiting, before asked, on your own, on own, filled gap, fill gap, fill void,
        no one else, nobody else, no one wanted, nobody wanted, no one would, nobody would,
        own initiative, on own initiative
        """,
    ),
    "ownership": """
        ownership, owner, owned, own it, own outcome, owned outcome, own problem, owned problem,
        own result, responsibility, responsibilities, responsible, accountable, accountability,
        took responsibility, take responsibility, end-to-end ownership, full ownership, hold
        yourself accountable, personally, on behalf of, whole company, entire company,
        see through, saw through, follow through, followed through, follow-through, take
        responsibility for mistake, took responsibility for mistake, act like owner, acted like
        owner, acting like owner, act as owner, acted as owner, acting as owner, think like
        owner, thought like owner, thinking like owner, owner mindset, ownership mindset
    """,
    "beyondrole": """
        above and beyond, went above and beyond, go above and beyond, extra mile, more than
        required, more than what was required, more than was required, more than expected,
        outside role, outside job, outside responsibilities, outside scope, outside area of
        responsibility, outside direct area, outside of area of responsibility, outside team,
        beyond role, beyond job, beyond responsibilities, beyond scope, beyond job description,
        beyond remit, outside remit, not job, not my job, not your job, job description, not
        responsibility, wasn't responsibility, was not responsibility, someone else's problem,
        someone else problem, someone else created, clean up mess, cleaned up mess, mess, left
        behind, inherit, inherited, took over, take over, pick up slack, picked up slack, slack,
        gap nobody, fell through cracks, fall through cracks, not yours, wasn't yours, was not
        yours, not mine, didn't own, did not own, don't own, not part of job, part of job, not
        part of role, didn't cause, did not cause, not cause
    """,
    "longterm": """
        long term, long-term, long run, longer term, future, for years, years ahead, years to
        come, coming years, next few years, sustained, over time, long haul, multi-year,
        multiyear, fixed for good, fix for good, fixing for good, solved for good, solve for good,
        gone for good
    """,
    "shortterm": """
        short term, short-term, quick win, quick wins, quick fix, band-aid, bandaid, stopgap,
        hack, immediate gain, short-term gains, short term gains
    """,
    # -- innovation and simplicity -----------------------------------------------
    "innovate": """
        innovate, innovation, innovative, innovated, invent, invented, invention, inventive,
        creative, creativity, creatively, novel, new idea, new ideas, out of box, outside box,
        think outside, ingenious, clever, reinvent, breakthrough, new approach, new way, new
        ways, better way, different way, unconventional, original idea, disrupt, disruptive,
        patent, new product, invented
    """,
    "simplify": """
        simplify, simplified, simplifying, simplification, simple, simpler, simplest,
        simplicity, streamline, streamlined, cut complexity, reduce complexity, reduced
        complexity, remove complexity, eliminate complexity, less complex, unnecessary
        complexity, declutter, consolidate, consolidated, consolidation, lean, elegant,
        straightforward, easier, make easier, made easier, remove steps, fewer steps,
        unnecessary steps, cut steps, number of steps, reduce steps, reduced steps, removed
        steps, eliminate steps, eliminated steps
    """,
    "complex": _listing(
        vocab.COMPLEXITY,
        "intricate, sophisticated, hairy, complex program, complex project, most complex",
    ),
    "automate": """
        automate, automated, automation, automating, script, scripts, scripted, tooling,
        self-service, self service, manual, manually, by hand, toil
    """,
    "efficiency": """
        efficient, efficiency, inefficient, inefficiency, inefficiencies, productivity,
        productive, waste, wasteful, wasted, redundant, duplicate, duplication, duplicated,
        time-consuming, time consuming, overhead, friction in process, optimize, optimise,
        optimized, optimization, optimisation
    """,
    "recurring": """
        recurring, recurrent, repeated, repeatedly, repetitive, again and again, over and over,
        chronic, kept happening, keeps happening, every week, every time, regularly
    """,
    "experiment": """
        experiment, experiments, experimented, experimentation, prototype, prototyped,
        prototyping, pilot, piloted, proof of concept, poc, a/b test, ab test, a/b, hypothesis,
        tried something new, try something new, tinker, tinkered, hackathon, trial, trial and
        error, test and learn, mvp, test idea, tested idea, testing idea, test ideas, tested
        ideas, testing ideas, test hypothesis, tested hypothesis, testing hypothesis, test theory
    """,
    "idea": "idea, ideas, proposal, propose, proposed, suggestion, suggest, concept",
    # -- vision and scale --------------------------------------------------------
    "vision": """
        vision, visionary, strategy, strategic, strategically, long-term vision, north star,
        direction, mission, three-year, five-year, multi-year plan, future state, look around
        corners, around corners
    """,
    "bold": """
        bold, ambitious, ambition, audacious, big bet, big bets, moonshot, think big, thought
        big, thinking big, big picture, transformative, transform, transformed, transformation,
        game changer, game-changer, game changing, radical, revolutionary, 10x, stretch goal,
        stretch goals, big idea, big ideas, step change, dream big, large scale, large-scale,
        massive, huge, broad impact, bigger picture, reimagine, redefine, new business, new line
        of business, new market, new markets, bigger goal, bigger goals, much bigger, bigger
        vision, bigger ambition, unlimited resources, unlimited budget, no constraints, no
        limits, magic wand, dream
    """,
    "scale": _listing(
        vocab.SCALABILITY,
        """
        scale, scaled, scalable, expand, expanded, expansion, company-wide, companywide,
        org-wide, organization-wide, organisation-wide, global, globally, worldwide, wider,
        replicate, replicated, standardize, standardise, grew beyond, grown beyond, far beyond,
        well beyond, took off
        """,
    ),
    "opportunity": """
        opportunity, opportunities, untapped, potential, white space, whitespace, upside, missed
        opportunity, others missed, others didn't see, nobody else saw, no one else saw
    """,
    "proud": """
        proud, proudest, pride, biggest accomplishment, greatest achievement, biggest
        achievement, most meaningful, most rewarding, favorite project, favourite project,
        career highlight
    """,
    "achieve": """
        achievement, achievements, accomplish, accomplished, accomplishment, achieve, achieved,
        success, successful, successfully, succeed, succeeded, pull off, pulled off, win, wins,
        biggest accomplishment, greatest achievement, biggest achievement
    """,
    # -- delivery ----------------------------------------------------------------
    "result": "result, results, outcome, outcomes, output",
    "deliver": """
        deliver, delivered, delivering, delivery, deliveries, deliverable, deliverables, ship,
        shipped, shipping, get done, got done, get it done, got it done, getting done, complete,
        completed, completion, finish, finished, execute, executed, executing, execution, close
        out, land, landed
    """,
    "launch": """
        launch, launched, launching, go-live, go live, went live, rollout, roll out, rolled out,
        release, released, cutover, cut over, general availability, ga
    """,
    "goal": """
        goal, goals, target, targets, objective, objectives, okr, okrs, quota, aim, mandate,
        stretch target
    """,
    "exceed": """
        exceed, exceeded, exceeding, surpass, surpassed, outperform, outperformed, beat target,
        beat goal, ahead of schedule, delivered early, finished early, completed early,
        overdeliver, over-deliver, overdelivered
    """,
    "obstacle": _listing(
        vocab.OBSTACLES,
        """
        obstacles, setbacks, hurdles, roadblocks, barriers, against odds, impediments, despite,
        in spite of, headwinds, overcome, overcame, overcoming
        """,
    ),
    "persist": """
        persist, persisted, persistence, persistent, perseverance, persevere, persevered,
        tenacity, tenacious, keep going, kept going, give up, gave up, not give up, didn't give
        up, resilient, resilience, grit, sustained effort, determination, not settle, never
        settle, could have stopped, push through, pushed through, months of effort
    """,
    "difficult": _listing(
        vocab.DIFFICULTY,
        "hard, hardest, toughest, demanding task, tested you, tested me, was tested, were tested",
    ),
    "program": """
        program, programme, programs, project, projects, initiative, initiatives, workstream,
        workstreams, work stream, endeavor, endeavour, effort, complex program, complex project,
        large program, large project
    """,
    "endtoend": """
        end to end, end-to-end, start to finish, from start to finish, beginning to end, concept
        to launch, idea to launch, full lifecycle, entire lifecycle, whole lifecycle, zero to
        one, 0 to 1, from scratch, from ground up, ground up, inception, kickoff to launch
    """,
    "plan": _listing(
        vocab.PLANNING,
        """
        planned, planning, plans, roadmaps, project plan, work breakdown, estimate, estimates,
        estimation, estimating, forecast, forecasting, capacity planning, sprint, sprints,
        gantt, operating rhythm, governance, raci
        """,
    ),
    "milestone": _listing(
        vocab.MILESTONES,
        """
        checkpoint, checkpoints, phase, phases, schedules, time line, timeframe, time frame,
        date, dates, dependencies and timeline
        """,
    ),
    "dependency": _listing(
        vocab.DEPENDENCIES,
        """
        dependent, depend on, depends on, depended on, relied on, rely on, reliance, handoff,
        handoffs, hand-off, hand off, interlock, upstream, downstream teams, integration points
        """,
    ),
    "ontrack": """
        on time, on schedule, on track, stay on track, keep on track, kept on track, on budget,
        on-time, track progress, tracking progress, tracked progress, progress, tracking, track,
        monitor, monitored, monitoring, visibility, predictable, predictability
    """,
    "lead": """
        lead, leading, led, drive, drove, driving, driven, spearhead, spearheaded, head up,
        headed up, heading up, helm, steer, steered, run, ran, running, manage, managed, managing,
        management, oversee, oversaw, overseeing, in charge, program manager, project manager,
        program management, project management, leadership style, leadership skills, thought
        leadership, leadership role
    """,
    "largest": """
        largest, biggest, most complex, large, big, major program, complex program, complex
        project, large program, large project, multi-team program, multiple workstreams
    """,
    # -- technical --------------------------------------------------------------
    # Machine learning and AI are technologies: "learning" and "large" there are
    # not learning or size.
    "technical": """
        technical, technically, tech, technology, technologies, new technology, machine learning,
        deep learning, ml model, ml models, artificial intelligence, generative ai, gen ai, large
        language model, large language models, language model, language models, llm, llms
    """,
    "architecture": _listing(
        vocab.ARCHITECTURE,
        """
        architect, technical design, design doc, design review, infra, platform, platforms,
        monolith, back-end, back end, aws, azure, gcp, stack, integrations, system, systems,
        design, designed, interface, build versus buy, build vs buy, build or buy,
        understand system, understand system deeply, understand the system
        """,
    ),
    "code": _listing(
        vocab.SOFTWARE,
        """
        code, coding, software, debug, debugging, debugged, algorithms, implementation,
        implement, implemented, pull request, refactoring, refactored, deploy, deployments,
        ci cd, test coverage, unit tests, compiler, library, code reviews
        """,
    ),
    "reliability": _listing(
        vocab.RELIABILITY,
        """
        reliable, unreliable, stability, stable, unstable, load, capacity issues, slow,
        slowness, crash, crashes, resilient system, sla, slo, slos, slas,
        performance or stability, system performance, page load, memory, cpu,
        bottleneck in system
        """,
    ),
    "migration": _listing(
        vocab.MIGRATION,
        """
        migrate, migrated, migrating, upgrade, upgraded, port, ported, deprecate, deprecated,
        deprecation, sunset, sunsetting, legacy, modernize, modernise, modernization,
        modernisation, re-platform, replatform, rewrite, rewrote, rearchitect, re-architect,
        move to cloud, decommission
        """,
    ),
    "techdebt": _listing(
        vocab.TECH_DEBT,
        "engineering debt, cruft, code debt",
    ),
    "security": _listing(
        vocab.REGULATION,
        """
        security, secure, vulnerability, vulnerabilities, exploit, data protection, privacy,
        private data, personal data, gdpr, compliant, audit finding, law
        """,
    ),
    "defect": _listing(
        vocab.DEFECTS,
        """
        defects, bugs, regressions, flaws, quality issue, quality issues, quality problem,
        critical bug
        """,
    ),
    # Not a bare "review": a design, business or blameless review, or a review of
    # one's own work, is about something else than the bar of quality.
    "quality": """
        quality, high quality, high-quality, polish, polished, good enough, not good enough,
        sloppy, craftsmanship, excellence, excellent, best in class, best-in-class, world-class,
        world class, rigor, rigour, rigorous, thorough, thoroughness, high bar, bar, raise bar,
        raised bar, raising bar, higher bar, standard, standards, high standards, higher
        standards, highest standards, best practice, best practices, perfection, perfectionist,
        perfectionism, meet expectations, own expectations, exacting, uncompromising, zero
        defects, code review, code reviews, quality review, quality reviews, testing, qa, quality
        assurance, get it right, quality issue, quality issues, quality problem, didn't meet
        expectations, did not meet expectations, not meet expectations, not ready, wasn't ready,
        isn't ready, was not ready
    """,
    # -- people ------------------------------------------------------------------
    "mentor": """
        mentor, mentored, mentoring, mentorship, mentee, coach, coached, coaching, teach,
        taught, training, train, trained, tutor, guide, guided, guidance, onboard, onboarded,
        onboarding, sponsor someone, sponsorship, knowledge transfer, knowledge sharing, help
        improve, helped improve, help them improve, help someone improve, helped someone
    """,
    "develop": """
        develop, developed, developing, development, grow them, nurture, grow into, grew into,
        growing into, grow people, growing people, grow someone, help grow, helped grow
    """,
    "career": """
        career, careers, career development, career growth, promotion, promoted, promote,
        advance career, advancement, career path, growth opportunity, growth opportunities,
        stretch assignment, professional development, grow career, next level, succession, grow
        their career
    """,
    "hire": """
        hire, hired, hiring, recruit, recruited, recruiting, recruitment, candidate, candidates,
        interview candidate, interviewing, interviewed, job offer, talent, bar raiser, headhunt,
        sourcing candidates, sourced candidates, hiring process, hiring decision, high performer,
        top performer, strong performer, a-player, build team, built team, building team, team from
        scratch, staff team, grow team, grew team, potential in, high potential, high-potential
    """,
    "underperform": """
        underperform, underperformed, underperformer, underperforming, underperformance, falling
        below, fell below, fall below, falls below, poor
        performer, low performer, poor performers, low performers, low-performing, low
        performing, poor performance, not performing, struggling employee, performance issue,
        performance issues, performance problem, pip, performance improvement plan, fire, fired,
        firing, let go, terminate, terminated, termination, weak performer, didn't meet
        expectations, did not meet expectations, not meet expectations, falling short of
        expectations
    """,
    "performance": "performance, performer, perform, performed, productivity of team",
    "motivate": """
        motivate, motivated, motivating, motivation, inspire, inspired, inspiring, energize,
        energise, encourage, encouraged, empower, empowered, empowerment, engage team, engaged,
        engagement, recognition, recognize achievements, celebrate, celebrated, demotivated,
        disengaged, rally team
    """,
    "morale": """
        morale, wellbeing, well-being, well being, burnout, burned out, burnt out, work-life
        balance, work life balance, mental health, happiness, happy, team spirit, psychological
        safety, psychologically safe, safe to speak up, safe to fail, belonging, welfare,
        overworked, exhausted, fatigue, sustainable pace, health, retention, attrition, quit,
        quitting, leaving company, resign, resigned, overwhelmed, losing people, lost people, lose
        people, losing key people, lost key people, losing engineers, lost engineers, losing team
        members, lost team members, lost its lead, losing its lead
    """,
    "culture": """
        culture, cultural, workplace, work environment, environment, team environment, do their
        best, safe environment, atmosphere, team dynamics, dynamic, safe for team, feel safe,
        felt safe
    """,
    "inclusive": """
        inclusive, inclusion, include, included, diversity, diverse team, diverse teams,
        diverse, equity, equitable, underrepresented, dei, d&i, fairness, fair, unfair,
        unfairly, respect, respectful, disrespect, marginalized, accessibility, accessible,
        remote, timezone, welcome, welcoming, feel welcome, feel included
    """,
    "empathy": """
        empathy, empathetic, empathize, empathise, compassion, compassionate, put yourself in,
        care, caring, cared, personal issue, personal issues, personal problem, personal
        problems, personal circumstances, family, support, supported, supporting, listen,
        listened, listening
    """,
    "delegate": "delegate, delegated, delegating, delegation, hand over, handed over",
    "team": "team, teams, squad, group, department, org, organization, organisation",
    # -- trust and ethics --------------------------------------------------------
    "trust": """
        trust, trusted, trusting, trustworthy, distrust, mistrust, credibility, credible,
        confidence, lost confidence, good faith, reputation, rebuild trust, rebuilt trust, earn
        trust, earned trust, skeptical, sceptical, skepticism, suspicious, doubt, doubted, win
        trust, won trust, gain trust, gained trust
    """,
    "relationship": """
        relationship, relationships, rapport, build relationships, working relationship,
        networking, connection, connections, bond, partnership, ally, allies
    """,
    "honest": """
        honest, honesty, dishonest, candid, candor, candour, transparent, transparency,
        transparently, forthright, integrity, truth, truthful, straight talk, direct,
        directness, frank, frankly, blunt, openly, open and honest, tell truth, told truth,
        speak candidly, hard conversation, hard conversations, difficult conversation, difficult
        conversations, tough conversation, tough conversations, crucial conversation,
        uncomfortable conversation
    """,
    "confidential": """
        confidential, confidentiality, sensitive information, secret, secrets, secrecy,
        discreet, discretion, nda
    """,
    "ethic": """
        ethic, ethics, ethical, unethical, right thing, right thing to do, moral, morally,
        morals, illegal, stealing, steal, stole, theft, fraud, cheat, cheating, lie, lied,
        lying, misconduct, conscience, principle, principles, whistleblow, report misconduct,
        conflict of interest, personal values, core values, company values
    """,
    "feedback": """
        feedback, criticism, critique, critical feedback, constructive feedback, constructive
        criticism, negative feedback, hard to hear, difficult feedback, tough feedback, candid
        feedback, honest feedback, performance review, performance reviews, review someone, 360,
        criticize, criticise, criticized, criticised, criticizes, stung, harsh
    """,
    "receive": "receive, received, receiving, on receiving end",
    # -- customers and business ---------------------------------------------------
    "workbackward": """
        work backwards, work backward, working backwards, worked backwards, working backward,
        worked backward, start with customer, started with customer, press release, pr/faq,
        prfaq
    """,
    "satisfaction": _listing(
        vocab.SATISFACTION,
        """
        satisfied, dissatisfied, unsatisfied, delight, delighted, customer happiness, loyalty,
        loyal, happy customer, happy customers
        """,
    ),
    "complaint": _listing(
        vocab.COMPLAINTS,
        """
        complain, complained, pain point, pain points, painpoint, frustration, frustrated,
        frustrating, unhappy customer, unhappy customers, angry customer, angry customers,
        upset customer, upset customers, irate, escalated customer, customer escalation,
        churned
        """,
    ),
    "request": "request, requests, requested, demand, demands",
    "business": _listing(
        vocab.REVENUE,
        """
        business, revenues, profitable, margins, commercial, monetize, monetization,
        monetisation, business case, business impact, business value, business goals,
        business outcome, business outcomes, p&l, bottom-line, top line, top-line, gtm,
        shareholder, investor, new business, new line of business, grow business,
        business growth, revenue growth, grew business
        """,
    ),
    "adoption": _listing(
        vocab.CUSTOMER_METRICS,
        """
        adopt, adopted, usage, engagement metrics, active users, conversions, signups, sign-ups,
        onboarding funnel, funnel, user growth, customer base
        """,
    ),
    "product": """
        product, products, feature, features, app, application, applications, offering,
        offerings, service offering, product development
    """,
    "competitor": "competitor, competitors, competition, competitive, rival products",
    "impact": """
        impact, impacts, impactful, effect, effects, consequence, consequences, implication,
        implications, difference
    """,
    "broader": """
        broader, broad, broader impact, secondary effect, secondary effects, second-order,
        second order, ripple effect, ripple effects, unintended consequence, unintended
        consequences, downstream effect, downstream effects, externality, externalities, beyond
        immediate team, beyond team, beyond project, beyond organization, beyond immediate,
        wider impact, bigger than, outside direct team
    """,
    "society": """
        community, communities, society, societal, social, charity, nonprofit, non-profit,
        world, humanity, citizens, local, give back, gave back, pro bono, open source, benefit
        others, help others, for good, social good, general public, public good, public interest
    """,
    "sustainability": """
        sustainability, sustainable, environmental, climate, carbon, energy, planet, green,
        emissions, recycling, footprint, earth, impact on environment, effect on environment,
        harm environment, natural environment, protect environment, better for environment,
        good for environment, for environment, environmentally
    """,
    # -- resources and priorities ------------------------------------------------
    "cost": _listing(
        vocab.COSTS,
        """
        costly, expenses, expensive, spending, money, dollar, dollars, cheap, cheaper,
        inexpensive, less expensive, frugal, frugality, thrifty, economical, financial, finance,
        budgets, budgeting, funding, funded, invoice, cost-effective, cost effective,
        cost-efficient, cost efficient, licensing, license, cloud bill, bill, bills, capex, opex,
        cut costs,
        reduce costs, reduced costs, no budget, without budget, zero budget, tight budget,
        small budget, tiny budget
        """,
    ),
    "save": _listing(
        vocab.SAVINGS,
        "savings, cut costs, reduce costs, reduced costs",
    ),
    "resource": """
        resource, resources, headcount, bandwidth, capacity, staff, staffing, manpower, people
        resources, engineers available
    """,
    "limit": _listing(
        vocab.CONSTRAINTS,
        """
        limited, limit, limits, limitation, limitations, short staffed, short-staffed,
        shorthanded, short-handed, time is short, short on time, short of time, short on people,
        under resourced, half,
        fewer, with less, more with less, do more with less, did more with less, less,
        lean team, small team, tiny team, shoestring, bootstrap, bootstrapped, resourceful,
        resourcefulness, without budget, zero budget, minimal, no team, no people, no staff,
        no resources, small budget, tiny budget
        """,
    ),
    "reduce": """
        reduce, reduced, reducing, reduction, cut, cutting, decrease, decreased, lower, lowered,
        shrink, minimize, minimise, eliminate, eliminated, remove, removed, trim, trimmed
    """,
    "priority": """
        priority, priorities, prioritize, prioritise, prioritized, prioritised, prioritizing,
        prioritising, prioritization, prioritisation, deprioritize, deprioritise, deprioritized,
        first things first, most important, what matters most, triage, triaged, rank, ranked,
        ranking, sequence, order of importance, urgent versus important, focus, focused, time
        management, manage time, managed time, managing time, changing priorities, backlog,
        everything is urgent, everything urgent, all urgent, what to work on, what to focus on,
        where to focus
    """,
    "competing": """
        competing, conflicting priorities, conflicting demands, conflicting requests, multiple
        demands, many demands, juggle, juggled, juggling, at same time, simultaneous,
        simultaneously, concurrent, concurrently, multitask, multitasking, variety of, several
        projects, multiple projects, many projects, too many, overload, overloaded, overwhelmed,
        plate full, more work than, all at once, workload, multiple assignments, several
        assignments, many things, multiple things, multiple deadlines, several deadlines,
        competing deadlines, competing interests, competing needs, competing requests, many
        requests, too much
    """,
    "refuse": "refuse, refused, refuses, refusing, refusal, won't, will not, would not",
    "timeref": """
        right before, right after, right now, right then, just before, just after, all right
    """,
    "decline": """
        say no, said no, saying no, decline, declined, turn down, turned down, reject, rejected,
        rejecting, not do, stop doing, stopped doing, kill, killed, cancel, cancelled, canceled,
        drop, dropped, dropping, shelve, shelved, stop work on
    """,
    "scope": """
        scope, scoped, scoping, scope creep, descope, de-scope, descoped, cut scope, scope cut,
        scope cuts, minimum viable, feature set, must-have, must have, nice to have,
        nice-to-have, requirements creep, add scope, adding scope, add feature, added feature,
        adding feature, new request, late request, late change, last-minute change, last-minute
        request, last sprint
    """,
    # -- weak, generic words --------------------------------------------------------
    "problem": _listing(
        vocab.PROBLEMS,
        "issue, issues",
    ),
    "solve": """
        solve, solved, solving, solution, solutions, fix, fixed, fixing, resolve, resolved,
        resolving, resolution, address, addressed, tackle, tackled, remedy, workaround
    """,
    "improve": """
        improve, improved, improving, improvement, improvements, enhance, enhanced, enhancement,
        refine, refined, boost, boosted, increase, increased, raise, raised, good
    """,
    "process": """
        process, processes, workflow, workflows, procedure, procedures, practice, practices,
        method, methods, methodology, playbook, framework
    """,
    "new": "new, newer, novelty",
    "help": "help, helped, helping, assist, assisted, enable, enabled",
}
"""Concept → words and phrases that express it, in plain English."""

SURFACE_CONCEPTS: dict[str, str] = {
    # Word forms whose meaning differs from other words with the same stem.
    "challenging": "difficult",
    "conflicting": "competing",
    "initiative": "program",
    "initiatives": "program",
    "leadership": "executive",
    "leader": "lead",
    "leaders": "lead",
    "managers": "manager",
    "engineering": "engineer",
    "interview": "hire",
    "interviews": "hire",
    "reported": "communicate",
    "report": "communicate",
    "reports": "teammember",
    "differently": "lesson",
    "odds": "obstacle",
    "lasting": "longterm",
    "heading": "vision",
    "sources": "information",
    "developments": "trend",
}
"""Exact word forms mapped before stemming, where the stem would be ambiguous."""

# -- how words relate within a sentence -----------------------------------------
# The matcher reads a few relations between words, not only the words: whether
# a word is negated ("never missed"), whether it is the opposite form of a word
# of the same concept ("distrust", "unreliable"), and which way feedback or
# news travelled ("I gave him feedback" against "my manager gave me feedback").
# Each is a rule over a class of wording, so it holds for phrasings no list
# names.

CLAUSE_MARKS: str = '.!?;:,()"\u2013\u2014'
"""Punctuation that ends a clause: phrases, negation and roles never reach across it."""

NEGATORS: frozenset[str] = frozenset("not never no without nor cannot neither".split())
"""Words that negate what follows them in their clause."""

NEGATION_REACH = 3
"""A negator applies to the first meaningful word within this many words after it."""

NEGATION_BREAKERS: frozenset[str] = frozenset("only just but also".split())
"""A negator followed by one of these ("not only") negates nothing."""

OPPOSITE_PREFIXES: tuple[str, ...] = ("dis", "mis", "non", "un", "in", "im", "ir", "il", "de")
"""A word of a concept that is another word of the same concept behind one of
these prefixes ("distrust" and "trust", "unreliable" and "reliable") is its
opposite: the two are never reported as the same thing."""

DIRECTED_CONCEPTS: frozenset[str] = frozenset({"feedback", "badnews", "communicate"})
"""Concepts that travel from one person to another (feedback, news, a message or
a presentation); their role is read from the sentence, and the verb that
carried them is not read on its own ("delivered the news" delivers no project)."""

GIVING_VERBS: frozenset[str] = frozenset(
    """
    give gave given giving gives deliver delivered delivering delivers provide provided
    providing offer offered offering share shared sharing tell told telling write wrote
    written writing convey conveyed conveying break broke breaking bring brought bringing
    communicate communicated communicating raise raised raising
    """.split()
)
"""Verbs that pass something on: "gave feedback", "broke the news"."""

RECEIVING_VERBS: frozenset[str] = frozenset(
    """
    receive received receiving receives get got gotten getting gets hear heard hearing take
    took taken taking accept accepted accepting handle handled handling respond responded
    responding react reacted reacting incorporate incorporated incorporating act acted
    acting seek sought seeking solicit solicited soliciting ask asked asking welcome
    welcomed absorb absorbed digest digested
    """.split()
)
"""Verbs whose subject is on the receiving end: "received feedback", "handle criticism"."""

SELF_WORDS: frozenset[str] = frozenset("me you us myself yourself ourselves".split())
"""Objects that name the speaker (a story's "me") or the candidate (a question's "you")."""

SELF_POSSESSIVES: frozenset[str] = frozenset("my your our".split())
"""Possessives of the speaker or candidate: "feedback on your work" was received."""

OTHER_POSSESSIVES: frozenset[str] = frozenset("his her their its".split())
"""Possessives of someone else: "feedback on their design" was given."""

PASSIVE_WORDS: frozenset[str] = frozenset("was were been being be is are am get got".split())
"""Before "given": "was given feedback" was received."""

ROLE_REACH = 5
"""How many words before or after a directed word its role can be read from."""

GIVEN = "given"
RECEIVED = "received"
"""The two roles of a directed concept."""

REDUCING_WORDS: frozenset[str] = frozenset(
    "less lower fewer half halved fell fall falls dropped drops shrank shrunk down".split()
)
"""Besides the "reduce" concept, words that lower a cost: "costs 40% less", "spend fell"."""

SAVING_REACH = 3
"""A cost and a reduction this many words apart or closer read as a saving."""

FRAMING_CONCEPTS: frozenset[str] = frozenset(
    """
    ownership beyondrole proactive decision deliver result achieve solve problem improve help
    difficult challenge
    """.split()
)
"""Concepts that frame what a question asks rather than name it: "took ownership
of", "went above and beyond to", "made a decision about", "delivered". When a
question also names its subject ("...a customer problem", "...a mistake your
team made"), the subject says more about the competency than the frame does."""

CONTEXT_CONCEPTS: frozenset[str] = frozenset(
    "program team teammember peer manager engineer product process new plan lead".split()
)
"""Concepts that set the scene of almost any question (a program, a team, a
manager) and so do not make a question's subject on their own."""
