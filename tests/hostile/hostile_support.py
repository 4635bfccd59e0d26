"""Running kehoach as a child process over the hostile corpus, with the child's own peak memory; fixtures.

Not a conftest.py: the tests import `conftest` (tests/conftest.py) by name, which a second one would shadow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "repo"
MAX_RSS_MB = 300


@dataclass
class Run:
    code: int
    out: bytes
    err: bytes
    rss_mb: float

    @property
    def text(self) -> str:
        return self.out.decode("utf-8", "replace")

    @property
    def error(self) -> str:
        return self.err.decode("utf-8", "replace")


def kehoach(*args: str, cwd: Path, env: dict | None = None, timeout: float = 60) -> Run:
    """Run ``python -m kehoach args`` in ``cwd``; its exit code, output and peak memory (os.wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kehoach", *args], cwd=cwd, stdout=out, stderr=err, env=env or os.environ.copy()
        )
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            proc.returncode = 0  # reaped above; Popen must not wait for it again
        out.seek(0)
        err.seek(0)
        run = Run(os.waitstatus_to_exitcode(status), out.read(), err.read(), usage.ru_maxrss / 1024)
    assert b"Traceback" not in run.err, run.error[-3000:]
    assert run.rss_mb < MAX_RSS_MB, f"{args}: {run.rss_mb:.0f} MB"
    return run


@pytest.fixture(scope="module", name="repo")
def repo_fixture(tmp_path_factory) -> Path:
    """A copy of the hostile corpus (a git repository need not be one here)."""
    root = tmp_path_factory.mktemp("hostile") / "repo"
    shutil.copytree(CORPUS, root)
    return root


@pytest.fixture(scope="module", name="env")
def env_fixture(tmp_path_factory) -> dict:
    """The environment of a user with their own cache folder and no configuration of their own."""
    home = tmp_path_factory.mktemp("home")
    out = {k: v for k, v in os.environ.items() if not k.startswith(("KEHOACH_", "FORCE_COLOR", "NO_COLOR"))}
    out |= {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "KEHOACH_TODAY": "2024-06-01",
        "KEHOACH_LANG": "en",  # the messages these tests read are the English ones (tests/test_i18n.py: Vietnamese)
        "COLUMNS": "140",
    }
    return out
