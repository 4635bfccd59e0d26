"""Atomic file writes: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import re
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
        else:  # mkstemp makes 0600; a new file gets the usual permissions (0666 less the umask)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


_PLAN_HEAD = re.compile(r"^\ufeff?kehoach\s*:", re.MULTILINE)


def guard_output(path: Path, force: bool = False, plans_dir: Path | None = None) -> None:
    """Refuse to write ``-o path`` where it would destroy or add a plan by accident, unless ``force``.

    Refused (ConflictError, exit 3): an existing plan file (a YAML file whose top level has a ``kehoach:``
    key, wherever it is, followed through symbolic links), any existing file under ``plans_dir``, and a
    new YAML file under ``plans_dir`` (every command would then read it as a plan). A missing folder or a
    folder given as the file is a usage error.
    """
    from kehoach.errors import ConflictError, UsageError

    path = Path(path)
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    if force:
        return
    inside = plans_dir is not None and _inside(path, Path(plans_dir))
    yaml = path.suffix.lower() in (".yaml", ".yml")
    if path.exists():
        plan = yaml and _looks_like_plan(path)
        if plan or inside:
            what = "the plan file" if plan else "a file in the plans folder"
            raise ConflictError(
                f"refusing to overwrite {what} {path}", hint="choose another -o file, or add --force to overwrite it"
            )
    elif inside and yaml:
        raise ConflictError(
            f"refusing to create {path}: a YAML file in the plans folder would be read as a plan",
            hint="write it outside the plans folder, or add --force",
        )


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:  # pragma: no cover - a symlink loop
        return str(path.absolute())


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(_key(path)).relative_to(folder.resolve())
        return True
    except (ValueError, OSError):
        return False


def _looks_like_plan(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536).decode("utf-8", errors="replace")
    except OSError:
        return False
    return bool(_PLAN_HEAD.search(head))
