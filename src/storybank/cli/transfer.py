"""``import`` and ``export``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from storybank.cli.context import bank_path, open_bank
from storybank.cli.terminal import inert, write_exact
from storybank.errors import EXIT_OK, StorybankError


def cmd_import(args: argparse.Namespace) -> int:
    """Import Markdown or a JSON export, all or nothing."""
    from storybank.io.importer import (
        plan_import,
        read_import_file,
        read_import_stream,
        read_import_text,
    )
    from storybank.io.json_format import MAX_BYTES
    from storybank.transfer import apply_import, markdown_rounds

    with open_bank(args, write=not args.dry_run) as bank:
        default = bank.settings.framework
        if args.file == "-":
            # Bytes, read with a limit: a huge stream is refused without being held, and
            # bytes that are not UTF-8 are reported with their line.
            raw = getattr(sys.stdin, "buffer", None)
            if raw is not None:
                source = read_import_stream(
                    raw, bank.frameworks, default, file="<stdin>", blocks=markdown_rounds
                )
            else:
                text = sys.stdin.read(MAX_BYTES + 1)
                source = read_import_text(
                    text, bank.frameworks, default, file="<stdin>", blocks=markdown_rounds
                )
        else:
            source = read_import_file(
                Path(args.file), bank.frameworks, default, blocks=markdown_rounds
            )
        plan = plan_import(source, {s.id: s for s in bank.stories()}, replace=args.replace)
        print(inert(plan.summary()))
        if args.dry_run:
            print("Dry run: nothing was changed.")
            return EXIT_OK
        if plan.is_empty:
            print("Nothing to import.")
            return EXIT_OK
        try:
            apply_import(bank, plan)
        except StorybankError as exc:
            # Whatever is refused while applying an import is about the imported file.
            if exc.file is None:
                exc.file = str(source.file)
            raise
    print(f"Imported {len(plan.add)} new, {len(plan.replace)} replaced.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Export stories and interview rounds as Markdown, or the whole bank as JSON."""
    from storybank.transfer import export_json, export_markdown

    with open_bank(args) as bank:
        text = export_json(bank) if args.format == "json" else export_markdown(bank)
    if args.output and args.output != "-":
        from storybank.storage.files import write_private

        out = Path(args.output)
        _refuse_output(out, bank_path(args))
        if out.exists() and not args.force:
            raise StorybankError(
                "the file already exists", file=out, hint="pass --force to overwrite it"
            )
        write_private(out, text.encode("utf-8"))
        print(f"Exported to {out}", file=sys.stderr)
        return EXIT_OK
    # A terminal would interpret escape sequences hidden in story text; a pipe gets exact bytes.
    if sys.stdout.isatty():
        sys.stdout.write(inert(text))
        sys.stdout.flush()
    else:
        write_exact(text)
    return EXIT_OK


def _refuse_output(out: Path, bank: Path) -> None:
    """Refuse to export over the bank's own files, or over something that is not a file.

    An export is written to a new file that is renamed over the target, so
    ``-o /dev/stdout --force`` would replace the device's entry, and ``-o
    bank.json --force`` the bank, with no backup.

    Raises:
        StorybankError: ``out`` is the bank, its lock or its review log, or a
            FIFO, a device, a socket or a folder.
    """
    import os

    from storybank.storage.files import real_path, special_kind

    try:
        kind = special_kind(os.stat(out).st_mode)
    except (OSError, ValueError):
        kind = None
    if kind is not None:
        raise StorybankError(
            f"this is {kind}, not a file to export to",
            file=out,
            hint="leave -o out (or pass -o -) to write to standard output, or name a file",
        )
    real, own = real_path(out), real_path(bank)
    if real.parent == own.parent and (
        real.name == own.name or real.name.startswith(own.name + ".")
    ):
        raise StorybankError(
            "this is the bank (or one of its own files); an export would replace it",
            file=out,
            hint="export to another file name",
        )
