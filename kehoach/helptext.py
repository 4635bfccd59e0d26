"""``kehoach --help`` from the cache folder: the root help is the same text for one version of the code, one
interface language, one terminal width and one program name, so it is formatted once (typer, every command
module, the catalog) and kept in the user's cache folder (``kehoach.cachedir``). A run that finds it prints
it without importing typer or a command: measured 29 November on the shipped plans, 87 ms of CPU formatted
and 40 ms from the cache, against a typer floor of 62–65 ms (benchmarks/RESULTS.md).

The key holds everything the text depends on: the version, the stamp (size and time) of every file of the
command line and of the catalogs, of typer's (and click's) package, Python's version, the language
(``i18n.language``: environment and configuration), the terminal width and the program name click would
print. Only the exact runs ``kehoach --help`` and ``kehoach -h`` use it; a run that fails or prints nothing
keeps nothing.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # kehoach/


def _stamp() -> str:
    """What the help text is made from: the command line, i18n, the catalogs, typer's (and click's) package."""
    from importlib.util import find_spec

    from kehoach.cachedir import code_stamp

    paths = [_PACKAGE / "cli", _PACKAGE / "locale", _PACKAGE / "i18n.py", _PACKAGE / "__init__.py"]
    for name in ("typer", "click"):  # the formatting is theirs: an upgrade changes the text
        try:
            spec = find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            paths.append(Path(spec.origin))
    return f"{sys.version}|" + code_stamp(paths, (".py", ".mo"))


def _key() -> str:
    from kehoach import __version__, i18n

    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    prog = (sys.argv[0] if sys.argv else "", getattr(spec, "name", "") or "")
    width = shutil.get_terminal_size().columns
    raw = f"kehoach-help-1\0{__version__}\0{i18n.language()}\0{width}\0{prog}\0{_stamp()}"
    from kehoach.cachedir import sha256

    return sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _path(key: str) -> Path | None:
    from kehoach.cachedir import cache_dir, safe_folder

    folder = cache_dir()
    if folder is None or not safe_folder(folder):
        return None
    return folder / "help" / f"{key}.txt"


def show(run) -> int:
    """Print the root help (from the cache, else by ``run()``, the whole app, whose output is then kept);
    the exit code."""
    try:
        path = _path(_key())
    except Exception:  # the help must never fail because of its cache
        path = None
    if path is not None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = None
        if text:
            sys.stdout.write(text)
            return 0
    import contextlib
    import io

    out = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out):
        try:
            run()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    text = out.getvalue()
    sys.stdout.write(text)
    if code == 0 and text and path is not None:
        _keep(path, text)
    return code


def _keep(path: Path, text: str) -> None:
    from kehoach.fileio import atomic_write

    try:
        path.parent.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.mkdir(exist_ok=True, mode=0o700)
        atomic_write(path, text)
    except OSError:
        pass  # a cache folder that cannot be written only costs speed
