"""The kill loops of the crash tests, shared by ``test_crash_kill.py`` and ``bench/soak.py``.

Each loop starts a job in a :class:`~reliability.killer.ForkServer` child,
``kill -9``s it at a random moment, checks the bank, and repeats; it returns
counts of what happened (for the test's output and the soak's table) and
raises ``AssertionError`` as soon as a promise is broken.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

from reliability import workload
from reliability.crash_child import DEBRIEF_STORY, RATED_FROM, debrief_question
from reliability.killer import ForkServer
from storybank.storage.atomic_storage import decode_bank
from storybank.storage.backups import KEEP, list_backups
from storybank.storage.repository import Bank

DELAY_MS = (5.0, 80.0)
"""A kill comes this long after the child started (uniformly at random)."""

IMPORT_STORIES = 200

Counts = dict[str, int]


def temp_files(folder: Path) -> list[Path]:
    """Temporary files of interrupted saves in ``folder``."""
    return sorted(folder.glob(".*.tmp")) if folder.is_dir() else []


def _delay(rng: random.Random) -> float:
    return rng.uniform(*DELAY_MS) / 1000


# -- the write stream ----------------------------------------------------------------------


def _verify(
    bank_path: Path, state: workload.BankState, persisted: int, acked: int
) -> tuple[workload.BankState, int, bool]:
    """Check the bank after a kill; returns the state on disk, its write number, in-flight."""
    with Bank.open(bank_path) as bank:  # opening for writing proves the lock was released
        seen = workload.snapshot(bank)
    states = workload.replay(state, persisted + 1, acked + 1)
    at_ack = states[-2] if len(states) > 1 else state
    if seen == states[-1]:
        return seen, acked + 1, True
    assert seen == at_ack, (
        f"after write {acked} was acknowledged the bank does not hold it "
        f"(stories on disk: {sorted(seen.stories)}, expected: {sorted(at_ack.stories)}; "
        f"timer {seen.drill_timer} vs {at_ack.drill_timer})"
    )
    return seen, acked, False


def write_kills(bank_path: Path, server: ForkServer, kills: int, seed: int) -> Counts:
    """Kill the write stream ``kills`` times; after each, every acknowledged write is there."""
    rng = random.Random(seed)
    with Bank.open(bank_path) as bank:
        state = workload.snapshot(bank)
    persisted = 0
    counts = {"kills": 0, "writes acknowledged": 0, "in flight and saved": 0, "before any ack": 0}
    for _ in range(kills):
        spec = {"job": "writes", "bank": str(bank_path), "start": persisted + 1}
        ending = server.run(spec, kill_after=_delay(rng))
        assert ending.killed, "the write stream stopped before it was killed"
        acked_seqs = [int(a[0]) for a in ending.acks]
        assert acked_seqs == list(range(persisted + 1, persisted + 1 + len(acked_seqs))), (
            f"acknowledgements out of order: {acked_seqs}"
        )
        acked = acked_seqs[-1] if acked_seqs else persisted
        state, persisted, in_flight = _verify(bank_path, state, persisted, acked)
        counts["kills"] += 1
        counts["writes acknowledged"] += len(acked_seqs)
        counts["in flight and saved"] += in_flight
        counts["before any ack"] += not acked_seqs
        # Every kill can leave a temporary file; the next writer sweeps them up.
        leftovers = temp_files(bank_path.parent) + temp_files(bank_path.parent / "backups")
        assert leftovers == [], f"temporary files left behind: {leftovers}"
    # A kill between writing a backup and rotating leaves one too many until the next one.
    with Bank.open(bank_path) as bank:
        bank.backup()
    backups = list_backups(bank_path)
    assert 0 < len(backups) <= KEEP, f"{len(backups)} backups"
    for backup in backups:
        decode_bank(backup.path.read_bytes(), backup.path)
    return counts


# -- backup rotation -----------------------------------------------------------------------


def rotation_kills(bank_path: Path, server: ForkServer, kills: int, seed: int) -> Counts:
    """Kill a stream of backups (each one rotates); only whole backups are ever listed."""
    rng = random.Random(seed)
    acked_stories: set[str] = set()
    counts = {"kills": 0, "backups acknowledged": 0}
    seq = 1
    # A busy machine may get no backup written before a kill: the next child then
    # gets twice as long, so that the backups reach the rotation limit and kills
    # keep landing while old backups are being removed.
    scale = 1.0
    for _ in range(kills):
        spec = {"job": "rotation", "bank": str(bank_path), "start": seq}
        ending = server.run(spec, kill_after=scale * _delay(rng))
        assert ending.killed, "the backup stream stopped before it was killed"
        made = sum(1 for kind, _name in ending.acks if kind == "backup")
        scale = max(1.0, scale / 2) if made > 1 else min(scale * 2, 32.0)
        acked_stories |= {name for kind, name in ending.acks if kind == "story"}
        acked_backups = [name for kind, name in ending.acks if kind == "backup"]
        seq += len(ending.acks) + 1
        with Bank.open(bank_path) as bank:
            lost = acked_stories - bank.story_ids()
            assert not lost, f"acknowledged stories missing: {sorted(lost)}"
        backups = list_backups(bank_path)
        if acked_backups:
            # Only the few backups of the interrupted round can be newer than it.
            assert acked_backups[-1] in {b.name for b in backups}
        for backup in backups:
            decode_bank(backup.path.read_bytes(), backup.path)  # whole, valid banks only
            assert backup.describe().endswith("stories")
        leftovers = temp_files(bank_path.parent / "backups")
        assert leftovers == [], f"temporary files left behind: {leftovers}"
        counts["kills"] += 1
        counts["backups acknowledged"] += len(acked_backups)
    assert len(list_backups(bank_path)) >= KEEP  # rotation was reached
    with Bank.open(bank_path) as bank:
        bank.backup()
    assert len(list_backups(bank_path)) == KEEP
    return counts


# -- import --------------------------------------------------------------------------------


def _big_markdown(path: Path) -> set[str]:
    from storybank.core.frameworks import FrameworkRegistry
    from storybank.io.markdown import stories_to_markdown

    op = workload.Op(0, "new")
    stories = [op.story(f"imported-{n}") for n in range(IMPORT_STORIES)]
    path.write_text(stories_to_markdown(stories, FrameworkRegistry.load()), encoding="utf-8")
    return {s.id for s in stories}


def _big_json(bank_path: Path, path: Path) -> tuple[set[str], set[str]]:
    """An export of the bank with every story changed, 200 more, and another drill timer."""
    from storybank.io.json_format import dump_bank
    from storybank.transfer import export_document

    with Bank.open(bank_path, read_only=True) as bank:
        document = export_document(bank)
    op = workload.Op(0, "new")
    replaced = {s.id for s in document.stories}
    document.stories = [
        s.model_copy(update={"result": "Imported 99% result."}) for s in document.stories
    ]
    document.stories += [op.story(f"imported-{n}") for n in range(IMPORT_STORIES)]
    document.settings = document.settings.model_copy(update={"drill_timer": 999})
    path.write_text(dump_bank(document), encoding="utf-8")
    return replaced, {s.id for s in document.stories} - replaced


def _repeat_import(
    bank_path: Path,
    server: ForkServer,
    spec: dict[str, object],
    check: Callable[[Bank], bool],
    kills: int,
    seed: int,
) -> Counts:
    """Import again and again from the same bank, killing it; ``check`` says if it landed."""
    pristine = bank_path.read_bytes()
    durations = []
    for _ in range(3):  # how long a whole import takes here, so the kills land inside one
        bank_path.write_bytes(pristine)
        started = time.perf_counter()
        finished = server.run(spec, kill_after=None)
        durations.append(time.perf_counter() - started)
        assert finished.exit_code == 0 and finished.acks == [["exit", "0"]]
        with Bank.open(bank_path, read_only=True) as bank:
            assert check(bank)
    duration = min(durations)
    rng = random.Random(seed)
    counts = {"kills": 0, "all imported": 0, "nothing imported": 0, "finished first": 0}
    for _ in range(kills):
        bank_path.write_bytes(pristine)
        # Half the kills anywhere in the import, half near its end, where it writes.
        low = 0.0 if rng.random() < 0.5 else 0.7 * duration
        ending = server.run(spec, kill_after=rng.uniform(low, 1.1 * duration))
        with Bank.open(bank_path) as bank:  # validates
            landed = check(bank)
        if not landed:
            assert bank_path.read_bytes() == pristine, "a killed import changed the bank"
        counts["kills"] += ending.killed
        counts["all imported" if landed else "nothing imported"] += 1
        if not ending.killed:
            counts["finished first"] += 1
            assert ending.exit_code == 0 and landed, f"import exited {ending.exit_code}"
    return counts


def markdown_import_kills(
    bank_path: Path, server: ForkServer, workdir: Path, kills: int, seed: int
) -> Counts:
    """Kill ``storybank import big.md``: the bank holds all of its stories or none."""
    source = workdir / "big.md"
    imported = _big_markdown(source)
    with Bank.open(bank_path, read_only=True) as bank:
        originals = bank.stories()
    original_ids = {s.id for s in originals}

    def landed(bank: Bank) -> bool:
        present = imported & bank.story_ids()
        assert present in (set(), imported), f"{len(present)} of {len(imported)} stories"
        kept = [s for s in bank.stories() if s.id in original_ids]
        assert kept == originals, "the bank's own stories changed"
        return bool(present)

    spec = {"job": "import", "bank": str(bank_path), "file": str(source)}
    return _repeat_import(bank_path, server, spec, landed, kills, seed)


def json_import_kills(
    bank_path: Path, server: ForkServer, workdir: Path, kills: int, seed: int
) -> Counts:
    """Kill ``storybank import --replace big.json``: new stories, replacements and settings
    land together or not at all."""
    source = workdir / "big.json"
    replaced, added = _big_json(bank_path, source)

    def landed(bank: Bank) -> bool:
        new = added & bank.story_ids()
        changed = {s.id for s in bank.stories() if s.result == "Imported 99% result."}
        timer = bank.settings.drill_timer == 999
        parts = (new == added, changed == replaced, timer)
        assert parts in ((True, True, True), (False, False, False)), parts
        return timer

    spec = {"job": "import", "bank": str(bank_path), "file": str(source), "args": ["--replace"]}
    return _repeat_import(bank_path, server, spec, landed, kills, seed)


# -- drill ratings -------------------------------------------------------------------------


def _check_ratings(bank_path: Path, reviewed: set[str], undone: set[str]) -> int:
    """Open the drills after a kill; every acknowledged rating and undo holds. Returns entries.

    ``undone`` gains the rating an unacknowledged undo took back, if the kill came after it.
    """
    from fsrs import Card, Rating

    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.deck import make_scheduler
    from storybank.scheduling.drills import Drills

    with Bank.open(bank_path) as bank:
        drills = Drills(bank, clock=FixedClock(RATED_FROM), fuzz=False)  # repairs the last rating
        try:
            scan = drills.deck.store.scan()
            entries = scan.entries
            live = {e.id for e in entries}
            # The one write in flight at the kill may have been an undo that reached the log.
            missing = reviewed - undone - live
            assert missing <= scan.undone and len(missing) <= 1, (
                f"acknowledged ratings missing from the log: {sorted(missing)}"
            )
            undone |= missing
            assert not (undone & live), "an acknowledged undo did not stick"
            assert scan.bad_lines == 0, f"{scan.bad_lines} damaged lines in the review log"
            scheduler = make_scheduler(bank.settings)
            last = {e.fsrs_id: e for e in entries}
            for drill in drills.deck.cards():
                entry = last.get(drill.record.fsrs_id)
                if entry is None:
                    assert drill.card.last_review is None, f"{drill.id} changed without a log line"
                    continue
                assert entry.before is not None and entry.rating is not None
                after, _ = scheduler.review_card(
                    Card.from_dict(entry.before),  # type: ignore[arg-type]
                    Rating(entry.rating),
                    entry.at,
                    entry.duration_ms,
                )
                assert drill.record.fsrs == after.to_dict(), f"{drill.id} is out of step"
        finally:
            drills.close()
    return len(entries)


def rating_kills(bank_path: Path, server: ForkServer, kills: int, seed: int) -> Counts:
    """Kill a stream of drill ratings and undos; every acknowledged one holds, cards in step."""
    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills

    with Bank.open(bank_path) as bank:
        Drills(bank, clock=FixedClock(RATED_FROM), fuzz=False).close()  # makes the cards
    rng = random.Random(seed)
    reviewed: set[str] = set()
    undone: set[str] = set()
    counts = {"kills": 0, "ratings acknowledged": 0, "undos acknowledged": 0}
    seq = 1
    entries = 0
    # Opening the drills brings the cards in step with the stories before the
    # first rating: after a kill that came before any rating (a busy machine), the
    # next child gets twice as long, so that kills keep landing among the writes.
    scale = 1.0
    for _ in range(kills):
        spec = {"job": "ratings", "bank": str(bank_path), "start": seq}
        ending = server.run(spec, kill_after=scale * _delay(rng))
        assert ending.killed, "the rating stream stopped before it was killed"
        scale = 1.0 if ending.acks else min(scale * 2, 32.0)
        new_reviews = {eid for kind, eid in ending.acks if kind == "review"}
        new_undos = {eid for kind, eid in ending.acks if kind == "undo"}
        reviewed |= new_reviews
        undone |= new_undos
        seq += len(ending.acks) + 1
        entries = _check_ratings(bank_path, reviewed, undone)
        counts["kills"] += 1
        counts["ratings acknowledged"] += len(new_reviews)
        counts["undos acknowledged"] += len(new_undos)
    assert reviewed and entries >= len(reviewed - undone), "ratings went missing"
    return counts


# -- debriefs ---------------------------------------------------------------------------


def _check_debriefs(bank_path: Path, round_id: str, acked: int) -> int:
    """The round, the story's follow-ups, the user's questions and the cards agree; returns n."""
    from storybank.scheduling.store import DrillStore

    with Bank.open(bank_path) as bank:
        [interview] = [i for i in DrillStore(bank).interviews() if i.id == round_id]
        saved = len(interview.questions)
        assert saved in (acked, acked + 1), (
            f"{saved} questions on disk after {acked} acknowledged debriefs"
        )
        wanted = [debrief_question(n) for n in range(1, saved + 1)]
        assert [q.text for q in interview.questions] == [q for q, _ in wanted]
        story = bank.get_story(DEBRIEF_STORY)
        follow_ups = [f.question for f in story.follow_ups if not f.answer]
        assert follow_ups == [f for _, f in wanted], "a follow-up without its round, or the reverse"
        texts = {q.text for q in bank.questions()}
        assert texts == {q for q, _ in wanted}, "the question bank and the round disagree"
        cards = {c["id"] for c in bank.raw_table("cards") if c.get("origin") == "interview"}
        assert cards == {q.card for q in interview.questions}, "cards and the round disagree"
    return saved


def debrief_kills(bank_path: Path, server: ForkServer, kills: int, seed: int) -> Counts:
    """Kill a stream of debriefed questions; each lands whole (round, story, card) or not at all."""
    from datetime import date

    from storybank.scheduling.clock import FixedClock
    from storybank.scheduling.drills import Drills

    with Bank.open(bank_path) as bank:
        drills = Drills(bank, clock=FixedClock(RATED_FROM), fuzz=False)
        round_id = drills.interviews.add("Acme", date(2024, 12, 20), "onsite").id
        drills.deck.sync()  # the cards exist before the first kill
        drills.close()
    rng = random.Random(seed)
    counts = {"kills": 0, "debriefs acknowledged": 0, "in flight and saved": 0}
    persisted = 0
    # A debrief is a few times slower than a plain write: the child gets longer,
    # and twice as long again after a kill that came before its first debrief
    # (a busy machine), so that kills keep landing in the middle of writes.
    scale = 3.0
    for _ in range(kills):
        spec = {
            "job": "debriefs",
            "bank": str(bank_path),
            "round": round_id,
            "start": persisted + 1,
        }
        ending = server.run(spec, kill_after=scale * _delay(rng))
        assert ending.killed, "the debrief stream stopped before it was killed"
        acked = [int(a[0]) for a in ending.acks]
        assert acked == list(range(persisted + 1, persisted + 1 + len(acked)))
        last = acked[-1] if acked else persisted
        scale = 3.0 if acked else min(scale * 2, 48.0)
        saved = _check_debriefs(bank_path, round_id, last)
        counts["kills"] += 1
        counts["debriefs acknowledged"] += len(acked)
        counts["in flight and saved"] += saved > last
        persisted = saved
    assert persisted, "no debrief was ever saved"
    return counts
