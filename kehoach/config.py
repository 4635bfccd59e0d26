"""Configuration: kehoach.toml at the repository root, or [tool.kehoach] in pyproject.toml.

Reading uses the standard library (tomllib); writing uses tomlkit so comments survive.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kehoach.errors import UsageError
from kehoach.text import line_col

_TOML_AT = re.compile(r"\s*\(?at line (?P<line>\d+),? col(?:umn)? (?P<col>\d+)\)?")

KEYS = {
    "plans": "plans directory, relative to the config file",
    "plan": "default plan (id or number) for every command",
    "province": "default province filter",
    "agency": "my agency: the default --agency of due/overdue/upcoming/list",
    "upcoming_days": "default window of 'kehoach upcoming', in days",
    "lang": "interface language: vi (default) or en",
}
LANGUAGES = ("vi", "en")
INT_KEYS = {"upcoming_days"}


@dataclass
class Config:
    """The repository's settings (kehoach.toml or pyproject's [tool.kehoach]) and the file they came from."""

    path: Path | None = None  # the file the values came from (or would be written to)
    values: dict = field(default_factory=dict)
    in_pyproject: bool = False

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default=None):
        return self.values.get(key, default)


def find_config(start: Path | None = None) -> Config:
    """$KEHOACH_CONFIG, else walk up from ``start`` (the working directory) to the first kehoach.toml or
    pyproject.toml with a [tool.kehoach] table, stopping at the repository root (the folder holding .git)."""
    if env := os.environ.get("KEHOACH_CONFIG"):
        return _read(Path(env))
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / "kehoach.toml"
        if own.is_file():
            return _read(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            cfg = _read(pyproject)
            if cfg.values:
                return cfg
        if (folder / ".git").exists():
            break
    return Config(None, {})


_run: dict = {}


def run_config() -> Config:
    """The configuration of this run: ``find_config`` once, then the same answer (a broken file raises the
    same UsageError each time it is asked for). The command line forgets it at the start of each run
    (``new_run``); it is also asked again when the working directory or $KEHOACH_CONFIG changed."""
    key = (os.getcwd(), os.environ.get("KEHOACH_CONFIG"))
    if _run.get("key") != key:
        try:
            found: Config | UsageError = find_config()
        except UsageError as exc:
            found = exc
        _run.update(key=key, found=found)
    if isinstance(_run["found"], UsageError):
        raise _run["found"]
    return _run["found"]


def new_run() -> None:
    """Forget the configuration read by ``run_config`` (a new command run, or the file was just written)."""
    _run.clear()


def repo_root(start: Path | None = None) -> Path:
    """The repository root above ``start`` (the folder holding .git), else ``start`` itself."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return here


def _read(path: Path) -> Config:
    import tomllib  # only when there is a file to read (2 ms of start-up otherwise)

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except FileNotFoundError:
        return Config(path, {})
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line, column = line_col(exc.object, exc.start)
        raise UsageError(
            f"{path}:{line}:{column}: cannot read the configuration: "
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x})"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(toml_error(path, text, exc)) from None
    if path.name == "pyproject.toml":
        return Config(path, dict(data.get("tool", {}).get("kehoach", {})), in_pyproject=True)
    return Config(path, dict(data))


def toml_error(path: Path, text: str, exc: ValueError) -> str:
    """'file:line:column: cannot read the configuration: message' from tomllib's or tomlkit's error text."""
    message = str(exc)
    found = _TOML_AT.search(message)
    if found:
        line, column = int(found["line"]), int(found["col"])
        message = message[: found.start()].rstrip()
    else:
        line, column = line_col(text, len(text))
        message = message.replace("(at end of document)", "").strip() + " at the end of the file"
    return f"{path}:{line}:{column}: cannot read the configuration: {message}"


def set_value(config: Config, key: str, value: str, start: Path | None = None) -> Path:
    """Write ``key = value`` keeping comments and order; creates kehoach.toml at the repository root (else in
    the working directory) when there is no configuration file yet."""
    import tomlkit

    from kehoach.fileio import atomic_write

    if key == "cache":
        raise UsageError(
            "the cache folder is not set in a repository's configuration (a repository could point it at forged "
            "entries, or at files to delete)",
            hint="set KEHOACH_CACHE_DIR, or 'cache = ...' in your own $XDG_CONFIG_HOME/kehoach/config.toml",
        )
    if key not in KEYS:
        raise UsageError(f"unknown configuration key '{key}'", hint="known keys: " + ", ".join(KEYS))
    typed: object = value
    if key == "lang" and value not in LANGUAGES:
        raise UsageError(f"'lang' is vi or en, not {value!r}")
    if key in INT_KEYS:
        try:
            typed = int(value)
        except ValueError:
            raise UsageError(f"'{key}' takes a whole number, not {value!r}") from None
        if typed < 0:
            raise UsageError(f"'{key}' takes a whole number of days, 0 or more, not {value!r}")
    path = config.path or repo_root(start) / "kehoach.toml"
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        doc = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the configuration: {exc}") from None
    except tomlkit.exceptions.TOMLKitError as exc:
        raise UsageError(toml_error(path, text, exc)) from None
    table = doc
    if path.name == "pyproject.toml":
        table = doc.setdefault("tool", tomlkit.table()).setdefault("kehoach", tomlkit.table())
    table[key] = typed
    atomic_write(path, tomlkit.dumps(doc))
    return path


def toml_value(value) -> str:
    """A value as TOML writes it (``agency = "Sở Ngoại vụ"``, ``upcoming_days = 30``)."""
    import tomlkit

    return tomlkit.item(value).as_string()
