"""The drills in a JSON export, and merging them back in on import.

An export carries the drill tables (``cards``, ``interviews``,
``drill_flags``) as they are stored, and the live review log as
``review_logs``. :func:`plan_drill_import` checks those tables against a bank
without writing; :func:`write_drill_tables` and :func:`stage_review_log` then
write them as part of the import's one bank write
(:func:`storybank.transfer.apply_import` puts the pieces together).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from storybank.core.validation import describe
from storybank.errors import StorybankError
from storybank.scheduling.log_format import LogEntry
from storybank.scheduling.models import CardRecord, Flag, Interview, check_fsrs_dict
from storybank.scheduling.store import CARDS, FLAGS, INTERVIEWS, DrillStore
from storybank.storage.files import StagedWrite
from storybank.storage.repository import Bank

M = TypeVar("M", bound=BaseModel)

Rows = list[dict[str, Any]]

REVIEW_LOGS = "review_logs"
"""Name of the review log in a JSON export (it is not a bank table)."""

EXPORT_TABLES: tuple[str, ...] = (CARDS, REVIEW_LOGS, INTERVIEWS, FLAGS)
"""What a JSON export carries for the drills."""


def export_tables(bank: Bank) -> dict[str, Rows]:
    """The drill tables and the live review log, for a JSON export."""
    store = DrillStore(bank)
    return {
        CARDS: bank.raw_table(CARDS),
        INTERVIEWS: bank.raw_table(INTERVIEWS),
        FLAGS: bank.raw_table(FLAGS),
        REVIEW_LOGS: [entry.raw for entry in store.scan().entries],
    }


@dataclass
class DrillImport:
    """Drill data read from an export, checked and ready to write.

    Attributes:
        cards: Cards of the stories being imported.
        interviews: Interviews the bank does not have yet.
        flags: Flags of the stories being imported.
        reviews: Review-log entries the bank does not have yet.
    """

    cards: list[CardRecord] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    reviews: list[LogEntry] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        """Nothing to write."""
        return not (self.cards or self.interviews or self.flags or self.reviews)


def has_drills(extra: dict[str, Rows]) -> bool:
    """Whether the tables of an export carry any drill data."""
    return any(extra.get(name) for name in EXPORT_TABLES)


def _rows(extra: dict[str, Rows], name: str) -> Rows:
    rows = extra.get(name, [])
    return rows if isinstance(rows, list) else []


def plan_drill_import(bank: Bank, extra: dict[str, Rows], story_ids: set[str]) -> DrillImport:
    """Check the drill tables of an export against the bank; nothing is written.

    Cards and flags come in for the stories in the file (``story_ids``): a
    card replaces the bank's card of the same id only if it was reviewed more
    recently, so restoring an export never throws away newer drilling. An
    interview round replaces the bank's round of the same id only if it was
    debriefed more recently. Review-log entries are merged by id, keeping the
    bank's own.

    Raises:
        StorybankError: a row is not valid (naming the table and row).
    """
    plan = DrillImport()
    store = DrillStore(bank)
    existing = store.cards()
    seen: set[str] = set()
    for index, row in enumerate(_rows(extra, CARDS)):
        card = _import_row(CardRecord, row, CARDS, index)
        if card.story not in story_ids or card.id in seen:
            continue
        seen.add(card.id)
        current = existing.get(card.id)
        if current is None or _last_review(card) > _last_review(current):
            plan.cards.append(card)
    known_interviews = {i.id: i for i in store.interviews()}
    for index, row in enumerate(_rows(extra, INTERVIEWS)):
        interview = _import_row(Interview, row, INTERVIEWS, index)
        held = known_interviews.get(interview.id)
        if held is None or _debriefed(interview) > _debriefed(held):
            known_interviews[interview.id] = interview
            plan.interviews = [i for i in plan.interviews if i.id != interview.id]
            plan.interviews.append(interview)
    for index, row in enumerate(_rows(extra, FLAGS)):
        flag = _import_row(Flag, row, FLAGS, index)
        if flag.story in story_ids:
            plan.flags.append(flag)
    rows = _rows(extra, REVIEW_LOGS)
    if rows:
        known = {e.id for e in store.scan().entries}
        for index, row in enumerate(rows):
            try:
                entry = LogEntry.from_json(row)
                for state in (entry.before, entry.after):
                    if state is not None:
                        check_fsrs_dict(state)
            except (KeyError, TypeError, ValueError) as exc:
                raise StorybankError(
                    f"{REVIEW_LOGS} #{index + 1} is not a valid review entry ({exc})",
                    field=REVIEW_LOGS,
                    hint="export the bank again, or remove that entry",
                ) from None
            if entry.id not in known:
                known.add(entry.id)
                plan.reviews.append(entry)
    return plan


def _last_review(card: CardRecord) -> str:
    # ISO strings in UTC compare in time order; "" sorts before any review.
    value = card.fsrs["last_review"]
    if value is None:
        return ""
    return datetime.fromisoformat(value).astimezone(UTC).isoformat()


def _debriefed(interview: Interview) -> datetime:
    return interview.logged or datetime.min.replace(tzinfo=UTC)


def _import_row(model: type[M], row: dict[str, Any], table: str, index: int) -> M:
    try:
        return model.model_validate(row)
    except ValidationError as exc:
        where, message = describe(exc)
        raise StorybankError(
            f"{table} #{index + 1}, field {where}: {message}",
            field=table,
            hint="export the bank again, or fix that row",
        ) from None


def write_drill_tables(bank: Bank, plan: DrillImport) -> None:
    """Write the tables part of an import (call inside the import's ``bank.batch()``)."""
    store = DrillStore(bank)
    existing = store.cards()
    taken = {r.fsrs_id: r.id for r in existing.values()}
    for card in plan.cards:
        owner = taken.get(card.fsrs_id)
        if owner is not None and owner != card.id:
            raise StorybankError(
                f"imported card {card.id!r} has the FSRS id of card {owner!r}",
                field=CARDS,
                hint="import into a new bank (storybank --db NEW.json import FILE)",
            )
    store.put_cards(plan.cards)
    for interview in plan.interviews:
        store.put_interview(interview)
    for flag in plan.flags:
        store.put_flag(flag)
    if plan.reviews:
        store.ensure_log_token()


def stage_review_log(bank: Bank, plan: DrillImport) -> StagedWrite | None:
    """The review log with the imported entries merged in, staged but not yet in place.

    Call inside the import's ``bank.batch()`` and commit the result after the
    batch: a log that cannot be written then stops the import before anything
    of it reaches the bank.
    """
    if not plan.reviews:
        return None
    store = DrillStore(bank)
    store.ensure_log_token()
    live = store.scan().entries
    merged = sorted([*live, *plan.reviews], key=lambda e: (e.at, e.id))
    # The cards written with the import are the latest states: nothing in the
    # rewritten log is waiting to be applied to them.
    store.set_head(merged[-1].id)
    return store.log.stage_rewrite(entry.raw for entry in merged)
