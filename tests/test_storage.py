"""Storage: plan files are read with the size limit in one place, the parse cache is a store handed its
folder, each configuration file is read once per run, and a lazy plan is read only when asked to."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PLANS, ROOT

from kehoach.cache import Store, load_cached
from kehoach.repo import LazyPlan, load_repo

# Counts the files the command opens (the interpreter's own "open" audit event: nothing of ours is patched)
# and prints the counts of the two configuration files when the process ends.
COUNTING = """
import atexit, collections, json, sys
watched = set(sys.argv[1:3])
opened = collections.Counter()
def hook(event, args):
    if event == "open" and args and str(args[0]) in watched:
        opened[str(args[0])] += 1
sys.addaudithook(hook)
atexit.register(lambda: print(json.dumps(dict(opened)), file=sys.stderr))
sys.argv = ["kehoach", *sys.argv[3:]]
from kehoach.cli.app import main
main()
"""


def _run_counting(repo_config: Path, user_config: Path, env: dict, *args: str) -> tuple[int, str, dict]:
    proc = subprocess.run(
        [sys.executable, "-c", COUNTING, str(repo_config), str(user_config), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    counts = json.loads(proc.stderr.strip().splitlines()[-1])
    return proc.returncode, proc.stdout, counts


@pytest.mark.parametrize(
    "args",
    [
        ("due", "-q", "II", "--year", "2024", "--today", "2024-05-15", "-f", "json"),
        ("due", "-q", "II", "--year", "2024", "--today", "2024-05-15"),
        ("upcoming", "--today", "2024-05-15"),
        ("report", "annual", "--plan", "58", "--year", "2024", "--today", "2024-10-01", "-f", "json"),
        ("show", "58:II.3.1"),
        ("validate",),
    ],
    ids=["due-json", "due", "upcoming", "report", "show", "validate"],
)
def test_a_run_reads_each_configuration_file_once(tmp_path, args):
    repo_config = tmp_path / "kehoach.toml"
    repo_config.write_text('upcoming_days = 30\ncache = "off"\n', encoding="utf-8")  # a repository's: ignored
    user_config = tmp_path / "xdg" / "kehoach" / "config.toml"
    user_config.parent.mkdir(parents=True)
    user_config.write_text('cache = "../../my-cache"\n', encoding="utf-8")
    # without KEHOACH_LANG the interface language comes from the repository's configuration too
    env = {k: v for k, v in os.environ.items() if k not in ("KEHOACH_CACHE_DIR", "KEHOACH_LANG")}
    env.update(KEHOACH_CONFIG=str(repo_config), XDG_CONFIG_HOME=str(tmp_path / "xdg"), KEHOACH_PLANS=str(PLANS))
    outputs = []
    for _ in range(2):  # cold, then with the summaries kept (lazy plans)
        code, out, counts = _run_counting(repo_config, user_config, env, *args)
        assert code == 0
        assert counts == {str(repo_config): 1, str(user_config): 1}
        outputs.append(out)
    assert outputs[0] == outputs[1]
    # the user's cache setting was used, the repository's "off" was not
    assert len(list((tmp_path / "my-cache").rglob("*.khc"))) == 7


def test_the_store_is_the_folder_it_is_handed(tmp_path):
    root = tmp_path / "plans"
    shutil.copytree(PLANS, root)
    mine = tmp_path / "mine"
    default = Path(os.environ["KEHOACH_CACHE_DIR"])
    load_repo(root, lazy=True, store=Store(mine))
    assert len(list(mine.rglob("*.khc"))) == 7 and len(list(mine.rglob("*.khs"))) == 6
    assert not list(default.rglob("*.kh[cs]"))  # the environment's folder was not looked at
    repo = load_repo(root, lazy=True, store=Store(mine))
    assert all(isinstance(p, LazyPlan) for p in repo.plans)
    repo.realize(repo.plans)  # read through the same store: nothing new written, nothing read elsewhere
    assert not list(default.rglob("*.kh[cs]"))
    assert [len(p.items) for p in repo.plans] == [len(p.items) for p in load_repo(root, store=Store(None)).plans]
    nothing = tmp_path / "off"
    load_repo(root, lazy=True, store=Store(None))  # no cache: nothing written anywhere
    assert not nothing.exists() and not list(default.rglob("*.kh[cs]"))


def test_a_store_in_a_folder_other_users_can_write_is_not_used(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    store = Store(shared)
    assert store.folder is None and not store.writable
    load_cached(PLANS / "agencies.yaml", "agencies.yaml", store)
    assert list(shared.iterdir()) == []


def test_fmt_reads_plan_files_with_the_size_limit(tmp_path, invoke):
    big = tmp_path / "too-large.yaml"
    with open(big, "wb") as fh:
        fh.write(b"kehoach: 1\nplan:\n  id: big\n")
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    result = invoke("fmt", "--check", str(big))
    assert result.exit_code == 1
    assert "KH110" in result.stderr and "52,428,800 bytes" in result.stderr
