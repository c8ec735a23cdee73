"""``storybank mock``: a mock interview in the terminal.

For each question drawn (see :mod:`storybank.scheduling.mocks`): pick a
story from the matcher's suggestions, tell it aloud while two minutes count
down (on a terminal the countdown ticks on the line above the prompt), answer
one follow-up in a minute, and score yourself 1-4 on the rubric. Each answer
is saved as it is scored, so stopping (ctrl-c, or the end of the input)
keeps every answer already given.

Without a terminal (answers piped in, as in a script or a test) the same
prompts read one line each, in order: the story (a number, an id, ``0`` or
``none``; empty for the first suggestion), an optional one-line outline,
whether you could answer the follow-up (``y``/``n``; empty for yes), then
the six rubric scores (one a line, or all six on one line).
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import TextIO

from storybank.cli.context import open_bank
from storybank.cli.terminal import inert, one_line, table
from storybank.core.timewords import format_duration
from storybank.errors import EXIT_OK, StorybankError
from storybank.scheduling.drills import Drills
from storybank.scheduling.interviews import build_matcher
from storybank.scheduling.mocks import (
    ANSWER_SECONDS,
    FOLLOW_UP_SECONDS,
    MockAnswer,
    MockSession,
    RubricPoint,
    rubric_history,
)
from storybank.scheduling.models import RUBRIC, Rubric

SUGGESTIONS = 3
SHORT = {
    "structure": "SCAR",
    "ownership": "I",
    "complications": "COMPL",
    "quantified": "QUANT",
    "lesson": "LESSON",
    "composure": "CALM",
}
"""Column headings of the rubric in the summary."""


class Stopped(Exception):
    """The input ended (or the user pressed ctrl-c) before the mock did."""


class Prompter:
    """Asks questions on the terminal, or reads answers line by line when there is none.

    Args:
        stdin: Where answers come from.
        stdout: Where prompts go.
        clock: Monotonic seconds.
    """

    def __init__(
        self,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self.clock = clock
        self.line = 0
        """Lines read so far (named in errors about piped answers)."""
        self.interactive = self.stdin.isatty() and self.stdout.isatty()

    def say(self, text: str = "") -> None:
        """Print a line."""
        print(text, file=self.stdout, flush=True)

    def ask(self, prompt: str) -> str:
        """One answer (stripped).

        Raises:
            Stopped: the input ended.
        """
        if self.interactive:
            try:
                return input(prompt).strip()
            except EOFError:
                raise Stopped from None
        self.stdout.write(prompt)
        answer = self.stdin.readline()
        if not answer:
            self.stdout.write("\n")
            raise Stopped
        self.line += 1
        self.stdout.write(answer if answer.endswith("\n") else answer + "\n")
        return answer.strip()

    def timed(self, limit: int, prompt: str) -> tuple[str, float]:
        """Wait for a line while ``limit`` seconds count down; returns it and the seconds used.

        On a terminal the countdown ticks on the line above the prompt.
        """
        started = self.clock()
        stop = threading.Event()
        ticker: threading.Thread | None = None
        if self.interactive:
            self.say(_clock_line(0.0, limit))

            def tick() -> None:
                while not stop.wait(1.0):
                    line = _clock_line(self.clock() - started, limit)
                    # Save the cursor, go up to the clock line, redraw it, come back.
                    self.stdout.write(f"\x1b7\x1b[1A\r\x1b[2K{line}\x1b8")
                    self.stdout.flush()

            ticker = threading.Thread(target=tick, daemon=True)
            ticker.start()
        try:
            answer = self.ask(prompt)
        finally:
            stop.set()
            if ticker is not None:
                ticker.join()
        return answer, self.clock() - started


def _clock_line(elapsed: float, limit: int) -> str:
    left = limit - elapsed
    if left < 0:
        return f"  +{format_duration(-left)} over (of {format_duration(limit)})"
    return f"  {format_duration(left)} left of {format_duration(limit)}"


def _used(seconds: float, limit: int) -> str:
    over = seconds - limit
    if over > 0:
        return f"{format_duration(seconds)} used, {format_duration(over)} over"
    return f"{format_duration(seconds)} used of {format_duration(limit)}"


def cmd_mock(args: argparse.Namespace) -> int:
    """Run a mock interview and save it as a practice round."""
    prompter = Prompter()
    rng = random.Random(args.seed) if args.seed is not None else random.Random()
    with open_bank(args, write=True) as bank, Drills(bank) as drills:
        session = drills.mocks.start(
            args.questions, company=args.company, framework=args.framework, rng=rng
        )
        framework = bank.frameworks.get(session.framework_id)
        session.matcher = build_matcher(bank, session.framework_id)
        titles = {s.id: s.title for s in bank.stories()}
        prompter.say(
            f"Mock interview: {len(session.questions)} question"
            f"{'s' * (len(session.questions) != 1)} in {inert(framework.name)}"
            + (f", for {inert(session.round.company)}" if args.company else "")
            + "."
        )
        prompter.say(
            "Each question: pick a story, tell it aloud in 2:00 (type an outline if you "
            "like), answer one follow-up in 1:00, then score yourself 1-4."
        )
        stopped = False
        try:
            while session.current is not None:
                answer = _one_question(prompter, drills, session, titles, rng)
                drills.mocks.record(session, answer)
                prompter.say(f"Saved: {answer.rubric.mean:.1f} of 4 ({answer.entry().went}).")
        except (Stopped, KeyboardInterrupt):
            stopped = True
        history = rubric_history(drills.interviews.all())
    prompter.say()
    if not session.answers:
        prompter.say("Stopped before the first answer: nothing was saved.")
        return EXIT_OK
    if stopped:
        done = len(session.answers)
        prompter.say(f"Stopped after {done} {'answer' if done == 1 else 'answers'}; saved.")
    prompter.say(summary(session, history))
    return EXIT_OK


def _one_question(
    prompter: Prompter,
    drills: Drills,
    session: MockSession,
    titles: dict[str, str],
    rng: random.Random,
) -> MockAnswer:
    drawn = session.current
    assert drawn is not None and session.matcher is not None
    number = len(session.answers) + 1
    why = f" ({drawn.why})" if drawn.reasons else ""
    prompter.say()
    prompter.say(f"Question {number} of {len(session.questions)}{why}")
    prompter.say(f"  {inert(drawn.question.text)}")
    match = session.matcher.match(drawn.question.text, top=SUGGESTIONS)
    suggestions = [s.id for s in match.stories]
    if suggestions:
        prompter.say("Stories that may fit:")
        rows = [
            [f"{index}.", found.id, f"{found.score:>3}", one_line(found.title, 40)]
            for index, found in enumerate(match.stories, start=1)
        ]
        for line in table(rows, ["", "", "", ""]).splitlines()[1:]:
            prompter.say(f"  {line}")
    story = _pick(prompter, suggestions, titles)
    told = "Tell it aloud now" if story else "No story: say what you would, aloud"
    prompter.say(f"{told}; press Enter when you are done (or type an outline, then Enter).")
    outline, seconds = prompter.timed(ANSWER_SECONDS, "  > ")
    prompter.say(f"  {_used(seconds, ANSWER_SECONDS)}.")
    follow_up = drills.mocks.follow_up(story, rng)
    prompter.say(f"Follow-up, 1:00: {inert(follow_up)}")
    prompter.say("Answer it aloud; then say whether you could.")
    reply, follow_seconds = prompter.timed(FOLLOW_UP_SECONDS, "  Could you answer it? [Y/n] ")
    answered = _yes_no(prompter, "  Could you answer it? [Y/n] ", reply)
    prompter.say(f"  {_used(follow_seconds, FOLLOW_UP_SECONDS)}.")
    rubric = _rubric(prompter)
    return MockAnswer(
        question=drawn.question.text,
        story=story,
        seconds=seconds,
        follow_up=follow_up,
        follow_up_answered=answered,
        follow_up_seconds=follow_seconds,
        rubric=rubric,
        outline=outline,
    )


def _pick(prompter: Prompter, suggestions: list[str], titles: dict[str, str]) -> str | None:
    first = "Enter = 1, " if suggestions else ""
    while True:
        answer = prompter.ask(f"Your story ({first}a number, an id, or 0 for none): ")
        if not answer:
            if suggestions:
                return suggestions[0]
            answer = "0"
        if answer.lower() in ("0", "none", "-"):
            return None
        if answer.isdigit() and 1 <= int(answer) <= len(suggestions):
            return suggestions[int(answer) - 1]
        if answer in titles:
            return answer
        _problem(prompter, f"{answer!r} is neither a number shown nor a story id")


def _yes_no(prompter: Prompter, prompt: str, first: str | None = None) -> bool:
    answer = first
    while True:
        if answer is None:
            answer = prompter.ask(prompt)
        if answer.lower() in ("", "y", "yes"):
            return True
        if answer.lower() in ("n", "no"):
            return False
        _problem(prompter, "answer y or n")
        answer = None


def _rubric(prompter: Prompter) -> Rubric:
    prompter.say("Score the answer, 1 (not at all) to 4 (fully):")
    scores: dict[str, int] = {}
    for name, label in RUBRIC:
        if name in scores:
            continue
        while True:
            answer = prompter.ask(f"  {label}: ")
            parts = answer.replace(",", " ").split()
            if len(parts) == len(RUBRIC) and not scores and all(p in "1234" for p in parts):
                # All six on one line.
                scores = {n: int(v) for (n, _), v in zip(RUBRIC, parts, strict=True)}
                break
            if answer in ("1", "2", "3", "4"):
                scores[name] = int(answer)
                break
            _problem(prompter, "a score is 1, 2, 3 or 4")
    return Rubric.model_validate(scores)


def _problem(prompter: Prompter, message: str) -> None:
    if not prompter.interactive:
        raise StorybankError(
            f"answer line {prompter.line} of the input: {message}",
            hint="see `storybank mock --help` and the README for the answers it reads",
        )
    prompter.say(f"  {message}")


def summary(session: MockSession, history: Sequence[RubricPoint]) -> str:
    """The rubric per question, the weakest criterion, and the trend over practice rounds."""
    rows = []
    for number, answer in enumerate(session.answers, start=1):
        rows.append(
            [
                str(number),
                one_line(answer.question, 28),
                one_line(answer.story or "none", 20),
                *(str(score) for _, score in answer.rubric.scores()),
                f"{answer.rubric.mean:.1f}",
            ]
        )
    headers = ["#", "QUESTION", "STORY", *(SHORT[name] for name, _ in RUBRIC), "MEAN"]
    out = [f"Mock saved as practice round {session.round.id}.", "", table(rows, headers)]
    labels = dict(RUBRIC)
    means = {
        name: sum(int(getattr(a.rubric, name)) for a in session.answers) / len(session.answers)
        for name, _ in RUBRIC
    }
    weakest = min(means, key=lambda name: means[name])
    out.append(f"\nWeakest: {labels[weakest]} ({means[weakest]:.1f} of 4).")
    trend = [point.mean for point in history]
    if len(trend) > 1:
        shown = " → ".join(f"{value:.1f}" for value in trend[-6:])
        out.append(f"Rubric over your mocks: {shown} (the Stats screen charts it).")
    out.append("Next: `storybank weak-spots` for the plan; `storybank due` for the cards it made.")
    return "\n".join(out)
