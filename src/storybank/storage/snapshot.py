"""A bank read without the models: its stories, settings and frameworks as records.

Opening a :class:`~storybank.storage.repository.Bank` validates every document
with the pydantic models, and importing and building those models costs more
than a command that only reads (``list``, ``check``, ``match``, ``due``) or the
app's first frame does with the bank. :func:`take_snapshot` reads the same
file and gives the same stories, in the same order, as records
(:mod:`storybank.core.records`), when every document is canonical (see
:mod:`storybank.core.canonical`): exactly what the models would have stored.

When it cannot vouch for the file (a document that is valid but not
canonical, or invalid; a file that is damaged, missing, older or newer; a
framework file it is unsure of) it returns ``None``, and the caller opens the
bank the full way, which reads what is valid and explains what is not. A
snapshot therefore never accepts a bank that :meth:`Bank.open` would refuse.

Nothing here imports pydantic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from storybank.core import canonical
from storybank.core.frameworks import framework_records
from storybank.core.records import FrameworkRecord, StoryRecord, parse_stored_utc
from storybank.errors import StorybankError
from storybank.paths import frameworks_dir
from storybank.storage import migrations
from storybank.storage.bank_file import decode_bank, read_bank_file
from storybank.storage.migrations import RawData

STORIES = "stories"
QUESTIONS = "questions"
SETTINGS = "settings"
SETTINGS_ID = "1"

DEFAULT_SETTINGS: dict[str, Any] = {
    "framework": "tpm",
    "desired_retention": 0.9,
    "new_cards_per_day": 10,
    "maximum_interval": 365,
    "drill_timer": 120,
    "rollover_hour": 4,
    "theme": "storybank-dark",
}
"""What ``Settings().model_dump(mode="json")`` gives (a test keeps the two equal)."""


class BankSnapshot:
    """A bank file read once, every story and setting checked canonical.

    Attributes:
        path: The bank file as the user named it.
        data: Its tables as read (the drills read their own tables from here).
        settings: The settings document (the defaults when none is stored).
        stories: Every story, oldest first (as :meth:`Bank.stories` orders them).
        story_documents: Their documents, in the same order.
        questions: The user's questions' documents, oldest first (as
            :meth:`Bank.questions` orders them).
    """

    __slots__ = (
        "_frameworks",
        "data",
        "path",
        "questions",
        "settings",
        "stories",
        "story_documents",
    )

    def __init__(
        self,
        path: Path,
        data: RawData,
        settings: dict[str, Any],
        stories: list[tuple[StoryRecord, dict[str, Any]]],
        questions: list[dict[str, Any]],
        frameworks: dict[str, FrameworkRecord] | None,
    ) -> None:
        self.path = path
        self.data = data
        self.settings = settings
        self.stories = [record for record, _ in stories]
        self.story_documents = [document for _, document in stories]
        self.questions = questions
        self._frameworks = frameworks

    @property
    def frameworks(self) -> dict[str, FrameworkRecord]:
        """Built-in frameworks, then the user's, by id (read on first use)."""
        if self._frameworks is None:
            found = framework_records(frameworks_dir(self.path))
            if found is None:  # the files changed since the snapshot was taken
                raise StorybankError("a framework file changed while storybank read it")
            self._frameworks = found
        return self._frameworks

    @property
    def framework(self) -> FrameworkRecord:
        """The active framework (the first one if the setting names none that exists)."""
        found = self.frameworks.get(self.settings["framework"])
        return found if found is not None else next(iter(self.frameworks.values()))

    def table(self, name: str) -> list[dict[str, Any]]:
        """The documents of a table, in file order."""
        return list(self.data.get(name, {}).values())


def take_snapshot(
    path: Path, data: RawData | None = None, *, frameworks: bool = True
) -> BankSnapshot | None:
    """Read the bank at ``path`` without the models, or ``None`` if it must be opened fully.

    Args:
        path: The bank file.
        data: Its tables, when the caller has just read them (the app's claim does).
        frameworks: Read the frameworks now. Without them (``storybank due``
            needs none) only the user's framework files are looked at, since
            :meth:`Bank.open` refuses a bank whose framework files are broken;
            the built-in ones are read if :attr:`BankSnapshot.frameworks` is used.
    """
    try:
        if data is None:
            real = path.resolve() if path.exists() else path
            data = decode_bank(read_bank_file(real), real)
        if migrations.schema_version_of(data) != migrations.SCHEMA_VERSION:
            return None
        stored = data.get(SETTINGS, {})
        if not stored.keys() <= {SETTINGS_ID}:
            return None
        settings = stored.get(SETTINGS_ID, DEFAULT_SETTINGS)
        if not canonical.settings(settings):
            return None
        documents = list(data.get(STORIES, {}).values())
        if not all(canonical.story(document) for document in documents):
            return None
        if len({document["id"] for document in documents}) != len(documents):
            return None  # stories sharing an id: opening the bank reports them
        questions = list(data.get(QUESTIONS, {}).values())
        if not all(canonical.question(document) for document in questions):
            return None
        if len({document["id"] for document in questions}) != len(questions):
            return None
        found = None
        if frameworks or _has_framework_files(path):
            found = framework_records(frameworks_dir(path))
            if found is None:
                return None
    except (StorybankError, OSError, ValueError):
        return None
    ordered = sorted(
        ((StoryRecord.of(d), d) for d in documents), key=lambda pair: (pair[0].created, pair[0].id)
    )
    questions.sort(key=lambda q: (parse_stored_utc(q["created"]), q["id"]))
    return BankSnapshot(path, data, settings, ordered, questions, found)


def _has_framework_files(path: Path) -> bool:
    folder = frameworks_dir(path)
    return folder.is_dir() and any(folder.glob("*.toml"))
