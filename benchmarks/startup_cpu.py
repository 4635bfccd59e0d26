"""CPU time (user + system) of short kehoach runs, measured on child processes: `kehoach --help` and
`kehoach due`. Used for the interface-language change (docs/ngon-ngu.md, "Start-up cost"): the catalog
must not make start-up slower.

    python benchmarks/startup_cpu.py [--runs 20] [--before DIR]

Variants, run interleaved (one run of each in turn, so a busy machine slows them alike): no language set
(Vietnamese), KEHOACH_LANG=en, and with --before DIR the source tree DIR (e.g. `git archive` of an older
commit) first on PYTHONPATH. Prints the median and the minimum CPU milliseconds of each.
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
    run = [sys.executable, "-m", "kehoach", *args]
    subprocess.run(run, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--before", help="an older source tree to compare with")
    opts = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    base["COLUMNS"] = "160"
    variants = {"vi (default)": base, "en": dict(base, KEHOACH_LANG="en")}
    if opts.before:
        variants = {"before": dict(base, PYTHONPATH=opts.before), **variants}
    for name, args in CASES.items():
        times: dict[str, list[float]] = {v: [] for v in variants}
        for env in variants.values():
            cpu_ms(args, env)  # warm the parse cache and the OS file cache
        for _ in range(opts.runs):
            for variant, env in variants.items():
                times[variant].append(cpu_ms(args, env))
        for variant, values in times.items():
            print(f"{name:7} {variant:13} median {statistics.median(values):6.1f} ms  min {min(values):6.1f} ms")


if __name__ == "__main__":
    main()
