"""Atomic file writes: a temporary file in the same folder, then rename."""

from __future__ import annotations

import os
import re
import stat
from contextlib import contextmanager
from pathlib import Path

STALE_TMP_SECONDS = 60  # a temporary file of ours older than this was left by a killed run


def atomic_write(path: Path, text: str | bytes) -> None:
    """Replace ``path`` with ``text`` so that readers see the old or the new file, never half of one.

    An existing file keeps its mode and, where the user may set it (root), its owner and group. A file the
    user may not write is refused (PermissionError), even for root, who may replace any file but should
    not replace one that no one may write (mode 444): a rename would bypass the mode. Temporary files a
    killed run left beside ``path`` (``.name.*.tmp``, over a minute old) are removed first.
    """
    import errno

    path = Path(path)
    if path.is_symlink():  # write the file the link names; the link stays
        path = path.resolve()
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not writable(path, st):
        raise PermissionError(errno.EACCES, "Permission denied: the file is read-only", str(path))
    _clean_stale(path)
    import tempfile  # only when writing (1.2 ms with `random`)

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, st.st_mode & 0o7777 & ~(stat.S_ISUID | stat.S_ISGID))
            if hasattr(os, "chown") and (st.st_uid != os.geteuid() or st.st_gid != os.getegid()):
                try:
                    os.chown(tmp, st.st_uid, st.st_gid)
                except PermissionError:  # not root: the file becomes the editor's, as with any editor
                    pass
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


def writable(path: Path, st: os.stat_result | None = None) -> bool:
    """Whether the user may write ``path``: os.access, and for root (whom access lets write anything) a
    write bit in the mode."""
    st = st or path.stat()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return bool(st.st_mode & 0o222)
    return os.access(path, os.W_OK)


def _clean_stale(path: Path) -> None:
    import time

    limit = time.time() - STALE_TMP_SECONDS
    prefix = f".{path.name}."
    try:
        with os.scandir(path.parent) as it:
            for entry in it:
                if entry.name.startswith(prefix) and entry.name.endswith(".tmp") and len(entry.name) > len(prefix) + 4:
                    try:
                        if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                            os.unlink(entry.path)
                    except OSError:
                        pass
    except OSError:
        pass


@contextmanager
def edit_lock(path: Path, timeout: float = 30.0):
    """Hold an exclusive lock on the plan file ``path`` for a read-modify-write.

    The lock is ``flock`` on the file itself (no lock file in the plans folder for git to pick up). A
    writer replaces the file by rename, so after waiting, the lock is taken again when ``path`` is no
    longer the file that was locked. Another process holding it past ``timeout`` seconds is a
    ConflictError: never two edits at once, so never a lost one.
    """
    import time

    from kehoach.errors import ConflictError

    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: the compare before the write still guards
        yield
        return
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ConflictError(
                            f"{path} is being edited by another process; nothing was written",
                            hint="run the command again when it has finished",
                        ) from None
                    time.sleep(0.01)
                except OSError:  # a file system without locks (some network ones): the compare still guards
                    yield
                    return
            try:
                now = os.stat(path)
            except FileNotFoundError:
                now = None
            here = os.fstat(fd)
            if now is not None and (now.st_ino, now.st_dev) == (here.st_ino, here.st_dev):
                yield
                return
        finally:
            os.close(fd)  # closing releases the lock


_PLAN_HEAD = re.compile(r"^\ufeff?kehoach\s*:", re.MULTILINE)


def is_stdout(path: Path | str | None) -> bool:
    """Whether ``-o path`` means standard output: ``-`` or ``/dev/stdout``."""
    return path is not None and str(path) in ("-", "/dev/stdout")


def write_output(path: Path, data: str | bytes) -> None:
    """``atomic_write`` for an ``-o`` file: a failure is a KehoachError with the reason, not a traceback."""
    from kehoach.errors import KehoachError

    try:
        atomic_write(path, data)
    except OSError as exc:
        raise KehoachError(f"cannot write {path}: {exc.strerror or exc}") from None


def guard_output(path: Path, force: bool = False, plans_dir: Path | None = None) -> None:
    """Refuse to write ``-o path`` where it would destroy or add a plan by accident, unless ``force``.

    Refused (ConflictError, exit 3): an existing plan file (a YAML file whose top level has a ``kehoach:``
    key, wherever it is, followed through symbolic links), any existing file under ``plans_dir``, and a
    new YAML file under ``plans_dir`` (every command would then read it as a plan). A missing folder, a
    folder given as the file, and anything but a regular file (a device such as /dev/null, a pipe, a
    socket, /proc/self/fd/1: a rename would replace it with a file) are usage errors, even with ``force``;
    ``-o -`` and ``-o /dev/stdout`` mean standard output and never reach here.
    """
    from kehoach.errors import ConflictError, UsageError

    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise UsageError(f"cannot write {path}: it is a folder")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise UsageError(
            f"cannot write {path}: not a regular file (a device, pipe or socket)",
            hint="write to a file, or use -o - for standard output",
        )
    try:
        parent_ok = path.parent.is_dir()
    except OSError:
        parent_ok = False
    if not parent_ok:
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    if st is not None and not writable(path, st):
        raise UsageError(f"cannot write {path}: the file is read-only")
    if force:
        return
    inside = plans_dir is not None and is_inside(path, Path(plans_dir))
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


def is_inside(path: Path, folder: Path) -> bool:
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
