"""Run the vanban command line inside the test process, as a user would run it from a shell.

``run("build", spec, "-o", out)`` calls :func:`vanban.cli.main` with the working directory, environment and
signal handlers of a fresh command and gives back its exit status and what it printed, like
``subprocess.run(capture_output=True, text=True)`` but without starting a Python (about 0.5 s each). Start a
process only where the process is the point: signals and kills, ``python -m vanban`` itself, a git textconv
driver, the installed wheel.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from vanban.cli import main

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    """What ``subprocess.run`` would give: the exit status and the text printed on stdout and stderr."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str | os.PathLike, cwd: str | os.PathLike = ROOT, env: dict[str, str] | None = None) -> Result:
    """``vanban ARGS…`` run in ``cwd`` with ``env`` added to the environment (``VANBAN_DEBUG`` removed)."""
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_signals = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    os.environ.pop("VANBAN_DEBUG", None)
    os.environ.update(env or {})
    try:
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([os.fspath(a) for a in args])
            except SystemExit as exc:  # argparse: a usage error or --help
                code = exc.code
            code = 0 if code is None else code if isinstance(code, int) else 1  # as SystemExit(code) exits
            sys.stdout.flush()
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        for sig, handler in saved_signals.items():
            signal.signal(sig, handler)
    return Result(code, out.getvalue(), err.getvalue())
