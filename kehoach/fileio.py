"""Atomic file writes: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def atomic_write(path: Path, text: str | bytes) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half of one."""
    path = Path(path)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def guard_output(path: Path, force: bool = False, plans_dir: Path | None = None) -> None:
    """Refuse to overwrite an existing plan file unless ``force``.

    A plan file is a YAML file whose top level has a ``kehoach:`` key, or any file under ``plans_dir``.
    A missing folder or a folder given as the file is a usage error.
    """
    import re

    from kehoach.errors import ConflictError, UsageError

    path = Path(path)
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    if force or not path.exists():
        return
    inside = False
    if plans_dir is not None:
        try:
            path.resolve().relative_to(Path(plans_dir).resolve())
            inside = True
        except ValueError:
            inside = False
    plan = False
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            head = path.read_bytes()[:65536].decode("utf-8", errors="replace")
        except OSError:
            head = ""
        plan = bool(re.search(r"^kehoach\s*:", head, re.MULTILINE))
    if plan or inside:
        what = "the plan file" if plan else "a file in the plans folder"
        raise ConflictError(f"refusing to overwrite {what} {path}",
                            hint="choose another -o file, or add --force to overwrite it")
