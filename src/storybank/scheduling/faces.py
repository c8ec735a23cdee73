"""Card faces: what the drill screen shows for a card, front and back.

The front is the prompt (a story's title, an interview question, or a
follow-up) with one line saying what to do; the back is the answer (the
story's headline and SCAR fields, or the follow-up's answer). A face also
carries the countdown's length, the key facts a typed recall is graded on,
predicted recall, the story's flag, and a warning when the story was already
told to the next interview's company. The words are storybank's; the
sections hold user text, which the screen shows literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from storybank.core.models import Story
from storybank.matching.matcher import NEAR_BEST, asked_about
from storybank.scheduling.cards import DrillCard
from storybank.scheduling.deck import Deck
from storybank.scheduling.flags import Flags
from storybank.scheduling.interviews import Interviews, QuestionMatcher
from storybank.scheduling.models import CardKind
from storybank.scheduling.queue import recall_at
from storybank.scheduling.recall import (
    RecallGrade,
    facts_of_text,
    grade_facts,
    grade_recall,
    key_facts,
)

FOLLOW_UP_TIMER_SHARE = 0.5
"""A follow-up answer is short: it gets this share of the drill timer."""

MIN_TIMER_S = 15

RECALL_INSTRUCTION = "Tell this story aloud, hitting the SCAR beats. Space reveals it."
QUESTION_INSTRUCTION = "Which story would you tell? Outline it before the time runs out."
FOLLOW_UP_INSTRUCTION = "A follow-up on “{title}”: answer it in a few sentences."


@dataclass(frozen=True)
class Section:
    """One titled block of text on the back of a card (user text, shown literally)."""

    name: str
    text: str


@dataclass(frozen=True)
class EngineMatch:
    """The matcher's pick for a question card, shown beside the user's pick."""

    story_id: str
    title: str
    score: int
    reasons: list[str]


PickVerdict = Literal["card", "fits", "wrong"]
"""How a pick on a question card is graded: the card's own story, a story
that fits the question as well, or a clearly wrong one."""


@dataclass(frozen=True)
class PickGrade:
    """The grade of the story picked on a question card.

    A question has more than one good answer, so a pick other than the card's
    own story still "fits" when it is tagged with a competency the question
    asks about, or when the matcher scores it within a few points of its best
    story. Only a pick that is neither is wrong.

    Attributes:
        verdict: ``"card"``, ``"fits"`` or ``"wrong"``.
        reason: Why, in plain words (empty for the card's own story).
        card_title: The title of the story the card was made from.
    """

    verdict: PickVerdict
    reason: str
    card_title: str

    @property
    def label(self) -> str:
        """The verdict in a few words: ``"this card's story"``, ``"fits"``, ``"not a fit"``."""
        return {"card": "this card's story", "fits": "fits", "wrong": "not a fit"}[self.verdict]

    @property
    def made_from(self) -> str:
        """Which story the card was made from, said when the pick was another one."""
        return "" if self.verdict == "card" else f"this card was made from “{self.card_title}”"


@dataclass(frozen=True)
class CardFace:
    """Everything the drill screen shows for one card.

    Attributes:
        card_id: The card.
        kind: Recall, question or follow-up.
        story_id: The story that answers it.
        story_title: That story's title.
        prompt: The front: the story title (recall), the question, or the follow-up.
        instruction: What to do, in one line.
        competencies: Names of the story's competencies in the active framework.
        timer_s: Countdown length in seconds.
        back: Headline and SCAR fields (recall, question) or the answer (follow-up).
        key_facts: Facts a typed recall is graded on.
        predicted_recall: Predicted recall now.
        recall_on_interview: Predicted recall on the next interview day, if one is ahead.
        flagged: The story is marked "needs work".
        told_to: Companies the story was already told to, for the next interview's company.
        engine: The matcher's best stories for a question card (when a matcher was given).
        is_new: The card has never been reviewed.
        in_steps: The card is in its learning steps (rated minutes ago; its
            predicted recall says nothing yet).
        last_review: When it was last rated.
    """

    card_id: str
    kind: CardKind
    story_id: str
    story_title: str
    prompt: str
    instruction: str
    competencies: list[str]
    timer_s: int
    back: list[Section]
    key_facts: list[str]
    predicted_recall: float
    recall_on_interview: float | None
    flagged: bool
    told_to: list[str]
    engine: list[EngineMatch]
    is_new: bool
    in_steps: bool = False
    last_review: datetime | None = None


def story_sections(story: Story) -> list[Section]:
    """The back of a recall or question card: headline and SCAR fields that are not empty."""
    sections = [
        Section("Headline", story.headline),
        Section("Situation", story.situation),
        Section("Complications", story.complications),
        Section("Action", story.action),
        Section("Result", story.result),
    ]
    if story.lessons.strip():
        sections.append(Section("Lessons", story.lessons))
    return [s for s in sections if s.text.strip()]


class Faces:
    """Card faces over a deck, with what interviews and flags add to them.

    Args:
        deck: The cards.
        interviews: For the next interview's warnings.
        flags: For the "needs work" mark.
    """

    def __init__(self, deck: Deck, interviews: Interviews, flags: Flags) -> None:
        self.deck = deck
        self.interviews = interviews
        self.flags = flags

    def face(
        self, card_id: str, now: datetime | None = None, matcher: QuestionMatcher | None = None
    ) -> CardFace:
        """What to show for a card: front, back, timer, facts and predictions."""
        deck = self.deck
        at = deck.at(now)
        drill = deck.card(card_id)
        story = deck.bank.get_story(drill.story)
        framework = deck.bank.frameworks.get(deck.settings.framework)
        names = [c.name for cid in story.tags_in(framework.id) if (c := framework.get(cid))]
        timer = deck.settings.drill_timer
        engine: list[EngineMatch] = []
        if drill.kind == "recall":
            prompt, instruction = story.title, RECALL_INSTRUCTION
            back, facts = story_sections(story), key_facts(story)
        elif drill.kind == "question":
            prompt, instruction = drill.record.prompt, QUESTION_INSTRUCTION
            back, facts = story_sections(story), key_facts(story)
            if matcher is not None:
                result = matcher.match(prompt, top=3)
                engine = [
                    EngineMatch(m.id, m.title, m.score, list(m.reasons)) for m in result.stories
                ]
        else:
            prompt, back, facts = _follow_up(story, drill)
            instruction = FOLLOW_UP_INSTRUCTION.format(title=story.title)
            timer = max(MIN_TIMER_S, round(timer * FOLLOW_UP_TIMER_SHARE))
        target = deck.cram_target(at)
        scheduler = deck.scheduler()
        told = [w.message for w in self.interviews.warnings_before(story.id, at)]
        return CardFace(
            card_id=drill.id,
            kind=drill.kind,
            story_id=story.id,
            story_title=story.title,
            prompt=prompt,
            instruction=instruction,
            competencies=names,
            timer_s=timer,
            back=back,
            key_facts=facts,
            predicted_recall=recall_at(scheduler, drill, at),
            recall_on_interview=None if target is None else recall_at(scheduler, drill, target.at),
            flagged=self.flags.is_flagged(story.id),
            told_to=told,
            engine=engine,
            is_new=drill.is_new,
            in_steps=drill.in_steps,
            last_review=drill.card.last_review,
        )

    def grade(self, card_id: str, typed: str | None) -> RecallGrade:
        """Mark which key facts a typed recall contains and propose a rating."""
        drill = self.deck.card(card_id)
        story = self.deck.bank.get_story(drill.story)
        if drill.kind == "followup":
            _, _, facts = _follow_up(story, drill)
            return grade_facts(facts, typed)
        return grade_recall(story, typed)

    def grade_pick(self, card_id: str, pick: str, matcher: QuestionMatcher) -> PickGrade:
        """Grade the story picked on a question card (see :class:`PickGrade`).

        The competencies the question asks about are its labels in the active
        framework (every competency an interviewer could be probing with it),
        or, for a question with none there, the ones the matcher reads in it.

        Raises:
            StorybankError: no such card, or no such story.
        """
        deck = self.deck
        drill = deck.card(card_id)
        card_story = deck.bank.get_story(drill.story)
        if pick == card_story.id:
            return PickGrade("card", "", card_story.title)
        picked = deck.bank.get_story(pick)
        framework = deck.bank.frameworks.get(deck.settings.framework)
        prompt = drill.record.prompt
        result = matcher.match(prompt, top=len(deck.bank.stories()))
        labels = next(
            (
                q.competencies.get(framework.id, [])
                for q in deck.questions()
                if q.id == drill.record.ref
            ),
            [],
        )
        if not labels:
            labels = [c.id for c in asked_about(result.competencies)]
        asked = [(cid, c.name) for cid in labels if (c := framework.get(cid)) is not None]
        names = [name for _cid, name in asked]
        tags = set(picked.tags_in(framework.id))
        tagged = [name for cid, name in asked if cid in tags]
        scores = {m.id: m.score for m in result.stories}
        best = max(scores.values(), default=0)
        score = scores.get(picked.id, 0)
        if tagged:
            listed = " and ".join(tagged[:2])
            return PickGrade(
                "fits", f"tagged {listed}, which this question asks about", card_story.title
            )
        if best > 0 and score >= best - NEAR_BEST:
            said = (
                "the matcher's best answer"
                if score >= best
                else f"the matcher scores it {score}, close to its best ({best})"
            )
            return PickGrade("fits", said, card_story.title)
        asks = " or ".join(names[:2]) or "what this question asks about"
        return PickGrade(
            "wrong",
            f"not tagged {asks}, and the matcher scores it {score} against its best {best}",
            card_story.title,
        )


def _follow_up(story: Story, drill: DrillCard) -> tuple[str, list[Section], list[str]]:
    """Prompt, back and key facts of a follow-up card."""
    follow = next((f for f in story.follow_ups if f.question == drill.record.prompt), None)
    answer = follow.answer if follow is not None else ""
    back = [Section("Answer", answer)] if answer.strip() else []
    return drill.record.prompt, back, facts_of_text([answer])
