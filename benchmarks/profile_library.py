"""The library's hot paths on the national corpus, in one process: parse (loader), validate (Checker), build the
model (build_plan), and read the parse cache back. Used for the before/after numbers in docs/performance.md.

    python benchmarks/profile_library.py                 # this tree
    python benchmarks/profile_library.py --rev 2dcb38b   # the kehoach of a git revision (before)
    python benchmarks/profile_library.py --profile parse # cProfile of one stage, top 25 functions

Times are the best of --repeat runs (default 3), with the garbage collector as the CLI runs it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def stages(corpus: Path, repeat: int, profile: str | None) -> None:
    import gc

    from kehoach import cache
    from kehoach.agencies import registry_from_data
    from kehoach.loader import parse_text
    from kehoach.model import build_plan
    from kehoach.validate import check_document

    gc.disable()  # as the CLI runs (kehoach.cli.app.main); the baseline did not, which the CLI numbers show
    files = sorted(corpus.rglob("*.yaml"), key=lambda p: (p.name != "agencies.yaml", str(p)))
    texts = [(f.read_text(encoding="utf-8"), str(f)) for f in files]
    docs = [parse_text(t, d) for t, d in texts]
    registry = registry_from_data(docs[0].data)

    def parse():
        return [parse_text(t, d) for t, d in texts]

    def check():
        return [check_document(d, registry) for d in docs]

    def build():
        return [build_plan(d.data, d.path, d.marks) for d in docs[1:]]

    folder = Path(tempfile.mkdtemp(prefix="kehoach-prof-cache-"))
    os.environ["KEHOACH_CACHE_DIR"] = str(folder)
    loader = getattr(cache, "load_many", None)
    pairs = [(f, str(f)) for f in files]
    if loader is not None:
        loader(pairs, parallel=False)

        def warm():
            return loader(pairs, parallel=False)
    else:  # the baseline's cache: one file at a time
        for f in files:
            cache.load_cached(f, str(f))

        def warm():
            return [cache.load_cached(f, str(f)) for f in files]

    table = {"parse (loader)": parse, "validate (Checker)": check, "build_plan": build, "read the warm cache": warm}
    if profile:
        import cProfile
        import pstats

        name = next(k for k in table if k.startswith(profile))
        cProfile.runctx("table[name]()", globals(), {"table": table, "name": name}, "/tmp/kehoach-stage.prof")
        pstats.Stats("/tmp/kehoach-stage.prof").sort_stats("tottime").print_stats(25)
        return
    items = sum(len(p.items) for p in build())
    print(f"{len(files)} files, {items:,} items, {sum(len(t) for t, _ in texts) / 1e6:.1f} M characters")
    for label, fn in table.items():
        best = min(_timed(fn) for _ in range(repeat))
        print(f"{label:24} {best:7.2f} s")


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rev", help="measure the kehoach of this git revision instead of this tree")
    ap.add_argument("--corpus", type=Path, help="an existing plans folder (default: generate the national corpus)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", choices=["parse", "validate", "build", "read"])
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kehoach-prof-"))
    corpus_dir = args.corpus
    if corpus_dir is None:
        sys.path.insert(0, str(HERE))
        import corpus

        corpus_dir = work / "plans"
        corpus.generate(corpus_dir, items=50_000, files=350)
    if args.rev:
        src = work / "src"
        src.mkdir()
        archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", args.rev], capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(src)], input=archive.stdout, check=True)
        cmd = [sys.executable, __file__, "--corpus", str(corpus_dir), "--repeat", str(args.repeat)]
        if args.profile:
            cmd += ["--profile", args.profile]
        env = {**os.environ, "PYTHONPATH": str(src)}
        raise SystemExit(subprocess.run(cmd, env=env).returncode)
    sys.path.insert(0, str(HERE.parent)) if "PYTHONPATH" not in os.environ else None
    stages(corpus_dir, args.repeat, args.profile)


if __name__ == "__main__":
    main()
