"""kehoach.tables: the read commands never load it, and export loads only the numbering rules of import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _loaded(*args: str) -> set[str]:
    """The kehoach modules ``python -X importtime ARGS`` imports (its import log on stderr)."""
    env = {**os.environ, "KEHOACH_TODAY": "2024-06-01"}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "kehoach" in line}


def test_due_does_not_import_the_tables_package():
    loaded = _loaded("-m", "kehoach", "due")
    assert "kehoach.cli" in loaded  # the log was read
    assert sorted(m for m in loaded if m.startswith("kehoach.tables")) == []


def test_export_imports_only_the_numbering_of_import():
    loaded = _loaded("-c", "import kehoach.tables.export")
    assert sorted(m for m in loaded if m.startswith("kehoach.tables")) == [
        "kehoach.tables",
        "kehoach.tables.export",
        "kehoach.tables.numbering",
        "kehoach.tables.span",  # the one rule of which years a title names, shared with import
    ]
