"""Benchmarks: kehoach at 1x, 10x, 100x the shipped plans and at national scale (~50,000 items), against what
a user would otherwise run on the same files (check-jsonschema, yamllint, Taskwarrior).

    python benchmarks/run.py                   # everything; writes benchmarks/RESULTS.md
    python benchmarks/run.py --quick           # 1x and 10x only, fewer runs (a smoke test)
    python benchmarks/run.py --baseline 2dcb38b  # also the kehoach of that commit, for before/after

Each measurement is a fresh process: median wall time over the runs, its CPU time (user + system, which
other work on the machine disturbs less than wall time) and its peak memory (max RSS). "Cold" runs start
with an empty parse cache, "warm" ones after a first run filled it. A command that this kehoach does not
have (yet) is reported as "not available"; a tool that is not installed likewise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

TODAY = "2024-05-15"  # quarter II of 2024: every synthetic corpus has 2024 plans
NA = "not available"


@dataclass
class Result:
    label: str
    runs: list[tuple[float, float, int]] = field(default_factory=list)  # (wall s, cpu s, max rss KB)
    note: str = ""
    exit_codes: set[int] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return bool(self.runs)

    @property
    def wall(self) -> float:
        return statistics.median(r[0] for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r[1] for r in self.runs)

    @property
    def rss_mb(self) -> float:
        return max(r[2] for r in self.runs) / 1024

    def cells(self) -> list[str]:
        if not self.ok:
            return [self.note or NA, "", "", ""]
        return [_t(self.wall), _t(self.cpu), f"{self.rss_mb:.0f} MB", str(len(self.runs))]


def _t(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run_once(cmd: list[str], env: dict, cwd: Path, stdin: str | None = None) -> tuple[float, float, int, int, str]:
    """(wall, cpu, maxrss KB, exit code, stderr) of one process.

    Peak memory comes from GNU time when it is there: on Linux a child's own max RSS counts the memory of
    the process that forked it, so this script's size would be added to every measurement.
    """
    rss_file = None
    if GNU_TIME:
        fd, rss_file = tempfile.mkstemp(prefix="kehoach-bench-rss-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file, *cmd]
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    if stdin is not None:
        proc.stdin.write(stdin.encode())
        proc.stdin.close()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss
    if rss_file:
        try:
            rss = int(Path(rss_file).read_text().strip().splitlines()[-1])
        except (OSError, ValueError, IndexError):
            pass
        os.unlink(rss_file)
        if proc.returncode != 0 and err.strip().splitlines()[-1:] == [
            f"Command exited with non-zero status {proc.returncode}"
        ]:
            err = "\n".join(err.strip().splitlines()[:-1])
    return wall, usage.ru_utime + usage.ru_stime, rss, proc.returncode, err


def measure(label: str, cmd: list[str], env: dict, cwd: Path, runs: int, before=None, ok_codes=(0, 1)) -> Result:
    """Run ``cmd`` ``runs`` times (``before()`` ahead of each run: e.g. empty the cache)."""
    result = Result(label)
    budget = time.perf_counter() + 240  # a slow tool gets fewer runs, not an hour
    for n in range(runs):
        if before:
            before()
        wall, cpu, rss, code, err = run_once(cmd, env, cwd)
        result.exit_codes.add(code)
        if code not in ok_codes:
            if "No such command" in err or "No such option" in err:
                result.note = NA
            else:
                result.note = f"failed (exit {code}): {err.strip().splitlines()[-1][:120] if err.strip() else ''}"
            result.runs.clear()
            return result
        result.runs.append((wall, cpu, rss))
        if n == 0 and time.perf_counter() + wall * (runs - 1) > budget:
            break
    return result


# -- the corpus --------------------------------------------------------------------------------------


def shipped_counts() -> tuple[int, int]:
    sys.path.insert(0, str(ROOT))
    from kehoach.repo import load_repo

    repo = load_repo(ROOT / "plans")
    return len(repo.plans), sum(len(p.items) for p in repo.plans)


def make_corpus(folder: Path, files: int, items: int) -> dict:
    """A git repository with ``plans/`` holding the synthetic plans, committed, then one file changed."""
    plans = folder / "plans"
    info = corpus.generate(plans, items=items, files=files)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "-C", str(folder), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(folder), "commit", "-q", "-m", "plans"], check=True)
    changed = info["paths"][0]  # a 2024 plan: move three quarter-I tasks to quarter III
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("when: Quý I\n", "when: Quý III\n", 3), encoding="utf-8")
    info["plan_2024_id"] = info["ids"][0]
    return info


# -- the tools ---------------------------------------------------------------------------------------


def tool(name: str) -> str | None:
    venv = Path(sys.executable).parent / name
    return str(venv) if venv.exists() else shutil.which(name)


def taskwarrior_setup(plans: Path, data: Path) -> tuple[dict, int] | None:
    """Import every item as a task (due = its deadline in its plan year); None when `task` is missing."""
    task = shutil.which("task")
    if not task:
        return None
    # built in another process: loading 50,000 items here would grow this one (see run_once)
    tasks = json.loads(subprocess.run([sys.executable, __file__, "--tasks-of", str(plans)], capture_output=True,
                                      check=True, cwd=ROOT).stdout)  # fmt: skip
    data.mkdir(parents=True, exist_ok=True)
    rc = data / "taskrc"
    rc.write_text(f"data.location={data}\nconfirmation=off\nverbose=nothing\nrecurrence=off\n", encoding="utf-8")
    env = {**os.environ, "TASKRC": str(rc), "TASKDATA": str(data)}
    batch = 5000
    for i in range(0, len(tasks), batch):
        subprocess.run([task, "import", "-"], input=json.dumps(tasks[i : i + batch]).encode(), env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)  # fmt: skip
    return env, len(tasks)


# -- one scale ---------------------------------------------------------------------------------------


@dataclass
class Build:
    """One kehoach to measure: this tree, or the source of another revision (``src``), with its own cache."""

    name: str
    env: dict
    cache: Path

    def empty_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)


def measure_ab(label: str, builds: list[Build], args: list[str], python: str, cwd: Path, runs: int,
               cold: bool = False) -> list[Result]:  # fmt: skip
    """One result per build, their runs interleaved (A, B, A, B …) so that both meet the same machine."""
    results = [Result(label) for _ in builds]
    done = [False] * len(builds)
    for _ in range(runs):
        for n, build in enumerate(builds):
            if done[n]:
                continue
            before = build.empty_cache if cold else None
            one = measure(label, [python, "-m", "kehoach", *args], build.env, cwd, 1, before)
            if not one.ok:
                results[n] = one
                done[n] = True
                continue
            results[n].runs += one.runs
            results[n].exit_codes |= one.exit_codes
            if sum(r[0] for r in results[n].runs) > 240:  # a slow command gets fewer runs, not an hour
                done[n] = True
    return results


def bench_scale(
    name: str, files: int, items: int, runs: int, work: Path, python: str, baseline: Path | None = None
) -> dict:
    folder = work / name
    info = make_corpus(folder, files, items)
    plans = folder / "plans"
    env = {**os.environ, "COLUMNS": "120", "KEHOACH_TODAY": TODAY}
    env.pop("KEHOACH_PLANS", None)
    builds = [Build("this", {**env, "KEHOACH_CACHE_DIR": str(work / f"cache-{name}")}, work / f"cache-{name}")]
    if baseline is not None:
        old_cache = work / f"cache-{name}-baseline"
        builds.append(Build("baseline", {**env, "KEHOACH_CACHE_DIR": str(old_cache), "PYTHONPATH": str(baseline)},
                            old_cache))  # fmt: skip
    kh = [python, "-m", "kehoach"]
    out: dict = {"name": name, "files": info["files"] + 1, "items": info["items"], "bytes": info["bytes"], "rows": [],
                 "baseline_rows": []}  # fmt: skip
    pd = ["--plans-dir", str(plans)]
    due = ["due", "--quarter", "II", *pd]

    def row(label: str, args: list[str], cold: bool = False, prime: list[str] | None = None) -> None:
        if prime:
            for build in builds:
                measure("prime", [*kh, *prime], build.env, folder, 1)
        results = measure_ab(label, builds, args, python, folder, runs, cold)
        out["rows"].append(results[0])
        if len(results) > 1:
            out["baseline_rows"].append(results[1])

    row("kehoach --help", ["--help"])
    row("kehoach validate (cold)", ["validate", *pd], cold=True)
    row("kehoach validate (warm)", ["validate", *pd], prime=["validate", *pd])
    row("kehoach due --quarter II (cold)", due, cold=True)
    row("kehoach due --quarter II (warm)", due, prime=due)
    row("kehoach due --quarter II -f json (warm)", [*due, "-f", "json"])
    row("kehoach report annual (warm)", ["report", "annual", "--plan", info["plan_2024_id"], *pd])
    row("kehoach diff, one file changed (warm)", ["diff", *pd])
    env = builds[0].env
    others = out["others"] = []
    schema = work / f"plan.schema-{name}.json"
    subprocess.run([*kh, "schema", "-o", str(schema)], env=env, cwd=folder, check=False)
    plan_files = sorted(str(p) for p in plans.rglob("*.yaml") if p.name != "agencies.yaml")
    cj = tool("check-jsonschema")
    if cj and schema.exists():
        others.append(("validate", measure("check-jsonschema --schemafile (plan schema)",
                                           [cj, "--schemafile", str(schema), *plan_files], env, folder,
                                           min(runs, 3))))  # fmt: skip
    else:
        others.append(("validate", Result("check-jsonschema", note=NA + " (pip install '.[bench]')")))
    yl = tool("yamllint")
    if yl:
        others.append(("validate", measure("yamllint -d relaxed", [yl, "-d", "relaxed", str(plans)], env, folder,
                                           min(runs, 3))))  # fmt: skip
    else:
        others.append(("validate", Result("yamllint", note=NA + " (pip install '.[bench]')")))
    tw = taskwarrior_setup(plans, work / f"task-{name}")
    if tw is not None:
        tw_env, count = tw
        query = [shutil.which("task"), "due.after:2024-03-31", "due.before:2024-07-01", "list"]
        res = measure(f"task due.after:… due.before:… list ({count} tasks)", query, tw_env, folder, runs)
        others.append(("due (warm)", res))
    else:
        others.append(("due (warm)", Result("Taskwarrior", note=NA + " (apt-get install taskwarrior)")))
    return out


# -- bad inputs ----------------------------------------------------------------------------------------


def bench_bad(work: Path, python: str, src: Path | None) -> list[Result]:
    env = {**os.environ, "KEHOACH_CACHE_DIR": "off"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    big = work / "too-large.yaml"
    with open(big, "wb") as fh:
        fh.write(b"kehoach: 1\n" + b"# padding\n" * (50 * 1024 * 1024 // 10))
    rows = []
    for path in [*sorted((ROOT / "tests" / "bad").glob("*.yaml")), big]:
        res = measure(path.name, [python, "-m", "kehoach", "validate", str(path)], env, ROOT, 1, ok_codes=(1,))
        rows.append(res)
    return rows


# -- report --------------------------------------------------------------------------------------------


def cpu_ticks() -> tuple[int, int]:
    """(steal, total) jiffies of all CPUs: time a virtual machine's host gave to others."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return (fields[7] if len(fields) > 7 else 0), sum(fields)


STEAL_AT_START = cpu_ticks()


def reference_ms() -> float:
    """A fixed pure-Python workload in a fresh process: how fast the machine is right now."""
    code = "import json; d=[{'id': str(i), 'v': [i, str(i)]} for i in range(200000)]; json.loads(json.dumps(d))"
    best = min(run_once([sys.executable, "-c", code], dict(os.environ), ROOT)[0] for _ in range(3))
    return best * 1000


REFERENCE_AT_START = reference_ms()


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except (OSError, ValueError, IndexError):
        mem = 0
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    tools = []
    for name, args in (("check-jsonschema", ["--version"]), ("yamllint", ["--version"]), ("task", ["--version"])):
        exe = tool(name)
        if exe:
            v = subprocess.run([exe, *args], capture_output=True, text=True).stdout.strip().splitlines()
            tools.append(f"{name} {v[-1] if v else '?'}")
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores available to this process: {len(os.sched_getaffinity(0))}",
        f"- Memory: {mem:.0f} GiB; OS: {platform.platform()}",
        f"- Python {platform.python_version()}; kehoach at commit {commit.stdout.strip() or '?'}",
        f"- Other tools: {', '.join(tools) or 'none installed'}",
        f"- Speed reference (a fixed Python workload, best of 3): {REFERENCE_AT_START:.0f} ms at the start, "
        f"{reference_ms():.0f} ms at the end (compare runs made at different times with it)",
        f"- Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other work on the machine slows wall times; CPU times are steadier)",
    ]


def render(scales: list[dict], bad: list[Result], baseline: list[dict] | None, args, started: float) -> str:
    out = ["# Benchmarks", "",
           f"Made by `python benchmarks/run.py{' ' + ' '.join(args) if args else ''}` on "
           f"{dt.datetime.now():%Y-%m-%d %H:%M}, in {(time.time() - started) / 60:.0f} min. "
           "Each line is a fresh process; *wall* is the median over the runs, *CPU* its user + system time, "
           "*memory* the largest peak RSS. Cold: empty parse cache; warm: cache filled by a previous run. "
           "Output goes to a pipe (not a terminal). `--today` is 2024-05-15, so `due --quarter II` is "
           "April–June 2024.", "", "## Machine", "", *machine(), ""]  # fmt: skip
    for s in scales:
        out += [f"## {s['name']}: {s['files']} files, {s['items']:,} items, {s['bytes'] / 1e6:.1f} MB of YAML", "",
                "| command | wall | CPU | memory | runs |", "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for r in s["rows"]:
            out.append(f"| {r.label} | " + " | ".join(r.cells()) + " |")
        out += ["", "What a user would otherwise run on the same files:", "",
                "| instead of | tool | wall | CPU | memory | runs | kehoach is |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
        by_label = {r.label: r for r in s["rows"]}
        for what, r in s["others"]:
            ours = by_label.get("kehoach validate (warm)" if what == "validate" else "kehoach due --quarter II (warm)")
            cold = by_label.get("kehoach validate (cold)") if what == "validate" else None
            ratio = ""
            if r.ok and ours is not None and ours.ok:
                ratio = _ratio(r.wall / ours.wall) + " (warm)"
                if cold is not None and cold.ok:
                    ratio += f", {_ratio(r.wall / cold.wall)} (cold)"
            out.append(f"| `kehoach {what}` | {r.label} | " + " | ".join(r.cells()) + f" | {ratio} |")
        out.append("")
    if baseline:
        out += ["## Before and after (same machine, same corpora)", "",
                f"The kehoach of commit `{args_baseline(args)}` against this one, their runs interleaved (before, "
                "after, before, after …) so that both meet the machine in the same state.", "",
                "| corpus | command | before | after | speed-up |", "| --- | --- | ---: | ---: | ---: |"]  # fmt: skip
        for old, new in zip(baseline, scales, strict=False):
            for ro, rn in zip(old["rows"], new["rows"], strict=False):
                if ro.ok and rn.ok:
                    out.append(f"| {new['name']} | {rn.label} | {_t(ro.wall)} | {_t(rn.wall)} | "
                               f"{ro.wall / rn.wall:.1f}x |")  # fmt: skip
                elif rn.ok:
                    out.append(f"| {new['name']} | {rn.label} | {ro.note or NA} | {_t(rn.wall)} | |")
        out.append("")
    if bad:
        slow = [r for r in bad if r.ok and r.wall >= 1]
        out += ["## Bad and hostile files (tests/bad and a 50 MB file)", "",
                "`kehoach validate FILE`, cold, one run each: every one must exit 1 with its diagnostic, well "
                f"under a second. Slowest: {max((r.wall for r in bad if r.ok), default=0) * 1000:.0f} ms"
                + (f"; over a second: {', '.join(r.label for r in slow)}" if slow else "") + ".", "",
                "| file | wall | CPU | memory | exit |", "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for r in bad:
            cells = r.cells()
            out.append(f"| {r.label} | {cells[0]} | {cells[1]} | {cells[2]} | {','.join(map(str, r.exit_codes))} |")
        out.append("")
    steal, total = (a - b for a, b in zip(cpu_ticks(), STEAL_AT_START, strict=True))
    out += [
        f"Load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; CPU time taken by the "
        f"virtual machine's host (steal) during the run: {100 * steal / total if total else 0:.1f}%.",
        "",
    ]
    return "\n".join(out)


def _ratio(r: float) -> str:
    return f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.1f}x slower"


def args_baseline(args: list[str]) -> str:
    return args[args.index("--baseline") + 1] if "--baseline" in args else ""


def _raw_result(r: Result) -> dict:
    return {"label": r.label, "runs": r.runs, "note": r.note, "exit_codes": sorted(r.exit_codes)}


def _raw(scale: dict) -> dict:
    return {**{k: v for k, v in scale.items() if k not in ("rows", "others", "baseline_rows")},
            "rows": [_raw_result(r) for r in scale["rows"]],
            "baseline_rows": [_raw_result(r) for r in scale.get("baseline_rows", [])],
            "others": [[what, _raw_result(r)] for what, r in scale.get("others", [])]}  # fmt: skip


def export_tree(rev: str, into: Path) -> Path:
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def tasks_of(plans: Path) -> list[dict]:
    """Every item of the plans as a Taskwarrior task: due = its deadline (fixed) or this year's (recurring)."""
    sys.path.insert(0, str(ROOT))
    from kehoach.repo import load_repo

    tasks = []
    for plan in load_repo(plans).plans:
        for item in plan.items:
            entry = {"description": item.text[:200] or item.id, "project": plan.id, "status": "pending",
                     "entry": "20240101T000000Z", "tags": ["kehoach"]}  # fmt: skip
            deadline = item.timeframe.deadline if item.timeframe is not None else None
            if deadline is None and item.timeframe is not None and item.timeframe.kind == "recurring":
                occurrence = item.timeframe.occurrence(plan.year)
                deadline = occurrence[1] if occurrence else None
            if deadline is not None:
                entry["due"] = deadline.strftime("%Y%m%dT000000Z")
            tasks.append(entry)
    return tasks


def compile_sources(folders: list[Path]) -> None:
    """Time kehoach as installed, with bytecode: `pip install .` compiles it, and a shell that sets
    PYTHONDONTWRITEBYTECODE would otherwise recompile every module on every run (about 100 ms)."""
    import compileall

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for folder in folders:
        compileall.compile_dir(str(folder), quiet=1)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--tasks-of":
        json.dump(tasks_of(Path(sys.argv[2])), sys.stdout, ensure_ascii=False)
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="1x and 10x only, 2 runs each")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5)")
    ap.add_argument("--baseline", metavar="REV", help="also measure the kehoach of this git revision")
    ap.add_argument("--no-bad", action="store_true", help="skip the bad-file timings")
    ap.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora (printed)")
    args = ap.parse_args()
    started = time.time()
    files1, items1 = shipped_counts()
    scales = [("1x the shipped plans", files1, items1), ("10x", files1 * 10, items1 * 10)]
    if not args.quick:
        scales += [("100x", files1 * 100, items1 * 100), ("national: 34 provinces x 10 years", 350, 50_000)]
    runs = 2 if args.quick else args.runs
    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    python = sys.executable
    try:
        src = export_tree(args.baseline, work / "baseline-src") if args.baseline else None
        compile_sources([ROOT / "kehoach", *([src] if src else [])])
        results = []
        for name, files, items in scales:
            print(f"{name}: {files} files, {items} items …", flush=True)
            results.append(bench_scale(name, files, items, runs, work / "corpora", python, src))
            scale = results[-1]
            for r in scale["rows"] + [r for _, r in scale["others"]]:
                print(f"  {r.label}: {' '.join(r.cells())}", flush=True)
            for r in scale["baseline_rows"]:
                print(f"  before: {r.label}: {' '.join(r.cells())}", flush=True)
        baseline = [{"name": s["name"], "rows": s["baseline_rows"]} for s in results] if src else []
        bad = [] if args.no_bad else bench_bad(work, python, None)
        text = render(results, bad, baseline, sys.argv[1:], started)
        args.output.write_text(text, encoding="utf-8")
        raw = {"scales": [_raw(s) for s in results],
               "bad": [_raw_result(r) for r in bad]}  # fmt: skip
        args.output.with_suffix(".json").write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"\nwritten {args.output}")
    finally:
        if args.keep:
            print(f"corpora kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
