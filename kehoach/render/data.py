"""Data as text: JSON, CSV and Markdown tables, escaped for where they are read."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from kehoach.text import UNSAFE, markdown, spreadsheet_safe, visible

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at run time (docs/performance.md)
if TYPE_CHECKING:
    from typing import Any


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
    import csv  # only for CSV output

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
