"""Where kehoach keeps what it may compute again (the parse cache, the help text): one folder of the
user's own settings, never a repository's (docs/security.md), used only when nobody else can write to it.

A module of its own, with no kehoach imports, so that ``kehoach --help`` finds its cached text without
loading the parse cache's code (``kehoach.cache``)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

try:  # CPython's built-in SHA-256: `import hashlib` loads OpenSSL first (2.3 ms of every run, 29 November)
    from _sha2 import sha256  # Python 3.12+
except ImportError:  # pragma: no cover - depends on the Python version
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        from hashlib import sha256

__all__ = ["cache_dir", "code_stamp", "safe_folder", "sha256", "user_config_path"]

_OFF = ("off", "none", "false", "0", "no")


def user_config_path() -> Path:
    """The user's own configuration file: $XDG_CONFIG_HOME/kehoach/config.toml (~/.config/kehoach/config.toml)."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "kehoach" / "config.toml"


def cache_dir() -> Path | None:
    """$KEHOACH_CACHE_DIR ('off' disables), else ``cache`` in the user's own config file
    (``user_config_path``), else $XDG_CACHE_HOME/kehoach.

    Never from a repository's kehoach.toml or pyproject.toml: a repository is untrusted and could point
    the cache at a folder holding forged entries, or at files that pruning would delete (docs/security.md).
    """
    value = os.environ.get("KEHOACH_CACHE_DIR")
    if value is None:
        value = _user_config_value()
    if value and value.strip().lower() in _OFF:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kehoach"


def _user_config_value() -> str | None:
    path = user_config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, RuntimeError):
        return None  # no user config: the default cache (and tomllib, 2.5 ms, is not imported)
    import tomllib

    try:
        value = tomllib.loads(text).get("cache")
    except tomllib.TOMLDecodeError:
        return None  # a broken user config: the default cache; a cache only costs speed
    if value is None:
        return None
    value = str(value)
    if value.strip().lower() in _OFF:
        return value
    return str(path.parent / Path(value).expanduser())


def safe_folder(folder: Path) -> bool:
    """Use a folder only if no other user can write to it (a planted entry could forge plan data)."""
    probe = folder
    while not probe.exists():
        if probe.parent == probe:
            return True
        probe = probe.parent
    if probe != folder:
        return True  # created by us, 0o700, on first write
    try:
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def code_stamp(paths: list[Path], suffixes: tuple[str, ...] = (".py",)) -> str:
    """The size and modification time of every file named or below the folders named (``suffixes`` only,
    ``__pycache__`` left out), sorted: what a kept result (the help text, a file's diagnostics) was computed
    by. An edited, installed or upgraded file changes it; nothing is read but the files' metadata."""
    files: list[str] = []
    folders: list[str] = []
    for path in paths:
        (folders if path.is_dir() else files).append(str(path))
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    folders.append(entry.path)
            elif entry.name.endswith(suffixes):
                files.append(entry.path)
    parts = []
    for name in sorted(files):
        try:
            st = os.stat(name)
        except OSError:
            continue
        parts.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)
