"""How many times each kill loop and race runs: in a normal run, and at full depth (``--slow``).

A normal run (CI) samples the write stream, the imports, the debriefs and the
races at about half their full depth. That is still enough for every kind of
outcome those loops tell apart to come up in every run with room to spare
(kills before the first acknowledgement, between two writes, after a save
reached the disk but before its acknowledgement; imports killed early, near
their commit, or finishing first; writers refused and writers let in), and
kill times depend on the machine, so each run samples other moments than the
last. Backup rotation and drill ratings keep their full depth: their kills
come after a fixed few milliseconds, in which a busy machine gets few backups
or ratings done, and half as many kills may then never reach the rotation
limit or an acknowledged rating. ``--slow`` runs every loop at full depth and
adds the soak (ten times the full depth); ``bench/soak.py`` goes further.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Depth:
    """Kills per loop (``writes`` … ``debriefs``) and rounds of each two-process race."""

    writes: int
    rotation: int
    imports: int
    ratings: int
    debriefs: int
    race_rounds: int


FULL = Depth(writes=200, rotation=40, imports=25, ratings=60, debriefs=30, race_rounds=60)
"""The full depth: every loop under ``--slow``; the soak runs ten times this."""

NORMAL = Depth(writes=100, rotation=40, imports=15, ratings=60, debriefs=15, race_rounds=30)
"""A normal run (CI)."""


def depth(slow: bool) -> Depth:
    """The depth of this run; ``STORYBANK_CRASH_KILLS`` sets the write kills of either."""
    chosen = FULL if slow else NORMAL
    writes = os.environ.get("STORYBANK_CRASH_KILLS")
    return replace(chosen, writes=int(writes)) if writes else chosen
