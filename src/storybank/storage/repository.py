"""The bank: one TinyDB file of settings, stories and the user's questions.

:class:`Bank` is the one service the CLI and the app talk to; nothing else
touches TinyDB. Documents are stored as ``model_dump(mode="json")`` and
validated back into models when read, so a hand-edited file with a wrong field
type is reported, never silently accepted.
"""

from __future__ import annotations

import glob
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from tinydb import Query, TinyDB
from tinydb.table import Document, Table

from storybank import __version__
from storybank.core.frameworks import FrameworkRegistry
from storybank.core.models import Question, Settings, Story, slugify, utc_now
from storybank.core.validation import describe
from storybank.errors import DamagedBankError, StorybankError
from storybank.paths import frameworks_dir
from storybank.storage import backups, migrations
from storybank.storage.atomic_storage import AtomicStorage
from storybank.storage.files import real_path, remove_leftover_temps
from storybank.storage.lock import BankLock
from storybank.storage.migrations import RawData

M = TypeVar("M", bound=BaseModel)

STORIES = "stories"
QUESTIONS = "questions"
SETTINGS = "settings"
_SETTINGS_ID = 1


class DuplicateIdError(StorybankError):
    """Several documents of a table share the id a command names; it acts on none of them."""

    def __init__(self, path: Path, kind: str, item_id: str, numbers: list[int]) -> None:
        listed = ", ".join(f"#{n}" for n in numbers)
        super().__init__(
            f"{len(numbers)} {kind} share the id {item_id!r} ({listed}), so storybank "
            "cannot tell which one you mean and changes none of them",
            file=path,
            hint="run `storybank doctor --repair` (with the same --db) to give each "
            "a fresh id; a backup is taken first",
        )


class Bank:
    """An open bank file. Use :meth:`open` or :meth:`create`, and close it (or use ``with``).

    Attributes:
        path: The bank file as the user named it (every message names it so).
        read_only: Opened without the write lock; every write is refused.
        frameworks: Built-in frameworks plus the user's framework files.
        problems: Damage found when the bank was opened that does not stop it
            from being read (stories sharing an id); every front end reports it.
        reload_hooks: Called after the bank was read again from its file (see
            :meth:`reload`), e.g. to redraw what was derived from the stories.
    """

    def __init__(self, path: Path, *, read_only: bool, lock: BankLock | None) -> None:
        self.path = path
        self.read_only = read_only
        self._lock = lock
        self._revision = 0
        self._generation = 0
        self._backup_checked_until = 0.0
        """``time.monotonic()`` before which no routine backup is due (see :mod:`backups`)."""
        self.problems: list[str] = []
        self.reload_hooks: list[Callable[[], None]] = []
        # Writes go to a symlink's target so the link survives (to the file the
        # lock guards, resolved when it was taken); a dangling link is kept as it
        # is so that reading it can report it.
        if not path.exists():
            real = path
        else:
            real = lock.target if lock is not None else real_path(path)
        self._storage = AtomicStorage(
            real,
            shown=path,
            read_only=read_only,
            before_write=self._routine_backup,
            on_changed=self._reload_after_change,
        )
        self._db = TinyDB(storage=lambda: self._storage)
        self.frameworks = FrameworkRegistry.load(frameworks_dir(path))

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False, lock: BankLock | None = None) -> Bank:
        """Open an existing bank, for writing unless ``read_only``.

        Args:
            path: The bank file.
            read_only: Open without the write lock; every write is refused.
            lock: The bank's write lock, already held by the caller (see
                :func:`storybank.storage.claim.claim_bank`); the bank takes it
                over, and releases it if opening fails.

        Raises:
            BankLockedError: another process has it open for writing.
            StorybankError: the file is missing, unreadable, damaged or newer.
        """
        if lock is None and not read_only:
            lock = BankLock(path)
            lock.acquire()
        try:
            bank = cls(path, read_only=read_only, lock=lock)
            if lock is not None:
                bank._remove_leftovers()
            if bank._storage.read() is None:
                raise StorybankError(
                    "there is no bank here yet",
                    file=path,
                    hint="run `storybank init` to create it (or `storybank init --sample`)",
                )
            bank.validate()
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return bank

    @classmethod
    def create(cls, path: Path, *, force: bool = False) -> Bank:
        """Create a new, empty bank (taking a backup of any bank it replaces).

        Raises:
            StorybankError: a bank exists and ``force`` is false.
        """
        # BankLock refuses a FIFO, a device or a socket (or a link to one) before
        # anything is created: a bank never replaces one.
        lock = BankLock(path)
        lock.acquire()
        try:
            if path.exists() or path.is_symlink():
                if not force:
                    raise StorybankError(
                        "a bank already exists here",
                        file=path,
                        hint="use it as it is, pass --force to start over (a backup is kept), "
                        "or choose another file with --db",
                    )
                if path.exists():
                    backups.take_backup(real_path(path), tag="replaced", shown=path)
            bank = cls(path, read_only=False, lock=lock)
            bank._remove_leftovers()
            bank._storage.adopt_current()
            bank._storage._cache = {}
            migrations.set_schema_version(bank._storage._cache, migrations.SCHEMA_VERSION)
            bank._storage._cache[migrations.META_TABLE]["1"]["created_by"] = __version__
            bank.save_settings(Settings())
        except BaseException:
            lock.release()
            raise
        return bank

    def _remove_leftovers(self) -> None:
        """Delete temporary files left by a writer that was killed mid-save.

        Called with the write lock held, so no other process is writing them.
        """
        real = self._storage.path
        remove_leftover_temps(real.parent, glob.escape(real.name))
        # The drills' review log beside the bank (scheduling/review_log.py) is staged
        # the same way; it is named after the whole file name (after the stem, before).
        remove_leftover_temps(real.parent, glob.escape(f"{real.name}.reviews.jsonl"))
        remove_leftover_temps(real.parent, glob.escape(f"{real.stem}.reviews.jsonl"))
        backups.remove_leftovers(real)

    def close(self) -> None:
        """Release the file and the lock (idempotent)."""
        self._db.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Bank:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- integrity -----------------------------------------------------------

    def validate(self) -> None:
        """Check every stored document against the models, and look for shared ids.

        Shared ids do not stop the bank from opening; they are listed in
        :attr:`problems`, and no command acts on an id that several documents share.

        Raises:
            DamagedBankError: naming the table, the document and the field at fault.
        """
        self.settings  # noqa: B018 - validates the stored settings
        stories = self.table(STORIES).all()
        questions = self.table(QUESTIONS).all()
        for doc in stories:
            self._load(doc, Story, f"story #{doc.doc_id}")
        for doc in questions:
            self._load(doc, Question, f"question #{doc.doc_id}")
        self.problems = [
            *_shared_ids(stories, "stories"),
            *_shared_ids(questions, "questions"),
        ]

    def _load(self, doc: Any, model: type[M], what: str) -> M:
        try:
            return model.model_validate(dict(doc) if doc is not None else {})
        except ValidationError as exc:
            field, message = describe(exc)
            raise DamagedBankError(self.path, f"{what}, field {field}: {message}") from None

    def table(self, name: str) -> Table:
        """A TinyDB table of this bank, for the tables of a feature (the drills' cards, ...).

        The CLI and the app use the typed methods instead. Writes to these
        tables do not change :attr:`revision`.
        """
        return self._db.table(name)

    @property
    def revision(self) -> int:
        """A number that changes whenever stories, questions or settings are written.

        Cheap to read: whatever is derived from the stories (the drill cards)
        compares it with the revision it was last derived from. A batch that
        is rolled back changes it too, since what was read inside it is gone.
        """
        return self._revision

    def _changing(self) -> None:
        """Note that stories, questions or settings are about to be written."""
        self._revision += 1

    @property
    def generation(self) -> int:
        """A number that changes whenever the bank is read again from its file (:meth:`reload`).

        What holds data read from the bank (the drills' cards) reads it again
        when this changed.
        """
        return self._generation

    def _routine_backup(self) -> None:
        """Before a write: take a backup if none was taken in the last half hour.

        Only the backup folder's newest name is looked at, and only once the
        half hour since the newest backup has passed, so the check costs nothing
        on most writes. A failed backup raises, and the write is not made.
        """
        if time.monotonic() < self._backup_checked_until:
            return
        now = datetime.now(UTC)
        newest = backups.routine_backup(self._storage.path, now=now, shown=self.path)
        remaining = backups.ROUTINE_INTERVAL - (now - newest)
        self._backup_checked_until = time.monotonic() + max(0.0, remaining.total_seconds())

    def backup(self, tag: str = "") -> backups.Backup | None:
        """Take a backup now (before something destructive)."""
        return backups.take_backup(self._storage.path, tag=tag, shown=self.path)

    def verify_unchanged(self) -> None:
        """Check that the file is still the one this bank read or last wrote.

        A writer of a file beside the bank (the drills' review log) calls this
        before it writes, so that nothing is added for a bank that is no longer
        the one on disk.

        Raises:
            FileChangedError: it changed (and the bank was read again, if it could be).
        """
        if not self.read_only:
            self._storage.check_unchanged()

    def reload(self) -> None:
        """Read the bank again from its file as it is now, and work on that from now on.

        Called when a write found the file changed on disk. The new file is
        validated before anything is swapped: if it cannot be used, the bank
        keeps what it had and every write stays refused.

        Raises:
            StorybankError: the file is missing, damaged, newer, or a document
                does not match the models.
        """
        fresh = self._storage.read_fresh()
        _validate_raw(fresh[0], self.path)
        self._storage.adopt(fresh)
        # Fresh tables: TinyDB caches query results and the next document id per table.
        self._db = TinyDB(storage=lambda: self._storage)
        self.validate()
        self._generation += 1
        self._changing()
        for hook in list(self.reload_hooks):
            hook()

    def _reload_after_change(self) -> str | None:
        """The storage found the file changed: read it again; what is wrong with it, if anything."""
        try:
            self.reload()
        except StorybankError as exc:
            return exc.message
        return None

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group several changes into one atomic write; nothing is written if it fails."""
        self._storage.begin()
        try:
            yield
        except BaseException:
            self._storage.rollback()
            self._db.clear_cache()
            self._changing()
            raise
        self._storage.commit()

    # -- settings ------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        """The bank's settings (defaults where nothing is stored)."""
        return self._load(self.table(SETTINGS).get(doc_id=_SETTINGS_ID), Settings, "settings")

    def save_settings(self, settings: Settings) -> None:
        """Store ``settings`` (the framework must exist)."""
        self.frameworks.get(settings.framework)
        self._changing()
        self.table(SETTINGS).upsert(Document(settings.model_dump(mode="json"), doc_id=_SETTINGS_ID))

    # -- stories -------------------------------------------------------------

    def stories(self) -> list[Story]:
        """Every story, oldest first."""
        docs = self.table(STORIES).all()
        found = [self._load(d, Story, f"story #{d.doc_id}") for d in docs]
        return sorted(found, key=lambda s: (s.created, s.id))

    def story_ids(self) -> set[str]:
        """The ids of all stories."""
        return {str(d.get("id")) for d in self.table(STORIES).all()}

    def has_story(self, story_id: str) -> bool:
        """Whether a story with this id exists."""
        return self.table(STORIES).contains(Query().id == story_id)

    def _only(self, table: str, item_id: str) -> Document | None:
        """The one document of ``table`` with this id, or ``None``.

        Raises:
            DuplicateIdError: several documents share it.
        """
        # Not search(): TinyDB caches query results, and a failed write leaves them stale.
        docs = [doc for doc in self.table(table).all() if doc.get("id") == item_id]
        if len(docs) > 1:
            numbers = sorted(doc.doc_id for doc in docs)
            raise DuplicateIdError(self.path, table, item_id, numbers)
        return docs[0] if docs else None

    def get_story(self, story_id: str) -> Story:
        """The story with this id.

        Raises:
            StorybankError: no such story (the hint says how to list ids), or
                several stories share the id.
        """
        doc = self._only(STORIES, story_id)
        if doc is None:
            raise StorybankError(
                f"there is no story with id {story_id!r}",
                hint="`storybank list` shows the ids of your stories",
            )
        return self._load(doc, Story, f"story {story_id!r}")

    def find_story(self, story_id: str) -> Story | None:
        """The story with this id, or ``None`` if there is none.

        Raises:
            DuplicateIdError: several stories share the id.
        """
        doc = self._only(STORIES, story_id)
        return None if doc is None else self._load(doc, Story, f"story {story_id!r}")

    def save_story(self, story: Story, *, touch: bool = True) -> Story:
        """Insert or update a story by id; returns it as stored.

        Args:
            story: The story; its competency tags must exist in their frameworks.
            touch: Set ``updated`` to now.
        """
        self.frameworks.validate_story_tags(story)
        self._only(STORIES, story.id)  # an id several stories share: overwrite none
        if touch:
            story = story.model_copy(update={"updated": utc_now()})
        self._changing()
        self.table(STORIES).upsert(story.model_dump(mode="json"), Query().id == story.id)
        return story

    def save_stories(self, stories: list[Story], *, touch: bool = False) -> None:
        """Save several stories in one atomic write."""
        with self.batch():
            for story in stories:
                self.save_story(story, touch=touch)

    def delete_story(self, story_id: str) -> Story:
        """Delete a story after taking a backup; returns what was deleted."""
        story = self.get_story(story_id)
        self.backup(tag="delete")
        self._changing()
        self.table(STORIES).remove(Query().id == story_id)
        return story

    def rename_story(self, old_id: str, story: Story) -> Story:
        """Store ``story`` under its (new) id and remove ``old_id``, in one write."""
        if story.id != old_id and self.has_story(story.id):
            raise StorybankError(
                f"a story with id {story.id!r} already exists", field="id", hint="pick another id"
            )
        self._only(STORIES, old_id)
        with self.batch():
            self._changing()
            self.table(STORIES).remove(Query().id == old_id)
            saved = self.save_story(story)
        return saved

    # -- the user's questions ------------------------------------------------

    def questions(self) -> list[Question]:
        """The questions the user added, oldest first."""
        docs = self.table(QUESTIONS).all()
        found = [self._load(d, Question, f"question #{d.doc_id}") for d in docs]
        return sorted(found, key=lambda q: (q.created, q.id))

    def all_questions(self) -> list[Question]:
        """The built-in question bank followed by the user's own questions."""
        # Deferred import: the shipped bank is read only when a matcher needs it.
        from storybank.core.questions import builtin_questions

        return [*builtin_questions(), *self.questions()]

    def save_question(self, question: Question) -> Question:
        """Insert or update one of the user's questions by id."""
        self.frameworks.validate_tags(question.competencies, owner=f"question {question.id!r}")
        self._only(QUESTIONS, question.id)
        self._changing()
        self.table(QUESTIONS).upsert(question.model_dump(mode="json"), Query().id == question.id)
        return question

    def delete_question(self, question_id: str) -> Question:
        """Delete one of the user's questions after taking a backup."""
        doc = self._only(QUESTIONS, question_id)
        if doc is None:
            raise StorybankError(
                f"there is no question with id {question_id!r}",
                hint="`storybank questions list --mine` shows the ids of your questions",
            )
        self.backup(tag="delete")
        self._changing()
        self.table(QUESTIONS).remove(Query().id == question_id)
        return self._load(doc, Question, f"question {question_id!r}")

    # -- repairs ---------------------------------------------------------------

    def repair_shared_ids(self) -> list[tuple[str, str, str]]:
        """Give every story or question that shares its id with an earlier one a fresh id.

        The first document of each id (the oldest in the file) keeps it; the
        others get ``<id>-2``, ``<id>-3``… (whatever no document uses yet). A
        backup is taken first; everything is one atomic write.

        Returns:
            ``(table, old id, new id)`` for every document that was given a new id.
        """
        plan: list[tuple[str, int, str, str]] = []
        for name in (STORIES, QUESTIONS):
            docs = sorted(self.table(name).all(), key=lambda d: d.doc_id)
            taken = {str(doc.get("id")) for doc in docs}
            seen: set[str] = set()
            for doc in docs:
                old = str(doc.get("id"))
                if old not in seen:
                    seen.add(old)
                    continue
                base, number = slugify(old), 2
                new = f"{base}-{number}"
                while new in taken:
                    number += 1
                    new = f"{base[: 60 - len(str(number)) - 1]}-{number}"
                taken.add(new)
                plan.append((name, doc.doc_id, old, new))
        if not plan:
            return []
        self.backup(tag="repair")
        with self.batch():
            self._changing()
            for name, doc_id, _, new in plan:
                self.table(name).update({"id": new}, doc_ids=[doc_id])
        self.problems = []
        return [(name, old, new) for name, _, old, new in plan]

    # -- raw tables, for exports ---------------------------------------------

    def raw_table(self, name: str) -> list[dict[str, Any]]:
        """Every document of a table as plain dicts (for JSON export)."""
        return [dict(d) for d in self.table(name).all()]


def _shared_ids(docs: Iterable[Document], kind: str) -> list[str]:
    """One line per id that several documents of a table share, naming them."""
    numbers: dict[str, list[int]] = {}
    for doc in docs:
        numbers.setdefault(str(doc.get("id")), []).append(doc.doc_id)
    return [
        f"{len(found)} {kind} share the id {item_id!r} "
        f"({', '.join(f'#{n}' for n in sorted(found))}); `storybank doctor --repair` "
        "gives each but the first a fresh id"
        for item_id, found in numbers.items()
        if len(found) > 1
    ]


def _validate_raw(data: RawData, path: Path) -> None:
    """Check raw bank data against the models before a bank is swapped to it.

    Raises:
        DamagedBankError: naming the table, the document and the field at fault.
    """

    def check(doc: Any, model: type[BaseModel], what: str) -> None:
        try:
            model.model_validate(dict(doc) if isinstance(doc, dict) else {})
        except ValidationError as exc:
            field, message = describe(exc)
            raise DamagedBankError(path, f"{what}, field {field}: {message}") from None

    check(data.get(SETTINGS, {}).get(str(_SETTINGS_ID), {}), Settings, "settings")
    for number, doc in data.get(STORIES, {}).items():
        check(doc, Story, f"story #{number}")
    for number, doc in data.get(QUESTIONS, {}).items():
        check(doc, Question, f"question #{number}")
