"""``new`` and ``edit``: a story as Markdown in the user's ``$EDITOR``.

Nothing typed is ever lost: the draft lives in ``drafts/`` beside the bank
while the editor is open, a draft that does not validate can be reopened, and
one that is abandoned (or that the bank refuses: the file changed on disk
meanwhile, the disk is full) stays in ``drafts/`` with the command to import
it later. Every draft gets a name of its own, even two of one story made in
the same second.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
from pathlib import Path

from storybank.cli.context import confirm, open_bank
from storybank.cli.terminal import error, inert
from storybank.core.models import Story
from storybank.core.text import counted
from storybank.errors import EXIT_OK, StorybankError
from storybank.storage.repository import Bank


def editor_command() -> list[str]:
    """``$VISUAL`` or ``$EDITOR`` split into words (run without a shell), else a default."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return shlex.split(value)
    for fallback in ("nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise StorybankError(
        "no editor found", hint="set $EDITOR, e.g. `export EDITOR=nano`, and try again"
    )


def run_editor(path: Path) -> None:
    """Open ``path`` in the user's editor and wait for it to close."""
    command = [*editor_command(), str(path)]
    try:
        result = subprocess.run(command, check=False)
    except FileNotFoundError:
        raise StorybankError(
            f"the editor {command[0]!r} was not found", hint="set $EDITOR to an installed editor"
        ) from None
    if result.returncode != 0:
        raise StorybankError(
            f"the editor exited with status {result.returncode}",
            file=path,
            hint="your draft is kept there; fix it and `storybank import` it",
        )


def edit_until_valid(bank: Bank, draft: Path, original_text: str) -> Story | None:
    """Let the user edit ``draft`` until it holds exactly one valid story.

    Returns:
        The story, or ``None`` if the user made no change.

    Raises:
        StorybankError: the user gave up; the draft is kept and named in the hint.
    """
    from storybank.io.markdown import parse_markdown

    while True:
        run_editor(draft)
        text = draft.read_text(encoding="utf-8")
        if text == original_text:
            return None
        try:
            parsed = parse_markdown(
                text, bank.frameworks, file=str(draft), default_framework=bank.settings.framework
            )
            if len(parsed) != 1:
                raise StorybankError(
                    f"expected exactly one story, found {len(parsed)}",
                    file=draft,
                    hint="keep one `# Title` heading in the file",
                )
            return parsed[0].story
        except StorybankError as exc:
            error(f"storybank: {exc}")
            if not confirm("Reopen the editor to fix it?"):
                raise StorybankError(
                    "the story was not saved; your draft is kept",
                    file=draft,
                    hint=f"fix it, then run `storybank import {shlex.quote(str(draft))}`",
                ) from None


def new_draft(bank: Bank, stem: str, text: str) -> Path:
    """Write ``text`` as a new draft beside the bank (:func:`storybank.transfer.new_draft`)."""
    from storybank.transfer import new_draft as write_draft

    return write_draft(bank, stem, text)


def _kept_in(draft: Path, exc: StorybankError, *, replace: bool) -> StorybankError:
    """``exc`` with a hint that says where the edit is kept and how to bring it in."""
    option = " --replace" if replace else ""
    exc.hint = (
        f"your story is kept in {draft}; `storybank import{option} "
        f"{shlex.quote(str(draft))}` brings it in once the bank can be written"
    )
    return exc


def cmd_new(args: argparse.Namespace) -> int:
    """Write a new story in the editor and save it."""
    from storybank.io.markdown import story_template

    with open_bank(args, write=True) as bank:
        template = story_template(bank.frameworks, bank.settings.framework)
        if args.title:
            template = (
                template.replace("# ", f"# {args.title}", 1) if "# \n" in template else template
            )
        draft = new_draft(bank, "new", template)
        story = edit_until_valid(bank, draft, template)
        if story is None:
            draft.unlink(missing_ok=True)
            print("No changes; nothing saved.")
            return EXIT_OK
        if bank.has_story(story.id):
            raise StorybankError(
                f"a story with id {story.id!r} already exists; your draft is kept",
                file=draft,
                hint="change the id: line, then `storybank import` the draft",
            )
        try:
            bank.save_story(story)
        except StorybankError as exc:
            raise _kept_in(draft, exc, replace=False) from None
        draft.unlink(missing_ok=True)
    print(f"Saved {story.id}. `storybank check {story.id}` shows what to improve.")
    return EXIT_OK


def cmd_edit(args: argparse.Namespace) -> int:
    """Edit an existing story in the editor and save it."""
    from storybank.io.markdown import story_to_markdown

    with open_bank(args, write=True) as bank:
        before = bank.get_story(args.id)
        text = story_to_markdown(before, bank.frameworks)
        draft = new_draft(bank, before.id, text)
        story = edit_until_valid(bank, draft, text)
        if story is None:
            draft.unlink(missing_ok=True)
            print("No changes; nothing saved.")
            return EXIT_OK
        story = story.model_copy(update={"created": before.created})
        try:
            if story.id != before.id:
                bank.rename_story(before.id, story)
            else:
                bank.save_story(story)
        except StorybankError as exc:
            raise _kept_in(draft, exc, replace=story.id == before.id) from None
        draft.unlink(missing_ok=True)
        print(f"Saved {inert(story.id)}.")
        _offer_fresh_cards(bank, before, story)
    return EXIT_OK


def _offer_fresh_cards(bank: Bank, before: Story, after: Story) -> None:
    """After a rewrite of most of a drilled story, offer to start its cards afresh."""
    # Deferred import: the scheduler is only needed when a story was edited.
    from storybank.scheduling.drills import Drills

    with Drills(bank) as drills:
        question = (
            "This edit rewrote most of the story. Start its drill cards afresh? "
            "(the review history is kept)"
        )
        if drills.ledger.offer_reset(before, after) and confirm(question):
            reset = drills.ledger.reset_story(after.id)
            print(f"Started {counted(len(reset), 'card')} afresh.")
