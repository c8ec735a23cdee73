"""The drill countdown: time left on the card as a number and a shrinking bar.

It counts a :class:`~storybank.scheduling.session.Stopwatch` down from the
card's timer: ``1:52`` while running, in the warning colour near the end, and
``+0:12`` in the error colour once past the limit. Running past is allowed:
the card is still rated, and the screen records the overrun. Pausing stops
the stopwatch, so paused time never counts as drill time.

At reveal the screen *freezes* the display on the time used for telling the
story, while the stopwatch keeps counting the whole time spent on the card.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from storybank.core.timewords import format_duration
from storybank.scheduling.session import Countdown, Stopwatch

TICK_S = 0.25
"""How often the display updates while running (a quarter second keeps ``m:ss`` honest)."""

FULL = "━"
EMPTY = "─"


class DrillCountdown(Widget):
    """A one-line countdown: ``1:52  ━━━━━━━━━━────  of 2:00``.

    Args:
        clock: Monotonic seconds; tests inject one that only moves when told.

    CSS classes: ``-warning`` near the end, ``-over`` past the limit,
    ``-paused`` while paused, ``-frozen`` after reveal.
    """

    DEFAULT_CSS = """
    DrillCountdown {
        height: 1;
        width: 1fr;
    }
    """

    @dataclass
    class TimeUp(Message):
        """The countdown passed its limit (it keeps counting, now as an overrun)."""

        limit_s: int
        """The timer's length."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        id: str | None = None,  # noqa: A002 - Textual convention
    ) -> None:
        super().__init__(id=id)
        self._clock = clock
        self.stopwatch = Stopwatch(clock)
        self.limit_s = 0
        self._frozen: Countdown | None = None
        self._announced = False
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(TICK_S, self._tick, pause=True)

    # -- what the screen calls -------------------------------------------------

    def start(self, limit_s: int) -> None:
        """Start a fresh countdown of ``limit_s`` seconds."""
        self.limit_s = limit_s
        self.stopwatch = Stopwatch(self._clock)
        self.stopwatch.start()
        self._frozen = None
        self._announced = False
        self._run_ticker(True)
        self._tick()

    def stop(self) -> None:
        """Clear the countdown (no card on screen)."""
        self.limit_s = 0
        self.stopwatch.pause()
        self._frozen = None
        self._run_ticker(False)
        self._tick()

    def pause(self) -> None:
        """Stop counting."""
        self.stopwatch.pause()
        self._run_ticker(False)
        self._tick()

    def resume(self) -> None:
        """Count again."""
        if self.limit_s <= 0:
            return
        self.stopwatch.resume()
        self._run_ticker(self._frozen is None)
        self._tick()

    def toggle(self) -> bool:
        """Pause or resume; returns whether it is paused now."""
        if self.paused:
            self.resume()
        else:
            self.pause()
        return self.paused

    def freeze(self) -> Countdown:
        """Hold the display at the time used so far (the stopwatch keeps counting)."""
        self._frozen = self.reading
        self._run_ticker(False)
        self._tick()
        return self._frozen

    @property
    def paused(self) -> bool:
        """Not counting."""
        return self.stopwatch.paused

    @property
    def running(self) -> bool:
        """A countdown is on (paused or not)."""
        return self.limit_s > 0

    @property
    def elapsed(self) -> float:
        """Seconds counted on this card, pauses excluded."""
        return self.stopwatch.elapsed

    @property
    def reading(self) -> Countdown:
        """The countdown now (what the display shows unless frozen)."""
        return self.stopwatch.countdown(self.limit_s)

    @property
    def shown(self) -> Countdown:
        """What the display shows: the frozen reading after reveal, else the live one."""
        return self._frozen if self._frozen is not None else self.reading

    # -- drawing -----------------------------------------------------------------

    def _run_ticker(self, on: bool) -> None:
        if self._ticker is None:
            return
        if on:
            self._ticker.resume()
        else:
            self._ticker.pause()

    def _tick(self) -> None:
        shown = self.shown
        active = self.running
        self.set_class(active and shown.warning and not shown.overran, "-warning")
        self.set_class(active and shown.overran, "-over")
        self.set_class(active and self.paused, "-paused")
        self.set_class(self._frozen is not None, "-frozen")
        if active and self._frozen is None and shown.overran and not self._announced:
            self._announced = True
            self.post_message(self.TimeUp(self.limit_s))
        self.refresh()

    def render(self) -> Content:
        if not self.running:
            return Content("")
        shown = self.shown
        colour = "$error" if shown.overran else ("$warning" if shown.warning else "$primary")
        if shown.overran:
            label = f"{shown.label} over"
        elif self._frozen is not None:
            label = f"{format_duration(shown.elapsed_s)} used"
        else:
            label = shown.label
        tail = f"  of {format_duration(self.limit_s)}"
        if self.paused and self._frozen is None:
            tail += " · paused, p resumes"
        width = max(0, self.content_size.width - len(label) - len(tail) - 2)
        filled = round(width * (1.0 - shown.fraction))
        return Content.assemble(
            (label, f"bold {colour}"),
            "  ",
            (FULL * filled, colour),
            (EMPTY * (width - filled), "$text-muted"),
            (tail, "$text-muted"),
        )
