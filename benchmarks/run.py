"""Benchmarks: kehoach's start-up floors, the shipped plans as they are, synthetic corpora at 10x and 100x their
items and at national scale (~50,000 items), against what a user would otherwise run on the same files
(check-jsonschema, yamllint, Taskwarrior).

    python benchmarks/run.py --floors          # start-up floors and the targets (a few minutes); no RESULTS.md
    python benchmarks/run.py --quick           # floors, targets, the shipped plans and synthetic 10x
    python benchmarks/run.py                   # everything (about 30 min); writes benchmarks/RESULTS.md
    python benchmarks/run.py --baseline 2dcb38b  # also the kehoach of that commit, for before/after

Each measurement is a fresh process: its wall time, its CPU time (user + system) and its peak memory (max
RSS). Two things compared are run in pairs, alternated (A B, B A, A B …), so that both meet the machine in
the same state; a ratio is the median of the per-pair CPU ratios, with the lowest and highest pair beside it
(CPU time is what other work on a shared machine disturbs least; wall times are given too). "Cold" runs start
with an empty parse cache, "warm" ones after a first run filled it. A command that this kehoach does not
have (yet) is reported as "not available"; a tool that is not installed likewise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
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


def paired(a: tuple, b: tuple, cwd: Path, runs: int, budget: float = 240, ok_codes=(0, 1)) -> tuple[Result, Result]:
    """Run two commands ``runs`` times each, alternated (A B, B A, A B …); each of ``a`` and ``b`` is
    (label, cmd, env, before) with ``before()`` run ahead of each of its runs (e.g. empty the cache).
    The i-th runs of the two results are a pair (see ``ratio``)."""
    results = (Result(a[0]), Result(b[0]))
    start = time.perf_counter()
    for i in range(runs):
        order = [(results[0], a), (results[1], b)]
        if i % 2:
            order.reverse()
        for res, (_, cmd, env, before) in order:
            if before:
                before()
            wall, cpu, rss, code, err = run_once(cmd, env, cwd)
            res.exit_codes.add(code)
            if code not in ok_codes:
                if "No such command" in err or "No such option" in err:
                    res.note = NA
                else:
                    res.note = f"failed (exit {code}): {err.strip().splitlines()[-1][:120] if err.strip() else ''}"
                res.runs.clear()
                return results
            res.runs.append((wall, cpu, rss))
        if i >= 2 and time.perf_counter() - start > budget:  # a slow tool gets fewer runs, not an hour
            break
    return results


@dataclass
class Ratio:
    """B against A over paired runs: the median of the per-pair CPU ratios and the lowest and highest pair;
    the ratio of the median wall times beside it."""

    median: float
    low: float
    high: float
    wall: float
    pairs: int

    @classmethod
    def of(cls, a: Result, b: Result) -> Ratio | None:
        if not (a.ok and b.ok):
            return None
        per = sorted(rb[1] / ra[1] for ra, rb in zip(a.runs, b.runs, strict=False) if ra[1] > 0)
        if not per:
            return None
        return cls(statistics.median(per), per[0], per[-1], b.wall / a.wall, len(per))

    def __str__(self) -> str:
        return f"{self.median:.2f}x ({self.low:.2f}–{self.high:.2f})"

    def faster(self) -> str:
        """How kehoach (A) compares with another tool (B), in words, CPU then wall."""
        if self.median >= 1:
            return f"{self.median:.1f}x faster ({self.low:.1f}–{self.high:.1f}), wall {self.wall:.1f}x"
        return f"{1 / self.median:.1f}x slower ({1 / self.high:.1f}–{1 / self.low:.1f}), wall {1 / self.wall:.1f}x"


# -- start-up floors and targets ------------------------------------------------------------------------

# (label, arguments, target: at most this many times the CPU of `python -c "import typer"`)
FLOOR_COMMANDS = [
    ("kehoach --help", ["--help"], 1.15),
    ("kehoach due", ["due"], 1.35),
    ("kehoach overdue", ["overdue"], 1.35),
    ("kehoach upcoming", ["upcoming"], 1.35),
    ("kehoach list", ["list"], 1.35),
    ("kehoach show ITEM", ["show", "{item}"], 1.35),
    ("kehoach when 'Quý II/2024'", ["when", "Quý II/2024"], 1.35),
    ("kehoach validate", ["validate"], 1.5),
]


def kehoach_cmd(python: str) -> list[str]:
    """kehoach as a user runs it: the console script of this environment (``python -m kehoach`` also imports
    runpy, 3-4 ms), run by this interpreter so that PYTHONPATH can put another revision first."""
    script = Path(python).parent / "kehoach"
    return [python, str(script)] if script.exists() else [python, "-m", "kehoach"]


def shipped_copy(folder: Path) -> Path:
    """A git repository holding a copy of plans/ as it is (the shipped plans), committed; no config file."""
    shutil.copytree(ROOT / "plans", folder / "plans")
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "-C", str(folder), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(folder), "commit", "-q", "-m", "plans"], check=True)
    return folder


def bench_floors(work: Path, python: str, runs: int, builds: list[Build]) -> dict:
    """``python -c pass``, ``python -c "import typer"`` (the floor of any typer CLI) and each command on the
    shipped plans (warm cache, output to a pipe), each paired with the floor."""
    folder = shipped_copy(work / "floors")
    item = shipped_item()
    floor_cmd = [python, "-c", "import typer"]
    base_env = {**os.environ, "COLUMNS": "120", "KEHOACH_TODAY": TODAY}
    base_env.pop("KEHOACH_PLANS", None)
    out: dict = {"rows": [], "baseline": []}
    empty, floor = paired(("python -c pass", [python, "-c", "pass"], base_env, None),
                          ("python -c \"import typer\"", floor_cmd, base_env, None), folder, runs)  # fmt: skip
    out["pass"], out["floor"] = empty, floor
    for label, args, target in FLOOR_COMMANDS:
        args = [a.format(item=item) for a in args]
        for n, build in enumerate(builds):
            cmd = [*kehoach_cmd(python), *args]
            run_once(cmd, build.env, folder)  # fill the cache
            f, r = paired(("floor", floor_cmd, base_env, None), (label, cmd, build.env, None), folder, runs)
            (out["rows"] if n == 0 else out["baseline"]).append((label, target, f, r, Ratio.of(f, r)))
    return out


def shipped_item() -> str:
    sys.path.insert(0, str(ROOT))
    from kehoach.repo import load_repo

    plan = next(p for p in load_repo(ROOT / "plans").plans if p.items)
    return f"{plan.id}:{plan.items[0].id}"


def bench_national_targets(work: Path, python: str, runs: int) -> list[tuple[str, str, Result, Result, str]]:
    """The memory targets on the synthetic national corpus: a cold `due` on one core (KEHOACH_JOBS=1) against
    one with workers, and the first `due` after a cache filled only by `validate` against a warm `due`."""
    folder = work / "national-targets"
    make_corpus(folder, 350, 50_000)
    cache = work / "cache-national-targets"
    env = {**os.environ, "COLUMNS": "120", "KEHOACH_TODAY": TODAY, "KEHOACH_CACHE_DIR": str(cache)}
    env.pop("KEHOACH_PLANS", None)
    env.pop("KEHOACH_JOBS", None)
    kh = kehoach_cmd(python)
    due = [*kh, "due", "--quarter", "II", "-f", "json"]

    def empty() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def validated() -> None:
        empty()
        run_once([*kh, "validate"], env, folder)

    one = {**env, "KEHOACH_JOBS": "1"}
    workers, single = paired(("cold due, workers", due, env, empty), ("cold due, KEHOACH_JOBS=1", due, one, empty),
                             folder, runs)  # fmt: skip
    run_once(due, env, folder)
    warm, after = paired(("warm due", due, env, None), ("first due after validate", due, env, validated), folder,
                         runs)  # fmt: skip
    return [
        ("cold `due --quarter II` on one core: peak memory ≤ 60 MB", "memory", workers, single,
         f"{single.rss_mb:.0f} MB" if single.ok else single.note),
        ("first `due` after a cache filled only by `validate`: within 1.5x of a warm `due` (CPU and memory)",
         "both", warm, after, ""),
    ]  # fmt: skip


def print_floors(fl: dict, targets: list | None) -> list[str]:
    """The floors table and the start-up targets, as Markdown (also printed)."""
    floor = fl["floor"]
    out = ["| command | wall | CPU | memory | runs | CPU / `import typer` (lowest–highest pair) | target | |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]  # fmt: skip
    r = Ratio.of(floor, fl["pass"])
    out.append("| `python -c pass` | " + " | ".join(fl["pass"].cells()) + f" | {r} | | |")
    out.append('| `python -c "import typer"` (the floor) | ' + " | ".join(floor.cells()) + " | 1 | | |")
    for label, target, _, res, ratio in fl["rows"]:
        verdict = "" if ratio is None else ("met" if ratio.median <= target else "**not met**")
        out.append(f"| `{label}` | " + " | ".join(res.cells()) + f" | {ratio or res.note} | ≤ {target}x | {verdict} |")
    if fl["baseline"]:
        out += ["", "Before (the baseline revision, paired with the floor in the same way):", "",
                "| command | wall | CPU | CPU / `import typer` |", "| --- | ---: | ---: | ---: |"]  # fmt: skip
        for label, _, _, res, ratio in fl["baseline"]:
            out.append(f"| `{label}` | {res.cells()[0]} | {res.cells()[1]} | {ratio or res.note} |")
    if targets:
        out += ["", "| national target | A | B | B / A: CPU (lowest–highest pair) | peak memory A → B | |",
                "| --- | --- | --- | ---: | ---: | --- |"]  # fmt: skip
        for what, kind, a, b, _ in targets:
            ratio = Ratio.of(a, b)
            mem = b.rss_mb / a.rss_mb if a.ok and b.ok else 0
            if ratio is None:
                verdict = b.note or a.note or NA
            elif kind == "memory":
                verdict = "met" if b.rss_mb <= 60 else "**not met**"
            else:
                verdict = "met" if ratio.median <= 1.5 and mem <= 1.5 else "**not met**"
            cells = (f"{a.label}: {_t(a.wall)} wall, {_t(a.cpu)} CPU", f"{b.label}: {_t(b.wall)} wall, "
                     f"{_t(b.cpu)} CPU") if ratio else (a.note, b.note)  # fmt: skip
            out.append(f"| {what} | {cells[0]} | {cells[1]} | {ratio or ''} | "
                       f"{a.rss_mb:.0f} MB → {b.rss_mb:.0f} MB ({mem:.2f}x) | {verdict} |"
                       if ratio else f"| {what} | {cells[0]} | {cells[1]} | | | {verdict} |")  # fmt: skip
    print("\n".join(out), flush=True)
    return out


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
            one = measure(label, [*kehoach_cmd(python), *args], build.env, cwd, 1, before)
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
    """One corpus: ``files`` == 0 is the shipped plans as they are, else a synthetic corpus of that size."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")  # for file names
    folder = work / slug
    info = shipped_corpus(folder) if files == 0 else make_corpus(folder, files, items)
    plans = folder / "plans"
    env = {**os.environ, "COLUMNS": "120", "KEHOACH_TODAY": TODAY}
    env.pop("KEHOACH_PLANS", None)
    builds = [Build("this", {**env, "KEHOACH_CACHE_DIR": str(work / f"cache-{slug}")}, work / f"cache-{slug}")]
    if baseline is not None:
        old_cache = work / f"cache-{slug}-baseline"
        builds.append(Build("baseline", {**env, "KEHOACH_CACHE_DIR": str(old_cache), "PYTHONPATH": str(baseline)},
                            old_cache))  # fmt: skip
    kh = kehoach_cmd(python)
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
    schema = work / f"plan.schema-{slug}.json"
    subprocess.run([*kh, "schema", "-o", str(schema)], env=env, cwd=folder, check=False)
    plan_files = sorted(str(p) for p in plans.rglob("*.yaml") if p.name != "agencies.yaml")
    # each tool paired with the kehoach command it stands in for (warm), alternated: see `paired`
    validate = ("kehoach validate (warm)", [*kh, "validate", *pd], env, None)
    cj = tool("check-jsonschema")
    if cj and schema.exists():
        cmd = [cj, "--schemafile", str(schema), *plan_files]
        others.append(("validate", *paired(validate, ("check-jsonschema --schemafile (plan schema)", cmd, env, None),
                                           folder, min(runs, 5))))  # fmt: skip
    else:
        others.append(("validate", None, Result("check-jsonschema", note=NA + " (pip install '.[bench]')")))
    yl = tool("yamllint")
    if yl:
        cmd = [yl, "-d", "relaxed", str(plans)]
        others.append(("validate", *paired(validate, ("yamllint -d relaxed", cmd, env, None), folder,
                                           min(runs, 5))))  # fmt: skip
    else:
        others.append(("validate", None, Result("yamllint", note=NA + " (pip install '.[bench]')")))
    tw = taskwarrior_setup(plans, work / f"task-{slug}")
    if tw is not None:
        tw_env, count = tw
        query = [shutil.which("task"), "due.after:2024-03-31", "due.before:2024-07-01", "list"]
        ours = ("kehoach due --quarter II (warm)", [*kh, *due], env, None)
        others.append(("due (warm)", *paired(ours, (f"task due.after:… due.before:… list ({count} tasks)", query,
                                                    tw_env, None), folder, runs)))  # fmt: skip
    else:
        others.append(("due (warm)", None, Result("Taskwarrior", note=NA + " (apt-get install taskwarrior)")))
    return out


def shipped_corpus(folder: Path) -> dict:
    """The shipped plans as they are, in a git repository, then one plan changed (for `diff`)."""
    shipped_copy(folder)
    sys.path.insert(0, str(ROOT))
    from kehoach.repo import load_repo

    repo = load_repo(folder / "plans")
    paths = sorted((folder / "plans").rglob("*.yaml"))
    plan = next(p for p in repo.plans if p.year == 2024)
    # a plan's task moved from quarter II to quarter III
    changed = next(p for p in paths if "when: Quý II\n" in p.read_text(encoding="utf-8"))
    changed.write_text(changed.read_text(encoding="utf-8").replace("when: Quý II\n", "when: Quý III\n", 1), "utf-8")
    return {"files": len(paths) - 1, "items": sum(len(p.items) for p in repo.plans),
            "bytes": sum(p.stat().st_size for p in paths), "plan_2024_id": plan.id}  # fmt: skip


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


def render(scales: list[dict], bad: list[Result], baseline: list[dict] | None, args, started: float,
           floors: list[str] | None = None, not_run: str = "") -> str:  # fmt: skip
    out = ["# Benchmarks", "",
           f"Made by `python benchmarks/run.py{' ' + ' '.join(args) if args else ''}` on "
           f"{dt.datetime.now():%Y-%m-%d %H:%M}, in {(time.time() - started) / 60:.0f} min. "
           "Each line is a fresh process; *wall* is the median over the runs, *CPU* the median of its user + "
           "system time, *memory* the largest peak RSS. Two commands compared were run in pairs, alternated "
           "(A B, B A …); a ratio is the median of the per-pair CPU ratios, the lowest and highest pair in "
           "brackets. Cold: empty parse cache; warm: cache filled by a previous run. Output goes to a pipe (not "
           "a terminal). `--today` is 2024-05-15, so `due --quarter II` is April–June 2024.", "",
           "## Machine", "", *machine(), ""]  # fmt: skip
    if not_run:
        out += [not_run, ""]
    if floors:
        out += ["## Start-up floors: the shipped plans, warm", "",
                "The floor of any command-line tool written with typer is `python -c \"import typer\"`. Each "
                "command runs on the shipped plans (`plans/` as it is, copied into a git repository without a "
                "configuration file), warm, paired with the floor. Targets (issue 18): the queries and `when` "
                "≤ 1.35x the floor, `validate` ≤ 1.5x, `--help` ≤ 1.15x; and on the synthetic national corpus, "
                "peak memory of a cold `due` on one core ≤ 60 MB, and the first `due` after a cache filled only by "
                "`validate` within 1.5x of a warm `due` in CPU and memory.", "", *floors, ""]  # fmt: skip
    for s in scales:
        out += [f"## {s['name']}: {s['files']} plan files, {s['items']:,} items, {s['bytes'] / 1e6:.2f} MB of YAML",
                "", "| command | wall | CPU | memory | runs |", "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for r in s["rows"]:
            out.append(f"| {r.label} | " + " | ".join(r.cells()) + " |")
        out += ["", "What a user would otherwise run on the same files, each paired (alternated) with the warm "
                "kehoach command it stands in for:", "",
                "| instead of | tool | wall | CPU | memory | runs | kehoach (warm) is, by CPU (lowest–highest pair) |",
                "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
        for what, ours, r in s["others"]:
            ratio = Ratio.of(ours, r) if ours is not None else None
            text = ratio.faster() if ratio else ""
            if ratio and ours is not None:
                text += f"; kehoach {_t(ours.cpu)} CPU in the same runs"
            out.append(f"| `kehoach {what}` | {r.label} | " + " | ".join(r.cells()) + f" | {text} |")
        out.append("")
    if baseline:
        out += ["## Before and after (same machine, same corpora)", "",
                f"The kehoach of commit `{args_baseline(args)}` against this one, their runs interleaved (before, "
                "after, before, after …) so that both meet the machine in the same state.", "",
                "| corpus | command | before (CPU) | after (CPU) | speed-up |",
                "| --- | --- | ---: | ---: | ---: |"]  # fmt: skip
        for old, new in zip(baseline, scales, strict=False):
            for ro, rn in zip(old["rows"], new["rows"], strict=False):
                if ro.ok and rn.ok:
                    out.append(f"| {new['name']} | {rn.label} | {_t(ro.cpu)} | {_t(rn.cpu)} | "
                               f"{ro.cpu / rn.cpu:.2f}x |")  # fmt: skip
                elif rn.ok:
                    out.append(f"| {new['name']} | {rn.label} | {ro.note or NA} | {_t(rn.cpu)} | |")
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
            "others": [[what, ours and _raw_result(ours), _raw_result(r)]
                       for what, ours, r in scale.get("others", [])]}  # fmt: skip


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
    ap.add_argument("--floors", action="store_true", help="start-up floors and the targets only (a few minutes)")
    ap.add_argument("--quick", action="store_true", help="floors, targets, the shipped plans and synthetic 10x")
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (default 5; floors: twice that)")
    ap.add_argument("--baseline", metavar="REV", help="also measure the kehoach of this git revision")
    ap.add_argument("--no-bad", action="store_true", help="skip the bad-file timings")
    ap.add_argument("--no-national-targets", action="store_true", help="skip the national memory targets")
    ap.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--keep", action="store_true", help="keep the generated corpora (printed)")
    args = ap.parse_args()
    started = time.time()
    files1, items1 = shipped_counts()
    scales = [("the shipped plans (plans/ as it is)", 0, 0),
              ("synthetic, 10x the shipped plans' items", files1 * 10, items1 * 10)]  # fmt: skip
    if args.floors:
        scales = []
    if not (args.quick or args.floors):
        scales += [("synthetic, 100x the shipped plans' items", files1 * 100, items1 * 100),
                   ("synthetic national: 34 provinces x 10 years", 350, 50_000)]  # fmt: skip
    runs = 3 if args.quick else args.runs
    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    python = sys.executable
    try:
        src = export_tree(args.baseline, work / "baseline-src") if args.baseline else None
        compile_sources([ROOT / "kehoach", *([src] if src else [])])
        env = {**os.environ, "COLUMNS": "120", "KEHOACH_TODAY": TODAY}
        env.pop("KEHOACH_PLANS", None)
        builds = [Build("this", {**env, "KEHOACH_CACHE_DIR": str(work / "cache-floors")}, work / "cache-floors")]
        if src:
            builds.append(Build("baseline", {**env, "KEHOACH_CACHE_DIR": str(work / "cache-floors-baseline"),
                                             "PYTHONPATH": str(src)}, work / "cache-floors-baseline"))  # fmt: skip
        print("start-up floors on the shipped plans …", flush=True)
        fl = bench_floors(work, python, 2 * args.runs if not args.quick else 8, builds)
        targets = None
        if not args.no_national_targets:
            print("national memory targets …", flush=True)
            targets = bench_national_targets(work, python, 3)
        floors = print_floors(fl, targets)
        results = []
        for name, files, items in scales:
            print(f"{name} …", flush=True)
            results.append(bench_scale(name, files, items, runs, work / "corpora", python, src))
            scale = results[-1]
            print(f"  {scale['files']} plan files, {scale['items']} items, {scale['bytes'] / 1e6:.2f} MB", flush=True)
            for r in scale["rows"]:
                print(f"  {r.label}: {' '.join(r.cells())}", flush=True)
            for what, ours, r in scale["others"]:
                ratio = Ratio.of(ours, r) if ours is not None else None
                print(f"  {r.label}: {' '.join(r.cells())}  kehoach {what}: {ratio.faster() if ratio else ''}",
                      flush=True)  # fmt: skip
            for r in scale["baseline_rows"]:
                print(f"  before: {r.label}: {' '.join(r.cells())}", flush=True)
        if args.floors:
            return
        baseline = [{"name": s["name"], "rows": s["baseline_rows"]} for s in results] if src else []
        bad = [] if args.no_bad else bench_bad(work, python, None)
        not_run = "" if not args.quick else ("Not run here (`--quick`): the synthetic 100x and national scales "
                                             "(the national memory targets were). The last full run is in "
                                             "git history (`git log benchmarks/RESULTS.md`).")  # fmt: skip
        text = render(results, bad, baseline, sys.argv[1:], started, floors, not_run)
        args.output.write_text(text, encoding="utf-8")
        raw = {"floors": {k: _raw_result(v) for k, v in fl.items() if isinstance(v, Result)}
               | {"rows": [[label, target, _raw_result(f), _raw_result(r)] for label, target, f, r, _ in fl["rows"]]},
               "national_targets": [[w, _raw_result(a), _raw_result(b)] for w, _, a, b, _ in targets or []],
               "scales": [_raw(s) for s in results],
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
