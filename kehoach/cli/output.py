"""Rendering helpers at the edge: consoles, errors, JSON/CSV/Markdown tables."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.errors import KehoachError, PlanDataError


def console(stderr: bool = False):
    """A console that prints as rich does; when piped, no colours and the page width of ``table.page``
    (COLUMNS, default 160). rich itself (16 ms to import) is only loaded for what needs it: see ``_Console``."""
    return _Console(stderr)


def _rich_console(stderr: bool):
    from rich.console import Console

    from kehoach.cli.table import page

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else page(stream).width
    return Console(stderr=stderr, highlight=False, soft_wrap=stderr, width=width)


class _Console:
    """A rich console made on first need. ``print`` of plain lines — text without markup, control characters,
    tabs, emoji codes (``:name:``) or trailing spaces, each line within the page, no colour to draw — is
    written directly, as rich would write it; anything else (tables, markup, styles on a terminal, long
    lines that rich wraps) goes to rich. So `when`, and `validate` on clean plans, never import rich."""

    def __init__(self, stderr: bool = False):
        self._stderr = stderr
        self._real = None

    def _rich(self):
        if self._real is None:
            self._real = _rich_console(self._stderr)
        return self._real

    def __getattr__(self, name: str):
        return getattr(self._rich(), name)

    def print(self, *objects, sep: str = " ", end: str = "\n", style=None, markup=None, highlight=None, **kw):
        if self._real is None and not kw and not highlight and all(type(o) is str for o in objects):
            text = sep.join(objects)
            if self._plain(text, style, markup):
                stream = sys.stderr if self._stderr else sys.stdout
                stream.write(text + end)
                return
        self._rich().print(*objects, sep=sep, end=end, style=style, markup=markup, highlight=highlight, **kw)

    def _plain(self, text: str, style, markup) -> bool:
        from kehoach.cli.table import _NARROW, page

        if (markup is not False and "[" in text) or _EMOJI.search(text) or not _NARROW.fullmatch(text):
            return False
        out = page(sys.stderr if self._stderr else sys.stdout)
        if style and out.color:
            return False
        return all(
            line.isprintable() and not line.endswith(" ") and (self._stderr or len(line) <= out.width)
            for line in text.split("\n")
        )


_EMOJI = re.compile(r":\S*:")  # what rich could read as an emoji code


def note(text: str) -> None:
    """A notice on stderr ("note: …"), cyan on a terminal; written without rich, which many commands never
    import."""
    from kehoach.cli.table import page, styled

    sys.stderr.write(styled(f"note: {text}", "cyan", page(sys.stderr).color) + "\n")


def report_error(exc: KehoachError) -> None:
    err = console(stderr=True)
    if isinstance(exc, PlanDataError) and exc.diagnostics:
        for diag in exc.diagnostics:
            err.print(f"{diag.location}: {diag.severity} {diag.code}: {diag.message}", markup=False)
            if diag.hint:
                err.print(f"  hint: {diag.hint}", markup=False)
    err.print(f"kehoach: error: {exc.message}", markup=False, style="bold red")
    if exc.hint:
        err.print(f"  hint: {exc.hint}", markup=False)


def _default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, tuple)):
        return list(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(data: Any) -> str:
    """Indented JSON; a list of rows (due, overdue, agencies …) has one compact row a line, which reads as
    well and is written by the C encoder (the indenting encoder is pure Python: 0.2 s for the 2,000 rows of
    a national quarter)."""
    if isinstance(data, list) and data and all(isinstance(row, dict) for row in data):
        rows = (json.dumps(row, ensure_ascii=False, default=_default) for row in data)
        return "[\n  " + ",\n  ".join(rows) + "\n]"
    return json.dumps(data, ensure_ascii=False, indent=2, default=_default)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buf.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_markdown(rows: list[dict], columns: list[str], headers: list[str] | None = None) -> str:
    headers = headers or columns
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(_cell(row.get(c)).replace("|", "\\|").replace("\n", " ") for c in columns) + " |")
    return "\n".join(out) + "\n"


def write_text(
    data: str | bytes, output: Path | None = None, force: bool = False, plans_dir: Path | None = None
) -> None:
    """Print ``data``, or write it to ``output`` atomically: never over a plan file unless ``force``."""
    if isinstance(data, str) and not data.endswith("\n"):
        data += "\n"
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from kehoach.fileio import atomic_write, guard_output

    guard_output(output, force, plans_dir)
    atomic_write(output, data)


SUFFIX_FORMATS = {
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".json": "json",
    ".ics": "ics",
    ".svg": "svg",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}


def output_format(
    fmt: Any, output: Path | None, default: str, allowed: tuple[str, ...], suffixes: dict[str, str] = SUFFIX_FORMATS
) -> str:
    """--format, else what the -o file's suffix says (when the command has that format), else ``default``."""
    if fmt is not None:
        return fmt.value
    guessed = suffixes.get(output.suffix.lower()) if output is not None else None
    return guessed if guessed in allowed else default
