"""Moving a bank's content between the bank and files: export, drafts, applying an import plan.

The layers each do their part and this module puts them together, so the CLI
and the app share one implementation:

* :mod:`storybank.io` reads, validates and writes the formats (it never sees a bank);
* :mod:`storybank.scheduling.exchange` plans the drill part of an import
  (cards, interviews, flags, the review log) and writes it;
* :mod:`storybank.scheduling.debrief_format` writes and reads the interview
  rounds of a Markdown export;
* :class:`~storybank.storage.repository.Bank` stores stories, questions and settings.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storybank.core.models import Story
from storybank.io.importer import ImportPlan
from storybank.io.json_format import BankDocument, dump_bank
from storybank.io.markdown import stories_to_markdown, story_to_markdown
from storybank.paths import drafts_dir
from storybank.storage.files import StagedWrite, create_unique
from storybank.storage.repository import Bank

if TYPE_CHECKING:
    from storybank.scheduling.exchange import DrillImport

# The drill modules (and fsrs) are imported only where drills are exported or
# imported: a Markdown export or import of stories alone does without them.

Rows = list[dict[str, Any]]


def export_markdown(bank: Bank) -> str:
    """Every story, then every interview round with its debrief, as one Markdown document."""
    stories = stories_to_markdown(bank.stories(), bank.frameworks)
    if not bank.raw_table("interviews"):
        return stories
    from storybank.scheduling.debrief_format import rounds_to_markdown
    from storybank.scheduling.store import DrillStore

    rounds = rounds_to_markdown(DrillStore(bank).interviews())
    return f"{stories}\n{rounds}" if stories else rounds


def markdown_rounds(text: str, file: Path) -> tuple[str, dict[str, Rows]]:
    """The interview rounds of a Markdown document, as the import's ``interviews`` table.

    A :data:`storybank.io.importer.BlockReader`: returns the text with the
    rounds blanked, for the story reader.
    """
    if "\ninterview:" not in text and not text.startswith("interview:"):
        return text, {}
    from storybank.core.models import utc_now
    from storybank.scheduling.debrief_format import parse_rounds, rounds_to_rows, split_rounds

    stories_text, _ = split_rounds(text)
    rounds = parse_rounds(text, file=file)
    rows = rounds_to_rows(rounds, now=utc_now(), file=str(file))
    return stories_text, {"interviews": rows}


def new_draft(bank: Bank, stem: str, text: str, *, now: datetime | None = None) -> Path:
    """Write ``text`` to a new draft in ``drafts/`` beside the bank; returns its path.

    Drafts are named ``<stem>-<UTC time to the second>.md``; a second draft of
    the same story in the same second gets ``-2``, ``-3``… rather than
    replacing the first (:func:`~storybank.storage.files.create_unique`).

    Raises:
        StorybankError: the draft could not be written.
    """
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^A-Za-z0-9-]+", "-", stem).strip("-")[:60] or "story"
    return create_unique(drafts_dir(bank.path), f"{safe}-{stamp}", ".md", text.encode("utf-8"))


def keep_draft(bank: Bank, story: Story, *, now: datetime | None = None) -> Path:
    """Keep a story that could not be saved as a Markdown draft (see :func:`new_draft`).

    The story need not be valid (a title too long, say): the draft holds
    exactly what was typed, and ``storybank import`` reads it back once fixed.

    Raises:
        StorybankError: the draft could not be written.
    """
    return new_draft(bank, story.id, story_to_markdown(story, bank.frameworks), now=now)


def export_document(bank: Bank) -> BankDocument:
    """The whole bank as a JSON-exportable document (drill tables left out when empty)."""
    from storybank.scheduling.exchange import export_tables

    return BankDocument(
        settings=bank.settings,
        stories=bank.stories(),
        questions=bank.questions(),
        extra={name: rows for name, rows in export_tables(bank).items() if rows},
    )


def export_json(bank: Bank) -> str:
    """The whole bank as versioned JSON."""
    return dump_bank(export_document(bank))


def apply_import(bank: Bank, plan: ImportPlan) -> None:
    """Write an import plan into the bank in one atomic write (all or nothing).

    A backup is taken first when the plan replaces anything. Tables of the
    file that are neither stories, questions, settings nor drills are ignored.
    """
    drills = _plan_drills(bank, plan)  # checked before anything is written
    if plan.replace:
        bank.backup(tag="import")
    staged_log: StagedWrite | None = None
    try:
        with bank.batch():
            for story in [*plan.add, *plan.replace]:
                bank.save_story(story, touch=False)
            for question in plan.questions:
                bank.save_question(question)
            if plan.settings is not None:
                bank.save_settings(plan.settings)
            if drills is not None:
                from storybank.scheduling.exchange import stage_review_log, write_drill_tables

                write_drill_tables(bank, drills)
                # The review log is a file of its own: write it in full before the
                # bank commits, and put it in place right after.
                staged_log = stage_review_log(bank, drills)
    except BaseException:
        if staged_log is not None:
            staged_log.discard()
        raise
    if staged_log is not None:
        staged_log.commit()


def _plan_drills(bank: Bank, plan: ImportPlan) -> DrillImport | None:
    """The drill part of an import, validated; ``None`` when the file has none."""
    if not plan.extra:
        return None
    from storybank.scheduling.exchange import has_drills, plan_drill_import

    if not has_drills(plan.extra):
        return None
    story_ids = {s.id for s in [*plan.add, *plan.replace, *plan.unchanged]}
    return plan_drill_import(bank, plan.extra, story_ids)
