"""Where the drills keep their data: tables in the bank file, and the review log beside it.

* ``cards``, ``interviews``, ``drill_flags`` and ``drill_meta`` are tables of
  the bank file (see :meth:`storybank.storage.repository.Bank.table`). They
  are small (a few documents per story), so each change is one atomic rewrite
  of the bank, like any other edit.
* The review log is a file of its own (:mod:`~storybank.scheduling.review_log`);
  ``drill_meta`` holds the random token that ties it to this bank.

Writing a rating appends the log line first, then rewrites the card in the
bank. A crash between the two leaves the card one step behind its last log
line; :meth:`storybank.scheduling.ledger.Ledger.reconcile` notices this from
the log's last line and brings the card forward.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, MutableMapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import Query
from tinydb.table import Document

from storybank.core.validation import describe
from storybank.errors import DamagedBankError
from storybank.scheduling.log_format import LogEntry, Tombstone
from storybank.scheduling.models import CardRecord, Flag, Interview
from storybank.scheduling.review_log import LogHealth, LogScan, ReviewLogFile, check_log, log_path
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
        meta = bank.table(META).get(doc_id=_META_ID)
        token = meta.get("log_token") if isinstance(meta, dict) else None
        self.log = ReviewLogFile(
            log_path(bank.path),
            token if isinstance(token, str) else None,
            read_only=bank.read_only,
        )

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
        """Store cards (insert or replace by id) and drop ids, in one atomic write."""
        table = self.bank.table(CARDS)
        with self.bank.batch():
            for card_id in remove:
                doc_id = self._card_docs.pop(card_id, None)
                if doc_id is not None:
                    table.remove(doc_ids=[doc_id])
            for record in records:
                self._put(record)

    def put_card(self, record: CardRecord) -> None:
        """Store one card (one atomic write)."""
        self._put(record)

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
        """Every interview, by date then id."""
        found = [
            self._load(doc, Interview, f"interview #{doc.doc_id}")
            for doc in self.bank.table(INTERVIEWS).all()
        ]
        return sorted(found, key=lambda i: (i.date, i.created, i.id))

    def put_interview(self, interview: Interview) -> None:
        """Insert or replace an interview by id."""
        self.bank.table(INTERVIEWS).upsert(
            interview.model_dump(mode="json"), Query().id == interview.id
        )

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
            self.bank.table(META).upsert(Document({"log_token": token}, doc_id=_META_ID))
            self.log.token = token
        return self.log.token

    def append(self, record: LogEntry | Tombstone) -> None:
        """Append an entry or a tombstone to the review log, durably."""
        self.ensure_log_token()
        self.log.append(record)

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
