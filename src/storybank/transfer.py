"""Moving stories between a bank and files: export, and applying an import plan.

The io package parses and writes the formats; this module connects them to a
:class:`~storybank.storage.repository.Bank` so that the CLI and the app share
one implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storybank.io.importer import ImportPlan
from storybank.io.json_format import BankDocument, dump_bank
from storybank.io.markdown import stories_to_markdown
from storybank.storage.repository import Bank

if TYPE_CHECKING:
    from storybank.storage.drill_store import DrillImport

EXTRA_TABLES: tuple[str, ...] = ()
"""Tables beyond settings, stories and questions that a JSON export carries and an
import replaces whole. The drill tables and the review log
(:data:`storybank.storage.drill_store.EXPORT_TABLES`) are exported too, and merged
on import by their own rules."""


def export_markdown(bank: Bank) -> str:
    """Every story as one Markdown document."""
    return stories_to_markdown(bank.stories(), bank.frameworks)


def export_document(bank: Bank) -> BankDocument:
    """The whole bank as a JSON-exportable document."""
    return BankDocument(
        settings=bank.settings,
        stories=bank.stories(),
        questions=bank.questions(),
        extra={
            **{name: bank.raw_table(name) for name in EXTRA_TABLES},
            **_drill_tables(bank),
        },
    )


def _drill_tables(bank: Bank) -> dict[str, list[dict[str, Any]]]:
    """Drill cards, interviews, flags and the review log, leaving out empty ones."""
    # Deferred import: only exports and imports need the drill storage.
    from storybank.storage.drill_store import export_tables

    return {name: rows for name, rows in export_tables(bank).items() if rows}


def export_json(bank: Bank) -> str:
    """The whole bank as versioned JSON."""
    return dump_bank(export_document(bank))


def apply_import(bank: Bank, plan: ImportPlan) -> None:
    """Write an import plan into the bank in one atomic write (all or nothing).

    A backup is taken first when the plan replaces anything.
    """
    drills = _plan_drills(bank, plan)  # checked before anything is written
    if plan.replace:
        bank.backup(tag="import")
    staged_log = None
    try:
        with bank.batch():
            for story in [*plan.add, *plan.replace]:
                bank.save_story(story, touch=False)
            for question in plan.questions:
                bank.save_question(question)
            if plan.settings is not None:
                bank.save_settings(plan.settings)
            for name, documents in plan.extra.items():
                if name in EXTRA_TABLES:
                    bank.replace_raw_table(name, documents)
            if drills is not None:
                from storybank.storage.drill_store import stage_review_log, write_drill_tables

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
    from storybank.storage.drill_store import EXPORT_TABLES, plan_drill_import

    if not any(plan.extra.get(name) for name in EXPORT_TABLES):
        return None
    story_ids = {s.id for s in [*plan.add, *plan.replace, *plan.unchanged]}
    return plan_drill_import(bank, plan.extra, story_ids)
