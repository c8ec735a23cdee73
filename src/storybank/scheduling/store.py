"""Where the drills keep their data: tables in the bank file, and the review log beside it.

* ``cards``, ``interviews``, ``drill_flags`` and ``drill_meta`` are tables of
  the bank file (see :meth:`storybank.storage.repository.Bank.table`). They
  are small (a few documents per story), so each change is one atomic rewrite
  of the bank, like any other edit.
* The review log is a file of its own (:mod:`~storybank.scheduling.review_log`);
  ``drill_meta`` holds the random token that ties it to this bank, and the
  *head*: the id of the last log line whose effect the bank's cards hold.

Writing a rating checks that the bank file is still the one this process
read, appends the log line, then rewrites the card in the bank together with
the new head. A crash between the two leaves the card one step behind its
last log line, which comes right after the head;
:meth:`storybank.scheduling.ledger.Ledger.reconcile` notices this and brings
the card forward. A log that goes on past the head by more than that line
went on with another copy of the bank, and is never replayed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, MutableMapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import Query
from tinydb.table import Document

from storybank.core.validation import describe
from storybank.errors import DamagedBankError
from storybank.scheduling.log_format import LogEntry, Tombstone
from storybank.scheduling.models import CardRecord, Flag, Interview, company_key
from storybank.scheduling.review_log import (
    LogHealth,
    LogScan,
    ReviewLogFile,
    check_log,
    legacy_log_path,
    log_path,
)
from storybank.storage.repository import Bank

M = TypeVar("M", bound=BaseModel)

CARDS = "cards"
INTERVIEWS = "interviews"
FLAGS = "drill_flags"
META = "drill_meta"
_META_ID = 1


class DrillStore:
    """The drill tables of an open bank, and its review log.

    Nothing here schedules anything: the deck and the ledger
    (:mod:`~storybank.scheduling.deck`, :mod:`~storybank.scheduling.ledger`)
    do, and call this to persist.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._card_docs: dict[str, int] = {}
        self._applied: str | None = None
        """A log line appended whose effect the next card write stores (its new head)."""
        meta = self._meta()
        token = meta.get("log_token")
        self.interview_writes = 0
        """Counts writes to the interviews table, so what is derived from it knows to redo."""
        self._interviews: tuple[tuple[int, int], list[Interview]] | None = None
        self._stamps: dict[str, int] = {}
        self._next_stamp = 0
        self.log = ReviewLogFile(
            log_path(bank.path),
            token if isinstance(token, str) else None,
            read_only=bank.read_only,
            legacy=legacy_log_path(bank.path),
        )
        if not bank.read_only:
            self.log.migrate()

    def _meta(self) -> dict[str, Any]:
        meta = self.bank.table(META).get(doc_id=_META_ID)
        return dict(meta) if isinstance(meta, dict) else {}

    def refresh(self) -> None:
        """Read the token and head again (the bank was read again from its file)."""
        self.close()
        token = self._meta().get("log_token")
        self.log.token = token if isinstance(token, str) else None
        self._card_docs = {}
        self._applied = None

    @property
    def head(self) -> str | None:
        """The id of the last log line whose effect the cards hold (``None``: none yet)."""
        head = self._meta().get("log_head")
        return head if isinstance(head, str) else None

    @property
    def head_known(self) -> bool:
        """Whether the bank records its head (banks written before it was kept do not)."""
        return "log_head" in self._meta()

    @property
    def read_only(self) -> bool:
        """Opened without the write lock."""
        return self.bank.read_only

    def close(self) -> None:
        """Close the log's append handle."""
        self.log.close()

    def _load(self, doc: Any, model: type[M], what: str) -> M:
        try:
            return model.model_validate(dict(doc))
        except ValidationError as exc:
            where, message = describe(exc)
            raise DamagedBankError(self.bank.path, f"{what}, field {where}: {message}") from None

    # -- cards ------------------------------------------------------------------

    def cards(self) -> dict[str, CardRecord]:
        """Every stored card by id (validated)."""
        found: dict[str, CardRecord] = {}
        self._card_docs = {}
        for doc in self.bank.table(CARDS).all():
            record = self._load(doc, CardRecord, f"drill card #{doc.doc_id}")
            found[record.id] = record
            self._card_docs[record.id] = doc.doc_id
        return found

    def put_cards(self, records: Iterable[CardRecord], remove: Iterable[str] = ()) -> None:
        """Store cards (insert or replace by id) and drop ids, in one atomic write.

        The write also records the log line just appended (if any) as the head.
        """
        table = self.bank.table(CARDS)
        applied = self._applied
        with self.bank.batch():
            for card_id in remove:
                doc_id = self._card_docs.pop(card_id, None)
                if doc_id is not None:
                    table.remove(doc_ids=[doc_id])
            for record in records:
                self._put(record)
            if applied is not None:
                self._set_head(applied)
        if self._applied == applied:
            self._applied = None

    def put_card(self, record: CardRecord) -> None:
        """Store one card (one atomic write, with the head; see :meth:`put_cards`)."""
        self.put_cards([record])

    def _set_head(self, record_id: str | None) -> None:
        self.bank.table(META).upsert(Document({"log_head": record_id}, doc_id=_META_ID))

    def note_applied(self, record_id: str) -> None:
        """The next card write holds the effect of this log line (crash repair replays it)."""
        self._applied = record_id

    def set_head(self, record_id: str | None) -> None:
        """Record the head now (an import that rewrote the log; call inside its batch)."""
        self._set_head(record_id)

    def _put(self, record: CardRecord) -> None:
        table = self.bank.table(CARDS)
        document = record.model_dump(mode="json")
        doc_id = self._card_docs.get(record.id)
        if doc_id is None:
            self._card_docs[record.id] = table.insert(document)
            return

        def replace(doc: MutableMapping[str, Any]) -> None:
            doc.clear()
            doc.update(document)

        table.update(replace, doc_ids=[doc_id])

    # -- interviews ---------------------------------------------------------------

    def interviews(self) -> list[Interview]:
        """Every interview, by date then id.

        Read into models once until the bank's revision moves (a rolled-back
        batch moves it too); a round this store writes replaces its own model
        only. Fifty debriefed rounds take milliseconds to validate, and the
        app reads them on every redraw of the Interviews and Stats screens.
        """
        kept = self._kept_interviews()
        if kept is None:
            kept = self._keep_interviews(
                [
                    self._load(doc, Interview, f"interview #{doc.doc_id}")
                    for doc in self.bank.table(INTERVIEWS).all()
                ]
            )
        return list(kept)

    def interview(self, interview_id: str) -> Interview | None:
        """One interview by id (only that one is read into a model)."""
        doc = self.bank.table(INTERVIEWS).get(Query().id == interview_id)
        if doc is None or isinstance(doc, list):
            return None
        return self._load(doc, Interview, f"interview #{doc.doc_id}")

    def interviews_with(self, key: str) -> list[Interview]:
        """The interviews with a company, by its folded name (see :func:`company_key`), by date.

        From the rounds already read when they are current; otherwise only that
        company's rounds are read (a debrief that saved a new question moved the
        bank's revision, and reading all fifty rounds again would cost more).
        """
        kept = self._kept_interviews()
        if kept is not None:
            return [i for i in kept if company_key(i.company) == key]
        found = [
            self._load(doc, Interview, f"interview #{doc.doc_id}")
            for doc in self.bank.table(INTERVIEWS).all()
            if isinstance(doc.get("company"), str) and company_key(doc["company"]) == key
        ]
        return sorted(found, key=lambda i: (i.date, i.created, i.id))

    def upcoming(self, today: dt.date) -> Interview | None:
        """The first real round dated ``today`` or later, validating only that one.

        Every rating asks this (for cram mode), so the other rounds, with
        their debriefs, are not read into models: a look at their date and
        kind is enough to pass them over.
        """
        wanted = today.isoformat()
        found = [
            doc
            for doc in self.bank.table(INTERVIEWS).all()
            if isinstance(doc.get("date"), str)
            and doc["date"] >= wanted
            and doc.get("kind", "interview") != "practice"
        ]
        if not found:
            return None
        first = min(found, key=lambda d: (d["date"], str(d.get("created", "")), str(d.get("id"))))
        return self._load(first, Interview, f"interview #{first.doc_id}")

    def put_interview(self, interview: Interview) -> None:
        """Insert or replace an interview by id."""
        kept = self._kept_interviews()
        self.interview_writes += 1
        # Without the defaults: a debriefed round is mostly questions, and each
        # leaves most of its optional fields empty; the model fills them in again.
        self.bank.table(INTERVIEWS).upsert(
            interview.model_dump(mode="json", exclude_defaults=True), Query().id == interview.id
        )
        if kept is not None:
            others = [i for i in kept if i.id != interview.id]
            self._keep_interviews([*others, interview], changed=interview.id)

    def remove_interview(self, interview_id: str) -> bool:
        """Delete an interview; whether it existed."""
        kept = self._kept_interviews()
        self.interview_writes += 1
        removed = bool(self.bank.table(INTERVIEWS).remove(Query().id == interview_id))
        if kept is not None:
            self._keep_interviews([i for i in kept if i.id != interview_id], changed=interview_id)
        return removed

    def _kept_interviews(self) -> list[Interview] | None:
        """The rounds read into models, if they are still what the table holds."""
        key = (self.bank.revision, self.interview_writes)
        if self._interviews is None or self._interviews[0] != key:
            return None
        return self._interviews[1]

    def interview_stamp(self, interview_id: str) -> int:
        """A number that changes whenever this round's model in :meth:`interviews` is replaced.

        What is derived from one round (its share of the weak spots) is kept
        under it, so a write to one round redoes only that round.
        """
        return self._stamps.get(interview_id, -1)

    def _keep_interviews(
        self, interviews: list[Interview], *, changed: str | None = None
    ) -> list[Interview]:
        """Keep ``interviews`` as read; every round is new unless only ``changed`` is."""
        # A write of one round changes only that round: the others stay read,
        # so saving a debrief does not validate fifty rounds again.
        ordered = sorted(interviews, key=lambda i: (i.date, i.created, i.id))
        self._interviews = ((self.bank.revision, self.interview_writes), ordered)
        self._next_stamp += 1
        new, kept = self._next_stamp, self._stamps
        self._stamps = {
            i.id: new if changed is None or i.id == changed else kept.get(i.id, new)
            for i in ordered
        }
        return ordered

    # -- flags --------------------------------------------------------------------

    def flags(self) -> list[Flag]:
        """Every flagged story, oldest flag first."""
        found = [
            self._load(doc, Flag, f"flag #{doc.doc_id}") for doc in self.bank.table(FLAGS).all()
        ]
        return sorted(found, key=lambda f: (f.flagged, f.story))

    def put_flag(self, flag: Flag) -> None:
        """Flag a story (replacing an earlier flag of it)."""
        self.bank.table(FLAGS).upsert(flag.model_dump(mode="json"), Query().story == flag.story)

    def remove_flag(self, story_id: str) -> bool:
        """Unflag a story; whether it was flagged."""
        return bool(self.bank.table(FLAGS).remove(Query().story == story_id))

    # -- the log ----------------------------------------------------------------

    def ensure_log_token(self) -> str:
        """The bank's log token, created (one bank write) the first time a review is saved."""
        if self.log.token is None:
            token = secrets.token_hex(8)
            # No line of a log with this token exists yet: the head is "none", known.
            document = Document({"log_token": token, "log_head": None}, doc_id=_META_ID)
            self.bank.table(META).upsert(document)
            self.log.token = token
        return self.log.token

    def append(self, record: LogEntry | Tombstone) -> None:
        """Append an entry or a tombstone to the review log, durably.

        The bank file is checked first: a rating is never logged for a bank
        that another program replaced underneath (the bank is read again instead).

        Raises:
            FileChangedError: the bank file changed on disk; nothing was appended.
            StorybankError: the disk refused; nothing was appended.
        """
        self.bank.verify_unchanged()
        self.ensure_log_token()
        self.log.append(record)
        self._applied = record.id

    def scan(self) -> LogScan:
        """The whole log (reads the file: only stats, export and doctor need this)."""
        return self.log.scan()


def check_review_log(bank: Bank) -> LogHealth:
    """Doctor's check of a bank's review log: read it all and say what is wrong, if anything.

    The running sums kept beside the log for the statistics are compared with
    the whole log too, and rebuilt if they differ.
    """
    from storybank.scheduling.aggregates import check_sums
    from storybank.scheduling.clock import Calendar, SystemClock

    log = DrillStore(bank).log
    health = check_log(log)
    if health.present:
        clock = SystemClock()
        calendar = Calendar(clock.tz, bank.settings.rollover_hour)
        if not check_sums(log, calendar, calendar.day_of(clock.now())):
            health.facts.append(
                "the review log's running sums (for the statistics) did not match the log; "
                "they were rebuilt"
            )
    return health
