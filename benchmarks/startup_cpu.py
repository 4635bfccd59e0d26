"""CPU time (user + system) of short kehoach runs, measured on child processes: `kehoach --help` and
`kehoach due`, each in Vietnamese (the default) and English. Used for docs/performance.md and the i18n
change (docs/ngon-ngu.md): the catalog must not make start-up slower.

    python benchmarks/startup_cpu.py [--runs 10] [--src DIR]   # DIR: another checkout's source to compare

Prints the median and the minimum CPU milliseconds of each case.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = {
    "--help": ["--help"],
    "due": ["due", "--plans-dir", str(ROOT / "plans"), "--today", "2024-05-15", "-q", "II", "--year", "2024"],
}


def cpu_ms(args: list[str], env: dict) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-m", "kehoach", *args], env=env, stdout=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--src", help="a source tree to put first on PYTHONPATH (e.g. an older checkout)")
    opts = parser.parse_args()
    base = dict(os.environ, COLUMNS="160")
    if opts.src:
        base["PYTHONPATH"] = opts.src
    for lang in ("vi", "en"):
        env = dict(base, KEHOACH_LANG=lang)
        for name, args in CASES.items():
            cpu_ms(args, env)  # warm the parse cache and the OS file cache
            times = [cpu_ms(args, env) for _ in range(opts.runs)]
            print(f"{lang} {name:7} median {statistics.median(times):6.1f} ms  min {min(times):6.1f} ms")


if __name__ == "__main__":
    main()
