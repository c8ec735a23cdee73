"""The parent side of the crash tests: start jobs in :mod:`crash_child` and ``kill -9`` them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CHILD = Path(__file__).with_name("crash_child.py")


@dataclass
class Ending:
    """How one job ended, and what it acknowledged before."""

    killed: bool
    exit_code: int | None
    acks: list[list[str]]


class ForkServer:
    """A running :mod:`crash_child` server.

    Args:
        workdir: Where the acknowledgement file and the children's stderr go.
    """

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.acks = workdir / "acks.txt"
        self.stderr_path = workdir / "child-stderr.txt"
        self._stderr = self.stderr_path.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
        )

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise AssertionError(f"the crash child server died:\n{self.stderr()}")
        result: dict[str, Any] = json.loads(line)
        return result

    def stderr(self) -> str:
        """What the children wrote to stderr (tracebacks of failed jobs)."""
        self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def start(self, spec: dict[str, Any]) -> int:
        """Start one job in a new child; returns the child's pid (ours until :meth:`finish`)."""
        self.acks.write_bytes(b"")
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({**spec, "acks": str(self.acks)}) + "\n")
        self.proc.stdin.flush()
        pid: int = self._read()["pid"]
        return pid

    def finish(self, pid: int, *, kill: bool) -> Ending:
        """``kill -9`` the child if asked, wait for it, and collect its acknowledgements.

        Raises:
            AssertionError: the job failed on its own (its traceback is in the message).
        """
        if kill:
            # The child is at worst a zombie until the server reaps it, so the pid is still ours.
            os.kill(pid, signal.SIGKILL)
        assert self.proc.stdin is not None
        self.proc.stdin.write("reap\n")
        self.proc.stdin.flush()
        ended = self._read()
        acks = [line.split(" ") for line in self.acks.read_text().splitlines()]
        killed = ended["signal"] == signal.SIGKILL
        if not killed and ended["exit"] == 70:
            raise AssertionError(f"the job failed before the kill:\n{self.stderr()}")
        return Ending(killed, ended["exit"], acks)

    def run(self, spec: dict[str, Any], kill_after: float | None) -> Ending:
        """Run one job; ``kill -9`` it after ``kill_after`` seconds (``None``: let it finish)."""
        pid = self.start(spec)
        if kill_after is not None:
            time.sleep(kill_after)
        return self.finish(pid, kill=kill_after is not None)

    def close(self) -> None:
        """Stop the server (it exits when its stdin closes)."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._stderr.close()
