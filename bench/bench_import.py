"""Start-up cost: the imports paid by loading one spec and by `vanban build` of one letter.

    .venv/bin/python bench/bench_import.py [--runs 15] [--baseline /path/to/older/checkout
                                            [--baseline-python /venv/with/its/dependencies/bin/python]]

Each case runs in a fresh interpreter ``--runs`` times; the figure is the minimum (the least disturbed run) of
the total import time reported by ``python -X importtime`` (top-level imports, cumulative), of the wall time and
of the CPU time of the process.
With ``--baseline`` the same cases run against an older checkout of vanban (its ``vanban`` package first on
``sys.path``; the older API is used where it differs), interleaved with the current runs so that both see the
same load, and the ratios (imports, wall) are printed. An older checkout may need dependencies this one no
longer has (57c1e5f renders with reportlab): give ``--baseline-python``, an interpreter that has them. A case
that fails (an exception or a non-zero exit code of the CLI) stops the benchmark: a failed run measures nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = "directives/003-thai-binh-bluezone.yaml"
#: Byte code of both checkouts, kept apart from them: what an installed vanban runs (pip compiles it) and not
#: the compilation of every source file on every run (what PYTHONDONTWRITEBYTECODE would measure); a first
#: run of each case, not counted, writes it.
PYCACHE = Path(tempfile.gettempdir()) / "vanban-bench-import-pycache"

CASES = {
    "load a spec": ("import vanban; vanban.load({spec!r})",
                    "from vanban.spec.loader import load_spec; load_spec({spec!r})"),
    "build a letter": ("from vanban.cli import main; raise SystemExit(main(['build', {spec!r}, '-o', {out!r}, '-q']))",
                       "from vanban.cli import main; raise SystemExit(main(['build', {spec!r}, '-o', {out!r}, '-q']))"),
    "vanban text": ("from vanban.cli import main; raise SystemExit(main(['text', {spec!r}]))",
                    "from vanban.cli import main; raise SystemExit(main(['text', {spec!r}]))"),
}


def import_ms(stderr: str) -> float:
    total = 0
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        _self, cumulative, name = line.split("|")
        if not name[1:].startswith(" ") and cumulative.strip().isdigit():  # a top-level import
            total += int(cumulative)
    return total / 1000


def once(python: str, checkout: Path, code: str, out: Path) -> tuple[float, float, float]:
    """(import ms, wall ms, CPU ms) of one run of ``code`` in a fresh interpreter. The CPU time (user + system
    of the child) is the steadiest of the three on a machine shared with other jobs."""
    env = {**os.environ, "PYTHONPATH": str(checkout), "PYTHONPYCACHEPREFIX": str(PYCACHE / checkout.name)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    script = code.format(spec=str(checkout / SPEC), out=str(out))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.run([python, "-X", "importtime", "-c", script], cwd=checkout, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines() if not line.startswith("import time:")]
        sys.exit(f"{checkout}: {script!r} failed (exit {proc.returncode}):\n" + "\n".join(errors[-10:]))
    return import_ms(proc.stderr), wall * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, help="an older checkout of vanban to compare with")
    parser.add_argument("--baseline-python", default=sys.executable,
                        help="the interpreter for the baseline (one with the older checkout's dependencies)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/vanban-bench-import"))
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'case':<16} {'imports':>9} {'wall':>9} {'cpu':>9}" + (
        f" | baseline {'imports':>9} {'wall':>9} {'cpu':>9} | ratio {'imports':>7} {'wall':>6} {'cpu':>6}"
        if args.baseline else ""))
    for name, (code, old_code) in CASES.items():
        now, then = [], []
        once(sys.executable, ROOT, code, args.out / "now")  # warm-up: writes the byte code
        if args.baseline and old_code:
            once(args.baseline_python, args.baseline.resolve(), old_code, args.out / "baseline")
        for _ in range(args.runs):
            now.append(once(sys.executable, ROOT, code, args.out / "now"))
            if args.baseline and old_code:
                then.append(once(args.baseline_python, args.baseline.resolve(), old_code, args.out / "baseline"))
        best = [min(run[i] for run in now) for i in range(3)]
        line = f"{name:<16}" + "".join(f" {value:6.0f} ms" for value in best)
        if then:
            old = [min(run[i] for run in then) for i in range(3)]
            line += " |         " + "".join(f" {value:6.0f} ms" for value in old) + " |      "
            line += "".join(f" {a / b:{w}.2f}" for a, b, w in zip(best, old, (7, 6, 6)))
        print(line, flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
