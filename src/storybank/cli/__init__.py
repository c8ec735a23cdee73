"""The ``storybank`` command line.

Fast to start and free of Textual: each command imports only what it needs,
and the full-screen app is imported only when it is opened.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from storybank.errors import EXIT_BAD_INPUT, EXIT_OK, StorybankError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    from storybank.cli.context import bank_path
    from storybank.cli.parser import build_parser, due_arguments
    from storybank.cli.terminal import error, inert_output, tolerate_unencodable_output
    from storybank.storage.files import file_identity

    tolerate_unencodable_output()
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = due_arguments(arguments) or build_parser(arguments).parse_args(arguments)
    if args.theme is not None and not args.opens_app:
        error(
            "storybank: --theme is for the full-screen app, not for this command\n"
            "  hint: `storybank --theme NAME` opens the app in a theme; "
            "`storybank config theme NAME` remembers one"
        )
        return EXIT_BAD_INPUT
    bank = bank_path(args)
    before = file_identity(bank)
    try:
        if getattr(args, "full_screen", False):
            # The app owns the terminal: its escape sequences must pass.
            code: int = args.handler(args)
        else:
            with inert_output():
                code = args.handler(args)
        if code == EXIT_OK and file_identity(bank) not in (before, None):
            _refresh_memos(bank)
    except StorybankError as exc:
        error(f"storybank: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        error("storybank: interrupted; nothing was changed after the last save")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; that is not an error of ours.
        sys.stderr.close()
        return 0
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        error(f"storybank: {exc.strerror or exc}{where}")
        return EXIT_BAD_INPUT
    return code


def _refresh_memos(bank: Path) -> None:
    """Bring every memo of the bank up to date after a command changed it."""
    # Deferred imports: only commands that changed the bank pay for them.
    # Importing the commands that keep memos registers their memo kinds.
    from storybank.cli import listing, match  # noqa: F401
    from storybank.cli.memo import refresh

    refresh(bank)
