"""The one error type storybank raises for user mistakes, and the exit codes.

Every problem a user can cause (a bad file, a bad value, a locked bank) is a
:class:`StorybankError`. It carries where the problem is (file, line, field)
and what to do about it (hint), so the CLI and the app can show one clear
message instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
"""Everything worked."""
EXIT_CHECK_ERRORS = 1
"""``storybank check`` found at least one error-severity check."""
EXIT_BAD_INPUT = 2
"""Bad input, a bad value, or a bank that cannot be used as it is."""


class StorybankError(Exception):
    """A problem the user can fix, with its location and a way out.

    Attributes:
        message: What is wrong, in one sentence.
        file: The file concerned, if any.
        line: The 1-based line in ``file``, if known.
        field: The story or settings field concerned, if any.
        hint: What to do about it.
        exit_code: The process exit code the CLI uses for it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
        exit_code: int = EXIT_BAD_INPUT,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.hint = hint
        self.exit_code = exit_code

    @property
    def location(self) -> str:
        """``file:line`` (or the parts of it that are known), else ``""``."""
        if self.file is None:
            return f"line {self.line}" if self.line is not None else ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def __str__(self) -> str:
        head = self.message
        if self.field:
            head = f"{self.field}: {head}"
        if self.location:
            head = f"{self.location}: {head}"
        return f"{head}\n  hint: {self.hint}" if self.hint else head


class ProblemsFound(StorybankError):
    """Several problems found in one pass over a file, reported together.

    Its location is the first problem's; :attr:`problems` holds every one, in
    file order, and the message lists them all so they can be fixed in one go.

    Attributes:
        problems: The problems, each with its own line, field and hint.
    """

    def __init__(self, problems: list[StorybankError]) -> None:
        first = problems[0]
        super().__init__(
            f"{len(problems)} problems; fix them all, then try again",
            file=first.file,
            line=first.line,
            field=first.field,
            exit_code=first.exit_code,
        )
        self.problems = problems

    def __str__(self) -> str:
        lines = [f"{self.file or 'the input'}: {len(self.problems)} problems:"]
        for problem in self.problems:
            lines.append(f"  {problem}".replace("\n", "\n  "))
        lines.append("Fix them all, then try again.")
        return "\n".join(lines)


class BankLockedError(StorybankError):
    """Another process holds the bank's write lock."""

    def __init__(self, path: Path, pid: int | None) -> None:
        who = f"process {pid}" if pid else "another process"
        super().__init__(
            f"the bank is open for writing in {who}",
            file=path,
            hint="close the other storybank first; read-only commands "
            "(list, show, check, export, match) still work meanwhile",
        )
        self.pid = pid


class DamagedBankError(StorybankError):
    """The bank file cannot be read as a storybank bank; it was not touched."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(
            f"cannot open the bank: {what}; the file was left as it is",
            file=path,
            hint="run `storybank doctor` to inspect it and restore a backup",
        )


class FileChangedError(StorybankError):
    """The bank file changed on disk since it was read; the write was refused.

    Another program replaced or rewrote it (a copy, a sync client, an editor,
    or a storybank that reached it under another name before locks were per
    file). Saving would have thrown that change away, so nothing was saved.

    Attributes:
        reloaded: The bank was read again from the file as it is now, so the
            next write works on that; ``False`` when the new file cannot be used
            (every write is then refused until it is fixed).
    """

    def __init__(self, path: Path, *, reloaded: bool, problem: str | None = None) -> None:
        outcome = (
            "nothing was saved, so that change is kept"
            if problem is None
            else f"nothing was saved, and the file cannot be read now ({problem})"
        )
        super().__init__(
            "the bank file was changed on disk by another program since storybank read it "
            f"(a copy, a sync client or an editor); {outcome}",
            file=path,
            hint="run the command again: it reads the file as it is now"
            if problem is None
            else "run `storybank doctor` to inspect the file and restore a backup",
        )
        self.reloaded = reloaded
