"""The argparse definition of every command; handlers live in sibling modules."""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Sequence
from typing import Any, NoReturn

from storybank import __version__
from storybank.paths import ENV_DB

DESCRIPTION = """\
Curate, drill and look up your behavioral interview stories.

Run without a command to open the full-screen app."""

EPILOG = f"""\
The bank is a JSON file: --db PATH, else ${ENV_DB}, else your user data folder.
Exit codes: 0 ok, 1 `check` found errors, 2 bad input or unusable bank."""


class StorybankParser(argparse.ArgumentParser):
    """argparse, with a suggestion for a mistyped command (``lsit`` → ``list``)."""

    def error(self, message: str) -> NoReturn:
        """Print usage and the error (with the likely command, if one is close) and exit 2."""
        bad = _INVALID_CHOICE.search(message)
        if bad is not None:
            choices = [c.strip(" '") for c in bad.group("choices").split(",")]
            close = difflib.get_close_matches(bad.group("given"), choices, n=1, cutoff=0.6)
            if close:
                message = f"{message}\n  did you mean {close[0]!r}?"
        super().error(message)


_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<given>[^']*)' \(choose from (?P<choices>.*)\)")


def _lazy(module: str, name: str) -> Any:
    """A handler that imports its module only when the command runs."""

    def handler(args: argparse.Namespace) -> int:
        import importlib

        func = getattr(importlib.import_module(f"storybank.cli.{module}"), name)
        result: int = func(args)
        return result

    return handler


class QuestionOption(argparse.Action):
    """``interview log`` options: ``--question`` starts a question; the others describe it."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        entries: list[dict[str, Any]] = list(getattr(namespace, "entries", None) or [])
        name = self.dest
        if name == "question":
            entries.append({"text": values, "follow_ups": []})
        elif not entries:
            parser.error(f"{option_string} describes a question: give --question Q before it")
        elif name == "follow_up":
            entries[-1]["follow_ups"].append([values, True])
        elif name == "unanswered":
            if not entries[-1]["follow_ups"]:
                parser.error("--unanswered marks the --follow-up before it: give one first")
            entries[-1]["follow_ups"][-1][1] = False
        else:
            entries[-1][name] = values
        namespace.entries = entries


COMMANDS = (
    "init",
    "demo",
    "list",
    "show",
    "new",
    "edit",
    "rm",
    "check",
    "import",
    "export",
    "doctor",
    "config",
    "match",
    "questions",
    "due",
    "stats",
    "interview",
    "weak-spots",
    "mock",
)
"""Every command, in the order ``storybank --help`` lists them."""

_TAKES_VALUE = ("--db", "--theme")
_WITH_VALUE = tuple(f"{option}=" for option in _TAKES_VALUE)


def command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs, when that is plain; ``None`` when the whole parser is needed.

    ``""`` for no command, only ``--db`` and ``--theme`` with their values:
    the app, which needs no command's parser. ``None`` for help, an unknown
    command, or an option left without its value; the whole parser then says
    what it says today.
    """
    values = False
    for token in argv:
        if values:
            values = False
        elif token in _TAKES_VALUE:
            values = True
        elif token.startswith("-"):
            if token in ("-h", "--help") or not token.startswith(_WITH_VALUE):
                return None
        else:
            return token if token in COMMANDS else None
    return None if values else ""


def due_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """What the parser gives for ``due`` (``--json``, ``--prompt``, ``--db PATH``), without it.

    A shell prompt runs ``due`` every time it is drawn, and building even one
    command's parser (argparse's help formatter, its message catalogue) costs
    a fifth of it. Only these exact spellings are read here; anything else (an
    abbreviation, another option, help) returns ``None`` and goes to the parser.
    """
    tokens = list(argv)
    db: str | None = None
    rest: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--db" and index + 1 < len(tokens):
            db = tokens[index + 1]
            index += 2
            continue
        if token.startswith("--db="):
            db = token.removeprefix("--db=")
        else:
            rest.append(token)
        index += 1
    if rest not in (["due"], ["due", "--json"], ["due", "--prompt"]):
        return None
    if db is not None and db.startswith("-"):
        return None
    return argparse.Namespace(
        db=db,
        theme=None,
        full_screen=False,
        opens_app=False,
        handler=_lazy("drills", "cmd_due"),
        json="--json" in rest,
        prompt="--prompt" in rest,
    )


class _Unbuilt:
    """Stands in for the parser of a command that is not running: accepts and ignores."""

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The ``storybank`` parser.

    Args:
        argv: The arguments it will parse. When they run one command plainly
            (see :func:`command_in`), only that command's parser is built:
            building all of them is a tenth of a `storybank due`, which a shell
            prompt runs every time; opening the app builds none. Without
            ``argv``, the full parser.
    """
    wanted = None if argv is None else command_in(argv)
    parser = StorybankParser(
        prog="storybank",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"storybank {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help=f"bank file (default: ${ENV_DB} or the user data folder)"
    )
    parser.add_argument("--theme", metavar="NAME", help="app theme (remembered in the bank)")
    parser.set_defaults(handler=_lazy("app_launcher", "run_app"), full_screen=True, opens_app=True)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    # --db is also accepted after the command; SUPPRESS keeps a value given before it.
    common = StorybankParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="bank file")

    def command(name: str, help_text: str, module: str, func: str) -> argparse.ArgumentParser:
        if wanted is not None and name != wanted:
            unbuilt: Any = _Unbuilt()
            return unbuilt  # type: ignore[no-any-return]  # accepts what a parser accepts
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(
            handler=_lazy(module, func), full_screen=False, opens_app=module == "app_launcher"
        )
        return p

    p = command("init", "create a new bank", "admin", "cmd_init")
    p.add_argument("--sample", action="store_true", help="fill it with the sample bank (6 stories)")
    p.add_argument("--force", action="store_true", help="replace an existing bank (keeps a backup)")

    p = command("demo", "open the app on a copy of the sample bank", "app_launcher", "run_demo")
    p.set_defaults(full_screen=True)

    p = command("list", "list your stories with their readiness", "listing", "cmd_list")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("show", "print one story", "stories", "cmd_show")
    p.add_argument("id", help="story id (see `storybank list`)")
    p.add_argument("--format", choices=["text", "md"], default="text", help="text (default) or md")

    p = command("new", "write a new story in $EDITOR", "editing", "cmd_new")
    p.add_argument("--title", help="start from this title")

    p = command("edit", "edit a story in $EDITOR", "editing", "cmd_edit")
    p.add_argument("id", help="story id")

    p = command("rm", "delete a story (a backup is kept)", "stories", "cmd_rm")
    p.add_argument("id", help="story id")
    p.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    p = command("check", "run the SCAR checks", "stories", "cmd_check")
    p.add_argument("id", nargs="?", help="check only this story")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--framework", metavar="F", help="framework for coverage (default: active)")

    p = command("import", "import stories from Markdown or a JSON export", "transfer", "cmd_import")
    p.add_argument("file", help="a .md or .json file; - for standard input (Markdown)")
    p.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    p.add_argument("--replace", action="store_true", help="replace stories whose id exists")

    p = command("export", "export the bank as Markdown or JSON", "transfer", "cmd_export")
    p.add_argument("--format", choices=["md", "json"], default="md", help="md (default) or json")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")

    p = command("doctor", "verify the bank; list and restore backups", "admin", "cmd_doctor")
    p.add_argument("--restore", metavar="N", help="restore backup N (number or file name)")
    p.add_argument(
        "--repair",
        action="store_true",
        help="fix what storybank can: a byte-order mark, shared ids (a backup is taken first)",
    )
    p.add_argument(
        "-y", "--yes", action="store_true", help="do not ask before restoring or repairing"
    )

    p = command("config", "show or change settings", "admin", "cmd_config")
    p.add_argument("key", nargs="?", help="setting name (omit to list all)")
    p.add_argument("value", nargs="?", help="new value")

    p = command("match", "which of your stories answers a question", "match", "cmd_match")
    p.add_argument("question", nargs="?", help="the interview question, in quotes")
    p.add_argument(
        "--batch", metavar="FILE", help="one question per line (- for stdin); JSON Lines out"
    )
    p.add_argument("--top", type=int, default=3, metavar="N", help="how many stories (default 3)")
    p.add_argument("--framework", metavar="F", help="competency framework (default: active)")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command(
        "questions",
        "the question bank: list, add or remove questions",
        "questions",
        "cmd_questions",
    )
    qsub = p.add_subparsers(title="actions", metavar="ACTION", dest="action", required=True)
    q = qsub.add_parser("list", help="list questions", parents=[common])
    q.add_argument("--mine", action="store_true", help="only the questions you added")
    q.add_argument("--competency", metavar="ID", help="only questions tagged with this competency")
    q.add_argument("--json", action="store_true", help="print JSON")
    q = qsub.add_parser("add", help="add your own question", parents=[common])
    q.add_argument("text", help="the question, in quotes")
    q.add_argument("--id", help="id (default: made from the text)")
    q.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="FW:ID,ID",
        help="competencies, e.g. tpm:conflict,ownership (default: suggested by the matcher)",
    )
    q = qsub.add_parser("rm", help="remove one of your questions", parents=[common])
    q.add_argument("id", help="question id")

    p = command("due", "how many drill cards are due now", "drills", "cmd_due")
    shape = p.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON")
    shape.add_argument(
        "--prompt",
        action="store_true",
        help="print only the number, and nothing when none is due (for a shell prompt)",
    )

    p = command("stats", "drill statistics", "drills", "cmd_stats")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("interview", "record interviews and what you told", "drills", "cmd_interview")
    isub = p.add_subparsers(title="actions", metavar="ACTION", dest="action", required=True)
    i = isub.add_parser("add", help="record an upcoming interview", parents=[common])
    i.add_argument("company", help="company name")
    i.add_argument("date", help="date, YYYY-MM-DD")
    i.add_argument(
        "--round", dest="round_name", metavar="R", help="round, e.g. 'onsite' or 'bar raiser'"
    )
    i = isub.add_parser("list", help="list interviews", parents=[common])
    i.add_argument("--json", action="store_true", help="print JSON")
    i = isub.add_parser(
        "log",
        help="log one question (or more) of a round, without an editor",
        description="Log questions of a round. Options after a --question describe that "
        "question: --story, --went, --follow-up (add --unanswered after one you could not "
        "answer) and --note.",
        parents=[common],
    )
    i.set_defaults(handler=_lazy("interviews", "cmd_log"), entries=[])
    i.add_argument("id", help="interview id (see `storybank interview list`)")
    i.add_argument("--stories", metavar="A,B", default="", help="ids of stories you told")
    i.add_argument(
        "--question", action=QuestionOption, metavar="Q", help="a question asked (repeatable)"
    )
    i.add_argument("--story", action=QuestionOption, metavar="S", help="the story told, or none")
    i.add_argument(
        "--went",
        action=QuestionOption,
        choices=["strong", "ok", "shaky", "blank"],
        help="how it went",
    )
    i.add_argument(
        "--follow-up", action=QuestionOption, metavar="F", help="a follow-up asked (repeatable)"
    )
    i.add_argument(
        "--unanswered", action=QuestionOption, nargs=0, help="you could not answer that follow-up"
    )
    i.add_argument("--note", action=QuestionOption, metavar="TEXT", help="a note on the answer")
    i.add_argument("-y", "--yes", action="store_true", help="log a round dated after today")

    i = isub.add_parser(
        "debrief", help="debrief a round in $EDITOR (questions, signals, outcome)", parents=[common]
    )
    i.set_defaults(handler=_lazy("interviews", "cmd_debrief"))
    i.add_argument("id", help="interview id")
    i.add_argument(
        "--file", metavar="FILE", help="apply a debrief written in Markdown instead (- for stdin)"
    )
    i.add_argument("-y", "--yes", action="store_true", help="debrief a round dated after today")

    i = isub.add_parser("outcome", help="record how a round ended", parents=[common])
    i.set_defaults(handler=_lazy("interviews", "cmd_outcome"))
    i.add_argument("id", help="interview id")
    i.add_argument("outcome", choices=["pending", "advanced", "offer", "rejected"])
    i.add_argument(
        "--feedback", metavar="TEXT", help="feedback received, word for word (- for stdin)"
    )
    i.add_argument("-y", "--yes", action="store_true", help="for a round dated after today")

    i = isub.add_parser("rm", help="delete a round and its debrief", parents=[common])
    i.set_defaults(handler=_lazy("interviews", "cmd_rm"))
    i.add_argument("id", help="interview id")
    i.add_argument("-y", "--yes", action="store_true", help="do not ask for confirmation")

    p = command(
        "weak-spots", "what your debriefs and mocks say to practise", "interviews", "cmd_weak_spots"
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("mock", "a timed mock interview on your weak spots", "mock", "cmd_mock")
    p.add_argument(
        "--questions", type=int, default=5, metavar="N", help="how many questions (default 5)"
    )
    p.add_argument("--company", metavar="C", help="practise for this company")
    p.add_argument("--framework", metavar="F", help="competency framework of the questions")
    p.add_argument("--seed", type=int, help=argparse.SUPPRESS)

    return parser
