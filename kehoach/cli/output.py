"""Rendering helpers at the edge: consoles, errors, JSON/CSV/Markdown tables."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from kehoach.errors import KehoachError, PlanDataError
from kehoach.i18n import _, translate
from kehoach.text import UNSAFE, markdown, spreadsheet_safe, visible


def console(stderr: bool = False):
    """A rich console; when piped, no colours and the page width of ``table.page`` (COLUMNS, default 160).

    Plan text is never markup, never emoji codes and never carries control characters: see
    ``render.terminal.SafeConsole``. Text kehoach writes itself with markup passes ``markup=True``.
    """
    from kehoach.cli.table import page
    from kehoach.render.terminal import SafeConsole

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else page(stream).width
    return SafeConsole(stderr=stderr, soft_wrap=stderr, width=width)


def note(text: str) -> None:
    """A notice on stderr ("note: …"), cyan on a terminal; written without rich, which many commands never
    import."""
    from kehoach.cli.table import page, styled

    line = _("note: {text}").format(text=translate(text))
    sys.stderr.write(styled(line, "cyan", page(sys.stderr).color) + "\n")


def severity_text(severity: str) -> str:
    """'error' / 'warning' in the interface language (JSON keeps the English word)."""
    from kehoach.cli.labels import severity as label

    return label(severity)


def diagnostic_line(diag) -> str:
    """'file:line:col: error KH101: message' in the interface language (the code stays the same)."""
    return _("{location}: {severity} {code}: {message}").format(
        location=diag.location, severity=severity_text(diag.severity), code=diag.code, message=translate(diag.message)
    )


def hint_line(hint: str) -> str:
    return _("  hint: {hint}").format(hint=translate(hint))


def report_error(exc: KehoachError) -> None:
    err = console(stderr=True)
    if isinstance(exc, PlanDataError) and exc.diagnostics:
        for diag in exc.diagnostics:
            err.print(diagnostic_line(diag), markup=False)
            if diag.hint:
                err.print(hint_line(diag.hint), markup=False)
    err.print(_("kehoach: error: {message}").format(message=translate(exc.message)), markup=False, style="bold red")
    if exc.hint:
        err.print(hint_line(exc.hint), markup=False)


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
        return _json_safe("[\n  " + ",\n  ".join(rows) + "\n]")
    return _json_safe(json.dumps(data, ensure_ascii=False, indent=2, default=_default))


def _json_safe(text: str) -> str:
    """JSON escapes C0 controls itself; C1 controls and bidi overrides (only ever inside strings) become
    ``\\u`` escapes too: the same data, and nothing a terminal would act on."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def to_csv(rows: list[dict], columns: list[str]) -> str:
    """CSV of plan rows: no cell a spreadsheet would run as a formula (``text.spreadsheet_safe``), control
    characters shown as escapes (``text.visible``: the CSV is often read on a terminal)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_cell(row.get(k)) for k in columns})
    return buf.getvalue()


def _csv_cell(value: Any) -> str:
    text = visible(_cell(value))
    return text if isinstance(value, (int, float)) else spreadsheet_safe(text)  # -3 days is a number


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def to_markdown(rows: list[dict], columns: list[str], headers: list[str] | None = None) -> str:
    """A Markdown table; cells of plan text escaped by ``text.markdown`` (no HTML, no markup)."""
    headers = headers or columns
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    for row in rows:
        out.append("| " + " | ".join(markdown(_cell(row.get(c))).replace("\n", " ") for c in columns) + " |")
    return "\n".join(out) + "\n"


def write_text(
    data: str | bytes, output: Path | None = None, force: bool = False, plans_dir: Path | None = None
) -> None:
    """Print ``data``, or write it to ``output`` atomically: never over a plan file unless ``force``."""
    from kehoach.fileio import is_stdout

    if isinstance(data, str) and not data.endswith("\n"):
        data += "\n"
    if is_stdout(output):
        output = None
    if output is None:
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
        else:
            sys.stdout.write(data)
        return
    from kehoach.fileio import guard_output, write_output

    guard_output(output, force, plans_dir)
    write_output(output, data)


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
