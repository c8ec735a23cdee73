"""How many examples a property test draws: a share in a normal run, all of them under ``--slow``.

A normal run (CI) draws a third of each test's full count (at least 30).
Hypothesis draws fresh examples every run, so over runs the tests still
cover what the full count does in one; ``--slow`` draws the full count.
"""

from __future__ import annotations

import os

FULL_DEPTH = "STORYBANK_TEST_FULL_DEPTH"
"""Set (by the ``--slow`` option) when every test runs at full depth."""


def examples(full: int) -> int:
    """The examples to draw of a test whose full count is ``full``."""
    if os.environ.get(FULL_DEPTH):
        return full
    return max(30, full // 3)
