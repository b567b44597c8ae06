"""Start-up cost: the imports paid by loading one spec and by `vanban build` of one letter.

    .venv/bin/python bench/bench_import.py [--runs 15] [--baseline /path/to/older/checkout]

Each case runs in a fresh interpreter ``--runs`` times; the figure is the minimum (the least disturbed run) of
the total import time reported by ``python -X importtime`` (top-level imports, cumulative) and of the wall time.
With ``--baseline`` the same cases run against an older checkout of vanban (its ``vanban`` package first on
``sys.path``; the older API is used where it differs), and the ratio is printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = "directives/003-thai-binh-bluezone.yaml"

CASES = {
    "load a spec": ("import vanban; vanban.load({spec!r})",
                    "from vanban.spec.loader import load_spec; load_spec({spec!r})"),
    "build a letter": ("from vanban.cli import main; main(['build', {spec!r}, '-o', {out!r}, '-q'])",
                       "from vanban.cli import main; main(['build', {spec!r}, '-o', {out!r}, '-q'])"),
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


def run(checkout: Path, code: str, runs: int, out: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    best_import, best_wall = float("inf"), float("inf")
    script = code.format(spec=str(checkout / SPEC), out=str(out))
    for _ in range(runs):
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-X", "importtime", "-c", script], cwd=checkout, env=env,
                              capture_output=True, text=True, check=True)
        best_wall = min(best_wall, time.perf_counter() - started)
        best_import = min(best_import, import_ms(proc.stderr))
    return best_import, best_wall * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=Path, help="an older checkout of vanban to compare with")
    parser.add_argument("--out", type=Path, default=Path("/tmp/vanban-bench-import"))
    args = parser.parse_args()
    print(f"{'case':<16} {'imports':>10} {'wall':>10}" + (f" {'baseline imports':>17} {'baseline wall':>14} "
                                                         f"{'ratio':>6}" if args.baseline else ""))
    for name, (code, old_code) in CASES.items():
        imports, wall = run(ROOT, code, args.runs, args.out / "now")
        line = f"{name:<16} {imports:8.0f} ms {wall:8.0f} ms"
        if args.baseline:
            b_imports, b_wall = run(args.baseline.resolve(), old_code, args.runs, args.out / "baseline")
            line += f" {b_imports:14.0f} ms {b_wall:11.0f} ms {imports / b_imports:6.2f}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
