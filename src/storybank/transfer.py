"""Moving stories between a bank and files: export, and applying an import plan.

The io package parses and writes the formats; this module connects them to a
:class:`~storybank.storage.repository.Bank` so that the CLI and the app share
one implementation.
"""

from __future__ import annotations

from storybank.io.importer import ImportPlan
from storybank.io.json_format import BankDocument, dump_bank
from storybank.io.markdown import stories_to_markdown
from storybank.storage.repository import Bank

EXTRA_TABLES: tuple[str, ...] = ()
"""Tables beyond settings, stories and questions that a JSON export carries."""


def export_markdown(bank: Bank) -> str:
    """Every story as one Markdown document."""
    return stories_to_markdown(bank.stories(), bank.frameworks)


def export_document(bank: Bank) -> BankDocument:
    """The whole bank as a JSON-exportable document."""
    return BankDocument(
        settings=bank.settings,
        stories=bank.stories(),
        questions=bank.questions(),
        extra={name: bank.raw_table(name) for name in EXTRA_TABLES},
    )


def export_json(bank: Bank) -> str:
    """The whole bank as versioned JSON."""
    return dump_bank(export_document(bank))


def apply_import(bank: Bank, plan: ImportPlan) -> None:
    """Write an import plan into the bank in one atomic write (all or nothing).

    A backup is taken first when the plan replaces anything.
    """
    if plan.replace:
        bank.backup(tag="import")
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
