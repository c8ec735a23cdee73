"""The ``storybank`` command line.

Fast to start and free of Textual: each command imports only what it needs,
and the full-screen app is imported only when it is opened.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from storybank.errors import EXIT_BAD_INPUT, StorybankError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    from storybank.cli.parser import build_parser
    from storybank.cli.terminal import error

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
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
